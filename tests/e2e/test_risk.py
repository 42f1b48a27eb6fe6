"""Browser journey of risk signals (issue 9, FRD-01/FRD-06): Bob submits an overseas
high-pay posting; Oscar finds it at the top of the risk queue, reads why, sees the badge on
the posting review, and confirms the risk. Screenshots in var/screenshots/risk-*.png."""

from __future__ import annotations

from typing import Any

import pytest

from rencai.core.actors import cli_actor
from rencai.jobs import actions as job_actions
from rencai.orgs.queries import active_membership
from rencai.risk.models import RiskAssessment
from rencai.testing import orgs as org_seeds
from rencai.testing import personas
from rencai.testing.browser import password_sign_in, screenshot
from rencai.testing.jobs import sample_content

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_oscar_reviews_an_overseas_bait_posting(page: Any) -> None:
    bob = personas.build(personas.BOB)
    personas.build(personas.OSCAR)
    company_a = org_seeds.build_org(org_seeds.COMPANY_A)
    membership = active_membership(bob)
    assert membership is not None
    posting = job_actions.create_posting(
        company_a,
        membership,
        sample_content(title="柬埔寨客服 月薪3万 包机票 无需经验"),
        actor=cli_actor(bob),
    )
    job_actions.submit_posting(posting, justification="境外分公司招聘。", actor=cli_actor(bob))
    assessment = RiskAssessment.objects.get(posting=posting)

    password_sign_in(page, personas.OSCAR.email, personas.DEMO_PASSWORD)
    page.goto("/ops/")
    page.wait_for_selector("#risk-card #risk-high[data-count='1']")
    page.goto("/ops/risk/")
    row = page.locator(f"tr[data-assessment='{assessment.pk}']")
    assert row.get_attribute("data-level") == "high"
    screenshot(page, "risk-queue")
    row.locator("a").click()
    page.wait_for_selector("#factor-list li[data-factor=overseas_bait]")
    screenshot(page, "risk-detail")
    page.click("#posting-review-link")
    page.wait_for_selector("#posting-risk [data-risk-level=high]")
    page.go_back()
    page.check("input[name=outcome][value=confirmed]")
    page.fill("textarea[name=note]", "境外高薪引流，疑似诈骗，确认风险。")
    page.click("#review-form button[type=submit]")
    page.click("dialog.confirm-dialog button.btn-primary, dialog.confirm-dialog button.btn-danger")
    page.wait_for_selector("#review-outcome[data-review=confirmed]")
    screenshot(page, "risk-reviewed")
    assessment.refresh_from_db()
    assert assessment.review_outcome == "confirmed"

"""Browser journey of reports (issue 9, CMP-01): a visitor reports a posting with a
screenshot and keeps the reference and access code, Oscar works the case in the trust &
safety queue and decides it, and the visitor reads the outcome on the status page.
Screenshots in var/screenshots/reports-*.png."""

from __future__ import annotations

from typing import Any

import pytest

from rencai.moderation.models import Report
from rencai.testing import orgs as org_seeds
from rencai.testing import personas
from rencai.testing.browser import password_sign_in, screenshot, second_person
from rencai.testing.jobs import publish

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PHONE = {"width": 390, "height": 844}


def test_visitor_reports_a_posting_and_oscar_decides(page: Any, tmp_path: Any) -> None:
    bob, oscar = personas.build(personas.BOB), personas.build(personas.OSCAR)
    posting = publish(org_seeds.build_org(org_seeds.COMPANY_A), bob, oscar)
    evidence = tmp_path / "chat.png"
    evidence.write_bytes(org_seeds.demo_image("chat"))

    page.goto(f"/jobs/{posting.pk}/")
    page.click("#report-link")
    page.check("input[name=category][value=fraud_or_fees]")
    page.fill("textarea[name=details]", "面试时要求先交300元服装费，否则不能入职。")
    page.set_input_files("input[name=evidence]", str(evidence))
    page.set_viewport_size(PHONE)
    screenshot(page, "reports-form-phone")
    page.click("#report-form button[type=submit]")
    page.wait_for_selector("#report-received")
    reference = page.inner_text("#reference")
    token = page.inner_text("#token")
    screenshot(page, "reports-received-phone")
    report = Report.objects.get()
    assert report.reference == reference and report.evidence.count() == 2

    ops = second_person(page)
    password_sign_in(ops, personas.OSCAR.email, personas.DEMO_PASSWORD)
    ops.goto("/ops/reports/")
    ops.click(f"tr[data-case='{report.case_id}'] a")
    ops.click("#assign-form button")
    ops.wait_for_selector("#assignee")
    ops.check("input[name=outcome][value=upheld]")
    ops.fill("textarea[name=reasons]", "企业向求职者收取服装费，违反平台规则。")
    ops.fill("textarea[name=note_to_reporters]", "感谢举报，岗位已处理。")
    screenshot(ops, "reports-case")
    ops.click("#decide-form button[type=submit]")
    ops.click("dialog.confirm-dialog button.btn-primary, dialog.confirm-dialog button.btn-danger")
    ops.wait_for_selector("#case-facts[data-status=decided]")
    ops.close()

    page.goto("/reports/status/")
    page.fill("input[name=reference]", reference)
    page.fill("input[name=token]", token)
    page.click("#lookup-form button[type=submit]")
    page.wait_for_selector("#report-status[data-status=closed][data-outcome=upheld]")
    screenshot(page, "reports-status-phone")

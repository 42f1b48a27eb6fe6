"""Browser journey of the regulator's inspection (issue 9, REG-02): Rita opens the
inspection from the navigation, filters the postings to the taken-down ones, downloads the
CSV export and opens the organisation's dossier. Screenshots in
var/screenshots/inspection-*.png."""

from __future__ import annotations

from typing import Any

import pytest

from rencai.core.actors import cli_actor
from rencai.inspection.models import InspectionAccess
from rencai.jobs import actions as job_actions
from rencai.testing import orgs as org_seeds
from rencai.testing import personas
from rencai.testing.browser import password_sign_in, screenshot
from rencai.testing.jobs import publish

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_rita_inspects_postings_and_a_dossier(page: Any) -> None:
    bob, oscar = personas.build(personas.BOB), personas.build(personas.OSCAR)
    org = org_seeds.build_org(org_seeds.COMPANY_A)
    publish(org, bob, oscar)
    removed = publish(org, bob, oscar, title="数据录入员")
    job_actions.take_down(removed, oscar, reasons=["fees"], note="收取押金", actor=cli_actor(oscar))
    personas.build(personas.RITA)
    password_sign_in(page, personas.RITA.email, personas.DEMO_PASSWORD)

    page.click("#nav-inspection")
    page.wait_for_selector("#inspection-datasets")
    screenshot(page, "inspection-index")
    page.click("[data-dataset=postings]")
    page.select_option("#filter-status", "taken_down")
    page.click("#dataset-filters button[type=submit]")
    page.wait_for_selector("#row-total[data-count='1']")
    screenshot(page, "inspection-postings")

    with page.expect_download() as download_info:
        page.click("#export-buttons [data-format=csv]")
    path = download_info.value.path()
    with open(path, encoding="utf-8-sig") as handle:
        assert str(removed.pk) in handle.read()

    page.click("#dataset-rows a")
    page.wait_for_selector("#dossier-takedowns")
    assert page.locator(f"[data-takedown='{removed.pk}']").count() == 1
    screenshot(page, "inspection-dossier")
    page.click("#dossier-verifications a")
    page.wait_for_selector("#file-documents figure img")
    page.wait_for_function(
        "[...document.querySelectorAll('#file-documents img')].every(i => i.naturalWidth > 0)"
    )
    screenshot(page, "inspection-file")
    accesses = InspectionAccess.objects.order_by("created_at")
    kinds = [access.kind for access in accesses if access.kind != "desk_page"]
    assert kinds == ["index", "dataset", "dataset", "export", "dossier", "file"]
    # The document images come from the verification desk: those reads are logged too.
    images = [access.filters["path"] for access in accesses if access.kind == "desk_page"]
    assert images and all(path.startswith("/ops/") for path in images)

"""The issue's browser journey (issue 9: CMP-01, FRD-02, REG-02): Alice reports a
fraudulent posting, Oscar takes it down and suspends the organisation, Bob appeals,
another operator (Tess) decides, Rita sees the whole case in her inspection pages.
Screenshots in var/screenshots/trust-*.png."""

from __future__ import annotations

from typing import Any

import pytest

from rencai.jobs.choices import PostingStatus
from rencai.jobs.models import JobPosting
from rencai.moderation.models import CaseSanction, Report
from rencai.sanctions.enforcement import may_post
from rencai.sanctions.models import Appeal, Sanction
from rencai.testing import orgs as org_seeds
from rencai.testing import personas
from rencai.testing.browser import password_sign_in, screenshot, second_person, sms_sign_in
from rencai.testing.jobs import publish

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CONFIRM = "dialog.confirm-dialog button.btn-primary, dialog.confirm-dialog button.btn-danger"


def test_report_sanction_appeal_and_inspection(page: Any, tmp_path: Any) -> None:
    bob, oscar = personas.build(personas.BOB), personas.build(personas.OSCAR)
    for persona in (personas.ALICE, personas.TESS, personas.RITA):
        personas.build(persona)
    company_a = org_seeds.build_org(org_seeds.COMPANY_A)
    posting = publish(company_a, bob, oscar, title="兼职数据录入员")
    evidence = tmp_path / "deposit.png"
    evidence.write_bytes(org_seeds.demo_image("deposit"))

    # Alice reports the posting as fraud, with a screenshot of the demand for a deposit.
    sms_sign_in(page, personas.ALICE.phone)
    page.wait_for_url("**/dashboard/")
    page.goto(f"/jobs/{posting.pk}/")
    page.click("#report-link")
    page.check("input[name=category][value=fraud_or_fees]")
    page.fill("textarea[name=details]", "面试前要求先交500元押金，说是“保证金”，否则不安排工作。")
    page.set_input_files("input[name=evidence]", str(evidence))
    page.click("#report-form button[type=submit]")
    page.wait_for_selector("#report-received")
    reference = page.inner_text("#reference")
    screenshot(page, "trust-1-report-received")
    report = Report.objects.get()
    assert report.reference == reference and report.evidence.count() == 2

    # Oscar takes the case, upholds it and imposes two sanctions from it.
    ops = second_person(page)
    password_sign_in(ops, personas.OSCAR.email, personas.DEMO_PASSWORD)
    ops.goto("/ops/reports/")
    ops.click(f"tr[data-case='{report.case_id}'] a")
    ops.click("#assign-form button")
    ops.wait_for_selector("#assignee")
    ops.check("input[name=outcome][value=upheld]")
    ops.fill("textarea[name=reasons]", "企业以保证金名义向求职者收取费用，违反平台规则。")
    ops.click("#decide-form button[type=submit]")
    ops.click(CONFIRM)
    ops.wait_for_selector("#case-facts[data-status=decided][data-outcome=upheld]")

    ops.click("#sanction-link")
    ops.wait_for_selector("#impose-form")
    assert ops.input_value("select[name=kind]") == "take_down"
    assert ops.input_value("input[name=posting]") == str(posting.pk)
    assert ops.input_value("select[name=rule]") == "fraud_or_fees"
    ops.fill("textarea[name=reason]", "职位以保证金名义向求职者收费，予以下架。")
    screenshot(ops, "trust-2-impose-take-down")
    ops.click("#impose-form button[type=submit]")
    ops.click(CONFIRM)
    ops.wait_for_selector("#sanctions[data-count='1']")

    ops.click("#sanction-suspend-link")
    ops.wait_for_selector("#impose-form")
    assert ops.input_value("select[name=kind]") == "suspend_posting"
    ops.fill("input[name=days]", "30")
    ops.fill("textarea[name=reason]", "向求职者收取保证金，暂停发布职位30天。")
    ops.click("#impose-form button[type=submit]")
    ops.click(CONFIRM)
    ops.wait_for_selector("#sanctions[data-count='2']")
    screenshot(ops, "trust-3-case-with-sanctions")

    posting = JobPosting.objects.get(pk=posting.pk)
    assert posting.status == PostingStatus.TAKEN_DOWN
    suspension = Sanction.objects.get(kind="suspend_posting")
    assert CaseSanction.objects.filter(case_id=report.case_id).count() == 2
    assert not may_post(company_a)
    case_refs = [r["reference"] for r in suspension.evidence["snapshot"]["case"]["reports"]]
    assert case_refs == [reference]
    ops.goto(f"/ops/sanctions/{suspension.pk}/")
    ops.wait_for_selector(f"#report-case[data-case='{report.case_id}']")

    # Alice sees that measures were taken, not which.
    page.goto(f"/reports/mine/{reference}/")
    page.wait_for_selector("#report-status")
    screenshot(page, "trust-4-reporter-status")

    # Bob reads the notice and appeals the suspension.
    employer = second_person(page)
    sms_sign_in(employer, personas.BOB.phone)
    employer.wait_for_url("**/dashboard/")
    assert employer.locator("dialog#sanction-warning[open]").count() == 0  # no warning here
    employer.goto("/account/sanctions/")
    employer.wait_for_selector(f"tr[data-sanction='{suspension.pk}']")
    screenshot(employer, "trust-5-bob-sanctions")
    employer.goto(f"/account/sanctions/{suspension.pk}/")
    employer.fill(
        "textarea[name=statement]", "押金是招聘专员个人行为，公司已全额退还并处分该员工。"
    )
    employer.click("#appeal-form button[type=submit]")
    employer.wait_for_selector("#appeal-status[data-status=pending]")
    screenshot(employer, "trust-6-bob-appeal")
    appeal = Appeal.objects.get()

    # Oscar imposed it: the appeal is not in his queue.
    ops.goto("/ops/sanctions/appeals/")
    assert ops.locator(f"tr[data-appeal='{appeal.pk}']").count() == 0
    screenshot(ops, "trust-7-oscar-appeals")

    # Tess decides: the suspension is confirmed.
    tess = second_person(page)
    password_sign_in(tess, personas.TESS.email, personas.DEMO_PASSWORD)
    tess.goto("/ops/sanctions/appeals/")
    assert tess.locator(f"tr[data-appeal='{appeal.pk}']").count() == 1
    tess.goto(f"/ops/sanctions/{suspension.pk}/")
    tess.check("input[name=outcome][value=upheld]")
    tess.fill("textarea[name=reason]", "收据显示押金由公司账户收取，维持暂停发布。")
    tess.click("#decide-form button[type=submit]")
    tess.click(CONFIRM)
    tess.wait_for_selector("#appeals-list, .empty-state")
    tess.goto(f"/ops/sanctions/{suspension.pk}/")
    tess.wait_for_selector("#appeal-facts[data-status=upheld]")
    screenshot(tess, "trust-8-appeal-decided")
    appeal.refresh_from_db()
    suspension.refresh_from_db()
    assert appeal.status == "upheld" and appeal.decided_by_id != oscar.pk
    assert suspension.status == "active" and not may_post(company_a)

    # Rita sees the whole case.
    rita = second_person(page)
    password_sign_in(rita, personas.RITA.email, personas.DEMO_PASSWORD)
    rita.click("#nav-inspection")
    rita.wait_for_selector("#inspection-datasets")
    rita.click("[data-dataset=complaints]")
    rita.wait_for_selector("#row-total[data-count='1']")
    assert reference in rita.inner_text("#dataset-rows")
    screenshot(rita, "trust-9-regulator-complaints")
    with rita.expect_download() as download_info:
        rita.click("#export-buttons [data-format=csv]")
    with open(download_info.value.path(), encoding="utf-8-sig") as handle:
        exported = handle.read()
    assert reference in exported and "Alice" not in exported

    rita.goto(f"/regulator/organisations/{company_a.pk}/")
    rita.wait_for_selector("#dossier-complaints[data-count='1']")
    assert rita.locator("#dossier-sanctions[data-count='2']").count() == 1
    assert (
        rita.locator(f"#dossier-sanctions tr[data-sanction='{suspension.pk}']").get_attribute(
            "data-appeal"
        )
        == "upheld"
    )
    rita.locator("#dossier-complaints").scroll_into_view_if_needed()
    screenshot(rita, "trust-10-regulator-dossier")
    rita.click(f"#dossier-complaints tr[data-case='{report.case_id}'] a")
    rita.wait_for_selector(f"#case-facts[data-case='{report.case_id}'][data-outcome=upheld]")
    assert rita.locator("#sanctions[data-count='2']").count() == 1
    assert rita.locator(".appeal[data-appeal=upheld]").count() == 1
    screenshot(rita, "trust-11-regulator-case")

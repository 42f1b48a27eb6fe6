"""Browser journey of the job-postings issue: Bob writes a posting with "限男性 35岁以下",
sees both highlighted with suggestions while typing, fixes them and submits; Oscar approves
at the review desk; an anonymous visitor finds the job on the public list."""

from __future__ import annotations

from typing import Any

import pytest

from rencai.jobs.models import JobPosting
from rencai.testing import orgs as seeds
from rencai.testing import personas
from rencai.testing.browser import password_sign_in, screenshot, second_person, sms_sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_bob_fixes_a_discriminatory_posting_and_the_public_finds_it(page: Any) -> None:
    seeds.build_org(seeds.COMPANY_A)
    personas.build(personas.OSCAR)
    sms_sign_in(page, personas.BOB.phone)
    page.wait_for_url("**/dashboard/")
    page.goto("/employer/jobs/new/")
    page.fill("input[name=title]", "销售代表")
    page.select_option("select[name=category]", "4-01")
    page.select_option("select[name=employment_type]", "full_time")
    page.fill("input[name=openings]", "3")
    page.fill("textarea[name=description]", "负责华南区企业客户的开发与维护，完成季度销售目标。")
    page.fill("textarea[name=requirements]", "限男性，35岁以下，大专及以上学历，有销售经验。")
    page.wait_for_selector("#screening-findings mark")
    marked = page.inner_text("#screening-findings")
    assert "男性" in marked
    assert "35岁以下" in marked
    screenshot(page, "jobs-form-findings")

    page.fill("textarea[name=requirements]", "大专及以上学历，2年以上销售经验，能适应短途出差。")
    page.wait_for_selector("#screening-verdict[data-verdict=pass]")
    page.fill("input[name=working_hours]", "周一至周五 9:00-18:00")
    page.fill("input[name=pay_min]", "8000")
    page.fill("input[name=pay_max]", "15000")
    page.select_option("select[name=pay_period]", "month")
    page.select_option("select[name=division_1]", "440000")
    page.wait_for_selector("select[name=division_2] option[value='440300']", state="attached")
    page.select_option("select[name=division_2]", "440300")
    page.wait_for_selector("select[name=division_3] option[value='440305']", state="attached")
    page.select_option("select[name=division_3]", "440305")
    page.fill("input[name=address]", "科苑路15号科兴科学园B栋12层")
    screenshot(page, "jobs-form-clean")
    page.click("#posting-form button[type=submit]")
    page.wait_for_selector("#submit-form")
    page.click("#submit-form button[type=submit]")
    page.wait_for_selector("#posting-status")
    posting = JobPosting.objects.get()
    assert posting.status == "in_review"
    screenshot(page, "jobs-employer-detail")

    oscar = second_person(page)
    password_sign_in(oscar, personas.OSCAR.email, personas.DEMO_PASSWORD)
    oscar.goto("/ops/jobs/")
    screenshot(oscar, "ops-jobs-queue")
    oscar.click("text=销售代表")
    oscar.wait_for_selector("#decision")
    screenshot(oscar, "ops-jobs-review")
    oscar.click("button[name=d-decision][value=approve]")
    oscar.wait_for_selector(".messages")
    posting.refresh_from_db()
    assert posting.status == "published"

    visitor = second_person(page)
    visitor.goto("/jobs/")
    assert "销售代表" in visitor.inner_text("main")
    screenshot(visitor, "jobs-public-list")
    visitor.click("text=销售代表")
    visitor.wait_for_selector("script[type='application/ld+json']", state="attached")
    assert "蓝海科技" in visitor.inner_text("main")
    screenshot(visitor, "jobs-public-detail")
    visitor.set_viewport_size({"width": 390, "height": 844})
    screenshot(visitor, "jobs-public-detail-mobile")

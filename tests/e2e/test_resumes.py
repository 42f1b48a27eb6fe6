"""Browser journey of resumes (issue 7): Alice creates a resume, adds a job, imports her
Chinese CV file and keeps only some items, makes the resume visible to employers and hides
Dave's company; Bob opens it masked; Alice sees that Bob's company viewed it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rencai.resumes.models import Resume, ResumeView
from rencai.testing import orgs as seeds
from rencai.testing import personas
from rencai.testing.browser import screenshot, second_person, sms_sign_in
from rencai.testing.resumes import cv_docx

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_alice_builds_a_resume_and_sees_who_viewed_it(page: Any, tmp_path: Path) -> None:
    seeds.build_org(seeds.COMPANY_A)
    seeds.build_org(seeds.COMPANY_B)
    personas.build(personas.ALICE)

    sms_sign_in(page, personas.ALICE.phone)
    page.wait_for_url("**/dashboard/")
    page.click("#site-nav a[href='/me/resumes/']")
    page.wait_for_url("**/me/resumes/")
    page.click("#new-resume")
    page.fill("input[name=title]", "Python 后端开发")
    page.fill("input[name=full_name]", "王爱丽")
    page.click("#create-form button[type=submit]")
    page.wait_for_url("**/me/resumes/*/")
    resume = Resume.objects.get(title="Python 后端开发")
    assert resume.visibility == "hidden"

    page.click("#add-work")
    page.fill("input[name=organisation]", "深圳星河网络科技有限公司")
    page.fill("input[name=title]", "Python 开发工程师")
    page.fill("input[name=start]", "2023-07-01")
    page.click("#entry-form button[type=submit]")
    page.wait_for_selector("#work .resume-entry")

    cv = tmp_path / "简历.docx"
    cv.write_bytes(cv_docx())
    page.goto(f"/me/resumes/{resume.pk}/import/")
    page.set_input_files("input[name=file]", str(cv))
    page.click("#import-form button[type=submit]")
    page.wait_for_selector("#import-review")
    assert resume.entries.count() == 1  # nothing saved by reading the file
    for key in ("phone", "email", "self_assessment", "education.1", "work.0", "work.1"):
        page.uncheck(f"input[name=take][value='{key}']")
    screenshot(page, "resumes-import-review")
    page.click("#import-review button[type=submit]")
    page.wait_for_url(f"**/me/resumes/{resume.pk}/")
    resume.refresh_from_db()
    assert list(resume.entries.order_by("kind").values_list("organisation", flat=True)) == [
        "华南理工大学",
        "深圳星河网络科技有限公司",
    ]
    assert resume.highest_education == "bachelor" and resume.email == ""
    assert "Django" in [skill["name"] for skill in resume.skills]

    page.click(f"main a[href='/me/resumes/{resume.pk}/visibility/'] >> nth=0")
    page.check("input[name=visibility][value=employers]")
    page.click("#visibility-form button[type=submit]")
    page.goto("/me/hidden-organisations/?q=青禾")
    page.click("#org-results button")
    page.wait_for_selector("#hidden-list")
    screenshot(page, "resumes-editor")

    bob = second_person(page)
    sms_sign_in(bob, personas.BOB.phone)
    bob.wait_for_url("**/dashboard/")
    bob.goto(f"/employer/resumes/{resume.pk}/")
    assert bob.inner_text("#resume-name") == "王**"
    assert "138" not in bob.inner_text("#resume-card")
    bob.context.close()

    dave = second_person(page)
    sms_sign_in(dave, personas.DAVE.phone)
    dave.wait_for_url("**/dashboard/")
    response = dave.goto(f"/employer/resumes/{resume.pk}/")
    assert response is not None and response.status == 404  # hidden from Dave's company
    dave.context.close()

    page.goto("/me/resume-views/")
    assert "深圳蓝海科技有限公司" in page.inner_text("#view-list")
    assert "上海青禾食品有限公司" not in page.inner_text("body")
    assert ResumeView.objects.filter(resume=resume).count() == 1
    screenshot(page, "resumes-who-viewed-me")

"""Browser journey of employer resume search (issue 7): Bob signs in, opens "Find resumes",
searches Python, narrows by education (applied at once) and sorts, sees only masked cards
(surname + **, no contact details) and no protected filter, opens the link of a result;
Alice's resume stays out of his results once she hides his company; the page works on a
phone."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction

from rencai.accounts.models import User
from rencai.resumes.choices import EntryKind, Visibility
from rencai.resumes.models import HiddenOrganisation, Resume, ResumeEntry
from rencai.search import indexing
from rencai.testing import orgs as seeds
from rencai.testing import personas
from rencai.testing.browser import screenshot, sms_sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SEEKERS = [
    ("王爱丽", "Python开发工程师", ("Python", "Django", "PostgreSQL"), "440305", "master", 40),
    ("李明", "Python数据分析师", ("Python", "SQL", "Excel"), "440106", "bachelor", 70),
    ("欧阳娜娜", "测试工程师", ("Selenium", "Python"), "310115", "associate", 20),
    ("张伟", "大客户销售经理", ("渠道拓展", "谈判"), "110105", "bachelor", 96),
]

INTENDED = {"440305": "440300", "440106": "440100", "310115": "310000", "110105": "110000"}


def _seed() -> tuple[User, list[Resume]]:
    seeds.build_org(seeds.COMPANY_A)
    bob = personas.build(personas.BOB)
    resumes = []
    for number, (name, position, skills, city, education, months) in enumerate(SEEKERS):
        owner = User.objects.create(display_name=f"求职者{number}")
        with transaction.atomic():
            resume = Resume.objects.create(
                owner=owner,
                title="我的简历",
                visibility=Visibility.EMPLOYERS,
                full_name=name,
                phone="13900139000",
                email=f"seeker{number}@example.com",
                city=city,
                intended_cities=[INTENDED[city]],
                skills=[{"name": skill, "level": "good"} for skill in skills],
                self_assessment=f"五年{position}经验，熟悉{'、'.join(skills)}，沟通能力强。",
                highest_education=education,
                experience_months=months,
            )
            ResumeEntry.objects.create(
                resume=resume,
                kind=EntryKind.WORK,
                organisation="星河网络科技有限公司",
                title=position,
                start=dt.date(2022, 3, 1),
                description=f"负责{position}相关工作。",
            )
            indexing.resumes_changed([resume.pk])
        resumes.append(resume)
    return bob, resumes


def _cards(page: Any) -> list[str]:
    return [
        text.strip() for text in page.locator("#resume-list .search-hit-title").all_inner_texts()
    ]


def _settled(page: Any) -> None:
    """Wait until htmx has finished swapping and settling: each search replaces the form
    too, and a change made before the new form is bound would reach the old one."""
    page.wait_for_function(
        "!document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
    )


def test_employer_searches_masked_resumes(page: Any) -> None:
    bob, resumes = _seed()
    sms_sign_in(page, personas.BOB.phone)
    page.wait_for_url("**/dashboard/")
    page.click("#site-nav a[href='/employer/resume-search/']")
    page.wait_for_url("**/employer/resume-search/")
    assert len(_cards(page)) == 4

    page.fill("#resume-search-q", "Python")
    page.click("button.search-submit")
    page.wait_for_url("**/employer/resume-search/?*q=Python*")
    cards = _cards(page)
    assert len(cards) == 3
    assert all("**" in card for card in cards)
    html = page.content()
    for name, *_rest in SEEKERS:
        assert name not in html
    assert "13900139000" not in html and "example.com" not in html
    for protected in ("gender", "age", "hukou", "ethnicity", "marital_status"):
        assert page.locator(f"[name={protected}]").count() == 0
    assert page.locator("#resume-list mark").first.inner_text().lower() == "python"
    screenshot(page, "resume-search-results")

    # A facet narrows the search; education "at least" from the filter select.
    _settled(page)
    page.select_option("#resume-search-education", "master")  # applies at once (htmx)
    page.wait_for_url("**education=master*")
    page.wait_for_function("document.querySelectorAll('#resume-list .search-hit').length == 1")
    assert len(_cards(page)) == 1
    _settled(page)
    page.select_option("#resume-search-sort", "updated")
    page.wait_for_url("**sort=updated*")
    assert page.locator("#resume-search-education").input_value() == "master"
    href = page.locator("#resume-list .search-hit-title a").first.get_attribute("href")
    assert href == f"/employer/resumes/{resumes[0].pk}/"
    page.click("#resume-list .search-hit-title a")
    page.wait_for_url(f"**{href}")
    assert "王**" in page.content() and "王爱丽" not in page.content()  # still masked (PI-07)
    page.go_back()

    # Alice hides Bob's company: her resume leaves his results.
    with transaction.atomic():
        owner = resumes[0].owner
        HiddenOrganisation.objects.create(
            owner=owner, uscc=seeds.COMPANY_A.uscc, name=seeds.COMPANY_A.legal_name
        )
        indexing.seeker_resumes_changed(owner.pk)
    page.reload()
    assert page.locator("#resume-search-empty").is_visible()
    screenshot(page, "resume-search-empty")

    # On a phone.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/employer/resume-search/?q=Python")
    assert len(_cards(page)) == 2
    screenshot(page, "resume-search-phone")

"""Browser journey of the job-search issue: an anonymous visitor searches 销售 and Python,
narrows the results with a filter and a facet (htmx swaps the results and updates the
address), sees the highlighted words, pages through, gets relaxed-search suggestions when
nothing matches, and does the same on a phone; without JavaScript the page is a plain form."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from rencai.jobs.content import Location
from rencai.testing import orgs as seeds
from rencai.testing import personas
from rencai.testing.browser import screenshot, sms_sign_in
from rencai.testing.jobs import demo_postings, publish

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SALES = [
    ("销售代表", "440305", "full_time", 8000, 15000, "associate"),
    ("大客户销售经理", "440106", "full_time", 15000, 25000, "bachelor"),
    ("电话销售专员", "310115", "full_time", 6000, 9000, "high_school"),
    ("门店销售顾问（兼职）", "310115", "part_time", 3000, 4500, "any"),
    ("汽车销售顾问", "330106", "full_time", 7000, 12000, "associate"),
    ("销售助理（实习）", "440305", "internship", 3000, 4000, "associate"),
    ("医疗器械销售代表", "110105", "full_time", 10000, 18000, "bachelor"),
]


def _seed() -> None:
    demo_postings()
    company_a = seeds.build_org(seeds.COMPANY_A)
    bob, oscar = personas.build(personas.BOB), personas.build(personas.OSCAR)
    for title, division, kind, low, high, education in SALES:
        publish(
            company_a,
            bob,
            oscar,
            title=title,
            category="4-01",
            description=f"负责{title}相关工作：开发和维护客户，完成月度销售目标，记录客户跟进情况。",
            requirements="有销售或客户服务经验者优先，沟通表达清晰，能适应短途出差。",
            locations=[Location(division, "示例路1号")],
            employment_type=kind,
            pay_min=low,
            pay_max=high,
            education=education,
            experience_years=0 if kind != "full_time" else 1,
            skills=["客户开发", "谈判"],
            benefits=["social_insurance"],
            probation_months=None if kind != "full_time" else 3,
        )


def _query(page: Any) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def _titles(page: Any) -> list[str]:
    return [text.strip() for text in page.locator("#job-list .search-hit-title").all_inner_texts()]


def test_visitor_searches_filters_pages_and_gets_suggestions(page: Any) -> None:
    _seed()
    page.goto("/jobs/")
    assert len(_titles(page)) == 11

    # Typing searches after a short pause; the address follows.
    page.fill("#search-q", "销售")
    page.wait_for_url("**/jobs/?q=*")
    assert _query(page) == {"q": ["销售"]}
    page.wait_for_selector("#job-list mark")
    assert len(_titles(page)) == 7
    assert page.locator("#job-list .search-hit-title mark").first.inner_text() == "销售"
    assert "7" in page.inner_text("#search-summary")
    screenshot(page, "search-results")

    # A filter (a form control) narrows the results at once.
    page.select_option("#search-posted-within", "7")
    page.wait_for_url("**posted_within=7*")
    # A facet value toggles its filter; its count and the chips follow.
    facet = "#search-facets a[data-facet=employment_type][data-key=full_time]"
    assert page.locator(facet).locator(".search-facet-count").inner_text() == "5"
    page.click(facet)
    page.wait_for_url("**employment_type=full_time*")
    page.wait_for_selector(f"{facet}.is-selected")
    assert len(_titles(page)) == 5
    assert page.locator("#search-chips [data-name=employment_type]").count() == 1
    assert page.input_value("#search-posted-within") == "7"  # the form kept its state
    # The city facet sets the place; the place selects follow.
    page.click("#search-facets a[data-facet=city][data-key='310000']")
    page.wait_for_url("**division=310000*")
    assert _titles(page) == ["电话销售专员"]
    assert page.input_value("#search-division_1") == "310000"
    screenshot(page, "search-filtered")
    # Removing a chip widens the search again.
    page.click("#search-chips [data-name=employment_type]")
    page.wait_for_function("!location.search.includes('employment_type')")
    assert sorted(_titles(page)) == sorted(["电话销售专员", "门店销售顾问（兼职）"])

    # Pages keep every parameter.
    page.goto("/jobs/?q=销售&page_size=3&sort=pay")
    first = _titles(page)
    assert first == ["大客户销售经理", "医疗器械销售代表", "销售代表"]
    page.click(".pagination a[rel=next]")
    page.wait_for_url("**page=2*")
    assert _query(page) == {"q": ["销售"], "sort": ["pay"], "page": ["2"], "page_size": ["3"]}
    assert _titles(page)[0] == "汽车销售顾问"
    assert page.input_value("#search-sort") == "pay"
    # Changing the order starts again on page 1.
    page.select_option("#search-sort", "newest")
    page.wait_for_url("**sort=newest*")
    assert _query(page) == {"q": ["销售"], "sort": ["newest"], "page_size": ["3"]}

    # The place: the city list fills in for the province, each choice searches.
    page.goto("/jobs/?q=销售")
    page.select_option("#search-division_1", "440000")
    page.wait_for_url("**division=440000*")
    assert len(_titles(page)) == 3
    page.wait_for_selector("#search-division_2 option[value='440300']", state="attached")
    page.select_option("#search-division_2", "440300")
    page.wait_for_url("**division=440300*")
    assert sorted(_titles(page)) == sorted(["销售代表", "销售助理（实习）"])

    # Nothing found: relaxed searches that do find jobs.
    page.goto("/jobs/")
    page.fill("#search-q", "Python 销售")
    page.wait_for_selector("#search-suggestions a")
    assert page.locator("#job-list").count() == 0
    suggestions = page.locator("#search-suggestions a")
    assert suggestions.count() == 2
    screenshot(page, "search-empty")
    suggestions.filter(has_text="销售").first.click()
    page.wait_for_selector("#job-list")
    assert page.input_value("#search-q") == "销售"
    assert len(_titles(page)) == 7

    # Python finds the developer job, highlighted in the title and the snippet.
    page.fill("#search-q", "Python")
    page.wait_for_url("**q=Python*")
    page.wait_for_selector("#job-list .search-hit-snippet mark")
    assert _titles(page) == ["Python 后端开发工程师"]


def test_search_on_a_phone(page: Any) -> None:
    _seed()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/jobs/?q=销售")
    assert not page.locator("#search-filters").get_attribute("open")
    assert not page.locator("#search-facets").is_visible()
    screenshot(page, "search-mobile")
    page.click("#search-filters summary")
    assert page.locator("#search-facets").is_visible()
    page.click("#search-facets a[data-facet=employment_type][data-key=part_time]")
    page.wait_for_url("**employment_type=part_time*")
    assert page.locator("#search-filters").get_attribute("open") is not None  # stays open
    assert _titles(page) == ["门店销售顾问（兼职）"]
    screenshot(page, "search-mobile-filters")


def test_search_works_without_javascript(page: Any, live_server: Any) -> None:
    _seed()
    context = page.context.browser.new_context(
        java_script_enabled=False,
        locale="zh-CN",
        viewport={"width": 1280, "height": 900},
        base_url=live_server.url,
    )
    plain = context.new_page()
    plain.goto("/jobs/")
    plain.fill("#search-q", "销售")
    plain.select_option("#search-division_1", "440000")
    plain.click("button.search-submit")
    plain.wait_for_url("**q=*")
    assert _query(plain) == {"q": ["销售"], "division": ["440000"]}  # redirected: canonical
    assert sorted(_titles(plain)) == sorted(["销售代表", "大客户销售经理", "销售助理（实习）"])
    # The city list is filled for the chosen province; a facet is a plain link.
    assert plain.locator("#search-division_2 option[value='440300']").count() == 1
    plain.click("#search-facets a[data-facet=employment_type][data-key=internship]")
    plain.wait_for_url("**employment_type=internship*")
    assert _titles(plain) == ["销售助理（实习）"]
    context.close()


def test_seeker_sees_the_save_search_box(page: Any) -> None:
    _seed()
    personas.build(personas.ALICE)
    sms_sign_in(page, personas.ALICE.phone)
    page.wait_for_url("**/dashboard/")
    page.goto("/jobs/?q=销售&employment_type=full_time")
    page.wait_for_selector("#save-search")
    assert len(_titles(page)) == 5
    screenshot(page, "search-seeker")

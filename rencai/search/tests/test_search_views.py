"""The job search page (/jobs/): rendering for visitors and signed-in people, filters,
facet toggle links, chips, the htmx partial, refused parameters, relaxed-search suggestions,
pagination, the minors rule and a constant number of SQL queries."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from rencai.accounts.models import User
from rencai.jobs.models import JobPosting
from rencai.search.service import SearchResponse
from rencai.search.tests.catalogue import (
    AGENCY_JOB,
    ALL,
    BAKERY,
    INSPECTOR,
    PRODUCT,
    PYTHON,
    SALES,
    build_catalogue,
)
from rencai.testing import orgs as org_seeds
from rencai.testing.jobs import publish

pytestmark = pytest.mark.django_db
LOGIN = "rencai.accounts.backends.RencaiBackend"
NOINDEX = '<meta name="robots" content="noindex">'
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/jobs/"}
# The search page reads the page's postings in one query; signed in, also the session, the
# user and what the base template shows (roles, legal notices, unread notifications).
# Never one query per result.
MAX_QUERIES = 8


@pytest.fixture
def catalogue(db: None) -> dict[str, JobPosting]:
    return build_catalogue()


def _titles(response: Any) -> set[str]:
    return {hit.posting.live_version.title for hit in response.context["response"].hits}


def _page(response: Any) -> str:
    return str(response.content.decode())


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(unescape(url)).query)


def test_anonymous_visitors_see_every_published_job(
    catalogue: dict[str, JobPosting], client: Client
) -> None:
    response = client.get("/jobs/")
    assert response.status_code == 200
    assert _titles(response) == ALL
    page = _page(response)
    assert 'id="job-search"' in page and 'name="q"' in page
    assert f"/jobs/{catalogue[PYTHON].pk}/" in page
    assert "18,000–30,000" in page
    assert "深圳蓝海科技有限公司" in page
    assert NOINDEX not in page  # the plain list may be indexed, searches are not
    assert 'id="save-search"' in page  # the saved-search box (a sign-in link here)
    assert 'class="search-facets"' in page


@pytest.mark.parametrize("persona", ["alice", "bob", "oscar"])
def test_signed_in_people_see_the_page(
    catalogue: dict[str, JobPosting],
    client: Client,
    persona: str,
    request: pytest.FixtureRequest,
) -> None:
    user: User = request.getfixturevalue(persona)
    client.force_login(user, backend=LOGIN)
    response = client.get("/jobs/?q=食品")
    assert response.status_code == 200
    assert _titles(response) == {INSPECTOR, BAKERY}


def test_keywords_are_highlighted_in_the_title_and_snippet(
    catalogue: dict[str, JobPosting], client: Client
) -> None:
    response = client.get("/jobs/?q=Python")
    assert _titles(response) == {PYTHON}
    page = _page(response)
    assert "<mark>Python</mark> 后端开发工程师</a>" in page
    snippet = re.search(r'<p class="search-hit-snippet">(.*?)</p>', page)
    assert snippet is not None and "<mark>Python</mark>" in snippet.group(1)
    assert NOINDEX in page
    assert 'value="Python"' in page  # the box keeps the words


def test_filters_narrow_the_results(catalogue: dict[str, JobPosting], client: Client) -> None:
    cases = [
        ("division=310000", {INSPECTOR, BAKERY}),
        ("division=440000", {PYTHON, PRODUCT, SALES}),
        ("division_1=440000&division_2=440100&division_3=", {SALES}),
        ("pay_min=20000", {PYTHON, PRODUCT}),
        ("employment_type=part_time", {SALES}),
        ("education=high_school", {INSPECTOR}),
        ("experience_max=0", {INSPECTOR, BAKERY, SALES}),
        ("industry=14", {INSPECTOR, BAKERY}),
        ("category=6-02", {INSPECTOR, BAKERY}),
        ("posted_within=7", ALL),
        ("verified_only=1", ALL - {AGENCY_JOB}),
        ("utm_source=newsletter", ALL),  # parameters the page does not know are ignored
    ]
    for query, expected in cases:
        response = client.get(f"/jobs/?{query}", **HTMX)
        assert response.status_code == 200, query
        assert _titles(response) == expected, query


def test_form_controls_show_the_current_search(
    catalogue: dict[str, JobPosting], client: Client
) -> None:
    page = _page(
        client.get(
            "/jobs/?division=440300&pay_min=5000&experience_max=3&category=6-02"
            "&posted_within=7&verified_only=1&employment_type=full_time&sort=pay"
        )
    )
    assert '<option value="440000" selected>' in page  # province of the city
    assert '<option value="440300" selected>' in page
    assert 'name="pay_min" value="5000"' in page
    assert '<option value="3" selected>' in page
    assert '<option value="6-02" selected>' in page
    assert '<option value="7" selected>' in page
    assert 'name="verified_only" value="1" checked' in page
    assert '<input type="hidden" name="employment_type" value="full_time">' in page
    assert '<option value="pay" selected>' in page


def test_facets_count_values_and_link_to_toggle_them(
    catalogue: dict[str, JobPosting], client: Client
) -> None:
    response = client.get("/jobs/?q=销售")
    facets = {facet.name: facet for facet in response.context["facets"]}
    assert set(facets) == {"city", "pay_band", "employment_type", "education", "industry"}
    [part_time] = facets["employment_type"].values
    assert (part_time.key, part_time.count, part_time.selected) == ("part_time", 1, False)
    assert _query(part_time.url) == {"q": ["销售"], "employment_type": ["part_time"]}
    page = _page(response)
    assert 'id="facet-employment_type-part_time" href="?q=%E9%94%80%E5%94%AE' in page

    selected = client.get("/jobs/?q=销售&employment_type=part_time&page=1")
    kinds = {
        v.key: v for v in {f.name: f for f in selected.context["facets"]}["employment_type"].values
    }
    assert kinds["part_time"].selected
    assert _query(kinds["part_time"].url) == {"q": ["销售"]}  # clicking again removes it
    assert 'class="search-facet-value is-selected" id="facet-employment_type-part_time"' in (
        _page(selected)
    )

    # Values of a selected facet keep their counts, so a second one can be added (OR).
    both = client.get("/jobs/?employment_type=part_time")
    kinds = {
        v.key: v for v in {f.name: f for f in both.context["facets"]}["employment_type"].values
    }
    assert kinds["full_time"].count == 5
    assert _query(kinds["full_time"].url) == {"employment_type": ["part_time", "full_time"]}
    # A city facet sets the place; a selected value no longer found is still listed.
    cities = {v.key: v for v in {f.name: f for f in both.context["facets"]}["city"].values}
    assert _query(cities["440100"].url) == {
        "division": ["440100"],
        "employment_type": ["part_time"],
    }
    gone = client.get("/jobs/?education=doctorate")
    educations = {v.key: v for v in {f.name: f for f in gone.context["facets"]}["education"].values}
    doctorate = educations["doctorate"]
    assert (doctorate.count, doctorate.selected, doctorate.url) == (0, True, "?")


def test_chips_remove_one_filter_each(catalogue: dict[str, JobPosting], client: Client) -> None:
    response = client.get(
        "/jobs/?q=食品&division=310000&education=high_school&education=any&sort=newest"
    )
    chips = [(chip.name, chip.label, _query(chip.url)) for chip in response.context["chips"]]
    base = {"sort": ["newest"]}
    assert chips == [
        ("q", "“食品”", {**base, "division": ["310000"], "education": ["high_school", "any"]}),
        ("division", "上海市", {**base, "q": ["食品"], "education": ["high_school", "any"]}),
        (
            "education",
            str(response.context["chips"][2].label),
            {**base, "q": ["食品"], "division": ["310000"], "education": ["any"]},
        ),
        (
            "education",
            str(response.context["chips"][3].label),
            {**base, "q": ["食品"], "division": ["310000"], "education": ["high_school"]},
        ),
    ]
    assert _query(response.context["clear_url"]) == {"q": ["食品"], "sort": ["newest"]}
    page = _page(response)
    assert 'id="search-chips"' in page and 'class="search-chips-clear"' in page


def test_htmx_requests_get_the_results_and_the_canonical_url(
    catalogue: dict[str, JobPosting], client: Client
) -> None:
    response = client.get(
        "/jobs/?q=Python&division_1=440000&division_2=440300&division_3=&pay_min=", **HTMX
    )
    assert response.status_code == 200
    assert response["HX-Push-Url"] == "/jobs/?q=Python&division=440300"
    assert "HX-Request" in response["Vary"]
    names = [template.name for template in response.templates]
    assert "search/_response.html" in names and "jobs/list.html" not in names
    page = _page(response)
    assert "<html" not in page
    assert 'id="job-list"' in page
    for region in ("search-summary", "search-facets", "search-filter-fields", "search-save"):
        assert re.search(f'id="{region}"[^>]*hx-swap-oob="innerHTML"', page), region
    assert 'id="search-bar-fields"' not in page  # never replaced while someone types

    boosted = client.get("/jobs/?q=Python", HTTP_HX_BOOSTED="true", **HTMX)
    assert re.search('id="search-bar-fields"[^>]*hx-swap-oob="innerHTML"', _page(boosted))

    restore = client.get("/jobs/?q=Python", HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX)
    assert "<html" in _page(restore)  # a history restore needs the whole page


def test_plain_form_submissions_are_redirected_to_the_canonical_url(
    catalogue: dict[str, JobPosting], client: Client
) -> None:
    response = client.get(
        "/jobs/?q=Python&division_1=440000&division_2=&division_3=&pay_min=&sort=relevance"
    )
    assert response.status_code == 302
    assert response["Location"] == "/jobs/?q=Python&division=440000"
    assert client.get("/jobs/?q=").headers["Location"] == "/jobs/"
    assert client.get("/jobs/?q=Python&division=440000").status_code == 200


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("pay_min=abc", "pay_min"),
        ("pay_min=9000&pay_max=100", "pay_max"),
        ("gender=female", "gender"),
        ("age=30", "age"),
        ("hukou=本地", "hukou"),
        ("employment_type=bogus", "employment_type"),
        ("page=0", "page"),
        ("sort=cheapest", "sort"),
        ("division=999999", "division"),
        ("category=x&division_1=440000", "category"),
    ],
)
def test_bad_parameters_show_the_errors_and_no_results(
    catalogue: dict[str, JobPosting], client: Client, query: str, field: str
) -> None:
    response = client.get(f"/jobs/?{query}")
    assert response.status_code == 400
    page = _page(response)
    assert 'id="search-errors"' in page
    assert f'data-field="{field}"' in page
    assert 'id="job-list"' not in page
    assert response.context["response"] is None
    partial = client.get(f"/jobs/?{query}", **HTMX)
    assert partial.status_code == 200  # htmx swaps only successful answers
    assert f'data-field="{field}"' in _page(partial)
    assert "HX-Push-Url" not in partial


def test_refused_values_stay_in_the_form_to_be_corrected(
    catalogue: dict[str, JobPosting], client: Client
) -> None:
    page = _page(client.get("/jobs/?q=销售&pay_min=9000&pay_max=100&employment_type=bogus"))
    assert 'name="pay_min" value="9000"' in page
    assert 'name="pay_max" value="100"' in page
    assert 'name="q" value="销售"' in page
    assert 'class="field search-pay has-error"' in page
    assert 'name="employment_type" value="bogus"' not in page  # not carried into the next search


def test_nothing_found_lists_relaxed_searches_with_counts(
    catalogue: dict[str, JobPosting], client: Client
) -> None:
    response = client.get("/jobs/?q=Python&division=310000")
    assert _titles(response) == set()
    suggestions = response.context["suggestions"]
    assert {"url": "?q=Python", "count": 1} in [
        {"url": s["url"], "count": s["count"]} for s in suggestions
    ]
    page = _page(response)
    assert 'id="search-suggestions"' in page
    assert 'href="?q=Python"' in page
    assert 'id="job-list"' not in page


def test_an_empty_site_says_so(client: Client) -> None:
    page = _page(client.get("/jobs/"))
    assert 'class="empty-state"' in page
    assert 'id="search-suggestions"' not in page


def test_pages_keep_every_parameter(catalogue: dict[str, JobPosting], client: Client) -> None:
    first = client.get("/jobs/?q=蓝海&sort=newest&page_size=2&verified_only=1")
    assert len(first.context["response"].hits) == 2
    page = _page(first)
    match = re.search(r'<a href="([^"]+)" rel="next">', page)
    assert match is not None
    assert _query(match.group(1)) == {
        "q": ["蓝海"],
        "verified_only": ["1"],
        "sort": ["newest"],
        "page_size": ["2"],
        "page": ["2"],
    }
    second = client.get("/jobs/" + unescape(match.group(1)))
    assert _titles(second) == {PYTHON, PRODUCT, SALES} - _titles(first)
    assert 'rel="prev"' in _page(second)


def test_a_page_past_the_last_one_links_back_to_the_first(
    catalogue: dict[str, JobPosting], client: Client
) -> None:
    response = client.get("/jobs/?q=食品&page=9")
    assert response.status_code == 200
    assert response.context["response"].total == 2
    page = _page(response)
    assert 'id="job-list"' not in page and 'id="search-suggestions"' not in page
    assert 'href="?q=%E9%A3%9F%E5%93%81"' in page


def test_minors_do_not_see_jobs_forbidden_to_them(
    catalogue: dict[str, JobPosting],
    client: Client,
    bob: User,
    oscar: User,
    yan: User,
) -> None:
    publish(
        org_seeds.build_org(org_seeds.COMPANY_A),
        bob,
        oscar,
        title="井下采掘工",
        category="6-16",
        occupational_hazards="井下粉尘、噪声，配发防护用品",
        requirements="身体健康，持特种作业证者优先。",
    )
    assert _titles(client.get("/jobs/?q=采掘")) == {"井下采掘工"}
    client.force_login(yan, backend=LOGIN)
    assert _titles(client.get("/jobs/?q=采掘")) == set()
    assert _titles(client.get("/jobs/")) == ALL


def test_a_recovering_index_is_announced(
    catalogue: dict[str, JobPosting], client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rencai.search.service import search_jobs

    def degraded(*args: Any, **kwargs: Any) -> SearchResponse:
        response = search_jobs(*args, **kwargs)
        response.degraded = True
        return response

    monkeypatch.setattr("rencai.jobs.views.search_jobs", degraded)
    page = _page(client.get("/jobs/?q=Python"))
    assert 'id="search-degraded"' in page
    assert 'id="job-list"' in page


def test_titles_are_escaped(
    catalogue: dict[str, JobPosting], client: Client, bob: User, oscar: User
) -> None:
    publish(org_seeds.build_org(org_seeds.COMPANY_A), bob, oscar, title="前端 <b>工程师</b>")
    page = _page(client.get("/jobs/?q=前端"))
    assert "<mark>前端</mark> &lt;b&gt;工程师&lt;/b&gt;" in page
    assert "<b>工程师" not in page


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_number_of_queries_does_not_grow_with_the_page_size(
    catalogue: dict[str, JobPosting],
    client: Client,
    alice: User,
    signed_in: bool,
    django_assert_max_num_queries: Callable[[int], Any],
) -> None:
    if signed_in:
        client.force_login(alice, backend=LOGIN)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/jobs/")  # warm caches that are not per request (divisions, occupations)
    counts = []
    for size in (5, 50):
        with (
            django_assert_max_num_queries(MAX_QUERIES),
            CaptureQueriesContext(connection) as queries,
        ):
            response = client.get(f"/jobs/?page_size={size}")
        assert len(response.context["response"].hits) == min(size, len(ALL))
        counts.append(len(queries))
    assert counts[0] == counts[1]

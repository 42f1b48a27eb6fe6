"""GET /api/v1/jobs/search: the documented response, every parameter, the errors (bad
values, unknown and protected parameters), anonymous access and the minors rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from conftest import ApiClient
from rencai.accounts.models import User
from rencai.core.actors import cli_actor
from rencai.jobs import actions
from rencai.jobs.models import JobPosting
from rencai.search.params import PROTECTED_PARAMETERS
from rencai.search.schemas import SearchOut
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

pytestmark = pytest.mark.django_db

RESPONSE_KEYS = {
    "results",
    "total",
    "page",
    "page_size",
    "pages",
    "facets",
    "suggestions",
    "took_ms",
    "backend",
    "degraded",
}
RESULT_KEYS = {
    "id",
    "url",
    "title",
    "title_html",
    "snippet_html",
    "organisation",
    "locations",
    "pay_min",
    "pay_max",
    "pay_period",
    "pay_text",
    "employment_type",
    "education",
    "experience_years",
    "published_at",
}
FACETS = {"city", "pay_band", "employment_type", "education", "industry"}


@pytest.fixture
def catalogue(db: None) -> dict[str, JobPosting]:
    return build_catalogue()


def _titles(body: dict[str, Any]) -> set[str]:
    return {result["title"] for result in body["results"]}


def test_response_has_the_documented_shape(
    catalogue: dict[str, JobPosting], api: ApiClient
) -> None:
    response = api.get("jobs/search?q=Python")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == RESPONSE_KEYS
    assert body["total"] == 1
    assert (body["page"], body["page_size"], body["pages"]) == (1, 20, 1)
    assert body["backend"] == "tantivy"
    assert body["degraded"] is False
    assert body["suggestions"] == []
    assert isinstance(body["took_ms"], float)
    [result] = body["results"]
    assert set(result) == RESULT_KEYS
    posting = catalogue[PYTHON]
    assert result["id"] == str(posting.pk)
    assert result["url"] == f"http://testserver/jobs/{posting.pk}/"
    assert result["title"] == PYTHON
    assert result["title_html"] == "<mark>Python</mark> 后端开发工程师"
    assert "<mark>Python</mark>" in result["snippet_html"]
    assert result["organisation"] == {
        "id": str(posting.organisation_id),
        "name": "深圳蓝海科技有限公司",
    }
    assert result["locations"] == ["广东省 深圳市 南山区"]
    assert (result["pay_min"], result["pay_max"], result["pay_period"]) == (18000, 30000, "month")
    assert result["pay_text"].startswith("18,000–30,000 ")
    assert (result["employment_type"], result["education"]) == ("full_time", "bachelor")
    assert result["experience_years"] == 3
    assert result["published_at"]
    assert set(body["facets"]) == FACETS
    assert body["facets"]["city"] == [
        {"key": "440300", "label": "深圳市", "count": 1, "selected": False}
    ]
    # The view renders its data without validating it: the answer must be exactly what the
    # documented schema makes of it.
    validated = SearchOut.model_validate(body).model_dump(mode="json")
    for item in (*validated["results"], *body["results"]):  # same instant, other precision
        item["published_at"] = dt.datetime.fromisoformat(item["published_at"])
    assert validated == body


# (query string, titles found): one catalogue for all, building it is the slow part.
FILTER_CASES = [
    ("", ALL),
    ("q=食品", {INSPECTOR, BAKERY}),
    ("q=蓝海", {PYTHON, PRODUCT, SALES, AGENCY_JOB}),  # company name (the client's too)
    ("q=Django", {PYTHON}),  # requirements and skills
    ("division=310000", {INSPECTOR, BAKERY}),  # all of a province-level city
    ("division=440000", {PYTHON, PRODUCT, SALES}),  # all of a province
    ("division=440300", {PYTHON, PRODUCT}),
    ("division=440106", {SALES}),
    ("pay_min=20000", {PYTHON, PRODUCT}),  # the range reaches 20,000
    ("pay_max=4000", {SALES}),  # the range starts at 4,000 or less
    ("pay_min=4000&pay_max=6000", {SALES, AGENCY_JOB, BAKERY}),
    ("pay_band=3-5k", {SALES}),
    ("employment_type=part_time", {SALES}),
    ("education=high_school", {INSPECTOR}),
    ("education=any&education=high_school", {BAKERY, SALES, INSPECTOR}),
    ("education=any,high_school", {BAKERY, SALES, INSPECTOR}),
    ("experience_max=0", {INSPECTOR, BAKERY, SALES}),
    ("industry=14", {INSPECTOR, BAKERY}),
    ("category=6-02", {INSPECTOR, BAKERY}),
    ("category=4", {PYTHON, SALES}),  # a major group includes its categories
    ("posted_within=1", ALL),
    ("verified_only=1", ALL - {AGENCY_JOB}),
    ("verified_only=0", ALL),
    ("q=销售&division=440000&employment_type=part_time", {SALES}),
]


def test_every_parameter_filters(catalogue: dict[str, JobPosting], api: ApiClient) -> None:
    for query, expected in FILTER_CASES:
        body = api.get(f"jobs/search?{query}").json()
        assert _titles(body) == expected, query
        assert body["total"] == len(expected), query


def test_posted_within_leaves_out_older_postings(
    catalogue: dict[str, JobPosting], api: ApiClient, time_machine: Any
) -> None:
    from django.utils import timezone

    time_machine.move_to(timezone.now() + dt.timedelta(days=2), tick=False)
    assert api.get("jobs/search?posted_within=3").json()["total"] == len(ALL)
    assert api.get("jobs/search?posted_within=1").json()["total"] == 0


def test_sort_orders_and_pages(catalogue: dict[str, JobPosting], api: ApiClient) -> None:
    by_pay = api.get("jobs/search?sort=pay&page_size=2").json()
    assert [r["title"] for r in by_pay["results"]] == [PRODUCT, PYTHON]
    assert (by_pay["total"], by_pay["pages"]) == (len(ALL), 3)
    second = api.get("jobs/search?sort=pay&page_size=2&page=2").json()
    assert second["page"] == 2
    assert not {r["title"] for r in second["results"]} & {PRODUCT, PYTHON}
    newest = api.get("jobs/search?sort=newest").json()
    # the index keeps whole seconds: postings published in the same second may swap
    seconds = [
        dt.datetime.fromisoformat(r["published_at"]).replace(microsecond=0)
        for r in newest["results"]
    ]
    assert seconds == sorted(seconds, reverse=True)
    assert len(seconds) == len(ALL)
    relevance = api.get("jobs/search?q=产品经理").json()
    assert [r["title"] for r in relevance["results"]][0] == PRODUCT


def test_facets_count_values_and_mark_the_selected_ones(
    catalogue: dict[str, JobPosting], api: ApiClient
) -> None:
    body = api.get("jobs/search?employment_type=part_time").json()
    kinds = {v["key"]: (v["count"], v["selected"]) for v in body["facets"]["employment_type"]}
    # the facet's own filter is left out, so the other value can still be added
    assert kinds == {"full_time": (5, False), "part_time": (1, True)}
    cities = {v["key"]: v["count"] for v in body["facets"]["city"]}
    assert cities == {"440100": 1}
    assert {v["key"] for v in body["facets"]["industry"]} == {"65"}


def test_nothing_found_suggests_relaxed_searches(
    catalogue: dict[str, JobPosting], api: ApiClient
) -> None:
    body = api.get("jobs/search?q=Python&division=310000").json()
    assert body["total"] == 0
    assert body["results"] == []
    assert {"query": "q=Python", "count": 1} in [
        {"query": s["query"], "count": s["count"]} for s in body["suggestions"]
    ]
    assert all(set(s) == {"label", "query", "count"} for s in body["suggestions"])
    assert all(s["label"] for s in body["suggestions"])


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("pay_min=abc", "pay_min"),
        ("pay_min=9000&pay_max=100", "pay_max"),
        ("pay_max=-1", "pay_max"),
        ("page=0", "page"),
        ("page=51", "page"),
        ("page_size=51", "page_size"),
        ("sort=cheapest", "sort"),
        ("division=999999", "division"),
        ("category=x", "category"),
        ("industry=99", "industry"),
        ("employment_type=slave", "employment_type"),
        ("education=phd", "education"),
        ("pay_band=1k", "pay_band"),
        ("experience_max=31", "experience_max"),
        ("posted_within=0", "posted_within"),
        ("verified_only=maybe", "verified_only"),
        (f"q={'长' * 101}", "q"),
        ("colour=blue", "colour"),  # unknown parameters are refused by the API
    ],
)
def test_bad_values_are_refused_with_a_message_per_field(
    api: ApiClient, query: str, field: str
) -> None:
    response = api.get(f"jobs/search?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "search_invalid"
    assert set(body) >= {"code", "message", "fields"}
    assert list(body["fields"]) == [field]


@pytest.mark.parametrize("name", sorted(PROTECTED_PARAMETERS))
def test_protected_attributes_are_never_search_criteria(api: ApiClient, name: str) -> None:
    response = api.get(f"jobs/search?{name}=x")
    assert response.status_code == 400
    assert response.json()["code"] == "search_invalid"
    assert name in response.json()["fields"]


@pytest.mark.parametrize("role", ["anonymous", "alice", "bob", "oscar"])
def test_anyone_may_search(
    catalogue: dict[str, JobPosting],
    api_as: Callable[[User | None], ApiClient],
    role: str,
) -> None:
    from rencai.testing import personas

    user = None if role == "anonymous" else personas.build(getattr(personas, role.upper()))
    response = api_as(user).get("jobs/search?q=食品")
    assert response.status_code == 200
    assert _titles(response.json()) == {INSPECTOR, BAKERY}


def test_only_published_postings_are_found(
    catalogue: dict[str, JobPosting], api: ApiClient, bob: User
) -> None:
    from rencai.orgs.queries import active_membership
    from rencai.testing.jobs import sample_content

    membership = active_membership(bob)
    assert membership is not None
    actions.create_posting(
        membership.organisation,
        membership,
        sample_content(title="Python 草稿职位"),
        actor=cli_actor(bob),
    )
    actions.pause_posting(catalogue[PRODUCT], actor=cli_actor(bob))
    assert _titles(api.get("jobs/search?q=Python").json()) == {PYTHON}
    assert PRODUCT not in _titles(api.get("jobs/search").json())


def test_minors_do_not_find_jobs_forbidden_to_them(
    catalogue: dict[str, JobPosting],
    api: ApiClient,
    api_as: Callable[[User | None], ApiClient],
    bob: User,
    oscar: User,
    yan: User,
) -> None:
    from rencai.testing import orgs as org_seeds
    from rencai.testing.jobs import publish

    mining = publish(
        org_seeds.build_org(org_seeds.COMPANY_A),
        bob,
        oscar,
        title="井下采掘工",
        category="6-16",
        occupational_hazards="井下粉尘、噪声，配发防护用品",
        requirements="身体健康，持特种作业证者优先。",
    )
    assert mining.minor_prohibited
    assert _titles(api.get("jobs/search?q=采掘").json()) == {"井下采掘工"}
    minor = api_as(yan).get("jobs/search?q=采掘").json()
    assert minor["total"] == 0
    assert minor["results"] == []
    assert api_as(yan).get("jobs/search").json()["total"] == len(ALL)


def test_html_in_titles_is_escaped(
    catalogue: dict[str, JobPosting], api: ApiClient, bob: User, oscar: User
) -> None:
    from rencai.testing import orgs as org_seeds
    from rencai.testing.jobs import publish

    publish(org_seeds.build_org(org_seeds.COMPANY_A), bob, oscar, title="前端 <b>工程师</b>")
    [result] = api.get("jobs/search?q=前端").json()["results"]
    assert result["title"] == "前端 <b>工程师</b>"
    assert result["title_html"] == "<mark>前端</mark> &lt;b&gt;工程师&lt;/b&gt;"

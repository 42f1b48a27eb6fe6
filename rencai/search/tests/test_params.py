"""Search parameters: parsing, validation, the canonical query string, bands and helpers."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from typing import Any

import pytest
from django.http import QueryDict

from rencai.core.errors import DomainError
from rencai.search.params import (
    PAGE_SIZE,
    PAY_BAND_KEYS,
    PAY_BANDS,
    PROTECTED_PARAMETERS,
    QUERY_MAX_LENGTH,
    PayBand,
    SearchParams,
    Sort,
    parse_params,
    pay_band_label,
    pay_band_of,
)


def _invalid(data: Any, *, strict: bool = False) -> dict[str, Any]:
    """The fields of the ``search_invalid`` error that parsing ``data`` raises."""
    with pytest.raises(DomainError) as caught:
        parse_params(data, strict=strict)
    error = caught.value
    assert (error.code, error.status) == ("search_invalid", 400)
    assert all(str(message) for message in error.fields.values())
    return error.fields


def test_nothing_given_is_the_default_blank_search() -> None:
    params = parse_params({})
    assert params == SearchParams()
    assert params.is_blank()
    assert (params.sort, params.page, params.page_size, params.offset) == (
        Sort.RELEVANCE,
        1,
        PAGE_SIZE,
        0,
    )


# --- every parameter ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"q": "  Java 开发 "}, {"q": "Java 开发"}),
        ({"q": ["会计", "出纳"]}, {"q": "会计 出纳"}),
        ({"division": "440300"}, {"division": "440300"}),
        ({"division": "310000"}, {"division": "310000"}),
        ({"category": "2-02"}, {"category": "2-02"}),
        ({"category": "2"}, {"category": "2"}),
        ({"industry": ["65", "14"]}, {"industry": ("65", "14")}),
        ({"industry": "65,65"}, {"industry": ("65",)}),
        ({"pay_min": "8000"}, {"pay_min": 8000}),
        ({"pay_max": "0"}, {"pay_max": 0}),
        ({"pay_min": "8000", "pay_max": "8000"}, {"pay_min": 8000, "pay_max": 8000}),
        ({"pay_band": ["3-5k", "30k+"]}, {"pay_band": ("3-5k", "30k+")}),
        (
            {"employment_type": "full_time,part_time"},
            {"employment_type": ("full_time", "part_time")},
        ),
        ({"education": ["bachelor", "bachelor"]}, {"education": ("bachelor",)}),
        ({"experience_max": "0"}, {"experience_max": 0}),
        ({"experience_max": "30"}, {"experience_max": 30}),
        ({"posted_within": "7"}, {"posted_within": 7}),
        ({"verified_only": "1"}, {"verified_only": True}),
        ({"verified_only": "true"}, {"verified_only": True}),
        ({"verified_only": "on"}, {"verified_only": True}),
        ({"verified_only": "0"}, {"verified_only": False}),
        ({"verified_only": "no"}, {"verified_only": False}),
        ({"sort": "newest"}, {"sort": Sort.NEWEST}),
        ({"sort": "pay"}, {"sort": Sort.PAY}),
        ({"page": "50"}, {"page": 50}),
        ({"page_size": "50", "page": "3"}, {"page_size": 50, "page": 3}),
    ],
)
def test_each_parameter_is_parsed(data: dict[str, Any], expected: dict[str, Any]) -> None:
    assert parse_params(data) == SearchParams(**expected)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"q": "岗" * (QUERY_MAX_LENGTH + 1)}, "q"),
        ({"division": "999999"}, "division"),
        ({"division": "北京"}, "division"),
        ({"category": "9-99"}, "category"),
        ({"industry": ["65", "00"]}, "industry"),
        ({"pay_min": "abc"}, "pay_min"),
        ({"pay_min": "-1"}, "pay_min"),
        ({"pay_max": "1000001"}, "pay_max"),
        ({"pay_min": "9000", "pay_max": "8000"}, "pay_max"),
        ({"pay_band": "3-4k"}, "pay_band"),
        ({"employment_type": "full_time,slavery"}, "employment_type"),
        ({"education": "phd"}, "education"),
        ({"experience_max": "31"}, "experience_max"),
        ({"experience_max": "1.5"}, "experience_max"),
        ({"posted_within": "0"}, "posted_within"),
        ({"posted_within": "366"}, "posted_within"),
        ({"verified_only": "maybe"}, "verified_only"),
        ({"sort": "salary"}, "sort"),
        ({"page": "0"}, "page"),
        ({"page": "51"}, "page"),
        ({"page_size": "51"}, "page_size"),
        ({"page_size": "ten"}, "page_size"),
    ],
)
def test_bad_values_are_refused_naming_the_field(data: dict[str, Any], field: str) -> None:
    assert set(_invalid(data)) == {field}


def test_every_bad_field_is_reported_at_once() -> None:
    fields = _invalid({"pay_min": "x", "sort": "x", "division": "x", "q": "会计"})
    assert set(fields) == {"pay_min", "sort", "division"}


def test_a_query_dict_with_repeated_and_comma_separated_values() -> None:
    data = QueryDict("q=会计&employment_type=full_time&employment_type=part_time,full_time")
    params = parse_params(data)
    assert params.q == "会计"
    assert params.employment_type == ("full_time", "part_time")
    assert parse_params(QueryDict("page=2&page=3")).page == 3  # the last value wins


# --- protected attributes and strict mode ----------------------------------------------


@pytest.mark.parametrize("name", sorted(PROTECTED_PARAMETERS))
@pytest.mark.parametrize("strict", [False, True])
def test_protected_attributes_are_never_search_criteria(name: str, strict: bool) -> None:
    assert set(_invalid({"q": "会计", name: "1"}, strict=strict)) == {name}


def test_protected_attributes_include_the_discriminatory_ones() -> None:
    assert {"gender", "age", "hukou", "ethnicity", "religion", "marital_status"} <= (
        PROTECTED_PARAMETERS
    )


def test_strict_mode_refuses_unknown_names_and_pages_ignore_them() -> None:
    data = {"q": "会计", "utm_source": "mail", "published_after": "2026-01-01"}
    assert parse_params(data) == SearchParams(q="会计")
    assert set(_invalid(data, strict=True)) == {"utm_source", "published_after"}
    known = {"q": "会计", "division": "440300", "sort": "newest", "page": "2", "page_size": "10"}
    assert parse_params(known, strict=True) == parse_params(known)


# --- the canonical query string ----------------------------------------------------------

EXAMPLES = [
    SearchParams(),
    SearchParams(q="Java 开发"),
    SearchParams(q="會計 & 出纳?", division="440300", pay_min=8000, pay_max=20000),
    SearchParams(
        pay_band=("3-5k", "30k+"),
        employment_type=("part_time", "full_time"),
        education=("bachelor",),
        experience_max=0,
        industry=("65", "14"),
        category="2-02",
        posted_within=7,
        verified_only=True,
        sort=Sort.PAY,
        page=3,
        page_size=10,
    ),
]


@pytest.mark.parametrize("params", EXAMPLES)
def test_query_string_round_trip(params: SearchParams) -> None:
    assert parse_params(QueryDict(params.query_string()), strict=True) == params
    unpaged = parse_params(QueryDict(params.query_string(paging=False)))
    assert unpaged == SearchParams(**{**params.__dict__, "page": 1, "page_size": PAGE_SIZE})


def test_query_string_leaves_defaults_out() -> None:
    assert SearchParams().query_string() == ""
    params = SearchParams(q="会计", verified_only=True, pay_band=("3-5k", "5-8k"), page=2)
    assert params.query_items() == [
        ("q", "会计"),
        ("pay_band", "3-5k"),
        ("pay_band", "5-8k"),
        ("verified_only", "1"),
        ("page", "2"),
    ]
    assert ("page", "2") not in params.query_items(paging=False)


def test_published_after_is_not_part_of_the_query_or_equality() -> None:
    moment = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    params = SearchParams(q="会计", published_after=moment)
    assert params == SearchParams(q="会计")
    assert params.query_string() == "q=%E4%BC%9A%E8%AE%A1"


# --- helpers -----------------------------------------------------------------------------


def test_filters_are_the_set_filters_without_query_sort_and_paging() -> None:
    params = SearchParams(
        q="会计", division="440300", pay_band=("3-5k",), sort=Sort.NEWEST, page=4, page_size=10
    )
    assert params.filters() == {"division": "440300", "pay_band": ("3-5k",)}
    assert SearchParams(q="会计", sort=Sort.PAY).filters() == {}


def test_without_resets_one_filter_and_goes_back_to_page_one() -> None:
    params = SearchParams(q="会计", division="440300", pay_min=5000, page=3)
    assert params.without("division") == SearchParams(q="会计", pay_min=5000)
    assert params.without("q") == SearchParams(division="440300", pay_min=5000)
    assert SearchParams(pay_band=("3-5k",)).without("pay_band").pay_band == ()


@pytest.mark.parametrize(
    ("params", "blank"),
    [
        (SearchParams(), True),
        (SearchParams(q="   "), True),
        (SearchParams(sort=Sort.NEWEST, page=2), True),  # ordering and paging are no search
        (SearchParams(q="会计"), False),
        (SearchParams(division="440300"), False),
        (SearchParams(verified_only=True), False),
    ],
)
def test_is_blank(params: SearchParams, blank: bool) -> None:
    assert params.is_blank() is blank


def test_offset_follows_page_and_size() -> None:
    assert SearchParams(page=3, page_size=20).offset == 40
    assert SearchParams(page=1, page_size=10).offset == 0


# --- pay bands ---------------------------------------------------------------------------


def test_pay_bands_cover_every_amount_without_gaps() -> None:
    assert PAY_BAND_KEYS == ("0-3k", "3-5k", "5-8k", "8-12k", "12-20k", "20-30k", "30k+")
    for lower, upper in pairwise(PAY_BANDS):
        assert lower.high == upper.low
    assert PAY_BANDS[0].low == 0
    assert PAY_BANDS[-1].high is None


@pytest.mark.parametrize(
    ("low", "high", "band"),
    [
        (0, 0, "0-3k"),
        (2000, 3999, "0-3k"),  # the mid-point 2999 decides
        (3000, 3000, "3-5k"),
        (4000, 8000, "5-8k"),
        (8000, 12000, "8-12k"),
        (10000, 14000, "12-20k"),
        (20000, 39998, "20-30k"),
        (25000, 40000, "30k+"),
        (100000, 200000, "30k+"),
    ],
)
def test_a_posting_is_in_the_band_of_its_mid_point(low: int, high: int, band: str) -> None:
    assert pay_band_of(low, high) == band


def test_band_edges() -> None:
    band = PayBand("5-8k", 5000, 8000)
    assert band.contains(5000)
    assert band.contains(7999)
    assert not band.contains(8000)
    assert not band.contains(4999)
    assert PayBand("30k+", 30000, None).contains(10**9)


def test_pay_band_labels_show_the_amounts() -> None:
    assert "3,000" in pay_band_label("3-5k")
    assert "5,000" in pay_band_label("3-5k")
    assert "30,000" in pay_band_label("30k+")
    assert pay_band_label("unknown") == "unknown"

"""Reference data on pages and in the API: the division options endpoint, the form fields
(round trip, re-rendering, the no-JavaScript path) and the public API router."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.test import Client
from django.urls import include, path
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError
from ninja.testing import TestClient

from rencai import urls as project_urls
from rencai.api import domain_error, validation_error
from rencai.core.errors import DomainError
from rencai.core.reference_api import router
from rencai.core.reference_forms import DivisionField, IndustryField, division_slots, most_specific

# The project's URLs (error pages need them) plus rencai.core.reference_urls, whether or not
# the project includes it yet.
urlpatterns = list(project_urls.urlpatterns)
if not any(getattr(pattern, "namespace", None) == "reference" for pattern in urlpatterns):
    urlpatterns.insert(0, path("", include("rencai.core.reference_urls")))

pytestmark = pytest.mark.urls(__name__)

OPTIONS_URL = "/reference/divisions/options"


def _options(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<option value="(\d*)"(?: selected)?>([^<]*)</option>', html)


def _selected(html: str, name: str) -> str:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select is not None
    chosen = re.search(r'<option value="(\d*)" selected>', select.group(0))
    return chosen.group(1) if chosen else ""


def _select_options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select is not None
    return [code for code, _text in _options(select.group(0))]


# --- the options endpoint -----------------------------------------------------------------


def test_options_without_parent_are_the_provinces(client: Client) -> None:
    response = client.get(OPTIONS_URL)
    assert response.status_code == 200
    options = _options(response.content.decode())
    assert options[0][0] == ""
    assert len(options) == 32
    assert ("440000", "广东省") in options


def test_options_of_a_municipality_are_its_districts(client: Client) -> None:
    options = _options(client.get(OPTIONS_URL, {"parent": "110000"}).content.decode())
    assert len(options) == 17
    assert ("110105", "朝阳区") in options
    assert not [text for _code, text in options if text == "市辖区"]


def test_options_of_a_city(client: Client) -> None:
    options = _options(client.get(OPTIONS_URL, {"parent": "440300"}).content.decode())
    assert ("440305", "南山区") in options
    assert all(code.startswith("4403") for code, _text in options[1:])


def test_a_city_without_districts_has_only_the_empty_option(client: Client) -> None:
    assert _options(client.get(OPTIONS_URL, {"parent": "441900"}).content.decode()) == [("", "—")]


def test_options_read_the_parent_from_the_named_select(client: Client) -> None:
    html = client.get(OPTIONS_URL, {"source": "office_1", "office_1": "440000"}).content
    assert ("440300", "深圳市") in _options(html.decode())
    empty = client.get(OPTIONS_URL, {"source": "office_1", "office_1": ""}).content
    assert _options(empty.decode()) == [("", "—")]


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"parent": "44"}, 400),
        ({"parent": "abcdef"}, 400),
        ({"parent": "999999"}, 404),
        ({"parent": "110100"}, 404),
        ({"source": "office_2", "office_2": "4403"}, 400),
    ],
)
def test_options_reject_bad_parents(client: Client, params: dict[str, str], status: int) -> None:
    assert client.get(OPTIONS_URL, params).status_code == status


def test_options_need_no_database(client: Client, django_assert_num_queries, db) -> None:
    with django_assert_num_queries(0):
        assert client.get(OPTIONS_URL, {"parent": "440000"}).status_code == 200


def test_options_only_answer_get(client: Client) -> None:
    assert client.post(OPTIONS_URL).status_code == 405


# --- the form fields ----------------------------------------------------------------------


class OfficeForm(forms.Form):
    office = DivisionField(label="Office", min_level=3)
    industry = IndustryField(label="Industry")


class OptionalPlaceForm(forms.Form):
    place = DivisionField(label="Place", required=False)


def test_division_slots_and_most_specific() -> None:
    assert division_slots("440305") == ["440000", "440300", "440305"]
    assert division_slots("110105") == ["110000", "110105", ""]
    assert division_slots("999999") == ["999999", "", ""]
    assert most_specific(["440000", "440300", "440305"]) == "440305"
    assert most_specific(["440000", "110105", ""]) == "440000"  # left over from Beijing
    assert most_specific(["440000", "999999", ""]) == "999999"
    assert most_specific(["", "440300", ""]) == ""


def test_valid_form_cleans_to_the_most_specific_codes() -> None:
    form = OfficeForm(
        {"office_1": "440000", "office_2": "440300", "office_3": "440305", "industry": "65"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"office": "440305", "industry": "65"}


def test_municipality_needs_two_selects() -> None:
    form = OfficeForm({"office_1": "110000", "office_2": "110105", "industry": "65"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["office"] == "110105"


def test_a_plain_code_is_accepted() -> None:
    form = OfficeForm({"office": "429004", "industry": "84"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["office"] == "429004"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({}, "required"),
        ({"office_1": "440000"}, "division_too_coarse"),
        ({"office_1": "440000", "office_2": "440300"}, "division_too_coarse"),
        ({"office_1": "440000", "office_2": "110105"}, "division_too_coarse"),
        ({"office_1": "999999"}, "division_invalid"),
        ({"office_1": "110100"}, "division_invalid"),
    ],
)
def test_invalid_divisions(data: dict[str, str], code: str) -> None:
    form = OfficeForm({**data, "industry": "65"})
    assert not form.is_valid()
    assert [error.code for error in form.errors.as_data()["office"]] == [code]


@pytest.mark.parametrize(("value", "code"), [("", "required"), ("I", "industry_invalid")])
def test_invalid_industries(value: str, code: str) -> None:
    form = OfficeForm({"office": "440305", "industry": value})
    assert not form.is_valid()
    assert [error.code for error in form.errors.as_data()["industry"]] == [code]


def test_optional_division_may_stay_empty_or_be_coarse() -> None:
    empty = OptionalPlaceForm({"place_1": "", "place_2": "", "place_3": ""})
    assert empty.is_valid()
    assert empty.cleaned_data["place"] == ""
    assert not empty.has_changed()
    coarse = OptionalPlaceForm({"place_1": "440000", "place_2": "110105"})
    assert coarse.is_valid()
    assert coarse.cleaned_data["place"] == "440000"


def test_initial_code_prefills_all_three_selects() -> None:
    html = str(OfficeForm(initial={"office": "440305"})["office"])
    assert _selected(html, "office_1") == "440000"
    assert _selected(html, "office_2") == "440300"
    assert _selected(html, "office_3") == "440305"
    assert "440306" in _select_options(html, "office_3")


def test_has_changed_compares_the_most_specific_code() -> None:
    same = {"office_1": "440000", "office_2": "440300", "office_3": "440305", "industry": "65"}
    initial = {"office": "440305", "industry": "65"}
    assert not OfficeForm(same, initial=initial).has_changed()
    moved = {**same, "office_3": "440306"}
    assert OfficeForm(moved, initial=initial).changed_data == ["office"]


def test_bound_form_keeps_the_choices_when_re_rendered() -> None:
    form = OfficeForm(
        {"office_1": "440000", "office_2": "440300", "office_3": "440305", "industry": "I"}
    )
    assert not form.is_valid()
    html = str(form["office"])
    assert [_selected(html, f"office_{n}") for n in (1, 2, 3)] == ["440000", "440300", "440305"]
    assert "aria-invalid" not in html  # the division is fine; only the industry is wrong


def test_without_javascript_the_next_list_appears_after_submitting() -> None:
    form = OfficeForm({"office_1": "440000", "office_2": "", "office_3": "", "industry": "65"})
    assert not form.is_valid()
    html = str(form["office"])
    assert _selected(html, "office_1") == "440000"
    cities = _select_options(html, "office_2")
    assert cities[0] == ""
    assert "440300" in cities
    assert all(code.startswith("44") for code in cities[1:])
    assert _select_options(html, "office_3") == [""]
    assert "<noscript>" in html


def test_a_stale_city_is_not_shown_after_the_province_changed() -> None:
    form = OfficeForm({"office_1": "440000", "office_2": "110105", "industry": "65"})
    html = str(form["office"])
    assert _selected(html, "office_1") == "440000"
    assert _selected(html, "office_2") == ""
    assert "110105" not in _select_options(html, "office_2")


def test_the_selects_reload_through_htmx() -> None:
    html = str(OfficeForm()["office"])
    assert 'name="office_1"' in html and "required" in html.split('name="office_2"')[0]
    assert f'hx-get="{OPTIONS_URL}?source=office_1"' in html
    assert 'hx-include="#id_office_1"' in html
    assert 'hx-trigger="change from:#id_office_1"' in html
    assert 'hx-trigger="change from:#id_office_2, htmx:afterSwap from:#id_office_2"' in html
    assert '<label for="id_office_3">' in html


def test_industry_select_has_one_optgroup_per_section() -> None:
    html = str(OfficeForm()["industry"])
    assert html.count("<optgroup") == 20
    assert '<optgroup label="I 信息传输、软件和信息技术服务业">' in html
    assert '<option value="65">65 软件和信息技术服务业</option>' in html


# --- the API router -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def api_client() -> TestClient:
    """The router on its own API, with the project's error envelope."""
    api = NinjaAPI(urls_namespace="reference-api-test")
    api.add_router("", router)
    api.add_exception_handler(DomainError, domain_error)
    api.add_exception_handler(NinjaValidationError, validation_error)
    return TestClient(api)


def test_api_lists_provinces(api_client: TestClient) -> None:
    response = api_client.get("/divisions")
    assert response.status_code == 200
    body = response.json()
    assert len(body) == 31
    assert body[0] == {"code": "110000", "name": "北京市", "level": 1, "parent_code": None}


def test_api_lists_children(api_client: TestClient) -> None:
    body = api_client.get("/divisions?parent=110000").json()
    assert len(body) == 16
    assert {"code": "110105", "name": "朝阳区", "level": 3, "parent_code": "110000"} in body


@pytest.mark.parametrize("parent", ["44", "abcdef", "", "4403001"])
def test_api_rejects_a_malformed_parent(api_client: TestClient, parent: str) -> None:
    response = api_client.get(f"/divisions?parent={parent}")
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


@pytest.mark.parametrize("parent", ["999999", "110100"])
def test_api_unknown_parent_is_404(api_client: TestClient, parent: str) -> None:
    response = api_client.get(f"/divisions?parent={parent}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_api_division_detail(api_client: TestClient) -> None:
    response = api_client.get("/divisions/440305")
    assert response.status_code == 200
    assert response.json() == {
        "code": "440305",
        "name": "南山区",
        "level": 3,
        "parent_code": "440300",
        "display_name": "广东省 深圳市 南山区",
        "ancestors": [
            {"code": "440000", "name": "广东省", "level": 1, "parent_code": None},
            {"code": "440300", "name": "深圳市", "level": 2, "parent_code": "440000"},
        ],
    }
    assert api_client.get("/divisions/110105").json()["display_name"] == "北京市 朝阳区"


@pytest.mark.parametrize("code", ["999999", "110100", "abc"])
def test_api_unknown_division_is_404(api_client: TestClient, code: str) -> None:
    response = api_client.get(f"/divisions/{code}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_api_lists_industries(api_client: TestClient) -> None:
    body = api_client.get("/industries").json()
    assert len(body) == 97
    assert {
        "code": "65",
        "name": "软件和信息技术服务业",
        "section": "I",
        "section_name": "信息传输、软件和信息技术服务业",
    } in body


def test_api_filters_industries_by_section(api_client: TestClient) -> None:
    body = api_client.get("/industries?section=Q").json()
    assert [(item["code"], item["name"]) for item in body] == [("84", "卫生"), ("85", "社会工作")]


@pytest.mark.parametrize("section", ["Z", "i", "IJ"])
def test_api_rejects_a_malformed_section(api_client: TestClient, section: str) -> None:
    assert api_client.get(f"/industries?section={section}").status_code == 422


def test_api_needs_no_authentication() -> None:
    assert TestClient(router).get("/divisions/440305").status_code == 200

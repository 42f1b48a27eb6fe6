"""Employer resume search (issue 7): the seeker's rules inside the index query on every
backend (PI-05), freshness after visibility is turned off (PI-20), masked cards in JSON and
HTML (PI-07), protected filters refused (DIS-03), who may search, query counts, the rate
limit and the rebuild command.

The backend tests run on ``tantivy`` (every leg) and ``postgres`` (the PostgreSQL leg).
Resumes are written with the ORM here (the resumes app's actions are tested there) and
reach the index through the hook the resumes app calls, ``indexing.resumes_changed``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from conftest import ApiClient
from rencai.accounts.models import User
from rencai.orgs.models import Organisation
from rencai.resumes.choices import EntryKind, Visibility
from rencai.resumes.models import HiddenOrganisation, Resume, ResumeEntry
from rencai.search import indexing
from rencai.search.backends import get_resume_backend, reset_backends
from rencai.search.resume_documents import RESUME_FIELDS, iter_documents
from rencai.search.resume_service import (
    PROTECTED_PARAMETERS,
    ResumeSearchParams,
    parse_resume_params,
    resume_query,
    search_resumes,
)
from rencai.testing import orgs as org_seeds

pytestmark = pytest.mark.django_db

URL = "employer/resume-search"
PAGE = "/employer/resume-search/"
CARD_KEYS = {
    "id",
    "url",
    "masked_name",
    "city",
    "city_name",
    "intended_cities",
    "experience_years",
    "education",
    "education_label",
    "latest_position",
    "skills",
    "updated_at",
    "snippet_html",
}


@pytest.fixture(params=["tantivy", "postgres"])
def backend(request: pytest.FixtureRequest, settings: Any) -> str:
    """The resume backend under test, configured as the live one."""
    name = str(request.param)
    if name == "postgres" and connection.vendor != "postgresql":
        pytest.skip("the postgres backend runs on the PostgreSQL leg")
    settings.SEARCH_BACKEND = name
    reset_backends()
    return name


@pytest.fixture
def company_a(db: None) -> Organisation:
    return org_seeds.build_org(org_seeds.COMPANY_A)  # Bob's, Shenzhen


@pytest.fixture
def company_b(db: None) -> Organisation:
    return org_seeds.build_org(org_seeds.COMPANY_B)  # Dave's, Shanghai


@pytest.fixture
def agency(db: None) -> Organisation:
    return org_seeds.build_org(org_seeds.AGENCY)  # Carol's


_seekers = iter(range(10_000))


def seeker(name: str = "") -> User:
    number = next(_seekers)
    return User.objects.create(display_name=name or f"求职者{number}")


def make_resume(
    owner: User,
    *,
    visibility: str = Visibility.EMPLOYERS,
    full_name: str = "王爱丽",
    position: str = "Python开发工程师",
    skills: tuple[str, ...] = ("Python", "Django"),
    city: str = "440305",
    intended: tuple[str, ...] = ("440300",),
    education: str = "bachelor",
    months: int = 40,
    assessment: str = "踏实认真，善于沟通，熟悉 Python 后端开发。",
) -> Resume:
    """A resume with one job and one school, indexed through the resumes app's hook."""
    with transaction.atomic():
        resume = Resume.objects.create(
            owner=owner,
            title="我的简历",
            visibility=visibility,
            full_name=full_name,
            phone="13800138001",
            email="alice.wang@example.com",
            city=city,
            intended_cities=list(intended),
            skills=[{"name": skill, "level": "good"} for skill in skills],
            self_assessment=assessment,
            highest_education=education,
            experience_months=months,
            ethnicity="汉族",
            hukou_division="110105",
        )
        ResumeEntry.objects.create(
            resume=resume,
            kind=EntryKind.WORK,
            organisation="深圳星河网络科技有限公司",
            title=position,
            start=dt.date(2023, 7, 1),
            description=f"负责招聘系统后端开发，{position}。",
        )
        ResumeEntry.objects.create(
            resume=resume,
            kind=EntryKind.EDUCATION,
            organisation="华南理工大学",
            title="计算机科学与技术",
            degree=education,
        )
        indexing.resumes_changed([resume.pk])
    return resume


def set_visibility(resume: Resume, visibility: str) -> None:
    """What the resumes app's visibility action does: change it and call the hook."""
    with transaction.atomic():
        Resume.objects.filter(pk=resume.pk).update(visibility=visibility)
        indexing.resumes_changed([resume.pk])


def hide_from(owner: User, org: Organisation) -> None:
    """What the resumes app's hide-company action does: add the USCC and reindex every
    resume of the seeker."""
    with transaction.atomic():
        HiddenOrganisation.objects.create(
            owner=owner, uscc=org.uscc, name=org.legal_name, organisation=org
        )
        indexing.seeker_resumes_changed(owner.pk)


def engine_ids(org: Organisation, **params: Any) -> tuple[list[str], int]:
    """What the index itself answers for ``org`` (no row loading after it)."""
    query = resume_query(ResumeSearchParams(**params), org)
    result = get_resume_backend().search(query)
    return result.ids, result.total


def found(org: Organisation, **params: Any) -> list[str]:
    response = search_resumes(ResumeSearchParams(**params), org=org)
    assert not response.degraded  # answered by the index, not the database fallback
    return [hit.id for hit in response.hits]


# --- the seeker's rules inside the query (PI-05) ---------------------------------------


def test_hidden_company_never_finds_the_resume_pi05(
    backend: str, alice: User, company_a: Organisation, company_b: Organisation
) -> None:
    resume = make_resume(alice)
    other = make_resume(seeker(), full_name="李明")
    assert str(resume.pk) in engine_ids(company_a, q="Python")[0]
    hide_from(alice, company_a)
    ids, total = engine_ids(company_a, q="Python")
    assert ids == [str(other.pk)] and total == 1  # excluded by the query, not afterwards
    assert found(company_a, q="Python") == [str(other.pk)]
    assert set(found(company_b, q="Python")) == {str(resume.pk), str(other.pk)}


def test_hidden_company_matched_on_uscc_applies_to_every_resume_of_the_seeker_pi05(
    backend: str, alice: User, company_a: Organisation
) -> None:
    first = make_resume(alice)
    second = make_resume(alice, position="数据分析师", skills=("SQL",))
    hide_from(alice, company_a)
    assert engine_ids(company_a) == ([], 0)
    stamps = get_resume_backend().stamps()
    assert {str(first.pk), str(second.pk)} <= set(stamps)  # still findable by others


def test_agency_never_finds_employers_only_resumes_pi05(
    backend: str, alice: User, company_a: Organisation, agency: Organisation
) -> None:
    employers_only = make_resume(alice)
    public = make_resume(seeker(), full_name="李明", visibility=Visibility.PUBLIC)
    ids, total = engine_ids(agency, q="Python")
    assert ids == [str(public.pk)] and total == 1
    assert found(agency, q="Python") == [str(public.pk)]
    assert set(found(company_a, q="Python")) == {str(employers_only.pk), str(public.pk)}


def test_invisible_resumes_are_not_in_the_index_pi05(
    backend: str, alice: User, company_a: Organisation, agency: Organisation
) -> None:
    hidden = make_resume(alice, visibility=Visibility.HIDDEN)
    assert str(hidden.pk) not in get_resume_backend().stamps()
    assert engine_ids(company_a) == ([], 0)
    assert found(company_a, q="Python") == [] and found(agency) == []


def test_turning_visibility_off_removes_the_resume_from_the_index_pi20(
    backend: str, alice: User, company_a: Organisation
) -> None:
    resume = make_resume(alice)
    assert found(company_a, q="Python") == [str(resume.pk)]
    set_visibility(resume, Visibility.HIDDEN)
    assert engine_ids(company_a, q="Python") == ([], 0)
    assert str(resume.pk) not in get_resume_backend().stamps()
    set_visibility(resume, Visibility.PUBLIC)
    assert found(company_a, q="Python") == [str(resume.pk)]


@pytest.mark.real_on_commit
def test_visibility_off_is_never_shown_after_the_commit_even_before_the_index_task_pi20(
    backend: str,
    alice: User,
    company_a: Organisation,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        resume = make_resume(alice)
    assert found(company_a, q="Python") == [str(resume.pk)]
    with django_capture_on_commit_callbacks(execute=False) as pending:
        set_visibility(resume, Visibility.HIDDEN)
    assert len(pending) == 1  # the index task waits for the commit
    assert engine_ids(company_a, q="Python")[0] == [str(resume.pk)]  # index not yet updated
    assert found(company_a, q="Python") == []  # but the rows go through the access rule
    for callback in pending:
        callback()
    assert engine_ids(company_a, q="Python") == ([], 0)


def test_deleted_resumes_leave_the_index(
    backend: str, alice: User, company_a: Organisation
) -> None:
    resume = make_resume(alice)
    with transaction.atomic():
        resume_id = resume.pk
        resume.delete()
        indexing.resumes_changed([resume_id])
    assert str(resume_id) not in get_resume_backend().stamps()


def test_deactivated_owners_leave_the_index(
    backend: str, alice: User, company_a: Organisation
) -> None:
    make_resume(alice)
    with transaction.atomic():
        User.objects.filter(pk=alice.pk).update(is_active=False)
        indexing.seeker_resumes_changed(alice.pk)
    assert engine_ids(company_a) == ([], 0)


# --- matching and filters --------------------------------------------------------------


def test_words_filters_and_facets(backend: str, company_a: Organisation) -> None:
    python = make_resume(seeker(), months=40, education="bachelor", intended=("440300",))
    sales = make_resume(
        seeker(),
        full_name="李明",
        position="大客户销售",
        skills=("渠道拓展",),
        city="310115",
        intended=("310000",),
        education="associate",
        months=8,
        assessment="五年快消品渠道销售经验。",
    )
    master = make_resume(
        seeker(),
        full_name="欧阳娜娜",
        position="测试工程师",
        skills=("Selenium",),
        city="110105",
        intended=("110000",),
        education="master",
        months=130,
        assessment="熟悉自动化测试。",
    )
    assert found(company_a, q="python") == [str(python.pk)]
    assert found(company_a, q="销售") == [str(sales.pk)]
    assert found(company_a, q="测试") == [str(master.pk)]  # a sub-word of 测试工程师
    assert found(company_a, q="华南理工大学") != []  # schools are searched
    assert found(company_a, city="440000") == [str(python.pk)]  # a province includes Shenzhen
    assert found(company_a, city="310000") == [str(sales.pk)]
    assert set(found(company_a, education="bachelor")) == {str(python.pk), str(master.pk)}
    assert found(company_a, experience_min=5) == [str(master.pk)]
    assert found(company_a, experience_max=0) == [str(sales.pk)]
    assert set(found(company_a, experience_min=1, experience_max=3)) == {str(python.pk)}
    response = search_resumes(ResumeSearchParams(), org=company_a)
    assert response.total == 3 and not response.degraded
    # Education counts "this level or higher", as the filter selects.
    education = {value.key: value.count for value in response.facets["education"]}
    assert education == {"associate": 3, "bachelor": 2, "master": 1}
    cities = {value.key: value.count for value in response.facets["city"]}
    assert cities["440300"] == 1 and cities["310000"] == 1
    # A set filter's own facet keeps its other values (disjunctive facets).
    narrowed = search_resumes(ResumeSearchParams(education="master"), org=company_a)
    assert not narrowed.degraded
    assert narrowed.total == 1 and len(narrowed.facets["education"]) == 3


def test_updated_within_and_sort(backend: str, company_a: Organisation) -> None:
    old = make_resume(seeker())
    Resume.objects.filter(pk=old.pk).update(
        updated_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=40)
    )
    with transaction.atomic():
        indexing.resumes_changed([old.pk])
    new = make_resume(seeker(), full_name="李明")
    assert found(company_a, updated_within=30) == [str(new.pk)]
    assert found(company_a, sort="updated") == [str(new.pk), str(old.pk)]
    assert found(company_a) == [str(new.pk), str(old.pk)]  # newest first without words


def test_documents_never_hold_personal_data_dis09(alice: User) -> None:
    make_resume(alice)
    for name in ("full_name", "phone", "email", "ethnicity", "hukou_division", "photo"):
        assert name not in RESUME_FIELDS
    (document,) = list(iter_documents())
    text = repr(document)
    for secret in ("王爱丽", "13800138001", "alice.wang", "汉族", "110105"):
        assert secret not in text


# --- the API ---------------------------------------------------------------------------


def test_api_returns_masked_cards_pi07(
    api_as: Callable[[User | None], ApiClient], bob: User, alice: User, company_a: Organisation
) -> None:
    resume = make_resume(alice)
    response = api_as(bob).get(f"{URL}?q=python")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["total"] == 1
    (card,) = body["items"]
    # Activity and talent insight while the seeker allows them (ALG-05, privacy tests).
    assert set(card) == CARD_KEYS | {"activity", "talent_insight"}
    assert card["id"] == str(resume.pk)
    assert card["masked_name"] == "王**"
    assert card["url"] == f"/employer/resumes/{resume.pk}/"
    assert card["latest_position"] == "Python开发工程师"
    assert card["skills"] == ["Python", "Django"]
    assert card["experience_years"] == 3 and card["education"] == "bachelor"
    assert "<mark>" in card["snippet_html"]
    raw = response.content.decode()
    for secret in ("王爱丽", "13800138001", "alice.wang@example.com", "汉族", "110105"):
        assert secret not in raw


@pytest.mark.parametrize("name", sorted(PROTECTED_PARAMETERS))
def test_api_refuses_protected_filters_dis03(
    api_as: Callable[[User | None], ApiClient], bob: User, company_a: Organisation, name: str
) -> None:
    response = api_as(bob).get(f"{URL}?q=python&{name}=1")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "protected_attribute_filter"
    assert name in body["fields"]


def test_api_refuses_unknown_parameters_and_bad_values(
    api_as: Callable[[User | None], ApiClient], bob: User, company_a: Organisation
) -> None:
    client = api_as(bob)
    unknown = client.get(f"{URL}?salary=1")
    assert unknown.status_code == 400 and unknown.json()["code"] == "search_invalid"
    assert "salary" in unknown.json()["fields"]
    bad = client.get(f"{URL}?experience_min=5&experience_max=2&education=phd&city=999999")
    assert bad.status_code == 400 and bad.json()["code"] == "search_invalid"
    assert set(bad.json()["fields"]) == {"experience_max", "education", "city"}


def test_page_parameters_refuse_protected_names_case_insensitively_dis03() -> None:
    from rencai.core.errors import DomainError

    with pytest.raises(DomainError) as error:
        parse_resume_params({"Gender": "female"})
    assert error.value.code == "protected_attribute_filter"


def test_api_role_matrix(
    api_as: Callable[[User | None], ApiClient],
    alice: User,
    bob: User,
    carol: User,
    dave: User,
    oscar: User,
    rita: User,
    company_a: Organisation,
    agency: Organisation,
) -> None:
    resume = make_resume(alice, visibility=Visibility.PUBLIC)
    before = Resume.objects.get(pk=resume.pk).updated_at
    # Dave's organisation exists but is not verified.
    org_seeds.prepare(org_seeds.COMPANY_B, dave)
    assert api_as(None).get(URL).status_code == 401
    for denied in (alice, dave, oscar, rita):
        response = api_as(denied).get(URL)
        assert response.status_code == 403, denied.display_name
        assert response.json()["code"] == "resume_search_not_allowed"
        assert "items" not in response.json()
    for allowed in (bob, carol):
        response = api_as(allowed).get(URL)
        assert response.status_code == 200 and response.json()["total"] == 1
    assert Resume.objects.get(pk=resume.pk).updated_at == before  # searching changes nothing


def test_api_refuses_organisations_out_of_good_standing(
    api_as: Callable[[User | None], ApiClient], bob: User, company_a: Organisation
) -> None:
    Organisation.objects.filter(pk=company_a.pk).update(display_suspended=True)
    response = api_as(bob).get(URL)
    assert response.status_code == 403
    assert response.json()["code"] == "resume_search_not_allowed"


def test_api_rate_limit_per_member(
    api_as: Callable[[User | None], ApiClient],
    bob: User,
    company_a: Organisation,
    settings: Any,
) -> None:
    settings.RESUME_SEARCH_PER_MINUTE = 2
    client = api_as(bob)
    assert client.get(URL).status_code == 200
    assert client.get(URL).status_code == 200
    limited = client.get(URL)
    assert limited.status_code == 429
    assert limited.json()["code"] == "resume_search_rate_limited"


def test_api_query_count_does_not_grow_with_results(
    api_as: Callable[[User | None], ApiClient],
    bob: User,
    company_a: Organisation,
    django_assert_num_queries: Callable[..., Any],
) -> None:
    client = api_as(bob)
    make_resume(seeker())
    client.get(URL)  # warm up: session, first index open
    with CaptureQueriesContext(connection) as one:
        assert client.get(URL).json()["total"] == 1
    # Session, user, membership, the standing checks, the page's resumes and their jobs.
    assert len(one.captured_queries) <= 8, [query["sql"] for query in one.captured_queries]
    for _number in range(4):
        make_resume(seeker())
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(URL).json()["total"] == 5


# --- the page --------------------------------------------------------------------------


def _page(user: User | None, query: str = "") -> Any:
    client = Client()
    if user is not None:
        client.force_login(user, backend="rencai.accounts.backends.RencaiBackend")
    return client.get(PAGE + (f"?{query}" if query else ""))


def test_page_shows_masked_cards_without_protected_filters_pi07_dis03(
    bob: User, alice: User, company_a: Organisation
) -> None:
    resume = make_resume(alice)
    response = _page(bob, "q=python")
    assert response.status_code == 200
    html = response.content.decode()
    assert "王**" in html and f"/employer/resumes/{resume.pk}/" in html
    assert '<meta name="robots" content="noindex">' in html
    for secret in ("王爱丽", "13800138001", "alice.wang@example.com", "汉族"):
        assert secret not in html
    names = {"q", "city_1", "city_2", "city_3", "experience_min", "experience_max"}
    names |= {"education", "updated_within", "sort"}
    for name in PROTECTED_PARAMETERS:
        assert f'name="{name}"' not in html
    for name in names:
        assert f'name="{name}"' in html


def test_page_empty_state_and_errors(bob: User, company_a: Organisation) -> None:
    empty = _page(bob, "q=火箭工程师")
    assert empty.status_code == 200 and 'id="resume-search-empty"' in empty.content.decode()
    protected = _page(bob, "age=30")
    assert protected.status_code == 400
    assert 'id="search-errors"' in protected.content.decode()


def test_page_pagination(bob: User, company_a: Organisation) -> None:
    for _number in range(3):
        make_resume(seeker())
    first = _page(bob, "page_size=2").content.decode()
    assert first.count('class="search-hit"') == 2 and 'rel="next"' in first
    second = _page(bob, "page_size=2&page=2").content.decode()
    assert second.count('class="search-hit"') == 1


def test_page_role_matrix(
    alice: User,
    carol: User,
    dave: User,
    oscar: User,
    bob: User,
    agency: Organisation,
    company_a: Organisation,
) -> None:
    org_seeds.prepare(org_seeds.COMPANY_B, dave)  # not verified
    make_resume(alice)
    anonymous = _page(None)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    for denied in (alice, dave, oscar):
        response = _page(denied)
        assert response.status_code == 403 and "王**" not in response.content.decode()
    assert _page(carol).status_code == 200
    assert _page(bob).status_code == 200


# --- operating the index ---------------------------------------------------------------


def test_rebuild_command_builds_the_resume_index(
    backend: str, alice: User, company_a: Organisation
) -> None:
    with transaction.atomic():
        resume = Resume.objects.create(
            owner=alice, title="简历", full_name="王爱丽", visibility=Visibility.EMPLOYERS
        )
    invisible = Resume.objects.create(owner=alice, title="简历2", full_name="王爱丽")
    assert str(resume.pk) not in _stamps_or_empty()
    out = StringIO()
    with translation.override("en"):  # the command speaks the active language
        call_command("rebuild_search_index", "--index", "resumes", "--backend", backend, stdout=out)
    assert "resume index" in out.getvalue()
    stamps = get_resume_backend().stamps()
    assert str(resume.pk) in stamps and str(invisible.pk) not in stamps
    assert get_resume_backend().status().ready


def _stamps_or_empty() -> dict[str, str]:
    from rencai.search.backends.base import IndexUnavailable

    try:
        return get_resume_backend().stamps()
    except IndexUnavailable:
        return {}


def test_a_missing_index_answers_from_the_database_and_is_rebuilt(
    alice: User, company_a: Organisation, settings: Any, tmp_path: Any
) -> None:
    resume = make_resume(alice)
    settings.SEARCH_DIR = tmp_path / "elsewhere"  # no index there
    reset_backends()
    response = search_resumes(ResumeSearchParams(q="Python"), org=company_a)
    assert response.degraded and [hit.id for hit in response.hits] == [str(resume.pk)]
    # The rebuild ran (Huey is immediate in tests): the next search uses the index.
    again = search_resumes(ResumeSearchParams(q="Python"), org=company_a)
    assert not again.degraded and [hit.id for hit in again.hits] == [str(resume.pk)]


# --- through the resumes app's own actions ---------------------------------------------


def test_the_resumes_app_actions_keep_the_index_in_step_pi05_pi20(
    backend: str, alice: User, company_a: Organisation, company_b: Organisation
) -> None:
    from rencai.core.actors import cli_actor
    from rencai.resumes import actions as resume_actions

    actor = cli_actor(alice)
    resume = resume_actions.create_resume(
        alice, {"title": "我的简历", "full_name": "王爱丽", "city": "440305"}, actor=actor
    )
    resume_actions.add_entry(
        resume,
        EntryKind.WORK,
        {
            "organisation": "深圳星河网络科技有限公司",
            "title": "Python开发工程师",
            "start": "2023-07-01",
        },
        actor=actor,
    )
    assert found(company_a, q="Python") == []  # invisible until the seeker chooses (PI-05)
    resume_actions.set_visibility(resume, Visibility.EMPLOYERS, actor=actor)
    assert found(company_a, q="Python") == [str(resume.pk)]
    hidden = resume_actions.hide_organisation(alice, organisation=company_a, actor=actor)
    assert engine_ids(company_a, q="Python") == ([], 0)
    assert found(company_b, q="Python") == [str(resume.pk)]
    resume_actions.unhide_organisation(hidden, actor=actor)
    assert found(company_a, q="Python") == [str(resume.pk)]
    resume_actions.set_visibility(resume, Visibility.HIDDEN, actor=actor)
    assert engine_ids(company_a, q="Python") == ([], 0)
    assert engine_ids(company_b, q="Python") == ([], 0)


def test_page_place_selects_fold_into_the_city_filter(bob: User, company_a: Organisation) -> None:
    shenzhen = make_resume(seeker(), city="440305", intended=("440300",))
    make_resume(seeker(), full_name="李明", city="310115", intended=("310000",))
    html = _page(bob, "city_1=440000&city_2=440300&city_3=&q=").content.decode()
    assert html.count('class="search-hit"') == 1 and str(shenzhen.pk) in html


def test_contact_details_and_the_name_in_free_text_are_neither_indexed_nor_shown_pi07(
    backend: str,
    api_as: Callable[[User | None], ApiClient],
    bob: User,
    alice: User,
    company_a: Organisation,
) -> None:
    assessment = (
        "我叫王爱丽，熟悉 Python 开发，电话 13800138001，"
        "邮箱 alice.wang@example.com，微信 alicewang88。"
    )
    resume = make_resume(alice, assessment=assessment)
    (document,) = [doc for doc in iter_documents() if doc.id == str(resume.pk)]
    for secret in ("王爱丽", "13800138001", "alice.wang", "alicewang88"):
        assert secret not in repr(document)
    for secret in ("13800138001", "alicewang88", "王爱丽"):
        assert engine_ids(company_a, q=secret) == ([], 0)
    response = api_as(bob).get(f"{URL}?q=python")
    (card,) = response.json()["items"]
    assert "<mark>" in card["snippet_html"]
    for secret in ("王爱丽", "13800138001", "alice.wang", "alicewang88"):
        assert secret not in response.content.decode()


def test_check_command_finds_and_repairs_the_resume_index(
    backend: str, alice: User, company_a: Organisation
) -> None:
    from django.core.management.base import CommandError

    from rencai.audit.models import AuditEvent

    shown = make_resume(alice)
    missing = make_resume(seeker(), full_name="李明")
    extra = make_resume(seeker(), full_name="张伟")
    out = StringIO()
    with translation.override("en"):
        call_command("check_search_index", "--index", "resumes", stdout=out)
    assert "3 indexed, 3 findable" in out.getvalue()
    get_resume_backend().delete([str(missing.pk)])
    Resume.objects.filter(pk=extra.pk).update(visibility=Visibility.HIDDEN)  # hook not called
    Resume.objects.filter(pk=shown.pk).update(self_assessment="改写的自我评价")
    with pytest.raises(CommandError):
        call_command("check_search_index", "--index", "resumes", stdout=StringIO())
    report = indexing.check_resumes()
    assert report.missing == [str(missing.pk)] and report.extra == [str(extra.pk)]
    assert report.stale == [str(shown.pk)]
    call_command("check_search_index", "--index", "resumes", "--repair", stdout=StringIO())
    assert indexing.check_resumes().consistent
    assert AuditEvent.objects.filter(
        action="search.index_repaired", object_id=f"{backend}:resumes"
    ).exists()


def test_parallel_rebuild_chunks_cover_every_findable_resume_once(alice: User) -> None:
    """``rebuild_search_index --workers N`` hands these primary-key ranges to forked
    processes (the fork itself needs committed data: tests/test_bench_resume_search.py
    rebuilds that way)."""
    from rencai.search.resume_documents import _chunk_bounds, _documents_between

    for _number in range(3):
        make_resume(seeker())
    make_resume(seeker(), visibility=Visibility.HIDDEN)
    bounds = _chunk_bounds(2)
    assert len(bounds) == 2 and bounds[-1][1] is None
    parallel = [doc for chunk in bounds for doc in _documents_between(chunk)]
    assert sorted(parallel, key=lambda d: d.id) == sorted(iter_documents(), key=lambda d: d.id)
    assert len({doc.id for doc in parallel}) == 3

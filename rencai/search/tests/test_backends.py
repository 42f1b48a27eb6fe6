"""The backend contract: every backend finds, filters, sorts, pages, counts and facets the
same postings, and drops the ones that stop being public.

Each test runs against every backend (``tantivy``; ``postgres`` on the PostgreSQL leg, with
``postgres-bounded`` as well where the RUM extension would otherwise take over the ranking;
``database``, the fallback). The corpus is built through the real actions and indexed
through their hooks and a rebuild. Where the fallback is coarser by design (substring
matching, no relevance scores), the tests say so and check what it does instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from typing import Any, cast

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from rencai.accounts.models import User
from rencai.core.actors import cli_actor
from rencai.core.timeutil import local_today
from rencai.jobs import actions as job_actions
from rencai.jobs.content import Location
from rencai.jobs.models import JobPosting
from rencai.moderation import actions as moderation_actions
from rencai.moderation.choices import SubjectKind
from rencai.orgs.actions.clock import issue_display_notice, run_org_clock
from rencai.orgs.models import DisplayNotice, Organisation
from rencai.orgs.queries import active_membership
from rencai.search import indexing
from rencai.search.backends import get_backend, reset_backends
from rencai.search.backends import postgres as pg
from rencai.search.backends.base import BackendQuery, BackendResult, IndexUnavailable
from rencai.search.documents import SearchDocument, iter_documents
from rencai.search.params import parse_params
from rencai.search.service import backend_query
from rencai.search.text import QueryTerm
from rencai.testing import jobs as job_seeds
from rencai.testing import orgs as org_seeds
from rencai.testing import personas

pytestmark = pytest.mark.django_db

INDEXES = ("tantivy", "postgres")  # the backends that segment and score

SHENZHEN, GUANGZHOU, SHANGHAI, BEIJING = "440300", "440100", "310000", "110000"


def _rum_available() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        return cursor.fetchone() is not None


@pytest.fixture(params=["tantivy", "postgres", "postgres-bounded", "database"])
def backend(request: pytest.FixtureRequest, settings: Any, db: None) -> str:
    """The backend under test, configured as the live one (so the actions' hooks feed it)."""
    name = str(request.param)
    if name.startswith("postgres") and connection.vendor != "postgresql":
        pytest.skip("the postgres backend runs on the PostgreSQL leg")
    if name == "postgres-bounded" and not _rum_available():
        pytest.skip("no RUM here: the postgres run already ranks a bounded candidate set")
    settings.SEARCH_BACKEND = name.partition("-")[0]
    reset_backends()
    if name == "postgres-bounded":
        cast(pg.PostgresBackend, get_backend()).allow_rum = False
    return str(settings.SEARCH_BACKEND)


# The corpus: key → (publishing organisation, changes to the sample content). Postings are
# published an hour apart in this order, oldest first, so "newest" has no ties.
SPECS: dict[str, tuple[str, dict[str, Any]]] = {
    "python": ("a", {}),
    "cpp": (
        "a",
        {
            "title": "C++ 开发工程师",
            "description": "负责交易系统核心模块的 C++ 开发与性能优化。",
            "requirements": "本科及以上学历，熟练掌握 C++ 与 Linux 开发。",
            "skills": ["C++", "Linux"],
            "pay_min": 20000,
            "pay_max": 40000,
            "experience_years": 5,
        },
    ),
    "c": (
        "a",
        {
            "title": "嵌入式软件工程师",
            "category": "2-02",
            "description": "负责工业控制设备的嵌入式程序开发和调试。",
            "requirements": "大专及以上学历，熟悉 C 语言和单片机开发。",
            "skills": ["单片机"],
            "locations": [Location("440106", "天河路100号")],
            "pay_min": 12000,
            "pay_max": 16000,
            "education": "associate",
            "experience_years": 2,
        },
    ),
    "sales": (
        "b",
        {
            "title": "销售代表",
            "category": "4-01",
            "description": "负责华东地区商超渠道和大客户的食品销售与维护。",
            "requirements": "高中及以上学历，有快消品行业经验者优先。",
            "skills": ["渠道拓展"],
            "locations": [Location("310115", "张江路88号3号楼")],
            "pay_min": 6000,
            "pay_max": 9000,
            "education": "high_school",
            "experience_years": 1,
        },
    ),
    "accountant": (
        "b",
        {
            "title": "会计",
            "category": "2-06",
            "employment_type": "part_time",
            "description": "负责公司日常会计核算、凭证录入和纳税申报。",
            "requirements": "会计相关专业，持初级会计职称。",
            "skills": [],
            "locations": [Location("310115", "张江路88号3号楼")],
            "pay_min": 200,
            "pay_max": 300,
            "pay_period": "day",
            "education": "associate",
            "experience_years": 2,
        },
    ),
    "warehouse": (
        "b",
        {
            "title": "仓库管理员",
            "category": "4-02",
            "description": "负责成品仓库的收发存管理，配合销售部门安排发货。",
            "requirements": "能适应倒班，有叉车证者优先。",
            "skills": [],
            "locations": [Location("310115", "张江路88号3号楼")],
            "pay_min": 25,
            "pay_max": 30,
            "pay_period": "hour",
            "education": "any",
            "experience_years": 0,
        },
    ),
    "java": (
        "agency",
        {
            "title": "Java 开发工程师",
            "description": "为客户开发企业资源管理系统的后端服务。",
            "requirements": "本科及以上学历，熟悉 Java 和 Spring。",
            "skills": ["Java"],
            "locations": [Location("110105", "建国路88号")],
            "pay_min": 25000,
            "pay_max": 35000,
        },
    ),
    "chemical": (
        "b",
        {
            "title": "煤化工操作工",
            "category": "6-10",
            "employment_type": "dispatch",
            "description": "按操作规程操作煤化工装置，做好巡检和记录。",
            "requirements": "中专及以上学历，持相关操作证者优先。",
            "occupational_hazards": "接触高温和化学品，提供防护用品并定期体检",
            "skills": [],
            "locations": [Location("310115", "张江路88号3号楼")],
            "pay_min": 7000,
            "pay_max": 10000,
            "education": "high_school",
            "experience_years": 0,
        },
    ),
    "piece": (
        "b",
        {
            "title": "包装工（计件）",
            "category": "6-02",
            "employment_type": "flexible",
            "description": "按件计酬，负责成品装箱和封箱。",
            "requirements": "认真负责，能适应计件工作。",
            "skills": [],
            "locations": [Location("310115", "张江路88号3号楼")],
            "pay_min": 1,
            "pay_max": 2,
            "pay_period": "piece",
            "education": "any",
            "experience_years": 0,
        },
    ),
}
NEWEST = list(reversed(SPECS))
BY_PAY = ["cpp", "java", "python", "c", "chemical", "sales", "accountant", "warehouse", "piece"]


class Corpus:
    """The published postings by key, their organisations, and the backend's answers."""

    def __init__(
        self, backend: str, postings: dict[str, JobPosting], orgs: dict[str, Organisation]
    ) -> None:
        self.backend = backend
        self.postings = postings
        self.orgs = orgs
        self.first = min(p.published_at for p in postings.values() if p.published_at)
        self._keys = {str(posting.pk): key for key, posting in postings.items()}

    def query(self, params: dict[str, Any] | None = None, **changes: Any) -> BackendQuery:
        return replace(backend_query(parse_params(params or {})), **changes)

    def run(self, params: dict[str, Any] | None = None, **changes: Any) -> BackendResult:
        return get_backend(self.backend).search(self.query(params, **changes))

    def keys(self, params: dict[str, Any] | None = None, **changes: Any) -> list[str]:
        return [self._keys[pid] for pid in self.run(params, **changes).ids]

    def found(self, params: dict[str, Any] | None = None, **changes: Any) -> set[str]:
        result = self.run(params, **changes)
        keys = {self._keys[pid] for pid in result.ids}
        assert result.total == len(keys)
        return keys


@pytest.fixture
def corpus(backend: str) -> Corpus:
    oscar = personas.build(personas.OSCAR)
    bob, dave, carol = (personas.build(p) for p in (personas.BOB, personas.DAVE, personas.CAROL))
    orgs = {
        "a": org_seeds.build_org(org_seeds.COMPANY_A),
        "b": org_seeds.build_org(org_seeds.COMPANY_B),
        "agency": org_seeds.build_org(org_seeds.AGENCY),
    }
    posters = {"a": bob, "b": dave, "agency": carol}
    start = timezone.now() - dt.timedelta(days=2)
    postings: dict[str, JobPosting] = {}
    for hour, (key, (org_key, changes)) in enumerate(SPECS.items()):
        with time_machine.travel(start + dt.timedelta(hours=hour), tick=False):
            if org_key == "agency":
                postings[key] = _publish_for_client(orgs, carol, oscar, changes)
            else:
                org, poster = orgs[org_key], posters[org_key]
                postings[key] = job_seeds.publish(org, poster, oscar, **changes)
    indexing.rebuild(backend_name=backend)
    return Corpus(backend, postings, orgs)


def _publish_for_client(
    orgs: dict[str, Organisation], carol: User, oscar: User, changes: dict[str, Any]
) -> JobPosting:
    membership = active_membership(carol)
    assert membership is not None
    posting = job_actions.create_posting(
        orgs["agency"],
        membership,
        job_seeds.sample_content(**changes),
        client=orgs["a"],
        entrustment="委托招聘协议 2026-018",
        actor=cli_actor(carol),
    )
    version = job_actions.submit_posting(posting, actor=cli_actor(carol))
    job_actions.approve_version(version, oscar, actor=cli_actor(oscar))
    posting.refresh_from_db()
    return posting


# --- words -------------------------------------------------------------------------------


def test_two_character_chinese_words_match(corpus: Corpus) -> None:
    assert corpus.found({"q": "销售"}) == {"sales", "warehouse"}
    assert corpus.found({"q": "会计"}) == {"accountant"}
    assert corpus.found({"q": "仓库"}) == {"warehouse"}


def test_every_term_must_match(corpus: Corpus) -> None:
    assert corpus.found({"q": "python 开发"}) == {"python"}
    assert corpus.found({"q": "java"}) == {"java"}
    assert corpus.found({"q": "开发 上海"}) == set()
    assert corpus.found({"q": "潜水员"}) == set()


def test_company_names_match_and_clients_count_as_the_company(corpus: Corpus) -> None:
    # The agency's posting for company A carries A's name as well as the agency's.
    assert corpus.found({"q": "蓝海"}) == {"python", "cpp", "c", "java"}
    assert corpus.found({"q": "英才"}) == {"java"}


def test_a_word_matches_through_all_of_its_parts(corpus: Corpus) -> None:
    # 大客户销售 is one dictionary word; the sales posting has 大客户 and 销售 apart.
    assert corpus.found({"q": "大客户销售"}) == {"sales"}


def test_cpp_is_not_c(corpus: Corpus) -> None:
    assert corpus.found({"q": "C++"}) == {"cpp"}
    assert corpus.found({"q": "c++ 开发"}) == {"cpp"}
    if corpus.backend in INDEXES:
        assert corpus.found({"q": "C"}) == {"c"}
        assert corpus.found({"q": "C 语言"}) == {"c"}
    else:
        # The fallback matches substrings, case-insensitively: "c" is also in "C++" (and in
        # any Latin word with a c), so it finds more, never less.
        assert {"c", "cpp"} <= corpus.found({"q": "C"})


def test_a_title_match_ranks_above_a_body_match(corpus: Corpus) -> None:
    if corpus.backend not in INDEXES:
        # The fallback does not score: relevance is newest first.
        assert corpus.keys({"q": "销售"}) == ["warehouse", "sales"]
        return
    assert corpus.keys({"q": "销售"}) == ["sales", "warehouse"]
    assert corpus.keys({"q": "销售", "sort": "newest"}) == ["warehouse", "sales"]
    assert corpus.keys({"q": "会计"}) == ["accountant"]


@pytest.mark.parametrize("backend", ["postgres", "postgres-bounded"], indirect=True)
def test_relevance_ranks_only_the_newest_candidates(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bounded ranking's trade-off, made visible: with room for one candidate, the
    newest match is the only one ranked, so the title match (older) does not come first."""
    if get_backend(corpus.backend).status().detail.startswith("relevance ordered by the RUM"):
        pytest.skip("RUM orders every match; only the bounded ranking has candidates")
    monkeypatch.setattr(pg, "CANDIDATES", 1)
    assert corpus.keys({"q": "销售"}, limit=1) == ["warehouse"]
    assert corpus.run({"q": "销售"}, limit=1).total == 2
    assert corpus.keys({"q": "销售"}, limit=2) == ["sales", "warehouse"]


# --- filters -----------------------------------------------------------------------------


# Each filter alone and in combination (one corpus for all: building it is the slow part).
FILTER_CASES: list[tuple[dict[str, str], set[str]]] = [
    ({"division": "440000"}, {"python", "cpp", "c"}),
    ({"division": "440300"}, {"python", "cpp"}),
    ({"division": "440305"}, {"python", "cpp"}),
    ({"division": "310000"}, {"sales", "accountant", "warehouse", "chemical", "piece"}),
    ({"division": "110000"}, {"java"}),
    ({"division": "420000"}, set()),
    ({"pay_min": "20000"}, {"python", "cpp", "java"}),
    ({"pay_min": "40000"}, {"cpp"}),
    ({"pay_max": "6000"}, {"sales", "accountant", "warehouse"}),
    ({"pay_max": "4350"}, {"accountant", "warehouse"}),
    ({"pay_max": "4349"}, set()),
    ({"pay_min": "5000", "pay_max": "8000"}, {"sales", "accountant", "warehouse", "chemical"}),
    ({"pay_band": "5-8k"}, {"sales", "accountant"}),
    ({"pay_band": "3-5k,30k+"}, {"warehouse", "cpp", "java"}),
    ({"employment_type": "part_time"}, {"accountant"}),
    ({"employment_type": "dispatch,flexible"}, {"chemical", "piece"}),
    ({"education": "associate"}, {"c", "accountant"}),
    ({"experience_max": "0"}, {"warehouse", "chemical", "piece"}),
    ({"experience_max": "2"}, {"c", "sales", "accountant", "warehouse", "chemical", "piece"}),
    ({"industry": "14"}, {"sales", "accountant", "warehouse", "chemical", "piece"}),
    ({"industry": "65"}, {"python", "cpp", "c", "java"}),
    ({"industry": "72"}, set()),
    ({"category": "4"}, {"python", "cpp", "sales", "warehouse", "java"}),
    ({"category": "4-04"}, {"python", "cpp", "java"}),
    ({"category": "6"}, {"chemical", "piece"}),
    ({"verified_only": "1"}, set(SPECS) - {"java"}),
    ({"q": "开发", "division": "440300"}, {"python", "cpp"}),
    ({"q": "开发", "division": "440000", "pay_min": "17000"}, {"python", "cpp"}),
]


def test_filters(corpus: Corpus) -> None:
    wrong = {
        str(params): (found, expected)
        for params, expected in FILTER_CASES
        if (found := corpus.found(params)) != expected
    }
    assert wrong == {}


def test_published_after(corpus: Corpus) -> None:
    moment = corpus.postings["java"].published_at
    assert moment is not None
    after = int(moment.timestamp())
    assert corpus.found(published_after=after) == {"chemical", "piece"}
    assert corpus.found(published_after=after - 1) == {"java", "chemical", "piece"}


def test_minors_do_not_see_postings_forbidden_to_minors(corpus: Corpus) -> None:
    assert corpus.postings["chemical"].minor_prohibited
    assert corpus.found(exclude_minor_prohibited=True) == set(SPECS) - {"chemical"}
    assert "chemical" in corpus.found()


# --- facets, sorts, paging ---------------------------------------------------------------

ALL_FACETS = {
    "city": {SHANGHAI: 5, SHENZHEN: 2, GUANGZHOU: 1, BEIJING: 1},
    "pay_band": {"3-5k": 1, "5-8k": 2, "8-12k": 1, "12-20k": 1, "20-30k": 1, "30k+": 2},
    "employment_type": {"full_time": 6, "part_time": 1, "dispatch": 1, "flexible": 1},
    "education": {"bachelor": 3, "associate": 2, "high_school": 2, "any": 2},
    "industry": {"14": 5, "65": 4},
}


def _facets(result: BackendResult) -> dict[str, dict[str, int]]:
    for values in result.facets.values():
        counts = [count for _key, count in values]
        assert len(values) == len(dict(values))
        assert all(count > 0 for count in counts)
    for name, values in result.facets.items():
        if name != "pay_band":
            assert [c for _k, c in values] == sorted((c for _k, c in values), reverse=True)
    bands = [key for key, _count in result.facets["pay_band"]]
    assert bands == [
        b for b in ("0-3k", "3-5k", "5-8k", "8-12k", "12-20k", "20-30k", "30k+") if b in bands
    ]
    return {name: dict(values) for name, values in result.facets.items()}


def test_facets_count_every_match(corpus: Corpus) -> None:
    result = corpus.run()
    assert result.total == 9
    assert _facets(result) == ALL_FACETS
    assert _facets(corpus.run({"q": "开发"})) == {
        "city": {SHENZHEN: 2, GUANGZHOU: 1, BEIJING: 1},
        "pay_band": {"12-20k": 1, "20-30k": 1, "30k+": 2},
        "employment_type": {"full_time": 4},
        "education": {"bachelor": 3, "associate": 1},
        "industry": {"65": 4},
    }


def test_a_facets_own_filter_does_not_narrow_it(corpus: Corpus) -> None:
    """Disjunctive facets: a facet whose filter is set lists its other values too (counted
    without that filter); every other facet counts only the matches."""
    result = corpus.run({"employment_type": "full_time"})
    assert result.total == 6
    assert _facets(result) == {
        "city": {SHENZHEN: 2, GUANGZHOU: 1, SHANGHAI: 2, BEIJING: 1},
        "pay_band": {"3-5k": 1, "5-8k": 1, "12-20k": 1, "20-30k": 1, "30k+": 2},
        "employment_type": ALL_FACETS["employment_type"],
        "education": {"bachelor": 3, "associate": 1, "high_school": 1, "any": 1},
        "industry": {"14": 2, "65": 4},
    }
    result = corpus.run({"division": "310000", "industry": "14"})
    assert result.total == 5
    assert _facets(result) == {
        "city": {SHANGHAI: 5},  # the industry filter still applies to the city facet
        "pay_band": {"3-5k": 1, "5-8k": 2, "8-12k": 1},
        "employment_type": {"full_time": 2, "part_time": 1, "dispatch": 1, "flexible": 1},
        "education": {"associate": 1, "high_school": 2, "any": 2},
        "industry": {"14": 5},  # the division filter still applies to the industry facet
    }
    result = corpus.run({"division": "310000"})
    assert _facets(result)["city"] == ALL_FACETS["city"]
    assert _facets(result)["industry"] == {"14": 5}


def test_facets_and_total_can_be_left_out(corpus: Corpus) -> None:
    result = corpus.run(with_facets=False, with_total=False)
    assert result.facets == {}
    assert result.total == 0
    assert len(result.ids) == 9
    assert corpus.run(with_facets=False).total == 9


def test_sorts(corpus: Corpus) -> None:
    assert corpus.keys({"sort": "newest"}) == NEWEST
    assert corpus.keys() == NEWEST  # relevance without words is newest first
    assert corpus.keys({"sort": "pay"}) == BY_PAY
    assert corpus.keys({"q": "开发", "sort": "pay"}) == ["cpp", "java", "python", "c"]
    assert corpus.keys({"q": "开发", "sort": "newest"}) == ["java", "c", "cpp", "python"]


def test_paging(corpus: Corpus) -> None:
    assert corpus.keys({"sort": "newest"}, offset=3, limit=3) == NEWEST[3:6]
    assert corpus.keys({"sort": "pay"}, offset=6, limit=10) == BY_PAY[6:]
    page = corpus.run({"sort": "newest"}, offset=8, limit=5)
    assert (len(page.ids), page.total) == (1, 9)
    assert corpus.run(offset=20).ids == []
    relevance = [corpus.keys({"q": "开发"}, offset=n, limit=1)[0] for n in range(4)]
    assert sorted(relevance) == sorted(corpus.found({"q": "开发"}))


# --- what stops being public -------------------------------------------------------------


def test_expired_postings_are_gone(corpus: Corpus) -> None:
    valid_until = max(
        posting.valid_until for posting in corpus.postings.values() if posting.valid_until
    )
    later = timezone.now() + dt.timedelta(days=(valid_until - local_today()).days + 1)
    with time_machine.travel(later, tick=False):
        assert corpus.found() == set()
    assert corpus.found() == set(SPECS)


def test_overdue_reverification_hides_the_organisation(corpus: Corpus) -> None:
    """The deadline is in every document (standing_until): once it passes the postings are
    gone at once, before the daily clock flags the organisation and re-indexes it."""
    # Bring company A's deadline close (verification sets it months ahead; only the
    # moment matters here), then re-index it as the actions do when standing changes.
    due = timezone.now() + dt.timedelta(days=1)
    Organisation.objects.filter(pk=corpus.orgs["a"].pk).update(reverification_due_at=due)
    indexing.index_now(indexing.organisation_posting_ids(corpus.orgs["a"].pk))
    assert corpus.found() == set(SPECS)
    # The search clock moves by the minute (service.backend_query): be past it.
    with time_machine.travel(due + dt.timedelta(minutes=2), tick=False):
        # The agency's posting for company A stays: the agency is the one that must re-verify.
        assert corpus.found() == set(SPECS) - {"python", "cpp", "c"}
        run_org_clock()
        assert corpus.found() == set(SPECS) - {"python", "cpp", "c"}
    assert corpus.found() == set(SPECS) - {"python", "cpp", "c"}


def test_suspended_organisations_are_gone(corpus: Corpus) -> None:
    oscar = personas.build(personas.OSCAR)
    notice = issue_display_notice(
        corpus.orgs["b"], "营业执照信息需要更新，请尽快处理", actor=cli_actor(oscar)
    )
    run_org_clock(now=timezone.now() + dt.timedelta(days=40))
    assert DisplayNotice.objects.get(pk=notice.pk).lapsed_at is not None
    assert corpus.found() == {"python", "cpp", "c", "java"}


def test_listed_organisations_are_gone(corpus: Corpus) -> None:
    oscar = personas.build(personas.OSCAR)
    moderation_actions.list_subject(
        SubjectKind.USCC,
        corpus.orgs["b"].uscc,
        reason="虚假招聘，投诉编号 2026-001",
        actor=cli_actor(oscar),
    )
    assert corpus.found() == {"python", "cpp", "c", "java"}
    assert corpus.found({"q": "销售"}) == set()


def test_taken_down_postings_are_gone(corpus: Corpus) -> None:
    oscar = personas.build(personas.OSCAR)
    job_actions.take_down(
        corpus.postings["sales"], oscar, reasons=["false_information"], actor=cli_actor(oscar)
    )
    assert corpus.found({"q": "销售"}) == {"warehouse"}
    assert str(corpus.postings["sales"].pk) not in get_backend(corpus.backend).stamps()


# --- consistency and rebuilds ------------------------------------------------------------


def test_stamps_match_the_database(corpus: Corpus) -> None:
    backend = get_backend(corpus.backend)
    expected = {document.id: document.stamp for document in iter_documents()}
    assert backend.stamps() == expected
    assert indexing.check(backend_name=corpus.backend).consistent
    status = backend.status()
    assert (status.ready, status.documents, status.backend) == (True, 9, corpus.backend)


def test_check_finds_and_repair_fixes_a_missing_document(corpus: Corpus) -> None:
    backend = get_backend(corpus.backend)
    sales = str(corpus.postings["sales"].pk)
    backend.delete([sales])
    report = indexing.check(backend_name=corpus.backend)
    if corpus.backend == "database":
        assert report.consistent  # it reads the tables: nothing can go missing
        return
    assert (report.missing, report.extra, report.stale) == ([sales], [], [])
    assert indexing.repair(report, backend_name=corpus.backend) == 1
    assert indexing.check(backend_name=corpus.backend).consistent
    assert corpus.found({"q": "销售"}) == {"sales", "warehouse"}


def test_upsert_replaces_and_delete_ignores_unknown_ids(corpus: Corpus) -> None:
    backend = get_backend(corpus.backend)
    backend.delete(["00000000-0000-0000-0000-000000000000"])
    backend.upsert([])
    backend.delete([])
    documents = list(iter_documents())
    backend.upsert(documents[:3])
    assert backend.stamps() == {document.id: document.stamp for document in documents}
    assert corpus.found() == set(SPECS)


def test_rebuild_swaps_in_a_new_index_while_searches_go_on(corpus: Corpus) -> None:
    """Searches during a rebuild read the old index; the new one replaces it at the end."""
    backend = get_backend(corpus.backend)
    gone = str(corpus.postings["piece"].pk)
    seen_during: list[set[str]] = []

    def documents() -> Iterator[SearchDocument]:
        for number, document in enumerate(iter_documents()):
            if number == 4:
                seen_during.append(corpus.found())
            if document.id != gone:
                yield document

    progress: list[int] = []
    assert backend.rebuild(documents(), progress=progress.append) == 8
    assert progress[-1] == 8
    assert seen_during == [set(SPECS)]
    if corpus.backend == "database":
        assert corpus.found() == set(SPECS)  # nothing to build: it reads the tables
        return
    assert corpus.found() == set(SPECS) - {"piece"}
    assert backend.status().documents == 8
    report = indexing.check(backend_name=corpus.backend)
    assert report.missing == [gone]
    # The service-level rebuild brings it back (and replays changes made meanwhile).
    assert indexing.rebuild(backend_name=corpus.backend).documents == 9
    assert corpus.found() == set(SPECS)
    if corpus.backend == "postgres":
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s)", [pg.BUILD_TABLE])
            assert cursor.fetchone() == (None,)


def test_an_index_that_was_never_built_is_unavailable(backend: str) -> None:
    instance = get_backend(backend)
    if backend == "database":
        assert instance.status().ready
        assert instance.search(BackendQuery(today=20260101)).ids == []
        return
    assert not instance.status().ready
    with pytest.raises(IndexUnavailable):
        instance.search(BackendQuery())
    with pytest.raises(IndexUnavailable):
        instance.stamps()


# --- PostgreSQL specifics ----------------------------------------------------------------


def test_lexemes_are_quoted_so_symbols_stay_in_the_word() -> None:
    assert pg.quote_lexeme("c++") == "'c++'"
    assert pg.quote_lexeme("o'reilly") == "'o''reilly'"
    assert pg.quote_lexeme("a\\b") == "'a\\\\b'"
    term = QueryTerm("测试工程师", ("qa",), ("测试", "工程师"))
    assert pg.term_tsquery(term) == (
        "('测试工程师' | 'qa' | ('测试':A & '工程师':A) | ('测试':B & '工程师':B)"
        " | ('测试':C & '工程师':C) | ('测试':D & '工程师':D))"
    )
    assert pg.tsquery_text([QueryTerm("c#"), QueryTerm(".net")]) == "('c#') & ('.net')"


def test_tsvector_carries_field_weights_and_positions() -> None:
    document = _document(title_words="c++ 开发", company_words="蓝海", body_words="开发 c++")
    assert pg.tsvector_text(document) == "'c++':1A,5D '开发':2A,4D '蓝海':3B"


def _document(**changes: Any) -> SearchDocument:
    base = SearchDocument(
        id="6f1c1f9e-5d0b-4a57-9d43-6c1d5e0b7a11",
        title_words="",
        company_words="",
        body_words="",
        skills_words="",
        divisions=("440000", "440300"),
        cities=("440300",),
        pay_low=10000,
        pay_high=20000,
        has_pay=True,
        pay_band="12-20k",
        employment_type="full_time",
        education="any",
        experience_years=0,
        industry="65",
        categories=("4", "4-04"),
        organisation_id="0b3c4a39-1f6e-4f57-8a43-2c1d5e0b7a12",
        direct=True,
        minor_prohibited=False,
        published_at=int(timezone.now().timestamp()),
        valid_until=99991231,
        standing_until=int(timezone.now().timestamp()) + 86400,
        risk_score=0,
        demoted=False,
        rank_time=int(timezone.now().timestamp()),
    )
    return replace(base, **changes)


@pytest.fixture
def pg_backend(settings: Any, db: None) -> pg.PostgresBackend:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    settings.SEARCH_BACKEND = "postgres"
    reset_backends()
    backend = cast(pg.PostgresBackend, get_backend("postgres"))
    backend.rebuild([], progress=lambda done: None)
    return backend


@pytest.mark.parametrize("word", ["c++", "c#", ".net", "o'reilly", "a\\b", "a|b", "x&y:*", "(!)"])
def test_postgres_finds_words_with_tsquery_symbols(
    pg_backend: pg.PostgresBackend, word: str
) -> None:
    pg_backend.upsert([_document(title_words=f"{word} 开发", body_words="c 开发")])
    query = BackendQuery(terms=(QueryTerm(word),), now=int(timezone.now().timestamp()))
    assert len(pg_backend.search(query).ids) == 1
    assert pg_backend.search(replace(query, terms=(QueryTerm("c"),))).total == 1
    assert pg_backend.search(replace(query, terms=(QueryTerm(word + "x"),))).total == 0


def test_postgres_skips_words_too_long_for_a_lexeme(pg_backend: pg.PostgresBackend) -> None:
    pg_backend.upsert([_document(body_words="x" * 3000 + " 开发")])
    query = BackendQuery(terms=(QueryTerm("开发"),), now=int(timezone.now().timestamp()))
    assert pg_backend.search(query).total == 1
    assert pg_backend.search(replace(query, terms=(QueryTerm("x" * 3000),))).total == 0


def test_postgres_refuses_a_table_built_with_another_dictionary(
    pg_backend: pg.PostgresBackend,
) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {pg.META} SET dictionary = 'older'")  # noqa: S608
    with pytest.raises(IndexUnavailable, match="dictionary"):
        pg_backend.search(BackendQuery())
    assert not pg_backend.status().ready
    with pytest.raises(IndexUnavailable):
        pg_backend.upsert([_document()])
    pg_backend.rebuild([_document()], progress=lambda done: None)
    assert pg_backend.status().documents == 1


def test_scan_choice_walks_the_index_only_for_very_common_words() -> None:
    # 2,000 candidates among 50,000 postings: 36,000 matches → walk; 8,500 → bitmap.
    assert pg.scan_for(2000, 36000, 50000.0) == pg.ORDERED
    assert pg.scan_for(2000, 8500, 50000.0) == pg.BITMAP
    assert pg.scan_for(25, 8500, 50000.0) == pg.ORDERED
    assert pg.scan_for(25, 255, 50000.0) == pg.BITMAP
    assert pg.scan_for(25, 0, 50000.0) == pg.BITMAP
    assert pg.scan_for(2, 100, -1.0) == pg.ORDERED  # never analysed: the total is the size


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
@pytest.mark.parametrize("row_cost", [0, 10**9])
def test_postgres_finds_the_same_with_either_scan(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch, row_cost: int
) -> None:
    monkeypatch.setattr(pg, "ORDERED_ROW_COST", row_cost)
    assert corpus.keys({"q": "开发", "sort": "newest"}) == ["java", "c", "cpp", "python"]
    assert corpus.keys({"q": "开发", "sort": "pay"}) == ["cpp", "java", "python", "c"]
    bare = {"with_facets": False, "with_total": False}
    assert corpus.keys({"q": "开发", "sort": "newest"}, **bare) == ["java", "c", "cpp", "python"]
    assert corpus.keys({"q": "开发"}, **bare)[0] in ("java", "cpp", "python", "c")
    assert corpus.keys({"q": "销售"})[0] in ("sales", "warehouse")
    assert corpus.found({"q": "开发", "division": "440000"}) == {"python", "cpp", "c"}
    with connection.cursor() as cursor:  # the planner settings are put back
        cursor.execute("SELECT current_setting('enable_seqscan')")
        assert cursor.fetchone() == ("on",)

"""Restricted organisations rank lower in job search (FRD-02, "restriction: lower ranking").

Each test runs on the indexes that rank (``tantivy``; ``postgres`` on the PostgreSQL leg,
and ``postgres-bounded`` where RUM would otherwise rank). Two postings of the same job by
company A and company B: B's is published later and matches the words a little better, so
it ranks first in every order until B is restricted; the sanctions' actions re-index B's
postings when the restriction starts and ends, and then B's ranks below A's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any, cast

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rencai.accounts.models import User
from rencai.core.actors import cli_actor
from rencai.jobs.models import JobPosting
from rencai.orgs.models import Organisation
from rencai.sanctions import actions as sanction_actions
from rencai.sanctions.choices import AppealOutcome, SanctionKind
from rencai.sanctions.models import Sanction
from rencai.sanctions.queries import restricted_organisation_ids
from rencai.search import indexing
from rencai.search.backends import get_backend, reset_backends
from rencai.search.backends import postgres as pg
from rencai.search.documents import DAY_SECONDS, documents_for, iter_documents
from rencai.search.params import parse_params
from rencai.search.service import backend_query
from rencai.testing import jobs as job_seeds
from rencai.testing import orgs as org_seeds
from rencai.testing import personas

pytestmark = pytest.mark.django_db

CONTENT: dict[str, Any] = {
    "title": "销售代表",
    "category": "4-01",
    "description": "负责华东地区商超渠道的食品销售与客户维护。",
    "requirements": "高中及以上学历，有快消品行业经验者优先。",
    "skills": ["销售"],
    "pay_min": 6000,
}
B_DESCRIPTION = "负责华东地区商超渠道的食品销售与销售维护。"
REASON = "多次在岗位中引导求职者到站外联系。"


@pytest.fixture(params=["tantivy", "postgres", "postgres-bounded"])
def backend(request: pytest.FixtureRequest, settings: Any, db: None) -> str:
    name = str(request.param)
    if name.startswith("postgres") and connection.vendor != "postgresql":
        pytest.skip("the postgres backend runs on the PostgreSQL leg")
    if name == "postgres-bounded":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
            if cursor.fetchone() is None:
                pytest.skip("no RUM here: the postgres run already ranks a bounded set")
    settings.SEARCH_BACKEND = name.partition("-")[0]
    reset_backends()
    if name == "postgres-bounded":
        cast(pg.PostgresBackend, get_backend()).allow_rum = False
    return str(settings.SEARCH_BACKEND)


class Pair:
    """Company A's and company B's postings of the same job, and the backend's answers."""

    def __init__(self, backend: str, postings: dict[str, JobPosting], b: Organisation) -> None:
        self.backend = backend
        self.postings = postings
        self.b = b
        self._keys = {str(posting.pk): key for key, posting in postings.items()}

    def keys(self, params: dict[str, Any] | None = None, **changes: Any) -> list[str]:
        query = replace(backend_query(parse_params(params or {})), with_facets=False, **changes)
        return [self._keys[pid] for pid in get_backend(self.backend).search(query).ids]

    def orders(self) -> dict[str, list[str]]:
        return {
            "relevance": self.keys({"q": "销售"}),
            "newest": self.keys({"q": "销售", "sort": "newest"}),
            "without words": self.keys(),
            "pay": self.keys({"sort": "pay"}),
        }


B_FIRST = {
    "relevance": ["b", "a"],
    "newest": ["b", "a"],
    "without words": ["b", "a"],
    "pay": ["b", "a"],
}
# Pay order is left as it is: a seeker sorting by pay asks for the pay, not for our ranking.
B_DEMOTED = {**B_FIRST, "relevance": ["a", "b"], "newest": ["a", "b"], "without words": ["a", "b"]}


@pytest.fixture
def oscar(db: None) -> User:
    return personas.build(personas.OSCAR)


@pytest.fixture
def pair(backend: str, oscar: User) -> Pair:
    bob, dave = personas.build(personas.BOB), personas.build(personas.DAVE)
    a = org_seeds.build_org(org_seeds.COMPANY_A)
    b = org_seeds.build_org(org_seeds.COMPANY_B)
    start = timezone.now() - dt.timedelta(days=1)
    with time_machine.travel(start, tick=False):
        posting_a = job_seeds.publish(a, bob, oscar, pay_max=9000, **CONTENT)
    with time_machine.travel(start + dt.timedelta(hours=1), tick=False):
        # "销售" for "客户" in the description: a slightly better match (of the same length),
        # well within the factor of 2 (SANCTION_RANKING_FACTOR); and a little more pay.
        posting_b = job_seeds.publish(
            b, dave, oscar, pay_max=9500, **{**CONTENT, "description": B_DESCRIPTION}
        )
    indexing.rebuild(backend_name=backend)
    return Pair(backend, {"a": posting_a, "b": posting_b}, b)


def _restrict(oscar: User, organisation: Organisation, days: int = 5) -> Sanction:
    return sanction_actions.impose_sanction(
        kind=SanctionKind.RESTRICTION,
        rule="diversion",
        reason=REASON,
        organisation=organisation,
        days=days,
        actor=cli_actor(oscar),
    )


def test_a_restricted_organisations_postings_rank_below_until_it_is_revoked(
    pair: Pair, oscar: User
) -> None:
    assert pair.orders() == B_FIRST
    sanction = _restrict(oscar, pair.b)
    assert pair.orders() == B_DEMOTED
    # Page by page, too (a page of one: the second page is the demoted posting).
    assert pair.keys({"q": "销售"}, offset=0, limit=1) == ["a"]
    assert pair.keys({"q": "销售"}, offset=1, limit=1) == ["b"]
    assert indexing.check(backend_name=pair.backend).consistent
    sanction_actions.revoke_sanction(
        sanction, reason="处罚对象有误，予以撤销。", actor=cli_actor(oscar)
    )
    assert pair.orders() == B_FIRST
    assert indexing.check(backend_name=pair.backend).consistent


def test_the_ranking_comes_back_when_the_restriction_expires(pair: Pair, oscar: User) -> None:
    _restrict(oscar, pair.b, days=1)
    assert pair.orders() == B_DEMOTED
    later = timezone.now() + dt.timedelta(days=1, minutes=5)
    with time_machine.travel(later, tick=False):
        assert sanction_actions.expire_sanctions(actor=cli_actor(oscar)) == 1
        assert pair.orders() == B_FIRST


def test_the_ranking_comes_back_when_an_appeal_overturns_the_restriction(
    pair: Pair, oscar: User
) -> None:
    tess = personas.build(personas.TESS)
    dave = personas.build(personas.DAVE)
    sanction = _restrict(oscar, pair.b)
    appeal = sanction_actions.submit_appeal(
        sanction, statement="岗位联系方式均为平台内沟通，附聊天记录说明。", actor=cli_actor(dave)
    )
    assert pair.orders() == B_DEMOTED
    sanction_actions.decide_appeal(
        appeal,
        outcome=AppealOutcome.OVERTURNED,
        reason="证据不足，撤销处罚。",
        actor=cli_actor(tess),
    )
    assert pair.orders() == B_FIRST


def test_other_sanctions_and_restricted_people_do_not_demote(pair: Pair, oscar: User) -> None:
    sanction_actions.impose_sanction(
        kind=SanctionKind.WARNING,
        rule="diversion",
        reason=REASON,
        organisation=pair.b,
        actor=cli_actor(oscar),
    )
    dave = personas.build(personas.DAVE)
    sanction_actions.impose_sanction(
        kind=SanctionKind.RESTRICTION,
        rule="diversion",
        reason=REASON,
        user=dave,
        days=5,
        actor=cli_actor(oscar),
    )
    indexing.index_now(indexing.organisation_posting_ids(pair.b.pk))
    assert pair.orders() == B_FIRST


def test_the_documents_carry_the_demotion(pair: Pair, oscar: User, settings: Any) -> None:
    settings.SEARCH_DEMOTION_DAYS = 3
    _restrict(oscar, pair.b)
    documents = {document.id: document for document in iter_documents()}
    b = documents[str(pair.postings["b"].pk)]
    a = documents[str(pair.postings["a"].pk)]
    assert (a.demoted, a.rank_time) == (False, a.published_at)
    assert (b.demoted, b.rank_time) == (True, b.published_at - 3 * DAY_SECONDS)


# --- the bulk query -------------------------------------------------------------------------


def test_restricted_organisations_are_read_in_one_query(oscar: User) -> None:
    orgs = [
        org_seeds.build_org(spec)
        for spec in (org_seeds.COMPANY_A, org_seeds.COMPANY_B, org_seeds.AGENCY)
    ]
    for org in orgs[:2]:
        _restrict(oscar, org)
    with CaptureQueriesContext(connection) as queries:
        restricted = restricted_organisation_ids()
    assert len(queries) == 1
    assert restricted == {str(orgs[0].pk), str(orgs[1].pk)}
    # Out of force: before it started, after it ended.
    assert restricted_organisation_ids(timezone.now() - dt.timedelta(minutes=1)) == set()
    assert restricted_organisation_ids(timezone.now() + dt.timedelta(days=6)) == set()


def test_building_documents_costs_one_more_query_per_batch(oscar: User) -> None:
    bob, dave = personas.build(personas.BOB), personas.build(personas.DAVE)
    a = org_seeds.build_org(org_seeds.COMPANY_A)
    b = org_seeds.build_org(org_seeds.COMPANY_B)
    postings = [job_seeds.publish(a, bob, oscar, pay_max=9000, **CONTENT) for _ in range(2)]
    postings += [job_seeds.publish(b, dave, oscar, pay_max=9000, **CONTENT) for _ in range(3)]
    _restrict(oscar, b)
    ids = [posting.pk for posting in postings]
    with CaptureQueriesContext(connection) as queries:
        documents, gone = documents_for(ids)
    assert (len(documents), gone) == (5, [])
    assert len(queries) == 2  # the postings, and the restricted organisations
    assert sorted(document.demoted for document in documents) == [False, False, True, True, True]
    with CaptureQueriesContext(connection) as queries:
        assert len(list(iter_documents(batch_size=2))) == 5
    assert len(queries) == 3 * 2 + 1  # three batches of two queries, and the empty last page


def test_a_rebuild_replays_the_restrictions_imposed_while_it_ran(pair: Pair, oscar: User) -> None:
    with time_machine.travel(timezone.now() + dt.timedelta(hours=1), tick=False):
        moment = timezone.now()
        assert indexing.changed_since(moment) == []
        _restrict(oscar, pair.b)
        assert indexing.changed_since(moment) == [str(pair.postings["b"].pk)]

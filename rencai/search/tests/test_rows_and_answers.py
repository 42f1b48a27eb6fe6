"""The page rows of a search come from the public, actor-scoped query compiled once
(:mod:`rencai.search.rows`), and finished answers are reused only while every posting they
show is still public (:class:`rencai.search.service.Answers`)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.db.models import QuerySet
from django.utils import timezone

from conftest import ApiClient
from rencai.jobs.choices import PostingStatus
from rencai.jobs.models import JobPosting
from rencai.jobs.queries import public_postings_seen
from rencai.orgs.models import Organisation
from rencai.search import api as search_api
from rencai.search import rows, service
from rencai.testing import jobs as job_seeds

pytestmark = pytest.mark.django_db


@pytest.fixture
def postings() -> list[JobPosting]:
    found = job_seeds.demo_postings()
    assert len(found) >= 3
    return found


def _orm_ids(ids: list[str], *, minor: bool) -> set[str]:
    return {
        str(pk)
        for pk in public_postings_seen(minor=minor).filter(pk__in=ids).values_list("pk", flat=True)
    }


def test_page_rows_are_what_the_public_query_shows(
    postings: list[JobPosting], django_assert_num_queries: Any
) -> None:
    ids = [str(p.pk) for p in postings]
    with django_assert_num_queries(1):
        found = rows.page_rows(ids, minor=False)
    assert set(found) == _orm_ids(ids, minor=False) == set(ids)
    orm: QuerySet[JobPosting] = public_postings_seen(minor=False).filter(pk__in=ids)
    for posting in orm:
        row = found[str(posting.pk)]
        version, shown = posting.live_version, row.posting.live_version
        assert version is not None and shown is not None
        assert (row.description, row.requirements) == (version.description, version.requirements)
        for name in rows.VERSION_FIELDS:
            assert getattr(shown, name) == getattr(version, name), name
        for name in ("id", "status", "published_at", "valid_until", "minor_prohibited"):
            assert getattr(row.posting, name) == getattr(posting, name), name
        assert row.posting.organisation.legal_name == posting.organisation.legal_name
        assert row.posting.client is None
        assert shown.get_employment_type_display() == version.get_employment_type_display()
        assert isinstance(row.posting.published_at, dt.datetime)
        assert timezone.is_aware(row.posting.published_at)


def test_rows_that_stopped_being_public_are_left_out(postings: list[JobPosting]) -> None:
    ids = [str(p.pk) for p in postings]
    taken, forbidden = postings[0], postings[1]
    # Straight to the database, as if the index had not heard of it yet.
    JobPosting.objects.filter(pk=taken.pk).update(status=PostingStatus.TAKEN_DOWN)
    JobPosting.objects.filter(pk=forbidden.pk).update(minor_prohibited=True)
    adult, minor = rows.public_ids(ids, minor=False), rows.public_ids(ids, minor=True)
    assert adult == _orm_ids(ids, minor=False) == set(ids) - {str(taken.pk)}
    assert minor == _orm_ids(ids, minor=True) == set(ids) - {str(taken.pk), str(forbidden.pk)}
    assert set(rows.page_rows(ids, minor=True)) == minor
    # The clock is the caller's: in a year every posting has expired.
    assert rows.page_rows(ids, minor=False, now=timezone.now() + dt.timedelta(days=366)) == {}
    Organisation.objects.filter(pk=postings[2].organisation_id).update(display_suspended=True)
    assert str(postings[2].pk) not in rows.public_ids(ids, minor=False)
    assert rows.public_ids([], minor=False) == set()


def test_a_clock_read_inside_the_public_query_is_refused(
    postings: list[JobPosting], monkeypatch: pytest.MonkeyPatch
) -> None:
    def with_own_clock(*, minor: bool, now: dt.datetime | None = None) -> QuerySet[JobPosting]:
        return public_postings_seen(minor=minor, now=now).filter(published_at__lte=timezone.now())

    monkeypatch.setattr(rows, "public_postings_seen", with_own_clock)
    monkeypatch.setattr(rows, "_compiled", {})
    with pytest.raises(rows.CompileError, match="not a sentinel"):
        rows.public_ids([str(postings[0].pk)], minor=False)


# --- answers ----------------------------------------------------------------------------


class Counting:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        original = service.complete

        def complete(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(service, "complete", complete)


def _without_time(body: dict[str, Any]) -> dict[str, Any]:
    assert isinstance(body["took_ms"], float) and body["took_ms"] >= 0
    return {**body, "took_ms": None}


def test_a_repeated_search_reuses_its_answer_until_a_posting_stops_being_public(
    postings: list[JobPosting], monkeypatch: pytest.MonkeyPatch
) -> None:
    counting = Counting(monkeypatch)
    client = ApiClient()
    first = client.get("jobs/search?sort=newest")
    second = client.get("jobs/search?sort=newest")
    assert first.status_code == second.status_code == 200
    assert first["Content-Type"] == "application/json; charset=utf-8"
    assert _without_time(first.json()) == _without_time(second.json())
    assert counting.calls == 1
    shown = [item["id"] for item in first.json()["results"]]
    assert set(shown) == {str(p.pk) for p in postings}

    # Taken down in the database only: the index still has it, the answer must not.
    JobPosting.objects.filter(pk=postings[0].pk).update(status=PostingStatus.TAKEN_DOWN)
    third = client.get("jobs/search?sort=newest")
    assert counting.calls == 2
    assert str(postings[0].pk) not in [item["id"] for item in third.json()["results"]]


def test_answers_are_kept_apart_by_language_page_and_parameters(
    postings: list[JobPosting], monkeypatch: pytest.MonkeyPatch
) -> None:
    counting = Counting(monkeypatch)
    client = ApiClient()
    chinese = client.get("jobs/search?q=工程师").json()
    english = client.get("jobs/search?q=工程师", HTTP_ACCEPT_LANGUAGE="en").json()
    client.get("jobs/search?q=工程师&page_size=1")
    client.get("jobs/search?q=检验")
    assert counting.calls == 4
    labels = {value["label"] for value in chinese["facets"]["employment_type"]}
    english_labels = {value["label"] for value in english["facets"]["employment_type"]}
    assert labels != english_labels
    client.get("jobs/search?q=工程师", HTTP_ACCEPT_LANGUAGE="en")
    assert counting.calls == 4


def test_no_answer_is_kept_when_the_cache_is_off(
    postings: list[JobPosting], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_api.ANSWERS, "size", 0)
    counting = Counting(monkeypatch)
    client = ApiClient()
    bodies = [json.loads(client.get("jobs/search").content) for _ in range(2)]
    assert counting.calls == 2
    assert _without_time(bodies[0]) == _without_time(bodies[1])

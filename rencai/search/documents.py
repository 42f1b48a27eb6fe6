"""What the search index holds for a posting, built from the database.

A :class:`SearchDocument` is derived data: every field comes from the posting, its live
version and its organisation, so any index can be rebuilt from the database at any time.
Text fields are stored segmented (search mode) for matching; the original texts are not
indexed, since snippets are made from the database rows of the page being shown.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import multiprocessing.pool
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any, TypeVar

from django.conf import settings
from django.db import connections
from django.db.models import QuerySet

from rencai.core import divisions, occupations
from rencai.core.models import Id
from rencai.jobs.models import JobPosting
from rencai.jobs.queries import public_postings
from rencai.search.params import pay_band_of
from rencai.search.text import index_text

_MONTHLY_FACTOR = {"month": 1.0, "day": 21.75, "hour": 174.0}
_MUNICIPALITIES = frozenset({"110000", "120000", "310000", "500000"})
# A primary-key range [low, high) of rows whose documents one process builds.
Bounds = tuple[uuid.UUID, uuid.UUID | None]
T = TypeVar("T")

TITLE_BOOST = 3.0
COMPANY_BOOST = 1.5
# A restricted organisation's postings sort this many days older in the date orders
# (``SEARCH_DEMOTION_DAYS``); their relevance is multiplied by ``demotion_factor()``.
DEMOTION_DAYS = 7
DAY_SECONDS = 86_400


def demotion_days() -> int:
    return int(getattr(settings, "SEARCH_DEMOTION_DAYS", DEMOTION_DAYS))


def demotion_factor() -> float:
    """The factor a demoted posting's relevance is multiplied with: the sanctions app's
    ranking factor for restricted subjects (``SANCTION_RANKING_FACTOR``), within (0, 1]."""
    from rencai.sanctions.constants import ranking_factor

    return min(max(ranking_factor(), 0.01), 1.0)


def restricted_organisations() -> frozenset[str]:
    """The organisations whose postings are demoted now (one query; once per batch)."""
    from rencai.sanctions.queries import restricted_organisation_ids

    return frozenset(restricted_organisation_ids())


def monthly_range(pay_min: int, pay_max: int, pay_period: str) -> tuple[int, int] | None:
    """Pay as a monthly CNY range; ``None`` for piece rates (left out of pay filters)."""
    factor = _MONTHLY_FACTOR.get(pay_period)
    if factor is None:
        return None
    return int(pay_min * factor), int(pay_max * factor)


def city_of(code: str) -> str:
    """The city a division belongs to, for the city facet: the prefecture-level city, the
    municipality itself (北京市), or a county-level city directly under a province (仙桃市)."""
    chain = [*divisions.ancestors(code), divisions.get_division(code)]
    known = [division for division in chain if division is not None]
    if not known:
        return ""
    for division in known:
        if division.level == divisions.CITY:
            return division.code
    if known[0].code in _MUNICIPALITIES:
        return known[0].code
    return known[-1].code


def division_codes(code: str) -> list[str]:
    """The division and every division above it (a province filter matches its districts)."""
    division = divisions.get_division(code)
    if division is None:
        return []
    return [item.code for item in divisions.ancestors(code)] + [division.code]


def category_codes(code: str) -> list[str]:
    occupation = occupations.get_occupation(code)
    if occupation is None:
        return [code] if code else []
    return [item.code for item in occupations.ancestors(code)] + [occupation.code]


@dataclass(frozen=True)
class SearchDocument:
    """One posting as every backend indexes it."""

    id: str
    title_words: str
    company_words: str
    body_words: str  # description, requirements, skills, benefits text
    skills_words: str
    divisions: tuple[str, ...]  # every location and all divisions above it
    cities: tuple[str, ...]
    pay_low: int  # monthly CNY (0 with has_pay False for piece rates)
    pay_high: int
    has_pay: bool
    pay_band: str
    employment_type: str
    education: str
    experience_years: int
    industry: str
    categories: tuple[str, ...]
    organisation_id: str
    direct: bool  # published by the verified employer itself, not by an agency for a client
    minor_prohibited: bool
    published_at: int  # epoch seconds
    valid_until: int  # the last valid day as YYYYMMDD
    standing_until: int  # epoch seconds: the organisation's re-verification deadline
    risk_score: int
    # The publisher (or its client) is under a restriction (FRD-02): relevance counts less.
    demoted: bool
    # published_at, or demotion_days() earlier when demoted: what the date orders sort by.
    rank_time: int

    @property
    def stamp(self) -> str:
        """A short digest of the document (the consistency check compares it)."""
        data = repr(tuple(getattr(self, name) for name in _FIELD_NAMES))
        return hashlib.blake2b(data.encode(), digest_size=8).hexdigest()


_FIELD_NAMES = tuple(item.name for item in fields(SearchDocument))


@lru_cache(maxsize=50_000)
def _name_words(*names: str) -> str:
    """Organisation names recur on every posting of the organisation: segment them once."""
    return index_text(*names)


def day_number(day: dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


# The columns a document is built from, loaded as plain values (no model instances: a
# rebuild reads a million rows, and building models costs more than segmenting their text).
DOCUMENT_FIELDS = (
    "id",
    "published_at",
    "created_at",
    "valid_until",
    "minor_prohibited",
    "risk_score",
    "organisation_id",
    "organisation__legal_name",
    "organisation__industry",
    "organisation__reverification_due_at",
    "client_id",
    "client__legal_name",
    "client__industry",
    *(
        f"live_version__{name}"
        for name in (
            "id",
            "title",
            "description",
            "requirements",
            "skills",
            "locations",
            "pay_min",
            "pay_max",
            "pay_period",
            "employment_type",
            "education",
            "experience_years",
            "category",
            "valid_until",
        )
    ),
)
Row = dict[str, Any]


def document_of(row: Row, restricted: frozenset[str] = frozenset()) -> SearchDocument | None:
    """The document for a public posting's row (of :func:`indexable_rows`); ``None`` if it
    has no live version. ``restricted``: the ids of the organisations under a restriction
    (:func:`restricted_organisations`, read once per batch), whose postings are demoted."""
    if row["live_version__id"] is None:
        return None
    pay = monthly_range(
        row["live_version__pay_min"], row["live_version__pay_max"], row["live_version__pay_period"]
    )
    low, high = pay or (0, 0)
    codes: dict[str, None] = {}
    cities: dict[str, None] = {}
    for location in row["live_version__locations"]:
        code = str(location.get("division", ""))
        codes.update(dict.fromkeys(division_codes(code)))
        city = city_of(code)
        if city:
            cities[city] = None
    skills_words = index_text(" ".join(str(skill) for skill in row["live_version__skills"]))
    own_name = row["organisation__legal_name"]
    has_client = row["client_id"] is not None
    due = row["organisation__reverification_due_at"]
    published = row["published_at"] or row["created_at"]
    body = index_text(row["live_version__description"], row["live_version__requirements"])
    demoted = bool(restricted) and (
        str(row["organisation_id"]) in restricted
        or (has_client and str(row["client_id"]) in restricted)
    )
    published_at = int(published.timestamp())
    return SearchDocument(
        id=str(row["id"]),
        title_words=index_text(row["live_version__title"]),
        company_words=(
            _name_words(row["client__legal_name"], own_name)
            if has_client
            else _name_words(own_name, "")
        ),
        body_words=f"{body} {skills_words}",
        skills_words=skills_words,
        divisions=tuple(codes),
        cities=tuple(cities),
        pay_low=low,
        pay_high=high,
        has_pay=pay is not None,
        pay_band=pay_band_of(low, high) if pay is not None else "",
        employment_type=row["live_version__employment_type"],
        education=row["live_version__education"],
        experience_years=row["live_version__experience_years"],
        industry=row["client__industry"] if has_client else row["organisation__industry"],
        categories=tuple(category_codes(row["live_version__category"])),
        organisation_id=str(row["organisation_id"]),
        direct=not has_client,
        minor_prohibited=row["minor_prohibited"],
        published_at=published_at,
        valid_until=day_number(row["valid_until"] or row["live_version__valid_until"]),
        standing_until=int(due.timestamp()) if due is not None else 0,
        risk_score=row["risk_score"],
        demoted=demoted,
        rank_time=published_at - demotion_days() * DAY_SECONDS if demoted else published_at,
    )


def indexable_postings() -> QuerySet[JobPosting]:
    """Every posting that belongs in the index: the public ones, nothing else."""
    return public_postings().order_by()


def indexable_rows(postings: QuerySet[JobPosting] | None = None) -> QuerySet[JobPosting, Row]:
    """The values a document is built from, for ``postings`` (by default every indexable
    posting)."""
    postings = indexable_postings() if postings is None else postings
    rows: QuerySet[JobPosting, Row] = postings.values(*DOCUMENT_FIELDS)
    return rows


def documents_for(posting_ids: Sequence[Id]) -> tuple[list[SearchDocument], list[str]]:
    """Documents for the postings among ``posting_ids`` that are public, and the ids of the
    others (to be removed from the index)."""
    wanted = [str(pid) for pid in posting_ids]
    rows = indexable_rows(indexable_postings().filter(pk__in=wanted))
    found = {str(row["id"]): row for row in rows}
    restricted = restricted_organisations() if found else frozenset()
    documents = [
        doc for pid in wanted if pid in found if (doc := document_of(found[pid], restricted))
    ]
    present = {doc.id for doc in documents}
    return documents, [pid for pid in wanted if pid not in present]


def iter_documents(*, batch_size: int = 2000) -> Iterator[SearchDocument]:
    """Every public posting's document, in batches by primary key (constant memory)."""
    last = None
    postings = indexable_postings().order_by("pk")
    while True:
        page = postings.filter(pk__gt=last) if last is not None else postings
        batch = list(indexable_rows(page)[:batch_size])
        if not batch:
            return
        restricted = restricted_organisations()
        for row in batch:
            document = document_of(row, restricted)
            if document is not None:
                yield document
        last = batch[-1]["id"]


def _chunk_bounds(batch_size: int) -> list[Bounds]:
    """Primary-key ranges of ``batch_size`` indexable postings each."""
    return chunk_bounds(indexable_postings(), batch_size)


def chunk_bounds(rows: QuerySet[Any], batch_size: int) -> list[Bounds]:
    """Primary-key ranges ``[low, high)`` of ``batch_size`` rows each (``high`` is ``None``
    for the last), for building the documents of each range in another process."""
    pks = rows.order_by("pk").values_list("pk", flat=True)
    starts = [
        pk
        for position, pk in enumerate(pks.iterator(chunk_size=20_000))
        if position % batch_size == 0
    ]
    return list(zip(starts, [*starts[1:], None], strict=True))


def _documents_between(bounds: Bounds) -> list[SearchDocument]:
    low, high = bounds
    postings = indexable_postings().filter(pk__gte=low)
    if high is not None:
        postings = postings.filter(pk__lt=high)
    restricted = restricted_organisations()
    return [
        document for row in indexable_rows(postings) if (document := document_of(row, restricted))
    ]


def iter_documents_parallel(workers: int, *, batch_size: int = 5000) -> Iterator[SearchDocument]:
    """Every public posting's document, built by ``workers`` forked processes (a rebuild
    spends most of its time segmenting text, which one process does on one core). Only
    for a command run on the server: never from a web request or a threaded worker, and
    only on committed data, since each process reads the database on its own.

    The processes are forked here, before the caller opens its own transaction (a backend
    rebuild does): closing the connections later would cut that transaction."""
    return build_in_processes(workers, _chunk_bounds(batch_size), _documents_between)


def build_in_processes(
    workers: int, bounds: list[Bounds], build: Callable[[Bounds], list[T]]
) -> Iterator[T]:
    """``build`` each range of ``bounds`` in ``workers`` forked processes, yielding the
    documents in order (shared by the posting and resume indexes). The processes are
    forked at once, before the caller opens a transaction."""
    connections.close_all()  # each forked process opens its own connection
    pool = multiprocessing.get_context("fork").Pool(workers)
    return _drain(pool, bounds, build)


def _drain(
    pool: multiprocessing.pool.Pool, bounds: list[Bounds], build: Callable[[Bounds], list[T]]
) -> Iterator[T]:
    try:
        for documents in pool.imap(build, bounds):
            yield from documents
    finally:
        pool.terminate()
        pool.join()


def count_indexable() -> int:
    return indexable_postings().count()


def ids_of(documents: Iterable[SearchDocument]) -> list[str]:
    return [document.id for document in documents]

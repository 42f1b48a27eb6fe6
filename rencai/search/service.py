"""Job search as pages, the API and alerts use it: :func:`search_jobs`.

The backend finds and orders posting ids; the rows shown are then loaded through
``public_postings_seen`` (:mod:`rencai.search.rows`), the same actor-scoped query as every
public page, so a posting that stopped being public a moment ago (taken down, expired,
organisation suspended) is never shown even before the index has caught up, and
16–17-year-olds never see jobs forbidden to minors (JOB-10). When the index is unavailable the
search runs on the database instead and a rebuild is scheduled: a visitor gets slower
results, never an error page. The API keeps finished answers of repeated searches
(:class:`Answers`)."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from rencai.accounts.models import User
from rencai.core import divisions, industries, occupations
from rencai.core.timeutil import local_today
from rencai.jobs.choices import Education, EmploymentType
from rencai.jobs.models import JobPosting
from rencai.jobs.queries import sees_as_minor
from rencai.search.backends import fallback_backend, get_backend
from rencai.search.backends.base import BackendQuery, BackendResult, IndexUnavailable
from rencai.search.documents import day_number
from rencai.search.params import SearchParams, pay_band_label
from rencai.search.rows import PageRow, page_rows, public_ids
from rencai.search.snippets import highlight, snippet
from rencai.search.text import QueryTerm, analyse_query, highlight_words

logger = logging.getLogger(__name__)

# Rows that stopped being public since they were indexed are dropped after loading; asking
# the backend for a few more keeps the page full.
OVERFETCH = 5
MAX_SUGGESTIONS = 4


@dataclass(frozen=True)
class SearchHit:
    posting: JobPosting
    title_html: SafeString
    snippet_html: SafeString


@dataclass(frozen=True)
class FacetValue:
    key: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Suggestion:
    """A relaxed version of a search that found nothing, with how many it finds."""

    label: str
    params: SearchParams
    count: int


@dataclass
class SearchResponse:
    params: SearchParams
    hits: list[SearchHit]
    total: int
    facets: dict[str, list[FacetValue]]
    took_ms: float
    backend: str
    degraded: bool = False
    terms: list[QueryTerm] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def pages(self) -> int:
        size = self.params.page_size
        return max(1, min((self.total + size - 1) // size, 50))


def backend_query(
    params: SearchParams,
    *,
    user: User | None = None,
    terms: list[QueryTerm] | None = None,
    now: dt.datetime | None = None,
    with_facets: bool = True,
) -> BackendQuery:
    """The backend's view of a search for ``user`` at ``now``."""
    now = now or timezone.now()
    # The clock in the index query moves by the minute, so repeated searches share cached
    # results; the rows shown are checked against the exact time when they are loaded.
    minute = now.replace(second=0, microsecond=0)
    after = params.published_after
    if params.posted_within:
        within = minute - dt.timedelta(days=params.posted_within)
        after = max(after, within) if after else within
    minor = sees_as_minor(user)
    return BackendQuery(
        terms=tuple(analyse_query(params.q) if terms is None else terms),
        division=params.division,
        pay_min=params.pay_min,
        pay_max=params.pay_max,
        pay_bands=params.pay_band,
        employment_types=params.employment_type,
        educations=params.education,
        experience_max=params.experience_max,
        industries=params.industry,
        category=params.category,
        published_after=int(after.timestamp()) if after else None,
        direct_only=params.verified_only,
        exclude_minor_prohibited=minor,
        today=day_number(local_today()),
        now=int(minute.timestamp()),
        sort=params.sort,
        offset=params.offset,
        limit=params.page_size + OVERFETCH,
        with_facets=with_facets,
    )


def _run(query: BackendQuery) -> tuple[BackendResult, str, bool]:
    backend = get_backend()
    try:
        return backend.search(query), backend.name, False
    except IndexUnavailable as error:
        from rencai.search.indexing import schedule_rebuild

        logger.warning("search index unavailable (%s); searching the database", error)
        schedule_rebuild(str(error))
        fallback = fallback_backend()
        return fallback.search(query), fallback.name, True


def _rows(ids: list[str], minor: bool, wanted: int) -> list[PageRow]:
    """The first ``wanted`` of ``ids`` that are still public, in order. Usually one query;
    a second one only when some of the page stopped being public since it was indexed."""
    now = timezone.now()
    found = page_rows(ids[:wanted], minor=minor, now=now)
    if len(found) < min(wanted, len(ids)) and len(ids) > wanted:
        found.update(page_rows(ids[wanted:], minor=minor, now=now))
    return [found[pid] for pid in ids if pid in found][:wanted]


def _hit(row: PageRow, words: list[str]) -> SearchHit:
    version = row.posting.live_version
    assert version is not None  # public postings have a live version
    text = "\n".join((row.description, row.requirements))
    return SearchHit(row.posting, highlight(version.title, words), snippet(text, words))


@dataclass(frozen=True)
class Found:
    """The first half of a search: the index's answer, before any row is loaded."""

    params: SearchParams
    terms: list[QueryTerm]
    query: BackendQuery
    result: BackendResult
    backend: str
    degraded: bool
    started: float

    def answer_key(self, variant: Hashable) -> Hashable | None:
        """What identifies an answer made from this search: the state of the index it read,
        the index query (with its minute clock, page and audience), the parameters as
        given, and the caller's ``variant``. ``None``: not to be reused."""
        if self.degraded or self.result.state is None:
            return None
        return (self.result.state, self.query, self.params, variant)

    @property
    def elapsed_ms(self) -> float:
        return round((time.perf_counter() - self.started) * 1000, 2)


def find(params: SearchParams, *, user: User | None = None, with_facets: bool = True) -> Found:
    """Ask the index (or, when it is unavailable, the database) for a search as ``user``
    sees it."""
    started = time.perf_counter()
    terms = analyse_query(params.q)
    query = backend_query(params, user=user, terms=terms, with_facets=with_facets)
    result, backend_name, degraded = _run(query)
    return Found(params, terms, query, result, backend_name, degraded, started)


def complete(found: Found, *, user: User | None = None) -> SearchResponse:
    """The second half: the page's rows (still public now), snippets, facet labels and,
    when nothing matched, relaxed searches."""
    params, result = found.params, found.result
    rows = _rows(result.ids, found.query.exclude_minor_prohibited, params.page_size)
    words = highlight_words(found.terms)
    response = SearchResponse(
        params=params,
        hits=[_hit(posting, words) for posting in rows],
        total=result.total,
        facets=_facets(result.facets, params),
        took_ms=0.0,
        backend=found.backend,
        degraded=found.degraded,
        terms=found.terms,
    )
    if result.total == 0 and not params.is_blank():
        response.suggestions = suggestions(params, user=user)
    response.took_ms = found.elapsed_ms
    return response


def search_jobs(
    params: SearchParams, *, user: User | None = None, with_facets: bool = True
) -> SearchResponse:
    """Run a search as ``user`` (``None`` for an anonymous visitor) sees it."""
    return complete(find(params, user=user, with_facets=with_facets), user=user)


class Answers:
    """Finished answers to searches (what a caller makes of one, such as the API's JSON
    body), kept per process, least recently used first out. Popular searches are asked again
    and again; an answer is reused only for the same :meth:`Found.answer_key`, so any commit
    or swap of the index, a new minute or another audience makes a new one. Before an answer
    is reused, the postings it shows are checked through the public query at this instant
    (one query of their ids): if any stopped being public (taken down, expired, organisation
    suspended) the answer is dropped and made again, exactly as without the cache."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, tuple[tuple[str, ...], Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, found: Found, variant: Hashable) -> Any | None:
        key = found.answer_key(variant)
        if key is None or not self.size:
            return None
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
        if entry is None:
            return None
        shown, value = entry
        if shown and len(public_ids(shown, minor=found.query.exclude_minor_prohibited)) < len(
            shown
        ):
            with self._lock:
                self._entries.pop(key, None)
            return None
        return value

    def put(self, found: Found, variant: Hashable, response: SearchResponse, value: Any) -> None:
        key = found.answer_key(variant)
        if key is None or not self.size:
            return
        shown = tuple(str(hit.posting.pk) for hit in response.hits)
        with self._lock:
            self._entries[key] = (shown, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def count_jobs(params: SearchParams, *, user: User | None = None) -> int:
    query = backend_query(params, user=user, with_facets=False)
    return _run(replace(query, offset=0, limit=1))[0].total


# --- facets and labels -----------------------------------------------------------------


def city_label(code: str) -> str:
    division = divisions.get_division(code)
    return division.name if division is not None else code


_LABELS: dict[tuple[str | None, str, str], str] = {}


def facet_label(name: str, key: str) -> str:
    """The label of a facet value in the active language (remembered: a search shows
    dozens, and the set of values is small)."""
    return _memo_label(get_language(), name, key)


def _memo_label(language: str | None, name: str, key: str) -> str:
    memo = (language, name, key)
    label = _LABELS.get(memo)
    if label is None:
        label = _LABELS[memo] = _facet_label(name, key)
    return label


def _facet_label(name: str, key: str) -> str:
    if name == "city":
        return city_label(key)
    if name == "pay_band":
        return pay_band_label(key)
    if name == "employment_type":
        return str(EmploymentType(key).label) if key in EmploymentType.values else key
    if name == "education":
        return str(Education(key).label) if key in Education.values else key
    if name == "industry":
        return industries.short_name(key) or key
    return key


def _selected(name: str, key: str, params: SearchParams) -> bool:
    if name == "city":
        return params.division == key
    if name == "pay_band":
        return key in params.pay_band
    if name == "employment_type":
        return key in params.employment_type
    if name == "education":
        return key in params.education
    if name == "industry":
        return key in params.industry
    return False


def _facets(
    raw: dict[str, list[tuple[str, int]]], params: SearchParams
) -> dict[str, list[FacetValue]]:
    language = get_language()
    return {
        name: [
            FacetValue(key, _memo_label(language, name, key), count, _selected(name, key, params))
            for key, count in values
        ]
        for name, values in raw.items()
    }


def describe_filter(name: str, params: SearchParams) -> str:
    """A short text for a filter that is set, for chips and relaxed-search suggestions."""
    value = getattr(params, name)
    if name == "q":
        return str(value)
    if name == "division":
        return divisions.display_name(value)
    if name == "category":
        occupation = occupations.get_occupation(value)
        return occupation.name if occupation is not None else str(value)
    if name in ("pay_band", "employment_type", "education", "industry"):
        return "、".join(facet_label(name, key) for key in value)
    if name == "pay_min":
        return _("from %(pay)s yuan") % {"pay": f"{value:,}"}
    if name == "pay_max":
        return _("up to %(pay)s yuan") % {"pay": f"{value:,}"}
    if name == "experience_max":
        return _("at most %(years)s years of experience") % {"years": value}
    if name == "posted_within":
        return _("posted within %(days)s days") % {"days": value}
    if name == "verified_only":
        return _("employers' own postings")
    return str(value)


def suggestions(params: SearchParams, *, user: User | None = None) -> list[Suggestion]:
    """Relaxed searches for a search that found nothing: without one filter, without one
    word, or the words alone; only those that find something, most results first."""
    candidates: list[tuple[str, SearchParams]] = []
    for name in params.filters():
        label = _("Without “%(what)s”") % {"what": describe_filter(name, params)}
        candidates.append((label, params.without(name)))
    words = [term.word for term in analyse_query(params.q)]
    if len(words) > 1:
        for word in words:
            rest = " ".join(w for w in words if w != word)
            label = _("Search “%(query)s” instead") % {"query": rest}
            candidates.append((label, replace(params, q=rest, page=1)))
    if params.q and len(params.filters()) > 1:
        label = _("Only the words “%(query)s”, no filters") % {"query": params.q}
        candidates.append((label, SearchParams(q=params.q)))
    found: list[Suggestion] = []
    for label, relaxed in candidates:
        count = count_jobs(relaxed, user=user)
        if count:
            found.append(Suggestion(label, relaxed, count))
    found.sort(key=lambda suggestion: -suggestion.count)
    return found[:MAX_SUGGESTIONS]

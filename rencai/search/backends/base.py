"""The interface every search backend implements, and what passes through it.

The service (``rencai.search.service``) turns :class:`~rencai.search.params.SearchParams`
into a :class:`BackendQuery` (terms already analysed, the viewer's restrictions and the clock
already applied) and hands it to the configured backend, which returns matching posting ids
in order with the total and facet counts. Backends never decide what is public: they index
only public postings and filter on the validity and standing the documents carry; the
service then loads the page's rows through the public, actor-scoped query.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from rencai.search.documents import SearchDocument
from rencai.search.text import QueryTerm

if TYPE_CHECKING:
    from rencai.search.resume_documents import ResumeDocument

FACETS = ("city", "pay_band", "employment_type", "education", "industry")
FACET_SIZE = 20
# The document field (tantivy field, PostgreSQL column) each facet counts.
FACET_FIELDS = {
    "city": "cities",
    "pay_band": "pay_band",
    "employment_type": "employment_type",
    "education": "education",
    "industry": "industry",
}


@dataclass(frozen=True)
class BackendQuery:
    """A search as backends see it. ``terms`` must all match (each through any of its
    alternatives); the filters combine with AND and list filters match any value."""

    terms: tuple[QueryTerm, ...] = ()
    division: str = ""
    pay_min: int | None = None
    pay_max: int | None = None
    pay_bands: tuple[str, ...] = ()
    employment_types: tuple[str, ...] = ()
    educations: tuple[str, ...] = ()
    experience_max: int | None = None
    industries: tuple[str, ...] = ()
    category: str = ""
    published_after: int | None = None  # epoch seconds
    direct_only: bool = False
    exclude_minor_prohibited: bool = False
    # The clock: valid_until ≥ today (YYYYMMDD) and standing_until > now (epoch seconds).
    today: int = 0
    now: int = 0
    sort: str = "relevance"  # relevance | newest | pay
    offset: int = 0
    limit: int = 20
    with_facets: bool = True
    with_total: bool = True


@dataclass
class BackendResult:
    ids: list[str]
    total: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    # The state of the index the result was read from: the same query on the same state
    # gives the same result, so what is made of it may be reused (None: not to be reused).
    state: Hashable | None = None


@dataclass(frozen=True)
class IndexStatus:
    """What ``check_search_index`` and the operator dashboard show about an index."""

    backend: str
    ready: bool
    documents: int
    dictionary_version: str
    location: str = ""
    size_bytes: int = 0
    detail: str = ""


class IndexUnavailable(Exception):
    """The index is missing, corrupt or built with another dictionary; the service falls
    back to the database and schedules a rebuild."""


Progress = Callable[[int], None]


class SearchBackend(Protocol):
    name: str

    def search(self, query: BackendQuery) -> BackendResult:
        """Matching ids in order (page ``offset``/``limit``), total and facets."""
        ...

    def upsert(self, documents: Sequence[SearchDocument]) -> None:
        """Add or replace these documents; visible to searches when this returns."""
        ...

    def delete(self, ids: Sequence[str]) -> None:
        """Remove these postings; ids that are not indexed are ignored."""
        ...

    def rebuild(self, documents: Iterable[SearchDocument], *, progress: Progress) -> int:
        """Build a complete new index aside from the live one and swap it in; searches keep
        working on the old index meanwhile. Returns the number of documents."""
        ...

    def stamps(self) -> dict[str, str]:
        """Every indexed id with its document stamp (for the consistency check)."""
        ...

    def status(self) -> IndexStatus: ...


def facet_groups(query: BackendQuery) -> list[tuple[str, list[str]]]:
    """Disjunctive faceting: the facets without a filter of their own share one pass over
    the full query (listed first, with ``""``, possibly empty: that pass also yields the
    total); each facet whose own filter is set gets a pass without that filter, so its
    other values stay visible."""
    selected = {
        "city": bool(query.division),
        "pay_band": bool(query.pay_bands),
        "employment_type": bool(query.employment_types),
        "education": bool(query.educations),
        "industry": bool(query.industries),
    }
    groups = [("", [name for name in FACETS if not selected[name]])]
    return groups + [(name, [name]) for name in FACETS if selected[name]]


def top_counts(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """The :data:`FACET_SIZE` largest counts, ties by key, empty keys left out."""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [(key, count) for key, count in ranked if key][:FACET_SIZE]


# --- resumes (issue 7) ---------------------------------------------------------------------

RESUME_FACETS = ("city", "education")
RESUME_FACET_FIELDS = {"city": "cities", "education": "education"}


@dataclass(frozen=True)
class ResumeQuery:
    """A resume search as backends see it, for one searching organisation.

    The seeker's rules are part of the query, never applied to results afterwards (PI-05):
    ``exclude_uscc`` drops every resume whose owner hides from that USCC, and
    ``public_only`` (agencies) drops resumes visible to employers only. Invisible resumes
    are not in the index at all."""

    terms: tuple[QueryTerm, ...] = ()
    division: str = ""
    experience_min: int | None = None  # months
    experience_max: int | None = None  # months
    education_min: int | None = None  # rank (resume_documents.EDUCATION_RANK)
    updated_after: int | None = None  # epoch seconds
    exclude_uscc: str = ""
    public_only: bool = False
    sort: str = "relevance"  # relevance (newest first without words) | updated
    offset: int = 0
    limit: int = 20
    with_facets: bool = True
    with_total: bool = True


def resume_facet_groups(query: ResumeQuery) -> list[tuple[str, list[str]]]:
    """As :func:`facet_groups`, for the resume facets (a set filter is counted without it)."""
    selected = {"city": bool(query.division), "education": query.education_min is not None}
    groups = [("", [name for name in RESUME_FACETS if not selected[name]])]
    return groups + [(name, [name]) for name in RESUME_FACETS if selected[name]]


class ResumeSearchBackend(Protocol):
    """The resume index: the same operations as :class:`SearchBackend`, on resumes."""

    name: str

    def search(self, query: ResumeQuery) -> BackendResult: ...

    def upsert(self, documents: Sequence[ResumeDocument]) -> None: ...

    def delete(self, ids: Sequence[str]) -> None: ...

    def rebuild(self, documents: Iterable[ResumeDocument], *, progress: Progress) -> int: ...

    def stamps(self) -> dict[str, str]: ...

    def status(self) -> IndexStatus: ...

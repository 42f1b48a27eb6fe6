"""The embedded default backend: a tantivy index under ``SEARCH_DIR`` (``var/search/``).

Layout: each complete index is a *generation* directory (``jobs-<time>-<random>``); the file
``current.json`` names the live generation with the dictionary and schema versions it was
built with. A rebuild writes a new generation and swaps ``current.json`` atomically, so
searches never see a half-built index; readers notice the swap (and every commit) by the
contents of ``current.json`` and of the generation's ``meta.json`` and reload.

Writes come from the Huey worker (and from the web process when Huey runs eagerly); a file
lock serialises writers across processes, because tantivy allows one writer per index.
Several web processes may read the same index at the same time.
"""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import json
import os
import secrets
import shutil
import threading
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

import tantivy
from django.conf import settings
from django.utils import timezone

from rencai.search.backends.base import (
    FACET_FIELDS,
    FACET_SIZE,
    BackendQuery,
    BackendResult,
    IndexStatus,
    IndexUnavailable,
    Progress,
    facet_groups,
)
from rencai.search.documents import (
    COMPANY_BOOST,
    TITLE_BOOST,
    SearchDocument,
    demotion_factor,
)
from rencai.search.params import PAY_BANDS
from rencai.search.text import QueryTerm, dictionary_version

SCHEMA_VERSION = 2  # 2: demoted and rank_time (restricted organisations rank lower)
CURRENT = "current.json"
TEXT_FIELDS = ("title", "company", "body", "skills")
FIELD_BOOSTS = {"title": TITLE_BOOST, "company": COMPANY_BOOST, "body": 1.0, "skills": 1.0}
PART_BOOST = 0.5  # a word found only through its sub-words ranks below the word itself
KEYWORD_FIELDS = (
    "divisions",
    "cities",
    "categories",
    "pay_band",
    "employment_type",
    "education",
    "industry",
    "organisation",
)
INT_FIELDS = (
    "pay_low",
    "pay_high",
    "has_pay",
    "experience",
    "direct",
    "minor",
    "published_at",
    "valid_until",
    "standing_until",
    "risk",
    "demoted",
    "rank_time",
)
WHITESPACE = "rencai_words"
RESULT_CACHE_SIZE = 2048


def build_schema() -> tantivy.Schema:
    return schema_of(TEXT_FIELDS, KEYWORD_FIELDS, INT_FIELDS)


def schema_of(
    text_fields: Sequence[str],
    keyword_fields: Sequence[str],
    int_fields: Sequence[str],
    *,
    raw_fields: Sequence[str] = (),
) -> tantivy.Schema:
    """A schema of the shape every index shares: the stored ``id`` and ``stamp``, then
    indexed-only raw ``raw_fields``, the whitespace-tokenised text fields, the keyword
    fields (fast, for filters and facets) and the integer fields, in that order."""
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw", fast=True)
    builder.add_text_field("stamp", stored=True, tokenizer_name="raw")
    for name in raw_fields:
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic")
    for name in text_fields:
        builder.add_text_field(name, tokenizer_name=WHITESPACE, index_option="freq")
    for name in keyword_fields:
        builder.add_text_field(name, tokenizer_name="raw", fast=True, index_option="basic")
    for name in int_fields:
        builder.add_integer_field(name, indexed=True, fast=True)
    return builder.build()


def _register(index: tantivy.Index) -> None:
    analyzer = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()
    index.register_tokenizer(WHITESPACE, analyzer)


def to_tantivy(document: SearchDocument) -> tantivy.Document:
    doc = tantivy.Document()
    doc.add_text("id", document.id)
    doc.add_text("stamp", document.stamp)
    doc.add_text("title", document.title_words)
    doc.add_text("company", document.company_words)
    doc.add_text("body", document.body_words)
    doc.add_text("skills", document.skills_words)
    for name, values in (
        ("divisions", document.divisions),
        ("cities", document.cities),
        ("categories", document.categories),
    ):
        for value in values:
            doc.add_text(name, value)
    for name, value in (
        ("pay_band", document.pay_band),
        ("employment_type", document.employment_type),
        ("education", document.education),
        ("industry", document.industry),
        ("organisation", document.organisation_id),
    ):
        if value:
            doc.add_text(name, value)
    for name, number in (
        ("pay_low", document.pay_low),
        ("pay_high", document.pay_high),
        ("has_pay", int(document.has_pay)),
        ("experience", document.experience_years),
        ("direct", int(document.direct)),
        ("minor", int(document.minor_prohibited)),
        ("published_at", document.published_at),
        ("valid_until", document.valid_until),
        ("standing_until", document.standing_until),
        ("risk", document.risk_score),
        ("demoted", int(document.demoted)),
        ("rank_time", document.rank_time),
    ):
        doc.add_integer(name, number)
    return doc


# Numbers the states of the index a process has seen (each open, each commit noticed).
_STATES = itertools.count(1)


@dataclass
class _Open:
    generation: str
    index: tantivy.Index
    schema: tantivy.Schema
    current: bytes  # current.json, from which this generation was opened
    meta: bytes | None  # the generation's meta.json as of the last reload
    state: int = field(default_factory=lambda: next(_STATES))


D = TypeVar("D")  # the document type an index holds
Q = TypeVar("Q")  # the query type it answers


class TantivyIndex(ABC, Generic[D, Q]):
    """What every tantivy index shares: generations, the swap, reloads, the writer lock and
    the per-commit result cache. Subclasses say what a document and a query are
    (:class:`TantivyBackend` for postings, ``resume_tantivy.ResumeTantivyBackend`` for
    resumes, in a directory of its own under ``SEARCH_DIR``)."""

    name = "tantivy"
    prefix = "index"  # generation directories are <prefix>-<time>-<random>
    subdirectory = ""  # under SEARCH_DIR
    schema_version = 1
    text_fields: tuple[str, ...] = TEXT_FIELDS
    field_boosts: dict[str, float] = FIELD_BOOSTS

    def __init__(self, root: Path | None = None) -> None:
        self._root = Path(root) if root is not None else None
        self._lock = threading.Lock()
        self._open: _Open | None = None
        # Results of recent searches against the current commit of the index; any commit
        # or swap changes the key, so a cached result is never older than the index.
        self._results: OrderedDict[tuple[int, Q], BackendResult] = OrderedDict()

    # --- what each index defines -----------------------------------------------------

    @abstractmethod
    def _schema(self) -> tantivy.Schema:
        """The tantivy schema of this index's documents."""

    @abstractmethod
    def _document(self, document: D) -> tantivy.Document:
        """``document`` as a tantivy document of this schema."""

    @abstractmethod
    def _document_id(self, document: D) -> str:
        """The id under which ``document`` is replaced or deleted."""

    @abstractmethod
    def _search(self, opened: _Open, query: Q) -> BackendResult:
        """Answer ``query`` from the opened generation."""

    # --- locations ---------------------------------------------------------------------

    @property
    def root(self) -> Path:
        base = self._root or Path(settings.SEARCH_DIR)
        return base / self.subdirectory if self.subdirectory else base

    def _current_file(self) -> Path:
        return self.root / CURRENT

    def _read_current(self, raw: bytes | None = None) -> dict[str, Any]:
        """``current.json`` (``raw``: its bytes as already read), checked."""
        try:
            if raw is None:
                raw = self._contents(self._current_file())
            if raw is None:
                raise IndexUnavailable("no search index has been built yet")
            data = json.loads(raw.decode("utf-8"))
        except (OSError, ValueError) as error:
            raise IndexUnavailable(f"{CURRENT} is unreadable: {error}") from error
        if not isinstance(data, dict) or not isinstance(data.get("generation"), str):
            raise IndexUnavailable(f"{CURRENT} does not name a generation")
        if data.get("schema") != self.schema_version:
            raise IndexUnavailable("the index was built with another schema")
        if data.get("dictionary") != dictionary_version():
            raise IndexUnavailable("the index was built with another dictionary version")
        return data

    @staticmethod
    def _contents(path: Path) -> bytes | None:
        """A small file's bytes (``None`` when it is missing). ``current.json`` and
        ``meta.json`` are compared by content, not modification time: the file system stamps
        times from a coarse clock, so two commits a few milliseconds apart can have the same
        time, and a reader going by the time would miss the second one. Both files are
        replaced atomically (written aside, renamed), so a read never sees half of one."""
        try:
            return path.read_bytes()
        except FileNotFoundError:
            return None

    # --- reading -----------------------------------------------------------------------

    def _index(self) -> _Open:
        """The live index, reopened after a swap and reloaded after a commit."""
        current = self._contents(self._current_file())
        with self._lock:
            opened = self._open
            if opened is None or opened.current != current:
                opened = self._open = self._open_current(current)
            meta = self._contents(self.root / opened.generation / "meta.json")
            if meta != opened.meta:
                opened.index.reload()
                opened.meta = meta
                opened.state = next(_STATES)
            return opened

    def _open_current(self, current: bytes | None) -> _Open:
        generation = str(self._read_current(current)["generation"])
        assert current is not None  # a missing current.json is IndexUnavailable above
        path = self.root / generation
        meta = path / "meta.json"
        if not meta.is_file():
            raise IndexUnavailable(f"generation {generation} is missing")
        try:
            index = tantivy.Index.open(str(path))
            _register(index)
            index.reload()
        except (OSError, ValueError) as error:
            raise IndexUnavailable(f"generation {generation} cannot be opened: {error}") from error
        return _Open(generation, index, index.schema, current, self._contents(meta))

    def _term_query(self, schema: tantivy.Schema, term: QueryTerm) -> tantivy.Query:
        clauses: list[tuple[Any, tantivy.Query]] = []
        for word in term.alternatives:
            for name in self.text_fields:
                query = tantivy.Query.term_query(schema, name, word, index_option="freq")
                boost = self.field_boosts[name]
                if boost != 1.0:
                    query = tantivy.Query.boost_query(query, boost)
                clauses.append((tantivy.Occur.Should, query))
        # A word found only through its sub-words must have all of them in one field:
        # 网络销售 is not the company name 星河网络科技 plus 销售 somewhere in the text.
        for name in self.text_fields if term.parts else ():
            every_part = tantivy.Query.boolean_query(
                [
                    (
                        tantivy.Occur.Must,
                        tantivy.Query.term_query(schema, name, part, index_option="freq"),
                    )
                    for part in term.parts
                ]
            )
            boost = self.field_boosts[name] * PART_BOOST
            clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(every_part, boost)))
        return tantivy.Query.boolean_query(clauses)

    @staticmethod
    def _filter(query: tantivy.Query) -> tuple[Any, tantivy.Query]:
        return (tantivy.Occur.Must, tantivy.Query.const_score_query(query, 0.0))

    @staticmethod
    def _int_range(
        schema: tantivy.Schema, name: str, low: int | None = None, high: int | None = None
    ) -> tantivy.Query:
        return tantivy.Query.range_query(schema, name, tantivy.FieldType.Integer, low, high)

    def _all_of(
        self,
        schema: tantivy.Schema,
        terms: Sequence[QueryTerm],
        filters: list[tuple[Any, tantivy.Query]],
    ) -> tantivy.Query:
        """Every term (or everything, without terms) and every filter clause."""
        clauses = [(tantivy.Occur.Must, self._term_query(schema, term)) for term in terms]
        if not clauses:
            clauses.append((tantivy.Occur.Must, tantivy.Query.all_query()))
        return tantivy.Query.boolean_query([*clauses, *filters])

    @staticmethod
    def _hits(
        searcher: tantivy.Searcher,
        found: Any,
        facets: dict[str, list[tuple[str, int]]],
    ) -> BackendResult:
        """The page's ids and the total of a ``searcher.search`` result."""
        ids = [searcher.doc(address)["id"][0] for _key, address in found.hits]
        total = getattr(found, "count", None) or 0  # not in tantivy's type stubs
        return BackendResult(ids=ids, total=int(total), facets=facets)

    @staticmethod
    def _aggregate_facets(
        searcher: tantivy.Searcher,
        groups: list[tuple[str, list[str]]],
        fields: Mapping[str, str],
        query_for: Callable[[str], tantivy.Query],
    ) -> dict[str, list[tuple[str, int]]]:
        """Facet counts: one terms aggregation per facet group (``skip``, names), over the
        query without the ``skip`` facet's own filter."""
        result: dict[str, list[tuple[str, int]]] = {}
        for skip, names in groups:
            if not names:
                continue
            spec = {name: {"terms": {"field": fields[name], "size": FACET_SIZE}} for name in names}
            aggregated = searcher.aggregate(query_for(skip), spec)
            for name in names:
                buckets = aggregated.get(name, {}).get("buckets", [])
                result[name] = [(str(b["key"]), int(b["doc_count"])) for b in buckets]
        return result

    def search(self, query: Q) -> BackendResult:
        opened = self._index()
        key = (opened.state, query)
        with self._lock:
            cached = self._results.get(key)
            if cached is not None:
                self._results.move_to_end(key)
                return cached
        result = self._search(opened, query)
        result.state = opened.state
        with self._lock:
            self._results[key] = result
            while len(self._results) > RESULT_CACHE_SIZE:
                self._results.popitem(last=False)
        return result

    # --- writing -----------------------------------------------------------------------

    @contextlib.contextmanager
    def _file_lock(self, name: str, *, blocking: bool = True) -> Iterator[bool]:
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / name, "a+b") as handle:
            flags = fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB)
            try:
                fcntl.flock(handle, flags)
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _write(self, change: Any) -> None:
        with self._file_lock("writer.lock"):
            opened = self._index()
            writer = opened.index.writer(settings.SEARCH_WRITER_HEAP, 1)
            try:
                change(writer)
                writer.commit()
                writer.wait_merging_threads()
            except BaseException:
                with contextlib.suppress(Exception):
                    writer.rollback()
                raise

    def upsert(self, documents: Sequence[D]) -> None:
        if not documents:
            return

        def change(writer: Any) -> None:
            for document in documents:
                writer.delete_documents_by_term("id", self._document_id(document))
                writer.add_document(self._document(document))

        self._write(change)

    def delete(self, ids: Sequence[str]) -> None:
        if not ids:
            return

        def change(writer: Any) -> None:
            for pid in ids:
                writer.delete_documents_by_term("id", pid)

        self._write(change)

    def rebuild(self, documents: Iterable[D], *, progress: Progress) -> int:
        """Write a new generation beside the live one, then swap ``current.json``."""
        with self._file_lock("rebuild.lock", blocking=False) as locked:
            if not locked:
                raise IndexUnavailable("another rebuild is running")
            stamp = timezone.now().strftime("%Y%m%d%H%M%S")
            generation = f"{self.prefix}-{stamp}-{secrets.token_hex(3)}"
            path = self.root / generation
            path.mkdir(parents=True)
            index = tantivy.Index(self._schema(), path=str(path), reuse=False)
            _register(index)
            writer = index.writer(settings.SEARCH_REBUILD_HEAP, settings.SEARCH_REBUILD_THREADS)
            count = 0
            try:
                for document in documents:
                    writer.add_document(self._document(document))
                    count += 1
                    if count % 1000 == 0:
                        progress(count)
                writer.commit()
                writer.wait_merging_threads()
            except BaseException:
                shutil.rmtree(path, ignore_errors=True)
                raise
            progress(count)
            with self._file_lock("writer.lock"):
                self._swap(generation)
            return count

    def _swap(self, generation: str) -> None:
        data = {
            "generation": generation,
            "schema": self.schema_version,
            "dictionary": dictionary_version(),
            "built_at": timezone.now().isoformat(),
        }
        temporary = self.root / f".{CURRENT}.{secrets.token_hex(4)}"
        temporary.write_text(json.dumps(data), encoding="utf-8")
        previous = None
        with contextlib.suppress(IndexUnavailable):
            previous = str(self._read_current()["generation"])
        os.replace(temporary, self._current_file())
        # Keep the previous generation for processes that have not reloaded yet; older ones
        # are no longer read by anyone.
        for old in self.root.glob(f"{self.prefix}-*"):
            if old.name not in (generation, previous) and old.is_dir():
                shutil.rmtree(old, ignore_errors=True)

    # --- inspection --------------------------------------------------------------------

    def stamps(self) -> dict[str, str]:
        opened = self._index()
        searcher = opened.index.searcher()
        total = searcher.num_docs
        found = searcher.search(tantivy.Query.all_query(), max(total, 1), count=False)
        stamps: dict[str, str] = {}
        for _score, address in found.hits:
            stored = searcher.doc(address)
            stamps[stored["id"][0]] = stored["stamp"][0]
        return stamps

    def status(self) -> IndexStatus:
        try:
            opened = self._index()
        except IndexUnavailable as error:
            return IndexStatus(self.name, False, 0, "", str(self.root), 0, str(error))
        path = self.root / opened.generation
        size = sum(item.stat().st_size for item in path.iterdir() if item.is_file())
        return IndexStatus(
            self.name,
            True,
            opened.index.searcher().num_docs,
            dictionary_version(),
            str(path),
            size,
        )


class TantivyBackend(TantivyIndex[SearchDocument, BackendQuery]):
    """The job index: reads and writes postings; one instance per process is enough."""

    prefix = "jobs"
    schema_version = SCHEMA_VERSION

    def _schema(self) -> tantivy.Schema:
        return build_schema()

    def _document(self, document: SearchDocument) -> tantivy.Document:
        return to_tantivy(document)

    def _document_id(self, document: SearchDocument) -> str:
        return document.id

    def _filters(
        self, schema: tantivy.Schema, query: BackendQuery, *, skip: str = ""
    ) -> list[tuple[Any, tantivy.Query]]:
        """The filter clauses; ``skip`` leaves out one facet's own filter (so a facet shows
        the counts of its other values, not just the selected one)."""
        # The clock, as exclusions: "valid until before today" and "standing until now or
        # earlier" match the few lapsed documents, where "valid until today or later" would
        # match nearly every document and cost each query a pass over all of them (about a
        # fifth of the engine time at p95 on 1M postings). Every document has both values.
        clauses = [
            (tantivy.Occur.MustNot, self._int_range(schema, "valid_until", high=query.today - 1)),
            (tantivy.Occur.MustNot, self._int_range(schema, "standing_until", high=query.now)),
        ]

        def keyword(name: str, values: Sequence[str]) -> None:
            clauses.append(self._filter(tantivy.Query.term_set_query(schema, name, list(values))))

        if query.division and skip != "city":
            keyword("divisions", [query.division])
        if query.category:
            keyword("categories", [query.category])
        if query.pay_bands and skip != "pay_band":
            keyword("pay_band", query.pay_bands)
        if query.employment_types and skip != "employment_type":
            keyword("employment_type", query.employment_types)
        if query.educations and skip != "education":
            keyword("education", query.educations)
        if query.industries and skip != "industry":
            keyword("industry", query.industries)
        if query.pay_min is not None or query.pay_max is not None:
            clauses.append(self._filter(self._int_range(schema, "has_pay", low=1)))
        if query.pay_min is not None:
            clauses.append(self._filter(self._int_range(schema, "pay_high", low=query.pay_min)))
        if query.pay_max is not None:
            clauses.append(self._filter(self._int_range(schema, "pay_low", high=query.pay_max)))
        if query.experience_max is not None:
            clauses.append(
                self._filter(self._int_range(schema, "experience", high=query.experience_max))
            )
        if query.published_after is not None:
            clauses.append(
                self._filter(self._int_range(schema, "published_at", low=query.published_after + 1))
            )
        if query.direct_only:
            clauses.append(self._filter(self._int_range(schema, "direct", low=1)))
        if query.exclude_minor_prohibited:
            clauses.append(self._filter(self._int_range(schema, "minor", high=0)))
        return clauses

    def _query(self, schema: tantivy.Schema, query: BackendQuery, *, skip: str = "") -> Any:
        return self._all_of(schema, query.terms, self._filters(schema, query, skip=skip))

    def _demoted_query(self, schema: tantivy.Schema, query: BackendQuery, factor: float) -> Any:
        """The search with the terms matching through two exclusive branches, not demoted
        and demoted, the demoted one boosted by ``factor``: a demoted document's score is
        its relevance times the factor (tantivy has no per-document score function)."""
        demoted = tantivy.Query.term_query(schema, "demoted", 1, index_option="basic")
        terms = [(tantivy.Occur.Must, self._term_query(schema, term)) for term in query.terms]
        either = tantivy.Query.boolean_query(
            [
                (
                    tantivy.Occur.Should,
                    tantivy.Query.boolean_query([*terms, (tantivy.Occur.MustNot, demoted)]),
                ),
                (
                    tantivy.Occur.Should,
                    tantivy.Query.boost_query(
                        tantivy.Query.boolean_query([*terms, self._filter(demoted)]), factor
                    ),
                ),
            ]
        )
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, either), *self._filters(schema, query)]
        )

    def _relevance(
        self, searcher: tantivy.Searcher, schema: tantivy.Schema, query: BackendQuery
    ) -> BackendResult:
        """A relevance page with words. The plain query finds every hit up to the page's
        end; only if one of them is demoted (read from the ``demoted`` fast field) is the
        page ranked again with :meth:`_demoted_query`, which scores the words twice. Without
        a demoted hit up to the page's end demotion cannot change the page: every document
        further down scores no higher, and demotion only lowers scores."""
        wanted = query.offset + query.limit
        found = searcher.search(self._query(schema, query), wanted, count=query.with_total)
        total = int(getattr(found, "count", None) or 0)  # not in tantivy's type stubs
        addresses = [address for _score, address in found.hits]
        factor = demotion_factor()
        if (
            factor < 1.0
            and addresses
            and searcher.doc_freq("demoted", 1)
            and any(searcher.fast_field_values("demoted", addresses))
        ):
            again = searcher.search(
                self._demoted_query(schema, query, factor),
                query.limit,
                count=False,
                offset=query.offset,
            )
            addresses = [address for _score, address in again.hits]
        else:
            addresses = addresses[query.offset :]
        ids = [searcher.doc(address)["id"][0] for address in addresses]
        return BackendResult(ids=ids, total=total)

    def _search(self, opened: _Open, query: BackendQuery) -> BackendResult:
        schema = opened.schema
        searcher = opened.index.searcher()
        if query.sort == "relevance" and query.terms:
            result = self._relevance(searcher, schema, query)
            if query.with_facets:
                result.facets = self._facets(searcher, schema, query)
            return result
        full = self._query(schema, query)
        order: dict[str, Any] = {}
        if query.sort == "newest" or (query.sort == "relevance" and not query.terms):
            # rank_time: published_at, or some days earlier for a demoted posting.
            order = {"order_by_field": "rank_time", "order": tantivy.Order.Desc}
        elif query.sort == "pay":
            order = {"order_by_field": "pay_high", "order": tantivy.Order.Desc}
        found = searcher.search(
            full, query.limit, count=query.with_total, offset=query.offset, **order
        )
        facets = self._facets(searcher, schema, query) if query.with_facets else {}
        return self._hits(searcher, found, facets)

    def _facets(
        self, searcher: tantivy.Searcher, schema: tantivy.Schema, query: BackendQuery
    ) -> dict[str, list[tuple[str, int]]]:
        """Facet counts. Facets whose own filter is set are counted without it (one
        aggregation each); the others share one aggregation over the full query."""
        result = self._aggregate_facets(
            searcher,
            facet_groups(query),
            FACET_FIELDS,
            lambda skip: self._query(schema, query, skip=skip),
        )
        if "pay_band" in result:
            order = {band.key: position for position, band in enumerate(PAY_BANDS)}
            result["pay_band"].sort(key=lambda item: order.get(item[0], len(order)))
        return result

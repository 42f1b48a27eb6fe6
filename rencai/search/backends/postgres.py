"""The PostgreSQL backend: one row per public posting in ``search_posting_document``.

For sites with several web nodes sharing one PostgreSQL, where an index on one node's disk
does not fit. It follows the tantivy backend's semantics (same matching, filters, sorts,
paging, totals and disjunctive facets); only the relevance scores differ.

**Words.** The documents carry words already segmented by ``rencai.search.text``, so
PostgreSQL must not analyse them again: ``to_tsvector('simple', …)`` runs the default parser,
which turns ``c++`` and ``c#`` into ``c`` and ``.net`` into ``net`` (PERFORMANCE.md §1.4
item 3). The backend therefore writes the ``tsvector`` itself, as a value in tsvector's input
syntax (every word a quoted lexeme with its positions and weight: title A, company B, skills
C, body D) passed as a query parameter, and likewise builds the ``tsquery`` from quoted
lexemes (``'c++' | 'c'`` …). Lexemes are exactly the segmenter's words, as in tantivy.

**Ranking.** ``ts_rank`` is computed per row and not from the index: ranking every match of
a broad word costs 233 ms at 100k postings (PERFORMANCE.md §1.3). Relevance therefore ranks
a bounded candidate set: the :data:`CANDIDATES` newest matches (by ``rank_time``, which puts
a restricted organisation's postings some days back), re-ordered by ``ts_rank`` with the
field weights, times the demotion factor for a demoted posting (docs/search.md, "Demotion of
restricted organisations"). The trade-off: for a word matching more than :data:`CANDIDATES`
postings, older matches never reach the relevance pages (they still count in the total, the
facets and the newest/pay sorts); job seekers rarely want a strong match that is months old
over a fresh one, and page 50 is the deepest page anyway. If the RUM extension
(``postgresql-15-rum``) is available when the index is rebuilt, the table also gets a RUM
index and relevance is ordered by ``words <=> query`` from that index over all matches
instead (RUM's own weights: A 1.0, B 0.4, C 0.2, D 0.1).

**Scans.** A row's ``tsvector`` is about 2 KB and often lives in TOAST, so checking
``words @@ query`` on a row is expensive, which PostgreSQL's cost model does not know: left
alone it scans the table (or walks the date index) checking every row's words for a common
word. Statements that match words therefore choose their scan (transaction-local planner
settings, see :class:`_Planner`): the facets and total always collect the matches from the
GIN index (a bitmap needs no row's words), and the page then either does the same and sorts
the matches, or walks the date (or pay) index when the word is so common that the first
rows of the walk already hold enough matches (:func:`scan_for`, using the total just
counted). Measured on 50,000 postings: 8,500 matches of 工程师 in 16 ms by bitmap against
72–120 ms walking the index, 36,000 matches of 负责 in 36 ms walking it against 286 ms by
bitmap; facets of 负责 in 68 ms by bitmap against 185–420 ms by a table scan.

**Counts.** ``total`` is an exact ``count(*)``, taken in the same pass as the facets (one
``GROUPING SETS`` query per facet group). It is the part of a search that grows with the
number of matches, since every match is visited once: on 50,000 postings about 20 ms for
2,000 matches, 90–130 ms for 36,000, and 70–90 ms for a search without words (all 50,000).
Capping the count would not help while the facets need every match; a site that outgrows
this uses the tantivy backend, whose counts and facets stay fast on broad words.

**SQL.** Statements interpolate only module constants (table, column and index names) and
generated placeholders (hence the ``noqa: S608`` marks); every value, words included, is a
query parameter.

**Rebuild.** A rebuild fills ``search_posting_document_new`` (``COPY … FREEZE``, so the
first searches do not pay for setting hint bits, then the indexes, then ``ANALYZE``) inside
one transaction and ends it by dropping the live table and renaming the new one into its
place; searches read the old table until that commit, and only the
final rename waits for (and briefly blocks) running searches. An advisory lock keeps two
rebuilds from running at once. ``search_posting_document_meta`` records the dictionary and
schema versions and whether the table has the RUM index; a table without that row has never
been built and is reported as unavailable, like a missing table.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.db.backends.utils import CursorWrapper

from rencai.search.backends.base import (
    FACET_FIELDS,
    FACETS,
    BackendQuery,
    BackendResult,
    IndexStatus,
    IndexUnavailable,
    Progress,
    facet_groups,
    top_counts,
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
TABLE = "search_posting_document"
BUILD_TABLE = "search_posting_document_new"
META = "search_posting_document_meta"
# Relevance ranks at most this many of the newest matches (more when a page lies deeper).
CANDIDATES = 2000
BATCH = 500
COPY_BATCH = 2000
# ts_rank's weights in the order {D, C, B, A}: body and skills 1, company 1.5, title 3, as the
# boosts tantivy uses, scaled so that the title weight is 1.
RANK_WEIGHTS = [1 / TITLE_BOOST, 1 / TITLE_BOOST, COMPANY_BOOST / TITLE_BOOST, 1.0]
# ts_rank normalisation 1: divide by 1 + log(document length), so that a long posting does not
# outrank a short one by repeating a word (BM25 damps length in the same spirit).
RANK_NORMALISATION = 1
# tsvector limits: a lexeme shorter than 2 KiB, positions 1–16383, 256 positions per lexeme.
MAX_LEXEME_BYTES = 2047
MAX_POSITION = 16383
MAX_POSITIONS = 256
# Key of the advisory lock held by a rebuild ("rencai search" in ASCII, as a bigint).
REBUILD_LOCK = 0x72656E636169_7365
RANKING_BOUNDED = "bounded"
# Scans for statements that match words (see _Planner and scan_for).
BITMAP = "bitmap"
ORDERED = "ordered"
# Checking one row's words while walking an index costs about this many times as much as
# collecting one match from the GIN index (measured on the 50,000-posting corpus).
ORDERED_ROW_COST = 8
RANKING_RUM = "rum"

COLUMNS = (
    "id",
    "stamp",
    "words",
    "divisions",
    "cities",
    "categories",
    "pay_band",
    "employment_type",
    "education",
    "industry",
    "organisation_id",
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
INDEX_SUFFIXES = (
    "pkey",
    "words",
    "divisions",
    "cities",
    "categories",
    "newest",
    "pay",
    "organisation",
)


def table_statements(table: str) -> list[str]:
    """The table without its secondary indexes (added after the bulk load, which is faster).
    The same definition as migrations ``search.0001_postgres_documents`` and
    ``search.0004_posting_document_demotion``."""
    return [
        f"""
        CREATE TABLE {table} (
            id uuid CONSTRAINT {table}_pkey PRIMARY KEY,
            stamp text NOT NULL,
            words tsvector NOT NULL,
            divisions text[] NOT NULL DEFAULT '{{}}',
            cities text[] NOT NULL DEFAULT '{{}}',
            categories text[] NOT NULL DEFAULT '{{}}',
            pay_band text NOT NULL DEFAULT '',
            employment_type text NOT NULL DEFAULT '',
            education text NOT NULL DEFAULT '',
            industry text NOT NULL DEFAULT '',
            organisation_id uuid NOT NULL,
            pay_low integer NOT NULL DEFAULT 0,
            pay_high integer NOT NULL DEFAULT 0,
            has_pay boolean NOT NULL DEFAULT false,
            experience integer NOT NULL DEFAULT 0,
            direct boolean NOT NULL DEFAULT false,
            minor boolean NOT NULL DEFAULT false,
            published_at bigint NOT NULL,
            valid_until integer NOT NULL,
            standing_until bigint NOT NULL,
            risk integer NOT NULL DEFAULT 0,
            demoted boolean NOT NULL DEFAULT false,
            rank_time bigint NOT NULL DEFAULT 0
        )
        """
    ]


def index_statements(table: str, *, rum: bool) -> list[str]:
    statements = [
        f"CREATE INDEX {table}_words ON {table} USING gin (words)",
        f"CREATE INDEX {table}_divisions ON {table} USING gin (divisions)",
        f"CREATE INDEX {table}_cities ON {table} USING gin (cities)",
        f"CREATE INDEX {table}_categories ON {table} USING gin (categories)",
        f"CREATE INDEX {table}_newest ON {table} (rank_time DESC, id DESC)",
        f"CREATE INDEX {table}_pay ON {table} (pay_high DESC, published_at DESC, id DESC)",
        f"CREATE INDEX {table}_organisation ON {table} (organisation_id)",
    ]
    if rum:
        statements.append(f"CREATE INDEX {table}_rum ON {table} USING rum (words rum_tsvector_ops)")
    return statements


# --- words -------------------------------------------------------------------------------


def quote_lexeme(word: str) -> str:
    """``word`` as one quoted lexeme of tsvector/tsquery input: quotes and backslashes are
    doubled, so ``c++``, ``o'reilly`` or ``a|b`` stay one literal word."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _fits(word: str) -> bool:
    # Longer words (a pasted URL, a long hash) cannot be lexemes; no query can ask for them,
    # since queries are at most 100 characters.
    return len(word.encode()) <= MAX_LEXEME_BYTES


def tsvector_text(document: SearchDocument) -> str:
    """The document's words in tsvector input syntax: each lexeme with its positions and the
    weight of the field it occurs in (title A, company B, skills C, body D), positions running
    on across the fields in that order."""
    return weighted_tsvector(
        (
            ("A", document.title_words),
            ("B", document.company_words),
            ("C", document.skills_words),
            ("D", document.body_words),
        )
    )


def weighted_tsvector(fields: Iterable[tuple[str, str]]) -> str:
    """Words in tsvector input syntax from ``(weight, words)`` pairs: each lexeme with its
    positions and the weight of the field it occurs in, positions running on across the
    fields in the given order (shared by the job and resume indexes)."""
    positions: dict[str, list[str]] = {}
    position = 0
    for weight, words in fields:
        for word in words.split():
            position = min(position + 1, MAX_POSITION)
            if not _fits(word):
                continue
            found = positions.setdefault(word, [])
            if len(found) < MAX_POSITIONS:
                found.append(f"{position}{weight}")
    return " ".join(f"{quote_lexeme(word)}:{','.join(at)}" for word, at in positions.items())


def term_tsquery(term: QueryTerm) -> str:
    """``(word | synonym … | (part & part …))``: any alternative, or all of the parts; empty
    if no alternative can be a lexeme (then the term matches nothing, as in tantivy)."""
    options = [quote_lexeme(word) for word in term.alternatives if _fits(word)]
    if term.parts and all(_fits(part) for part in term.parts):
        # All parts in one field (weight), as in tantivy: 网络销售 is not the company name
        # 星河网络科技 plus 销售 somewhere in the text.
        options.extend(
            "(" + " & ".join(f"{quote_lexeme(part)}:{weight}" for part in term.parts) + ")"
            for weight in "ABCD"
        )
    return "(" + " | ".join(options) + ")" if options else ""


def tsquery_text(terms: Sequence[QueryTerm]) -> str | None:
    """Every term must match (tsquery input syntax, passed as a parameter); ``None`` if a
    term can match nothing."""
    texts = [term_tsquery(term) for term in terms]
    return " & ".join(texts) if all(texts) else None


def _row(document: SearchDocument) -> tuple[Any, ...]:
    return (
        document.id,
        document.stamp,
        tsvector_text(document),
        list(document.divisions),
        list(document.cities),
        list(document.categories),
        document.pay_band,
        document.employment_type,
        document.education,
        document.industry,
        document.organisation_id,
        document.pay_low,
        document.pay_high,
        document.has_pay,
        document.experience_years,
        document.direct,
        document.minor_prohibited,
        document.published_at,
        document.valid_until,
        document.standing_until,
        document.risk_score,
        document.demoted,
        document.rank_time,
    )


# --- writing, shared with the resume index ----------------------------------------------


def upsert_statement(table: str, columns: Sequence[str]) -> str:
    """``INSERT … ON CONFLICT (id) DO UPDATE`` of one row; ``columns[0]`` is ``id`` and the
    ``words`` column is cast to ``tsvector``."""
    placeholders = ", ".join("%s::tsvector" if column == "words" else "%s" for column in columns)
    updates = ", ".join(f"{column} = EXCLUDED.{column}" for column in columns[1:])
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders}) "  # noqa: S608
        f"ON CONFLICT (id) DO UPDATE SET {updates}"
    )


def delete_rows(cursor: CursorWrapper, table: str, ids: Sequence[str]) -> None:
    sql = f"DELETE FROM {table} WHERE id = ANY(%s::uuid[])"  # noqa: S608
    cursor.execute(sql, [list(ids)])


def begin_rebuild(
    cursor: CursorWrapper, *, lock: int, meta: str, build_table: str, statements: list[str]
) -> None:
    """The start of a rebuild, inside its transaction: take the advisory ``lock`` (or fail
    if another rebuild holds it), check that the ``meta`` table is migrated, and create the
    empty ``build_table`` beside the live one with ``statements``."""
    cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [lock])
    locked = cursor.fetchone()
    if not (locked and locked[0]):
        raise IndexUnavailable("another rebuild is running")
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [meta])
    present = cursor.fetchone()
    if not (present and present[0]):
        raise IndexUnavailable(f"{meta} is missing: run the search migrations")
    cursor.execute(f"DROP TABLE IF EXISTS {build_table}")
    for statement in statements:
        cursor.execute(statement)


def copy_rows(
    cursor: CursorWrapper,
    table: str,
    columns: Sequence[str],
    rows: Iterable[tuple[Any, ...]],
    progress: Progress,
) -> int:
    """COPY the rows in batches. The rows are made from documents read through the same
    connection, which cannot run a query while a COPY is open, so each batch is read first
    and copied afterwards."""
    count = 0
    # FREEZE: the table was created in this transaction, so its rows can be written
    # already frozen and visible to all.
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FREEZE)"
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, COPY_BATCH)):
        with cursor.cursor.copy(statement) as copy:
            for row in batch:
                copy.write_row(row)
        count += len(batch)
        progress(count)
    progress(count)
    return count


def swap_in(
    cursor: CursorWrapper,
    *,
    table: str,
    build_table: str,
    index_suffixes: Iterable[str],
    meta: str,
    built: dict[str, Any],
) -> None:
    """Replace the live ``table`` by ``build_table`` (and rename its indexes), then record
    the build in row 1 of ``meta`` (``built``: column → value, plus ``built_at``)."""
    cursor.execute(f"DROP TABLE IF EXISTS {table}")
    cursor.execute(f"ALTER TABLE {build_table} RENAME TO {table}")
    for suffix in index_suffixes:
        cursor.execute(f"ALTER INDEX {build_table}_{suffix} RENAME TO {table}_{suffix}")
    names = [*built, "built_at"]
    values = ", ".join(["%s"] * len(built))
    updates = ", ".join(f"{name} = EXCLUDED.{name}" for name in names)
    cursor.execute(
        f"INSERT INTO {meta} (id, {', '.join(names)}) "  # noqa: S608
        f"VALUES (1, {values}, now()) ON CONFLICT (id) DO UPDATE SET {updates}",
        list(built.values()),
    )


def table_size(cursor: CursorWrapper, table: str) -> tuple[int, int]:
    """The number of rows and the size on disk of a live table."""
    sql = f"SELECT count(*), pg_total_relation_size(%s) FROM {table}"  # noqa: S608
    cursor.execute(sql, [table])
    documents, size = cursor.fetchone() or (0, 0)
    return int(documents), int(size)


def table_stamps(cursor: CursorWrapper, table: str) -> dict[str, str]:
    cursor.execute(f"SELECT id::text, stamp FROM {table}")  # noqa: S608
    return {str(key): str(stamp) for key, stamp in cursor.fetchall()}


# --- conditions --------------------------------------------------------------------------


def conditions(query: BackendQuery, *, skip: str = "") -> tuple[str, list[Any]]:
    """The WHERE clause of a search and its parameters; ``skip`` leaves out one facet's own
    filter (a facet lists the other values the visitor could pick, with their counts)."""
    sql = ["valid_until >= %s", "standing_until > %s"]
    params: list[Any] = [query.today, query.now]

    def add(clause: str, *values: Any) -> None:
        sql.append(clause)
        params.extend(values)

    if query.terms:
        text = tsquery_text(query.terms)
        if text is None:
            add("false")
        else:
            add("words @@ %s::tsquery", text)
    if query.division and skip != "city":
        add("divisions @> ARRAY[%s]::text[]", query.division)
    if query.category:
        add("categories @> ARRAY[%s]::text[]", query.category)
    if query.pay_bands and skip != "pay_band":
        add("pay_band = ANY(%s::text[])", list(query.pay_bands))
    if query.employment_types and skip != "employment_type":
        add("employment_type = ANY(%s::text[])", list(query.employment_types))
    if query.educations and skip != "education":
        add("education = ANY(%s::text[])", list(query.educations))
    if query.industries and skip != "industry":
        add("industry = ANY(%s::text[])", list(query.industries))
    if query.pay_min is not None or query.pay_max is not None:
        add("has_pay")
    if query.pay_min is not None:
        add("pay_high >= %s", query.pay_min)
    if query.pay_max is not None:
        add("pay_low <= %s", query.pay_max)
    if query.experience_max is not None:
        add("experience <= %s", query.experience_max)
    if query.published_after is not None:
        add("published_at > %s", query.published_after)
    if query.direct_only:
        add("direct")
    if query.exclude_minor_prohibited:
        add("NOT minor")
    return " AND ".join(sql), params


@dataclass(frozen=True)
class _Live:
    ranking: str  # RANKING_BOUNDED or RANKING_RUM
    rows: float  # the planner's estimate of the table's rows (pg_class.reltuples)


def scan_for(wanted: int, total: int, rows: float) -> str:
    """How to find the first ``wanted`` of ``total`` matches in date (or pay) order (a
    ``total`` counted only up to √(ORDERED_ROW_COST × wanted × rows) gives the same answer).

    Walking the ``published_at`` index reads about ``wanted × rows / total`` rows and must
    check each row's words (often a TOAST read); collecting every match from the GIN index
    reads ``total`` rows but none of their words. The walk wins only for words found in a
    large share of the postings, when ``wanted × rows / total × ORDERED_ROW_COST < total``."""
    if total <= 0:
        return BITMAP
    examined = wanted * max(rows, float(total)) / total
    return ORDERED if examined * ORDERED_ROW_COST < total else BITMAP


class _Planner:
    """Scan choices for statements that match words (see the module docstring).

    PostgreSQL costs ``words @@ query`` as a cheap operator, but checking it on a row means
    reading that row's ``tsvector`` (about 2 KB, often in TOAST), so left alone it scans
    every row for a common word instead of using the GIN index. The settings are
    transaction-local; when the search runs inside a longer transaction (a request's), they
    are put back afterwards so later statements plan as usual."""

    SETTINGS = ("enable_seqscan", "enable_indexscan", "enable_bitmapscan")
    CHOICES = {BITMAP: ("off", "off", "on"), ORDERED: ("off", "on", "off")}

    def __init__(self, cursor: CursorWrapper, *, restore: bool) -> None:
        self.cursor = cursor
        self.restore = restore
        self.saved: list[str] = []
        self.current = ""

    def __enter__(self) -> _Planner:
        return self

    def use(self, scan: str) -> None:
        if scan == self.current:
            return
        if self.restore and not self.saved:
            self.cursor.execute(
                "SELECT current_setting(%s), current_setting(%s), current_setting(%s)",
                list(self.SETTINGS),
            )
            self.saved = [str(value) for value in self.cursor.fetchone() or ()]
        self._set(self.CHOICES[scan])
        self.current = scan

    def _set(self, values: Sequence[str]) -> None:
        self.cursor.execute(
            "SELECT set_config(%s, %s, true), set_config(%s, %s, true), set_config(%s, %s, true)",
            [item for pair in zip(self.SETTINGS, values, strict=True) for item in pair],
        )

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        # After an error the transaction (or savepoint) rolls back, and the settings with it.
        if error is None and self.saved:
            self._set(self.saved)


class PostgresBackend:
    """Reads and writes ``search_posting_document`` through Django's connection."""

    name = "postgres"

    def __init__(self, *, allow_rum: bool = True) -> None:
        # allow_rum=False builds without the RUM index even where the extension exists (the
        # tests use it to cover the bounded ranking on a server that has RUM).
        self.allow_rum = allow_rum

    # --- state -------------------------------------------------------------------------

    @staticmethod
    def _meta(cursor: CursorWrapper) -> tuple[str, int, str, float] | None:
        cursor.execute(
            "SELECT to_regclass(%s) IS NOT NULL, to_regclass(%s) IS NOT NULL", [TABLE, META]
        )
        table, meta = cursor.fetchone() or (False, False)
        if not (table and meta):
            return None
        cursor.execute(
            f"SELECT m.dictionary, m.schema, m.ranking, c.reltuples FROM {META} m "  # noqa: S608
            "JOIN pg_class c ON c.oid = %s::regclass WHERE m.id = 1",
            [TABLE],
        )
        row = cursor.fetchone()
        return (str(row[0]), int(row[1]), str(row[2]), float(row[3])) if row else None

    def _ready(self, cursor: CursorWrapper) -> _Live:
        """The live table's ranking method and size; :class:`IndexUnavailable` if there is
        no usable table (not migrated, never built, or built with another dictionary or
        schema)."""
        if connection.vendor != "postgresql":
            raise IndexUnavailable("the postgres search backend needs a PostgreSQL database")
        meta = self._meta(cursor)
        if meta is None:
            raise IndexUnavailable(f"{TABLE} has not been built yet")
        dictionary, schema, ranking, rows = meta
        if schema != SCHEMA_VERSION:
            raise IndexUnavailable(f"{TABLE} was built with another schema")
        if dictionary != dictionary_version():
            raise IndexUnavailable(f"{TABLE} was built with another dictionary version")
        return _Live(ranking, rows)

    # --- reading -----------------------------------------------------------------------

    def search(self, query: BackendQuery) -> BackendResult:
        """Run the search in a savepoint; a failing statement (say, a RUM-ordered table on a
        server that lost the extension) makes the index unavailable rather than the page
        fail: the service falls back to the database and schedules a rebuild."""
        try:
            with transaction.atomic():
                return self._search_live(query)
        except DatabaseError as error:
            raise IndexUnavailable(f"searching {TABLE} failed: {error}") from error

    def _search_live(self, query: BackendQuery) -> BackendResult:
        with connection.cursor() as cursor:
            live = self._ready(cursor)
            text = tsquery_text(query.terms) if query.terms else ""
            if text is None:  # a word no lexeme can be: nothing matches, as in tantivy
                empty: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS}
                return BackendResult(ids=[], total=0, facets=empty if query.with_facets else {})
            if not text:
                # Without words the planner's choices are sound: no row's words are read.
                return self._search(cursor, query, live, text, None)
            # Inside a longer transaction the settings must be put back; otherwise the
            # transaction opened here ends with the search and takes them with it.
            restore = connection.in_atomic_block
            with transaction.atomic(), _Planner(cursor, restore=restore) as planner:
                return self._search(cursor, query, live, text, planner)

    def _search(
        self,
        cursor: CursorWrapper,
        query: BackendQuery,
        live: _Live,
        text: str,
        planner: _Planner | None,
    ) -> BackendResult:
        """Facets and total first (one pass over the matches), then the page, whose scan
        is chosen knowing how many postings match."""
        total: int | None = None
        facets: dict[str, list[tuple[str, int]]] = {}
        if query.with_facets or query.with_total:
            if planner is not None:
                planner.use(BITMAP)
            if query.with_facets:
                total, facets = self._facets(cursor, query)
            else:
                where, params = conditions(query)
                cursor.execute(f"SELECT count(*) FROM {TABLE} WHERE {where}", params)  # noqa: S608
                total = int((cursor.fetchone() or (0,))[0])
        ids = self._page(cursor, query, live, text, total, planner)
        return BackendResult(
            ids=ids, total=total if query.with_total and total else 0, facets=facets
        )

    def _page(
        self,
        cursor: CursorWrapper,
        query: BackendQuery,
        live: _Live,
        text: str,
        total: int | None,
        planner: _Planner | None,
    ) -> list[str]:
        where, params = conditions(query)
        window = [query.limit, query.offset]
        if query.sort == "relevance" and text and live.ranking == RANKING_RUM:
            return self._rum_page(cursor, query, where, params, text)
        ranked = query.sort == "relevance" and bool(text)
        wanted = (
            max(CANDIDATES, query.offset + query.limit) if ranked else query.offset + query.limit
        )
        if planner is not None:
            if total is None:
                # Without a total, count just far enough to know which scan wins.
                enough = math.isqrt(int(ORDERED_ROW_COST * wanted * max(live.rows, 1.0))) + 1
                planner.use(BITMAP)
                cursor.execute(
                    f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE {where} "  # noqa: S608
                    "LIMIT %s) AS enough",
                    [*params, enough],
                )
                total = int((cursor.fetchone() or (0,))[0])
            planner.use(scan_for(wanted, total, live.rows))
        if ranked:
            # A demoted posting's rank is multiplied by the demotion factor.
            sql = (
                f"SELECT id::text FROM (SELECT id, words, demoted, rank_time "  # noqa: S608
                f"FROM {TABLE} WHERE {where} ORDER BY rank_time DESC, id DESC LIMIT %s) "
                "AS candidates ORDER BY ts_rank(%s::float4[], words, %s::tsquery, %s) "
                "* CASE WHEN demoted THEN %s::float8 ELSE 1 END DESC, "
                "rank_time DESC, id DESC LIMIT %s OFFSET %s"
            )
            cursor.execute(
                sql,
                [
                    *params,
                    wanted,
                    RANK_WEIGHTS,
                    text,
                    RANK_NORMALISATION,
                    demotion_factor(),
                    *window,
                ],
            )
            return [str(row[0]) for row in cursor.fetchall()]
        if query.sort == "pay":
            order = "pay_high DESC, published_at DESC, id DESC"
        else:  # newest, and relevance without words: rank_time (demoted postings sort older)
            order = "rank_time DESC, id DESC"
        sql = (
            f"SELECT id::text FROM {TABLE} WHERE {where} "  # noqa: S608
            f"ORDER BY {order} LIMIT %s OFFSET %s"
        )
        cursor.execute(sql, [*params, *window])
        return [str(row[0]) for row in cursor.fetchall()]

    @staticmethod
    def _rum_page(
        cursor: CursorWrapper, query: BackendQuery, where: str, params: list[Any], text: str
    ) -> list[str]:
        """Relevance from the RUM index (``words <=> query``: a distance, smaller first).
        RUM orders only by the operator itself, so a demoted posting's distance is divided
        by the demotion factor afterwards: the first pages are read from the index as usual
        and, only when they hold a demoted posting, re-ordered within the :data:`CANDIDATES`
        nearest matches. (When the pages hold none, demotion cannot change them: every
        posting further down is at least as distant, and demotion only adds distance.)"""
        wanted = query.offset + query.limit
        sql = (
            f"SELECT id::text, demoted FROM {TABLE} WHERE {where} "  # noqa: S608
            "ORDER BY words <=> %s::tsquery LIMIT %s"
        )
        cursor.execute(sql, [*params, text, wanted])
        rows = cursor.fetchall()
        if not any(row[1] for row in rows):
            return [str(row[0]) for row in rows[query.offset :]]
        sql = (
            f"SELECT id::text FROM (SELECT id, demoted, rank_time, "  # noqa: S608
            f"words <=> %s::tsquery AS distance FROM {TABLE} WHERE {where} "
            "ORDER BY words <=> %s::tsquery LIMIT %s) AS candidates "
            "ORDER BY distance / CASE WHEN demoted THEN %s::float8 ELSE 1 END, "
            "rank_time DESC, id DESC LIMIT %s OFFSET %s"
        )
        cursor.execute(
            sql,
            [
                text,
                *params,
                text,
                max(CANDIDATES, wanted),
                demotion_factor(),
                query.limit,
                query.offset,
            ],
        )
        return [str(row[0]) for row in cursor.fetchall()]

    def _facets(
        self, cursor: CursorWrapper, query: BackendQuery
    ) -> tuple[int, dict[str, list[tuple[str, int]]]]:
        """The total and the facet counts in one statement: per facet group one scan with
        ``GROUPING SETS`` (one set per facet, plus the empty set for the total in the first
        group). Cities are grouped by each document's whole city list and split here: a
        document names each of its cities once, so the sums are exact, and there are far
        fewer distinct lists than documents."""
        selects: list[str] = []
        params: list[Any] = []
        for index, (skip, names) in enumerate(facet_groups(query)):
            where, where_params = conditions(query, skip=skip)
            columns: list[str] = []
            sets = [f"({FACET_FIELDS[name]})" for name in names]
            if index == 0:
                sets.append("()")
            for name in FACETS:
                column = FACET_FIELDS[name]
                cast = "text[]" if name == "city" else "text"
                if name in names:
                    columns.append(f"{column}, GROUPING({column})")
                else:
                    columns.append(f"NULL::{cast}, 1")
            selects.append(
                f"SELECT {', '.join(columns)}, count(*) FROM {TABLE} WHERE {where} "  # noqa: S608
                f"GROUP BY GROUPING SETS ({', '.join(sets)})"
            )
            params.extend(where_params)
        cursor.execute(" UNION ALL ".join(selects), params)
        counts: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
        total = 0
        for row in cursor.fetchall():
            count = int(row[-1])
            grouped = [name for position, name in enumerate(FACETS) if row[2 * position + 1] == 0]
            if not grouped:
                total = count
                continue
            name = grouped[0]
            value = row[2 * FACETS.index(name)]
            if name == "city":
                for city in value or ():
                    counts[name][str(city)] += count
            else:
                counts[name][str(value)] += count
        facets = {name: top_counts(counts[name]) for name in FACETS}
        order = {band.key: position for position, band in enumerate(PAY_BANDS)}
        facets["pay_band"].sort(key=lambda item: order.get(item[0], len(order)))
        return total, facets

    # --- writing -----------------------------------------------------------------------

    def upsert(self, documents: Sequence[SearchDocument]) -> None:
        if not documents:
            return
        sql = upsert_statement(TABLE, COLUMNS)
        with transaction.atomic(), connection.cursor() as cursor:
            self._ready(cursor)
            for start in range(0, len(documents), BATCH):
                batch = documents[start : start + BATCH]
                cursor.executemany(sql, [_row(document) for document in batch])

    def delete(self, ids: Sequence[str]) -> None:
        if not ids:
            return
        with connection.cursor() as cursor:
            self._ready(cursor)
            delete_rows(cursor, TABLE, ids)

    def rebuild(self, documents: Iterable[SearchDocument], *, progress: Progress) -> int:
        """Fill a new table beside the live one, then swap it in (see the module docstring)."""
        if connection.vendor != "postgresql":
            raise IndexUnavailable("the postgres search backend needs a PostgreSQL database")
        with transaction.atomic(), connection.cursor() as cursor:
            begin_rebuild(
                cursor,
                lock=REBUILD_LOCK,
                meta=META,
                build_table=BUILD_TABLE,
                statements=table_statements(BUILD_TABLE),
            )
            count = self._load(cursor, documents, progress)
            rum = self.allow_rum and self._enable_rum(cursor)
            for statement in index_statements(BUILD_TABLE, rum=rum):
                cursor.execute(statement)
            cursor.execute(f"ANALYZE {BUILD_TABLE}")
            self._swap(cursor, rum=rum)
        return count

    @staticmethod
    def _load(
        cursor: CursorWrapper, documents: Iterable[SearchDocument], progress: Progress
    ) -> int:
        """COPY the documents into the new table in batches (see :func:`copy_rows`)."""
        return copy_rows(cursor, BUILD_TABLE, COLUMNS, map(_row, documents), progress)

    @staticmethod
    def _enable_rum(cursor: CursorWrapper) -> bool:
        """Whether the new table can have a RUM index: the server has the extension's files
        (``postgresql-15-rum``; an extension created in the database earlier is no use once
        its files are gone) and it exists in the database or this role may create it (tried
        in a savepoint, so a refusal does not spoil the rebuild)."""
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        if not cursor.fetchone():
            return False
        try:
            with transaction.atomic():
                cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
        except DatabaseError:
            return False
        return True

    @staticmethod
    def _swap(cursor: CursorWrapper, *, rum: bool) -> None:
        """Replace the live table by the new one; the rest of the transaction is short."""
        swap_in(
            cursor,
            table=TABLE,
            build_table=BUILD_TABLE,
            index_suffixes=(*INDEX_SUFFIXES, "rum") if rum else INDEX_SUFFIXES,
            meta=META,
            built={
                "dictionary": dictionary_version(),
                "schema": SCHEMA_VERSION,
                "ranking": RANKING_RUM if rum else RANKING_BOUNDED,
            },
        )

    # --- inspection --------------------------------------------------------------------

    def stamps(self) -> dict[str, str]:
        with connection.cursor() as cursor:
            self._ready(cursor)
            return table_stamps(cursor, TABLE)

    def status(self) -> IndexStatus:
        location = f"postgresql:{TABLE}"
        try:
            with connection.cursor() as cursor:
                ranking = self._ready(cursor).ranking
                documents, size = table_size(cursor, TABLE)
        except IndexUnavailable as error:
            return IndexStatus(self.name, False, 0, "", location, 0, str(error))
        detail = (
            "relevance ordered by the RUM index"
            if ranking == RANKING_RUM
            else f"relevance ranks the {CANDIDATES} newest matches"
        )
        return IndexStatus(
            self.name,
            True,
            int(documents),
            dictionary_version(),
            location,
            int(size),
            detail,
        )

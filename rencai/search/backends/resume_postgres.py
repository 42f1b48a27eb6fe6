"""The resume index in PostgreSQL: one row per findable resume in ``search_resume_document``.

It follows the job backend (:mod:`rencai.search.backends.postgres`): the words are written
as a ``tsvector`` app-side from the segmenter's words (positions A, skills B, body D), the
``tsquery`` is built from quoted lexemes, relevance ranks a bounded candidate set of the most
recently updated matches with ``ts_rank``, and a rebuild fills a twin table and swaps it in
by renaming, under an advisory lock.

The seeker's rules are conditions of every statement (PI-05): ``NOT hidden_usccs @>
ARRAY[<the searching organisation's USCC>]`` and, for agencies, ``public``. Invisible
resumes are never in the table.

**SQL.** Statements interpolate only module constants and generated placeholders (hence the
``noqa: S608`` marks); every value is a query parameter.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.db.backends.utils import CursorWrapper

from rencai.search.backends.base import (
    RESUME_FACETS,
    BackendResult,
    IndexStatus,
    IndexUnavailable,
    Progress,
    ResumeQuery,
    resume_facet_groups,
    top_counts,
)
from rencai.search.backends.postgres import (
    begin_rebuild,
    copy_rows,
    delete_rows,
    swap_in,
    table_size,
    table_stamps,
    tsquery_text,
    upsert_statement,
    weighted_tsvector,
)
from rencai.search.resume_documents import POSITION_BOOST, SKILLS_BOOST, ResumeDocument
from rencai.search.text import dictionary_version

SCHEMA_VERSION = 1
TABLE = "search_resume_document"
BUILD_TABLE = "search_resume_document_new"
META = "search_resume_document_meta"
CANDIDATES = 2000
BATCH = 500
COPY_BATCH = 2000
# ts_rank's weights {D, C, B, A}: body 1, skills 2, positions 3 (as tantivy's boosts), scaled
# so that the position weight is 1.
RANK_WEIGHTS = [1 / POSITION_BOOST, 1 / POSITION_BOOST, SKILLS_BOOST / POSITION_BOOST, 1.0]
RANK_NORMALISATION = 1
# "rencai resumes" key of the rebuild's advisory lock (another key than the job index's).
REBUILD_LOCK = 0x72656E636169_7273
COLUMNS = (
    "id",
    "stamp",
    "owner_id",
    "words",
    "divisions",
    "cities",
    "hidden_usccs",
    "education",
    "education_rank",
    "experience",
    "updated_at",
    "public",
)
INDEX_SUFFIXES = ("pkey", "words", "divisions", "newest")


def table_statements(table: str) -> list[str]:
    """The table without its secondary indexes (migration ``search.0003_resume_documents``)."""
    return [
        f"""
        CREATE TABLE {table} (
            id uuid CONSTRAINT {table}_pkey PRIMARY KEY,
            stamp text NOT NULL,
            owner_id uuid NOT NULL,
            words tsvector NOT NULL,
            divisions text[] NOT NULL DEFAULT '{{}}',
            cities text[] NOT NULL DEFAULT '{{}}',
            hidden_usccs text[] NOT NULL DEFAULT '{{}}',
            education text NOT NULL DEFAULT '',
            education_rank smallint NOT NULL DEFAULT 0,
            experience integer NOT NULL DEFAULT 0,
            updated_at bigint NOT NULL,
            public boolean NOT NULL DEFAULT false
        )
        """
    ]


def index_statements(table: str) -> list[str]:
    return [
        f"CREATE INDEX {table}_words ON {table} USING gin (words)",
        f"CREATE INDEX {table}_divisions ON {table} USING gin (divisions)",
        f"CREATE INDEX {table}_newest ON {table} (updated_at DESC, id DESC)",
    ]


def tsvector_text(document: ResumeDocument) -> str:
    """The words in tsvector input syntax: positions A, skills B, body D."""
    return weighted_tsvector(
        (
            ("A", document.position_words),
            ("B", document.skills_words),
            ("D", document.body_words),
        )
    )


def _row(document: ResumeDocument) -> tuple[Any, ...]:
    return (
        document.id,
        document.stamp,
        document.owner_id,
        tsvector_text(document),
        list(document.divisions),
        list(document.cities),
        list(document.hidden_usccs),
        document.education,
        document.education_rank,
        document.experience_months,
        document.updated_at,
        document.public,
    )


def conditions(query: ResumeQuery, text: str, *, skip: str = "") -> tuple[str, list[Any]]:
    """The WHERE clause and its parameters; the seeker's rules first (PI-05)."""
    sql = ["true"]
    params: list[Any] = []

    def add(clause: str, *values: Any) -> None:
        sql.append(clause)
        params.extend(values)

    if query.exclude_uscc:
        add("NOT hidden_usccs @> ARRAY[%s]::text[]", query.exclude_uscc)
    if query.public_only:
        add("public")
    if text:
        add("words @@ %s::tsquery", text)
    if query.division and skip != "city":
        add("divisions @> ARRAY[%s]::text[]", query.division)
    if query.education_min is not None and skip != "education":
        add("education_rank >= %s", query.education_min)
    if query.experience_min is not None:
        add("experience >= %s", query.experience_min)
    if query.experience_max is not None:
        add("experience <= %s", query.experience_max)
    if query.updated_after is not None:
        add("updated_at > %s", query.updated_after)
    return " AND ".join(sql), params


class ResumePostgresBackend:
    """Reads and writes ``search_resume_document`` through Django's connection."""

    name = "postgres"

    @staticmethod
    def _ready(cursor: CursorWrapper) -> None:
        if connection.vendor != "postgresql":
            raise IndexUnavailable("the postgres search backend needs a PostgreSQL database")
        cursor.execute(
            "SELECT to_regclass(%s) IS NOT NULL, to_regclass(%s) IS NOT NULL", [TABLE, META]
        )
        table, meta = cursor.fetchone() or (False, False)
        if not (table and meta):
            raise IndexUnavailable(f"{TABLE} is missing: run the search migrations")
        cursor.execute(f"SELECT dictionary, schema FROM {META} WHERE id = 1")  # noqa: S608
        row = cursor.fetchone()
        if row is None:
            raise IndexUnavailable(f"{TABLE} has not been built yet")
        if int(row[1]) != SCHEMA_VERSION:
            raise IndexUnavailable(f"{TABLE} was built with another schema")
        if str(row[0]) != dictionary_version():
            raise IndexUnavailable(f"{TABLE} was built with another dictionary version")

    # --- reading -----------------------------------------------------------------------

    def search(self, query: ResumeQuery) -> BackendResult:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                self._ready(cursor)
                return self._search(cursor, query)
        except DatabaseError as error:
            raise IndexUnavailable(f"searching {TABLE} failed: {error}") from error

    def _search(self, cursor: CursorWrapper, query: ResumeQuery) -> BackendResult:
        text = tsquery_text(query.terms) if query.terms else ""
        if text is None:
            empty: dict[str, list[tuple[str, int]]] = {name: [] for name in RESUME_FACETS}
            return BackendResult(ids=[], total=0, facets=empty if query.with_facets else {})
        total = 0
        facets: dict[str, list[tuple[str, int]]] = {}
        if query.with_facets:
            total, facets = self._facets(cursor, query, text)
        elif query.with_total:
            where, params = conditions(query, text)
            cursor.execute(f"SELECT count(*) FROM {TABLE} WHERE {where}", params)  # noqa: S608
            total = int((cursor.fetchone() or (0,))[0])
        where, params = conditions(query, text)
        window = [query.limit, query.offset]
        if text and query.sort == "relevance":
            wanted = max(CANDIDATES, query.offset + query.limit)
            sql = (
                f"SELECT id::text FROM (SELECT id, words, updated_at FROM {TABLE} "  # noqa: S608
                f"WHERE {where} ORDER BY updated_at DESC, id DESC LIMIT %s) AS candidates "
                "ORDER BY ts_rank(%s::float4[], words, %s::tsquery, %s) DESC, "
                "updated_at DESC, id DESC LIMIT %s OFFSET %s"
            )
            cursor.execute(sql, [*params, wanted, RANK_WEIGHTS, text, RANK_NORMALISATION, *window])
        else:
            sql = (
                f"SELECT id::text FROM {TABLE} WHERE {where} "  # noqa: S608
                "ORDER BY updated_at DESC, id DESC LIMIT %s OFFSET %s"
            )
            cursor.execute(sql, [*params, *window])
        ids = [str(row[0]) for row in cursor.fetchall()]
        return BackendResult(ids=ids, total=total if query.with_total else 0, facets=facets)

    def _facets(
        self, cursor: CursorWrapper, query: ResumeQuery, text: str
    ) -> tuple[int, dict[str, list[tuple[str, int]]]]:
        """Total and facet counts, one ``GROUPING SETS`` scan per facet group; cities are
        grouped by each document's whole list and split here (each city once per list)."""
        counts: dict[str, Counter[str]] = {name: Counter() for name in RESUME_FACETS}
        total = 0
        for index, (skip, names) in enumerate(resume_facet_groups(query)):
            where, params = conditions(query, text, skip=skip)
            columns = {"city": "cities", "education": "education"}
            sets = [f"({columns[name]})" for name in names]
            if index == 0:
                sets.append("()")
            # GROUPING() only of columns this statement groups by; the others are constants.
            selected = [
                f"{columns[name]}, GROUPING({columns[name]})"
                if name in names
                else f"NULL::{'text[]' if name == 'city' else 'text'}, 1"
                for name in RESUME_FACETS
            ]
            cursor.execute(
                f"SELECT {', '.join(selected)}, count(*) FROM {TABLE} "  # noqa: S608
                f"WHERE {where} GROUP BY GROUPING SETS ({', '.join(sets)})",
                params,
            )
            for cities, no_cities, education, no_education, count in cursor.fetchall():
                if no_cities and no_education:
                    total = int(count)
                elif not no_cities:
                    for city in cities or ():
                        counts["city"][str(city)] += int(count)
                else:
                    counts["education"][str(education)] += int(count)
        return total, {name: top_counts(counts[name]) for name in RESUME_FACETS}

    # --- writing -----------------------------------------------------------------------

    def upsert(self, documents: Sequence[ResumeDocument]) -> None:
        if not documents:
            return
        sql = upsert_statement(TABLE, COLUMNS)
        with transaction.atomic(), connection.cursor() as cursor:
            self._ready(cursor)
            for start in range(0, len(documents), BATCH):
                cursor.executemany(sql, [_row(doc) for doc in documents[start : start + BATCH]])

    def delete(self, ids: Sequence[str]) -> None:
        if not ids:
            return
        with connection.cursor() as cursor:
            self._ready(cursor)
            delete_rows(cursor, TABLE, ids)

    def rebuild(self, documents: Iterable[ResumeDocument], *, progress: Progress) -> int:
        """Fill a twin table, index and analyse it, then swap it in by renaming."""
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
            count = copy_rows(cursor, BUILD_TABLE, COLUMNS, map(_row, documents), progress)
            for statement in index_statements(BUILD_TABLE):
                cursor.execute(statement)
            cursor.execute(f"ANALYZE {BUILD_TABLE}")
            swap_in(
                cursor,
                table=TABLE,
                build_table=BUILD_TABLE,
                index_suffixes=INDEX_SUFFIXES,
                meta=META,
                built={"dictionary": dictionary_version(), "schema": SCHEMA_VERSION},
            )
        return count

    # --- inspection --------------------------------------------------------------------

    def stamps(self) -> dict[str, str]:
        with connection.cursor() as cursor:
            self._ready(cursor)
            return table_stamps(cursor, TABLE)

    def status(self) -> IndexStatus:
        location = f"postgresql:{TABLE}"
        try:
            with connection.cursor() as cursor:
                self._ready(cursor)
                documents, size = table_size(cursor, TABLE)
        except IndexUnavailable as error:
            return IndexStatus(self.name, False, 0, "", location, 0, str(error))
        return IndexStatus(
            self.name, True, int(documents), dictionary_version(), location, int(size)
        )

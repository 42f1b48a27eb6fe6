"""The resume index in tantivy: ``SEARCH_DIR/resumes/``, beside the job index.

It shares the job index's machinery (:class:`~rencai.search.backends.tantivy_backend.
TantivyIndex`: generations swapped through ``current.json``, readers that reload on every
commit, one writer at a time under a file lock) and its text handling (pre-segmented words,
whitespace tokenizer, BM25, a word or all its sub-words within one field).

The seeker's rules are clauses of every query (PI-05): ``MustNot hidden_usccs = <the
searching organisation's USCC>`` and, for agencies, ``Must public = 1``. Invisible resumes
are never indexed. Filters are constant-score clauses on fast fields; facets are terms
aggregations, as for jobs.
"""

from __future__ import annotations

from typing import Any

import tantivy

from rencai.search.backends.base import (
    RESUME_FACET_FIELDS,
    BackendResult,
    ResumeQuery,
    resume_facet_groups,
)
from rencai.search.backends.tantivy_backend import TantivyIndex, _Open, schema_of
from rencai.search.resume_documents import POSITION_BOOST, SKILLS_BOOST, ResumeDocument

SCHEMA_VERSION = 1
TEXT_FIELDS = ("positions", "skills", "body")
FIELD_BOOSTS = {"positions": POSITION_BOOST, "skills": SKILLS_BOOST, "body": 1.0}
KEYWORD_FIELDS = ("divisions", "cities", "education", "hidden_usccs")
INT_FIELDS = ("education_rank", "experience", "updated_at", "public")


def build_schema() -> tantivy.Schema:
    return schema_of(TEXT_FIELDS, KEYWORD_FIELDS, INT_FIELDS, raw_fields=("owner",))


def to_tantivy(document: ResumeDocument) -> tantivy.Document:
    doc = tantivy.Document()
    doc.add_text("id", document.id)
    doc.add_text("stamp", document.stamp)
    doc.add_text("owner", document.owner_id)
    doc.add_text("positions", document.position_words)
    doc.add_text("skills", document.skills_words)
    doc.add_text("body", document.body_words)
    for name, values in (
        ("divisions", document.divisions),
        ("cities", document.cities),
        ("hidden_usccs", document.hidden_usccs),
    ):
        for value in values:
            doc.add_text(name, value)
    if document.education:
        doc.add_text("education", document.education)
    for name, number in (
        ("education_rank", document.education_rank),
        ("experience", document.experience_months),
        ("updated_at", document.updated_at),
        ("public", int(document.public)),
    ):
        doc.add_integer(name, number)
    return doc


class ResumeTantivyBackend(TantivyIndex[ResumeDocument, ResumeQuery]):
    """Reads and writes the resume index; one instance per process is enough."""

    prefix = "resumes"
    subdirectory = "resumes"
    schema_version = SCHEMA_VERSION
    text_fields = TEXT_FIELDS
    field_boosts = FIELD_BOOSTS

    def _schema(self) -> tantivy.Schema:
        return build_schema()

    def _document(self, document: ResumeDocument) -> tantivy.Document:
        return to_tantivy(document)

    def _document_id(self, document: ResumeDocument) -> str:
        return document.id

    def _filters(
        self, schema: tantivy.Schema, query: ResumeQuery, *, skip: str = ""
    ) -> list[tuple[Any, tantivy.Query]]:
        clauses: list[tuple[Any, tantivy.Query]] = []
        # The seeker's rules (PI-05), inside the query.
        if query.exclude_uscc:
            clauses.append(
                (
                    tantivy.Occur.MustNot,
                    tantivy.Query.term_query(schema, "hidden_usccs", query.exclude_uscc),
                )
            )
        if query.public_only:
            clauses.append(self._filter(self._int_range(schema, "public", low=1)))

        if query.division and skip != "city":
            clauses.append(
                self._filter(tantivy.Query.term_query(schema, "divisions", query.division))
            )
        if query.education_min is not None and skip != "education":
            clauses.append(
                self._filter(self._int_range(schema, "education_rank", low=query.education_min))
            )
        if query.experience_min is not None or query.experience_max is not None:
            clauses.append(
                self._filter(
                    self._int_range(
                        schema, "experience", low=query.experience_min, high=query.experience_max
                    )
                )
            )
        if query.updated_after is not None:
            clauses.append(
                self._filter(self._int_range(schema, "updated_at", low=query.updated_after + 1))
            )
        return clauses

    def _query(self, schema: tantivy.Schema, query: ResumeQuery, *, skip: str = "") -> Any:
        return self._all_of(schema, query.terms, self._filters(schema, query, skip=skip))

    def _search(self, opened: _Open, query: ResumeQuery) -> BackendResult:
        schema = opened.schema
        searcher = opened.index.searcher()
        order: dict[str, Any] = {}
        if query.sort == "updated" or not query.terms:
            order = {"order_by_field": "updated_at", "order": tantivy.Order.Desc}
        found = searcher.search(
            self._query(schema, query),
            query.limit,
            count=query.with_total,
            offset=query.offset,
            **order,
        )
        facets = self._facets(searcher, schema, query) if query.with_facets else {}
        return self._hits(searcher, found, facets)

    def _facets(
        self, searcher: tantivy.Searcher, schema: tantivy.Schema, query: ResumeQuery
    ) -> dict[str, list[tuple[str, int]]]:
        return self._aggregate_facets(
            searcher,
            resume_facet_groups(query),
            RESUME_FACET_FIELDS,
            lambda skip: self._query(schema, query, skip=skip),
        )

"""What the resume index holds for a resume, built from the database (issue 7).

A :class:`ResumeDocument` is derived data, like a posting's ``SearchDocument``: every field
comes from the resume, its sections and its owner's hidden-company list, so the index can be
rebuilt at any time. Only resumes someone may find are indexed (visibility ``employers`` or
``public``, owner active); invisible ones are deleted from the index (PI-05, PI-20).

What is never indexed (DIS-03, DIS-09): the name, phone, e-mail, ethnicity, hukou, political
status and photo, nor phone numbers, e-mail addresses, chat ids or the name written into the
free text (:func:`private_text`). The text fields hold job-related words only (positions,
intended job categories, skills, self-assessment, schools and majors, employers' names) and
the filter fields only what an employer may filter on (place, experience, education, last
update), plus what the query needs to apply the seeker's own rules: the visibility and the
USCCs of the organisations the seeker hides from.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from typing import Any

from django.db.models import QuerySet

from rencai.core import occupations
from rencai.core.models import Id
from rencai.jobs.choices import Education
from rencai.resumes.choices import EntryKind, Visibility
from rencai.resumes.models import HiddenOrganisation, Resume, ResumeEntry
from rencai.resumes.presentation import scrub_contacts
from rencai.search.documents import (
    Bounds,
    build_in_processes,
    chunk_bounds,
    city_of,
    division_codes,
)
from rencai.search.text import index_text

POSITION_BOOST = 3.0
SKILLS_BOOST = 2.0
# "At least" comparisons on education: each level's rank (no requirement is 0).
EDUCATION_RANK = {value: rank for rank, value in enumerate(Education.values)}
FINDABLE = (Visibility.EMPLOYERS, Visibility.PUBLIC)


@dataclass(frozen=True)
class ResumeDocument:
    """One findable resume as every backend indexes it."""

    id: str
    owner_id: str
    position_words: str  # positions held, intended job categories
    skills_words: str
    body_words: str  # self-assessment, descriptions, employers, schools and majors
    divisions: tuple[str, ...]  # intended and current places with every division above them
    cities: tuple[str, ...]  # the cities among them, for the city facet
    education: str
    education_rank: int
    experience_months: int
    updated_at: int  # epoch seconds
    public: bool  # visibility "public" (agencies may find it) rather than "employers"
    hidden_usccs: tuple[str, ...]  # organisations the seeker hides every resume from

    @property
    def stamp(self) -> str:
        data = repr(tuple(getattr(self, name) for name in _FIELD_NAMES))
        return hashlib.blake2b(data.encode(), digest_size=8).hexdigest()


_FIELD_NAMES = tuple(item.name for item in fields(ResumeDocument))

# The columns a document is built from (never the name, contact details or DIS-09 fields).
RESUME_FIELDS = (
    "id",
    "owner_id",
    "visibility",
    "city",
    "intended_cities",
    "intended_categories",
    "skills",
    "self_assessment",
    "highest_education",
    "experience_months",
    "updated_at",
)
# Read only to take the name out of the free text before it is indexed; never indexed.
NAME_FIELD = "full_name"
ENTRY_FIELDS = ("resume_id", "kind", "organisation", "title", "description")
Row = dict[str, Any]


def indexable_resumes() -> QuerySet[Resume]:
    """Every resume that belongs in the index: findable by someone, owner active."""
    return Resume.objects.filter(visibility__in=FINDABLE, owner__is_active=True).order_by()


def _category_names(codes: Sequence[Any]) -> list[str]:
    names = []
    for code in codes:
        occupation = occupations.get_occupation(str(code))
        if occupation is not None:
            names.append(occupation.name)
    return names


def _skill_names(skills: Sequence[Any]) -> list[str]:
    return [
        str(skill.get("name", "")) if isinstance(skill, dict) else str(skill) for skill in skills
    ]


def private_text(text: str, name: str) -> str:
    """Free text without what would identify or reach the person: phone numbers, e-mail
    addresses, WeChat or QQ ids (the resumes app's ``scrub_contacts``) and the name the
    resume gives, so that no search for them can find the resume (PI-07)."""
    text = scrub_contacts(text)
    return text.replace(name, " ") if len(name) >= 2 else text


def document_of(row: Row, entries: Sequence[Row], hidden: Sequence[str]) -> ResumeDocument:
    """The document of a findable resume's row, its entries and its owner's hidden USCCs.
    Free text passes through :func:`private_text` first."""
    name = str(row.get(NAME_FIELD) or "").strip()
    positions = [entry["title"] for entry in entries if entry["kind"] == EntryKind.WORK]
    other_titles = [entry["title"] for entry in entries if entry["kind"] != EntryKind.WORK]
    codes: dict[str, None] = {}
    cities: dict[str, None] = {}
    for code in [*row["intended_cities"], row["city"]]:
        code = str(code or "")
        if not code:
            continue
        codes.update(dict.fromkeys(division_codes(code)))
        city = city_of(code)
        if city:
            cities[city] = None
    body = index_text(
        private_text(row["self_assessment"], name),
        " ".join(other_titles),
        " ".join(entry["organisation"] for entry in entries),
        private_text("\n".join(entry["description"] for entry in entries), name),
    )
    return ResumeDocument(
        id=str(row["id"]),
        owner_id=str(row["owner_id"]),
        position_words=index_text(
            " ".join(positions), " ".join(_category_names(row["intended_categories"]))
        ),
        skills_words=index_text(" ".join(_skill_names(row["skills"]))),
        body_words=body,
        divisions=tuple(codes),
        cities=tuple(cities),
        education=row["highest_education"],
        education_rank=EDUCATION_RANK.get(row["highest_education"], 0),
        experience_months=int(row["experience_months"]),
        updated_at=int(row["updated_at"].timestamp()),
        public=row["visibility"] == Visibility.PUBLIC,
        hidden_usccs=tuple(sorted(set(hidden))),
    )


def _documents(rows: list[Row]) -> list[ResumeDocument]:
    """Documents for a batch of rows: one query for their entries, one for the hidden lists."""
    if not rows:
        return []
    ids = [row["id"] for row in rows]
    entries: dict[str, list[Row]] = defaultdict(list)
    for entry in (
        ResumeEntry.objects.filter(resume_id__in=ids)
        .order_by("resume_id", "kind", "position")
        .values(*ENTRY_FIELDS)
    ):
        entries[str(entry["resume_id"])].append(entry)
    hidden: dict[str, list[str]] = defaultdict(list)
    owners = {row["owner_id"] for row in rows}
    for owner_id, uscc in HiddenOrganisation.objects.filter(owner_id__in=owners).values_list(
        "owner_id", "uscc"
    ):
        hidden[str(owner_id)].append(uscc)
    return [document_of(row, entries[str(row["id"])], hidden[str(row["owner_id"])]) for row in rows]


def documents_for(resume_ids: Sequence[Id]) -> tuple[list[ResumeDocument], list[str]]:
    """Documents for the findable resumes among ``resume_ids``, and the ids of the others
    (invisible, deleted, owner deactivated: to be removed from the index)."""
    wanted = [str(rid) for rid in resume_ids]
    rows = list(indexable_resumes().filter(pk__in=wanted).values(*RESUME_FIELDS, NAME_FIELD))
    documents = _documents(rows)
    present = {document.id for document in documents}
    return documents, [rid for rid in wanted if rid not in present]


def iter_documents(*, batch_size: int = 2000) -> Iterator[ResumeDocument]:
    """Every findable resume's document, in batches by primary key (constant memory)."""
    last = None
    resumes = indexable_resumes().order_by("pk")
    while True:
        page = resumes.filter(pk__gt=last) if last is not None else resumes
        batch = list(page.values(*RESUME_FIELDS, NAME_FIELD)[:batch_size])
        if not batch:
            return
        yield from _documents(batch)
        last = batch[-1]["id"]


def count_indexable() -> int:
    return indexable_resumes().count()


def owner_resume_ids(owner_id: Id) -> list[str]:
    """Every resume of a seeker (a hidden-company change touches all of them)."""
    resumes = Resume.objects.filter(owner_id=uuid.UUID(str(owner_id)))
    return [str(pk) for pk in resumes.values_list("pk", flat=True)]


def _chunk_bounds(batch_size: int) -> list[Bounds]:
    """Primary-key ranges of ``batch_size`` findable resumes each."""
    return chunk_bounds(indexable_resumes(), batch_size)


def _documents_between(bounds: Bounds) -> list[ResumeDocument]:
    low, high = bounds
    resumes = indexable_resumes().filter(pk__gte=low)
    if high is not None:
        resumes = resumes.filter(pk__lt=high)
    return _documents(list(resumes.order_by("pk").values(*RESUME_FIELDS, NAME_FIELD)))


def iter_documents_parallel(workers: int, *, batch_size: int = 5000) -> Iterator[ResumeDocument]:
    """Every findable resume's document, built by ``workers`` forked processes, as
    ``documents.iter_documents_parallel`` does for postings (a command on committed data
    only; the processes are forked before the backend opens its transaction)."""
    return build_in_processes(workers, _chunk_bounds(batch_size), _documents_between)

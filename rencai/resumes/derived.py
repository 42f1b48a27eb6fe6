"""Values derived from a resume's sections: highest education, months of work experience,
and the completeness score with concrete suggestions. The actions store the first three on
the resume after every change (search and lists read them without loading the sections)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rencai.core.timeutil import local_today
from rencai.jobs.choices import Education
from rencai.resumes.choices import EntryKind, WorkStatus
from rencai.resumes.models import Resume, ResumeEntry

EDUCATION_ORDER: tuple[str, ...] = tuple(Education.values)  # "any" lowest, doctorate highest
MIN_SKILLS = 3
MIN_SELF_ASSESSMENT = 20


@dataclass(frozen=True)
class Suggestion:
    """One concrete thing that would make the resume more complete. ``section`` names the
    part of the editor to open (an anchor), ``points`` what it adds to the score."""

    code: str
    message: Promise
    section: str
    points: int


@dataclass(frozen=True)
class Completeness:
    score: int
    suggestions: tuple[Suggestion, ...]


def highest_education(entries: Iterable[ResumeEntry]) -> str:
    """The highest degree among the education entries (``any`` without one)."""
    best = 0
    for entry in entries:
        if entry.kind == EntryKind.EDUCATION and entry.degree in EDUCATION_ORDER:
            best = max(best, EDUCATION_ORDER.index(entry.degree))
    return EDUCATION_ORDER[best]


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def experience_months(entries: Iterable[ResumeEntry], *, today: dt.date | None = None) -> int:
    """Whole months covered by work entries with a start date, overlapping jobs counted
    once; an open end counts until ``today``. A job within one calendar month counts one."""
    today = today or local_today()
    spans = sorted(
        (_month_index(entry.start), _month_index(min(entry.end or today, today)))
        for entry in entries
        if entry.kind == EntryKind.WORK and entry.start is not None and entry.start <= today
    )
    total, current_start, current_end = 0, -1, -2
    for start, end in spans:
        end = max(end, start)
        if start > current_end + 1:
            total += current_end - current_start + 1 if current_start >= 0 else 0
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_start >= 0:
        total += current_end - current_start + 1
    return total


def completeness(resume: Resume, entries: Sequence[ResumeEntry]) -> Completeness:
    """A score out of 100 and what to add next, most valuable first."""
    kinds = {entry.kind for entry in entries}
    student = resume.work_status == WorkStatus.STUDENT
    checks: list[tuple[bool, Suggestion]] = [
        (
            bool(resume.phone or resume.email),
            Suggestion(
                "add_contact",
                _("Add a mobile number or an e-mail address employers can reach you at"),
                "basic",
                10,
            ),
        ),
        (
            bool(resume.city),
            Suggestion("add_city", _("Fill in the city you live in"), "basic", 5),
        ),
        (
            bool(resume.intended_categories),
            Suggestion(
                "add_intended_categories",
                _("Choose the kinds of jobs you are looking for"),
                "intention",
                10,
            ),
        ),
        (
            bool(resume.intended_cities),
            Suggestion(
                "add_intended_cities", _("Fill in the cities you want to work in"), "intention", 10
            ),
        ),
        (
            resume.pay_min is not None,
            Suggestion("add_pay", _("Give the monthly pay you expect"), "intention", 5),
        ),
        (
            bool(resume.employment_types),
            Suggestion(
                "add_employment_types",
                _("Say whether you want full-time, part-time or other work"),
                "intention",
                5,
            ),
        ),
        (
            EntryKind.WORK in kinds or (student and EntryKind.PROJECT in kinds),
            Suggestion(
                "add_work",
                _("Add a project or an internship")
                if student
                else _("Add at least one work experience"),
                "project" if student else "work",
                20,
            ),
        ),
        (
            EntryKind.EDUCATION in kinds,
            Suggestion("add_education", _("Add your education"), "education", 15),
        ),
        (
            len(resume.skills) >= MIN_SKILLS,
            Suggestion("add_skills", _("List at least three skills"), "skills", 10),
        ),
        (
            len(resume.self_assessment.strip()) >= MIN_SELF_ASSESSMENT,
            Suggestion(
                "add_self_assessment",
                _("Write a few sentences about yourself in the self-assessment"),
                "self_assessment",
                5,
            ),
        ),
    ]
    base = 5 if resume.full_name else 0  # the name: always there once the resume exists
    score = base + sum(suggestion.points for done, suggestion in checks if done)
    missing = sorted(
        (suggestion for done, suggestion in checks if not done), key=lambda s: -s.points
    )
    return Completeness(min(score, 100), tuple(missing))

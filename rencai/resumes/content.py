"""Checking what a seeker writes into a resume, field by field, with stable error codes.

``clean_resume_fields`` checks a partial set of the editable fields (only those given);
``clean_entry`` one item of a repeated section. Both raise ``DomainError`` with the code and
the field (``skills.2.level`` for an item of a list). Only the job-related fields of
``EDITABLE_FIELDS`` can be written (DIS-09): there is no way to store anything else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from rencai.core import divisions, occupations
from rencai.core.errors import DomainError
from rencai.core.phones import normalise_mobile
from rencai.core.timeutil import local_today
from rencai.jobs.choices import Education, EmploymentType
from rencai.resumes.choices import (
    EntryKind,
    LanguageLevel,
    PoliticalStatus,
    ResumeLanguage,
    SkillLevel,
    WorkStatus,
)
from rencai.resumes.errors import ResumeErrorCode, resume_error

MAX_RESUMES = 5
MAX_ENTRIES_PER_SECTION = 30
MAX_ATTACHMENTS = 5
MAX_INTENDED = 5
MAX_SKILLS = 30
MAX_LANGUAGES = 10
MAX_LINKS = 10
MAX_PAY = 1_000_000
EARLIEST_DATE = dt.date(1950, 1, 1)
# An education may end in the future (expected graduation); nothing else may.
MAX_STUDY_AHEAD_DAYS = 7 * 366
MAX_START_AHEAD_DAYS = 2 * 366

# Job-related fields a seeker edits (DIS-09). Derived fields, visibility and the owner are
# written by their own actions.
EDITABLE_FIELDS: tuple[str, ...] = (
    "title",
    "language",
    "full_name",
    "phone",
    "email",
    "city",
    "work_status",
    "available_from",
    "intended_categories",
    "intended_cities",
    "employment_types",
    "pay_min",
    "pay_max",
    "skills",
    "languages",
    "links",
    "self_assessment",
    "ethnicity",
    "hukou_division",
    "political_status",
)
REQUIRED_FIELDS = frozenset({"title", "full_name"})
TEXT_LIMITS: dict[str, int] = {
    "title": 40,
    "full_name": 40,
    "self_assessment": 2000,
    "ethnicity": 20,
}
ENTRY_TEXT_LIMITS: dict[str, int] = {"organisation": 100, "title": 100, "description": 3000}
_URL = URLValidator(schemes=["http", "https"])


def _fail(code: ResumeErrorCode, field: str) -> DomainError:
    return resume_error(code, field=field)


def _text(value: object, field: str, limit: int, *, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise _fail(ResumeErrorCode.FIELD_INVALID, field)
    text = value.strip()
    if required and not text:
        raise _fail(ResumeErrorCode.FIELD_REQUIRED, field)
    if len(text) > limit:
        raise _fail(ResumeErrorCode.TOO_LONG, field)
    return text


def _choice(value: object, field: str, choices: Any, *, blank: bool = False) -> str:
    text = "" if value is None else str(value).strip()
    if blank and not text:
        return ""
    if text not in choices.values:
        raise _fail(ResumeErrorCode.FIELD_INVALID, field)
    return text


def _date(value: object, field: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        raise _fail(ResumeErrorCode.DATES, field)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise _fail(ResumeErrorCode.DATES, field) from None
    raise _fail(ResumeErrorCode.DATES, field)


def _list(value: object, field: str, limit: int) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise _fail(ResumeErrorCode.FIELD_INVALID, field)
    if len(value) > limit:
        raise _fail(ResumeErrorCode.TOO_MANY, field)
    return list(value)


def _codes(value: object, field: str, check: Callable[[str, str], object]) -> list[str]:
    out: list[str] = []
    for index, item in enumerate(_list(value, field, MAX_INTENDED)):
        code = str(item).strip()
        try:
            check(code, field)
        except DomainError as error:
            raise DomainError(
                error.code, error.message, fields={f"{field}.{index}": error.message}, status=422
            ) from None
        if code in out:
            raise _fail(ResumeErrorCode.DUPLICATE, f"{field}.{index}")
        out.append(code)
    return out


def _city(code: str, field: str) -> object:
    return divisions.validate_division(code, field=field, min_level=divisions.CITY)


def _category(code: str, field: str) -> object:
    return occupations.validate_occupation(code, field=field)


def _pay(value: object, field: str) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise _fail(ResumeErrorCode.PAY_RANGE, field)
    try:
        number = int(str(value))
    except ValueError:
        raise _fail(ResumeErrorCode.PAY_RANGE, field) from None
    if not 0 < number <= MAX_PAY:
        raise _fail(ResumeErrorCode.PAY_RANGE, field)
    return number


def _named_levels(
    value: object, field: str, limit: int, name_key: str, levels: Any, name_limit: int
) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    for index, item in enumerate(_list(value, field, limit)):
        where = f"{field}.{index}"
        if not isinstance(item, Mapping):
            raise _fail(ResumeErrorCode.FIELD_INVALID, where)
        name = _text(item.get(name_key), f"{where}.{name_key}", name_limit, required=True)
        level = str(item.get("level") or "").strip()
        if level not in levels.values:
            raise _fail(ResumeErrorCode.LEVEL, f"{where}.level")
        if name.casefold() in seen:
            raise _fail(ResumeErrorCode.DUPLICATE, where)
        seen.add(name.casefold())
        out.append({name_key: name, "level": level})
    return out


def _links(value: object, field: str) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for index, item in enumerate(_list(value, field, MAX_LINKS)):
        where = f"{field}.{index}"
        if not isinstance(item, Mapping):
            raise _fail(ResumeErrorCode.FIELD_INVALID, where)
        title = _text(item.get("title"), f"{where}.title", 40)
        url = _text(item.get("url"), f"{where}.url", 300, required=True)
        try:
            _URL(url)
        except ValidationError:
            raise _fail(ResumeErrorCode.URL, f"{where}.url") from None
        out.append({"title": title or url, "url": url})
    return out


def _one(name: str, value: object) -> object:
    """The clean value of one editable field."""
    if name in TEXT_LIMITS:
        return _text(value, name, TEXT_LIMITS[name], required=name in REQUIRED_FIELDS)
    if name == "language":
        return _choice(value, name, ResumeLanguage)
    if name == "work_status":
        return _choice(value, name, WorkStatus)
    if name == "political_status":
        return _choice(value, name, PoliticalStatus, blank=True)
    if name == "phone":
        text = _text(value, name, 30)
        return normalise_mobile(text, field=name) if text else ""
    if name == "email":
        text = _text(value, name, 254)
        if text:
            try:
                validate_email(text)
            except ValidationError:
                raise _fail(ResumeErrorCode.EMAIL, name) from None
        return text.lower()
    if name in ("city", "hukou_division"):
        text = _text(value, name, 6)
        if text:
            level = divisions.CITY if name == "city" else divisions.PROVINCE
            divisions.validate_division(text, field=name, min_level=level)
        return text
    if name == "available_from":
        day = _date(value, name)
        today = local_today()
        if day is not None and not (
            today - dt.timedelta(days=366) <= day <= today + dt.timedelta(days=MAX_START_AHEAD_DAYS)
        ):
            raise _fail(ResumeErrorCode.DATES, name)
        return day
    if name == "intended_categories":
        return _codes(value, name, _category)
    if name == "intended_cities":
        return _codes(value, name, _city)
    if name == "employment_types":
        return _codes(value, name, lambda code, field: _choice(code, field, EmploymentType))
    if name in ("pay_min", "pay_max"):
        return _pay(value, name)
    if name == "skills":
        return _named_levels(value, name, MAX_SKILLS, "name", SkillLevel, 30)
    if name == "languages":
        return _named_levels(value, name, MAX_LANGUAGES, "language", LanguageLevel, 20)
    if name == "links":
        return _links(value, name)
    raise _fail(ResumeErrorCode.FIELD_INVALID, name)


def clean_resume_fields(
    changes: Mapping[str, object], *, current: Mapping[str, object] | None = None
) -> dict[str, object]:
    """Check ``changes`` (a subset of ``EDITABLE_FIELDS``); the clean values. ``current``
    holds the stored values, so that a pay range is checked as a whole when only one end
    changes."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise _fail(ResumeErrorCode.FIELD_INVALID, sorted(unknown)[0])
    clean = {name: _one(name, value) for name, value in changes.items()}
    if "pay_min" in clean or "pay_max" in clean:
        before = current or {}
        low = clean.get("pay_min", before.get("pay_min"))
        high = clean.get("pay_max", before.get("pay_max"))
        if (low is None) != (high is None):
            raise _fail(ResumeErrorCode.PAY_RANGE, "pay_min" if low is None else "pay_max")
        if isinstance(low, int) and isinstance(high, int) and low > high:
            raise _fail(ResumeErrorCode.PAY_RANGE, "pay_min")
    return clean


def clean_entry(kind: str, data: Mapping[str, object]) -> dict[str, object]:
    """Check one item of a repeated section; ``end`` empty means "until now"."""
    kind = _choice(kind, "kind", EntryKind)
    allowed = {"organisation", "title", "degree", "start", "end", "description"}
    unknown = set(data) - allowed
    if unknown:
        raise _fail(ResumeErrorCode.FIELD_INVALID, sorted(unknown)[0])
    clean: dict[str, object] = {
        name: _text(data.get(name), name, limit, required=name == "title")
        for name, limit in ENTRY_TEXT_LIMITS.items()
    }
    if kind == EntryKind.EDUCATION:
        degree = _choice(data.get("degree"), "degree", Education, blank=True)
        if degree == Education.ANY:
            raise _fail(ResumeErrorCode.FIELD_INVALID, "degree")
        clean["degree"] = degree
    elif data.get("degree"):
        raise _fail(ResumeErrorCode.FIELD_INVALID, "degree")
    else:
        clean["degree"] = ""
    start, end = _date(data.get("start"), "start"), _date(data.get("end"), "end")
    today = local_today()
    ahead = MAX_STUDY_AHEAD_DAYS if kind == EntryKind.EDUCATION else 0
    if start is not None and not EARLIEST_DATE <= start <= today:
        raise _fail(ResumeErrorCode.DATES, "start")
    if end is not None:
        if not EARLIEST_DATE <= end <= today + dt.timedelta(days=ahead):
            raise _fail(ResumeErrorCode.DATES, "end")
        if start is None and kind in (EntryKind.WORK, EntryKind.EDUCATION):
            raise _fail(ResumeErrorCode.DATES, "start")
        if start is not None and end < start:
            raise _fail(ResumeErrorCode.DATES, "end")
    clean["start"], clean["end"] = start, end
    return clean

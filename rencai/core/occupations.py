"""Occupations: 中华人民共和国职业分类大典（2022年版）, the national occupational classification.

The classification has the GB/T 6565 structure: major groups (大类, ``"1"``–``"8"``), medium
groups (中类, ``"2-02"``) and minor groups (小类, ``"2-02-10"``); a code's parent is the code
without its last ``-NN`` part. Job postings store a code; names and compliance flags come from
``data/occupations.json`` (see ``data/README.md``), loaded once per process.

Flags are listed on any code in the data and apply to every code under it:

- ``minor_prohibited`` — work that may not be given to workers under 18 (JOB-10);
- ``hazardous`` — the posting must state the occupational hazards (JOB-02);
- ``female_restricted`` — the only work for which a posting may restrict gender, and only
  after human review (DIS-06).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from rencai.core.errors import DomainError

DATA_FILE = Path(__file__).resolve().parent / "data" / "occupations.json"

MAJOR = 1
MEDIUM = 2
MINOR = 3

MINOR_PROHIBITED = "minor_prohibited"
HAZARDOUS = "hazardous"
FEMALE_RESTRICTED = "female_restricted"
FLAGS = (MINOR_PROHIBITED, HAZARDOUS, FEMALE_RESTRICTED)


@dataclass(frozen=True)
class Occupation:
    """A major (level 1), medium (level 2) or minor (level 3) group of the classification.

    ``name`` is the official Chinese title; ``name_en`` is set for major groups only.
    ``parent_code`` is empty for major groups.
    """

    code: str
    name: str
    level: int
    parent_code: str
    name_en: str = ""


@dataclass(frozen=True)
class _Table:
    by_code: dict[str, Occupation]
    children: dict[str, tuple[Occupation, ...]]
    flags: dict[str, frozenset[str]]


def _parent(code: str) -> str:
    return code.rpartition("-")[0]


@cache
def _table() -> _Table:
    document: dict[str, Any] = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    items: list[Occupation] = [
        Occupation(code=code, name=name, level=MAJOR, parent_code="", name_en=name_en)
        for code, name, name_en in document["majors"]
    ]
    for key, level in (("mediums", MEDIUM), ("minors", MINOR)):
        items.extend(
            Occupation(code=code, name=name, level=level, parent_code=_parent(code))
            for code, name in document.get(key, [])
        )
    by_code = {item.code: item for item in items}
    children: dict[str, list[Occupation]] = {"": []}
    for item in sorted(items, key=lambda entry: entry.code):
        children.setdefault(item.parent_code, []).append(item)
    raw_flags: dict[str, list[str]] = document.get("flags", {})
    return _Table(
        by_code=by_code,
        children={code: tuple(group) for code, group in children.items()},
        flags={flag: frozenset(raw_flags.get(flag, [])) for flag in FLAGS},
    )


def get_occupation(code: str) -> Occupation | None:
    """The group with this code (``"2"``, ``"2-02"``, ``"2-02-10"``), or ``None``."""
    return _table().by_code.get(code) if isinstance(code, str) else None


def majors() -> list[Occupation]:
    """The 8 major groups, ``"1"`` to ``"8"``."""
    return list(_table().children[""])


def children(code: str | None = None) -> list[Occupation]:
    """The groups directly under ``code`` by code (the major groups for ``None``); empty for
    an unknown code or a group without children in the data."""
    return list(_table().children.get(code or "", ()))


def ancestors(code: str) -> list[Occupation]:
    """The groups above ``code``, major group first (empty for a major or unknown code)."""
    occupation = get_occupation(code)
    chain: list[Occupation] = []
    while occupation is not None and occupation.parent_code:
        occupation = get_occupation(occupation.parent_code)
        if occupation is not None:
            chain.insert(0, occupation)
    return chain


def display_name(code: str) -> str:
    """The full name, "2 专业技术人员 › 2-02 工程技术人员", or the bare code when unknown."""
    occupation = get_occupation(code)
    if occupation is None:
        return code
    return " › ".join(f"{item.code} {item.name}" for item in (*ancestors(code), occupation))


def _flagged(code: str, flag: str) -> bool:
    occupation = get_occupation(code)
    if occupation is None:
        return False
    marked = _table().flags[flag]
    return any(item.code in marked for item in (*ancestors(code), occupation))


def is_minor_prohibited(code: str) -> bool:
    """Whether workers under 18 may not do this work (JOB-10); ``False`` for unknown codes."""
    return _flagged(code, MINOR_PROHIBITED)


def is_hazardous(code: str) -> bool:
    """Whether a posting must state the occupational hazards (JOB-02)."""
    return _flagged(code, HAZARDOUS)


def allows_gender_restriction(code: str) -> bool:
    """Whether a posting for this work may restrict gender at all (DIS-06). Even then the
    restriction needs human review: ``True`` only means it is not refused outright."""
    return _flagged(code, FEMALE_RESTRICTED)


def validate_occupation(
    code: str, *, field: str = "category", min_level: int = MEDIUM
) -> Occupation:
    """The group for ``code``; unknown codes raise ``occupation_invalid`` and groups coarser
    than ``min_level`` (a major group, by default) raise ``occupation_too_coarse``."""
    occupation = get_occupation(code)
    if occupation is None:
        message = _("Choose a job category from the list.")
        raise DomainError("occupation_invalid", message, fields={field: message})
    if occupation.level < min_level:
        message = _("Choose a more specific job category.")
        raise DomainError("occupation_too_coarse", message, fields={field: message})
    return occupation


def major_label(major: Occupation) -> str:
    """The optgroup label "2 专业技术人员", in English when English is active."""
    language = get_language() or ""
    if language.startswith("en") and major.name_en:
        return f"{major.code} {major.name_en}"
    return f"{major.code} {major.name}"


def grouped_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Choices for a Django ``ChoiceField``: one optgroup per major group whose options are
    its medium groups, each replaced by its minor groups when the data has them."""
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    for major in majors():
        options: list[tuple[str, str]] = []
        for medium in children(major.code):
            leaves = children(medium.code) or [medium]
            options.extend((item.code, f"{item.code} {item.name}") for item in leaves)
        groups.append((major_label(major), options))
    return groups

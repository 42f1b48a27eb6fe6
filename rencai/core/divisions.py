"""Administrative divisions of mainland China (GB/T 2260 codes): province, city, district.

Records store the 6-digit code; names come from ``data/divisions.json`` (see
``data/README.md`` for the source and year), loaded once per process.

The hierarchy here is the one people choose from, not the raw code tree:

- The placeholder rows of GB/T 2260 (``110100`` 市辖区, ``500200`` 县, ``429000``
  省直辖县级行政区划, …) are not divisions: ``get_division`` returns ``None`` for them and
  their children hang directly below the province. So ``children("110000")`` lists the
  districts of Beijing, ``children("420000")`` lists the cities of Hubei followed by 仙桃市,
  潜江市, 天门市 and 神农架林区, and ``display_name`` never shows "市辖区".
- ``level`` is the administrative rank: 1 province-level, 2 prefecture-level (city),
  3 county-level (district, county, county-level city). A child can therefore be two levels
  below its parent (北京市 → 朝阳区, 湖北省 → 仙桃市).
- "Everything in a province/city" is a code prefix (``code_prefix``): the codes of all
  divisions below ``440000`` start with ``44``, below ``440300`` with ``4403``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from rencai.core.errors import DomainError

DATA_FILE = Path(__file__).resolve().parent / "data" / "divisions.json"

PROVINCE = 1
CITY = 2
DISTRICT = 3

# Rows of GB/T 2260 that group divisions without being a place themselves.
PLACEHOLDER_NAMES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})

_TOO_COARSE = {
    CITY: _("Choose the city as well."),
    DISTRICT: _("Choose the district or county as well."),
}


@dataclass(frozen=True)
class Division:
    """One province, prefecture-level city or county-level division."""

    code: str
    name: str
    level: int  # 1 province, 2 city, 3 district
    parent_code: str | None


@dataclass(frozen=True)
class _Table:
    by_code: dict[str, Division]
    children: dict[str | None, tuple[Division, ...]]


def is_well_formed(code: object) -> bool:
    """``code`` looks like a division code: six ASCII digits."""
    return isinstance(code, str) and len(code) == 6 and code.isascii() and code.isdigit()


def level_of(code: str) -> int:
    """The level a well-formed code denotes: ``440000`` → 1, ``440300`` → 2, else 3."""
    if code[2:] == "0000":
        return PROVINCE
    if code[4:] == "00":
        return CITY
    return DISTRICT


@cache
def _table() -> _Table:
    document: dict[str, Any] = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    rows: list[tuple[str, str, str | None]] = [tuple(row) for row in document["rows"]]
    placeholders = {
        code: parent for code, name, parent in rows if name in PLACEHOLDER_NAMES and parent
    }
    by_code: dict[str, Division] = {}
    children: dict[str | None, list[Division]] = {}
    for code, name, parent in rows:
        if code in placeholders:
            continue
        effective_parent = placeholders.get(parent, parent) if parent else None
        division = Division(code, name, level_of(code), effective_parent)
        by_code[code] = division
        children.setdefault(effective_parent, []).append(division)
    return _Table(
        by_code=by_code,
        children={parent: tuple(sorted(kids, key=_code)) for parent, kids in children.items()},
    )


def _code(division: Division) -> str:
    return division.code


def get_division(code: str) -> Division | None:
    """The division with this code, or ``None`` (unknown, malformed or a placeholder)."""
    return _table().by_code.get(code) if isinstance(code, str) else None


def provinces() -> list[Division]:
    """The 31 province-level divisions, by code."""
    return list(_table().children[None])


def children(code: str | None) -> list[Division]:
    """The divisions directly below ``code`` (``None``: the provinces), by code.

    Placeholders are skipped: the children of a municipality are its districts and
    counties; county-level divisions under a province's 直辖 placeholder come after its
    cities. Unknown codes and divisions without subdivisions give an empty list.
    """
    if code is not None and code not in _table().by_code:
        return []
    return list(_table().children.get(code, ()))


def ancestors(code: str) -> list[Division]:
    """The divisions above ``code``, province first; empty for provinces and unknown codes."""
    table = _table()
    division = table.by_code.get(code)
    chain: list[Division] = []
    while division is not None and division.parent_code is not None:
        division = table.by_code[division.parent_code]
        chain.append(division)
    chain.reverse()
    return chain


def display_name(code: str) -> str:
    """The full name for display: "广东省 深圳市 南山区", "北京市 朝阳区", "湖北省 仙桃市".

    An unknown code (e.g. a division abolished after the record was saved) displays as the
    bare code, so old records stay readable.
    """
    division = get_division(code)
    if division is None:
        return code
    return " ".join(item.name for item in [*ancestors(code), division])


def is_within(code: str, ancestor_code: str) -> bool:
    """``code`` is ``ancestor_code`` itself or lies below it (both must be known)."""
    if get_division(code) is None or get_division(ancestor_code) is None:
        return False
    return code == ancestor_code or any(item.code == ancestor_code for item in ancestors(code))


def code_prefix(code: str) -> str:
    """The prefix shared by the codes of ``code`` and everything below it.

    ``"440000"`` → ``"44"``, ``"440300"`` → ``"4403"``, ``"440305"`` → ``"440305"``; use it for
    "all of a province" filters (``division_code__startswith``).
    """
    if not is_well_formed(code):
        raise ValueError(f"not a division code: {code!r}")
    return code[: {PROVINCE: 2, CITY: 4, DISTRICT: 6}[level_of(code)]]


def is_specific_enough(division: Division, min_level: int) -> bool:
    """``division`` satisfies ``min_level`` wherever the hierarchy allows it.

    A division of a coarser level still counts when nothing finer than it exists at that
    level: a municipality (北京市) counts as a city, and a city without districts (东莞市)
    or a county-level division counts as a district.
    """
    if division.level >= min_level:
        return True
    return all(child.level > min_level for child in children(division.code))


def validate_division(code: str, *, field: str = "division", min_level: int = 1) -> Division:
    """The division for ``code``, or a ``DomainError`` for ``field``.

    ``division_invalid``: not a known division (placeholders such as ``110100`` included);
    ``division_too_coarse``: a coarser division than ``min_level`` (2 city, 3 district)
    where a finer one can be chosen.
    """
    if min_level not in (PROVINCE, CITY, DISTRICT):
        raise ValueError(f"min_level must be 1, 2 or 3, not {min_level!r}")
    division = get_division(code)
    if division is None:
        message = _("Choose a valid administrative division.")
        raise DomainError("division_invalid", message, fields={field: message})
    if not is_specific_enough(division, min_level):
        message = _TOO_COARSE[min_level]
        raise DomainError("division_too_coarse", message, fields={field: message})
    return division

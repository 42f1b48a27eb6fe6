"""Industries: GB/T 4754-2017 国民经济行业分类 (with its 2019 amendment), sections and divisions.

Sections (门类) have a letter code ``A``–``T``, divisions (大类) a two-digit code ``01``–``97``
and belong to one section. Organisations store a division code; the names come from
``data/industries.json`` (see ``data/README.md``), loaded once per process.
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

DATA_FILE = Path(__file__).resolve().parent / "data" / "industries.json"


@dataclass(frozen=True)
class Industry:
    """A section (``code`` = ``section`` = a letter) or a division (two-digit ``code``).

    ``name`` is the official Chinese title; ``name_en`` is set for sections only.
    """

    code: str
    name: str
    section: str
    name_en: str = ""

    @property
    def is_section(self) -> bool:
        return self.code == self.section


@dataclass(frozen=True)
class _Table:
    by_code: dict[str, Industry]
    sections: tuple[Industry, ...]
    divisions: tuple[Industry, ...]


@cache
def _table() -> _Table:
    document: dict[str, Any] = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    sections = tuple(
        Industry(code=letter, name=name, section=letter, name_en=name_en)
        for letter, name, name_en in document["sections"]
    )
    divisions = tuple(
        Industry(code=code, name=name, section=section)
        for code, name, section in document["divisions"]
    )
    return _Table(
        by_code={item.code: item for item in (*sections, *divisions)},
        sections=sections,
        divisions=divisions,
    )


def sections() -> list[Industry]:
    """The 20 sections, A to T."""
    return list(_table().sections)


def divisions(section: str | None = None) -> list[Industry]:
    """The 97 divisions by code, or those of one section (empty for an unknown letter)."""
    return [item for item in _table().divisions if section is None or item.section == section]


def get_industry(code: str) -> Industry | None:
    """The section (``"I"``) or division (``"65"``) with this code, or ``None``."""
    return _table().by_code.get(code) if isinstance(code, str) else None


def short_name(code: str) -> str:
    """The name alone ("软件和信息技术服务业"); empty for no or an unknown code."""
    industry = get_industry(code) if code else None
    return industry.name if industry else ""


def display_name(code: str) -> str:
    """The full name: "I 信息传输、软件和信息技术服务业 › 65 软件和信息技术服务业" for a
    division, the first half for a section, and the bare code when it is unknown."""
    industry = get_industry(code)
    if industry is None:
        return code
    section = _table().by_code[industry.section]
    label = f"{section.code} {section.name}"
    if industry.is_section:
        return label
    return f"{label} › {industry.code} {industry.name}"


def validate_industry(code: str, *, field: str = "industry") -> Industry:
    """The division for ``code``; sections and unknown codes raise ``industry_invalid``."""
    industry = get_industry(code)
    if industry is None or industry.is_section:
        message = _("Choose an industry from the list.")
        raise DomainError("industry_invalid", message, fields={field: message})
    return industry


def section_label(section: Industry) -> str:
    """The optgroup label "I 信息传输、软件和信息技术服务业", in English when English is active."""
    language = get_language() or ""
    if language.startswith("en") and section.name_en:
        return f"{section.code} {section.name_en}"
    return f"{section.code} {section.name}"


def grouped_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Divisions grouped by section for a Django ``ChoiceField`` (one optgroup per section)."""
    return [
        (
            section_label(section),
            [(item.code, f"{item.code} {item.name}") for item in divisions(section.code)],
        )
        for section in sections()
    ]

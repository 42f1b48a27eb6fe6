"""Template helpers of the resumes pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from rencai.core import divisions, occupations
from rencai.resumes.choices import EntryKind, Visibility

register = template.Library()


@register.filter
def section_label(kind: str) -> str:
    try:
        return str(EntryKind(kind).label)
    except ValueError:
        return kind


@register.filter
def division_name(code: str) -> str:
    return divisions.display_name(code) if code else ""


@register.filter
def occupation_name(code: str) -> str:
    return occupations.display_name(code) if code else ""


@register.filter
def visibility_badge(value: str) -> str:
    badges: dict[str, str] = {
        Visibility.HIDDEN.value: "badge-muted",
        Visibility.EMPLOYERS.value: "badge-info",
        Visibility.PUBLIC.value: "badge-success",
    }
    return badges.get(value, "badge-muted")


@register.filter
def completeness_badge(score: int) -> str:
    return "badge-success" if score >= 80 else "badge-warning" if score >= 50 else "badge-danger"


@register.filter
def rows(form: Any, kind: str) -> Any:
    """The (first, second) bound fields of each row of a ``SkillsForm`` section."""
    return form.rows(kind)


@register.filter
def period(entry: Any) -> str:
    """``2020.07 – 2023.06``, ``2023.07 – now``, or just ``2021.11`` for a certificate, from
    an entry or an entry dict of a resume card."""
    values = entry if isinstance(entry, dict) else vars(entry)
    start, end, kind = values.get("start"), values.get("end"), values.get("kind")
    if start is None:
        return end.strftime("%Y.%m") if end else ""
    if kind == EntryKind.CERTIFICATE:
        return str(start.strftime("%Y.%m"))
    until = end.strftime("%Y.%m") if end else str(_("now"))
    return f"{start:%Y.%m} – {until}"

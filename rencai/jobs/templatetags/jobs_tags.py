"""Display helpers of the job pages: pay ranges, status badges, locations, job categories,
and screening findings shown in the sentence they were found in."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import template
from django.utils.translation import gettext as _

from rencai.core import divisions, occupations
from rencai.jobs.choices import EventKind, PayPeriod, ReviewReason

register = template.Library()

_POSTING_BADGES = {
    "draft": "badge-muted",
    "in_review": "badge-info",
    "published": "badge-success",
    "paused": "badge-warning",
    "closed": "badge-muted",
    "expired": "badge-muted",
    "taken_down": "badge-danger",
}
_VERSION_BADGES = {
    "draft": "badge-muted",
    "pending": "badge-info",
    "approved": "badge-success",
    "rejected": "badge-danger",
    "withdrawn": "badge-muted",
}
_SEVERITY_BADGES = {"block": "badge-danger", "review": "badge-warning", "warn": "badge-info"}
SENTENCE_ENDS = "。！？!?；;\n"


def _period_text(period: str) -> str:
    texts: dict[str, str] = {
        PayPeriod.MONTH.value: _("yuan/month"),
        PayPeriod.DAY.value: _("yuan/day"),
        PayPeriod.HOUR.value: _("yuan/hour"),
        PayPeriod.PIECE.value: _("yuan/piece"),
    }
    return texts.get(str(period), "")


@register.filter
def pay_range(version: Any) -> str:
    """ "18,000–30,000 元/月 · 14 薪" (the unit and the months are translated)."""
    if version is None:
        return ""
    low, high = f"{version.pay_min:,}", f"{version.pay_max:,}"
    amount = low if version.pay_min == version.pay_max else f"{low}–{high}"
    text = f"{amount} {_period_text(version.pay_period)}"
    if version.pay_period == PayPeriod.MONTH and version.months_per_year > 12:
        text += " · " + _("{months} months' pay").format(months=version.months_per_year)
    return text


@register.filter
def posting_badge(status: str) -> str:
    return _POSTING_BADGES.get(str(status), "badge-muted")


@register.filter
def version_badge(status: str) -> str:
    return _VERSION_BADGES.get(str(status), "badge-muted")


@register.filter
def severity_badge(severity: str) -> str:
    return _SEVERITY_BADGES.get(str(severity), "badge-muted")


@register.filter
def severity_label(severity: str) -> str:
    labels = {
        "block": _("Not allowed"),
        "review": _("Needs a reason"),
        "warn": _("Check"),
    }
    return labels.get(str(severity), str(severity))


@register.filter
def verdict_label(verdict: str) -> str:
    labels = {
        "pass": _("No problems found"),
        "warn": _("Minor points to check"),
        "review": _("A reviewer will check some requirements"),
        "block": _("Cannot be published as written"),
    }
    return labels.get(str(verdict), "")


@register.filter
def event_label(kind: str) -> str:
    try:
        return str(EventKind(kind).label)
    except ValueError:
        return str(kind)


@register.filter
def reason_labels(reasons: Iterable[str]) -> list[str]:
    labels = []
    for reason in reasons or []:
        try:
            labels.append(str(ReviewReason(reason).label))
        except ValueError:
            labels.append(str(reason))
    return labels


@register.filter
def location_name(location: Mapping[str, str] | Any) -> str:
    """A stored location (dict or ``Location``) as "广东省 深圳市 南山区"."""
    code = location.get("division", "") if isinstance(location, Mapping) else location.division
    return divisions.display_name(code) if code else ""


@register.filter
def first_location(version: Any) -> str:
    if version is None or not version.locations:
        return ""
    return location_name(version.locations[0])


@register.filter
def occupation_name(code: str) -> str:
    return occupations.display_name(code) if code else ""


def _field_labels() -> dict[str, str]:
    return {
        "title": _("Job title"),
        "description": _("Job content"),
        "requirements": _("Requirements"),
        "environment": _("Working environment"),
        "occupational_hazards": _("Occupational hazards and protection"),
        "qa": _("Questions and answers"),
        "skills": _("Skills"),
    }


def highlight(text: str, start: int, end: int) -> dict[str, str]:
    """The sentence of ``text`` around ``start``…``end``, split into the part before the
    finding, the finding, and the part after (each escaped by the template)."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    begin = start
    while begin > 0 and text[begin - 1] not in SENTENCE_ENDS:
        begin -= 1
    finish = end
    while finish < len(text) and text[finish] not in SENTENCE_ENDS:
        finish += 1
    if finish < len(text) and text[finish] != "\n":
        finish += 1  # keep the full stop
    return {
        "before": text[begin:start].lstrip(),
        "match": text[start:end],
        "after": text[end:finish].rstrip(),
    }


def annotate(
    findings: Iterable[Mapping[str, Any]], texts: Mapping[str, str]
) -> list[dict[str, Any]]:
    """Findings with the field's label and the highlighted sentence (``texts`` holds the
    original text of each screened field)."""
    labels = _field_labels()
    rows = []
    for finding in findings:
        field = str(finding.get("field", ""))
        text = texts.get(field, "")
        row = dict(finding)
        row["field_label"] = labels.get(field, field)
        if text:
            row.update(highlight(text, int(finding.get("start", 0)), int(finding.get("end", 0))))
        else:
            row.update({"before": "", "match": str(finding.get("text", "")), "after": ""})
        rows.append(row)
    return rows


@register.simple_tag
def public_jobs_of(org: Any, limit: int = 20) -> list[Any]:
    """The organisation's public postings, newest first (for its company page)."""
    from rencai.jobs.queries import public_postings

    return list(public_postings().filter(organisation=org)[:limit])

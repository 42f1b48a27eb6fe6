"""Display helpers of the organisation pages: reference-data names, status badges,
reasons, masked phone numbers and day counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms, template
from django.utils import timezone

from rencai.core import divisions, industries
from rencai.core.masking import mask_phone
from rencai.core.timeutil import local_today
from rencai.orgs.choices import DecisionReason

register = template.Library()

_ORG_STATUS_BADGES = {
    "draft": "badge-muted",
    "pending": "badge-info",
    "more_info": "badge-warning",
    "verified": "badge-success",
    "rejected": "badge-danger",
}
_REQUEST_STATUS_BADGES = {
    "pending": "badge-info",
    "more_info": "badge-warning",
    "approved": "badge-success",
    "rejected": "badge-danger",
    "withdrawn": "badge-muted",
}


@register.filter
def division_name(code: str) -> str:
    """ "440305" → "广东省 深圳市 南山区" (the bare code if unknown)."""
    return divisions.display_name(code or "") if code else ""


@register.filter
def industry_name(code: str) -> str:
    """ "65" → "软件和信息技术服务业" (the bare code if unknown)."""
    industry = industries.get_industry(code or "")
    return industry.name if industry is not None else (code or "")


@register.filter
def industry_full_name(code: str) -> str:
    """ "65" → "I 信息传输、软件和信息技术服务业 › 65 软件和信息技术服务业"."""
    return industries.display_name(code) if code else ""


@register.filter
def org_status_badge(status: str) -> str:
    """The badge class of an organisation status."""
    return _ORG_STATUS_BADGES.get(str(status), "badge-muted")


@register.filter
def request_status_badge(status: str) -> str:
    """The badge class of a verification request status."""
    return _REQUEST_STATUS_BADGES.get(str(status), "badge-muted")


@register.filter
def reason_label(code: str) -> str:
    """A reviewer's reason code as its label (the code itself if no longer known)."""
    try:
        return str(DecisionReason(code).label)
    except ValueError:
        return str(code)


@register.filter
def masked_phone(phone: str) -> str:
    """``+8613812345678`` → ``138****5678``."""
    return mask_phone(str(phone)) if phone else ""


@register.filter
def days_until(value: dt.date | dt.datetime | None) -> int | None:
    """Whole days from today (local time) to ``value``; negative once it has passed."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return (value - local_today()).days


@register.filter
def missing_steps(steps: list[Any]) -> list[Any]:
    """The set-up steps still to do (the final "review and submit" step is not one)."""
    return [step for step in steps if not step.done and step.key != "submit"]


@register.filter
def iso_date_inputs(form: forms.Form) -> forms.Form:
    """``form`` with its ``<input type="date">`` widgets rendering ISO dates.

    A browser date input accepts only ``YYYY-MM-DD``; Django's ``DateInput`` formats with the
    active locale's first input format, which for zh-hans is ``%Y/%m/%d``, so the saved
    dates of a form would show as empty. ``form.fields`` belongs to this form instance."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.DateInput) and widget.input_type == "date":
            widget.format = "%Y-%m-%d"
    return form

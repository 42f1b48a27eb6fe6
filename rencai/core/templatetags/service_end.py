"""The service-end banner on every page (LIC-03) and the compliance calendar's card on the
operator dashboard (LIC-03, LIC-04)."""

from __future__ import annotations

from typing import Any

from django import template

from rencai.accounts.models import User
from rencai.core import permissions
from rencai.core.compliance import banner_notice

register = template.Library()


@register.inclusion_tag("core/compliance/_service_end_banner.html", takes_context=True)
def service_end_banner(context: template.Context) -> dict[str, Any]:
    """The announced end of service, shown to everyone until the end date (cached: no
    query while the cache is warm).

    Django's error pages (404 and 403 with an ``exception``, 500 without a request) are
    rendered without it: they must not depend on the database, which may be why they are
    shown."""
    if context.get("request") is None or "exception" in context:
        return {"service_end": None}
    return {"service_end": banner_notice()}


@register.simple_tag
def active_service_end() -> Any:
    """The same notice for a page that shows it in full (the licences page)."""
    return banner_notice()


@register.inclusion_tag("core/compliance/_ops_card.html")
def compliance_ops_card(user: User) -> dict[str, Any]:
    """Nothing for users who may not see the calendar; else the service-end status and
    the open and overdue registration-change reports."""
    if not permissions.can_view_compliance_calendar(user):
        return {"show": False}
    from rencai.core.compliance import overdue_changes, registration_changes

    return {
        "show": True,
        "service_end": banner_notice(),
        "open_changes": registration_changes("open").count(),
        "overdue_changes": overdue_changes().count(),
    }

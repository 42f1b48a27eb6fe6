"""Operator dashboard card of privacy governance (GOV-04, SEC-03, RET-01…RET-07) and the
tabs between its pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rencai.accounts.models import User
from rencai.privacy import permissions

register = template.Library()


@register.inclusion_tag("privacy/_ops_governance_cards.html")
def governance_ops_cards(user: User) -> dict[str, Any]:
    """Nothing for users without a governance duty; else the self-inspection status, open
    findings past their due date, the last retention run and exports awaiting approval."""
    if not permissions.can_view_governance(user):
        return {"show": False}
    from rencai.privacy.governance import (
        missing_self_inspection,
        overdue_findings,
        pending_bulk_exports,
    )
    from rencai.privacy.models import RetentionRun

    return {
        "show": True,
        "can_inspections": permissions.can_view_self_inspections(user),
        "can_retention": permissions.can_view_retention(user),
        "can_exports": permissions.can_view_bulk_exports(user),
        "can_pi_access": permissions.can_view_pi_access_log(user),
        "missing_year": missing_self_inspection(),
        "overdue_findings": overdue_findings().count(),
        "last_run": RetentionRun.objects.filter(dry_run=False).first(),
        "pending_exports": pending_bulk_exports().count(),
    }


@register.simple_tag
def governance_links(request: HttpRequest) -> list[tuple[str, Any, bool]]:
    """(url, label, current) of the governance pages the user may open."""
    user = request.user
    if not isinstance(user, User):
        return []
    pages = [
        ("privacy:ops_retention", _("Retention"), permissions.can_view_retention(user)),
        (
            "privacy:ops_self_inspections",
            _("Self-inspections"),
            permissions.can_view_self_inspections(user),
        ),
        ("privacy:ops_bulk_exports", _("Bulk exports"), permissions.can_view_bulk_exports(user)),
        ("privacy:ops_pi_access", _("Staff access"), permissions.can_view_pi_access_log(user)),
    ]
    current = request.path
    links = []
    for name, label, allowed in pages:
        if allowed:
            url = reverse(name)
            links.append((url, label, current.startswith(url)))
    return links

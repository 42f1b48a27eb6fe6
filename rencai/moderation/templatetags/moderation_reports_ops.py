"""Operator dashboard card of the report queue: open and overdue cases (CMP-01)."""

from __future__ import annotations

from typing import Any

from django import template

from rencai.accounts.models import User
from rencai.moderation.permissions import can_view_reports
from rencai.moderation.report_queries import queue_counts

register = template.Library()


@register.inclusion_tag("moderation/reports/_ops_card.html")
def reports_ops_card(user: User) -> dict[str, Any]:
    """Nothing for people who may not see the queue."""
    if not user.is_authenticated or not can_view_reports(user):
        return {"show": False}
    return {"show": True, "counts": queue_counts()}

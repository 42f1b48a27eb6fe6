"""Operator dashboard card of rights requests: open and overdue counts (PI-18)."""

from __future__ import annotations

from typing import Any

from django import template

from rencai.accounts.models import User
from rencai.privacy.permissions import can_view_rights_requests
from rencai.privacy.request_queries import queue_counts

register = template.Library()


@register.inclusion_tag("privacy/_ops_requests_card.html")
def requests_ops_card(user: User) -> dict[str, Any]:
    """Nothing for people who may not see the queue."""
    if not user.is_authenticated or not can_view_rights_requests(user):
        return {"show": False}
    return {"show": True, "counts": queue_counts()}

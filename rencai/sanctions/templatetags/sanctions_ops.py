"""Operator dashboard card of sanctions: in force, appeals waiting, reports to submit."""

from __future__ import annotations

from typing import Any

from django import template

from rencai.accounts.models import User
from rencai.sanctions.permissions import can_view_sanctions
from rencai.sanctions.queries import dashboard_counts

register = template.Library()


@register.inclusion_tag("sanctions/_ops_card.html")
def sanctions_ops_card(user: User) -> dict[str, Any]:
    """Nothing for people who may not see sanctions."""
    if not user.is_authenticated or not can_view_sanctions(user):
        return {"show": False}
    return {"show": True, "counts": dashboard_counts(user)}

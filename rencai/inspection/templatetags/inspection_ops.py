"""Operator dashboard card of the regulator's inspection: how often the regulator looked,
with a link to the access log (auditors and security administrators)."""

from __future__ import annotations

from typing import Any

from django import template

from rencai.accounts.models import User
from rencai.inspection.permissions import can_view_access_log
from rencai.inspection.queries import recent_access_count

register = template.Library()


@register.inclusion_tag("inspection/_ops_card.html")
def inspection_ops_card(user: User) -> dict[str, Any]:
    """Nothing for people who may not read the access log."""
    if not user.is_authenticated or not can_view_access_log(user):
        return {"show": False}
    return {"show": True, "recent": recent_access_count(user)}

"""Operator dashboard card(s) of the audit app: the restricted archive (RET-01)."""

from __future__ import annotations

from typing import Any

from django import template

from rencai.accounts.models import User
from rencai.audit import archive
from rencai.audit.permissions import can_view_archive

register = template.Library()


@register.inclusion_tag("audit/_ops_archive_card.html")
def archive_ops_card(user: User) -> dict[str, Any]:
    """Nothing for users without the permission; else the record count, active holds and
    the last verification (a warning when it failed or never ran)."""
    if not can_view_archive(user):
        return {"show": False}
    counts = archive.category_counts()
    return {
        "show": True,
        "total": sum(c.total for c in counts),
        "holds": archive.active_holds().count(),
        "last": archive.last_verification(),
    }

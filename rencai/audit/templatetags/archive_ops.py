"""Operator dashboard card(s) of the audit app."""

from __future__ import annotations

from typing import Any

from django import template

from rencai.accounts.models import User

register = template.Library()


@register.inclusion_tag("audit/_ops_archive_card.html")
def archive_ops_card(user: User) -> dict[str, Any]:
    return {"user": user}

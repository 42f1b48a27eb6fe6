"""Operator dashboard card(s) of the privacy app."""

from __future__ import annotations

from typing import Any

from django import template

from rencai.accounts.models import User

register = template.Library()


@register.inclusion_tag("privacy/_ops_requests_card.html")
def requests_ops_card(user: User) -> dict[str, Any]:
    return {"user": user}

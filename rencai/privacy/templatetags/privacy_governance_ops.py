"""Operator dashboard card(s) of the privacy app."""

from __future__ import annotations

from typing import Any

from django import template

from rencai.accounts.models import User

register = template.Library()


@register.inclusion_tag("privacy/_ops_governance_cards.html")
def governance_ops_cards(user: User) -> dict[str, Any]:
    return {"user": user}

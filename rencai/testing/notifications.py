"""Test-data builders for notifications: preferences and marketing consents."""

from __future__ import annotations

from rencai.accounts.models import User
from rencai.core.actors import Actor, Channel
from rencai.notifications.actions import set_preferences


def choose(user: User, category: str, **channels: bool) -> None:
    """``user`` chooses ``channels`` (site/email/sms) for ``category``, through the action."""
    set_preferences(user, {category: dict(channels)}, actor=Actor(user, channel=Channel.WEB))


def grant_marketing(user: User, *, email: bool = False, sms: bool = False) -> None:
    """``user`` consents to promotional e-mails and/or SMS (ledger entries, PI-11)."""
    wanted = {name: True for name, on in (("email", email), ("sms", sms)) if on}
    choose(user, "marketing", **wanted)

"""Reading the sandbox e-mail outbox (tests, browser tests, ``email_outbox``)."""

from __future__ import annotations

from rencai.providers.email.base import address_index_candidates, normalise_address
from rencai.providers.models import SandboxEmailMessage
from rencai.testing.sms import CODE


def latest_email(to: str) -> SandboxEmailMessage | None:
    """The newest sandbox e-mail sent to ``to`` (any letter case)."""
    indexes = address_index_candidates(normalise_address(to))
    return (
        SandboxEmailMessage.objects.filter(address_index__in=indexes)
        .order_by("-created_at")
        .first()
    )


def latest_code(to: str) -> str | None:
    """The 6-digit code in the newest sandbox e-mail to ``to``, or None if there is none."""
    message = latest_email(to)
    if message is None:
        return None
    match = CODE.search(message.text)
    return match.group(1) if match else None

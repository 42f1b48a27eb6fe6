"""Reading codes from the sandbox SMS outbox (tests, browser tests, ``sms_outbox``)."""

from __future__ import annotations

import re

from rencai.core.phones import normalise_mobile, phone_index_candidates
from rencai.providers.models import SandboxSmsMessage

CODE = re.compile(r"(?<!\d)(\d{6})(?!\d)")


def latest_message(phone: str) -> SandboxSmsMessage | None:
    """The newest sandbox message sent to ``phone``."""
    indexes = phone_index_candidates(normalise_mobile(phone))
    return SandboxSmsMessage.objects.filter(phone_index__in=indexes).order_by("-created_at").first()


def latest_code(phone: str) -> str:
    """The 6-digit code in the newest sandbox message to ``phone`` (AssertionError if none)."""
    message = latest_message(phone)
    assert message is not None, f"no sandbox SMS for {phone}"
    match = CODE.search(message.text)
    assert match is not None, f"no code in: {message.text}"
    return match.group(1)

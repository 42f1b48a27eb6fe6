"""The SMS interface every gateway backend implements."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class SmsMessage:
    """One text message: E.164 number, template code and parameters, and the rendered text.

    Real gateways in China send registered templates with parameters; ``text`` is what the
    recipient reads (the sandbox keeps it; real backends send ``template`` + ``params``).
    """

    phone: str
    template: str
    text: str
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SmsReceipt:
    """The gateway's reference for a sent message."""

    provider: str
    reference: str


class SmsDeliveryError(Exception):
    """The gateway refused or could not be reached."""


class SmsProvider(Protocol):
    """Send one message or raise ``SmsDeliveryError``."""

    name: str

    def send(self, message: SmsMessage) -> SmsReceipt: ...

"""The e-mail interface every delivery backend implements."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from rencai.core import crypto

ADDRESS_INDEX_CONTEXT = "email"


@dataclass(frozen=True)
class EmailMessage:
    """One plain-text e-mail to one address."""

    to: str
    subject: str
    text: str
    # Extra headers a sender may set (see ALLOWED_HEADERS), e.g. RFC 8058 one-click
    # unsubscribe on alert e-mails.
    headers: tuple[tuple[str, str], ...] = ()


ALLOWED_HEADERS = frozenset({"List-Unsubscribe", "List-Unsubscribe-Post"})


@dataclass(frozen=True)
class EmailReceipt:
    """The backend's reference for a sent message."""

    provider: str
    reference: str


class EmailDeliveryError(Exception):
    """The mail server refused the message or could not be reached."""


class EmailProvider(Protocol):
    """Send one message or raise ``EmailDeliveryError``."""

    name: str

    def send(self, message: EmailMessage) -> EmailReceipt: ...


def normalise_address(address: str) -> str:
    """The form an address is stored and indexed in (trimmed, lower case)."""
    return address.strip().lower()


def address_index(address: str) -> str:
    """Blind index of a normalised address (exact lookups in encrypted columns)."""
    return crypto.blind_index(address, context=ADDRESS_INDEX_CONTEXT)


def address_index_candidates(address: str) -> list[str]:
    """Blind indexes under every configured key (lookups during key rotation)."""
    return crypto.blind_index_candidates(address, context=ADDRESS_INDEX_CONTEXT)

"""Mainland China mobile numbers, validated with ``phonenumbers`` and normalised to E.164."""

from __future__ import annotations

import phonenumbers
from django.utils.translation import gettext_lazy as _

from rencai.core import crypto
from rencai.core.errors import DomainError

_MOBILE_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}


def normalise_mobile(value: str, *, field: str = "phone") -> str:
    """Return ``+86…`` for a valid mainland mobile number or raise ``phone_invalid``.

    Accepts ``13800138000``, ``138 0013 8000``, ``+86 138-0013-8000`` and ``8613800138000``.
    """
    raw = "".join(char for char in value if char.isdigit() or char == "+")
    if raw.startswith("86") and len(raw) == 13:
        raw = "+" + raw
    message = _("Please enter a valid mainland China mobile number (11 digits starting with 1).")
    try:
        parsed = phonenumbers.parse(raw, "CN")
    except phonenumbers.NumberParseException as exc:
        raise DomainError("phone_invalid", message, fields={field: message}) from exc
    if (
        parsed.country_code != 86
        or not phonenumbers.is_valid_number(parsed)
        or phonenumbers.number_type(parsed) not in _MOBILE_TYPES
    ):
        raise DomainError("phone_invalid", message, fields={field: message})
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def national_digits(e164: str) -> str:
    """The 11-digit national form of a normalised mainland number."""
    return e164.removeprefix("+86")


PHONE_INDEX_CONTEXT = "phone"


def phone_index(e164: str) -> str:
    """Blind index of a normalised number, shared by every table that stores phones."""
    return crypto.blind_index(e164, context=PHONE_INDEX_CONTEXT)


def phone_index_candidates(e164: str) -> list[str]:
    """Blind indexes under every configured key (lookups during key rotation)."""
    return crypto.blind_index_candidates(e164, context=PHONE_INDEX_CONTEXT)

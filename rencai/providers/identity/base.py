"""The real-name verification interface (name + ID number against the national registry)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class IdentityStatus:
    MATCH = "match"  # the name and number belong together
    MISMATCH = "mismatch"  # the number exists but the name differs
    NOT_FOUND = "not_found"  # no such number in the registry


@dataclass(frozen=True)
class IdentityResult:
    """The registry's answer and the vendor's reference for the check."""

    status: str
    reference: str


class IdentityServiceError(Exception):
    """The verification service could not answer (try again later)."""


class IdentityProvider(Protocol):
    name: str

    def verify(self, *, name: str, id_number: str) -> IdentityResult: ...

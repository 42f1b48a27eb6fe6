"""Offline real-name backend with deterministic answers (documented in docs/providers.md)."""

from __future__ import annotations

import hashlib

from rencai.providers.identity.base import IdentityResult, IdentityServiceError, IdentityStatus

# Documented test identities that do not verify.
SANDBOX_MISMATCH_NAME_PREFIX = "假"  # any name starting with 假 → mismatch
SANDBOX_NOT_FOUND_IDS = frozenset({"412723199010050012"})
SANDBOX_UNAVAILABLE_IDS = frozenset({"110102199101010078"})


class SandboxIdentityProvider:
    """Answers ``match`` for every well-formed number except the documented test identities.

    The caller has already validated the number's structure (rencai.core.identifiers).
    """

    name = "sandbox"

    def verify(self, *, name: str, id_number: str) -> IdentityResult:
        if id_number in SANDBOX_UNAVAILABLE_IDS:
            raise IdentityServiceError("sandbox: simulated registry outage")
        reference = "sbx-" + hashlib.sha256(f"{name}|{id_number}".encode()).hexdigest()[:16]
        if id_number in SANDBOX_NOT_FOUND_IDS:
            return IdentityResult(IdentityStatus.NOT_FOUND, reference)
        if name.startswith(SANDBOX_MISMATCH_NAME_PREFIX):
            return IdentityResult(IdentityStatus.MISMATCH, reference)
        return IdentityResult(IdentityStatus.MATCH, reference)

"""Offline virtual-number backend: deterministic numbers from a reserved test range.

Numbers are ``+86 170 0000 xxxx``, the last four digits derived from the two parties and
the expiry time, so the same request gives the same number (tests and demos can predict
it). The mapping lives in Django's cache until it expires or is released; ``resolve``
answers "who does this number connect?" as a real gateway would when a call comes in.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.cache import cache
from django.utils import timezone

from rencai.providers.virtual_number.base import Allocation

# The sandbox's reserved range: 10,000 numbers that it never hands to a real gateway.
SANDBOX_PREFIX = "+86170000"
_KEY = "vn-sandbox:{}"


class SandboxVirtualNumberProvider:
    """Keeps ``reference → (number, party_a, party_b)`` in the cache with the TTL."""

    name = "sandbox"

    def allocate(self, party_a: str, party_b: str, ttl: dt.timedelta) -> Allocation:
        expires_at = (timezone.now() + ttl).replace(microsecond=0)
        seed = f"{party_a}|{party_b}|{expires_at.isoformat()}".encode()
        digest = hashlib.sha256(seed).hexdigest()
        reference = f"sbx-{digest[:24]}"
        number = f"{SANDBOX_PREFIX}{int(digest[24:32], 16) % 10000:04d}"
        cache.set(
            _KEY.format(reference),
            {"number": number, "a": party_a, "b": party_b},
            timeout=max(1, int(ttl.total_seconds())),
        )
        return Allocation(self.name, number, reference, expires_at)

    def release(self, reference: str) -> None:
        cache.delete(_KEY.format(reference))

    def resolve(self, reference: str) -> tuple[str, str, str] | None:
        """(number, party_a, party_b) while the mapping lives, else None."""
        found = cache.get(_KEY.format(reference))
        if not isinstance(found, dict):
            return None
        return str(found["number"]), str(found["a"]), str(found["b"])

"""The virtual-number interface (PI-07): a temporary number that connects two parties.

An organisation calls the number instead of the seeker's real one; the gateway forwards
the call while the mapping lives (the usual "AXB" privacy-number service of Chinese
carriers). Neither party learns the other's number from the platform.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Allocation:
    """A mapped number: dial ``number`` until ``expires_at``; ``reference`` releases it."""

    provider: str
    number: str
    reference: str
    expires_at: dt.datetime


class VirtualNumberError(Exception):
    """The gateway refused or could not be reached."""


class VirtualNumberProvider(Protocol):
    """Map a temporary number to two parties (E.164 phone numbers) for ``ttl``, or end the
    mapping early. ``release`` of an unknown or expired reference does nothing."""

    name: str

    def allocate(self, party_a: str, party_b: str, ttl: dt.timedelta) -> Allocation: ...

    def release(self, reference: str) -> None: ...

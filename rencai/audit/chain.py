"""Hashing rules of the audit chain, shared by the writer and the verifier."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

GENESIS_HASH = "0" * 64
# The columns the hash covers, besides the previous hash.
HASHED_FIELDS = (
    "seq",
    "occurred_at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "ip",
    "request_id",
    "channel",
    "before",
    "after",
)


def canonical_json(value: Any) -> str:
    """Deterministic JSON: sorted keys, no whitespace, UTF-8 text, non-JSON types as str."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def normalise_payload(value: Any) -> Any:
    """The value exactly as it will read back from a JSON column."""
    if value is None:
        return None
    return json.loads(canonical_json(value))


def event_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    """SHA-256 over the previous hash and every hashed column of the event.

    ``fields`` maps each name in ``HASHED_FIELDS`` to its stored value; the time is hashed
    in UTC with microseconds and ids as strings, so values read back from either database
    hash the same as the values written.
    """
    values = {name: fields[name] for name in HASHED_FIELDS}
    values["occurred_at"] = (
        values["occurred_at"].astimezone(dt.UTC).isoformat(timespec="microseconds")
    )
    values["actor_id"] = str(values["actor_id"]) if values["actor_id"] else None
    body = canonical_json(values)
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()

"""Hashing rules of the audit chain, shared by the writer and the verifier."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

GENESIS_HASH = "0" * 64


def canonical_json(value: Any) -> str:
    """Deterministic JSON: sorted keys, no whitespace, UTF-8 text, non-JSON types as str."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def normalise_payload(value: Any) -> Any:
    """The value exactly as it will read back from a JSON column."""
    if value is None:
        return None
    return json.loads(canonical_json(value))


def event_hash(
    *,
    prev_hash: str,
    seq: int,
    occurred_at: dt.datetime,
    actor_id: str | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    ip: str | None,
    request_id: str,
    channel: str,
    before: Any,
    after: Any,
) -> str:
    """SHA-256 over the previous hash and every column of the event."""
    body = canonical_json(
        {
            "seq": seq,
            "at": occurred_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            "actor_id": actor_id,
            "actor_label": actor_label,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "ip": ip,
            "request_id": request_id,
            "channel": channel,
            "before": before,
            "after": after,
        }
    )
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()

"""Integrity check of the audit chain (used by ``verify_audit_chain`` and the auditor page)."""

from __future__ import annotations

from dataclasses import dataclass

from rencai.audit.chain import GENESIS_HASH, HASHED_FIELDS, event_hash
from rencai.audit.models import AuditChainHead, AuditEvent


@dataclass(frozen=True)
class ChainReport:
    """Outcome of a verification: ``ok`` and, if not, where and what broke first."""

    ok: bool
    checked: int
    broken_at: int | None = None
    problem: str = ""


def verify_chain(batch_size: int = 2000) -> ChainReport:
    """Recompute every hash in sequence order and compare with the stored chain and head."""
    expected_prev, expected_seq, checked = GENESIS_HASH, 1, 0
    rows = AuditEvent.objects.order_by("seq").iterator(chunk_size=batch_size)
    for event in rows:
        if event.seq != expected_seq:
            return ChainReport(False, checked, expected_seq, "missing event (deleted row)")
        if event.prev_hash != expected_prev:
            return ChainReport(False, checked, event.seq, "previous-hash link broken")
        recomputed = event_hash(
            event.prev_hash, {name: getattr(event, name) for name in HASHED_FIELDS}
        )
        if recomputed != event.hash:
            return ChainReport(False, checked, event.seq, "content changed (hash mismatch)")
        expected_prev, expected_seq, checked = event.hash, event.seq + 1, checked + 1
    head = AuditChainHead.objects.filter(id=1).first()
    head_seq, head_hash = (head.last_seq, head.last_hash) if head else (0, GENESIS_HASH)
    if head_seq != checked or head_hash != expected_prev:
        return ChainReport(False, checked, checked + 1, "chain head does not match the last event")
    return ChainReport(True, checked)

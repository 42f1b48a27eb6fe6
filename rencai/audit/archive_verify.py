"""Integrity check of the restricted archive (RET-01): ``manage.py verify_archive``, the
archive page and API, and the regulator's pages all call :func:`verify_archive`."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rencai.audit.actions import record_event
from rencai.audit.archive import (
    ARCHIVE_HASHED_FIELDS,
    VERIFIED_ACTION,
    archive_hash,
    payload_digest,
)
from rencai.audit.chain import GENESIS_HASH
from rencai.audit.models import ArchiveChainHead, ArchiveRecord
from rencai.core.actors import Actor

# Stable problem codes (pages translate them; tests assert them).
DELETED = "deleted_row"
REORDERED = "link_broken"
ROW_CHANGED = "row_changed"
PAYLOAD_CHANGED = "payload_changed"
PAYLOAD_REMOVED = "payload_removed"
HEAD_MISMATCH = "head_mismatch"

PROBLEM_LABELS: dict[str, Promise] = {
    DELETED: _("a record is missing (deleted row)"),
    REORDERED: _("the link to the previous record is broken (reordered or inserted row)"),
    ROW_CHANGED: _("a record was changed (hash mismatch)"),
    PAYLOAD_CHANGED: _("archived content was changed (content hash mismatch)"),
    PAYLOAD_REMOVED: _("archived content was removed outside the purge at expiry"),
    HEAD_MISMATCH: _("the chain head does not match the last record"),
}


@dataclass(frozen=True)
class ArchiveReport:
    """Outcome of a verification: ``ok`` and, if not, where and what broke first.
    ``purged`` counts rows whose payload was purged at expiry (their hashes still check)."""

    ok: bool
    checked: int
    broken_at: int | None = None
    problem: str = ""
    purged: int = 0


def verify_archive(batch_size: int = 2000) -> ArchiveReport:
    """Walk the archive in sequence order and report the first of: a gap in ``seq`` (a
    deleted row), a previous-hash link that does not match (reordering or an inserted
    row), a row hash that does not recompute (a changed column), a payload whose hash is
    not ``payload_hash`` (a changed payload), a payload gone without ``purged_at`` (removed
    outside the purge), or a chain head that does not match the last row."""
    expected_prev, expected_seq, checked, purged = GENESIS_HASH, 1, 0, 0
    rows = ArchiveRecord.objects.order_by("seq").iterator(chunk_size=batch_size)
    for row in rows:
        if row.seq != expected_seq:
            return ArchiveReport(False, checked, expected_seq, DELETED, purged)
        if row.prev_hash != expected_prev:
            return ArchiveReport(False, checked, row.seq, REORDERED, purged)
        fields = {name: getattr(row, name) for name in ARCHIVE_HASHED_FIELDS}
        if archive_hash(row.prev_hash, fields) != row.hash:
            return ArchiveReport(False, checked, row.seq, ROW_CHANGED, purged)
        if row.payload is not None:
            if payload_digest(row.payload) != row.payload_hash:
                return ArchiveReport(False, checked, row.seq, PAYLOAD_CHANGED, purged)
        elif row.purged_at is None:
            return ArchiveReport(False, checked, row.seq, PAYLOAD_REMOVED, purged)
        else:
            purged += 1
        expected_prev, expected_seq, checked = row.hash, row.seq + 1, checked + 1
    head = ArchiveChainHead.objects.filter(id=1).first()
    head_seq, head_hash = (head.last_seq, head.last_hash) if head else (0, GENESIS_HASH)
    if head_seq != checked or head_hash != expected_prev:
        return ArchiveReport(False, checked, checked + 1, HEAD_MISMATCH, purged)
    return ArchiveReport(True, checked, purged=purged)


def run_verification(*, actor: Actor, batch_size: int = 2000) -> ArchiveReport:
    """Verify and keep the result in the audit trail (the archive page shows the last one)."""
    report = verify_archive(batch_size)
    with transaction.atomic():
        record_event(
            actor,
            VERIFIED_ACTION,
            object_type="audit.ArchiveRecord",
            after={
                "ok": report.ok,
                "checked": report.checked,
                "broken_at": report.broken_at,
                "problem": report.problem,
                "purged": report.purged,
            },
        )
    return report

"""Writes of the inspection: the access log (REG-02) and the archive check the regulator
runs. Everything else in this app only reads."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction

from rencai.audit.actions import record_event
from rencai.audit.archive_verify import ArchiveReport, run_verification
from rencai.core.actors import Actor
from rencai.inspection.choices import AccessKind
from rencai.inspection.models import InspectionAccess

ACCESS_ACTION = "inspection.accessed"


def record_access(
    *,
    actor: Actor,
    kind: AccessKind,
    dataset: str = "",
    object_id: str = "",
    filters: Mapping[str, str] | None = None,
    row_count: int = 0,
    export_format: str = "",
) -> InspectionAccess:
    """Log one access of the regulator (who, what, filters, rows, format) with its audit
    event in the same transaction."""
    assert actor.user is not None
    with transaction.atomic():
        access = InspectionAccess.objects.create(
            user=actor.user,
            kind=kind,
            dataset=dataset,
            object_id=object_id,
            filters=dict(filters or {}),
            row_count=row_count,
            export_format=export_format,
            channel=actor.channel,
        )
        record_event(
            actor,
            ACCESS_ACTION,
            access,
            after={
                "kind": kind,
                "dataset": dataset,
                "object_id": object_id,
                "filters": access.filters,
                "row_count": row_count,
                "export_format": export_format,
            },
        )
    return access


def verify_retention_archive(*, actor: Actor) -> ArchiveReport:
    """The regulator's on-demand integrity check of the retention archive (RET-01): the
    result is kept in the audit trail (``audit.archive_verified``) and the access logged."""
    with transaction.atomic():
        report = run_verification(actor=actor)
        record_access(
            actor=actor,
            kind=AccessKind.ARCHIVE_VERIFY,
            dataset="archive_verifications",
            row_count=report.checked,
        )
    return report

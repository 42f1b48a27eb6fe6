"""Reads of copies of one's data (PI-12, PI-13): a person sees only their own exports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from rencai.core.errors import not_found
from rencai.core.models import Id
from rencai.privacy.catalogue import entry_for
from rencai.privacy.choices import ExportStatus
from rencai.privacy.export import ENTRY_STEP_PREFIX, STEP_FILES, STEP_PDF, STEP_ZIP
from rencai.privacy.models import DataExport

if TYPE_CHECKING:
    from rencai.accounts.models import User

ACTIVE_STATUSES = frozenset({ExportStatus.QUEUED, ExportStatus.BUILDING})


def exports_of(user: User) -> QuerySet[DataExport]:
    """``user``'s own exports, newest first."""
    return DataExport.objects.filter(user=user).select_related("file").order_by("-created_at")


def export_of(user: User, export_id: Id) -> DataExport:
    """One of ``user``'s exports; ``not_found`` for anyone else's or a malformed id."""
    try:
        export = exports_of(user).filter(pk=export_id).first()
    except (ValueError, TypeError) as exc:  # not a UUID
        raise not_found() from exc
    if export is None:
        raise not_found()
    return export


def is_active(export: DataExport) -> bool:
    """Queued or being built: the status fragment keeps polling."""
    return export.status in ACTIVE_STATUSES


def step_label(step: str) -> str:
    """What the build is doing, for people (the row stores a stable step key)."""
    if step.startswith(ENTRY_STEP_PREFIX):
        entry = entry_for(step.removeprefix(ENTRY_STEP_PREFIX))
        if entry is not None:
            return _("Collected: %(what)s") % {"what": entry.label}
    labels = {
        "queued": _("Waiting to start"),
        STEP_FILES: _("Collecting your files"),
        STEP_PDF: _("Writing the PDF"),
        STEP_ZIP: _("Packing the archive"),
        "ready": _("Ready"),
        "failed": _("Failed"),
        "expired": _("Expired"),
    }
    return labels.get(step, "")

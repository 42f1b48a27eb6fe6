"""Writes of copies of one's data (PI-12) and portability packages (PI-13).

``request_export`` queues a build (one running build per person); the Huey task
``build_export_task`` calls ``build_export``, which reports progress on the row, stores
the ZIP archive privately, and marks the export ready for ``PRIVACY_EXPORT_DAYS`` days
(or failed with an error code — never a server error). ``expire_exports`` deletes the
archives after that (daily task). A portability package is fetched by the processor the
person named with a token shown once (``issue_recipient_token``; only its SHA-256 is kept).
Every step is audited.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from rencai.audit.actions import record_event
from rencai.core.actors import Actor, system_actor
from rencai.core.errors import DomainError
from rencai.core.models import Id
from rencai.files.actions import private_storage, store_bytes
from rencai.files.choices import FileKind
from rencai.files.models import StoredFile
from rencai.privacy import export_notices
from rencai.privacy.choices import ExportAudience, ExportStatus
from rencai.privacy.errors import ExportErrorCode
from rencai.privacy.export import EXPORT_FILE_PURPOSE, EXPORT_LANGUAGE, build_archive
from rencai.privacy.models import DataExport, RightsRequest

if TYPE_CHECKING:
    from rencai.accounts.models import User

logger = logging.getLogger(__name__)

RUNNING_STATUSES = (ExportStatus.QUEUED, ExportStatus.BUILDING)
# A build that made no progress for this long died with its worker: it no longer blocks a
# new request, and the daily job marks it failed.
STALE_AFTER = dt.timedelta(hours=1)
# Archives are built by the server, so they are not bound by the upload limit.
EXPORT_MAX_BYTES = 1024 * 1024 * 1024
STEP_QUEUED = "queued"
STEP_READY = "ready"
STEP_FAILED = "failed"
STEP_EXPIRED = "expired"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def archive_name(export: DataExport) -> str:
    stamp = timezone.localtime(export.created_at).strftime("%Y%m%d-%H%M")
    prefix = "rencai-transfer" if export.audience == ExportAudience.RECIPIENT else "rencai-my-data"
    return f"{prefix}-{stamp}.zip"


def _is_stale(export: DataExport, now: dt.datetime) -> bool:
    return export.updated_at < now - STALE_AFTER


def request_export(
    user: User,
    *,
    actor: Actor,
    request: RightsRequest | None = None,
    audience: str = ExportAudience.SELF,
) -> DataExport:
    """Queue a copy of ``user``'s data (or a portability package for ``audience``
    ``recipient``) and start its build after the commit.

    Refused with ``export_already_running`` (409) while another build of the same person
    is queued or running (one that made no progress for an hour counts as dead and is
    marked failed). ``request`` links the export to a rights request, which the build
    completes through ``rencai.privacy.requests.export_finished``.
    """
    from rencai.accounts.models import User

    if audience not in ExportAudience.values:
        raise ValueError(f"unknown export audience {audience!r}")
    now = timezone.now()
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one request at a time
        running = list(
            DataExport.objects.select_for_update().filter(user=user, status__in=RUNNING_STATUSES)
        )
        for export in running:
            if not _is_stale(export, now):
                raise DomainError(
                    ExportErrorCode.RUNNING,
                    _(
                        "A copy of your data is already being prepared. "
                        "Please wait until it is ready."
                    ),
                    status=409,
                    extra={"export": str(export.pk)},
                )
            _mark_failed(export, "stale", actor=actor)
        export = DataExport.objects.create(
            user=user,
            request=request,
            audience=audience,
            status=ExportStatus.QUEUED,
            progress=0,
            step=STEP_QUEUED,
        )
        record_event(
            actor,
            "privacy.export_requested",
            export,
            after={
                "user": str(user.pk),
                "audience": audience,
                "request": request.reference if request else "",
            },
        )
    transaction.on_commit(partial(_enqueue, str(export.pk)))
    export.refresh_from_db()  # the build may already have run (immediate mode)
    return export


def _enqueue(export_id: str) -> None:
    from rencai.privacy.tasks import build_export_task

    build_export_task(export_id)


def _set_progress(export_id: Id, progress: int, step: str) -> None:
    """Progress of a running build (not audited: the start and the end are)."""
    DataExport.objects.filter(pk=export_id, status=ExportStatus.BUILDING).update(
        progress=progress, step=step[:120], updated_at=timezone.now()
    )


def build_export(export_id: Id, *, actor: Actor | None = None) -> DataExport | None:
    """Build the archive of a queued export: BUILDING with progress, then READY (stored
    privately, downloadable for ``PRIVACY_EXPORT_DAYS`` days, the person notified) or
    FAILED with an error code. Returns the export, or None if it does not exist. An export
    that is not queued (built already, expired) is left as it is."""
    actor = actor or system_actor()
    with transaction.atomic():
        export = (
            DataExport.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=export_id)
            .first()
        )
        if export is None or export.status != ExportStatus.QUEUED:
            return export
        export.status = ExportStatus.BUILDING
        export.progress = 1
        export.step = STEP_QUEUED
        export.error = ""
        export.save(update_fields=["status", "progress", "step", "error", "updated_at"])
        record_event(actor, "privacy.export_started", export, after={"audience": export.audience})
    try:
        data = build_archive(
            export.user,
            audience=export.audience,
            on_progress=partial(_set_progress, export.pk),
        )
        stored = store_bytes(
            data,
            archive_name(export),
            purpose=EXPORT_FILE_PURPOSE,
            accept=frozenset({FileKind.ZIP}),
            owner=export.user,
            actor=actor,
            max_bytes=EXPORT_MAX_BYTES,
        )
    except DomainError as error:
        logger.warning("export %s failed: %s", export.pk, error.code)
        code = ExportErrorCode.TOO_LARGE if "too_large" in error.code else error.code
        return _fail(export, str(code), actor=actor)
    except Exception:
        logger.exception("export %s failed", export.pk)
        return _fail(export, ExportErrorCode.BUILD_FAILED, actor=actor)
    return _finish(export, stored, actor=actor)


def _finish(export: DataExport, stored: StoredFile, *, actor: Actor) -> DataExport:
    now = timezone.now()
    with transaction.atomic():
        export = (
            DataExport.objects.select_for_update(of=("self",))
            .select_related("user")
            .get(pk=export.pk)
        )
        if export.status != ExportStatus.BUILDING:  # expired or failed meanwhile
            _delete_stored(stored)
            return export
        export.file = stored
        export.status = ExportStatus.READY
        export.progress = 100
        export.step = STEP_READY
        export.finished_at = now
        export.expires_at = now + dt.timedelta(days=settings.PRIVACY_EXPORT_DAYS)
        export.save(
            update_fields=[
                "file",
                "status",
                "progress",
                "step",
                "finished_at",
                "expires_at",
                "updated_at",
            ]
        )
        record_event(
            actor,
            "privacy.export_ready",
            export,
            after={
                "size": stored.size,
                "sha256": stored.sha256,
                "expires_at": export.expires_at.isoformat(),
            },
        )
        _notify(export, actor=actor)
    _tell_request(export, actor=actor)
    return export


def _notify(export: DataExport, *, actor: Actor) -> None:
    from rencai.notifications.actions import notify

    if export.status == ExportStatus.FAILED:
        notify(
            export.user, export_notices.EXPORT_FAILED, url=reverse("privacy:exports"), actor=actor
        )
        return
    assert export.expires_at is not None
    with translation.override(EXPORT_LANGUAGE):
        until = formats.date_format(timezone.localtime(export.expires_at), "Y-m-d H:i")
    if export.audience == ExportAudience.RECIPIENT:
        notify(
            export.user,
            export_notices.PORTABILITY_READY,
            params={"until": until},
            url=reverse("privacy:exports"),
            actor=actor,
        )
        return
    notify(
        export.user,
        export_notices.EXPORT_READY,
        params={"until": until},
        url=reverse("privacy:exports"),
        actor=actor,
    )


def _tell_request(export: DataExport, *, actor: Actor) -> None:
    """A rights request waiting for this export completes (or goes to an operator).
    Runs after the export's own commit: a failure there never undoes the copy."""
    if export.request_id is None:
        return
    from rencai.privacy.requests import export_finished  # requests imports this module

    try:
        export_finished(export, actor=actor)
    except Exception:
        logger.exception("the rights request of export %s could not be updated", export.pk)


def _mark_failed(export: DataExport, code: str, *, actor: Actor) -> None:
    """Inside the caller's transaction, ``export`` locked."""
    export.status = ExportStatus.FAILED
    export.error = code[:200]
    export.step = STEP_FAILED
    export.finished_at = timezone.now()
    export.save(update_fields=["status", "error", "step", "finished_at", "updated_at"])
    record_event(actor, "privacy.export_failed", export, after={"error": export.error})


def _fail(export: DataExport, code: str, *, actor: Actor) -> DataExport:
    with transaction.atomic():
        export = (
            DataExport.objects.select_for_update(of=("self",))
            .select_related("user")
            .get(pk=export.pk)
        )
        if export.status not in RUNNING_STATUSES:
            return export
        _mark_failed(export, code, actor=actor)
        _notify(export, actor=actor)
    _tell_request(export, actor=actor)
    return export


# --- downloads and portability --------------------------------------------------------------


def ensure_downloadable(export: DataExport, *, now: dt.datetime | None = None) -> StoredFile:
    """The archive of a ready, unexpired export; else ``export_not_ready`` (409) or
    ``export_expired`` (409)."""
    now = now or timezone.now()
    if export.status == ExportStatus.EXPIRED or (
        export.status == ExportStatus.READY and export.expires_at and export.expires_at <= now
    ):
        raise DomainError(
            ExportErrorCode.EXPIRED,
            _("This copy is no longer available. Please ask for a new one."),
            status=409,
        )
    if export.status != ExportStatus.READY or export.file is None:
        raise DomainError(ExportErrorCode.NOT_READY, _("This copy is not ready yet."), status=409)
    return export.file


def record_download(export: DataExport, *, actor: Actor) -> DataExport:
    """Count and audit one download of the archive by its owner (or the recipient)."""
    with transaction.atomic():
        DataExport.objects.filter(pk=export.pk).update(download_count=F("download_count") + 1)
        export.refresh_from_db(fields=["download_count"])
        record_event(
            actor,
            "privacy.export_downloaded",
            export,
            after={"count": export.download_count, "audience": export.audience},
        )
    return export


def issue_recipient_token(export: DataExport, *, actor: Actor) -> str:
    """A new token with which the processor the person named fetches the portability
    package (PI-13), valid until the export expires. Returned once in plain text; only its
    SHA-256 is stored, and issuing again replaces the previous token. Refused for a copy
    meant for the person (``export_not_portable``) and for a failed or expired export."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        export = DataExport.objects.select_for_update().get(pk=export.pk)
        if export.audience != ExportAudience.RECIPIENT:
            raise DomainError(
                ExportErrorCode.NOT_PORTABLE,
                _("Only a package for another processor can be fetched with a transfer key."),
            )
        if export.status in (ExportStatus.FAILED, ExportStatus.EXPIRED):
            raise DomainError(
                ExportErrorCode.EXPIRED,
                _("This copy is no longer available. Please ask for a new one."),
                status=409,
            )
        export.recipient_token_hash = token_hash(token)
        export.save(update_fields=["recipient_token_hash", "updated_at"])
        record_event(
            actor,
            "privacy.portability_token_issued",
            export,
            after={"token_prefix": token[:4]},
        )
    return token


def fetch_portability_package(token: str, *, actor: Actor) -> StoredFile:
    """The package a portability token opens (counted and audited), or ``not_found``-like
    ``portability_token_invalid`` (404) for an unknown, replaced or expired token; refused
    fetches of a known package are audited too, unknown keys only logged."""
    digest = token_hash(token) if token else ""
    export = (
        DataExport.objects.select_related("file")
        .filter(recipient_token_hash=digest, audience=ExportAudience.RECIPIENT)
        .exclude(recipient_token_hash="")
        .first()
        if digest
        else None
    )
    invalid = DomainError(
        ExportErrorCode.TOKEN_INVALID,
        _("This transfer key is not valid or has expired."),
        status=404,
    )
    if export is None:
        # Unknown keys name nothing to audit; anonymous probes must not grow the audit
        # chain. They are logged (the filter masks nothing here: the key is random).
        logger.warning("portability: unknown transfer key from %s", actor.ip or "-")
        raise invalid
    reason = ""
    stored: StoredFile | None = None
    try:
        stored = ensure_downloadable(export)
    except DomainError as error:
        reason = error.code
    with transaction.atomic():
        if stored is None:
            record_event(
                actor,
                "privacy.portability_refused",
                export,
                after={"reason": reason},
            )
        else:
            DataExport.objects.filter(pk=export.pk).update(download_count=F("download_count") + 1)
            record_event(actor, "privacy.portability_fetched", export, after={"size": stored.size})
    if stored is None:
        raise invalid
    return stored


# --- expiry ---------------------------------------------------------------------------------


def _delete_stored(stored: StoredFile) -> None:
    """Delete the row now and the blob after the commit (a rollback keeps both)."""
    name = stored.storage_name
    stored.delete()
    transaction.on_commit(partial(private_storage().delete, name))


def expire_exports(*, actor: Actor, now: dt.datetime | None = None) -> int:
    """Daily: archives past ``expires_at`` are deleted (bytes and ``StoredFile``) and their
    exports marked EXPIRED (audited); builds dead for an hour are marked failed. Returns
    the number of exports expired."""
    now = now or timezone.now()
    expired = 0
    due = DataExport.objects.filter(
        Q(status=ExportStatus.READY, expires_at__lte=now)
        | Q(status=ExportStatus.FAILED, file__isnull=False)
    ).values_list("pk", flat=True)
    for export_id in list(due):
        with transaction.atomic():
            export = (
                DataExport.objects.select_for_update(of=("self",))
                .select_related("file")
                .filter(pk=export_id)
                .first()
            )
            if export is None:
                continue
            stored = export.file
            export.file = None
            if export.status == ExportStatus.READY:
                export.status = ExportStatus.EXPIRED
                export.step = STEP_EXPIRED
                expired += 1
            export.recipient_token_hash = ""
            export.save(
                update_fields=["file", "status", "step", "recipient_token_hash", "updated_at"]
            )
            if stored is not None:
                _delete_stored(stored)
            record_event(
                actor,
                "privacy.export_expired",
                export,
                after={"file_deleted": stored is not None},
            )
    stale = DataExport.objects.filter(
        status__in=RUNNING_STATUSES, updated_at__lt=now - STALE_AFTER
    ).values_list("pk", flat=True)
    for export_id in list(stale):
        with transaction.atomic():
            export = (
                DataExport.objects.select_for_update(of=("self",))
                .select_related("user")
                .get(pk=export_id)
            )
            if export.status in RUNNING_STATUSES:
                _mark_failed(export, "stale", actor=actor)
    return expired

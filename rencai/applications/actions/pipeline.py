"""Working applications through the organisation's pipeline: first view, moves between
stages, rejection with a neutral reason (DIS-04), internal notes and ratings."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from rencai.applications import notices
from rencai.applications.choices import ApplicationStatus, RejectionReason, StageKind
from rencai.applications.constants import CLOSING_KINDS, MAX_BULK, NOTIFIED_KINDS
from rencai.applications.errors import ApplicationErrorCode, app_error
from rencai.applications.models import Application, ApplicationNote, PipelineStage, StageChange
from rencai.applications.screening import screen_rejection_message
from rencai.audit.actions import record_event
from rencai.core.actors import Actor
from rencai.core.errors import not_found
from rencai.notifications.actions import notify
from rencai.notifications.kinds import SEND_LANGUAGE
from rencai.orgs.models import Membership

_NO_REASON = _("The organisation did not give a reason from the list.")
REJECTION_MESSAGE_MAX = 1000
NOTE_MAX = 2000


def _member_for(application: Application, actor: Actor) -> Membership:
    """The actor's membership of the application's organisation (404 for anyone else)."""
    from rencai.applications.queries import pipeline_membership

    if actor.user is None:
        raise not_found()
    membership = pipeline_membership(actor.user)
    if membership.organisation_id != application.organisation_id:
        raise not_found()
    return membership


def _job_title(application: Application) -> str:
    version = application.posting.live_version
    return version.title if version is not None else ""


def _notify_seeker(application: Application, kind: str, *, actor: Actor) -> None:
    notice = notices.STAGE_KIND_NOTICES.get(kind)
    if notice is None or kind not in NOTIFIED_KINDS:
        return
    params = {"job": _job_title(application), "org": application.consent_recipient}
    if kind == StageKind.REJECTED:
        reason = application.rejection_reason
        with translation.override(SEND_LANGUAGE):
            params["reason"] = str(RejectionReason(reason).label) if reason else str(_NO_REASON)
    notify(
        application.seeker,
        notice,
        params=params,
        url=f"/me/applications/{application.pk}/",
        sms=kind in (StageKind.INTERVIEW, StageKind.OFFER),
        actor=actor,
    )


def _move(
    application: Application,
    stage: PipelineStage,
    *,
    actor: Actor,
    reason: str = "",
    message: str = "",
) -> Application:
    """Move inside the caller's transaction, with ``application`` locked."""
    if application.status == ApplicationStatus.WITHDRAWN:
        raise app_error(ApplicationErrorCode.STATE)
    if stage.organisation_id != application.organisation_id or stage.archived_at is not None:
        raise app_error(ApplicationErrorCode.STAGE_INVALID, field="stage_id")
    if stage.pk == application.stage_id and not reason:
        return application
    status = CLOSING_KINDS.get(stage.kind, ApplicationStatus.ACTIVE)
    reopening = (
        application.status != ApplicationStatus.ACTIVE and status == ApplicationStatus.ACTIVE
    )
    if reopening:
        other = Application.objects.filter(
            seeker_id=application.seeker_id,
            posting_id=application.posting_id,
            status=ApplicationStatus.ACTIVE,
        ).exclude(pk=application.pk)
        if other.exists():
            raise app_error(ApplicationErrorCode.STATE)
    previous = application.stage
    now = timezone.now()
    application.stage = stage
    application.status = status
    application.closed_at = now if status != ApplicationStatus.ACTIVE else None
    if status == ApplicationStatus.REJECTED:
        application.rejection_reason = reason
        application.rejection_message = message
    else:
        application.rejection_reason, application.rejection_message = "", ""
    if application.seen_by_org_at is None:
        application.seen_by_org_at = now
    application.save(
        update_fields=[
            "stage",
            "status",
            "closed_at",
            "rejection_reason",
            "rejection_message",
            "seen_by_org_at",
            "updated_at",
        ]
    )
    StageChange.objects.create(
        application=application,
        from_stage=previous,
        to_stage=stage,
        status=status,
        actor=actor.user,
    )
    record_event(
        actor,
        "applications.stage_changed",
        application,
        before={"stage": str(previous.pk), "kind": previous.kind},
        after={"stage": str(stage.pk), "kind": stage.kind, "status": status, "reason": reason},
    )
    if stage.kind != previous.kind or reopening:
        _notify_seeker(application, stage.kind, actor=actor)
    return application


def _locked(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("stage", "posting__live_version", "seeker")
        .get(pk=application.pk)
    )


def move_application(
    application: Application, stage: PipelineStage, *, actor: Actor
) -> Application:
    """Move an application to another current stage of its organisation. A stage meaning
    "hired" or "not suitable" closes it (status ``hired``/``rejected``); moving a closed
    application to an open stage reopens it. The seeker is told when it reaches an
    interview, offer, hired or not-suitable stage. Prefer ``reject_application`` to give
    a reason (DIS-04)."""
    _member_for(application, actor)
    with transaction.atomic():
        return _move(_locked(application), stage, actor=actor)


def _checked_rejection(reason: str, message: str) -> str:
    if reason not in RejectionReason.values:
        raise app_error(ApplicationErrorCode.REASON_REQUIRED, field="reason")
    message = message.strip()
    if len(message) > REJECTION_MESSAGE_MAX:
        raise app_error(ApplicationErrorCode.MESSAGE_BLOCKED, field="message")
    findings = screen_rejection_message(message)
    if findings:
        raise app_error(
            ApplicationErrorCode.MESSAGE_BLOCKED, field="message", extra={"findings": findings}
        )
    return message


def reject_application(
    application: Application, *, reason: str, message: str = "", actor: Actor
) -> Application:
    """Close an application as not suitable with a reason from the neutral list and an
    optional message, screened before it is sent (DIS-04: "河南人", "女性不考虑" are
    refused with ``rejection_message_blocked``). The seeker is told the neutral reason."""
    from rencai.applications.queries import first_stage

    _member_for(application, actor)
    message = _checked_rejection(reason, message)
    stage = first_stage(application.organisation, StageKind.REJECTED)
    with transaction.atomic():
        locked = _locked(application)
        if locked.status != ApplicationStatus.ACTIVE:
            raise app_error(ApplicationErrorCode.STATE)
        return _move(locked, stage, actor=actor, reason=reason, message=message)


def _bulk_ids(applications: list[Application]) -> None:
    if not 1 <= len(applications) <= MAX_BULK:
        raise app_error(ApplicationErrorCode.BULK_INVALID, field="application_ids")


def bulk_move(
    applications: list[Application], stage: PipelineStage, *, actor: Actor
) -> list[Application]:
    """Move several applications at once (all or none)."""
    _bulk_ids(applications)
    for application in applications:
        _member_for(application, actor)
    with transaction.atomic():
        return [_move(_locked(a), stage, actor=actor) for a in applications]


def bulk_reject(
    applications: list[Application], *, reason: str, message: str = "", actor: Actor
) -> list[Application]:
    """Reject several active applications with one reason (all or none)."""
    from rencai.applications.queries import first_stage

    _bulk_ids(applications)
    for application in applications:
        _member_for(application, actor)
    message = _checked_rejection(reason, message)
    stage = first_stage(applications[0].organisation, StageKind.REJECTED)
    with transaction.atomic():
        moved = []
        for application in applications:
            locked = _locked(application)
            if locked.status != ApplicationStatus.ACTIVE:
                raise app_error(ApplicationErrorCode.STATE)
            moved.append(_move(locked, stage, actor=actor, reason=reason, message=message))
    return moved


def mark_seen(application: Application, *, actor: Actor) -> Application:
    """The organisation opens the application: the first time, it moves from a "new" stage
    to the first "viewed" stage and the resume view is recorded for the seeker (PI-08)."""
    from rencai.applications.queries import first_stage

    membership = _member_for(application, actor)
    if application.seen_by_org_at is not None:
        return application
    with transaction.atomic():
        locked = _locked(application)
        if locked.seen_by_org_at is not None:
            return locked
        if locked.status == ApplicationStatus.ACTIVE and locked.stage.kind == StageKind.NEW:
            locked = _move(
                locked, first_stage(locked.organisation, StageKind.REVIEWED), actor=actor
            )
        else:
            locked.seen_by_org_at = timezone.now()
            locked.save(update_fields=["seen_by_org_at", "updated_at"])
        _record_resume_view(locked, membership, actor=actor)
    return locked


def _record_resume_view(application: Application, membership: Membership, *, actor: Actor) -> None:
    """Through the resumes app's ``record_view`` (PI-08)."""
    from rencai.resumes.actions import record_view

    if application.resume is None:
        return
    record_view(
        application.resume,
        org=membership.organisation,
        viewer=actor.user,
        kind="view",
        source="application",
        posting=application.posting,
        actor=actor,
    )


def add_note(
    application: Application, *, text: str = "", rating: int | None = None, actor: Actor
) -> ApplicationNote:
    """An internal note and/or a 1–5 rating, seen only by the organisation."""
    _member_for(application, actor)
    text = text.strip()
    if rating is not None and not 1 <= rating <= 5:
        raise app_error(ApplicationErrorCode.RATING_INVALID, field="rating")
    if not text and rating is None:
        raise app_error(ApplicationErrorCode.NOTE_EMPTY, field="text")
    if len(text) > NOTE_MAX:
        raise app_error(ApplicationErrorCode.NOTE_EMPTY, field="text")
    assert actor.user is not None
    with transaction.atomic():
        note = ApplicationNote.objects.create(
            application=application, author=actor.user, text=text, rating=rating
        )
        record_event(actor, "applications.note_added", application, after={"rating": rating})
    return note

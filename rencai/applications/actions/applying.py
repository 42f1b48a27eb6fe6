"""Applying for a job with the seeker's explicit consent, and withdrawing (PI-05, JOB-10)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from rencai.accounts.choices import SeekerStanding
from rencai.accounts.models import User
from rencai.applications import notices
from rencai.applications.choices import (
    ApplicationSource,
    ApplicationStatus,
    InvitationStatus,
    StageKind,
)
from rencai.applications.errors import ApplicationErrorCode, app_error
from rencai.applications.models import Application, ApplyInvitation, StageChange
from rencai.applications.permissions import is_seeker
from rencai.applications.screening import screen_cover_note
from rencai.applications.snapshot import ConsentNotice, matching_notice, snapshot_of
from rencai.audit.actions import record_event
from rencai.core.actors import Actor
from rencai.core.errors import not_found
from rencai.jobs.models import JobPosting
from rencai.notifications.actions import notify
from rencai.resumes.models import Resume
from rencai.sanctions.enforcement import ensure_may_apply

COVER_NOTE_MAX = 1000


def check_can_apply(user: User, posting: JobPosting) -> None:
    """Raise unless ``user`` may apply for ``posting``.

    - a seeker account (``not_a_seeker``), not closed by the platform (``account_blocked``);
    - "verified" means the seeker's standing is active: the birth date is known and, for
      16–17-year-olds, a guardian has confirmed (MIN-02; ``seeker_not_active``). Every
      seeker account is registered with an SMS-verified mobile number; the real-name (ID)
      check is optional for seekers (it is sensitive data, PI-04) and not required;
    - only published public postings (404 otherwise);
    - seekers under 18 cannot apply for jobs forbidden to minors (JOB-10,
      ``minor_prohibited_job``, 403).
    """
    from rencai.accounts.queries import seeker_standing
    from rencai.jobs.queries import public_postings, visible_to_minor

    if not is_seeker(user):
        raise app_error(ApplicationErrorCode.NOT_A_SEEKER)
    if not user.is_active:
        raise app_error(ApplicationErrorCode.ACCOUNT_BLOCKED)
    ensure_may_apply(user)  # FRD-02: applying suspended or restricted by a sanction
    if seeker_standing(user) != SeekerStanding.ACTIVE:
        raise app_error(ApplicationErrorCode.SEEKER_NOT_ACTIVE)
    if not public_postings().filter(pk=posting.pk).exists():
        raise not_found()
    if posting.minor_prohibited and visible_to_minor(user):
        raise app_error(ApplicationErrorCode.MINOR_PROHIBITED)


def _check_previous(user: User, posting: JobPosting) -> None:
    """One active application per job; after a rejection, again only after
    ``APPLICATION_REAPPLY_DAYS``; a withdrawn application may be sent again at once."""
    previous = (
        Application.objects.filter(seeker=user, posting=posting)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .order_by("-created_at")
        .first()
    )
    if previous is None:
        return
    if previous.status in (ApplicationStatus.ACTIVE, ApplicationStatus.HIRED):
        raise app_error(ApplicationErrorCode.ALREADY_APPLIED)
    days = settings.APPLICATION_REAPPLY_DAYS
    closed = previous.closed_at or previous.updated_at
    if timezone.now() < closed + dt.timedelta(days=days):
        allowed = timezone.localdate(closed + dt.timedelta(days=days))
        raise app_error(
            ApplicationErrorCode.REAPPLY_TOO_SOON,
            params={"days": days},
            extra={"allowed_from": allowed.isoformat()},
        )


def _consent(posting: JobPosting, resume: Resume, notice_hash: str) -> ConsentNotice:
    if not notice_hash.strip():
        raise app_error(ApplicationErrorCode.CONSENT_REQUIRED, field="notice_hash")
    notice = matching_notice(posting, resume, notice_hash.strip())
    if notice is None:
        raise app_error(ApplicationErrorCode.CONSENT_OUTDATED, field="notice_hash")
    return notice


def apply_to_job(
    posting: JobPosting,
    resume: Resume,
    *,
    notice_hash: str,
    cover_note: str = "",
    invitation: ApplyInvitation | None = None,
    actor: Actor,
) -> Application:
    """Send ``resume`` to the organisation of ``posting`` after the seeker confirmed the
    notice whose text hash is ``notice_hash`` (PI-05).

    Stores the snapshot and the consent (recipient, USCC, categories, text hash, time),
    writes ``applications.consent_given`` naming the organisation (and the client of an
    agency), flags a possible duplicate, and tells the posting's owner."""
    from rencai.applications.queries import first_stage, possible_duplicate

    user = actor.user
    if user is None or resume.owner_id != user.pk:
        raise not_found()
    check_can_apply(user, posting)
    cover_note = cover_note.strip()
    if len(cover_note) > COVER_NOTE_MAX:
        raise app_error(ApplicationErrorCode.COVER_NOTE_BLOCKED, field="cover_note")
    findings = screen_cover_note(cover_note)
    if findings:
        raise app_error(
            ApplicationErrorCode.COVER_NOTE_BLOCKED,
            field="cover_note",
            extra={"findings": findings},
        )
    notice = _consent(posting, resume, notice_hash)
    org = posting.organisation
    stage = first_stage(org, StageKind.NEW)
    snapshot = snapshot_of(resume)
    source = ApplicationSource.INVITATION if invitation is not None else ApplicationSource.DIRECT
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        _check_previous(user, posting)
        duplicate = possible_duplicate(
            org, user, str(resume.pk), snapshot["phone_key"], snapshot["email_key"]
        )
        try:
            with transaction.atomic():
                application = Application.objects.create(
                    seeker=user,
                    resume=resume,
                    posting=posting,
                    organisation=org,
                    stage=stage,
                    source=source,
                    snapshot=snapshot,
                    cover_note=cover_note,
                    consent_recipient=notice.recipient.legal_name[:100],
                    consent_recipient_uscc=notice.recipient.uscc,
                    consent_categories=notice.categories,
                    consent_text_hash=notice.hash,
                    consented_at=timezone.now(),
                    duplicate_of=duplicate,
                )
        except IntegrityError as error:  # a second tab applied at the same moment
            raise app_error(ApplicationErrorCode.ALREADY_APPLIED) from error
        StageChange.objects.create(
            application=application, to_stage=stage, status=ApplicationStatus.ACTIVE, actor=user
        )
        record_event(
            actor,
            "applications.consent_given",
            application,
            after={
                "organisation": notice.recipient.legal_name,
                "uscc": notice.recipient.uscc,
                "client": notice.client.legal_name if notice.client else None,
                "client_uscc": notice.client.uscc if notice.client else None,
                "posting": str(posting.pk),
                "categories": notice.categories,
                "text_hash": notice.hash,
                "source": source,
            },
        )
        if invitation is not None:
            invitation.status = InvitationStatus.ACCEPTED
            invitation.responded_at = timezone.now()
            invitation.application = application
            invitation.save(update_fields=["status", "responded_at", "application", "updated_at"])
            record_event(actor, "applications.invitation_accepted", invitation)
        _tell_owner(application, invitation, actor=actor)
    return application


def _job_title(posting: JobPosting) -> str:
    version = posting.live_version
    return version.title if version is not None else ""


def _tell_owner(
    application: Application, invitation: ApplyInvitation | None, *, actor: Actor
) -> None:
    posting = application.posting
    owner = posting.owner
    recipient = owner.user if owner.status == "active" else None
    if invitation is not None:
        inviter = invitation.invited_by
        notify(
            inviter,
            notices.INVITATION_ACCEPTED,
            params={"job": _job_title(posting)},
            url=f"/employer/applications/{application.pk}/",
            actor=actor,
        )
        if recipient is not None and recipient.pk == inviter.pk:
            return
    if recipient is not None:
        notify(
            recipient,
            notices.RECEIVED,
            params={"job": _job_title(posting)},
            url=f"/employer/applications/{application.pk}/",
            actor=actor,
        )


def withdraw_application(application: Application, *, actor: Actor) -> Application:
    """The seeker withdraws an active application; it leaves the organisation's pipeline
    at once (the organisation keeps no access to it)."""
    if actor.user is None or application.seeker_id != actor.user.pk:
        raise not_found()
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status != ApplicationStatus.ACTIVE:
            raise app_error(ApplicationErrorCode.STATE)
        application.status = ApplicationStatus.WITHDRAWN
        application.closed_at = timezone.now()
        application.save(update_fields=["status", "closed_at", "updated_at"])
        StageChange.objects.create(
            application=application,
            from_stage_id=application.stage_id,
            to_stage_id=application.stage_id,
            status=ApplicationStatus.WITHDRAWN,
            actor=actor.user,
        )
        record_event(
            actor,
            "applications.withdrawn",
            application,
            after={"organisation": application.consent_recipient},
        )
        # Interviews of a withdrawn application are off (messaging imports this app, so
        # the import is here, not at the top).
        from rencai.messaging.actions import cancel_interviews_of_withdrawn

        cancel_interviews_of_withdrawn(application, actor=actor)
    return application

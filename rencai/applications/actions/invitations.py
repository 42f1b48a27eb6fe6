"""Invitations to apply: an organisation that found a resume in resume search invites the
seeker to apply for one of its published postings; the seeker accepts (an application with
consent, PI-05) or declines. Contact details are shared only on acceptance (PI-07)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rencai.applications import notices
from rencai.applications.choices import ApplicationStatus, InvitationStatus
from rencai.applications.errors import MESSAGES, ApplicationErrorCode, app_error
from rencai.applications.models import Application, ApplyInvitation
from rencai.applications.screening import screen_invitation_message
from rencai.audit.actions import record_event
from rencai.core.actors import Actor
from rencai.core.errors import RateLimited, not_found
from rencai.core.timeutil import local_start_of_day
from rencai.jobs.models import JobPosting
from rencai.notifications.actions import notify
from rencai.orgs.models import Organisation
from rencai.resumes.models import Resume

MESSAGE_MAX = 1000


def _job_title(posting: JobPosting) -> str:
    version = posting.live_version
    return version.title if version is not None else ""


def _searchable(org: Organisation, resume: Resume) -> bool:
    from rencai.resumes.access import searchable_resumes_for

    return bool(searchable_resumes_for(org).filter(pk=resume.pk).exists())


def _rate_limit(org: Organisation) -> None:
    """At most ``APPLICATION_INVITATIONS_PER_ORG_PER_DAY`` per organisation per local day
    (the caller holds the organisation's row lock)."""
    today = timezone.localdate()
    sent = ApplyInvitation.objects.filter(
        organisation=org, created_at__gte=local_start_of_day(today)
    ).count()
    if sent >= settings.APPLICATION_INVITATIONS_PER_ORG_PER_DAY:
        tomorrow = local_start_of_day(today + dt.timedelta(days=1))
        retry_after = max(1, int((tomorrow - timezone.now()).total_seconds()))
        raise RateLimited(
            ApplicationErrorCode.INVITATION_RATE_LIMITED,
            MESSAGES[ApplicationErrorCode.INVITATION_RATE_LIMITED],
            retry_after=retry_after,
        )


def invite_to_apply(
    resume: Resume, posting: JobPosting, *, message: str, actor: Actor
) -> ApplyInvitation:
    """Invite the owner of ``resume`` to apply for ``posting``: only a member of the
    posting's organisation, only for its own published postings, only for resumes resume
    search lets it find (``searchable_resumes_for``), with a screened message, within the
    daily limit. Seekers under 18 are not invited to jobs forbidden to minors (JOB-10)."""
    from rencai.applications.queries import pipeline_membership
    from rencai.jobs.queries import public_postings, visible_to_minor

    if actor.user is None:
        raise not_found()
    membership = pipeline_membership(actor.user)
    org = membership.organisation
    if posting.organisation_id != org.pk or not public_postings().filter(pk=posting.pk).exists():
        raise app_error(ApplicationErrorCode.POSTING_NOT_OPEN, field="posting_id")
    if not _searchable(org, resume):
        raise not_found()
    seeker = resume.owner
    if posting.minor_prohibited and visible_to_minor(seeker):
        raise app_error(ApplicationErrorCode.MINOR_PROHIBITED)
    message = message.strip()
    if len(message) > MESSAGE_MAX:
        raise app_error(ApplicationErrorCode.INVITATION_MESSAGE_BLOCKED, field="message")
    findings = screen_invitation_message(message)
    if findings:
        raise app_error(
            ApplicationErrorCode.INVITATION_MESSAGE_BLOCKED,
            field="message",
            extra={"findings": findings},
        )
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=org.pk).first()
        _rate_limit(org)
        applied = Application.objects.filter(
            seeker=seeker, posting=posting, status=ApplicationStatus.ACTIVE
        ).exists()
        pending = ApplyInvitation.objects.filter(
            seeker=seeker, posting=posting, status=InvitationStatus.PENDING
        ).exists()
        if applied or pending:
            raise app_error(ApplicationErrorCode.INVITATION_EXISTS)
        try:
            with transaction.atomic():
                invitation = ApplyInvitation.objects.create(
                    organisation=org,
                    posting=posting,
                    resume=resume,
                    seeker=seeker,
                    invited_by=actor.user,
                    message=message,
                    expires_at=timezone.now()
                    + dt.timedelta(days=settings.APPLICATION_INVITATION_DAYS),
                )
        except IntegrityError as error:
            raise app_error(ApplicationErrorCode.INVITATION_EXISTS) from error
        record_event(
            actor,
            "applications.invitation_sent",
            invitation,
            after={"posting": str(posting.pk), "resume": str(resume.pk)},
        )
        notify(
            seeker,
            notices.INVITED,
            params={"org": org.legal_name, "job": _job_title(posting)},
            url=f"/me/invitations/{invitation.pk}/",
            sms=True,
            actor=actor,
        )
    return invitation


def _open(invitation: ApplyInvitation) -> ApplyInvitation:
    locked = ApplyInvitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.status != InvitationStatus.PENDING or locked.expires_at <= timezone.now():
        raise app_error(ApplicationErrorCode.INVITATION_STATE)
    return locked


def accept_invitation(
    invitation: ApplyInvitation,
    *,
    notice_hash: str,
    resume: Resume | None = None,
    cover_note: str = "",
    actor: Actor,
) -> Application:
    """The seeker accepts: an application through ``apply_to_job`` with the same consent
    notice (source ``invitation``), with the invited resume unless they choose another."""
    from rencai.applications.actions.applying import apply_to_job

    if actor.user is None or invitation.seeker_id != actor.user.pk:
        raise not_found()
    with transaction.atomic():
        locked = _open(invitation)
        return apply_to_job(
            locked.posting,
            resume or locked.resume,
            notice_hash=notice_hash,
            cover_note=cover_note,
            invitation=locked,
            actor=actor,
        )


def decline_invitation(invitation: ApplyInvitation, *, actor: Actor) -> ApplyInvitation:
    """The seeker declines; the organisation learns only that the invitation was declined."""
    if actor.user is None or invitation.seeker_id != actor.user.pk:
        raise not_found()
    with transaction.atomic():
        locked = _open(invitation)
        locked.status = InvitationStatus.DECLINED
        locked.responded_at = timezone.now()
        locked.save(update_fields=["status", "responded_at", "updated_at"])
        record_event(actor, "applications.invitation_declined", locked)
        notify(
            locked.invited_by,
            notices.INVITATION_DECLINED,
            params={"job": _job_title(locked.posting)},
            url="/employer/invitations/",
            actor=actor,
        )
    return locked


def withdraw_invitation(invitation: ApplyInvitation, *, actor: Actor) -> ApplyInvitation:
    """A member of the organisation takes back a pending invitation."""
    from rencai.applications.queries import pipeline_membership

    if actor.user is None:
        raise not_found()
    membership = pipeline_membership(actor.user)
    if membership.organisation_id != invitation.organisation_id:
        raise not_found()
    with transaction.atomic():
        locked = _open(invitation)
        locked.status = InvitationStatus.WITHDRAWN
        locked.save(update_fields=["status", "updated_at"])
        record_event(actor, "applications.invitation_withdrawn", locked)
    return locked


def expire_invitations(*, actor: Actor) -> int:
    """Mark pending invitations past their expiry as expired (daily task)."""
    with transaction.atomic():
        expired = ApplyInvitation.objects.filter(
            status=InvitationStatus.PENDING, expires_at__lte=timezone.now()
        )
        count = expired.update(status=InvitationStatus.EXPIRED, updated_at=timezone.now())
        if count:
            record_event(
                actor,
                "applications.invitations_expired",
                object_type="applications.ApplyInvitation",
                after={"count": count},
            )
    return count


# Shown when the seeker opens an invitation that can no longer be answered.
CLOSED_INVITATION = _("This invitation has expired or was withdrawn.")

"""Reviewers' decisions on posting versions and take-downs (JOB-08)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from rencai.accounts.models import User
from rencai.core.actors import Actor
from rencai.core.timeutil import local_today
from rencai.jobs.actions.postings import event
from rencai.jobs.choices import EventKind, PostingStatus, ReviewReason, VersionStatus
from rencai.jobs.errors import JobErrorCode, job_error
from rencai.jobs.models import JobPosting, JobPostingVersion
from rencai.orgs.queries import active_membership


def _not_own(posting: JobPosting, reviewer: User | None) -> None:
    if reviewer is None:
        return
    membership = active_membership(reviewer)
    if membership is not None and membership.organisation_id in (
        posting.organisation_id,
        posting.client_id,
    ):
        raise job_error(JobErrorCode.SELF_REVIEW)


def _reasons(reasons: list[str], note: str) -> list[str]:
    chosen = list(dict.fromkeys(reasons))
    if not chosen or any(reason not in ReviewReason.values for reason in chosen):
        raise job_error(JobErrorCode.REASONS_REQUIRED, field="reasons")
    if ReviewReason.OTHER in chosen and not note.strip():
        raise job_error(JobErrorCode.NOTE_REQUIRED, field="note")
    return chosen


def approve_version(
    version: JobPostingVersion, reviewer: User | None, *, actor: Actor
) -> JobPostingVersion:
    """The version goes live: it replaces the previously approved one (which stays in the
    history). ``reviewer`` is None for automatic publication of a clean posting."""
    _not_own(version.posting, reviewer)
    with transaction.atomic():
        version = JobPostingVersion.objects.select_for_update().get(pk=version.pk)
        if version.status != VersionStatus.PENDING:
            raise job_error(JobErrorCode.STATE)
        posting = JobPosting.objects.select_for_update().get(pk=version.posting_id)
        now = timezone.now()
        version.status = VersionStatus.APPROVED
        version.decided_by, version.decided_at = reviewer, now
        version.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        posting.live_version = version
        posting.valid_until = version.valid_until
        if posting.status != PostingStatus.PAUSED:
            posting.status = PostingStatus.PUBLISHED
        posting.published_at = posting.published_at or now
        posting.save()
        event(posting, EventKind.APPROVED, actor=actor, version=version)
    return version


def reject_version(
    version: JobPostingVersion,
    reviewer: User,
    *,
    reasons: list[str],
    note: str = "",
    actor: Actor,
) -> JobPostingVersion:
    """The version goes back to the employer with reasons; a published posting keeps its
    approved version live."""
    _not_own(version.posting, reviewer)
    chosen = _reasons(reasons, note)
    with transaction.atomic():
        version = JobPostingVersion.objects.select_for_update().get(pk=version.pk)
        if version.status != VersionStatus.PENDING:
            raise job_error(JobErrorCode.STATE)
        posting = JobPosting.objects.select_for_update().get(pk=version.posting_id)
        version.status = VersionStatus.REJECTED
        version.decided_by, version.decided_at = reviewer, timezone.now()
        version.reasons, version.note = chosen, note.strip()
        version.save()
        if posting.status == PostingStatus.IN_REVIEW:
            posting.status = PostingStatus.DRAFT
            posting.save(update_fields=["status", "updated_at"])
        event(posting, EventKind.REJECTED, actor=actor, version=version, reasons=chosen, note=note)
    return version


def take_down(
    posting: JobPosting, reviewer: User, *, reasons: list[str], note: str = "", actor: Actor
) -> JobPosting:
    """Remove a posting from the public at once, keeping the evidence (what was live)."""
    chosen = _reasons(reasons, note)
    with transaction.atomic():
        posting = JobPosting.objects.select_for_update().get(pk=posting.pk)
        if posting.status == PostingStatus.TAKEN_DOWN:
            raise job_error(JobErrorCode.STATE)
        live = posting.live_version
        evidence = {
            "live_version": live.number if live else None,
            "title": live.title if live else "",
            "status_before": posting.status,
        }
        posting.status = PostingStatus.TAKEN_DOWN
        posting.save(update_fields=["status", "updated_at"])
        event(
            posting,
            EventKind.TAKEN_DOWN,
            actor=actor,
            version=live,
            reasons=chosen,
            note=note,
            evidence=evidence,
        )
    return posting


def reinstate(posting: JobPosting, *, note: str, actor: Actor) -> JobPosting:
    """Undo a take-down that was overturned (an appeal against it succeeded, or the sanction
    was revoked): the posting returns to the state it was taken down from, except that a
    published posting whose validity has ended meanwhile comes back expired (JOB-03). The
    take-down stays in the posting's history, followed by this event."""
    with transaction.atomic():
        posting = JobPosting.objects.select_for_update().get(pk=posting.pk)
        if posting.status != PostingStatus.TAKEN_DOWN:
            raise job_error(JobErrorCode.STATE)
        events = posting.events.filter(kind=EventKind.TAKEN_DOWN)
        taken_down = events.order_by("-created_at").first()
        before = str((taken_down.evidence if taken_down else {}).get("status_before", ""))
        status = before if before in PostingStatus.values else PostingStatus.PAUSED
        if status == PostingStatus.TAKEN_DOWN:
            status = PostingStatus.PAUSED
        if status == PostingStatus.PUBLISHED and (
            posting.valid_until is None or posting.valid_until < local_today()
        ):
            status = PostingStatus.EXPIRED
        posting.status = status
        posting.save(update_fields=["status", "updated_at"])
        event(posting, EventKind.REINSTATED, actor=actor, version=posting.live_version, note=note)
    return posting

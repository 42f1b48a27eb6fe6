"""Creating, editing, submitting and running postings (JOB-01…JOB-08, VER-08, VER-09)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import replace

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from rencai.audit.actions import record_event
from rencai.core.actors import Actor, system_actor
from rencai.core.occupations import allows_gender_restriction, is_minor_prohibited
from rencai.core.timeutil import local_today
from rencai.jobs.choices import EventKind, PostingStatus, VersionStatus
from rencai.jobs.content import PostingContent, clean_content, content_of
from rencai.jobs.errors import JobErrorCode, job_error
from rencai.jobs.models import JobPosting, JobPostingVersion, PostingEvent
from rencai.jobs.screening.engine import RISK_REVIEW_THRESHOLD, risk_of, verdict_of
from rencai.jobs.screening_support import finding_json, screen_fields
from rencai.orgs.choices import AccountClass, OrgStatus
from rencai.orgs.models import Membership, Organisation
from rencai.orgs.queries import posting_block_reason
from rencai.risk.scores import review_required as risk_review_required
from rencai.sanctions.enforcement import ensure_may_post
from rencai.search import indexing

LIVE_STATES = frozenset({PostingStatus.PUBLISHED, PostingStatus.PAUSED})


def event(
    posting: JobPosting,
    kind: str,
    *,
    actor: Actor,
    version: JobPostingVersion | None = None,
    reasons: list[str] | None = None,
    note: str = "",
    evidence: Mapping[str, object] | None = None,
) -> PostingEvent:
    """Append to the posting's immutable history and to the audit trail (same transaction)."""
    row = PostingEvent.objects.create(
        posting=posting,
        version=version,
        kind=kind,
        actor=actor.user,
        reasons=reasons or [],
        note=note,
        evidence=dict(evidence or {}),
    )
    record_event(
        actor,
        f"jobs.posting_{kind}",
        posting,
        after={
            "version": version.number if version else None,
            "status": posting.status,
            "reasons": reasons or [],
        },
    )
    # Every change of state passes here: the index follows after the commit.
    indexing.postings_changed([posting.pk])
    return row


def _ensure_can_post(org: Organisation) -> None:
    ensure_may_post(org)  # FRD-02: posting suspended or restricted by a sanction
    reason = posting_block_reason(org)
    if reason is not None:
        raise job_error(JobErrorCode.ORG_CANNOT_POST, extra={"reason": reason})


def _client(org: Organisation, client: Organisation | None, entrustment: str) -> None:
    """Employers post their own vacancies (VER-08); agencies name a verified client and the
    entrustment (VER-09)."""
    if org.account_class == AccountClass.AGENCY:
        if client is None or not entrustment.strip():
            raise job_error(JobErrorCode.CLIENT_REQUIRED, field="client_id")
        if client.pk == org.pk or client.status != OrgStatus.VERIFIED:
            raise job_error(JobErrorCode.CLIENT_INVALID, field="client_id")
    elif client is not None:
        raise job_error(JobErrorCode.OWN_VACANCIES_ONLY, field="client_id")


def _version_fields(content: PostingContent) -> dict[str, object]:
    return content.as_fields()


def create_posting(
    org: Organisation,
    owner: Membership,
    content: PostingContent,
    *,
    client: Organisation | None = None,
    entrustment: str = "",
    source: str = "",
    actor: Actor,
) -> JobPosting:
    """A new posting as a draft (version 1). Nothing is public until a version is approved."""
    _ensure_can_post(org)
    _client(org, client, entrustment)
    clean = clean_content(content)
    with transaction.atomic():
        posting = JobPosting.objects.create(
            organisation=org,
            client=client,
            entrustment=entrustment.strip()[:200],
            source=source.strip()[:200],
            owner=owner,
            minor_prohibited=is_minor_prohibited(clean.category),
        )
        version = JobPostingVersion.objects.create(
            posting=posting, number=1, **_version_fields(clean)
        )
        event(posting, EventKind.CREATED, actor=actor, version=version)
    return posting


def _open_version(posting: JobPosting) -> JobPostingVersion | None:
    return posting.versions.filter(status__in=[VersionStatus.DRAFT, VersionStatus.PENDING]).first()


def update_posting(
    posting: JobPosting, content: PostingContent, *, actor: Actor
) -> JobPostingVersion:
    """Edit the draft; for a published posting, start a new version: the approved one stays
    live until the new one is approved."""
    if posting.status == PostingStatus.TAKEN_DOWN:
        raise job_error(JobErrorCode.STATE)
    clean = clean_content(content)
    with transaction.atomic():
        posting = JobPosting.objects.select_for_update().get(pk=posting.pk)
        current = _open_version(posting)
        if current is not None and current.status == VersionStatus.PENDING:
            raise job_error(JobErrorCode.VERSION_IN_REVIEW)
        if current is None:
            number = (posting.versions.aggregate(n=Max("number"))["n"] or 0) + 1
            current = JobPostingVersion.objects.create(
                posting=posting, number=number, **_version_fields(clean)
            )
        else:
            for name, value in _version_fields(clean).items():
                setattr(current, name, value)
            current.verdict, current.findings = "", []
            current.save()
        posting.minor_prohibited = is_minor_prohibited(clean.category)
        posting.save(update_fields=["minor_prohibited", "updated_at"])
        record_event(actor, "jobs.posting_edited", posting, after={"version": current.number})
    return current


def submit_posting(
    posting: JobPosting, *, justification: str = "", actor: Actor
) -> JobPostingVersion:
    """Screen the edited version and send it to review (JOB-08). ``block`` findings refuse
    the submission (``posting_blocked``, with the findings); ``review`` findings need a
    justification. A ``pass`` posting of an organisation in good standing is published at
    once when ``JOBS_AUTO_PUBLISH`` is on; everything else waits for a reviewer."""
    _ensure_can_post(posting.organisation)
    version = _open_version(posting)
    if version is None or version.status != VersionStatus.DRAFT:
        raise job_error(JobErrorCode.NOTHING_TO_SUBMIT)
    content = content_of(version)
    clean_content(content)  # the rules may have changed since the draft was saved
    verdict, findings, risk = _screen(content)
    if verdict == "block":
        with transaction.atomic():
            version.verdict, version.findings = verdict, findings
            version.save(update_fields=["verdict", "findings", "updated_at"])
            record_event(actor, "jobs.posting_blocked", posting, after={"version": version.number})
        raise job_error(JobErrorCode.BLOCKED, extra={"findings": findings})
    if verdict == "review" and not justification.strip():
        raise job_error(
            JobErrorCode.JUSTIFICATION_REQUIRED, field="justification", extra={"findings": findings}
        )
    with transaction.atomic():
        posting = JobPosting.objects.select_for_update().get(pk=posting.pk)
        version.status = VersionStatus.PENDING
        version.verdict, version.findings = verdict, findings
        version.justification = justification.strip()[:2000]
        version.submitted_by, version.submitted_at = actor.user, timezone.now()
        version.save()
        if posting.status not in LIVE_STATES:
            posting.status = PostingStatus.IN_REVIEW
        posting.risk_score = risk
        posting.save(update_fields=["status", "risk_score", "updated_at"])
        event(posting, EventKind.SUBMITTED, actor=actor, version=version)
    # High-risk postings (FRD-01, FRD-06) always go to a person, whatever the verdict.
    high_risk = risk_review_required(posting, actor=actor)
    if (
        verdict == "pass"
        and risk < RISK_REVIEW_THRESHOLD
        and not high_risk
        and settings.JOBS_AUTO_PUBLISH
    ):
        from rencai.jobs.actions.review import approve_version

        approve_version(version, None, actor=system_actor())
    version.refresh_from_db()
    return version


# Full-time-equivalent hours and days for comparing pay quoted per day or hour.
_MONTHLY_FACTOR = {"month": 1.0, "day": 21.75, "hour": 174.0}


def monthly_pay(content: PostingContent) -> int | None:
    """The upper pay as a monthly figure (None for piece rates)."""
    factor = _MONTHLY_FACTOR.get(content.pay_period)
    return int(content.pay_max * factor) if factor else None


def _screen(content: PostingContent) -> tuple[str, list[dict[str, object]], int]:
    """Screen the free text once: the verdict, the findings as stored, the risk score.

    A gender restriction in a category listed in the women workers' protection rules
    (mining underground, 4th-grade physical labour) is not refused outright but goes to a
    reviewer (DIS-06)."""
    found = list(screen_fields(content.screened_text()).findings)
    if allows_gender_restriction(content.category):
        found = [
            replace(finding, severity="review")
            if finding.category == "gender" and finding.severity == "block"
            else finding
            for finding in found
        ]
    risk = risk_of(found, pay_max_monthly=monthly_pay(content))
    return verdict_of(found), [finding_json(finding) for finding in found], risk


def withdraw_version(posting: JobPosting, *, actor: Actor) -> JobPostingVersion:
    """Take a version back from review to edit it again."""
    with transaction.atomic():
        version = _open_version(posting)
        if version is None or version.status != VersionStatus.PENDING:
            raise job_error(JobErrorCode.STATE)
        version.status = VersionStatus.WITHDRAWN
        version.save(update_fields=["status", "updated_at"])
        draft = JobPostingVersion.objects.create(
            posting=posting,
            number=version.number + 1,
            **_version_fields(content_of(version)),
        )
        if posting.status == PostingStatus.IN_REVIEW:
            posting.status = PostingStatus.DRAFT
            posting.save(update_fields=["status", "updated_at"])
        record_event(actor, "jobs.version_withdrawn", posting, after={"version": version.number})
    return draft


def _transition(
    posting: JobPosting, allowed: Collection[str], status: str, kind: str, *, actor: Actor
) -> JobPosting:
    with transaction.atomic():
        posting = JobPosting.objects.select_for_update().get(pk=posting.pk)
        if posting.status not in allowed:
            raise job_error(JobErrorCode.STATE)
        posting.status = status
        posting.save(update_fields=["status", "updated_at"])
        event(posting, kind, actor=actor, version=posting.live_version)
    return posting


def pause_posting(posting: JobPosting, *, actor: Actor) -> JobPosting:
    return _transition(
        posting, {PostingStatus.PUBLISHED}, PostingStatus.PAUSED, EventKind.PAUSED, actor=actor
    )


def resume_posting(posting: JobPosting, *, actor: Actor, by_platform: bool = False) -> JobPosting:
    """Publish a paused posting again. The organisation may not while complaint
    concentration keeps it under review (FRD-03); the platform resumes postings itself when
    it dismisses the complaints or overturns a sanction (``by_platform``)."""
    _ensure_can_post(posting.organisation)
    if not by_platform:
        # Imported here: the reports module pauses and resumes postings through this one.
        from rencai.moderation.reports import account_under_review

        if account_under_review(organisation=posting.organisation):
            raise job_error(JobErrorCode.ORG_UNDER_REVIEW)
    if posting.valid_until is None or posting.valid_until < local_today():
        raise job_error(JobErrorCode.STATE)
    return _transition(
        posting, {PostingStatus.PAUSED}, PostingStatus.PUBLISHED, EventKind.RESUMED, actor=actor
    )


def close_posting(posting: JobPosting, *, actor: Actor) -> JobPosting:
    """The vacancy is filled or withdrawn; the posting leaves the public pages."""
    allowed = {PostingStatus.DRAFT, PostingStatus.IN_REVIEW, *LIVE_STATES}
    return _transition(posting, allowed, PostingStatus.CLOSED, EventKind.CLOSED, actor=actor)


def renew_posting(posting: JobPosting, valid_until: dt.date, *, actor: Actor) -> JobPostingVersion:
    """Start a new version with a new validity period (it goes through screening and review
    like any edit)."""
    if posting.live_version is None or posting.status == PostingStatus.TAKEN_DOWN:
        raise job_error(JobErrorCode.STATE)
    content = content_of(posting.live_version)
    renewed = PostingContent(**{**content.__dict__, "valid_until": valid_until})
    if posting.status in (PostingStatus.EXPIRED, PostingStatus.CLOSED):
        with transaction.atomic():
            posting.status = PostingStatus.DRAFT
            posting.save(update_fields=["status", "updated_at"])
    return update_posting(posting, renewed, actor=actor)


def expire_postings(*, today: dt.date | None = None, actor: Actor | None = None) -> int:
    """Unpublish every posting whose validity has ended (JOB-03); runs every few minutes."""
    today = today or local_today()
    actor = actor or system_actor()
    expired = JobPosting.objects.filter(status__in=LIVE_STATES, valid_until__lt=today)
    count = 0
    for posting in expired.order_by("pk"):
        with transaction.atomic():
            posting.status = PostingStatus.EXPIRED
            posting.save(update_fields=["status", "updated_at"])
            event(posting, EventKind.EXPIRED, actor=actor, version=posting.live_version)
        count += 1
    return count

"""Complaints and reports (CMP-01, DIS-08) and complaint concentration (FRD-03).

Anyone reports a posting, an organisation or a published review (anonymous visitors
too); signed-in people also report messages, resumes (employers) and people they met in a
conversation. Every report gets a public reference number, a due date of receipt + the working
days of its category (``report_deadlines.DUE_WORKING_DAYS``) and evidence kept unchanged:
a snapshot of the target as it was and any files uploaded, each with its SHA-256.

Reports on the same target are grouped in one open ``ReportCase``; trust & safety assigns
and decides the case with reasons, which closes every report in it and tells the
reporters. When one organisation or user is reported by ``REPORT_CONCENTRATION_THRESHOLD``
distinct signed-in reporters within ``REPORT_CONCENTRATION_WINDOW_DAYS`` days, the account
goes under review at once and the organisation's published postings are paused (the
jobs app's reversible ``pause_posting``); dismissing the case resumes them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
import uuid
from collections.abc import Sequence

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rencai.accounts.models import User
from rencai.audit.actions import record_event
from rencai.core.actors import Actor, system_actor
from rencai.core.errors import DomainError, permission_denied
from rencai.core.ratelimit import hit
from rencai.core.timeutil import local_today
from rencai.core.workdays import add_working_days
from rencai.files.actions import store_checked
from rencai.files.choices import DOCUMENT_KINDS
from rencai.files.inspect import CheckedUpload, check_upload
from rencai.moderation import report_notices as notices
from rencai.moderation.choices import (
    OPEN_CASE_STATES,
    CaseOutcome,
    CaseStatus,
    EvidenceKind,
    ReportCategory,
    ReportStatus,
    TargetKind,
)
from rencai.moderation.errors import ModerationErrorCode, moderation_error
from rencai.moderation.models import Report, ReportCase, ReportEvidence, ReportStatusUpdate
from rencai.moderation.permissions import can_handle_reports
from rencai.moderation.report_deadlines import current_category, due_for
from rencai.moderation.report_targets import Target, resolve_target, snapshot_hash
from rencai.orgs.models import Organisation

logger = logging.getLogger(__name__)

EVIDENCE_PURPOSE = "report_evidence"
EVIDENCE_KINDS = DOCUMENT_KINDS  # images and PDFs
MAX_EVIDENCE_FILES = 5
DETAILS_MIN, DETAILS_MAX = 5, 2000
CONTACT_MAX = 100
NOTE_MIN, NOTE_MAX = 5, 2000
# An account under review is looked at within a working day (FRD-03 "immediate").
ACCOUNT_REVIEW_WORKING_DAYS = 1

Evidence = UploadedFile | CheckedUpload


def evidence_max_bytes() -> int:
    return int(getattr(settings, "REPORT_EVIDENCE_MAX_BYTES", 5 * 1024 * 1024))


def concentration_threshold() -> int:
    return int(getattr(settings, "REPORT_CONCENTRATION_THRESHOLD", 5))


def concentration_window_days() -> int:
    return int(getattr(settings, "REPORT_CONCENTRATION_WINDOW_DAYS", 7))


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_reference() -> str:
    return "RP" + secrets.token_hex(5).upper()


def _rate_limit(actor: Actor) -> None:
    message = _("Too many reports. Try again later.")
    hit(
        "report",
        actor.ip or "unknown",
        limit=settings.JOBS_REPORTS_HOURLY_LIMIT_PER_IP,
        window=3600,
        code=ModerationErrorCode.RATE_LIMITED,
        message=message,
    )
    if actor.user is not None:
        hit(
            "report-user",
            str(actor.user.pk),
            limit=int(getattr(settings, "REPORTS_DAILY_LIMIT_PER_USER", 30)),
            window=86400,
            code=ModerationErrorCode.RATE_LIMITED,
            message=message,
        )


def _clean_input(category: str, details: str, *, optional: bool) -> tuple[str, str]:
    category = current_category(category or "")
    if category not in ReportCategory.values:
        raise moderation_error(ModerationErrorCode.CATEGORY_INVALID)
    text = (details or "").strip()
    # A reported message or conversation speaks for itself; else a few words are needed.
    minimum = 0 if optional else DETAILS_MIN
    if not minimum <= len(text) <= DETAILS_MAX:
        raise moderation_error(ModerationErrorCode.DETAILS_INVALID)
    return category, text


def _checked_files(evidence_files: Sequence[Evidence]) -> list[CheckedUpload]:
    if len(evidence_files) > MAX_EVIDENCE_FILES:
        raise moderation_error(
            ModerationErrorCode.TOO_MANY_FILES, params={"count": MAX_EVIDENCE_FILES}
        )
    checked = []
    for upload in evidence_files:
        if isinstance(upload, CheckedUpload):
            checked.append(upload)
        else:
            checked.append(
                check_upload(
                    upload, accept=EVIDENCE_KINDS, field="evidence", max_bytes=evidence_max_bytes()
                )
            )
    return checked


def _open_case(target: Target) -> ReportCase:
    """The open case of ``target`` (locked), created if there is none."""
    case = (
        ReportCase.objects.select_for_update()
        .filter(target_kind=target.kind, target_id=target.id, status__in=OPEN_CASE_STATES)
        .first()
    )
    if case is not None:
        return case
    try:
        with transaction.atomic():
            return ReportCase.objects.create(
                target_kind=target.kind,
                target_id=target.id,
                target_label=target.label[:200],
                subject_organisation=target.organisation,
                subject_user=target.user,
            )
    except IntegrityError:  # another report opened it at the same moment
        return ReportCase.objects.select_for_update().get(
            target_kind=target.kind, target_id=target.id, status__in=OPEN_CASE_STATES
        )


def file_report(
    *,
    target_kind: str,
    target_id: object,
    category: str,
    details: str,
    evidence_files: Sequence[Evidence] = (),
    actor: Actor,
    contact: str = "",
    context: dict[str, str] | None = None,
) -> Report:
    """Keep a report about a target and give the reporter a reference number.

    Anonymous visitors (``actor.user`` None) may report postings and organisations; they
    may leave a ``contact`` and get a secret token, returned once on the report as
    ``report.access_token`` (only its hash is kept), to follow the report. Legacy category
    names of the older report forms are accepted. ``context`` records where the report
    was made (e.g. ``{"conversation": id}``: details are then optional, as for messages).

    Errors: 404 when the target does not exist or is not visible to the reporter; 400
    ``report_target_kind_invalid``, ``report_category_invalid``, ``report_details_invalid``,
    ``report_contact_invalid``, ``report_own_target``, ``report_too_many_files`` and the
    files app's upload codes;
    401 ``report_sign_in_required``; 409 ``report_duplicate``; 429 ``report_rate_limited``.
    """
    reporter = actor.user
    category, text = _clean_input(
        category, details, optional=target_kind == TargetKind.MESSAGE or bool(context)
    )
    contact = (contact or "").strip() if reporter is None else ""
    if len(contact) > CONTACT_MAX:
        raise moderation_error(ModerationErrorCode.CONTACT_INVALID)
    target = resolve_target(target_kind, target_id, reporter)
    files = _checked_files(evidence_files)
    if reporter is not None and _open_report_of(reporter, target) is not None:
        raise moderation_error(ModerationErrorCode.DUPLICATE)
    _rate_limit(actor)
    token = secrets.token_urlsafe(18) if reporter is None else ""
    now = timezone.now()
    due = due_for(category, timezone.localdate(now))
    with transaction.atomic():
        case = _open_case(target)
        if reporter is not None and _open_report_of(reporter, target) is not None:
            raise moderation_error(ModerationErrorCode.DUPLICATE)
        report = Report.objects.create(
            reference=_new_reference(),
            case=case,
            reporter=reporter,
            contact=contact,
            token_hash=_hash_token(token) if token else "",
            category=category,
            details=text,
            received_at=now,
            due_date=due.date,
            due_provisional=due.provisional,
            context={**target.context, **(context or {})},
        )
        ReportEvidence.objects.create(
            report=report,
            kind=EvidenceKind.SNAPSHOT,
            sha256=snapshot_hash(target.snapshot),
            snapshot=target.snapshot,
        )
        hashes = [snapshot_hash(target.snapshot)]
        for checked in files:
            stored = store_checked(checked, purpose=EVIDENCE_PURPOSE, owner=reporter, actor=actor)
            ReportEvidence.objects.create(
                report=report, kind=EvidenceKind.FILE, file=stored, sha256=stored.sha256
            )
            hashes.append(stored.sha256)
        ReportStatusUpdate.objects.create(report=report, status=ReportStatus.RECEIVED)
        if case.due_date is None or due.date < case.due_date:
            case.due_date = due.date
            case.save(update_fields=["due_date", "updated_at"])
        record_event(
            actor,
            "moderation.report_filed",
            report,
            after={
                "reference": report.reference,
                "case": str(case.pk),
                "target_kind": target.kind,
                "target_id": str(target.id),
                "category": category,
                "due_date": due.date.isoformat(),
                "evidence": hashes,
                "anonymous": reporter is None,
            },
        )
        if reporter is not None:
            _notify(report, notices.RECEIVED, actor=actor)
        _check_concentration(target, actor=actor)
    report.access_token = token
    return report


def _open_report_of(reporter: User, target: Target) -> Report | None:
    return (
        Report.objects.filter(
            reporter=reporter,
            case__target_kind=target.kind,
            case__target_id=target.id,
            case__status__in=OPEN_CASE_STATES,
        )
        .exclude(status=ReportStatus.CLOSED)
        .first()
    )


def _notify(report: Report, kind: str, *, actor: Actor) -> None:
    """Tell a signed-in reporter (anonymous reporters look their report up)."""
    if report.reporter is None:
        return
    from rencai.notifications.actions import notify

    notify(
        report.reporter,
        kind,
        params={"reference": report.reference, "due": report.due_date.isoformat()},
        url=reverse("moderation_reports:mine_detail", args=[report.reference]),
        actor=actor,
    )


def _notify_account(
    organisation: Organisation | None,
    user: User | None,
    kind: str,
    params: dict[str, str],
    *,
    actor: Actor,
) -> None:
    """Tell the account under review: an organisation's administrators, or the person.
    Nothing names the reporters."""
    from rencai.notifications.actions import notify
    from rencai.orgs.models import Membership

    if organisation is not None:
        recipients = [
            m.user
            for m in Membership.objects.filter(
                organisation=organisation, role="admin", status="active"
            ).select_related("user")
        ]
    else:
        recipients = [user] if user is not None else []
    for recipient in recipients:
        notify(recipient, kind, params=params, actor=actor)


# --- complaint concentration (FRD-03) -------------------------------------------------------


def account_under_review(
    *, user: User | None = None, organisation: Organisation | None = None
) -> bool:
    """Whether complaint concentration put this account under review and trust & safety
    has not decided the case yet (FRD-03)."""
    cases = ReportCase.objects.filter(account_review=True, status__in=OPEN_CASE_STATES)
    if organisation is not None:
        return cases.filter(target_kind=TargetKind.ORGANISATION, target_id=organisation.pk).exists()
    if user is not None:
        return cases.filter(target_kind=TargetKind.USER, target_id=user.pk).exists()
    return False


def distinct_reporters(
    *, organisation: Organisation | None = None, user: User | None = None, since: dt.datetime
) -> int:
    """Signed-in people who reported the account (any of its content) since ``since``.
    Anonymous reports do not count: one person could send any number of them."""
    reports = Report.objects.filter(received_at__gte=since, reporter__isnull=False)
    if organisation is not None:
        reports = reports.filter(case__subject_organisation=organisation)
    elif user is not None:
        reports = reports.filter(case__subject_user=user)
    else:
        return 0
    return reports.values("reporter").distinct().count()


def _counting_since(kind: str, account_id: uuid.UUID) -> dt.datetime:
    """The start of the window, but never before the last decided review of the account:
    reports an operator already weighed do not put it under review again."""
    since = timezone.now() - dt.timedelta(days=concentration_window_days())
    last = (
        ReportCase.objects.filter(
            target_kind=kind, target_id=account_id, account_review=True, decided_at__isnull=False
        )
        .order_by("-decided_at")
        .values_list("decided_at", flat=True)
        .first()
    )
    return max(since, last) if last is not None else since


def _check_concentration(target: Target, *, actor: Actor) -> None:
    if target.organisation is not None:
        org = target.organisation
        if account_under_review(organisation=org):
            return
        since = _counting_since(TargetKind.ORGANISATION, org.pk)
        if distinct_reporters(organisation=org, since=since) >= concentration_threshold():
            _start_account_review(
                Target(TargetKind.ORGANISATION, org.pk, org.legal_name, organisation=org),
                actor=actor,
            )
    elif target.user is not None:
        person = target.user
        if account_under_review(user=person):
            return
        since = _counting_since(TargetKind.USER, person.pk)
        if distinct_reporters(user=person, since=since) >= concentration_threshold():
            _start_account_review(
                Target(
                    TargetKind.USER, person.pk, person.display_name or str(person.pk), user=person
                ),
                actor=actor,
            )


def _start_account_review(account: Target, *, actor: Actor) -> ReportCase:
    """Put the account under review and pause the organisation's published postings."""
    from rencai.jobs import actions as jobs_actions
    from rencai.jobs.choices import PostingStatus
    from rencai.jobs.models import JobPosting

    system = system_actor()
    case = _open_case(account)
    paused: list[str] = []
    if account.organisation is not None:
        for posting in JobPosting.objects.filter(
            organisation=account.organisation, status=PostingStatus.PUBLISHED
        ):
            jobs_actions.pause_posting(posting, actor=system)
            paused.append(str(posting.pk))
    due = add_working_days(local_today(), ACCOUNT_REVIEW_WORKING_DAYS).date
    case.account_review = True
    case.review_started_at = timezone.now()
    case.status = CaseStatus.UNDER_REVIEW
    case.paused_postings = paused
    if case.due_date is None or due < case.due_date:
        case.due_date = due
    case.save()
    _notify_account(
        account.organisation,
        account.user,
        notices.ACCOUNT_UNDER_REVIEW,
        {"count": str(len(paused))},
        actor=system,
    )
    record_event(
        system,
        "moderation.account_under_review",
        case,
        after={
            "target_kind": account.kind,
            "target_id": str(account.id),
            "threshold": concentration_threshold(),
            "window_days": concentration_window_days(),
            "paused_postings": paused,
            "triggered_by": actor.label,
        },
    )
    return case


# --- the operators' actions -------------------------------------------------------------------


def _locked_open(case: ReportCase) -> ReportCase:
    locked = ReportCase.objects.select_for_update().get(pk=case.pk)
    if locked.status == CaseStatus.DECIDED:
        raise moderation_error(ModerationErrorCode.CASE_DECIDED)
    return locked


def _require_handler(actor: Actor) -> User:
    if actor.user is None or not can_handle_reports(actor.user):
        raise permission_denied()
    return actor.user


def assign_case(case: ReportCase, *, assignee: User, actor: Actor) -> ReportCase:
    """Give the case to a trust & safety operator (usually oneself); its reports are now
    being handled, which their reporters see."""
    _require_handler(actor)
    if not can_handle_reports(assignee):
        raise permission_denied()
    with transaction.atomic():
        case = _locked_open(case)
        before = str(case.assignee_id) if case.assignee_id else None
        case.assignee = assignee
        case.status = CaseStatus.UNDER_REVIEW
        case.save(update_fields=["assignee", "status", "updated_at"])
        for report in case.reports.filter(status=ReportStatus.RECEIVED):
            report.status = ReportStatus.IN_PROGRESS
            report.save(update_fields=["status", "updated_at"])
            ReportStatusUpdate.objects.create(
                report=report, status=ReportStatus.IN_PROGRESS, author=actor.user
            )
        record_event(
            actor,
            "moderation.case_assigned",
            case,
            before={"assignee": before},
            after={"assignee": str(assignee.pk)},
        )
    return case


def _note(text: str) -> str:
    cleaned = (text or "").strip()
    if not NOTE_MIN <= len(cleaned) <= NOTE_MAX:
        raise moderation_error(ModerationErrorCode.NOTE_REQUIRED)
    return cleaned


def add_status_update(case: ReportCase, *, note: str, actor: Actor) -> list[ReportStatusUpdate]:
    """A note to every reporter of the open case, shown on their report's timeline."""
    _require_handler(actor)
    cleaned = _note(note)
    with transaction.atomic():
        case = _locked_open(case)
        updates = []
        for report in case.reports.exclude(status=ReportStatus.CLOSED):
            updates.append(
                ReportStatusUpdate.objects.create(
                    report=report, status=report.status, note=cleaned, author=actor.user
                )
            )
            _notify(report, notices.UPDATED, actor=actor)
        record_event(actor, "moderation.case_note_added", case, after={"reports": len(updates)})
    return updates


def decide_case(
    case: ReportCase,
    *,
    outcome: str,
    reasons: str,
    actor: Actor,
    note_to_reporters: str = "",
    sanction_reference: str = "",
) -> ReportCase:
    """Decide the case with reasons: every report in it is closed and its reporter told.
    A case that put an account under review ends the review; when dismissed, the
    postings the review paused are published again (those that expired meanwhile or
    whose organisation may not post stay paused, and the audit event lists them)."""
    _require_handler(actor)
    if outcome not in CaseOutcome.values:
        raise moderation_error(ModerationErrorCode.OUTCOME_INVALID)
    cleaned = (reasons or "").strip()
    if len(cleaned) < 5:
        raise moderation_error(ModerationErrorCode.REASON_REQUIRED, field="reasons")
    public_note = (note_to_reporters or "").strip()[:NOTE_MAX]
    with transaction.atomic():
        case = _locked_open(case)
        now = timezone.now()
        case.status = CaseStatus.DECIDED
        case.outcome = outcome
        case.decision_reasons = cleaned
        case.decided_by = actor.user
        case.decided_at = now
        case.sanction_reference = (sanction_reference or "").strip()[:64]
        case.save()
        reports = list(case.reports.select_related("reporter"))
        for report in reports:
            report.status = ReportStatus.CLOSED
            report.closed_at = now
            report.save(update_fields=["status", "closed_at", "updated_at"])
            ReportStatusUpdate.objects.create(
                report=report, status=ReportStatus.CLOSED, note=public_note, author=actor.user
            )
            _notify(report, notices.DECIDED, actor=actor)
        record_event(
            actor,
            "moderation.case_decided",
            case,
            after={
                "outcome": outcome,
                "reports": [r.reference for r in reports],
                "sanction": case.sanction_reference or None,
            },
        )
        if case.account_review:
            resumed, kept = _end_account_review(case, resume=outcome == CaseOutcome.DISMISSED)
            _notify_account(
                case.subject_organisation,
                case.subject_user,
                notices.ACCOUNT_REVIEW_ENDED,
                {"resumed": str(len(resumed)), "kept": str(len(kept))},
                actor=actor,
            )
            record_event(
                actor,
                "moderation.account_review_lifted",
                case,
                after={"outcome": outcome, "resumed_postings": resumed, "still_paused": kept},
            )
    return case


def _end_account_review(case: ReportCase, *, resume: bool) -> tuple[list[str], list[str]]:
    from rencai.jobs import actions as jobs_actions
    from rencai.jobs.choices import PostingStatus
    from rencai.jobs.models import JobPosting

    resumed: list[str] = []
    kept: list[str] = []
    if not resume:
        return resumed, list(case.paused_postings)
    system = system_actor()
    for posting in JobPosting.objects.filter(
        pk__in=case.paused_postings, status=PostingStatus.PAUSED
    ):
        try:
            with transaction.atomic():
                jobs_actions.resume_posting(posting, actor=system, by_platform=True)
        except DomainError:
            kept.append(str(posting.pk))
        else:
            resumed.append(str(posting.pk))
    return resumed, kept


def set_sanction_reference(case: ReportCase, *, reference: str, actor: Actor) -> ReportCase:
    """Link a sanction (``rencai.sanctions``) to the case, decided or not."""
    _require_handler(actor)
    with transaction.atomic():
        locked = ReportCase.objects.select_for_update().get(pk=case.pk)
        before = locked.sanction_reference
        locked.sanction_reference = reference.strip()[:64]
        locked.save(update_fields=["sanction_reference", "updated_at"])
        record_event(
            actor,
            "moderation.case_sanction_linked",
            locked,
            before={"sanction": before or None},
            after={"sanction": locked.sanction_reference or None},
        )
    return locked


def log_evidence_download(evidence: ReportEvidence, *, actor: Actor) -> None:
    """Operators' downloads of evidence files are on the audit trail."""
    with transaction.atomic():
        record_event(
            actor,
            "moderation.evidence_downloaded",
            evidence,
            after={"report": evidence.report.reference, "sha256": evidence.sha256},
        )

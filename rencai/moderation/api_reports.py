"""API of complaints and reports (mounted in ``rencai/api.py``): filing and following a
report (``/reports``, anonymous visitors too) and the trust & safety queue
(``/operator/reports``; the auditor and the regulator read it). Same actions and queries
as the HTML pages (CMP-01, DIS-08, FRD-03)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.utils import check_csrf

from rencai.accounts.models import User
from rencai.core.api_support import AUTH, ERRORS, Page, StrictSchema, api_actor, paginate
from rencai.core.errors import DomainError, PermissionDenied, permission_denied
from rencai.core.timeutil import local_today
from rencai.moderation import report_queries as queries
from rencai.moderation import reports as actions
from rencai.moderation.choices import CaseStatus
from rencai.moderation.models import Report, ReportCase, ReportStatusUpdate
from rencai.moderation.permissions import can_handle_reports, can_view_reports

reports_router = Router(tags=["reports"])
ops_reports_router = Router(tags=["reports (operators)"], auth=AUTH)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


# --- schemas ------------------------------------------------------------------------------------


class StatusUpdateOut(Schema):
    status: str
    note: str
    at: dt.datetime

    @staticmethod
    def build(update: ReportStatusUpdate) -> StatusUpdateOut:
        return StatusUpdateOut(status=update.status, note=update.note, at=update.created_at)


class ReportOut(Schema):
    reference: str
    target_kind: str
    target_label: str
    category: str
    status: str
    received_at: dt.datetime
    due_date: dt.date
    outcome: str = ""

    @staticmethod
    def build(report: Report) -> ReportOut:
        return ReportOut(
            reference=report.reference,
            target_kind=report.case.target_kind,
            target_label=report.case.target_label,
            category=report.category,
            status=report.status,
            received_at=report.received_at,
            due_date=report.due_date,
            outcome=queries.outcome_of(report),
        )


class ReportDetailOut(ReportOut):
    timeline: list[StatusUpdateOut]

    @staticmethod
    def detail(report: Report) -> ReportDetailOut:
        return ReportDetailOut(
            **ReportOut.build(report).model_dump(),
            timeline=[StatusUpdateOut.build(u) for u in queries.timeline(report)],
        )


class FiledOut(ReportDetailOut):
    # Anonymous reporters only: with the reference it opens the report (shown once).
    token: str = ""


class EvidenceOut(Schema):
    id: uuid.UUID
    kind: str
    sha256: str
    file_name: str = ""
    content_type: str = ""
    size: int | None = None
    snapshot: dict[str, Any] = {}


class OpsReportOut(Schema):
    reference: str
    category: str
    status: str
    details: str
    anonymous: bool
    received_at: dt.datetime
    due_date: dt.date
    evidence: list[EvidenceOut]


class CaseOut(Schema):
    id: uuid.UUID
    target_kind: str
    target_id: uuid.UUID
    target_label: str
    status: str
    report_count: int
    due_date: dt.date | None
    overdue: bool
    assignee_id: uuid.UUID | None
    account_review: bool
    outcome: str
    decided_at: dt.datetime | None

    @staticmethod
    def build(case: ReportCase, report_count: int | None = None) -> CaseOut:
        count = report_count if report_count is not None else getattr(case, "report_count", 0)
        return CaseOut(
            id=case.pk,
            target_kind=case.target_kind,
            target_id=case.target_id,
            target_label=case.target_label,
            status=case.status,
            report_count=count,
            due_date=case.due_date,
            overdue=bool(
                case.is_open and case.due_date is not None and case.due_date < local_today()
            ),
            assignee_id=case.assignee_id,
            account_review=case.account_review,
            outcome=case.outcome,
            decided_at=case.decided_at,
        )


class CaseDetailOut(CaseOut):
    decision_reasons: str
    sanction_reference: str
    paused_postings: list[str]
    reports: list[OpsReportOut]


class DecideIn(StrictSchema):
    outcome: str = Field(..., max_length=12)
    reasons: str = Field(..., max_length=4000)
    note_to_reporters: str = Field("", max_length=2000)
    sanction_reference: str = Field("", max_length=64)


class NoteIn(StrictSchema):
    note: str = Field(..., max_length=2000)


def _case_detail(case: ReportCase) -> CaseDetailOut:
    reports = queries.case_reports(case)
    return CaseDetailOut(
        **CaseOut.build(case, len(reports)).model_dump(),
        decision_reasons=case.decision_reasons,
        sanction_reference=case.sanction_reference,
        paused_postings=[str(p) for p in case.paused_postings],
        reports=[
            OpsReportOut(
                reference=r.reference,
                category=r.category,
                status=r.status,
                details=r.details,
                anonymous=r.reporter_id is None,
                received_at=r.received_at,
                due_date=r.due_date,
                evidence=[
                    EvidenceOut(
                        id=e.pk,
                        kind=e.kind,
                        sha256=e.sha256,
                        file_name=e.file.original_name if e.file else "",
                        content_type=e.file.content_type if e.file else "",
                        size=e.file.size if e.file else None,
                        snapshot=e.snapshot,
                    )
                    for e in r.evidence.all()
                ],
            )
            for r in reports
        ],
    )


# --- reporters ----------------------------------------------------------------------------------


@reports_router.post("", response={201: FiledOut, **ERRORS}, summary="Report something")
def file_report(
    request: HttpRequest,
    target_kind: Form[str],
    target_id: Form[str],
    category: Form[str],
    details: Form[str] = "",
    contact: Form[str] = "",
    evidence: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Status[FiledOut]:
    """Multipart form. ``target_kind``: posting, organisation (anonymous visitors too),
    message, resume, user, review (signed in). ``evidence``: up to 5 images or PDFs.
    Anonymous reporters get ``token`` once: with the reference it opens the report's
    status. 400 ``report_target_kind_invalid``, ``report_category_invalid``,
    ``report_details_invalid``, ``report_contact_invalid``, ``report_own_target``,
    ``report_too_many_files`` and upload codes; 401 ``report_sign_in_required``; 404 for
    a target that does not exist or is not visible; 409 ``report_duplicate``; 429
    ``report_rate_limited``."""
    # Open to anonymous visitors, so not behind the session auth that checks CSRF: a
    # signed-in browser must still prove the request comes from this site.
    if request.user.is_authenticated and check_csrf(request) is not None:
        raise PermissionDenied(
            "csrf_failed", _("The form has expired. Reload the page and try again.")
        )
    report = actions.file_report(
        target_kind=target_kind,
        target_id=target_id,
        category=category,
        details=details,
        evidence_files=list(evidence or []),
        contact=contact,
        actor=api_actor(request),
    )
    row = queries.report_by_reference(report.reference)
    return Status(
        201, FiledOut(**ReportDetailOut.detail(row).model_dump(), token=report.access_token)
    )


@reports_router.get(
    "/mine", response={200: Page[ReportOut], **ERRORS}, summary="My reports", auth=AUTH
)
def my_reports(request: HttpRequest, page: int = 1, page_size: int = 20) -> Page[ReportOut]:
    rows, total, page, page_size = paginate(queries.reports_of(_user(request)), page, page_size)
    return Page(
        items=[ReportOut.build(r) for r in rows], total=total, page=page, page_size=page_size
    )


@reports_router.get("/{reference}", response={200: ReportDetailOut, **ERRORS}, summary="Report")
def report_status(request: HttpRequest, reference: str, token: str = "") -> ReportDetailOut:
    """A signed-in reporter's own report, or any report with its access ``token``; 404
    otherwise (the same for a wrong reference and a wrong token)."""
    user = request.user if request.user.is_authenticated else None
    report: Report | None = None
    if user is not None:
        try:
            report = queries.report_of(user, reference)
        except DomainError:
            report = None
    if report is None:
        report = queries.report_by_token(reference, token)
    return ReportDetailOut.detail(report)


# --- trust & safety -----------------------------------------------------------------------------


def _viewer(request: HttpRequest) -> User:
    user = _user(request)
    if not can_view_reports(user):
        raise permission_denied()
    return user


def _handler(request: HttpRequest) -> User:
    user = _user(request)
    if not can_handle_reports(user):
        raise permission_denied()
    return user


@ops_reports_router.get("", response={200: Page[CaseOut], **ERRORS}, summary="Report queue")
def queue(
    request: HttpRequest,
    status: str = "open",
    category: str = "",
    target_kind: str = "",
    overdue: bool = False,
    mine: bool = False,
    page: int = 1,
    page_size: int = 25,
) -> Page[CaseOut]:
    """Cases by due date with their number of reports. ``status``: open (default),
    under_review, decided or all."""
    user = _viewer(request)
    cases = queries.cases_for_operator(
        status=status,
        category=category,
        target_kind=target_kind,
        overdue=overdue,
        assignee=user if mine else None,
    )
    rows, total, page, page_size = paginate(cases, page, page_size)
    return Page(items=[CaseOut.build(c) for c in rows], total=total, page=page, page_size=page_size)


@ops_reports_router.get("/{case_id}", response={200: CaseDetailOut, **ERRORS}, summary="Case")
def case_detail(request: HttpRequest, case_id: uuid.UUID) -> CaseDetailOut:
    _viewer(request)
    return _case_detail(queries.case_for_operator(case_id))


@ops_reports_router.post(
    "/{case_id}/assign", response={200: CaseDetailOut, **ERRORS}, summary="Assign to me"
)
def assign(request: HttpRequest, case_id: uuid.UUID) -> CaseDetailOut:
    """409 ``report_case_decided``."""
    user = _handler(request)
    case = queries.case_for_operator(case_id)
    actions.assign_case(case, assignee=user, actor=api_actor(request))
    return _case_detail(queries.case_for_operator(case_id))


@ops_reports_router.post(
    "/{case_id}/updates", response={200: CaseDetailOut, **ERRORS}, summary="Note to reporters"
)
def add_update(request: HttpRequest, case_id: uuid.UUID, payload: NoteIn) -> CaseDetailOut:
    """400 ``report_note_required``; 409 ``report_case_decided``."""
    _handler(request)
    case = queries.case_for_operator(case_id)
    actions.add_status_update(case, note=payload.note, actor=api_actor(request))
    return _case_detail(case)


@ops_reports_router.post(
    "/{case_id}/decide", response={200: CaseDetailOut, **ERRORS}, summary="Decide"
)
def decide(request: HttpRequest, case_id: uuid.UUID, payload: DecideIn) -> CaseDetailOut:
    """``outcome``: upheld, dismissed or partly; ``reasons`` at least 5 characters. Every
    report is closed and its reporter told; dismissing a case that put an account under
    review publishes its paused postings again. 400 ``report_outcome_invalid``,
    ``reason_required``; 409 ``report_case_decided``."""
    _handler(request)
    case = queries.case_for_operator(case_id)
    actions.decide_case(
        case,
        outcome=payload.outcome,
        reasons=payload.reasons,
        note_to_reporters=payload.note_to_reporters,
        sanction_reference=payload.sanction_reference,
        actor=api_actor(request),
    )
    decided = queries.case_for_operator(case_id)
    assert decided.status == CaseStatus.DECIDED
    return _case_detail(decided)


class CaseSanctionIn(StrictSchema):
    """A sanction of ``rencai.sanctions`` imposed because of the case: its subject must be
    the case's organisation (or one of its postings, for ``take_down``) or account."""

    kind: str = Field(..., max_length=24, description="A ``SanctionKind`` value")
    rule: str = Field(..., max_length=40, description="A rule code (``rencai.sanctions.rules``)")
    reason: str = Field(..., max_length=2000, description="Shown to the sanctioned")
    user_id: uuid.UUID | None = None
    organisation_id: uuid.UUID | None = None
    posting_id: uuid.UUID | None = Field(None, description="For ``take_down``")
    days: int | None = Field(None, description="For restrictions and suspensions")
    note: str = Field("", max_length=10000, description="Kept in the evidence bundle")


class CaseSanctionOut(Schema):
    id: uuid.UUID
    kind: str
    status: str
    evidence_sha256: str
    case_id: uuid.UUID
    reports: list[str]


@ops_reports_router.post(
    "/{case_id}/sanctions",
    response={201: CaseSanctionOut, **ERRORS},
    summary="Impose a sanction from the case",
)
def impose_from_case(
    request: HttpRequest, case_id: uuid.UUID, payload: CaseSanctionIn
) -> Status[CaseSanctionOut]:
    """The case's reports (references, categories, evidence hashes) go into the sanction's
    evidence bundle and the case lists the sanction; the first sanction tells the reporters
    that measures were taken. 404 when the case, account, organisation or posting does not
    exist; 400 ``report_sanction_subject`` and the sanctions app's codes; 409
    ``report_case_dismissed``."""
    from rencai.moderation.report_sanctions import impose_for_case
    from rencai.sanctions import queries as sanction_queries

    _handler(request)
    case = queries.case_for_operator(case_id)
    named = sanction_queries.subjects_or_404(
        user_id=payload.user_id,
        organisation_id=payload.organisation_id,
        posting_id=payload.posting_id,
    )
    sanction = impose_for_case(
        case,
        kind=payload.kind,
        rule=payload.rule,
        reason=payload.reason,
        user=named.user,
        organisation=named.organisation,
        posting=named.posting,
        days=payload.days,
        note=payload.note,
        actor=api_actor(request),
    )
    reports = [r["reference"] for r in sanction.evidence["snapshot"]["case"]["reports"]]
    return Status(
        201,
        CaseSanctionOut(
            id=sanction.pk,
            kind=sanction.kind,
            status=sanction.status,
            evidence_sha256=sanction.evidence_sha256,
            case_id=case.pk,
            reports=reports,
        ),
    )

"""API routers (mounted in ``rencai/api.py``): the sanctioned person's notices and
appeals at ``/api/v1/me/sanctions``, the operator desk at ``/api/v1/operator/sanctions``.
The same actions and queries as the pages."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from rencai.accounts.models import User
from rencai.core.api_support import AUTH, ERRORS, Page, api_actor, paginate
from rencai.core.errors import permission_denied
from rencai.files.choices import DOCUMENT_KINDS
from rencai.files.inspect import check_upload
from rencai.sanctions import actions, queries
from rencai.sanctions.models import Appeal, Sanction
from rencai.sanctions.permissions import (
    can_impose_sanctions,
    can_view_sanctions,
    has_own_sanctions,
)
from rencai.sanctions.schemas import (
    AppealOut,
    AuthorityReportOut,
    DecisionIn,
    OperatorSanctionOut,
    ReasonIn,
    SanctionIn,
    SanctionOut,
    SubmissionIn,
)

me_sanctions_router = Router(tags=["sanctions"], auth=AUTH)
ops_sanctions_router = Router(tags=["sanctions (operators)"], auth=AUTH)

MAX_APPEAL_FILES = 3


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _subject(request: HttpRequest) -> User:
    user = _user(request)
    if not has_own_sanctions(user):
        raise permission_denied()
    return user


def _viewer(request: HttpRequest) -> User:
    user = _user(request)
    if not can_view_sanctions(user):
        raise permission_denied()
    return user


def _operator(request: HttpRequest) -> User:
    user = _user(request)
    if not can_impose_sanctions(user):
        raise permission_denied()
    return user


def _appeal(sanction: Sanction) -> Appeal | None:
    return getattr(sanction, "appeal", None)


def _with_files(rows: QuerySet[Sanction]) -> QuerySet[Sanction]:
    return rows.prefetch_related("appeal__evidence_files")


# --- the sanctioned person ---------------------------------------------------------------


@me_sanctions_router.get("", response={200: Page[SanctionOut], **ERRORS}, summary="My sanctions")
def my_sanctions(request: HttpRequest, page: int = 1, page_size: int = 25) -> Page[SanctionOut]:
    """The person's sanctions and those of their organisation, newest first."""
    user = _subject(request)
    rows, total, page, page_size = paginate(
        _with_files(queries.sanctions_of(user)), page, page_size
    )
    items = [SanctionOut.build(s, _appeal(s)) for s in rows]
    return Page(items=items, total=total, page=page, page_size=page_size)


@me_sanctions_router.get(
    "/{sanction_id}", response={200: SanctionOut, **ERRORS}, summary="One of my sanctions"
)
def my_sanction(request: HttpRequest, sanction_id: uuid.UUID) -> SanctionOut:
    sanction = queries.sanction_of(_subject(request), sanction_id)
    return SanctionOut.build(sanction, queries.appeal_of(sanction))


@me_sanctions_router.post(
    "/{sanction_id}/acknowledge",
    response={200: SanctionOut, **ERRORS},
    summary="Acknowledge a warning",
)
def acknowledge(request: HttpRequest, sanction_id: uuid.UUID) -> SanctionOut:
    sanction = queries.sanction_of(_subject(request), sanction_id)
    sanction = actions.acknowledge_warning(sanction, actor=api_actor(request))
    return SanctionOut.build(sanction, queries.appeal_of(sanction))


@me_sanctions_router.post(
    "/{sanction_id}/appeal", response={201: AppealOut, **ERRORS}, summary="Appeal a sanction"
)
def appeal(
    request: HttpRequest,
    sanction_id: uuid.UUID,
    statement: Form[str],
    file: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Status[AppealOut]:
    """Multipart: ``statement`` and up to three evidence files (``file``, PDF or image),
    within ``SANCTION_APPEAL_WINDOW_DAYS`` days of the notice (``appeal_window_closed``)."""
    sanction = queries.sanction_of(_subject(request), sanction_id)
    uploads = [check_upload(f, accept=DOCUMENT_KINDS) for f in (file or [])[:MAX_APPEAL_FILES]]
    made = actions.submit_appeal(
        sanction, statement=statement, evidence_files=uploads, actor=api_actor(request)
    )
    return Status(201, AppealOut.build(made))


# --- operators ---------------------------------------------------------------------------


@ops_sanctions_router.get(
    "/appeals", response={200: Page[AppealOut], **ERRORS}, summary="Appeals queue"
)
def appeals(request: HttpRequest, page: int = 1, page_size: int = 25) -> Page[AppealOut]:
    """Trust & safety: the pending appeals they may decide (never of their own sanctions).
    Auditors and the regulator: every appeal."""
    user = _viewer(request)
    rows_qs = queries.appeals_queue(user) if can_impose_sanctions(user) else queries.all_appeals()
    rows, total, page, page_size = paginate(
        rows_qs.prefetch_related("evidence_files"), page, page_size
    )
    items = [AppealOut.build(a) for a in rows]
    return Page(items=items, total=total, page=page, page_size=page_size)


@ops_sanctions_router.post(
    "/appeals/{appeal_id}/decide", response={200: AppealOut, **ERRORS}, summary="Decide an appeal"
)
def decide(request: HttpRequest, appeal_id: uuid.UUID, payload: DecisionIn) -> AppealOut:
    """``own_sanction`` (403) for the operator who imposed the sanction."""
    _operator(request)
    found = queries.appeal_for_operator(appeal_id)
    decided = actions.decide_appeal(
        found, outcome=payload.outcome, reason=payload.reason, actor=api_actor(request)
    )
    return AppealOut.build(decided)


@ops_sanctions_router.get(
    "/authority-reports",
    response={200: Page[AuthorityReportOut], **ERRORS},
    summary="Reports to the authorities",
)
def authority_reports(
    request: HttpRequest, status: str = "drafted", page: int = 1, page_size: int = 25
) -> Page[AuthorityReportOut]:
    _viewer(request)
    rows, total, page, page_size = paginate(
        queries.authority_reports(status=status), page, page_size
    )
    items = [AuthorityReportOut.build(r) for r in rows]
    return Page(items=items, total=total, page=page, page_size=page_size)


@ops_sanctions_router.post(
    "/authority-reports/{report_id}/submission",
    response={200: AuthorityReportOut, **ERRORS},
    summary="Record a submission",
)
def record_submission(
    request: HttpRequest, report_id: uuid.UUID, payload: SubmissionIn
) -> AuthorityReportOut:
    _operator(request)
    report = queries.authority_report_for_operator(report_id)
    report = actions.record_authority_submission(
        report, reference=payload.reference, note=payload.note, actor=api_actor(request)
    )
    return AuthorityReportOut.build(report)


@ops_sanctions_router.get(
    "", response={200: Page[OperatorSanctionOut], **ERRORS}, summary="Sanctions"
)
def sanctions(
    request: HttpRequest,
    status: str = "",
    kind: str = "",
    subject_id: uuid.UUID | None = None,
    page: int = 1,
    page_size: int = 25,
) -> Page[OperatorSanctionOut]:
    _viewer(request)
    rows_qs = queries.sanctions_for_operator(
        status=status, kind=kind, subject=str(subject_id) if subject_id else ""
    )
    rows, total, page, page_size = paginate(_with_files(rows_qs), page, page_size)
    items = [OperatorSanctionOut.build(s, _appeal(s)) for s in rows]
    return Page(items=items, total=total, page=page, page_size=page_size)


@ops_sanctions_router.post(
    "", response={201: OperatorSanctionOut, **ERRORS}, summary="Impose a sanction"
)
def impose(request: HttpRequest, payload: SanctionIn) -> Status[OperatorSanctionOut]:
    """Evidence files are attached on the operator page; here the evidence is the
    ``evidence`` snapshot. Unknown account, organisation or posting: 404."""
    _operator(request)
    named = queries.subjects_or_404(
        user_id=payload.user_id,
        organisation_id=payload.organisation_id,
        posting_id=payload.posting_id,
    )
    sanction = actions.impose_sanction(
        kind=payload.kind,
        rule=payload.rule,
        reason=payload.reason,
        user=named.user,
        organisation=named.organisation,
        posting=named.posting,
        days=payload.days,
        evidence=payload.evidence,
        legal_rep_id_number=payload.legal_rep_id_number,
        actor=api_actor(request),
    )
    return Status(201, OperatorSanctionOut.build(sanction))


@ops_sanctions_router.get(
    "/{sanction_id}", response={200: OperatorSanctionOut, **ERRORS}, summary="A sanction"
)
def sanction_detail(request: HttpRequest, sanction_id: uuid.UUID) -> OperatorSanctionOut:
    _viewer(request)
    sanction = queries.sanction_for_operator(sanction_id)
    return OperatorSanctionOut.build(sanction, queries.appeal_of(sanction))


@ops_sanctions_router.post(
    "/{sanction_id}/revoke", response={200: OperatorSanctionOut, **ERRORS}, summary="Revoke"
)
def revoke(request: HttpRequest, sanction_id: uuid.UUID, payload: ReasonIn) -> OperatorSanctionOut:
    _operator(request)
    sanction = queries.sanction_for_operator(sanction_id)
    sanction = actions.revoke_sanction(sanction, reason=payload.reason, actor=api_actor(request))
    return OperatorSanctionOut.build(sanction, queries.appeal_of(sanction))

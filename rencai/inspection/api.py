"""The regulator's read-only inspection API at ``/api/v1/regulator`` (REG-02): the same
datasets, queries and access log as the pages. Every call of the regulator is logged
(``InspectionAccess`` + audit event); the only writes are that log and the archive check.
The access log is read by auditors and security administrators."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from ninja import Query, Router, Schema
from pydantic import Field

from rencai.accounts.models import User
from rencai.audit.archive_verify import PROBLEM_LABELS
from rencai.core.api_support import AUTH, ERRORS, Page, api_actor, paginate
from rencai.core.errors import permission_denied
from rencai.inspection import actions, credit, exports, queries
from rencai.inspection.choices import AccessKind
from rencai.inspection.datasets import Dataset, get_dataset, parse_criteria, parse_range
from rencai.inspection.permissions import can_inspect, can_view_access_log

regulator_router = Router(tags=["regulator inspection"], auth=AUTH)
PAGE_SIZE = 25


class ColumnOut(Schema):
    key: str
    header: str


class FilterOut(Schema):
    key: str
    label: str
    choices: list[str]


class DatasetOut(Schema):
    key: str
    title: str
    description: str
    count: int
    date_field: str
    searchable: bool
    columns: list[ColumnOut]
    filters: list[FilterOut]


class RowsOut(Schema):
    dataset: str
    columns: list[ColumnOut]
    items: list[dict[str, Any]]
    total: int
    page: int
    page_size: int


class DocumentOut(Schema):
    id: uuid.UUID
    kind: str
    sha256: str
    content_type: str
    uploaded_at: dt.datetime
    superseded_at: dt.datetime | None


class VerificationOut(Schema):
    id: uuid.UUID
    number: int
    kind: str
    status: str
    submitted_at: dt.datetime
    decided_at: dt.datetime | None
    documents: list[DocumentOut]


class VersionOut(Schema):
    number: int
    title: str
    status: str
    verdict: str
    created_at: dt.datetime
    decided_at: dt.datetime | None


class PostingOut(Schema):
    id: uuid.UUID
    status: str
    risk_score: int
    published_at: dt.datetime | None
    versions: list[VersionOut]


class TakedownOut(Schema):
    posting_id: uuid.UUID
    at: dt.datetime
    reasons: list[str]
    note: str


class LicenceOut(Schema):
    number: str
    issuing_authority: str
    valid_from: dt.date
    valid_until: dt.date
    scope: str
    supervisor_name: str
    supervisor_phone: str


class MemberOut(Schema):
    display_name: str
    masked_phone: str
    role: str
    status: str


class DossierOut(Schema):
    id: uuid.UUID
    legal_name: str
    uscc: str
    legal_representative: str
    registered_address: str
    account_class: str
    status: str
    first_verified_at: dt.datetime | None
    last_verified_at: dt.datetime | None
    reverification_due_at: dt.datetime | None
    reverification_required: bool
    abnormal_listed: bool
    licence: LicenceOut | None
    verifications: list[VerificationOut]
    postings: list[PostingOut]
    takedowns: list[TakedownOut]
    members: list[MemberOut]


class ArchiveReportOut(Schema):
    ok: bool
    checked: int
    purged: int
    broken_at: int | None
    problem: str
    problem_label: str


class AccessOut(Schema):
    id: uuid.UUID
    at: dt.datetime = Field(..., description="When the regulator accessed")
    user_id: uuid.UUID
    user_name: str
    kind: str
    dataset: str
    object_id: str
    filters: dict[str, str]
    row_count: int
    export_format: str
    channel: str


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _inspector(request: HttpRequest) -> User:
    user = _user(request)
    if not can_inspect(user):
        raise permission_denied()
    return user


def _params(request: HttpRequest) -> dict[str, str]:
    return {key: request.GET.get(key, "") for key in request.GET}


def _columns(dataset: Dataset) -> list[ColumnOut]:
    return [ColumnOut(key=c.key, header=str(c.header)) for c in dataset.columns]


@regulator_router.get("/datasets", response={200: list[DatasetOut], **ERRORS})
def datasets(request: HttpRequest) -> list[DatasetOut]:
    """Every dataset the regulator can search and export, with its row count."""
    user = _inspector(request)
    counts = queries.dataset_counts(user)
    actions.record_access(actor=api_actor(request), kind=AccessKind.INDEX, row_count=len(counts))
    return [
        DatasetOut(
            key=d.key,
            title=str(d.title),
            description=str(d.description),
            count=count,
            date_field=d.date_field,
            searchable=bool(d.search_fields),
            columns=_columns(d),
            filters=[
                FilterOut(key=f.key, label=str(f.label), choices=[v for v, _l in f.choices])
                for f in d.filters
            ],
        )
        for d, count in counts
    ]


@regulator_router.get("/datasets/{key}", response={200: RowsOut, **ERRORS})
def dataset_rows(
    request: HttpRequest,
    key: str,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    date_from: str = Query("", alias="from"),  # type: ignore[type-arg]
    date_to: str = Query("", alias="to"),  # type: ignore[type-arg]
    q: str = "",
) -> RowsOut:
    """One page of a dataset: ``from``/``to`` (local dates, both included), ``q`` and the
    dataset's filters as query parameters (``dataset_unknown``, ``date_invalid``,
    ``date_range_invalid``, ``filter_invalid``)."""
    user = _inspector(request)
    dataset = get_dataset(key)
    criteria = parse_criteria(dataset, _params(request))
    rows = queries.dataset_rows(user, dataset, criteria)
    objects, total, page, page_size = paginate(rows, page, page_size)
    items = [dict(dataset.row(obj)) for obj in objects]
    actions.record_access(
        actor=api_actor(request),
        kind=AccessKind.DATASET,
        dataset=dataset.key,
        filters={**criteria.as_params(), "page": str(page)},
        row_count=len(items),
    )
    return RowsOut(
        dataset=dataset.key,
        columns=_columns(dataset),
        items=items,
        total=total,
        page=page,
        page_size=page_size,
    )


@regulator_router.get("/datasets/{key}/export", response={200: None, **ERRORS})
def export(
    request: HttpRequest,
    key: str,
    format: str = "",  # noqa: A002 - the documented query parameter
    date_from: str = Query("", alias="from"),  # type: ignore[type-arg]
    date_to: str = Query("", alias="to"),  # type: ignore[type-arg]
    q: str = "",
) -> HttpResponseBase:
    """The dataset as ``format=csv`` or ``xlsx`` with Chinese headers, streamed; more than
    the row limit is refused with ``export_too_large`` (narrow the date range)."""
    user = _inspector(request)
    dataset = get_dataset(key)
    fmt = exports.parse_format(format)
    criteria = parse_criteria(dataset, _params(request))
    rows = queries.dataset_rows(user, dataset, criteria)
    count = exports.check_size(rows)
    actions.record_access(
        actor=api_actor(request),
        kind=AccessKind.EXPORT,
        dataset=dataset.key,
        filters=criteria.as_params(),
        row_count=count,
        export_format=fmt,
    )
    return exports.export_response(dataset, rows, fmt)


@regulator_router.get("/organisations/{org_id}", response={200: DossierOut, **ERRORS})
def organisation(request: HttpRequest, org_id: uuid.UUID) -> DossierOut:
    """The dossier of one organisation: registration file, licence, postings with every
    version, take-downs and staff (phone numbers masked)."""
    user = _inspector(request)
    dossier = queries.organisation_dossier(user, org_id)
    org = dossier.organisation
    actions.record_access(
        actor=api_actor(request),
        kind=AccessKind.DOSSIER,
        dataset="organisations",
        object_id=str(org.pk),
        row_count=1,
    )
    licence = dossier.licence
    return DossierOut(
        id=org.pk,
        legal_name=org.legal_name,
        uscc=org.uscc,
        legal_representative=org.legal_representative,
        registered_address=org.registered_address,
        account_class=org.account_class,
        status=org.status,
        first_verified_at=org.first_verified_at,
        last_verified_at=org.last_verified_at,
        reverification_due_at=org.reverification_due_at,
        reverification_required=org.reverification_required,
        abnormal_listed=bool(getattr(org, "abnormal", False)),
        licence=LicenceOut(
            number=licence.number,
            issuing_authority=licence.issuing_authority,
            valid_from=licence.valid_from,
            valid_until=licence.valid_until,
            scope=licence.scope,
            supervisor_name=licence.supervisor_name,
            supervisor_phone=licence.supervisor_phone,
        )
        if licence
        else None,
        verifications=[
            VerificationOut(
                id=vr.pk,
                number=vr.number,
                kind=vr.kind,
                status=vr.status,
                submitted_at=vr.submitted_at,
                decided_at=vr.decided_at,
                documents=[
                    DocumentOut(
                        id=d.pk,
                        kind=d.kind,
                        sha256=d.file.sha256,
                        content_type=d.file.content_type,
                        uploaded_at=d.created_at,
                        superseded_at=d.superseded_at,
                    )
                    for d in vr.documents.all()
                ],
            )
            for vr in dossier.requests
        ],
        postings=[
            PostingOut(
                id=p.pk,
                status=p.status,
                risk_score=p.risk_score,
                published_at=p.published_at,
                versions=[
                    VersionOut(
                        number=v.number,
                        title=v.title,
                        status=v.status,
                        verdict=v.verdict,
                        created_at=v.created_at,
                        decided_at=v.decided_at,
                    )
                    for v in p.versions.all()
                ],
            )
            for p in dossier.postings
        ],
        takedowns=[
            TakedownOut(posting_id=e.posting_id, at=e.created_at, reasons=e.reasons, note=e.note)
            for e in dossier.takedowns
        ],
        members=[
            MemberOut(
                display_name=m.user.display_name,
                masked_phone=m.user.masked_phone,
                role=m.role,
                status=m.status,
            )
            for m in dossier.members
        ],
    )


@regulator_router.post("/archive/verify", response={200: ArchiveReportOut, **ERRORS})
def archive_verify(request: HttpRequest) -> ArchiveReportOut:
    """Verify the retention archive now; the run is recorded (audit trail) and logged."""
    _inspector(request)
    report = actions.verify_retention_archive(actor=api_actor(request))
    return ArchiveReportOut(
        ok=report.ok,
        checked=report.checked,
        purged=report.purged,
        broken_at=report.broken_at,
        problem=report.problem,
        problem_label=str(PROBLEM_LABELS.get(report.problem, "")),
    )


@regulator_router.get("/access-log", response={200: Page[AccessOut], **ERRORS})
def access_log(
    request: HttpRequest,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    date_from: str = Query("", alias="from"),  # type: ignore[type-arg]
    date_to: str = Query("", alias="to"),  # type: ignore[type-arg]
) -> Page[AccessOut]:
    """The regulator's accesses, newest first (auditors and security administrators)."""
    user = _user(request)
    if not can_view_access_log(user):
        raise permission_denied()
    start, end = parse_range({"from": date_from, "to": date_to})
    rows, total, page, page_size = paginate(
        queries.access_log(user, date_from=start, date_to=end), page, page_size
    )
    return Page[AccessOut](
        items=[
            AccessOut(
                id=a.pk,
                at=a.created_at,
                user_id=a.user_id,
                user_name=a.user.display_name,
                kind=a.kind,
                dataset=a.dataset,
                object_id=a.object_id,
                filters={str(k): str(v) for k, v in (a.filters or {}).items()},
                row_count=a.row_count,
                export_format=a.export_format,
                channel=a.channel,
            )
            for a in rows
        ],
        total=total,
        page=page,
        page_size=page_size,
    )


# --- credit grades and risk warnings (rencai.inspection.credit) ----------------------------


class CreditFactorOut(Schema):
    code: str
    title: str
    value: int
    points: int
    explanation: str


class CreditOut(Schema):
    organisation_id: uuid.UUID
    legal_name: str
    uscc: str
    account_class: str
    grade: str
    score: int
    factors: list[CreditFactorOut]


def _credit_out(item: credit.Credit) -> CreditOut:
    org = item.organisation
    return CreditOut(
        organisation_id=org.pk,
        legal_name=org.legal_name,
        uscc=org.uscc,
        account_class=org.account_class,
        grade=item.grade,
        score=item.score,
        factors=[
            CreditFactorOut(
                code=f.code,
                title=f.title,
                value=f.value,
                points=f.points,
                explanation=f.explanation,
            )
            for f in item.factors
        ],
    )


@regulator_router.get("/credit", response={200: Page[CreditOut], **ERRORS})
def credit_list(
    request: HttpRequest,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    grade: str = "",
    account_class: str = "",
    q: str = "",
) -> Page[CreditOut]:
    """Every organisation's credit grade (A–D), score and factors, worst first; ``grade``
    and ``account_class`` filter (``filter_invalid``)."""
    user = _inspector(request)
    rows = credit.credit_list(user, grade=grade, account_class=account_class, q=q.strip())
    objects, total, page, page_size = paginate(rows, page, page_size)
    items = [_credit_out(credit.credit_of(org)) for org in objects]
    filters = {
        k: v for k, v in {"grade": grade, "account_class": account_class, "q": q}.items() if v
    }
    actions.record_access(
        actor=api_actor(request),
        kind=AccessKind.DATASET,
        dataset="credit",
        filters={**filters, "page": str(page)},
        row_count=len(items),
    )
    return Page[CreditOut](items=items, total=total, page=page, page_size=page_size)


@regulator_router.get("/credit/{organisation_id}", response={200: CreditOut, **ERRORS})
def credit_detail(request: HttpRequest, organisation_id: uuid.UUID) -> CreditOut:
    """One organisation's grade with every factor (``not_found``)."""
    user = _inspector(request)
    item = credit.credit_for(user, organisation_id)
    actions.record_access(
        actor=api_actor(request),
        kind=AccessKind.DOSSIER,
        dataset="credit",
        object_id=str(organisation_id),
        row_count=1,
    )
    return _credit_out(item)


@regulator_router.get("/risk-warnings", response={200: Page[CreditOut], **ERRORS})
def risk_warnings(
    request: HttpRequest, page: int = 1, page_size: int = PAGE_SIZE
) -> Page[CreditOut]:
    """Organisations graded C or D or with an uncleared high risk assessment, most severe
    first."""
    user = _inspector(request)
    objects, total, page, page_size = paginate(credit.risk_warnings(user), page, page_size)
    items = [_credit_out(credit.credit_of(org)) for org in objects]
    actions.record_access(
        actor=api_actor(request),
        kind=AccessKind.DATASET,
        dataset="risk_warnings",
        filters={"page": str(page)},
        row_count=len(items),
    )
    return Page[CreditOut](items=items, total=total, page=page, page_size=page_size)

"""REST endpoints of privacy governance for operators (``/api/v1/operator/privacy``):
retention rules and runs (RET-01…RET-07), self-inspections (GOV-04), bulk exports with a
second operator's approval and PI-access records (SEC-03). The same actions as the pages;
permissions from ``rencai.privacy.permissions`` (403 ``permission_denied``)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from ninja import Router, Schema, Status
from pydantic import Field

from rencai.accounts.models import User
from rencai.core.api_support import AUTH, ERRORS, Page, StrictSchema, api_actor, paginate
from rencai.core.errors import not_found, permission_denied
from rencai.core.timeutil import local_today
from rencai.files.serving import file_response
from rencai.privacy import governance, permissions, retention
from rencai.privacy.models import (
    BulkExportRequest,
    PiAccessRecord,
    RetentionRule,
    RetentionRun,
    SelfInspection,
    SelfInspectionFinding,
)

ops_privacy_router = Router(tags=["privacy operations"], auth=AUTH)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _allowed(request: HttpRequest, predicate: Any) -> User:
    user = _user(request)
    if not predicate(user):
        raise permission_denied()
    return user


# --- schemas ------------------------------------------------------------------------------------


class RuleOut(Schema):
    category: str
    label: str
    trigger: str
    min_days: int
    legal_min_days: int
    action: str
    notice_days: int
    legal_basis: str
    enabled: bool

    @staticmethod
    def build(rule: RetentionRule) -> RuleOut:
        return RuleOut(
            category=rule.category,
            label=retention.rule_label(rule),
            trigger=rule.trigger,
            min_days=rule.min_days,
            legal_min_days=rule.legal_min_days,
            action=rule.action,
            notice_days=rule.notice_days,
            legal_basis=rule.legal_basis,
            enabled=rule.enabled,
        )


class RuleIn(StrictSchema):
    min_days: int = Field(..., ge=0, le=36500)
    enabled: bool = True


class RunOut(Schema):
    id: uuid.UUID
    dry_run: bool
    status: str
    progress: int
    created_at: dt.datetime
    finished_at: dt.datetime | None
    started_by: uuid.UUID | None
    report: dict[str, Any]

    @staticmethod
    def build(run: RetentionRun) -> RunOut:
        return RunOut(
            id=run.pk,
            dry_run=run.dry_run,
            status=run.status,
            progress=run.progress,
            created_at=run.created_at,
            finished_at=run.finished_at,
            started_by=run.started_by_id,
            report=run.report,
        )


class RunIn(StrictSchema):
    dry_run: bool = True


class FindingOut(Schema):
    id: uuid.UUID
    description: str
    severity: str
    remediation: str
    owner: uuid.UUID
    due_date: dt.date
    resolved_at: dt.datetime | None
    resolution: str
    overdue: bool

    @staticmethod
    def build(finding: SelfInspectionFinding) -> FindingOut:
        today = local_today()
        return FindingOut(
            id=finding.pk,
            description=finding.description,
            severity=finding.severity,
            remediation=finding.remediation,
            owner=finding.owner_id,
            due_date=finding.due_date,
            resolved_at=finding.resolved_at,
            resolution=finding.resolution,
            overdue=finding.resolved_at is None and finding.due_date < today,
        )


class InspectionOut(Schema):
    id: uuid.UUID
    year: int
    conducted_on: dt.date
    conducted_by: uuid.UUID
    scope: str
    summary: str

    @staticmethod
    def build(inspection: SelfInspection) -> InspectionOut:
        return InspectionOut(
            id=inspection.pk,
            year=inspection.year,
            conducted_on=inspection.conducted_on,
            conducted_by=inspection.conducted_by_id,
            scope=inspection.scope,
            summary=inspection.summary,
        )


class InspectionDetailOut(InspectionOut):
    findings: list[FindingOut]


class InspectionIn(StrictSchema):
    year: int = Field(..., ge=2000, le=2100)
    conducted_on: dt.date
    scope: str = Field(..., min_length=1, max_length=10000)
    summary: str = Field(..., min_length=1, max_length=10000)


class FindingIn(StrictSchema):
    description: str = Field(..., min_length=1, max_length=4000)
    severity: str = Field(..., max_length=8)
    remediation: str = Field(..., min_length=1, max_length=4000)
    owner_id: uuid.UUID
    due_date: dt.date


class ResolveIn(StrictSchema):
    resolution: str = Field(..., min_length=1, max_length=4000)


class BulkExportOut(Schema):
    id: uuid.UUID
    dataset: str
    filters: dict[str, str]
    reason: str
    record_count: int
    status: str
    requested_by: uuid.UUID
    decided_by: uuid.UUID | None
    decided_at: dt.datetime | None
    decision_note: str
    expires_at: dt.datetime | None
    created_at: dt.datetime

    @staticmethod
    def build(export: BulkExportRequest) -> BulkExportOut:
        return BulkExportOut(
            id=export.pk,
            dataset=export.dataset,
            filters={str(k): str(v) for k, v in export.filters.items()},
            reason=export.reason,
            record_count=export.record_count,
            status=export.status,
            requested_by=export.requested_by_id,
            decided_by=export.decided_by_id,
            decided_at=export.decided_at,
            decision_note=export.decision_note,
            expires_at=export.expires_at,
            created_at=export.created_at,
        )


class BulkExportIn(StrictSchema):
    dataset: str = Field(..., max_length=40)
    filters: dict[str, str] = {}
    reason: str = Field(..., min_length=1, max_length=2000)


class DecisionIn(StrictSchema):
    note: str = Field("", max_length=2000)


class PiAccessOut(Schema):
    id: int
    created_at: dt.datetime
    accessor: uuid.UUID
    accessor_role: str
    subject: uuid.UUID
    purpose: str
    categories: list[str]
    object_type: str
    object_id: str

    @staticmethod
    def build(record: PiAccessRecord) -> PiAccessOut:
        return PiAccessOut(
            id=record.pk,
            created_at=record.created_at,
            accessor=record.accessor_id,
            accessor_role=record.accessor_role,
            subject=record.subject_id,
            purpose=record.purpose,
            categories=[str(c) for c in record.categories],
            object_type=record.object_type,
            object_id=record.object_id,
        )


class StatusOut(Schema):
    missing_self_inspection_year: int | None
    overdue_findings: int
    pending_bulk_exports: int
    last_retention_run: RunOut | None


# --- status ---------------------------------------------------------------------------------


@ops_privacy_router.get(
    "/governance-status", response={200: StatusOut, **ERRORS}, summary="Governance status"
)
def governance_status(request: HttpRequest) -> StatusOut:
    """What the dashboard card shows: a missing self-inspection year (GOV-04), overdue
    findings, bulk exports waiting for approval, the last real retention run."""
    _allowed(request, permissions.can_view_governance)
    last = RetentionRun.objects.filter(dry_run=False).first()
    return StatusOut(
        missing_self_inspection_year=governance.missing_self_inspection(),
        overdue_findings=governance.overdue_findings().count(),
        pending_bulk_exports=governance.pending_bulk_exports().count(),
        last_retention_run=RunOut.build(last) if last else None,
    )


# --- retention ------------------------------------------------------------------------------


@ops_privacy_router.get(
    "/retention/rules", response={200: list[RuleOut], **ERRORS}, summary="Retention rules"
)
def list_rules(request: HttpRequest) -> list[RuleOut]:
    _allowed(request, permissions.can_view_retention)
    return [RuleOut.build(rule) for rule in RetentionRule.objects.order_by("category")]


@ops_privacy_router.patch(
    "/retention/rules/{category}", response={200: RuleOut, **ERRORS}, summary="Change a rule"
)
def change_rule(request: HttpRequest, category: str, payload: RuleIn) -> RuleOut:
    """400 ``retention_below_legal_minimum`` below the law's floor (``legal_min_days``)."""
    _allowed(request, permissions.can_run_retention)
    rule = retention.get_rule(category)
    rule = retention.update_rule(
        rule, min_days=payload.min_days, enabled=payload.enabled, actor=api_actor(request)
    )
    return RuleOut.build(rule)


@ops_privacy_router.get(
    "/retention/runs", response={200: Page[RunOut], **ERRORS}, summary="Retention runs"
)
def list_runs(request: HttpRequest, page: int = 1, page_size: int = 20) -> Page[RunOut]:
    _allowed(request, permissions.can_view_retention)
    rows, total, page, page_size = paginate(RetentionRun.objects.all(), page, page_size)
    return Page(items=[RunOut.build(r) for r in rows], total=total, page=page, page_size=page_size)


@ops_privacy_router.post(
    "/retention/runs", response={201: RunOut, **ERRORS}, summary="Start a retention run"
)
def start_run(request: HttpRequest, payload: RunIn) -> Status[RunOut]:
    """Runs now and returns the finished run with its report (``dry_run`` by default)."""
    _allowed(request, permissions.can_run_retention)
    run = retention.start_retention_run(actor=api_actor(request), dry_run=payload.dry_run)
    return Status(201, RunOut.build(run))


@ops_privacy_router.get(
    "/retention/runs/{run_id}", response={200: RunOut, **ERRORS}, summary="One retention run"
)
def get_run(request: HttpRequest, run_id: uuid.UUID) -> RunOut:
    _allowed(request, permissions.can_view_retention)
    run = RetentionRun.objects.filter(pk=run_id).first()
    if run is None:
        raise not_found()
    return RunOut.build(run)


# --- self-inspections ---------------------------------------------------------------------


@ops_privacy_router.get(
    "/self-inspections", response={200: Page[InspectionOut], **ERRORS}, summary="Self-inspections"
)
def list_inspections(
    request: HttpRequest, page: int = 1, page_size: int = 20
) -> Page[InspectionOut]:
    _allowed(request, permissions.can_view_self_inspections)
    rows, total, page, page_size = paginate(SelfInspection.objects.all(), page, page_size)
    return Page(
        items=[InspectionOut.build(i) for i in rows], total=total, page=page, page_size=page_size
    )


@ops_privacy_router.post(
    "/self-inspections", response={201: InspectionOut, **ERRORS}, summary="Record one"
)
def create_inspection(request: HttpRequest, payload: InspectionIn) -> Status[InspectionOut]:
    """409 ``self_inspection_exists`` when the year is already recorded."""
    _allowed(request, permissions.can_manage_self_inspection)
    inspection = governance.record_self_inspection(
        year=payload.year,
        conducted_on=payload.conducted_on,
        scope=payload.scope,
        summary=payload.summary,
        actor=api_actor(request),
    )
    return Status(201, InspectionOut.build(inspection))


def _inspection(year: int) -> SelfInspection:
    inspection = SelfInspection.objects.filter(year=year).first()
    if inspection is None:
        raise not_found()
    return inspection


@ops_privacy_router.get(
    "/self-inspections/{year}", response={200: InspectionDetailOut, **ERRORS}, summary="One"
)
def get_inspection(request: HttpRequest, year: int) -> InspectionDetailOut:
    _allowed(request, permissions.can_view_self_inspections)
    inspection = _inspection(year)
    base = InspectionOut.build(inspection)
    return InspectionDetailOut(
        **base.model_dump(),
        findings=[FindingOut.build(f) for f in inspection.findings.order_by("due_date")],
    )


@ops_privacy_router.post(
    "/self-inspections/{year}/findings",
    response={201: FindingOut, **ERRORS},
    summary="Add a finding",
)
def add_finding(request: HttpRequest, year: int, payload: FindingIn) -> Status[FindingOut]:
    _allowed(request, permissions.can_manage_self_inspection)
    inspection = _inspection(year)
    owner = User.objects.filter(pk=payload.owner_id).first()
    if owner is None:
        raise not_found()
    finding = governance.add_finding(
        inspection,
        description=payload.description,
        severity=payload.severity,
        remediation=payload.remediation,
        owner=owner,
        due_date=payload.due_date,
        actor=api_actor(request),
    )
    return Status(201, FindingOut.build(finding))


@ops_privacy_router.post(
    "/self-inspections/{year}/findings/{finding_id}/resolve",
    response={200: FindingOut, **ERRORS},
    summary="Resolve a finding",
)
def resolve_finding(
    request: HttpRequest, year: int, finding_id: uuid.UUID, payload: ResolveIn
) -> FindingOut:
    user = _allowed(request, permissions.can_view_self_inspections)
    finding = _inspection(year).findings.filter(pk=finding_id).first()
    if finding is None:
        raise not_found()
    if finding.resolved_at is None and not permissions.can_resolve_finding(user, finding):
        raise permission_denied()
    finding = governance.resolve_finding(
        finding, resolution=payload.resolution, actor=api_actor(request)
    )
    return FindingOut.build(finding)


# --- bulk exports ------------------------------------------------------------------------------


@ops_privacy_router.get(
    "/bulk-exports", response={200: Page[BulkExportOut], **ERRORS}, summary="Bulk exports"
)
def list_exports(
    request: HttpRequest, status: str = "", page: int = 1, page_size: int = 20
) -> Page[BulkExportOut]:
    user = _allowed(request, permissions.can_view_bulk_exports)
    exports = governance.bulk_exports_for(user)
    if status:
        exports = exports.filter(status=status[:12])
    rows, total, page, page_size = paginate(exports, page, page_size)
    return Page(
        items=[BulkExportOut.build(e) for e in rows], total=total, page=page, page_size=page_size
    )


@ops_privacy_router.post(
    "/bulk-exports", response={201: BulkExportOut, **ERRORS}, summary="Request a bulk export"
)
def request_export(request: HttpRequest, payload: BulkExportIn) -> Status[BulkExportOut]:
    """Counted first: up to ``PRIVACY_BULK_EXPORT_THRESHOLD`` records the file is ready at
    once (``ready``); above, ``pending`` until a second operator approves (SEC-03)."""
    user = _allowed(request, permissions.can_request_bulk_export)
    export = governance.request_bulk_export(
        user, payload.dataset, payload.filters, payload.reason, actor=api_actor(request)
    )
    return Status(201, BulkExportOut.build(export))


def _export(export_id: uuid.UUID) -> BulkExportRequest:
    export = BulkExportRequest.objects.filter(pk=export_id).first()
    if export is None:
        raise not_found()
    return export


@ops_privacy_router.post(
    "/bulk-exports/{export_id}/approve",
    response={200: BulkExportOut, **ERRORS},
    summary="Approve a bulk export",
)
def approve_export(
    request: HttpRequest, export_id: uuid.UUID, payload: DecisionIn
) -> BulkExportOut:
    """403 ``bulk_export_own_request`` for the requester; 409 ``bulk_export_not_pending``."""
    _allowed(request, permissions.can_approve_bulk_exports)
    export = governance.approve_bulk_export(
        _export(export_id), actor=api_actor(request), note=payload.note
    )
    return BulkExportOut.build(export)


@ops_privacy_router.post(
    "/bulk-exports/{export_id}/reject",
    response={200: BulkExportOut, **ERRORS},
    summary="Reject a bulk export",
)
def reject_export(request: HttpRequest, export_id: uuid.UUID, payload: DecisionIn) -> BulkExportOut:
    _allowed(request, permissions.can_approve_bulk_exports)
    export = governance.reject_bulk_export(
        _export(export_id), actor=api_actor(request), note=payload.note
    )
    return BulkExportOut.build(export)


@ops_privacy_router.get(
    "/bulk-exports/{export_id}/file",
    response={200: None, **ERRORS},
    summary="Download a bulk export (CSV)",
)
def download_export(request: HttpRequest, export_id: uuid.UUID) -> HttpResponseBase:
    """Only the requester; 409 ``bulk_export_expired`` after 7 days. Audited."""
    user = _allowed(request, permissions.can_request_bulk_export)
    export = _export(export_id)
    if not permissions.can_download_bulk_export(user, export):
        raise not_found()
    stored = governance.bulk_export_file(export, actor=api_actor(request))
    return file_response(stored, as_attachment=True)


# --- PI-access records ---------------------------------------------------------------------


@ops_privacy_router.get(
    "/pi-access", response={200: Page[PiAccessOut], **ERRORS}, summary="PI-access records"
)
def list_pi_access(
    request: HttpRequest, subject: str = "", accessor: str = "", page: int = 1, page_size: int = 20
) -> Page[PiAccessOut]:
    """Staff reads of personal information (auditors and security administrators)."""
    user = _allowed(request, permissions.can_view_pi_access_log)
    records = governance.pi_access_records(user, subject=subject[:60], accessor=accessor[:60])
    rows, total, page, page_size = paginate(records, page, page_size)
    return Page(
        items=[PiAccessOut.build(r) for r in rows], total=total, page=page, page_size=page_size
    )

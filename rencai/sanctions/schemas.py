"""API contract of sanctions, appeals and reports to the authorities (FRD-02, REG-03)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from ninja import Schema
from pydantic import Field

from rencai.core.api_support import StrictSchema
from rencai.sanctions.actions import appeal_deadline
from rencai.sanctions.choices import SanctionKind
from rencai.sanctions.models import Appeal, AuthorityReport, Sanction
from rencai.sanctions.rules import get_rule


class SanctionIn(StrictSchema):
    kind: str = Field(..., max_length=24, description="A ``SanctionKind`` value")
    rule: str = Field(..., max_length=40, description="A rule code (``rencai.sanctions.rules``)")
    reason: str = Field(..., max_length=2000, description="Shown to the sanctioned")
    user_id: uuid.UUID | None = None
    organisation_id: uuid.UUID | None = None
    posting_id: uuid.UUID | None = Field(None, description="For ``take_down``")
    days: int | None = Field(None, description="For restrictions and suspensions")
    evidence: dict[str, Any] = Field(
        default_factory=dict, description="Snapshot kept unchanged in the evidence bundle"
    )
    legal_rep_id_number: str = Field(
        "", max_length=18, description="For the ban of an organisation: also list this ID"
    )


class ReasonIn(StrictSchema):
    reason: str = Field(..., max_length=2000)


class DecisionIn(StrictSchema):
    outcome: str = Field(..., max_length=12, description="``upheld`` or ``overturned``")
    reason: str = Field(..., max_length=2000)


class SubmissionIn(StrictSchema):
    reference: str = Field(..., max_length=100)
    note: str = Field("", max_length=1000)


class AppealOut(Schema):
    id: uuid.UUID
    sanction_id: uuid.UUID
    status: str
    statement: str
    submitted_at: dt.datetime
    decided_at: dt.datetime | None
    decision_reason: str
    evidence_files: list[str]

    @classmethod
    def build(cls, appeal: Appeal) -> AppealOut:
        return cls(
            id=appeal.pk,
            sanction_id=appeal.sanction_id,
            status=appeal.status,
            statement=appeal.statement,
            submitted_at=appeal.created_at,
            decided_at=appeal.decided_at,
            decision_reason=appeal.decision_reason,
            evidence_files=[f.sha256 for f in appeal.evidence_files.all()],
        )


class SanctionOut(Schema):
    id: uuid.UUID
    kind: str
    kind_label: str
    severity: int
    status: str
    rule: str
    rule_title: str
    rule_source: str
    reason: str
    user_id: uuid.UUID | None
    organisation_id: uuid.UUID | None
    posting_id: uuid.UUID | None
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    acknowledged_at: dt.datetime | None
    ended_at: dt.datetime | None
    evidence_sha256: str
    appeal_until: dt.datetime
    appeal: AppealOut | None

    @classmethod
    def fields_of(cls, sanction: Sanction, appeal: Appeal | None) -> dict[str, Any]:
        rule = get_rule(sanction.rule)
        return {
            "id": sanction.pk,
            "kind": sanction.kind,
            "kind_label": str(SanctionKind(sanction.kind).label),
            "severity": sanction.severity,
            "status": sanction.status,
            "rule": sanction.rule,
            "rule_title": str(rule.title) if rule else "",
            "rule_source": rule.source if rule else "",
            "reason": sanction.reason,
            "user_id": sanction.user_id,
            "organisation_id": sanction.organisation_id,
            "posting_id": sanction.posting_id,
            "starts_at": sanction.starts_at,
            "ends_at": sanction.ends_at,
            "acknowledged_at": sanction.acknowledged_at,
            "ended_at": sanction.ended_at,
            "evidence_sha256": sanction.evidence_sha256,
            "appeal_until": appeal_deadline(sanction),
            "appeal": AppealOut.build(appeal) if appeal else None,
        }

    @classmethod
    def build(cls, sanction: Sanction, appeal: Appeal | None = None) -> SanctionOut:
        return cls(**cls.fields_of(sanction, appeal))


class OperatorSanctionOut(SanctionOut):
    imposed_by_id: uuid.UUID
    end_reason: str
    evidence: dict[str, Any]
    effects: dict[str, Any]

    @classmethod
    def build(cls, sanction: Sanction, appeal: Appeal | None = None) -> OperatorSanctionOut:
        return cls(
            **cls.fields_of(sanction, appeal),
            imposed_by_id=sanction.imposed_by_id,
            end_reason=sanction.end_reason,
            evidence=sanction.evidence,
            effects=sanction.effects,
        )


class AuthorityReportOut(Schema):
    id: uuid.UUID
    sanction_id: uuid.UUID
    authority: str
    status: str
    evidence: dict[str, Any]
    evidence_sha256: str
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    submission_reference: str
    note: str

    @classmethod
    def build(cls, report: AuthorityReport) -> AuthorityReportOut:
        return cls(
            id=report.pk,
            sanction_id=report.sanction_id,
            authority=report.authority,
            status=report.status,
            evidence=report.evidence,
            evidence_sha256=report.evidence_sha256,
            created_at=report.created_at,
            submitted_at=report.submitted_at,
            submission_reference=report.submission_reference,
            note=report.note,
        )

"""API contract of rights requests (PI-12…PI-19)."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Schema
from pydantic import Field

from rencai.core.api_support import StrictSchema
from rencai.privacy.models import RightsRequest


class RequestIn(StrictSchema):
    kind: str = Field(..., max_length=16, description="A ``RequestKind`` value")
    sms_code: str = Field(
        ...,
        max_length=8,
        description="The code of ``POST /api/v1/me/reauth-code`` (identity re-check, PI-18)",
    )
    details: str = Field("", max_length=4000)
    consent_purpose: str = Field("", max_length=40, description="For ``withdrawal``")
    recipient_name: str = Field("", max_length=120, description="For ``portability``")
    recipient_contact: str = Field("", max_length=200, description="For ``portability``")


class TimelineOut(Schema):
    state: str
    at: dt.datetime


class RequestOut(Schema):
    reference: str
    kind: str
    state: str
    received_at: dt.datetime
    due_date: dt.date
    due_provisional: bool
    completed_at: dt.datetime | None
    by_relative: bool
    details: str
    consent_purpose: str
    recipient_name: str
    response: str
    refusal_reason: str
    complaint_rights: bool = Field(
        ...,
        description="True when refused: the notice names the right to complain to the "
        "authorities (12377, 12333) or to sue in a people's court (PIPL Art 50)",
    )
    export_id: uuid.UUID | None

    @staticmethod
    def build(request: RightsRequest) -> RequestOut:
        exports = list(request.exports.all())  # prefetched on lists
        export = max(exports, key=lambda e: e.created_at, default=None)
        return RequestOut(
            reference=request.reference,
            kind=request.kind,
            state=request.state,
            received_at=request.received_at,
            due_date=request.due_date,
            due_provisional=request.due_provisional,
            completed_at=request.completed_at,
            by_relative=request.by_relative,
            details=request.details,
            consent_purpose=request.consent_purpose,
            recipient_name=request.recipient_name,
            response=request.response,
            refusal_reason=request.refusal_reason,
            complaint_rights=request.state == "refused",
            export_id=export.pk if export else None,
        )


class RequestDetailOut(RequestOut):
    timeline: list[TimelineOut]


class OpsRequestOut(RequestOut):
    subject_id: uuid.UUID
    subject_name: str
    requester_id: uuid.UUID
    relative_relationship: str
    relative_name: str
    assigned_to_id: uuid.UUID | None
    automatic: bool
    overdue: bool
    identity_verified_at: dt.datetime | None
    recipient_contact: str

    @staticmethod
    def build_ops(request: RightsRequest, today: dt.date) -> OpsRequestOut:
        from rencai.privacy.choices import OPEN_REQUEST_STATES

        return OpsRequestOut(
            **RequestOut.build(request).model_dump(),
            subject_id=request.subject_id,
            subject_name=request.subject.display_name,
            requester_id=request.requester_id,
            relative_relationship=request.relative_relationship,
            relative_name=request.relative_name,
            assigned_to_id=request.assigned_to_id,
            automatic=request.automatic,
            overdue=request.state in OPEN_REQUEST_STATES and request.due_date < today,
            identity_verified_at=request.identity_verified_at,
            recipient_contact=request.recipient_contact,
        )


class EventOut(Schema):
    action: str
    occurred_at: dt.datetime
    actor_label: str
    channel: str


class OpsRequestDetailOut(OpsRequestOut):
    events: list[EventOut]
    posthumous_instruction: str
    portability_count: int | None
    recipient_token: str = Field(
        "", description="After ``start`` of a portability request: shown once, not stored"
    )


class CompleteIn(StrictSchema):
    response: str = Field(..., max_length=4000)


class RefuseIn(StrictSchema):
    reason: str = Field(..., max_length=24, description="A ``RefusalReason`` value")
    explanation: str = Field("", max_length=4000)

"""API contract of the messaging app. Request bodies reject unknown fields."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from rencai.core.api_support import StrictSchema
from rencai.messaging.models import Interview, InterviewTemplate, Scorecard
from rencai.messaging.presentation import ConversationRow

# --- conversations ------------------------------------------------------------------------


class ConversationOut(Schema):
    id: uuid.UUID
    side: str = Field(description="The side you speak for: seeker or organisation")
    title: str = Field(description="The job the conversation is about")
    counterpart: str = Field(description="The other party (masked before an application)")
    application_id: uuid.UUID | None
    invitation_id: uuid.UUID | None
    unread: int
    preview: str
    last_message_at: dt.datetime | None
    blocked_by: str

    @classmethod
    def build(cls, row: ConversationRow, side: str) -> ConversationOut:
        conversation = row.conversation
        return cls(
            id=conversation.pk,
            side=side,
            title=row.title,
            counterpart=row.counterpart,
            application_id=conversation.application_id,
            invitation_id=conversation.invitation_id,
            unread=row.unread,
            preview=row.preview,
            last_message_at=conversation.last_message_at,
            blocked_by=conversation.blocked_by,
        )


class AttachmentOut(Schema):
    name: str
    content_type: str
    size: int
    url: str


class SafetyWarningOut(Schema):
    category: str
    text: str


class MessageOut(Schema):
    id: uuid.UUID
    side: str
    mine: bool
    body: str
    created_at: dt.datetime
    read: bool | None = Field(description="For your own messages: has the other side read it")
    attachment: AttachmentOut | None
    safety_warnings: list[SafetyWarningOut] = Field(
        description="FRD-05 warnings, shown to the seeker only"
    )


class ConversationDetailOut(ConversationOut):
    seeker_read_at: dt.datetime | None
    organisation_read_at: dt.datetime | None
    messages: list[MessageOut]


class OpenIn(StrictSchema):
    application_id: uuid.UUID | None = None
    invitation_id: uuid.UUID | None = None


class MessageIn(StrictSchema):
    body: str = Field(..., max_length=20000)


class WarningOut(Schema):
    field: str
    code: str
    category: str
    text: str
    start: int
    end: int
    explanation: str
    suggestion: str


class CheckOut(Schema):
    warnings: list[WarningOut]


class ReportIn(StrictSchema):
    """A report to trust & safety: today's categories (``rencai.moderation``) or the
    older names (``fees_fraud``, ``off_platform``, ``discrimination``, ``fake``)."""

    category: str = Field(..., max_length=32)
    details: str = Field("", max_length=5000)
    message_id: uuid.UUID | None = None


class ReportOut(Schema):
    reference: str


class CallNumberOut(Schema):
    number: str
    expires_at: dt.datetime


class UnreadOut(Schema):
    seeker: int
    organisation: int


# --- interviews ---------------------------------------------------------------------------


class SlotOut(Schema):
    id: uuid.UUID
    starts_at: dt.datetime
    chosen: bool


class InterviewerOut(Schema):
    membership_id: uuid.UUID
    name: str


class InterviewOut(Schema):
    """What the seeker sees: never the interviewers' questions or scorecards."""

    id: uuid.UUID
    application_id: uuid.UUID
    organisation: str
    job_title: str
    round: int
    mode: str
    address: str
    video_link: str
    duration_minutes: int
    instructions: str
    status: str
    starts_at: dt.datetime | None
    seeker_note: str
    slots: list[SlotOut]

    @classmethod
    def fields_of(cls, interview: Interview) -> dict[str, Any]:
        version = interview.application.posting.live_version
        return {
            "id": interview.pk,
            "application_id": interview.application_id,
            "organisation": interview.organisation.legal_name,
            "job_title": version.title if version is not None else "",
            "round": interview.round,
            "mode": interview.mode,
            "address": interview.address,
            "video_link": interview.video_link,
            "duration_minutes": interview.duration_minutes,
            "instructions": interview.instructions,
            "status": interview.status,
            "starts_at": interview.starts_at,
            "seeker_note": interview.seeker_note,
            "slots": [
                SlotOut(id=slot.pk, starts_at=slot.starts_at, chosen=slot.chosen)
                for slot in interview.slots.all()
            ],
        }

    @classmethod
    def build(cls, interview: Interview) -> InterviewOut:
        return cls(**cls.fields_of(interview))


class EmployerInterviewOut(InterviewOut):
    candidate: str
    questions: list[str]
    interviewers: list[InterviewerOut]
    reminded_at: dt.datetime | None

    @classmethod
    def build(cls, interview: Interview) -> EmployerInterviewOut:
        return cls(
            **cls.fields_of(interview),
            candidate=interview.application.seeker.display_name,
            questions=list(interview.questions),
            interviewers=[
                InterviewerOut(membership_id=member.pk, name=member.user.display_name)
                for member in interview.interviewers.all()
            ],
            reminded_at=interview.reminded_at,
        )


class InterviewIn(StrictSchema):
    application_id: uuid.UUID
    template_id: uuid.UUID | None = Field(
        None, description="Fill mode, duration, instructions and questions from a template"
    )
    round: int = Field(1, ge=1, le=20)
    mode: Literal["onsite", "video", "phone"] | None = None
    address: str = Field("", max_length=200)
    video_link: str = Field("", max_length=200)
    duration_minutes: int | None = None
    slots: list[dt.datetime] = Field(..., description="1 to 5 future times")
    interviewer_ids: list[uuid.UUID] = Field(default_factory=list, max_length=20)
    instructions: str | None = Field(None, max_length=2000)
    questions: list[str] | None = Field(None, max_length=50)


class SlotsIn(StrictSchema):
    slots: list[dt.datetime]


class AcceptIn(StrictSchema):
    slot_id: uuid.UUID


class NoteIn(StrictSchema):
    note: str = Field("", max_length=1000)


class CancelIn(StrictSchema):
    reason: str = Field("", max_length=500)


class ScorecardIn(StrictSchema):
    rating: int
    recommendation: str = Field(..., max_length=12)
    notes: str = Field("", max_length=4000)


class ScorecardOut(Schema):
    id: uuid.UUID
    interviewer: str
    rating: int
    recommendation: str
    notes: str
    updated_at: dt.datetime

    @classmethod
    def build(cls, card: Scorecard) -> ScorecardOut:
        return cls(
            id=card.pk,
            interviewer=card.interviewer.display_name,
            rating=card.rating,
            recommendation=card.recommendation,
            notes=card.notes,
            updated_at=card.updated_at,
        )


class TemplateIn(StrictSchema):
    name: str = Field(..., max_length=60)
    mode: Literal["onsite", "video", "phone"]
    duration_minutes: int = 45
    instructions: str = Field("", max_length=2000)
    questions: list[str] = Field(default_factory=list, max_length=50)


class TemplateOut(Schema):
    id: uuid.UUID
    name: str
    mode: str
    duration_minutes: int
    instructions: str
    questions: list[str]

    @classmethod
    def build(cls, template: InterviewTemplate) -> TemplateOut:
        return cls(
            id=template.pk,
            name=template.name,
            mode=template.mode,
            duration_minutes=template.duration_minutes,
            instructions=template.instructions,
            questions=list(template.questions),
        )

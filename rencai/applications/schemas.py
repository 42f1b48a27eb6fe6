"""API contract of the applications app. Request bodies reject unknown fields."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from rencai.applications.choices import (
    ApplicationStatus,
    InvitationStatus,
    RejectionReason,
    StageKind,
)
from rencai.applications.models import (
    Application,
    ApplicationNote,
    ApplyInvitation,
    PipelineStage,
    StageChange,
)
from rencai.applications.snapshot import ConsentNotice, category_label, contact_for_org
from rencai.core.api_support import StrictSchema
from rencai.core.masking import mask_name
from rencai.privacy.insight import ActivityOut, TalentInsightOut, signals_of

# --- requests ---------------------------------------------------------------------------


class ApplyIn(StrictSchema):
    posting_id: uuid.UUID
    resume_id: uuid.UUID
    notice_hash: str = Field(
        ..., max_length=64, description="`hash` of the notice from GET /me/applications/notice"
    )
    cover_note: str = Field("", max_length=1000)


class AcceptIn(StrictSchema):
    notice_hash: str = Field(..., max_length=64)
    resume_id: uuid.UUID | None = Field(None, description="Another of your resumes")
    cover_note: str = Field("", max_length=1000)


class MoveIn(StrictSchema):
    stage_id: uuid.UUID


class RejectIn(StrictSchema):
    reason: str = Field(..., max_length=24, description="A code of the neutral list")
    message: str = Field("", max_length=1000)


class BulkIn(StrictSchema):
    application_ids: list[uuid.UUID] = Field(..., min_length=1, max_length=100)
    action: Literal["move", "reject"]
    stage_id: uuid.UUID | None = None
    reason: str = Field("", max_length=24)
    message: str = Field("", max_length=1000)


class NoteIn(StrictSchema):
    text: str = Field("", max_length=2000)
    rating: int | None = None


class StageIn(StrictSchema):
    name: str = Field(..., max_length=20)
    name_en: str = Field("", max_length=30)
    kind: str = Field(..., max_length=12)


class StagePatchIn(StrictSchema):
    name: str = Field(..., max_length=20)
    name_en: str = Field("", max_length=30)


class ReorderIn(StrictSchema):
    stage_ids: list[uuid.UUID] = Field(..., max_length=40)


class InvitationIn(StrictSchema):
    resume_id: uuid.UUID
    posting_id: uuid.UUID
    message: str = Field("", max_length=1000)


# --- responses --------------------------------------------------------------------------


class RecipientOut(Schema):
    legal_name: str
    uscc: str


class CategoryOut(Schema):
    code: str
    label: str


class NoticeOut(Schema):
    """What the seeker confirms (PI-05): send ``hash`` back with the application."""

    recipient: RecipientOut
    client: RecipientOut | None
    job_title: str
    resume_title: str
    categories: list[CategoryOut]
    text: str
    hash: str

    @staticmethod
    def build(notice: ConsentNotice) -> NoticeOut:
        client = notice.client
        return NoticeOut(
            recipient=RecipientOut(
                legal_name=notice.recipient.legal_name, uscc=notice.recipient.uscc
            ),
            client=RecipientOut(legal_name=client.legal_name, uscc=client.uscc) if client else None,
            job_title=notice.job_title,
            resume_title=notice.resume_title,
            categories=[CategoryOut(code=c, label=category_label(c)) for c in notice.categories],
            text=notice.text,
            hash=notice.hash,
        )


class PublicStageOut(Schema):
    """The meaning of the stage, as the seeker sees it (never the organisation's name)."""

    kind: str
    label: str


class TimelineOut(Schema):
    kind: str
    label: str
    at: dt.datetime


def _title(application: Application | ApplyInvitation) -> str:
    version = application.posting.live_version
    return version.title if version is not None else ""


def _public_stage(application: Application) -> PublicStageOut:
    if application.status == ApplicationStatus.WITHDRAWN:
        return PublicStageOut(kind="withdrawn", label=str(ApplicationStatus.WITHDRAWN.label))
    kind = application.stage.kind
    return PublicStageOut(kind=kind, label=str(StageKind(kind).label))


def _reason_label(code: str) -> str:
    return str(RejectionReason(code).label) if code in RejectionReason.values else ""


class SeekerApplicationOut(Schema):
    id: uuid.UUID
    posting_id: uuid.UUID
    job_title: str
    organisation: str
    client: str | None
    stage: PublicStageOut
    status: str
    source: str
    applied_at: dt.datetime
    closed_at: dt.datetime | None
    rejection_reason: str
    rejection_reason_label: str

    @staticmethod
    def fields_of(application: Application) -> dict[str, Any]:
        client = application.posting.client
        return {
            "id": application.pk,
            "posting_id": application.posting_id,
            "job_title": _title(application),
            "organisation": application.consent_recipient,
            "client": client.legal_name if client is not None else None,
            "stage": _public_stage(application),
            "status": application.status,
            "source": application.source,
            "applied_at": application.created_at,
            "closed_at": application.closed_at,
            "rejection_reason": application.rejection_reason,
            "rejection_reason_label": _reason_label(application.rejection_reason),
        }

    @staticmethod
    def build(application: Application) -> SeekerApplicationOut:
        return SeekerApplicationOut(**SeekerApplicationOut.fields_of(application))


class ConsentOut(Schema):
    recipient: str
    recipient_uscc: str
    categories: list[CategoryOut]
    text_hash: str
    consented_at: dt.datetime


class SeekerApplicationDetailOut(SeekerApplicationOut):
    cover_note: str
    rejection_message: str
    consent: ConsentOut
    timeline: list[TimelineOut]

    @staticmethod
    def build_detail(
        application: Application, timeline: list[dict[str, Any]]
    ) -> SeekerApplicationDetailOut:
        return SeekerApplicationDetailOut(
            **SeekerApplicationOut.fields_of(application),
            cover_note=application.cover_note,
            rejection_message=application.rejection_message,
            consent=ConsentOut(
                recipient=application.consent_recipient,
                recipient_uscc=application.consent_recipient_uscc,
                categories=[
                    CategoryOut(code=c, label=category_label(c))
                    for c in application.consent_categories
                ],
                text_hash=application.consent_text_hash,
                consented_at=application.consented_at,
            ),
            timeline=[TimelineOut(**item) for item in timeline],
        )


class StageOut(Schema):
    id: uuid.UUID
    name: str
    name_en: str
    kind: str
    kind_label: str
    position: int
    archived: bool

    @staticmethod
    def build(stage: PipelineStage) -> StageOut:
        return StageOut(
            id=stage.pk,
            name=stage.name,
            name_en=stage.name_en,
            kind=stage.kind,
            kind_label=str(StageKind(stage.kind).label),
            position=stage.position,
            archived=stage.archived_at is not None,
        )


class CandidateOut(Schema):
    """The applicant as the resume was sent (the organisation received it with consent)."""

    name: str
    city: str
    highest_education: str
    experience_months: int
    skills: list[str]


def candidate_of(snapshot: dict[str, Any]) -> CandidateOut:
    return CandidateOut(
        name=str(snapshot.get("full_name", "")),
        city=str(snapshot.get("city", "")),
        highest_education=str(snapshot.get("highest_education", "")),
        experience_months=int(snapshot.get("experience_months") or 0),
        skills=[
            str(item.get("name", ""))
            for item in snapshot.get("skills", [])
            if isinstance(item, dict)
        ],
    )


class EmployerApplicationOut(Schema):
    id: uuid.UUID
    posting_id: uuid.UUID
    job_title: str
    stage: StageOut
    status: str
    source: str
    applied_at: dt.datetime
    seen: bool
    candidate: CandidateOut
    duplicate_of: uuid.UUID | None

    @staticmethod
    def fields_of(application: Application) -> dict[str, Any]:
        return {
            "id": application.pk,
            "posting_id": application.posting_id,
            "job_title": _title(application),
            "stage": StageOut.build(application.stage),
            "status": application.status,
            "source": application.source,
            "applied_at": application.created_at,
            "seen": application.seen_by_org_at is not None,
            "candidate": candidate_of(application.snapshot),
            "duplicate_of": application.duplicate_of_id,
        }

    @staticmethod
    def build(application: Application) -> EmployerApplicationOut:
        return EmployerApplicationOut(**EmployerApplicationOut.fields_of(application))


class NoteOut(Schema):
    id: uuid.UUID
    author: str
    text: str
    rating: int | None
    at: dt.datetime

    @staticmethod
    def build(note: ApplicationNote) -> NoteOut:
        return NoteOut(
            id=note.pk,
            author=note.author.display_name,
            text=note.text,
            rating=note.rating,
            at=note.created_at,
        )


class HistoryOut(Schema):
    from_stage: str | None
    to_stage: str
    kind: str
    status: str
    actor: str | None
    at: dt.datetime

    @staticmethod
    def build(change: StageChange) -> HistoryOut:
        return HistoryOut(
            from_stage=change.from_stage.name if change.from_stage else None,
            to_stage=change.to_stage.name,
            kind=change.to_stage.kind,
            status=change.status,
            actor=change.actor.display_name if change.actor else None,
            at=change.created_at,
        )


class EmployerApplicationDetailOut(EmployerApplicationOut):
    phone: str
    email: str
    cover_note: str
    resume: dict[str, Any]
    rejection_reason: str
    rejection_message: str
    notes: list[NoteOut]
    history: list[HistoryOut]
    # Absent (not null) when the seeker switched them off (ALG-05).
    activity: ActivityOut | None = Field(None, exclude_if=lambda value: value is None)
    talent_insight: TalentInsightOut | None = Field(None, exclude_if=lambda value: value is None)

    @staticmethod
    def build_detail(
        application: Application, notes: list[ApplicationNote], history: list[StageChange]
    ) -> EmployerApplicationDetailOut:
        phone, email = contact_for_org(application)
        hidden = {"phone", "email", "phone_key", "email_key", "search"}
        signals = signals_of(application.seeker_id)
        return EmployerApplicationDetailOut(
            activity=ActivityOut(**signals.activity) if signals.activity else None,
            talent_insight=(
                TalentInsightOut(**signals.talent_insight) if signals.talent_insight else None
            ),
            **EmployerApplicationOut.fields_of(application),
            phone=phone,
            email=email,
            cover_note=application.cover_note,
            resume={k: v for k, v in application.snapshot.items() if k not in hidden},
            rejection_reason=application.rejection_reason,
            rejection_message=application.rejection_message,
            notes=[NoteOut.build(note) for note in notes],
            history=[HistoryOut.build(change) for change in history],
        )


class ColumnOut(Schema):
    stage: StageOut
    total: int
    items: list[EmployerApplicationOut]


class BoardOut(Schema):
    posting_id: uuid.UUID
    columns: list[ColumnOut]


class SeekerInvitationOut(Schema):
    id: uuid.UUID
    organisation: RecipientOut
    posting_id: uuid.UUID
    job_title: str
    resume_id: uuid.UUID
    message: str
    status: Literal["pending", "accepted", "declined", "expired", "withdrawn"]
    created_at: dt.datetime
    expires_at: dt.datetime
    application_id: uuid.UUID | None

    @staticmethod
    def build(invitation: ApplyInvitation) -> SeekerInvitationOut:
        org = invitation.organisation
        return SeekerInvitationOut(
            id=invitation.pk,
            organisation=RecipientOut(legal_name=org.legal_name, uscc=org.uscc),
            posting_id=invitation.posting_id,
            job_title=_title(invitation),
            resume_id=invitation.resume_id,
            message=invitation.message,
            status=_status(invitation),
            created_at=invitation.created_at,
            expires_at=invitation.expires_at,
            application_id=invitation.application_id,
        )


def _status(invitation: ApplyInvitation) -> Any:
    """Pending invitations past their expiry read as expired before the daily task runs."""
    from django.utils import timezone

    if invitation.status == InvitationStatus.PENDING and invitation.expires_at <= timezone.now():
        return InvitationStatus.EXPIRED.value
    return invitation.status


class EmployerInvitationOut(Schema):
    id: uuid.UUID
    posting_id: uuid.UUID
    job_title: str
    resume_id: uuid.UUID
    candidate_name: str = Field(..., description="Masked until the seeker accepts (PI-07)")
    message: str
    status: str
    created_at: dt.datetime
    expires_at: dt.datetime
    application_id: uuid.UUID | None

    @staticmethod
    def build(invitation: ApplyInvitation) -> EmployerInvitationOut:
        return EmployerInvitationOut(
            id=invitation.pk,
            posting_id=invitation.posting_id,
            job_title=_title(invitation),
            resume_id=invitation.resume_id,
            candidate_name=mask_name(invitation.resume.full_name),
            message=invitation.message,
            status=_status(invitation),
            created_at=invitation.created_at,
            expires_at=invitation.expires_at,
            application_id=invitation.application_id,
        )

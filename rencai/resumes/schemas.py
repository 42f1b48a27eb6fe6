"""API contract of the resumes app. Request bodies reject unknown fields; responses for
organisations are built from ``resume_card`` only (masking, PI-07)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from rencai.core.api_support import StrictSchema
from rencai.privacy.insight import ActivityOut, TalentInsightOut
from rencai.resumes.cvimport import CvProposal
from rencai.resumes.derived import Completeness, completeness
from rencai.resumes.models import (
    HiddenOrganisation,
    Resume,
    ResumeAttachment,
    ResumeEntry,
    ResumeView,
)
from rencai.resumes.presentation import display_phone

EntryKindIn = Literal["work", "project", "education", "training", "certificate"]


class SkillIn(StrictSchema):
    name: str = Field(..., max_length=30)
    level: Literal["basic", "good", "advanced", "expert"]


class LanguageIn(StrictSchema):
    language: str = Field(..., max_length=20)
    level: Literal["basic", "working", "fluent", "native"]


class LinkIn(StrictSchema):
    title: str = Field("", max_length=40)
    url: str = Field(..., max_length=300)


class ResumeFieldsIn(StrictSchema):
    """Every editable field (PATCH: only the ones sent change). Only job-related data
    (DIS-09); ethnicity, hukou and political status are optional and never filters."""

    title: str | None = Field(None, max_length=40)
    language: Literal["zh-hans", "en"] | None = None
    full_name: str | None = Field(None, max_length=40)
    phone: str | None = Field(None, max_length=30)
    email: str | None = Field(None, max_length=254)
    city: str | None = Field(None, max_length=6, description="GB/T 2260 city code")
    work_status: Literal["looking_now", "open", "not_looking", "student"] | None = None
    available_from: dt.date | None = None
    intended_categories: list[str] | None = Field(None, max_length=5)
    intended_cities: list[str] | None = Field(None, max_length=5)
    employment_types: list[str] | None = Field(None, max_length=5)
    pay_min: int | None = None
    pay_max: int | None = None
    skills: list[SkillIn] | None = Field(None, max_length=30)
    languages: list[LanguageIn] | None = Field(None, max_length=10)
    links: list[LinkIn] | None = Field(None, max_length=10)
    self_assessment: str | None = Field(None, max_length=2000)
    ethnicity: str | None = Field(None, max_length=20)
    hukou_division: str | None = Field(None, max_length=6)
    political_status: str | None = Field(None, max_length=20)

    def changes(self) -> dict[str, Any]:
        """The fields the client sent (``null`` clears an optional one)."""
        data = self.model_dump(exclude_unset=True)
        blank_text = {"phone", "email", "city", "self_assessment", "ethnicity"}
        blank_text |= {"hukou_division", "political_status"}
        for name in blank_text & set(data):
            data[name] = data[name] or ""
        for name in {"intended_categories", "intended_cities", "employment_types"} & set(data):
            data[name] = data[name] or []
        for name in {"skills", "languages", "links"} & set(data):
            data[name] = data[name] or []
        return data


class ResumeCreateIn(ResumeFieldsIn):
    title: str = Field(..., max_length=40)
    full_name: str = Field(..., max_length=40)


class CopyIn(StrictSchema):
    title: str = Field(..., max_length=40)
    language: Literal["zh-hans", "en"] | None = None


class VisibilityIn(StrictSchema):
    visibility: Literal["hidden", "employers", "public"] = Field(
        ...,
        description="hidden: only organisations you apply to; employers: verified employers, "
        "not HR agencies; public: verified employers and HR agencies (PI-05)",
    )


class EntryFieldsIn(StrictSchema):
    organisation: str = Field("", max_length=100)
    title: str = Field(..., max_length=100)
    degree: str = Field("", max_length=16, description="Education entries only")
    start: dt.date | None = None
    end: dt.date | None = Field(None, description="Empty: until now")
    description: str = Field("", max_length=3000)


class EntryIn(EntryFieldsIn):
    kind: EntryKindIn


class OrderIn(StrictSchema):
    kind: EntryKindIn
    entry_ids: list[uuid.UUID] = Field(..., max_length=30)


class EntryOut(Schema):
    id: uuid.UUID
    kind: str
    position: int
    organisation: str
    title: str
    degree: str
    start: dt.date | None
    end: dt.date | None
    description: str

    @classmethod
    def build(cls, entry: ResumeEntry) -> EntryOut:
        return cls(
            id=entry.pk,
            kind=entry.kind,
            position=entry.position,
            organisation=entry.organisation,
            title=entry.title,
            degree=entry.degree,
            start=entry.start,
            end=entry.end,
            description=entry.description,
        )


class SuggestionOut(Schema):
    code: str
    message: str
    section: str
    points: int


class CompletenessOut(Schema):
    score: int
    suggestions: list[SuggestionOut]

    @classmethod
    def build(cls, result: Completeness) -> CompletenessOut:
        return cls(
            score=result.score,
            suggestions=[
                SuggestionOut(
                    code=s.code, message=str(s.message), section=s.section, points=s.points
                )
                for s in result.suggestions
            ],
        )


class AttachmentOut(Schema):
    id: uuid.UUID
    title: str
    kind: str
    size: int
    has_text: bool
    created_at: dt.datetime

    @classmethod
    def build(cls, attachment: ResumeAttachment) -> AttachmentOut:
        return cls(
            id=attachment.pk,
            title=attachment.title,
            kind=attachment.file.kind,
            size=attachment.file.size,
            has_text=bool(attachment.extracted_text),
            created_at=attachment.created_at,
        )


class ResumeSummaryOut(Schema):
    id: uuid.UUID
    title: str
    language: str
    is_primary: bool
    visibility: str
    visibility_changed_at: dt.datetime | None
    full_name: str
    completeness: int
    highest_education: str
    experience_months: int
    updated_at: dt.datetime

    @classmethod
    def build(cls, resume: Resume) -> ResumeSummaryOut:
        return cls(
            id=resume.pk,
            title=resume.title,
            language=resume.language,
            is_primary=resume.is_primary,
            visibility=resume.visibility,
            visibility_changed_at=resume.visibility_changed_at,
            full_name=resume.full_name,
            completeness=resume.completeness,
            highest_education=resume.highest_education,
            experience_months=resume.experience_months,
            updated_at=resume.updated_at,
        )


class ResumeOut(ResumeSummaryOut):
    """The seeker's own resume, every field."""

    phone: str
    email: str
    city: str
    work_status: str
    available_from: dt.date | None
    intended_categories: list[str]
    intended_cities: list[str]
    employment_types: list[str]
    pay_min: int | None
    pay_max: int | None
    skills: list[dict[str, str]]
    languages: list[dict[str, str]]
    links: list[dict[str, str]]
    self_assessment: str
    ethnicity: str
    hukou_division: str
    political_status: str
    has_photo: bool
    entries: list[EntryOut]
    attachments: list[AttachmentOut]
    completeness_detail: CompletenessOut

    @classmethod
    def build(cls, resume: Resume) -> ResumeOut:
        entries = list(resume.entries.all())
        return cls(
            **ResumeSummaryOut.build(resume).model_dump(),
            phone=display_phone(resume.phone),
            email=resume.email,
            city=resume.city,
            work_status=resume.work_status,
            available_from=resume.available_from,
            intended_categories=list(resume.intended_categories),
            intended_cities=list(resume.intended_cities),
            employment_types=list(resume.employment_types),
            pay_min=resume.pay_min,
            pay_max=resume.pay_max,
            skills=list(resume.skills),
            languages=list(resume.languages),
            links=list(resume.links),
            self_assessment=resume.self_assessment,
            ethnicity=resume.ethnicity,
            hukou_division=resume.hukou_division,
            political_status=resume.political_status,
            has_photo=resume.photo_id is not None,
            entries=[EntryOut.build(entry) for entry in entries],
            attachments=[AttachmentOut.build(a) for a in resume.attachments.all()],
            completeness_detail=CompletenessOut.build(completeness(resume, entries)),
        )


class HideIn(StrictSchema):
    """Either a verified organisation (from the lookup) or a unified social credit code."""

    organisation_id: uuid.UUID | None = None
    uscc: str = Field("", max_length=30)


class HiddenOut(Schema):
    id: uuid.UUID
    uscc: str
    name: str
    current_name: str
    created_at: dt.datetime

    @classmethod
    def build(cls, hidden: HiddenOrganisation) -> HiddenOut:
        current = hidden.organisation.legal_name if hidden.organisation else hidden.name
        return cls(
            id=hidden.pk,
            uscc=hidden.uscc,
            name=hidden.name,
            current_name=current,
            created_at=hidden.created_at,
        )


class OrgLookupOut(Schema):
    id: uuid.UUID
    name: str
    uscc: str
    account_class: str


class ResumeViewOut(Schema):
    id: uuid.UUID
    organisation: str
    organisation_id: uuid.UUID
    kind: str
    source: str
    job_title: str
    resume_id: uuid.UUID
    resume_title: str
    created_at: dt.datetime

    @classmethod
    def build(cls, view: ResumeView) -> ResumeViewOut:
        posting = view.posting
        title = posting.live_version.title if posting and posting.live_version else ""
        return cls(
            id=view.pk,
            organisation=view.organisation.legal_name,
            organisation_id=view.organisation_id,
            kind=view.kind,
            source=view.source,
            job_title=title,
            resume_id=view.resume_id,
            resume_title=view.resume.title,
            created_at=view.created_at,
        )


class ProposedEntryOut(Schema):
    key: str
    kind: str
    organisation: str
    title: str
    degree: str
    start: dt.date | None
    end: dt.date | None
    description: str


class ProposalOut(Schema):
    """What the CV import found. Nothing is saved: send the items to keep to
    ``import-confirm``."""

    fields: dict[str, str]
    entries: list[ProposedEntryOut]
    skills: list[str]

    @classmethod
    def build(cls, proposal: CvProposal) -> ProposalOut:
        fields = dict(proposal.fields)
        if "phone" in fields:
            fields["phone"] = display_phone(fields["phone"])
        return cls(
            fields=fields,
            entries=[
                ProposedEntryOut(
                    key=entry.key,
                    kind=entry.kind,
                    organisation=entry.organisation,
                    title=entry.title,
                    degree=entry.degree,
                    start=entry.start,
                    end=entry.end,
                    description=entry.description,
                )
                for entry in proposal.entries
            ],
            skills=list(proposal.skills),
        )


class ImportFieldsIn(StrictSchema):
    full_name: str | None = Field(None, max_length=40)
    phone: str | None = Field(None, max_length=30)
    email: str | None = Field(None, max_length=254)
    self_assessment: str | None = Field(None, max_length=2000)


class ImportConfirmIn(StrictSchema):
    """The confirmed items only. Without ``resume_id`` a new (invisible) resume is made."""

    resume_id: uuid.UUID | None = None
    title: str = Field("", max_length=40)
    fields: ImportFieldsIn | None = None
    entries: list[EntryIn] = Field(default_factory=list, max_length=30)
    skills: list[str] = Field(default_factory=list, max_length=30)


class CardEntryOut(Schema):
    id: str
    kind: str
    organisation: str
    title: str
    degree: str
    degree_label: str
    start: dt.date | None
    end: dt.date | None
    description: str


class NamedCodeOut(Schema):
    code: str
    name: str


class EmployerResumeOut(Schema):
    """An organisation's view of a resume (PI-07): ``masked`` true means the surname
    followed by ``**`` and no phone, e-mail or links."""

    id: str
    title: str
    language: str
    masked: bool
    name: str
    phone: str
    email: str
    city: NamedCodeOut
    work_status: str
    work_status_label: str
    available_from: dt.date | None
    intended_categories: list[NamedCodeOut]
    intended_cities: list[NamedCodeOut]
    employment_types: list[NamedCodeOut]
    pay_min: int | None
    pay_max: int | None
    highest_education: str
    highest_education_label: str
    experience_months: int
    experience_years: int
    skills: list[dict[str, str]]
    languages: list[dict[str, str]]
    links: list[dict[str, str]]
    self_assessment: str
    sections: dict[str, list[CardEntryOut]]
    updated_at: dt.datetime
    ethnicity: str | None = None
    hukou: str | None = None
    political_status: str | None = None
    photo_id: str | None = None
    can_download: bool = False
    # Absent (not null) when the seeker switched them off (ALG-05).
    activity: ActivityOut | None = Field(None, exclude_if=lambda value: value is None)
    talent_insight: TalentInsightOut | None = Field(None, exclude_if=lambda value: value is None)

"""API contract of the jobs app. Request bodies reject unknown fields."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from rencai.core import divisions, occupations
from rencai.core.api_support import StrictSchema
from rencai.jobs.content import Location, PostingContent
from rencai.jobs.models import JobPosting, JobPostingVersion, PostingEvent


class ScreenIn(StrictSchema):
    title: str = Field(..., max_length=200)
    description: str = Field("", max_length=10000)
    requirements: str = Field("", max_length=5000)
    benefits: str = Field("", max_length=2000)


class FindingOut(Schema):
    code: str
    category: str
    severity: str
    field: str
    start: int
    end: int
    text: str
    rule: str
    explanation: str
    suggestion: str


class ScreenOut(Schema):
    verdict: Literal["pass", "review", "block"]
    findings: list[FindingOut]


class LocationIn(StrictSchema):
    division: str = Field(..., max_length=6)
    address: str = Field(..., max_length=200)


class QaIn(StrictSchema):
    q: str = Field(..., max_length=200)
    a: str = Field(..., max_length=1000)


class PostingIn(StrictSchema):
    """Every field of a posting version; the first group is mandatory (JOB-01)."""

    title: str = Field(..., max_length=60)
    category: str = Field(..., max_length=12, description="Occupation code (职业分类大典)")
    openings: int = Field(..., ge=0, le=9999)
    employment_type: Literal["full_time", "part_time", "internship", "dispatch", "flexible"]
    description: str = Field(..., max_length=5000, description="Job content (工作内容)")
    requirements: str = Field(..., max_length=3000)
    working_hours: str = Field(..., max_length=200)
    locations: list[LocationIn] = Field(..., max_length=10)
    pay_min: int = Field(..., ge=0)
    pay_max: int = Field(..., ge=0)
    pay_period: Literal["month", "day", "hour", "piece"]
    education: str = Field("any", max_length=16)
    experience_years: int = Field(0, ge=0, le=40)
    skills: list[str] = Field(default_factory=list, max_length=20)
    shifts: str = Field("", max_length=200)
    environment: str = Field("", max_length=300)
    months_per_year: int = Field(12, ge=12, le=24)
    benefits: list[str] = Field(default_factory=list, max_length=12)
    occupational_hazards: str = Field("", max_length=2000)
    probation_months: int | None = Field(None, ge=0, le=6)
    qa: list[QaIn] = Field(default_factory=list, max_length=10)
    targets_foreign_nationals: bool = False
    work_permit_acknowledged: bool = False
    valid_until: dt.date | None = None

    def content(self) -> PostingContent:
        data = self.model_dump(exclude={"client_id", "entrustment", "source"})
        data["locations"] = [Location(**loc) for loc in data["locations"]]
        return PostingContent(**data)


class PostingCreateIn(PostingIn):
    client_id: uuid.UUID | None = Field(None, description="Agencies: the verified client")
    entrustment: str = Field("", max_length=200)
    source: str = Field("", max_length=200, description="Reposts: the information source")


class SubmitIn(StrictSchema):
    justification: str = Field("", max_length=2000)


class RenewIn(StrictSchema):
    valid_until: dt.date


class DecisionIn(StrictSchema):
    decision: Literal["approve", "reject"]
    reasons: list[str] = Field(default_factory=list, max_length=10)
    note: str = Field("", max_length=2000)


class TakeDownIn(StrictSchema):
    reasons: list[str] = Field(..., max_length=10)
    note: str = Field("", max_length=2000)


class LocationOut(Schema):
    division: str
    division_name: str
    address: str


class VersionOut(Schema):
    id: uuid.UUID
    number: int
    status: str
    title: str
    category: str
    category_name: str
    openings: int
    employment_type: str
    description: str
    requirements: str
    education: str
    experience_years: int
    skills: list[str]
    working_hours: str
    shifts: str
    environment: str
    locations: list[LocationOut]
    pay_min: int
    pay_max: int
    pay_period: str
    months_per_year: int
    benefits: list[str]
    occupational_hazards: str
    probation_months: int | None
    qa: list[dict[str, str]]
    targets_foreign_nationals: bool
    valid_until: dt.date
    verdict: str
    findings: list[dict[str, Any]]
    justification: str
    submitted_at: dt.datetime | None
    decided_at: dt.datetime | None
    reasons: list[str]
    note: str

    @staticmethod
    def build(version: JobPostingVersion) -> VersionOut:
        data = {
            name: getattr(version, name)
            for name in VersionOut.model_fields
            if hasattr(version, name)
        }
        data["id"] = version.pk
        data["category_name"] = occupations.display_name(version.category)
        data["locations"] = [
            LocationOut(
                division=loc["division"],
                division_name=divisions.display_name(loc["division"]),
                address=loc["address"],
            )
            for loc in version.locations
        ]
        return VersionOut(**data)


class EventOut(Schema):
    kind: str
    at: dt.datetime
    version: int | None
    reasons: list[str]
    note: str

    @staticmethod
    def build(row: PostingEvent) -> EventOut:
        return EventOut(
            kind=row.kind,
            at=row.created_at,
            version=row.version.number if row.version else None,
            reasons=list(row.reasons),
            note=row.note,
        )


class EmployerPostingOut(Schema):
    id: uuid.UUID
    status: str
    organisation_id: uuid.UUID
    client_id: uuid.UUID | None
    source: str
    valid_until: dt.date | None
    published_at: dt.datetime | None
    minor_prohibited: bool
    views: int
    live: VersionOut | None
    editing: VersionOut | None
    history: list[EventOut]

    @staticmethod
    def build(posting: JobPosting) -> EmployerPostingOut:
        from rencai.jobs.queries import editable_version

        editing = editable_version(posting)
        return EmployerPostingOut(
            id=posting.pk,
            status=posting.status,
            organisation_id=posting.organisation_id,
            client_id=posting.client_id,
            source=posting.source,
            valid_until=posting.valid_until,
            published_at=posting.published_at,
            minor_prohibited=posting.minor_prohibited,
            views=posting.view_count,
            live=VersionOut.build(posting.live_version) if posting.live_version else None,
            editing=VersionOut.build(editing) if editing else None,
            history=[EventOut.build(row) for row in posting.events.select_related("version")],
        )


class PublicJobOut(Schema):
    """A published posting as anyone sees it (browse mode, no personal data)."""

    id: uuid.UUID
    title: str
    organisation_id: uuid.UUID
    organisation_name: str
    organisation_verified: bool
    client_name: str | None
    source: str
    category: str
    category_name: str
    employment_type: str
    openings: int
    pay_min: int
    pay_max: int
    pay_period: str
    months_per_year: int
    locations: list[LocationOut]
    published_at: dt.datetime | None
    valid_until: dt.date | None

    @staticmethod
    def build(posting: JobPosting) -> PublicJobOut:
        live = posting.live_version
        assert live is not None
        return PublicJobOut(
            id=posting.pk,
            title=live.title,
            organisation_id=posting.organisation_id,
            organisation_name=posting.organisation.legal_name,
            organisation_verified=posting.organisation.is_verified,
            client_name=posting.client.legal_name if posting.client else None,
            source=posting.source,
            category=live.category,
            category_name=occupations.display_name(live.category),
            employment_type=live.employment_type,
            openings=live.openings,
            pay_min=live.pay_min,
            pay_max=live.pay_max,
            pay_period=live.pay_period,
            months_per_year=live.months_per_year,
            locations=VersionOut.build(live).locations,
            published_at=posting.published_at,
            valid_until=posting.valid_until,
        )


class PublicJobDetailOut(PublicJobOut):
    description: str
    requirements: str
    education: str
    experience_years: int
    skills: list[str]
    working_hours: str
    shifts: str
    environment: str
    benefits: list[str]
    occupational_hazards: str
    probation_months: int | None
    qa: list[dict[str, str]]
    targets_foreign_nationals: bool

    @staticmethod
    def build(posting: JobPosting) -> PublicJobDetailOut:
        live = posting.live_version
        assert live is not None
        base = PublicJobOut.build(posting).model_dump()
        extra = {
            name: getattr(live, name)
            for name in PublicJobDetailOut.model_fields
            if name not in base
        }
        return PublicJobDetailOut(**base, **extra)


class ReviewItemOut(Schema):
    id: uuid.UUID
    posting_id: uuid.UUID
    organisation_name: str
    title: str
    number: int
    verdict: str
    submitted_at: dt.datetime | None


class ReportIn(StrictSchema):
    """A report to trust & safety (``rencai.moderation``): today's categories or the older
    names (``discrimination``, ``fraud_fees``, ``diversion``)."""

    category: str = Field(..., max_length=32)
    details: str = Field(..., max_length=2000)


class ReportOut(Schema):
    reference: str
    # Anonymous reporters only: with the reference, it opens the report's status (shown once).
    token: str = ""

"""API contract of reviews. Public and organisation-facing shapes never carry the author's
name or id (``author_label`` is 匿名求职者 or a masked name)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from ninja import Schema
from pydantic import Field

from rencai.core.api_support import StrictSchema
from rencai.reviews.display import author_label, scores_of
from rencai.reviews.models import EmployerReview
from rencai.reviews.queries import Aggregate
from rencai.reviews.screening import explained


class ReviewIn(StrictSchema):
    application_id: uuid.UUID = Field(..., description="One of your applications")
    scores: dict[str, int] = Field(
        ...,
        description="1–5 per dimension: employer ``overall``, ``interview``, ``honesty``; "
        "headhunter ``overall``, ``professionalism``, ``responsiveness``, ``honesty``",
    )
    text: str = Field(..., max_length=2000)
    anonymous: bool = Field(True, description="Shown as 匿名求职者 (default)")


class ReviewPatch(StrictSchema):
    scores: dict[str, int] | None = None
    text: str | None = Field(None, max_length=2000)
    anonymous: bool | None = None


class ReplyIn(StrictSchema):
    text: str = Field(..., max_length=1000)


class RemoveIn(StrictSchema):
    reasons: list[str] = Field(..., description="``RemovalReason`` values")
    note: str = Field("", max_length=1000, description="Required with ``other``")


class ReplyOut(Schema):
    text: str
    created_at: dt.datetime


class ReviewOut(Schema):
    id: uuid.UUID
    organisation_id: uuid.UUID
    organisation_name: str
    kind: str
    status: str
    scores: dict[str, int]
    text: str = Field(..., description="The text as shown (staff names masked)")
    author_label: str
    published_at: dt.datetime | None
    reply: ReplyOut | None

    @staticmethod
    def fields_of(review: EmployerReview) -> dict[str, Any]:
        reply = getattr(review, "reply", None)
        return {
            "id": review.pk,
            "organisation_id": review.organisation_id,
            "organisation_name": review.organisation.legal_name,
            "kind": review.kind,
            "status": review.status,
            "scores": scores_of(review),
            "text": review.display_text,
            "author_label": author_label(review),
            "published_at": review.published_at,
            "reply": ReplyOut(text=reply.display_text, created_at=reply.created_at)
            if reply is not None and reply.is_published
            else None,
        }

    @staticmethod
    def build(review: EmployerReview) -> ReviewOut:
        return ReviewOut(**ReviewOut.fields_of(review))


class FindingOut(Schema):
    code: str
    category: str
    severity: str
    start: int
    end: int
    text: str
    explanation: str
    suggestion: str


class MyReviewOut(ReviewOut):
    """The author's view: their own text, the findings that hold it back, the removal."""

    application_id: uuid.UUID
    own_text: str
    anonymous: bool
    findings: list[FindingOut]
    removal_reasons: list[str]
    removal_note: str
    created_at: dt.datetime

    @staticmethod
    def build_mine(review: EmployerReview) -> MyReviewOut:
        return MyReviewOut(
            **ReviewOut.fields_of(review),
            application_id=review.application_id,
            own_text=review.text,
            anonymous=review.anonymous,
            findings=[FindingOut(**f) for f in explained(review.screening_findings)],
            removal_reasons=review.removal_reasons,
            removal_note=review.removal_note,
            created_at=review.created_at,
        )


class AggregateOut(Schema):
    kind: str
    count: int
    averages: dict[str, float | None]
    distribution: dict[str, int] = Field(..., description="Overall score (1–5) → reviews")

    @staticmethod
    def build(agg: Aggregate) -> AggregateOut:
        return AggregateOut(
            kind=agg.kind,
            count=agg.count,
            averages=agg.averages,
            distribution={str(stars): agg.distribution.get(stars, 0) for stars in range(1, 6)},
        )


class OrgReviewsOut(Schema):
    organisation_id: uuid.UUID
    aggregate: AggregateOut
    items: list[ReviewOut]
    total: int
    page: int
    page_size: int


class ReplyResultOut(Schema):
    review_id: uuid.UUID
    status: str
    text: str
    findings: list[FindingOut]

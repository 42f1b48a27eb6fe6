"""API contract of risk assessments (FRD-01, FRD-06)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from ninja import Schema
from pydantic import Field

from rencai.core.api_support import StrictSchema
from rencai.risk.models import RiskAssessment
from rencai.risk.scores import factors_of


class FactorOut(Schema):
    code: str
    weight: int
    title: str
    explanation: str
    evidence: dict[str, Any]


class AssessmentOut(Schema):
    id: uuid.UUID
    subject_kind: str
    subject_id: uuid.UUID
    score: int
    level: str
    factors: list[FactorOut]
    trigger: str
    computed_at: dt.datetime
    is_current: bool
    review_outcome: str
    review_note: str
    reviewed_by_id: uuid.UUID | None
    reviewed_at: dt.datetime | None

    @classmethod
    def build(cls, assessment: RiskAssessment) -> AssessmentOut:
        subject = assessment.subject_id
        assert isinstance(subject, uuid.UUID)
        return cls(
            id=assessment.pk,
            subject_kind=assessment.subject_kind,
            subject_id=subject,
            score=assessment.score,
            level=assessment.level,
            factors=[
                FactorOut(
                    code=f.code,
                    weight=f.weight,
                    title=f.title,
                    explanation=f.explanation,
                    evidence=f.evidence,
                )
                for f in factors_of(assessment.signals)
            ],
            trigger=assessment.trigger,
            computed_at=assessment.computed_at,
            is_current=assessment.is_current,
            review_outcome=assessment.review_outcome,
            review_note=assessment.review_note,
            reviewed_by_id=assessment.reviewed_by_id,
            reviewed_at=assessment.reviewed_at,
        )


class ReviewIn(StrictSchema):
    outcome: str = Field(..., max_length=12, description="``cleared`` or ``confirmed``")
    note: str = Field(..., max_length=2000, description="What was checked")

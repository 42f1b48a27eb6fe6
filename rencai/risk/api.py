"""API routers (mounted in ``rencai/api.py``): the risk desk at
``/api/v1/operator/risk``. The same actions and queries as the pages."""

from __future__ import annotations

import uuid

from django.http import HttpRequest
from ninja import Router

from rencai.accounts.models import User
from rencai.core.api_support import AUTH, ERRORS, Page, api_actor, paginate
from rencai.core.errors import permission_denied
from rencai.risk import queries
from rencai.risk.actions import review_assessment
from rencai.risk.permissions import can_review_risk, can_view_risk
from rencai.risk.schemas import AssessmentOut, ReviewIn

ops_risk_router = Router(tags=["risk (operators)"], auth=AUTH)


def _viewer(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    if not can_view_risk(user):
        raise permission_denied()
    return user


@ops_risk_router.get(
    "/assessments", response={200: Page[AssessmentOut], **ERRORS}, summary="Risk queue"
)
def assessments(
    request: HttpRequest,
    kind: str = "",
    level: str = "",
    unreviewed: bool = False,
    history: bool = False,
    page: int = 1,
    page_size: int = 25,
) -> Page[AssessmentOut]:
    """Current assessments (``history=true``: every one), high first, then by score.
    Filters: ``kind`` (posting, organisation, user), ``level`` (low, medium, high),
    ``unreviewed``. Reviewers, trust & safety, auditors and the regulator."""
    _viewer(request)
    rows = queries.assessments_for_operator(
        kind=kind, level=level, unreviewed=unreviewed, history=history
    )
    items, total, page, page_size = paginate(rows, page, page_size)
    return Page(
        items=[AssessmentOut.build(a) for a in items], total=total, page=page, page_size=page_size
    )


@ops_risk_router.get(
    "/assessments/{assessment_id}",
    response={200: AssessmentOut, **ERRORS},
    summary="One risk assessment",
)
def assessment(request: HttpRequest, assessment_id: uuid.UUID) -> AssessmentOut:
    _viewer(request)
    return AssessmentOut.build(queries.assessment_for_operator(assessment_id))


@ops_risk_router.post(
    "/assessments/{assessment_id}/review",
    response={200: AssessmentOut, **ERRORS},
    summary="Clear or confirm a risk assessment",
)
def review(request: HttpRequest, assessment_id: uuid.UUID, body: ReviewIn) -> AssessmentOut:
    """``cleared`` or ``confirmed`` with a note (``risk_note_required``); only the current,
    unreviewed assessment (``risk_assessment_superseded``, ``risk_already_reviewed``).
    Reviewers and trust & safety."""
    user = _viewer(request)
    if not can_review_risk(user):
        raise permission_denied()
    found = queries.assessment_for_operator(assessment_id)
    return AssessmentOut.build(
        review_assessment(found, outcome=body.outcome, note=body.note, actor=api_actor(request))
    )

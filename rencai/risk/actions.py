"""Operators' review of risk assessments (FRD-01): cleared or confirmed, with a note."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from rencai.audit.actions import record_event
from rencai.core.actors import Actor
from rencai.core.errors import permission_denied
from rencai.risk.choices import ReviewOutcome
from rencai.risk.errors import RiskErrorCode, risk_error
from rencai.risk.models import RiskAssessment
from rencai.risk.permissions import can_review_risk

MIN_NOTE = 5


def review_assessment(
    assessment: RiskAssessment, *, outcome: str, note: str, actor: Actor
) -> RiskAssessment:
    """Record a person's conclusion on the current assessment of a subject. ``cleared``: the
    factors were checked and are not fraud (a cleared posting may be recommended again);
    ``confirmed``: the risk is real (the reviewer takes the posting down or proposes a
    sanction in their own desks)."""
    if actor.user is None or not can_review_risk(actor.user):
        raise permission_denied()
    if outcome not in ReviewOutcome.values:
        raise risk_error(RiskErrorCode.OUTCOME_INVALID, field="outcome")
    text = (note or "").strip()
    if len(text) < MIN_NOTE:
        raise risk_error(RiskErrorCode.NOTE_REQUIRED, field="note")
    with transaction.atomic():
        locked = RiskAssessment.objects.select_for_update().get(pk=assessment.pk)
        if not locked.is_current:
            raise risk_error(RiskErrorCode.SUPERSEDED)
        if locked.review_outcome:
            raise risk_error(RiskErrorCode.ALREADY_REVIEWED)
        locked.review_outcome = outcome
        locked.review_note = text[:2000]
        locked.reviewed_by = actor.user
        locked.reviewed_at = timezone.now()
        locked.save(
            update_fields=[
                "review_outcome",
                "review_note",
                "reviewed_by",
                "reviewed_at",
                "updated_at",
            ]
        )
        record_event(
            actor,
            "risk.assessment_reviewed",
            locked,
            after={"outcome": outcome, "score": locked.score, "level": locked.level},
        )
    return locked

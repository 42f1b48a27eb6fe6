"""Risk on operator pages: the dashboard card, a factor's title, and the risk badge with
its factors on the posting review page."""

from __future__ import annotations

from typing import Any

from django import template

from rencai.accounts.models import User
from rencai.jobs.models import JobPosting
from rencai.risk import signals
from rencai.risk.permissions import can_view_risk
from rencai.risk.queries import dashboard_counts
from rencai.risk.scores import current_assessment, factors_of

register = template.Library()


@register.inclusion_tag("risk/_ops_card.html")
def risk_ops_card(user: User) -> dict[str, Any]:
    """Nothing for people who may not see risk assessments."""
    if not user.is_authenticated or not can_view_risk(user):
        return {"show": False}
    return {"show": True, "counts": dashboard_counts()}


@register.filter
def risk_factor_title(code: str) -> str:
    return signals.title(code)


@register.inclusion_tag("risk/_posting_risk.html")
def posting_risk(posting: JobPosting, user: User) -> dict[str, Any]:
    """The posting's current risk level, score and factors (operators who see risk)."""
    if not user.is_authenticated or not can_view_risk(user):
        return {"show": False}
    assessment = current_assessment(posting=posting)
    if assessment is None:
        return {"show": False}
    return {
        "show": True,
        "assessment": assessment,
        "factors": factors_of(assessment.signals),
    }

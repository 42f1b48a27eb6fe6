"""Who may see and review risk assessments (pure predicates)."""

from __future__ import annotations

from rencai.accounts.choices import Role
from rencai.accounts.models import User


def can_review_risk(user: User) -> bool:
    """Posting reviewers and trust & safety clear or confirm assessments."""
    return user.has_role(Role.OPERATOR_REVIEWER, Role.OPERATOR_TRUST_SAFETY)


def can_view_risk(user: User) -> bool:
    """Reviewers and trust & safety, and read-only: auditors and the regulator."""
    return can_review_risk(user) or user.has_role(Role.OPERATOR_AUDITOR, Role.REGULATOR)

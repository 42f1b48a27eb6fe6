"""Pure predicates of the jobs app."""

from __future__ import annotations

from rencai.accounts.choices import Role
from rencai.accounts.models import User


def can_review_postings(user: User) -> bool:
    """Reviewers decide on postings; trust & safety may take them down too (JOB-08)."""
    return user.has_role(Role.OPERATOR_REVIEWER)


def can_take_down_postings(user: User) -> bool:
    return user.has_role(Role.OPERATOR_REVIEWER, Role.OPERATOR_TRUST_SAFETY)


def can_inspect_postings(user: User) -> bool:
    """Reviewers, trust & safety and the regulator read every posting and its history."""
    return user.has_role(Role.OPERATOR_REVIEWER, Role.OPERATOR_TRUST_SAFETY, Role.REGULATOR)

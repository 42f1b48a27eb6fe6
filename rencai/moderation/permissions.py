"""Who may keep the abnormal list."""

from __future__ import annotations

from rencai.accounts.choices import Role
from rencai.accounts.models import User


def can_manage_abnormal_list(user: User) -> bool:
    """Reviewers and trust & safety operators list and lift subjects (FRD-04)."""
    return user.has_role(Role.OPERATOR_REVIEWER, Role.OPERATOR_TRUST_SAFETY)


def can_view_abnormal_list(user: User) -> bool:
    """As above, plus the regulator's read-only inspection."""
    return can_manage_abnormal_list(user) or user.has_role(Role.REGULATOR)


def can_handle_reports(user: User) -> bool:
    """Trust & safety works the report queue: assigns, updates and decides (CMP-01)."""
    return user.has_role(Role.OPERATOR_TRUST_SAFETY)


def can_view_reports(user: User) -> bool:
    """As above, plus the auditor's and the regulator's read-only view (REG-02)."""
    return can_handle_reports(user) or user.has_role(Role.OPERATOR_AUDITOR, Role.REGULATOR)

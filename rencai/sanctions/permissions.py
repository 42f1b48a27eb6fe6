"""Who may do what with sanctions (pure predicates)."""

from __future__ import annotations

from rencai.accounts.choices import OPERATOR_ROLES, Role
from rencai.accounts.models import User


def can_impose_sanctions(user: User) -> bool:
    """Trust & safety operators impose and revoke sanctions, decide appeals and record
    submissions to the authorities."""
    return user.has_role(Role.OPERATOR_TRUST_SAFETY)


def can_view_sanctions(user: User) -> bool:
    """Trust & safety, and read-only: auditors and the regulator (REG-02)."""
    return can_impose_sanctions(user) or user.has_role(Role.OPERATOR_AUDITOR, Role.REGULATOR)


def can_decide_appeal_of(user: User, imposed_by_id: object) -> bool:
    """A trust & safety operator who did not impose the sanction (FRD-02)."""
    return can_impose_sanctions(user) and user.pk != imposed_by_id


def has_own_sanctions(user: User) -> bool:
    """People who can be sanctioned: everyone but operators and the regulator."""
    return not user.has_role(*OPERATOR_ROLES, Role.REGULATOR)

"""Who may use the regulator's inspection (REG-02). Pure predicates on the user's roles."""

from __future__ import annotations

from rencai.accounts.choices import Role
from rencai.accounts.models import User


def can_inspect(user: User) -> bool:
    """The read-only regulator: every dataset, the dossiers, exports and the archive check."""
    return user.has_role(Role.REGULATOR)


def can_view_access_log(user: User) -> bool:
    """Auditors and security administrators read the log of the regulator's accesses."""
    return user.has_role(Role.OPERATOR_AUDITOR, Role.OPERATOR_SECURITY_ADMIN)


def can_view_annual_report(user: User) -> bool:
    """The annual business report (REG-01): the regulator, and the auditors and security
    administrators who prepare and file it."""
    return user.has_role(Role.REGULATOR, Role.OPERATOR_AUDITOR, Role.OPERATOR_SECURITY_ADMIN)

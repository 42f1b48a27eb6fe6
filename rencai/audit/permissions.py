"""Who may see the restricted archive, verify it, place legal holds and read its content
(RET-01, RET-06, SEC-03). Pure predicates on the user's roles."""

from __future__ import annotations

from rencai.accounts.choices import Role
from rencai.accounts.models import User


def can_view_archive(user: User) -> bool:
    """Auditors and security administrators see the archive's counts, its verification
    and the legal holds (never the content: see ``can_read_archived``)."""
    return user.has_role(Role.OPERATOR_AUDITOR, Role.OPERATOR_SECURITY_ADMIN)


def can_verify_archive(user: User) -> bool:
    """The integrity check: auditors, security administrators and regulators (REG-02)."""
    return user.has_role(Role.OPERATOR_AUDITOR, Role.OPERATOR_SECURITY_ADMIN, Role.REGULATOR)


def can_manage_legal_holds(user: User) -> bool:
    """Only security administrators place and release legal holds."""
    return user.has_role(Role.OPERATOR_SECURITY_ADMIN)

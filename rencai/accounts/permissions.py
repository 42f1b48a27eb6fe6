"""Pure predicates: may this user do that? (No queries beyond the user's own roles.)"""

from __future__ import annotations

from rencai.accounts.choices import OPERATOR_ROLES, SELF_SERVICE_ROLES, Role
from rencai.accounts.models import User


def is_operator(user: User) -> bool:
    return user.has_role(*OPERATOR_ROLES)


def can_manage_roles(user: User) -> bool:
    """Security administrators grant and revoke roles (SEC-03 role separation)."""
    return user.has_role(Role.OPERATOR_SECURITY_ADMIN)


def can_grant_role(granter: User, target: User, role: str) -> bool:
    """A security administrator may grant any role, except operator roles to themselves."""
    if not can_manage_roles(granter):
        return False
    return not (granter.pk == target.pk and role in OPERATOR_ROLES)


def can_take_role_self_service(role: str) -> bool:
    return role in SELF_SERVICE_ROLES


def can_view_audit_trail(user: User) -> bool:
    """Auditors and security administrators read the audit trail."""
    return user.has_role(Role.OPERATOR_AUDITOR, Role.OPERATOR_SECURITY_ADMIN)


def can_publish_legal_documents(user: User) -> bool:
    return user.has_role(Role.OPERATOR_SECURITY_ADMIN)


def can_manage_holiday_schedule(user: User) -> bool:
    """Any operator may enter the State Council's holiday schedule."""
    return is_operator(user)


def can_view_operator_dashboard(user: User) -> bool:
    return is_operator(user)

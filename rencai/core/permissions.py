"""Pure predicates of the platform-level compliance settings (LIC-03, LIC-04).

The holiday schedule's predicate lives with the other operator roles in
``rencai.accounts.permissions``; these are the compliance calendar's."""

from __future__ import annotations

from rencai.accounts.choices import OPERATOR_ROLES, Role
from rencai.accounts.models import User


def can_view_compliance_calendar(user: User) -> bool:
    """Every operator and the regulator (read-only) see the service-end notice and the
    registration-change tasks."""
    return user.has_role(*OPERATOR_ROLES, Role.REGULATOR)


def can_announce_service_end(user: User) -> bool:
    """Security administrators announce and withdraw the end of service, as they publish
    the legal documents (``can_publish_legal_documents``)."""
    return user.has_role(Role.OPERATOR_SECURITY_ADMIN)


def can_manage_registration_changes(user: User) -> bool:
    """Security administrators record registration changes and their reports to the
    human-resources authority (the same people who answer for the licences)."""
    return user.has_role(Role.OPERATOR_SECURITY_ADMIN)

"""Pure predicates of the orgs app (no queries beyond the user's own roles)."""

from __future__ import annotations

from rencai.accounts.choices import Role
from rencai.accounts.models import User
from rencai.orgs.models import Membership


def can_create_organisation(user: User) -> bool:
    """Employer recruiters and HR agency staff register organisations."""
    return user.has_role(Role.EMPLOYER_STAFF, Role.AGENCY_STAFF)


def can_review_verifications(user: User) -> bool:
    """Only reviewers decide verification requests (SEC-03 role separation)."""
    return user.has_role(Role.OPERATOR_REVIEWER)


def can_inspect_organisations(user: User) -> bool:
    """Reviewers and the regulator (read-only) see every organisation's file (REG-01)."""
    return user.has_role(Role.OPERATOR_REVIEWER, Role.REGULATOR)


def can_manage_members(membership: Membership | None) -> bool:
    """Organisation administrators invite, approve, change roles and remove members."""
    return membership is not None and membership.is_admin


def can_edit_organisation(membership: Membership | None) -> bool:
    return can_manage_members(membership)

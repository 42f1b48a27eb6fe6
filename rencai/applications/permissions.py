"""Pure predicates of the applications app."""

from __future__ import annotations

from rencai.accounts.choices import Role
from rencai.accounts.models import User
from rencai.orgs.models import Membership


def is_seeker(user: User) -> bool:
    return user.has_role(Role.SEEKER)


def can_work_pipeline(membership: Membership | None) -> bool:
    """Every active member of an organisation works its applications (agency staff only
    those of the agency's own postings: applications belong to the posting's organisation)."""
    return membership is not None and membership.status == "active"


def can_configure_pipeline(membership: Membership | None) -> bool:
    """Renaming, reordering, adding and archiving stages is for administrators."""
    return can_work_pipeline(membership) and membership is not None and membership.is_admin

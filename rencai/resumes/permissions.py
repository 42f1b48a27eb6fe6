"""Who may do what with resumes (pure predicates)."""

from __future__ import annotations

from rencai.accounts.choices import Role
from rencai.accounts.models import User
from rencai.orgs.choices import AccountClass
from rencai.orgs.models import Organisation


def can_keep_resumes(user: User) -> bool:
    """Job seekers write resumes (a person may also hold other roles)."""
    return user.is_active and user.has_role(Role.SEEKER)


def may_download(org: Organisation) -> bool:
    """HR agencies never download resumes (PI-07); employers and public employment
    services may, for resumes sent to them."""
    return org.account_class != AccountClass.AGENCY

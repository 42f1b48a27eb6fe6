"""Pure predicates of the reviews app."""

from __future__ import annotations

from rencai.accounts.choices import Role
from rencai.accounts.models import User
from rencai.applications.choices import StageKind
from rencai.applications.models import Application
from rencai.orgs.models import Membership


def can_write_reviews(user: User) -> bool:
    """Job seekers review organisations they applied to."""
    return user.has_role(Role.SEEKER)


def can_moderate_reviews(user: User) -> bool:
    """Trust & safety publishes held reviews and removes reviews (with reasons)."""
    return user.has_role(Role.OPERATOR_TRUST_SAFETY)


def can_inspect_reviews(user: User) -> bool:
    """Trust & safety, reviewers and the regulator (read-only) see every review, also
    hidden and removed ones, with the author's own text."""
    return user.has_role(Role.OPERATOR_TRUST_SAFETY, Role.OPERATOR_REVIEWER, Role.REGULATOR)


def is_org_staff(user: User) -> bool:
    return user.has_role(Role.EMPLOYER_STAFF, Role.AGENCY_STAFF)


def can_speak_for_org(membership: Membership | None) -> bool:
    """Only the organisation's administrators reply to reviews on its behalf; recruiters
    read them."""
    return membership is not None and membership.is_admin


def application_entitles_review(application: Application) -> bool:
    """An application entitles its seeker to a review once it has progressed at least to
    "viewed": the organisation opened it (``seen_by_org_at``) or moved it past the first
    stage (also a rejection). A seeker whose application nobody looked at has no
    experience of the organisation to review."""
    return application.seen_by_org_at is not None or application.stage.kind != StageKind.NEW

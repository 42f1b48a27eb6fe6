"""Choices of the accounts app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a person may act as. One person may hold several (e.g. seeker and employer staff)."""

    SEEKER = "seeker", _("Job seeker")
    EMPLOYER_STAFF = "employer_staff", _("Employer recruiter")
    AGENCY_STAFF = "agency_staff", _("HR agency staff")
    OPERATOR_REVIEWER = "operator_reviewer", _("Operator: reviewer")
    OPERATOR_TRUST_SAFETY = "operator_trust_safety", _("Operator: trust & safety")
    OPERATOR_SECURITY_ADMIN = "operator_security_admin", _("Operator: security administrator")
    OPERATOR_AUDITOR = "operator_auditor", _("Operator: auditor")
    OPERATOR_DATA = "operator_data", _("Operator: data operator (rights requests)")
    REGULATOR = "regulator", _("Regulator (read-only)")
    HALL_APPLICANT = "hall_applicant", _("Talent hall applicant")
    HALL_STAFF = "hall_staff", _("Talent hall case officer")


OPERATOR_ROLES = frozenset(
    {
        Role.OPERATOR_REVIEWER,
        Role.OPERATOR_TRUST_SAFETY,
        Role.OPERATOR_SECURITY_ADMIN,
        Role.OPERATOR_AUDITOR,
        Role.OPERATOR_DATA,
    }
)
# Roles a person may take on by themselves when registering or later.
SELF_SERVICE_ROLES = frozenset(
    {Role.SEEKER, Role.EMPLOYER_STAFF, Role.AGENCY_STAFF, Role.HALL_APPLICANT}
)
# Roles that sign in with e-mail and password (optionally with an SMS second factor).
PASSWORD_ROLES = frozenset(OPERATOR_ROLES | {Role.AGENCY_STAFF, Role.REGULATOR, Role.HALL_STAFF})


class SmsPurpose(models.TextChoices):
    LOGIN = "login", _("Sign in or register")
    SECOND_FACTOR = "second_factor", _("Second sign-in step")
    GUARDIAN = "guardian", _("Guardian confirmation")
    REAUTH = "reauth", _("Confirm it is you")


class BirthDateSource(models.TextChoices):
    DECLARED = "declared", _("Declared by the user")
    ID_NUMBER = "id_number", _("From the verified ID number")


class RealNameStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("Not verified")
    VERIFIED = "verified", _("Verified")
    FAILED = "failed", _("Verification failed")


class CheckOutcome(models.TextChoices):
    MATCH = "match", _("Name and ID number match")
    MISMATCH = "mismatch", _("Name and ID number do not match")
    NOT_FOUND = "not_found", _("ID number not found")
    UNAVAILABLE = "unavailable", _("Service unavailable")
    UNDER_AGE = "under_age", _("Under 16")
    IN_USE = "in_use", _("ID number already verified on another account")


class FaceOutcome(models.TextChoices):
    PASS = "pass", _("Passed")
    FAIL = "fail", _("Did not match")
    INVALID_IMAGE = "invalid_image", _("Unusable photo")
    UNAVAILABLE = "unavailable", _("Service unavailable")


class GuardianRelationship(models.TextChoices):
    FATHER = "father", _("Father")
    MOTHER = "mother", _("Mother")
    OTHER_GUARDIAN = "other", _("Other legal guardian")


class GuardianStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the guardian")
    CONFIRMED = "confirmed", _("Confirmed")
    WITHDRAWN = "withdrawn", _("Withdrawn by the guardian")
    CANCELLED = "cancelled", _("Cancelled")


class SessionEndReason(models.TextChoices):
    LOGOUT = "logout", _("Signed out")
    LOGOUT_EVERYWHERE = "logout_everywhere", _("Signed out everywhere")
    REVOKED = "revoked", _("Ended from the sessions list")


class SeekerStanding(models.TextChoices):
    """Whether a seeker may use seeker functions (apply, resume visibility, …)."""

    ACTIVE = "active", _("Active")
    BIRTH_DATE_REQUIRED = "birth_date_required", _("Birth date required")
    GUARDIAN_REQUIRED = "guardian_required", _("Guardian confirmation required")

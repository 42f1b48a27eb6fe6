"""Choices of the orgs app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountClass(models.TextChoices):
    """The recruitment-service account classes of the 2026 notice (VER-05)."""

    EMPLOYER = "employer", _("Employer recruiting for itself (用人单位自主招聘)")
    AGENCY = "agency", _("Commercial HR service agency (经营性人力资源服务机构)")
    PUBLIC_SERVICE = "public_service", _("Public employment service (公共就业服务机构)")


class OrgSize(models.TextChoices):
    UNDER_20 = "lt20", _("Fewer than 20 people")
    FROM_20 = "20_99", _("20–99 people")
    FROM_100 = "100_499", _("100–499 people")
    FROM_500 = "500_999", _("500–999 people")
    FROM_1000 = "1000_9999", _("1,000–9,999 people")
    FROM_10000 = "10000_plus", _("10,000 people or more")


class OrgStatus(models.TextChoices):
    DRAFT = "draft", _("Not yet submitted")
    PENDING = "pending", _("In review")
    MORE_INFO = "more_info", _("More material requested")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class MemberRole(models.TextChoices):
    ADMIN = "admin", _("Organisation administrator")
    RECRUITER = "recruiter", _("Recruiter")


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


class MembershipEndReason(models.TextChoices):
    REMOVED = "removed", _("Removed by an administrator")
    LEFT = "left", _("Left the organisation")


class DocumentKind(models.TextChoices):
    BUSINESS_LICENCE = "business_licence", _("Business licence (营业执照) or approval document")
    AUTHORISATION_LETTER = "authorisation_letter", _("Authorisation letter (委托证明)")
    HR_LICENCE = "hr_licence", _("HR service licence (人力资源服务许可证)")


class AuthorityMethod(models.TextChoices):
    """How the person acting for the organisation proves they may (VER-02 (3))."""

    LETTER = "letter", _("Authorisation letter with the company seal")
    EMAIL = "email", _("Code sent to an e-mail address at the company's domain")
    LEGAL_REPRESENTATIVE = "legal_rep", _("I am the legal representative")


class RequestKind(models.TextChoices):
    INITIAL = "initial", _("First verification")
    REVERIFICATION = "reverification", _("Six-monthly re-verification")
    CHANGE = "change", _("Change of registered details")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    MORE_INFO = "more_info", _("More material requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Decision(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")
    REQUEST_MORE = "request_more", _("Ask for more material")


class DecisionReason(models.TextChoices):
    """The controlled list of reasons a reviewer gives for rejecting or asking for more."""

    LICENCE_UNREADABLE = "licence_unreadable", _("The business licence cannot be read")
    LICENCE_MISMATCH = (
        "licence_mismatch",
        _("Name or credit code differs from the business licence"),
    )
    LICENCE_INVALID = "licence_invalid", _("The business licence is expired, revoked or forged")
    REGISTRY_MISMATCH = "registry_mismatch", _("The public registry does not confirm the details")
    REGISTRY_ABNORMAL = (
        "registry_abnormal",
        _("The registry lists the company as abnormal or deregistered"),
    )
    AUTHORITY_UNPROVEN = (
        "authority_unproven",
        _("The applicant's authority to act for the organisation is not proven"),
    )
    HR_LICENCE_MISSING = "hr_licence_missing", _("The HR service licence is missing")
    HR_LICENCE_INVALID = (
        "hr_licence_invalid",
        _("The HR service licence is invalid, expired or does not match"),
    )
    PROFILE_INCONSISTENT = (
        "profile_inconsistent",
        _("Name, logo or introduction are inconsistent with the business scope"),
    )
    FEES_MISSING = "fees_missing", _("Services and fee standards are not listed")
    OTHER = "other", _("Other (see the note)")


class CheckKind(models.TextChoices):
    """Independent verification channels (VER-04)."""

    REGISTRY = "registry", _("Public registry lookup (国家企业信用信息公示系统)")
    EMAIL_DOMAIN = "email_domain", _("Company e-mail domain")
    MICRO_DEPOSIT = "micro_deposit", _("Bank settlement account micro-deposit")


class CheckResult(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirms the details")
    CONTRADICTS = "contradicts", _("Contradicts the details")
    INCONCLUSIVE = "inconclusive", _("Inconclusive")


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an administrator")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")

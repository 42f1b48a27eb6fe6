"""Choices of the moderation app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SubjectKind(models.TextChoices):
    """What an abnormal-list entry matches on (FRD-04)."""

    USCC = "uscc", _("Organisation (unified social credit code)")
    ID_NUMBER = "id_number", _("Person (ID number)")
    PHONE = "phone", _("Person (mobile number)")


class TargetKind(models.TextChoices):
    """What a report is about (CMP-01)."""

    POSTING = "posting", _("Job posting")
    ORGANISATION = "organisation", _("Organisation")
    MESSAGE = "message", _("Message")
    RESUME = "resume", _("Resume")
    USER = "user", _("User")
    REVIEW = "review", _("Review")


# Anonymous visitors may report what they can see without an account (CMP-01): postings,
# organisations and the published reviews on company pages.
ANONYMOUS_TARGETS = frozenset({TargetKind.POSTING, TargetKind.ORGANISATION, TargetKind.REVIEW})


class ReportCategory(models.TextChoices):
    """Why someone reports (CMP-01: recruitment, personal information, network security,
    algorithm and minors complaints; DIS-08: employment discrimination has its own)."""

    EMPLOYMENT_DISCRIMINATION = "employment_discrimination", _("Employment discrimination")
    FRAUD_OR_FEES = "fraud_or_fees", _("Fraud, fees or deposits")
    FALSE_INFORMATION = "false_information", _("False information")
    DIVERSION_OFF_PLATFORM = "diversion_off_platform", _("Moves people off the platform")
    HARASSMENT = "harassment", _("Harassment or abusive language")
    PERSONAL_INFORMATION_MISUSE = (
        "personal_information_misuse",
        _("Misuse of personal information"),
    )
    MINORS = "minors", _("Harm to minors")
    ALGORITHM = "algorithm", _("Recommendations or ranking (algorithm)")
    OTHER = "other", _("Something else")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    UNDER_REVIEW = "under_review", _("Under review")
    DECIDED = "decided", pgettext_lazy("report case status", "Decided")


OPEN_CASE_STATES = frozenset({CaseStatus.OPEN, CaseStatus.UNDER_REVIEW})


class CaseOutcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld")
    DISMISSED = "dismissed", _("Dismissed")
    PARTLY = "partly", _("Partly upheld")


class ReportStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("Being handled")
    CLOSED = "closed", _("Closed")


class EvidenceKind(models.TextChoices):
    FILE = "file", _("Uploaded file")
    SNAPSHOT = "snapshot", _("What was reported, as it was")

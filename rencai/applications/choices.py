"""Choices of the applications app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class StageKind(models.TextChoices):
    """What a pipeline stage means to the platform. Organisations name and order their own
    stages; the kind decides what the seeker is told and which stages end an application."""

    NEW = "new", _("New")
    REVIEWED = "reviewed", _("Viewed")
    SCREENING = "screening", _("In progress")
    INTERVIEW = "interview", _("Interview")
    OFFER = "offer", _("Offer")
    HIRED = "hired", _("Hired")
    REJECTED = "rejected", _("Not suitable")


# The stages every organisation starts with: (kind, Chinese name, English name).
DEFAULT_STAGES: tuple[tuple[str, str, str], ...] = (
    (StageKind.NEW, "新投递", "New"),
    (StageKind.REVIEWED, "已查看", "Viewed"),
    (StageKind.SCREENING, "初筛通过", "Passed screening"),
    (StageKind.INTERVIEW, "面试", "Interview"),
    (StageKind.OFFER, "录用意向", "Offer intended"),
    (StageKind.HIRED, "已录用", "Hired"),
    (StageKind.REJECTED, "不合适", "Not suitable"),
)


class ApplicationStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    REJECTED = "rejected", _("Not suitable")
    HIRED = "hired", _("Hired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ApplicationSource(models.TextChoices):
    DIRECT = "direct", _("Applied on the job page")
    INVITATION = "invitation", _("Accepted an invitation")
    AUTO = "auto", _("Smart auto-apply")


class RejectionReason(models.TextChoices):
    """The neutral controlled list (DIS-04): nothing about the person, only the fit."""

    SKILLS_MISMATCH = "skills_mismatch", _("Skills do not match the job's requirements")
    EXPERIENCE_MISMATCH = "experience_mismatch", _("Experience does not match the job")
    QUALIFICATION_MISSING = (
        "qualification_missing",
        _("A required qualification or certificate is missing"),
    )
    POSITION_FILLED = "position_filled", _("The position has been filled")
    POSITION_CLOSED = "position_closed", _("The position is no longer open")
    OTHER_CANDIDATES = "other_candidates", _("Other candidates match the job more closely")
    LOCATION_SCHEDULE = "location_schedule", _("Working location or hours do not fit")
    PAY_EXPECTATION = "pay_expectation", _("Pay expectations do not match the job's range")
    NO_RESPONSE = "no_response", _("No reply to our invitation")


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the seeker")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")

"""Choices of the messaging app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Side(models.TextChoices):
    """Which party of a conversation a person speaks for."""

    SEEKER = "seeker", _("Job seeker")
    ORGANISATION = "organisation", _("Organisation")


class InterviewMode(models.TextChoices):
    ONSITE = "onsite", _("On site")
    VIDEO = "video", _("Video call")
    PHONE = "phone", _("Phone call")


class InterviewStatus(models.TextChoices):
    PROPOSED = "proposed", _("Waiting for the candidate")
    ACCEPTED = "accepted", _("Confirmed")
    DECLINED = "declined", _("Declined")
    RESCHEDULE = "reschedule", _("Candidate asked for other times")
    CANCELLED = "cancelled", _("Cancelled")
    COMPLETED = "completed", _("Took place")


class Recommendation(models.TextChoices):
    STRONG_YES = "strong_yes", _("Strongly recommend")
    YES = "yes", _("Recommend")
    NO = "no", _("Do not recommend")
    STRONG_NO = "strong_no", _("Strongly do not recommend")

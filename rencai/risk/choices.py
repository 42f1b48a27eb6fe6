"""Choices of the risk app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubjectKind(models.TextChoices):
    POSTING = "posting", _("Job posting")
    ORGANISATION = "organisation", _("Organisation")
    USER = "user", _("Account")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class ReviewOutcome(models.TextChoices):
    CLEARED = "cleared", _("Cleared: no fraud")
    CONFIRMED = "confirmed", _("Confirmed: risky")


class Trigger(models.TextChoices):
    SUBMITTED = "submitted", _("Posting submitted")
    MESSAGES = "messages", _("Messages sent")
    PERIODIC = "periodic", _("Periodic recompute")
    MANUAL = "manual", _("Run by an operator")


# Highest level first in the queue.
LEVEL_ORDER = {RiskLevel.HIGH: 0, RiskLevel.MEDIUM: 1, RiskLevel.LOW: 2}

"""Choices shared across the platform."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class HolidayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Day off (statutory holiday)")
    WORKDAY = "workday", _("Make-up working day")

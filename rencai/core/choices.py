"""Choices shared across the platform."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class HolidayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Day off (statutory holiday)")
    WORKDAY = "workday", _("Make-up working day")


class RegistrationChangeKind(models.TextChoices):
    """What changed in the operator's market registration (LIC-04, O44 Art 12)."""

    NAME = "name", _("Name")
    DOMICILE = "domicile", _("Domicile (registered address)")
    LEGAL_REPRESENTATIVE = "legal_representative", _("Legal representative")
    BUSINESS_SCOPE = "business_scope", _("Business scope")
    TERMINATION = "termination", _("Termination of business")


def choice_label(choices: Any, value: str) -> str:
    """The translated label of ``value`` in the ``choices`` class, or ``value`` itself when
    it is not one of them (a value from an older version, free text)."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value

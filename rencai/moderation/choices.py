"""Choices of the moderation app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubjectKind(models.TextChoices):
    """What an abnormal-list entry matches on (FRD-04)."""

    USCC = "uscc", _("Organisation (unified social credit code)")
    ID_NUMBER = "id_number", _("Person (ID number)")
    PHONE = "phone", _("Person (mobile number)")

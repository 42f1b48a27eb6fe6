"""Choices of the inspection app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessKind(models.TextChoices):
    """What the regulator looked at (or did) in one logged access."""

    INDEX = "index", _("Dataset overview")
    DATASET = "dataset", _("Dataset page")
    EXPORT = "export", _("Export")
    DOSSIER = "dossier", _("Organisation dossier")
    FILE = "file", _("Registration file entry")
    ARCHIVE_VERIFY = "archive_verify", _("Archive verification")
    DESK_PAGE = "desk_page", _("Operators' desk (page or API read)")


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"

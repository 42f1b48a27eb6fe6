"""Choices of the files app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FileKind(models.TextChoices):
    """What a stored file is, as recognised from its content (never from its name)."""

    PNG = "png", _("PNG image")
    JPEG = "jpeg", _("JPEG image")
    WEBP = "webp", _("WebP image")
    PDF = "pdf", _("PDF document")


IMAGE_KINDS = frozenset({FileKind.PNG, FileKind.JPEG, FileKind.WEBP})
DOCUMENT_KINDS = frozenset(IMAGE_KINDS | {FileKind.PDF})

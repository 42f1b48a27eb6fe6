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
    DOCX = "docx", _("Word document (DOCX)")
    # Generated on the server only (operators' bulk exports, SEC-03); never accepted from
    # an upload form, since no upload field lists it in ``accept``.
    CSV = "csv", _("CSV table")
    # Archives the platform builds itself (a copy of one's data, PI-12); never accepted
    # from uploads.
    ZIP = "zip", _("ZIP archive")


IMAGE_KINDS = frozenset({FileKind.PNG, FileKind.JPEG, FileKind.WEBP})
DOCUMENT_KINDS = frozenset(IMAGE_KINDS | {FileKind.PDF})
# Texts a person wrote (a CV): accepted only where a caller asks for them (resumes).
TEXT_DOCUMENT_KINDS = frozenset({FileKind.PDF, FileKind.DOCX})

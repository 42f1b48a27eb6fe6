"""Uploaded files kept in private storage and served only through permission-checked views."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rencai.core.models import BaseModel
from rencai.files.choices import IMAGE_KINDS, FileKind


class StoredFile(BaseModel):
    """One checked upload: its content type was recognised from its bytes, images were
    re-encoded without metadata, PDFs were opened. ``storage_name`` is the key in the
    ``private`` storage; ``original_name`` is a cleaned display name, never a path."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    purpose = models.CharField(_("purpose"), max_length=40, db_index=True)
    kind = models.CharField(_("kind"), max_length=8, choices=FileKind.choices)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    storage_name = models.CharField(_("storage key"), max_length=255, unique=True)
    original_name = models.CharField(_("file name"), max_length=255)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.kind}, {self.size} B)"

    @property
    def is_image(self) -> bool:
        return self.kind in IMAGE_KINDS

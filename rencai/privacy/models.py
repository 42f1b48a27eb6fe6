"""Versioned legal documents and the consent ledger."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rencai.core.models import BaseModel
from rencai.privacy.choices import ConsentChannel, ConsentPurpose, DocumentKind


class LegalDocument(BaseModel):
    """One published version of a legal text (agreement, privacy policy, rules, notices).

    Versions are immutable once published. A new version of a kind that already has one
    takes effect no sooner than 7 days after publication (LIC-06, ECL Art 34). ``body`` is
    the authoritative Simplified Chinese text; ``body_en`` a courtesy translation.
    """

    kind = models.CharField(_("kind"), max_length=32, choices=DocumentKind.choices)
    version = models.CharField(_("version"), max_length=16)
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text (Simplified Chinese, authoritative)"))
    body_en = models.TextField(_("text (English translation)"), blank=True)
    change_summary = models.TextField(_("summary of changes"), blank=True)
    text_hash = models.CharField(_("text hash"), max_length=64)
    published_at = models.DateTimeField(_("published at"))
    effective_at = models.DateTimeField(_("takes effect at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("kind", "-effective_at")
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="privacy_unique_doc_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    @property
    def is_in_effect(self) -> bool:
        return self.effective_at <= timezone.now()


class ConsentRecord(models.Model):
    """One entry of the consent ledger: a grant or a withdrawal, never edited.

    The current state of a purpose is its latest record (highest ``id``: an append-only
    ledger is ordered by insertion, not by clock). ``text_hash`` identifies exactly the text
    the person saw (document body or consent prompt).
    """

    id = models.BigAutoField(primary_key=True)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, db_index=True)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("purpose"), max_length=40, choices=ConsentPurpose.choices)
    document = models.ForeignKey(
        LegalDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="consents"
    )
    document_version = models.CharField(_("document version"), max_length=16, blank=True)
    text_hash = models.CharField(_("text hash"), max_length=64)
    granted = models.BooleanField(_("granted"))
    channel = models.CharField(_("channel"), max_length=16, choices=ConsentChannel.choices)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ("-id",)
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        indexes = [models.Index(fields=["user", "purpose", "id"])]

    def __str__(self) -> str:
        verb = "granted" if self.granted else "withdrew"
        return f"{self.user_id} {verb} {self.purpose}"

"""The abnormal list (异常名录): subjects that may not recruit again under any account."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rencai.core.models import BaseModel
from rencai.moderation.choices import SubjectKind


class AbnormalListEntry(BaseModel):
    """One listed subject (FRD-04). ``match_key`` is the USCC itself for organisations (a
    public identifier) and the blind index for ID and phone numbers, which are never
    stored in clear here; ``label`` is what operators see (masked for people)."""

    subject_kind = models.CharField(_("subject"), max_length=12, choices=SubjectKind.choices)
    match_key = models.CharField(max_length=64, db_index=True)
    label = models.CharField(_("listed subject"), max_length=120)
    reason = models.TextField(_("reason"))
    listed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    lift_reason = models.TextField(_("reason for lifting"), blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("abnormal-list entry")
        verbose_name_plural = _("abnormal-list entries")
        constraints = [
            models.UniqueConstraint(
                fields=["subject_kind", "match_key"],
                condition=Q(lifted_at__isnull=True),
                name="moderation_one_active_listing",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject_kind}: {self.label}"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None

"""The log of the regulator's inspections (REG-02: every regulator access is logged)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rencai.core.models import BaseModel
from rencai.inspection.choices import AccessKind, ExportFormat


class InspectionAccess(BaseModel):
    """One access of the regulator to the inspection pages or API: who, what (dataset or
    page, the object looked at), with which filters, how many rows were shown or exported
    and in which format; ``created_at`` is when. Written only by
    :func:`rencai.inspection.actions.record_access` together with an audit event. Rows
    are never changed. ``filters`` holds the query as typed (dates, search text, filter
    values) and no personal data beyond what the regulator typed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inspector"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("access"), max_length=16, choices=AccessKind.choices)
    dataset = models.CharField(_("dataset"), max_length=40, blank=True, db_index=True)
    object_id = models.CharField(_("object"), max_length=64, blank=True)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    export_format = models.CharField(
        _("export format"), max_length=8, choices=ExportFormat.choices, blank=True
    )
    channel = models.CharField(_("channel"), max_length=16)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("regulator access")
        verbose_name_plural = _("regulator accesses")

    def __str__(self) -> str:
        return f"{self.kind} {self.dataset} {self.created_at:%Y-%m-%d %H:%M}"

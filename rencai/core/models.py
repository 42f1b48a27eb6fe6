"""Base model and the platform-wide tables owned by ``core``."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from rencai.core.choices import HolidayKind

# An object id as it arrives from a URL, a form or an API path.
Id = uuid.UUID | str


class BaseModel(models.Model):
    """UUID primary key, creation and update times, newest first by default."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True
        ordering = ("-created_at",)


class HolidayScheduleEntry(BaseModel):
    """One day of the State Council's annual holiday notice (国务院办公厅关于放假安排的通知).

    Operators fill this table for years the bundled ``chinese-calendar`` data does not
    cover yet. An entry overrides the library for that date: ``holiday`` makes a weekday a
    day off, ``workday`` makes a weekend day a make-up working day (调休上班).
    """

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=HolidayKind.choices)
    name = models.CharField(_("holiday name"), max_length=64)
    source = models.CharField(
        _("source"),
        max_length=200,
        help_text=_("The notice this entry comes from, e.g. 国办发明电〔2025〕7号."),
    )

    class Meta:
        ordering = ("date",)
        verbose_name = _("holiday schedule entry")
        verbose_name_plural = _("holiday schedule entries")

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()} {self.name}"


class HolidayScheduleYear(BaseModel):
    """Marks a year whose holiday schedule an operator has entered completely.

    Only a complete year is trusted over the weekend-only fallback; a year that is neither
    complete here nor covered by ``chinese-calendar`` makes deadlines provisional.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=200)

    class Meta:
        ordering = ("-year",)
        verbose_name = _("holiday schedule year")
        verbose_name_plural = _("holiday schedule years")

    def __str__(self) -> str:
        return str(self.year)

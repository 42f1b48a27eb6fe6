"""Base model and the platform-wide tables owned by ``core``."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rencai.core.choices import HolidayKind, RegistrationChangeKind

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


# LIC-04: O44 Art 12 counts calendar days ("自市场主体登记变更之日起15日内").
REGISTRATION_REPORT_DAYS = 15


class ServiceEndNotice(BaseModel):
    """The operator's announcement that it will stop online recruitment (LIC-03).

    O44 Art 13(3) and ECL Art 16: the notice is shown prominently on the home page at least
    30 days before the end and continuously until then. A notice is active from its
    announcement until ``end_date`` unless withdrawn. Holds no personal data beyond the
    operator staff who announced or withdrew it.
    """

    end_date = models.DateField(_("planned end date"))
    notice_text = models.TextField(_("notice text"), max_length=2000)
    announced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("announced by"),
    )
    announced_at = models.DateTimeField(_("announced at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    withdrawal_reason = models.CharField(_("reason for withdrawal"), max_length=500, blank=True)

    class Meta:
        ordering = ("-announced_at",)
        verbose_name = _("service end notice")
        verbose_name_plural = _("service end notices")

    def __str__(self) -> str:
        return self.end_date.isoformat()

    def is_active_on(self, day: dt.date) -> bool:
        return self.withdrawn_at is None and day <= self.end_date


class RegistrationChange(BaseModel):
    """A change of the operator's market registration that must be reported in writing to
    the human-resources authority within 15 days (LIC-04, O44 Art 12; HRM Art 21).

    The task is open until ``submitted_at`` is set; ``due_date`` is ``change_date`` plus
    15 calendar days. No personal data (operator staff only).
    """

    kind = models.CharField(
        _("what changed"), max_length=32, choices=RegistrationChangeKind.choices
    )
    change_date = models.DateField(_("date of the registration change"))
    due_date = models.DateField(_("report due"), db_index=True)
    details = models.TextField(_("details"), max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    submitted_at = models.DateTimeField(_("report submitted at"), null=True, blank=True)
    submission_reference = models.CharField(_("submission reference"), max_length=200, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    overdue_alerted_at = models.DateTimeField(_("overdue alert raised at"), null=True, blank=True)

    class Meta:
        ordering = ("due_date", "created_at")
        verbose_name = _("registration change")
        verbose_name_plural = _("registration changes")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.change_date.isoformat()}"

    @property
    def is_open(self) -> bool:
        return self.submitted_at is None

    def is_overdue_on(self, day: dt.date) -> bool:
        return self.submitted_at is None and day > self.due_date

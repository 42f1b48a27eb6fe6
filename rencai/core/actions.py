"""Writes owned by ``core``: the operator-maintained holiday schedule."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from rencai.audit.actions import record_event
from rencai.core.actors import Actor
from rencai.core.choices import HolidayKind
from rencai.core.errors import DomainError, not_found
from rencai.core.models import HolidayScheduleEntry, HolidayScheduleYear, Id


def add_holiday_entry(
    *, date: dt.date, kind: str, name: str, source: str, actor: Actor
) -> HolidayScheduleEntry:
    """Enter one day of the State Council's notice: a day off or a make-up working day."""
    if kind not in HolidayKind.values:
        message = _("Choose day off or make-up working day.")
        raise DomainError("holiday_kind_invalid", message, fields={"kind": message})
    if kind == HolidayKind.WORKDAY and date.weekday() < 5:
        message = _("A make-up working day is always a Saturday or Sunday.")
        raise DomainError("holiday_workday_weekday", message, fields={"date": message})
    with transaction.atomic():
        if HolidayScheduleEntry.objects.filter(date=date).exists():
            message = _("This date is already in the schedule.")
            raise DomainError("holiday_date_exists", message, fields={"date": message})
        entry = HolidayScheduleEntry.objects.create(
            date=date, kind=kind, name=name.strip(), source=source.strip()
        )
        record_event(
            actor,
            "core.holiday_entry_added",
            entry,
            after={
                "date": date.isoformat(),
                "kind": kind,
                "name": entry.name,
                "source": entry.source,
            },
        )
    return entry


def remove_holiday_entry(entry_id: Id, *, actor: Actor) -> None:
    """Remove a mistaken entry (the audit trail keeps what it said)."""
    with transaction.atomic():
        entry = HolidayScheduleEntry.objects.filter(pk=entry_id).first()
        if entry is None:
            raise not_found()
        record_event(
            actor,
            "core.holiday_entry_removed",
            entry,
            before={"date": entry.date.isoformat(), "kind": entry.kind, "name": entry.name},
        )
        entry.delete()


def mark_year_complete(year: int, *, source: str, actor: Actor) -> HolidayScheduleYear:
    """Declare that every day off and make-up day of ``year`` has been entered, so deadlines
    in that year are no longer provisional."""
    if not 2000 <= year <= 2100:
        message = _("Enter a year between 2000 and 2100.")
        raise DomainError("holiday_year_invalid", message, fields={"year": message})
    with transaction.atomic():
        marker, created = HolidayScheduleYear.objects.get_or_create(
            year=year, defaults={"source": source.strip()}
        )
        if not created:
            message = _("This year is already marked complete.")
            raise DomainError("holiday_year_exists", message, fields={"year": message})
        record_event(actor, "core.holiday_year_completed", marker, after={"year": year})
    return marker

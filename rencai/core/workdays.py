"""PRC working days for statutory deadlines (e.g. 15 working days for rights requests, PI-18).

Order of authority for a date:
1. an operator-entered ``HolidayScheduleEntry`` (from the State Council's annual notice);
2. a year an operator marked complete in ``HolidayScheduleYear``: Monday–Friday work;
3. the bundled ``chinese-calendar`` data (statutory holidays and make-up working days);
4. otherwise Monday–Friday work, and the result is **provisional**: operators are warned on
   their dashboard until the year's schedule is entered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import chinese_calendar

from rencai.core.choices import HolidayKind
from rencai.core.models import HolidayScheduleEntry, HolidayScheduleYear
from rencai.core.timeutil import local_today


@dataclass(frozen=True)
class WorkingDayDeadline:
    """A deadline date and whether it rests on a year without a published schedule."""

    date: dt.date
    provisional: bool


class _Calendar:
    """Working-day answers for a span of dates, loaded with two queries."""

    def __init__(self, first: dt.date, last: dt.date) -> None:
        self.entries = dict(
            HolidayScheduleEntry.objects.filter(date__range=(first, last)).values_list(
                "date", "kind"
            )
        )
        self.complete_years = set(
            HolidayScheduleYear.objects.filter(year__range=(first.year, last.year)).values_list(
                "year", flat=True
            )
        )
        self.provisional = False

    def is_working_day(self, day: dt.date) -> bool:
        kind = self.entries.get(day)
        if kind is not None:
            return bool(kind == HolidayKind.WORKDAY)
        if day.year not in self.complete_years:
            try:
                return bool(chinese_calendar.is_workday(day))
            except NotImplementedError:
                self.provisional = True
        return day.weekday() < 5


def add_working_days(start: dt.date, days: int) -> WorkingDayDeadline:
    """The ``days``-th working day after ``start`` (the day of receipt does not count)."""
    if days < 0:
        raise ValueError("days must not be negative")
    # Long holidays are at most 9 days; 3 calendar days per working day is ample.
    calendar = _Calendar(start, start + dt.timedelta(days=days * 3 + 14))
    day, counted = start, 0
    while counted < days:
        day += dt.timedelta(days=1)
        if calendar.is_working_day(day):
            counted += 1
    return WorkingDayDeadline(day, calendar.provisional)


def is_working_day(day: dt.date) -> bool:
    """Whether ``day`` is a working day (provisional for years without data)."""
    return _Calendar(day, day).is_working_day(day)


def year_has_schedule(year: int) -> bool:
    """Whether working days in ``year`` come from a published schedule (not the fallback)."""
    if HolidayScheduleYear.objects.filter(year=year).exists():
        return True
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def years_missing_schedule(today: dt.date | None = None) -> list[int]:
    """This year and next year, where they lack a published schedule (operator warning)."""
    today = today or local_today()
    return [year for year in (today.year, today.year + 1) if not year_has_schedule(year)]

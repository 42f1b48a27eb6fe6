"""Working-day deadlines with the PRC holiday calendar (PI-18)."""

from __future__ import annotations

import datetime as dt

import pytest

from rencai.core.actions import add_holiday_entry, mark_year_complete, remove_holiday_entry
from rencai.core.actors import cli_actor
from rencai.core.errors import DomainError
from rencai.core.models import HolidayScheduleEntry
from rencai.core.workdays import add_working_days, is_working_day, years_missing_schedule

pytestmark = pytest.mark.django_db


def test_plain_weeks() -> None:
    # Monday 2026-11-23 + 15 working days = Monday 2026-12-14.
    result = add_working_days(dt.date(2026, 11, 23), 15)
    assert result == type(result)(dt.date(2026, 12, 14), False)


def test_national_day_holiday_and_make_up_saturday() -> None:
    # Receipt on Wednesday 2026-09-30: 1-7 Oct are off, Saturday 10 Oct is a make-up day.
    assert is_working_day(dt.date(2026, 10, 10)) is True
    assert is_working_day(dt.date(2026, 10, 5)) is False
    result = add_working_days(dt.date(2026, 9, 30), 3)
    assert result.date == dt.date(2026, 10, 10)
    assert result.provisional is False


def test_spring_festival_2026() -> None:
    # Friday 2026-02-13 + 1: Saturday 14 Feb is a make-up working day.
    assert add_working_days(dt.date(2026, 2, 13), 1).date == dt.date(2026, 2, 14)
    # + 2 skips 15–23 Feb (Spring Festival) and lands on Tuesday 24 Feb.
    assert add_working_days(dt.date(2026, 2, 13), 2).date == dt.date(2026, 2, 24)


def test_2027_without_schedule_falls_back_to_weekends_and_is_provisional() -> None:
    # chinese-calendar 1.11 has no 2027 data; December deadlines already reach January.
    result = add_working_days(dt.date(2026, 12, 21), 15)
    assert result.date == dt.date(2027, 1, 11)
    assert result.provisional is True
    assert years_missing_schedule(dt.date(2026, 11, 23)) == [2027]


def test_operator_entries_override_and_completed_year_is_not_provisional() -> None:
    actor = cli_actor()
    add_holiday_entry(
        date=dt.date(2027, 1, 1), kind="holiday", name="元旦", source="test notice", actor=actor
    )
    add_holiday_entry(
        date=dt.date(2027, 1, 4), kind="holiday", name="元旦", source="test notice", actor=actor
    )
    add_holiday_entry(
        date=dt.date(2027, 1, 9), kind="workday", name="元旦", source="test notice", actor=actor
    )
    mark_year_complete(2027, source="test notice", actor=actor)
    # From Thursday 2026-12-31: Fri 1 Jan off, Mon 4 Jan off, Tue 5 … Fri 8, Sat 9 works.
    result = add_working_days(dt.date(2026, 12, 31), 5)
    assert result.date == dt.date(2027, 1, 9)
    assert result.provisional is False
    assert years_missing_schedule(dt.date(2026, 11, 23)) == []


def test_make_up_day_must_be_a_weekend_and_dates_are_unique() -> None:
    actor = cli_actor()
    with pytest.raises(DomainError) as excinfo:
        add_holiday_entry(
            date=dt.date(2027, 1, 5), kind="workday", name="x", source="s", actor=actor
        )
    assert excinfo.value.code == "holiday_workday_weekday"
    entry = add_holiday_entry(
        date=dt.date(2027, 2, 8), kind="holiday", name="春节", source="s", actor=actor
    )
    with pytest.raises(DomainError) as excinfo:
        add_holiday_entry(
            date=dt.date(2027, 2, 8), kind="holiday", name="春节", source="s", actor=actor
        )
    assert excinfo.value.code == "holiday_date_exists"
    remove_holiday_entry(entry.pk, actor=actor)
    assert not HolidayScheduleEntry.objects.filter(date=dt.date(2027, 2, 8)).exists()


def test_seeded_2026_schedule_is_present() -> None:
    assert HolidayScheduleEntry.objects.filter(date__year=2026, kind="holiday").count() == 33
    assert HolidayScheduleEntry.objects.filter(date__year=2026, kind="workday").count() == 6


def test_zero_days_is_the_start_and_negative_is_refused() -> None:
    assert add_working_days(dt.date(2026, 11, 23), 0).date == dt.date(2026, 11, 23)
    with pytest.raises(ValueError, match="negative"):
        add_working_days(dt.date(2026, 11, 23), -1)

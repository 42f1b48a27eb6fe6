"""Time helpers: the database stores UTC; dates people see are in Asia/Shanghai."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def local_today() -> dt.date:
    """Today's date in the platform's time zone (``TIME_ZONE``)."""
    return timezone.localdate()


def local_start_of_day(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day`` in the platform's time zone, as an aware datetime."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))

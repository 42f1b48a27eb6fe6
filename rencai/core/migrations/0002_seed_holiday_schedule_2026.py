"""Seed the holiday schedule with the published 2026 notice (data only; see 0001 for schema).

Operators add later years from the State Council's annual notice on /ops/holidays/.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import migrations
from django.utils import timezone

SOURCE = "国务院办公厅关于2026年部分节假日安排的通知"
ENTRIES_2026 = [
    ("2026-01-01", "holiday", "元旦"),
    ("2026-01-02", "holiday", "元旦"),
    ("2026-01-03", "holiday", "元旦"),
    ("2026-01-04", "workday", "元旦"),
    ("2026-02-14", "workday", "春节"),
    ("2026-02-15", "holiday", "春节"),
    ("2026-02-16", "holiday", "春节"),
    ("2026-02-17", "holiday", "春节"),
    ("2026-02-18", "holiday", "春节"),
    ("2026-02-19", "holiday", "春节"),
    ("2026-02-20", "holiday", "春节"),
    ("2026-02-21", "holiday", "春节"),
    ("2026-02-22", "holiday", "春节"),
    ("2026-02-23", "holiday", "春节"),
    ("2026-02-28", "workday", "春节"),
    ("2026-04-04", "holiday", "清明节"),
    ("2026-04-05", "holiday", "清明节"),
    ("2026-04-06", "holiday", "清明节"),
    ("2026-05-01", "holiday", "劳动节"),
    ("2026-05-02", "holiday", "劳动节"),
    ("2026-05-03", "holiday", "劳动节"),
    ("2026-05-04", "holiday", "劳动节"),
    ("2026-05-05", "holiday", "劳动节"),
    ("2026-05-09", "workday", "劳动节"),
    ("2026-06-19", "holiday", "端午节"),
    ("2026-06-20", "holiday", "端午节"),
    ("2026-06-21", "holiday", "端午节"),
    ("2026-09-20", "workday", "国庆节"),
    ("2026-09-25", "holiday", "中秋节"),
    ("2026-09-26", "holiday", "中秋节"),
    ("2026-09-27", "holiday", "中秋节"),
    ("2026-10-01", "holiday", "国庆节"),
    ("2026-10-02", "holiday", "国庆节"),
    ("2026-10-03", "holiday", "国庆节"),
    ("2026-10-04", "holiday", "国庆节"),
    ("2026-10-05", "holiday", "国庆节"),
    ("2026-10-06", "holiday", "国庆节"),
    ("2026-10-07", "holiday", "国庆节"),
    ("2026-10-10", "workday", "国庆节"),
]


def seed(apps, schema_editor):
    Entry = apps.get_model("core", "HolidayScheduleEntry")
    Year = apps.get_model("core", "HolidayScheduleYear")
    now = timezone.now()
    for day, kind, name in ENTRIES_2026:
        Entry.objects.get_or_create(
            date=dt.date.fromisoformat(day),
            defaults={
                "id": uuid.uuid4(),
                "kind": kind,
                "name": name,
                "source": SOURCE,
                "created_at": now,
                "updated_at": now,
            },
        )
    Year.objects.get_or_create(year=2026, defaults={"id": uuid.uuid4(), "source": SOURCE})


def unseed(apps, schema_editor):
    apps.get_model("core", "HolidayScheduleEntry").objects.filter(source=SOURCE).delete()
    apps.get_model("core", "HolidayScheduleYear").objects.filter(year=2026, source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]

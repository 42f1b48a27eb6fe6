"""Background work of the messaging app (Huey periodic tasks)."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from rencai.messaging.actions import release_expired_numbers, send_interview_reminders

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*/5"))  # type: ignore[untyped-decorator]
def remind_interviews() -> None:
    """Remind both sides of confirmed interviews ``INTERVIEW_REMINDER_HOURS`` before."""
    count = send_interview_reminders()
    if count:
        logger.info("reminded %d interviews", count)


@db_periodic_task(crontab(minute="*/5"))  # type: ignore[untyped-decorator]
def release_numbers() -> None:
    """Release protected call numbers whose time is up (PI-07)."""
    count = release_expired_numbers()
    if count:
        logger.info("released %d virtual numbers", count)

"""Scheduled work of the resumes app (Huey periodic tasks)."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from rencai.core.actors import system_actor
from rencai.resumes.actions import refresh_experience

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(day="1", hour="3", minute="30"))  # type: ignore[untyped-decorator]
def refresh_ongoing_experience() -> None:
    """On the first of each month: a job "until now" adds a month of experience."""
    count = refresh_experience(actor=system_actor())
    if count:
        logger.info("refreshed the experience of %d resumes", count)

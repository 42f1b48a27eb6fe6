"""Scheduled work of the jobs app (Huey periodic tasks)."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from rencai.jobs.actions import expire_postings
from rencai.jobs.actions.views import flush_view_counts

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*/5"))  # type: ignore[untyped-decorator]
def expire() -> None:
    """Unpublish postings whose validity ended (JOB-03); public queries already hide them
    from the first minute of the next day, this records the state change."""
    count = expire_postings()
    if count:
        logger.info("expired %d postings", count)


@db_periodic_task(crontab(minute="*/5"))  # type: ignore[untyped-decorator]
def add_view_counts() -> None:
    """Move the views counted in the cache onto the postings."""
    flush_view_counts()

"""Scheduled work of the orgs app (Huey periodic tasks)."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from rencai.orgs.actions import run_org_clock

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(hour="2", minute="15"))  # type: ignore[untyped-decorator]
def org_clock() -> None:
    """Every night: re-verification warnings and flags, display-notice deadlines."""
    report = run_org_clock()
    logger.info(
        "org clock: %d warned, %d flagged, %d noticed, %d suspended",
        len(report.warned),
        len(report.flagged),
        len(report.noticed),
        len(report.suspended),
    )

"""Scheduled work of the core app (Huey periodic tasks)."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(hour="0", minute="30"))  # type: ignore[untyped-decorator]
def compliance_calendar() -> None:
    """Daily at 08:30 Beijing time: flag overdue registration-change reports and remind
    the security administrators (LIC-04)."""
    from rencai.core.actors import system_actor
    from rencai.core.compliance import run_compliance_calendar

    run = run_compliance_calendar(actor=system_actor())
    if run.overdue:
        logger.warning("%d registration-change reports are overdue", run.overdue)

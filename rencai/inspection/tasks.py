"""Background work of the inspection app (Huey tasks)."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(month="1", day="5", hour="1", minute="30"))  # type: ignore[untyped-decorator]
def prepare_annual_report_task() -> None:
    """Every 5 January at 09:30 Beijing time: prepare last year's annual report (REG-01)
    and notify the security administrators and auditors (once per year)."""
    from rencai.core.actors import system_actor
    from rencai.inspection.annual_report import last_year, notify_report_ready

    year = last_year()
    count = notify_report_ready(year, actor=system_actor())
    logger.info("annual report %s prepared; %d notified", year, count)

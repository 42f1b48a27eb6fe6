"""Background work of the sanctions app (Huey tasks)."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*/10"))  # type: ignore[untyped-decorator]
def expire_sanctions_task() -> None:
    """Every 10 minutes: sanctions whose period is over end by themselves. (Enforcement
    compares with the end time, so a sanction never outlives its period between runs.)"""
    from rencai.core.actors import system_actor
    from rencai.sanctions.actions import expire_sanctions

    count = expire_sanctions(actor=system_actor())
    if count:
        logger.info("%d sanctions ended", count)

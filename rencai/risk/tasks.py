"""Background work of the risk app (Huey tasks)."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*/30"))  # type: ignore[untyped-decorator]
def recompute_risk_task() -> None:
    """Every 30 minutes: assess live postings and active accounts again (dynamic
    monitoring, FRD-01): velocity windows close, reports and sanctions arrive."""
    from rencai.risk.scores import recompute

    changed = recompute()
    if changed:
        logger.info("%d risk scores changed", len(changed))

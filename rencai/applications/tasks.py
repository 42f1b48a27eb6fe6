"""Background work of the applications app (Huey, discovered from INSTALLED_APPS)."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from rencai.applications.actions import expire_invitations
from rencai.core.actors import system_actor

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="17"))  # type: ignore[untyped-decorator]
def expire_open_invitations() -> None:
    """Hourly: invitations to apply past their expiry become ``expired``."""
    count = expire_invitations(actor=system_actor())
    if count:
        logger.info("expired %s invitations to apply", count)

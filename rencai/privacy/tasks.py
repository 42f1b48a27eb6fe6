"""Background work of the privacy app (Huey tasks)."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

logger = logging.getLogger(__name__)


# --- copies of one's data and portability packages (helper B: PI-12, PI-13) ---------------


@db_task()  # type: ignore[untyped-decorator]
def build_export_task(export_id: str) -> None:
    """Build a queued copy of someone's data (queued after ``request_export`` commits).
    Failures end as a FAILED export with an error code, never as a task error."""
    from rencai.core.actors import system_actor
    from rencai.privacy.exports import build_export

    export = build_export(export_id, actor=system_actor())
    if export is not None:
        logger.info("export %s: %s", export_id, export.status)


@db_periodic_task(crontab(hour="19", minute="20"))  # type: ignore[untyped-decorator]
def expire_exports_task() -> None:
    """Daily at 03:20 Beijing time: delete the archives of copies older than
    ``PRIVACY_EXPORT_DAYS`` days and mark them expired; fail builds that died."""
    from rencai.core.actors import system_actor
    from rencai.privacy.exports import expire_exports

    count = expire_exports(actor=system_actor())
    if count:
        logger.info("expired %d copies of personal data", count)


# --- erasure after account cancellation (helper C: PI-19, RET-06) ------------------------


@db_task(retries=3, retry_delay=60)  # type: ignore[untyped-decorator]
def erase_account_task(user_id: str) -> None:
    """Erase a cancelled account's personal data (queued after the cancellation commits)."""
    from rencai.accounts.models import User
    from rencai.core.actors import system_actor
    from rencai.privacy.erasure import erase_account

    user = User.objects.filter(pk=user_id, cancelled_at__isnull=False).first()
    if user is None or user.erased_at is not None:
        return
    report = erase_account(user, actor=system_actor())
    logger.info("erased account %s: %s", user_id, report.as_dict())


@db_periodic_task(crontab(hour="4", minute="10"))  # type: ignore[untyped-decorator]
def erase_cancelled_accounts() -> None:
    """Daily safety net: erase every cancelled account whose erasure task did not complete,
    well within the 15 working days PI-19 allows."""
    from rencai.accounts.models import User

    pending = User.objects.filter(cancelled_at__isnull=False, erased_at__isnull=True)
    for user_id in pending.values_list("pk", flat=True)[:500]:
        erase_account_task.call_local(str(user_id))


# --- retention engine (helper D: RET-01…RET-07) ------------------------------------------


@db_periodic_task(crontab(hour="3", minute="30"))  # type: ignore[untyped-decorator]
def apply_retention_daily() -> None:
    """Daily: apply every enabled retention rule in batches (report on the run record)."""
    from rencai.core.actors import system_actor
    from rencai.privacy.retention import format_report, run_retention

    run = run_retention(actor=system_actor())
    for line in format_report(run):
        logger.info("%s", line)


# --- rights requests (helper A: PI-18) -----------------------------------------------------


@db_periodic_task(crontab(hour="7", minute="45"))  # type: ignore[untyped-decorator]
def flag_overdue_rights_requests() -> None:
    """Daily, before the working day: open rights requests past their statutory due date
    are flagged (audited) and data operators are told (PI-18)."""
    from rencai.core.actors import system_actor
    from rencai.privacy.requests import flag_overdue_requests

    count = flag_overdue_requests(actor=system_actor())
    if count:
        logger.warning("%s rights requests are overdue", count)

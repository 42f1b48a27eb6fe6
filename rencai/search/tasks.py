"""Background work of search: index updates after commits, rebuilds, saved-search alerts."""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from collections.abc import Callable

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task, lock_task

from rencai.search import indexing
from rencai.search.alerts import AlertRunReport, run_alerts
from rencai.search.models import AlertFrequency

logger = logging.getLogger(__name__)


@db_task(retries=3, retry_delay=2)  # type: ignore[untyped-decorator]
def index_postings(posting_ids: list[str]) -> None:
    """Bring these postings up to date in the index (queued after the commit)."""
    indexing.index_now(posting_ids)


@db_task(retries=3, retry_delay=2)  # type: ignore[untyped-decorator]
def index_organisation(organisation_id: str) -> None:
    """Re-index every posting of an organisation whose name, industry or standing changed."""
    indexing.index_now(indexing.organisation_posting_ids(organisation_id))


@db_task()  # type: ignore[untyped-decorator]
def rebuild_index(reason: str = "") -> None:
    """Rebuild a missing, corrupt or outdated index (search uses the database meanwhile)."""
    report = indexing.rebuild(reason=reason)
    logger.info(
        "search index rebuilt: %d documents, %d replayed, %.1f s",
        report.documents,
        report.replayed,
        report.seconds,
    )


@db_task(retries=3, retry_delay=2)  # type: ignore[untyped-decorator]
def index_resumes(resume_ids: list[str]) -> None:
    """Bring these resumes up to date in the resume index (queued after the commit)."""
    indexing.index_resumes_now(resume_ids)


@db_task(retries=3, retry_delay=2)  # type: ignore[untyped-decorator]
def index_seeker_resumes(owner_id: str) -> None:
    """Re-index every resume of a seeker (hidden-company list or account changed)."""
    from rencai.search.resume_documents import owner_resume_ids

    indexing.index_resumes_now(owner_resume_ids(owner_id))


@db_task()  # type: ignore[untyped-decorator]
def rebuild_resume_index(reason: str = "") -> None:
    """Rebuild a missing, corrupt or outdated resume index."""
    report = indexing.rebuild_resumes(reason=reason)
    logger.info(
        "resume index rebuilt: %d documents, %d replayed, %.1f s",
        report.documents,
        report.replayed,
        report.seconds,
    )


# --- saved-search alerts -------------------------------------------------------------------


def daily_at(hour: int, minute: int) -> Callable[[dt.datetime], bool]:
    """A Huey schedule: once a day at ``hour:minute`` on the site's clock (``TIME_ZONE``,
    Asia/Shanghai), whichever clock Huey keeps (UTC by default)."""
    site_zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)

    def validate(timestamp: dt.datetime) -> bool:
        if timestamp.tzinfo is None:  # Huey passes naive UTC, or naive local time
            timestamp = timestamp.replace(tzinfo=dt.UTC) if HUEY.utc else timestamp.astimezone()
        local = timestamp.astimezone(site_zone)
        return local.hour == hour and local.minute == minute

    return validate


def _log_alert_run(report: AlertRunReport) -> None:
    logger.info(
        "%s job alerts: %d checked, %d sent (%d by e-mail), %d postings, %d skipped, %d failed",
        report.frequency,
        report.checked,
        report.sent,
        report.emailed,
        report.postings,
        report.skipped,
        report.failed,
    )


@db_periodic_task(crontab(minute="*/5"))  # type: ignore[untyped-decorator]
@lock_task("search-job-alerts-instant")  # type: ignore[untyped-decorator]
def send_instant_job_alerts() -> None:
    """Every 5 minutes: alerts of saved searches set to "as soon as possible"."""
    _log_alert_run(run_alerts(AlertFrequency.INSTANT))


@db_periodic_task(daily_at(8, 0))  # type: ignore[untyped-decorator]
@lock_task("search-job-alerts-daily")  # type: ignore[untyped-decorator]
def send_daily_job_alerts() -> None:
    """Every day at 08:00 Beijing time: the daily digest of each saved search."""
    _log_alert_run(run_alerts(AlertFrequency.DAILY))


@db_periodic_task(crontab(hour="19", minute="30"))  # type: ignore[untyped-decorator]
def refresh_statistics() -> None:
    """Keep SQLite's planner statistics current (03:30 Beijing time), so a page of search
    results is read by primary key however large the tables grew; PostgreSQL's autovacuum
    does this by itself."""
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA optimize")

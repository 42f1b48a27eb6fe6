"""Background work of search: index updates after commits, rebuilds, saved-search alerts."""

from __future__ import annotations

import logging

from huey.contrib.djhuey import db_task

from rencai.search import indexing

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

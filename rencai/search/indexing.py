"""Keeping the index in step with the database.

Actions that change what is public call :func:`postings_changed` or
:func:`organisation_changed` inside their transaction; after the commit a Huey task reads the
postings again and updates the live backend (upsert the public ones, delete the rest). The
index is derived data, so these calls carry only ids, never content.

:func:`rebuild` builds a complete index aside and swaps it in, then replays the changes made
while it was building. :func:`check` compares the index with the database.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from rencai.audit.actions import record_event
from rencai.core.actors import Actor, system_actor
from rencai.core.models import Id
from rencai.jobs.models import JobPosting
from rencai.moderation.choices import SubjectKind
from rencai.moderation.models import AbnormalListEntry
from rencai.search.backends import get_backend
from rencai.search.backends.base import (
    IndexUnavailable,
    Progress,
    ResumeSearchBackend,
    SearchBackend,
)
from rencai.search.documents import (
    count_indexable,
    documents_for,
    iter_documents,
    iter_documents_parallel,
)

logger = logging.getLogger(__name__)

BATCH = 500
REBUILD_PENDING_KEY = "search:rebuild-pending"
REBUILD_PENDING_SECONDS = 15 * 60


def postings_changed(posting_ids: Iterable[Id]) -> None:
    """Re-index these postings once the current transaction commits."""
    ids = sorted({str(pid) for pid in posting_ids})
    if not ids:
        return
    from rencai.search import tasks

    transaction.on_commit(lambda: tasks.index_postings(ids))


def organisation_changed(organisation_id: Id) -> None:
    """Re-index an organisation's postings (its name, industry or standing changed)."""
    from rencai.search import tasks

    org_id = str(organisation_id)
    transaction.on_commit(lambda: tasks.index_organisation(org_id))


def uscc_changed(uscc: str) -> None:
    """An abnormal-list entry for this USCC was added or lifted."""
    from rencai.orgs.models import Organisation

    for org_id in Organisation.objects.filter(uscc=uscc).values_list("pk", flat=True):
        organisation_changed(org_id)


def index_now(posting_ids: Iterable[Id]) -> int:
    """Bring these postings up to date in the live backend; returns how many are public.
    An unavailable index schedules a rebuild instead (which includes them)."""
    ids = [str(pid) for pid in posting_ids]
    try:
        _sync(get_backend(), ids)
    except IndexUnavailable as error:
        schedule_rebuild(str(error))
        return 0
    return len(ids)


def _sync(backend: SearchBackend, ids: list[str]) -> None:
    """Upsert the public postings among ``ids`` and delete the others, in batches."""
    for start in range(0, len(ids), BATCH):
        documents, gone = documents_for(ids[start : start + BATCH])
        backend.upsert(documents)
        backend.delete(gone)


def organisation_posting_ids(organisation_id: Id) -> list[str]:
    postings = JobPosting.objects.filter(
        Q(organisation_id=organisation_id) | Q(client_id=organisation_id)
    )
    return [str(pid) for pid in postings.values_list("pk", flat=True)]


def schedule_rebuild(reason: str) -> bool:
    """Queue one rebuild (further calls within a quarter of an hour do nothing)."""
    if not cache.add(REBUILD_PENDING_KEY, reason, REBUILD_PENDING_SECONDS):
        return False
    from rencai.search import tasks

    logger.warning("scheduling a search index rebuild: %s", reason)
    tasks.rebuild_index(reason)
    return True


@dataclass
class RebuildReport:
    backend: str
    documents: int
    replayed: int
    seconds: float


def changed_since(moment: dt.datetime) -> list[str]:
    """Postings whose public state (or demotion) may have changed since ``moment``."""
    from rencai.orgs.models import Organisation
    from rencai.sanctions.choices import SanctionKind
    from rencai.sanctions.models import Sanction

    listed = AbnormalListEntry.objects.filter(
        Q(created_at__gte=moment) | Q(updated_at__gte=moment), subject_kind=SubjectKind.USCC
    ).values("match_key")
    restricted = Sanction.objects.filter(
        updated_at__gte=moment, kind=SanctionKind.RESTRICTION, organisation_id__isnull=False
    ).values("organisation_id")
    orgs = Organisation.objects.filter(
        Q(updated_at__gte=moment) | Q(uscc__in=listed) | Q(pk__in=restricted)
    )
    postings = JobPosting.objects.filter(
        Q(updated_at__gte=moment) | Q(organisation__in=orgs) | Q(client__in=orgs)
    )
    return [str(pid) for pid in postings.values_list("pk", flat=True)]


def _audit(actor: Actor | None, action: str, backend: str, after: dict[str, object]) -> None:
    with transaction.atomic():
        record_event(
            actor or system_actor(),
            action,
            object_type="search.index",
            object_id=backend,
            after=after,
        )


def rebuild(
    *,
    backend_name: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    actor: Actor | None = None,
    reason: str = "",
    workers: int = 1,
) -> RebuildReport:
    """Rebuild the index from the database without downtime, then replay the changes made
    during the build (they went to the old index, which the swap replaced)."""
    started = timezone.now()
    backend = get_backend(backend_name)
    return _rebuild_and_replay(
        started=started,
        target=backend.name,
        total=count_indexable(),
        build=lambda report: backend.rebuild(
            iter_documents_parallel(workers) if workers > 1 else iter_documents(),
            progress=report,
        ),
        changed_since=changed_since,
        sync=lambda ids: _sync(backend, ids),
        pending_key=REBUILD_PENDING_KEY,
        progress=progress,
        actor=actor,
        reason=reason,
    )


def _rebuild_and_replay(
    *,
    started: dt.datetime,
    target: str,
    total: int,
    build: Callable[[Progress], int],
    changed_since: Callable[[dt.datetime], list[str]],
    sync: Callable[[list[str]], None],
    pending_key: str,
    progress: Callable[[int, int], None] | None,
    actor: Actor | None,
    reason: str,
) -> RebuildReport:
    """The steps a rebuild of either index (postings or resumes) shares: ``build`` the new
    index reporting progress against ``total``, replay what changed since ``started`` (the
    changes went to the old index, which the swap replaced), clear the pending mark and
    audit the rebuild under ``target``."""

    def report(done: int) -> None:
        if progress is not None:
            progress(done, total)

    count = build(report)
    replay = changed_since(started - dt.timedelta(seconds=1))
    sync(replay)
    cache.delete(pending_key)
    seconds = (timezone.now() - started).total_seconds()
    _audit(
        actor,
        "search.index_rebuilt",
        target,
        {
            "documents": count,
            "replayed": len(replay),
            "seconds": round(seconds, 1),
            "reason": reason,
        },
    )
    return RebuildReport(target, count, len(replay), seconds)


@dataclass
class CheckReport:
    backend: str
    indexed: int
    expected: int
    missing: list[str] = field(default_factory=list)  # public but not in the index
    extra: list[str] = field(default_factory=list)  # in the index but not public
    stale: list[str] = field(default_factory=list)  # indexed with outdated content

    @property
    def consistent(self) -> bool:
        return not (self.missing or self.extra or self.stale)


def check(*, backend_name: str | None = None) -> CheckReport:
    """Compare the index with the database, document by document."""
    backend = get_backend(backend_name)
    indexed = backend.stamps()
    expected = {document.id: document.stamp for document in iter_documents()}
    return _compare(backend.name, indexed, expected)


def _compare(backend: str, indexed: dict[str, str], expected: dict[str, str]) -> CheckReport:
    """The differences between the index's stamps and the database's, id by id."""
    return CheckReport(
        backend=backend,
        indexed=len(indexed),
        expected=len(expected),
        missing=sorted(set(expected) - set(indexed)),
        extra=sorted(set(indexed) - set(expected)),
        stale=sorted(
            key for key, stamp in indexed.items() if key in expected and expected[key] != stamp
        ),
    )


def repair(
    report: CheckReport, *, backend_name: str | None = None, actor: Actor | None = None
) -> int:
    """Fix what :func:`check` found; returns the number of postings touched."""
    backend = get_backend(backend_name)
    return _repair_with(
        report,
        target=backend.name,
        sync=lambda ids: _sync(backend, ids),
        delete=backend.delete,
        actor=actor,
    )


def _repair_with(
    report: CheckReport,
    *,
    target: str,
    sync: Callable[[list[str]], None],
    delete: Callable[[Sequence[str]], None],
    actor: Actor | None,
) -> int:
    """Re-index the missing and stale documents, delete the extra ones, audit under
    ``target``; returns the number of documents touched."""
    touched = [*report.missing, *report.stale]
    sync(touched)
    delete(report.extra)
    _audit(
        actor,
        "search.index_repaired",
        target,
        {"missing": len(report.missing), "extra": len(report.extra), "stale": len(report.stale)},
    )
    return len(touched) + len(report.extra)


# --- resumes (issue 7) ---------------------------------------------------------------------

RESUME_REBUILD_PENDING_KEY = "search:resume-rebuild-pending"


def resumes_changed(resume_ids: Iterable[Id]) -> None:
    """Re-index these resumes once the current transaction commits: findable ones are
    upserted, the rest (invisible, deleted, owner deactivated) deleted from the index.

    The resumes app calls this inside the transaction of every change of a resume, its
    sections or its visibility, and with every resume of the seeker when the seeker's
    hidden-company list changes (see :func:`seeker_resumes_changed`). Turning visibility off
    therefore removes the resume from search as soon as the task has run (PI-05, PI-20);
    until then, the rows shown are loaded through ``searchable_resumes_for(org)``, so the
    resume is never shown after the commit."""
    ids = sorted({str(rid) for rid in resume_ids})
    if not ids:
        return
    from rencai.search import tasks

    transaction.on_commit(lambda: tasks.index_resumes(ids))


def seeker_resumes_changed(owner_id: Id) -> None:
    """Re-index every resume of a seeker after the commit (the hidden-company list changed,
    or the account was deactivated)."""
    from rencai.search import tasks

    owner = str(owner_id)
    transaction.on_commit(lambda: tasks.index_seeker_resumes(owner))


def index_resumes_now(resume_ids: Iterable[Id]) -> int:
    """Bring these resumes up to date in the live resume index; an unavailable index
    schedules a rebuild instead (which includes them)."""
    from rencai.search.backends import get_resume_backend

    ids = [str(rid) for rid in resume_ids]
    try:
        _sync_resumes(get_resume_backend(), ids)
    except IndexUnavailable as error:
        schedule_resume_rebuild(str(error))
        return 0
    return len(ids)


def _sync_resumes(backend: ResumeSearchBackend, ids: list[str]) -> None:
    from rencai.search.resume_documents import documents_for as resume_documents_for

    for start in range(0, len(ids), BATCH):
        documents, gone = resume_documents_for(ids[start : start + BATCH])
        backend.upsert(documents)
        backend.delete(gone)


def schedule_resume_rebuild(reason: str) -> bool:
    """Queue one rebuild of the resume index (further calls within a quarter of an hour do
    nothing)."""
    if not cache.add(RESUME_REBUILD_PENDING_KEY, reason, REBUILD_PENDING_SECONDS):
        return False
    from rencai.search import tasks

    logger.warning("scheduling a resume index rebuild: %s", reason)
    tasks.rebuild_resume_index(reason)
    return True


def resumes_changed_since(moment: dt.datetime) -> list[str]:
    """Resumes whose findability or content may have changed since ``moment``: the resume
    itself, its sections, or its owner's hidden-company list."""
    from rencai.resumes.models import HiddenOrganisation, Resume, ResumeEntry

    owners = HiddenOrganisation.objects.filter(
        Q(created_at__gte=moment) | Q(updated_at__gte=moment)
    ).values("owner_id")
    entries = ResumeEntry.objects.filter(updated_at__gte=moment).values("resume_id")
    resumes = Resume.objects.filter(
        Q(updated_at__gte=moment) | Q(owner_id__in=owners) | Q(pk__in=entries)
    )
    return [str(rid) for rid in resumes.values_list("pk", flat=True)]


def rebuild_resumes(
    *,
    backend_name: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    actor: Actor | None = None,
    reason: str = "",
    workers: int = 1,
) -> RebuildReport:
    """Rebuild the resume index from the database without downtime (documents built by
    ``workers`` forked processes when more than one), then replay the changes made during
    the build. A hidden-company entry deleted during the build is not
    seen by the replay (its row is gone), which is why the resumes app also reindexes the
    seeker's resumes through :func:`resumes_changed` after such a change."""
    from rencai.search.backends import get_resume_backend
    from rencai.search.resume_documents import count_indexable as count_resumes
    from rencai.search.resume_documents import iter_documents as iter_resume_documents
    from rencai.search.resume_documents import iter_documents_parallel as parallel_resumes

    started = timezone.now()
    backend = get_resume_backend(backend_name)
    return _rebuild_and_replay(
        started=started,
        target=f"{backend.name}:resumes",
        total=count_resumes(),
        build=lambda report: backend.rebuild(
            parallel_resumes(workers) if workers > 1 else iter_resume_documents(),
            progress=report,
        ),
        changed_since=resumes_changed_since,
        sync=lambda ids: _sync_resumes(backend, ids),
        pending_key=RESUME_REBUILD_PENDING_KEY,
        progress=progress,
        actor=actor,
        reason=reason,
    )


def check_resumes(*, backend_name: str | None = None) -> CheckReport:
    """Compare the resume index with the database, document by document (``missing``:
    findable but not indexed; ``extra``: indexed but not findable, e.g. made invisible)."""
    from rencai.search.backends import get_resume_backend
    from rencai.search.resume_documents import iter_documents as iter_resume_documents

    backend = get_resume_backend(backend_name)
    indexed = backend.stamps()
    expected = {document.id: document.stamp for document in iter_resume_documents()}
    return _compare(backend.name, indexed, expected)


def repair_resumes(
    report: CheckReport, *, backend_name: str | None = None, actor: Actor | None = None
) -> int:
    """Fix what :func:`check_resumes` found; returns the number of resumes touched."""
    from rencai.search.backends import get_resume_backend

    backend = get_resume_backend(backend_name)
    return _repair_with(
        report,
        target=f"{backend.name}:resumes",
        sync=lambda ids: _sync_resumes(backend, ids),
        delete=backend.delete,
        actor=actor,
    )

"""View counts of public postings: counted in the cache on every view (no database write on
a page view) and added to the postings every few minutes in one audited action."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django.db.models import F

from rencai.audit.actions import record_event
from rencai.core.actors import Actor, system_actor
from rencai.core.models import Id
from rencai.jobs.models import JobPosting

_IDS_KEY = "jobviews:ids"
_TTL = 24 * 3600


def _key(posting_id: Id) -> str:
    return f"jobviews:{posting_id}"


def note_view(posting_id: Id) -> None:
    """Count one view of a public posting (approximate under heavy concurrency)."""
    key = _key(posting_id)
    cache.add(key, 0, timeout=_TTL)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=_TTL)
    ids: set[str] = cache.get(_IDS_KEY) or set()
    if str(posting_id) not in ids:
        cache.set(_IDS_KEY, ids | {str(posting_id)}, timeout=_TTL)


def flush_view_counts(*, actor: Actor | None = None) -> int:
    """Add the counted views to the postings; returns how many views were added."""
    ids: set[str] = cache.get(_IDS_KEY) or set()
    cache.delete(_IDS_KEY)
    counts = {posting_id: cache.get(_key(posting_id)) or 0 for posting_id in ids}
    cache.delete_many([_key(posting_id) for posting_id in ids])
    counts = {posting_id: n for posting_id, n in counts.items() if n}
    if not counts:
        return 0
    with transaction.atomic():
        for posting_id, n in counts.items():
            JobPosting.objects.filter(pk=posting_id).update(view_count=F("view_count") + n)
        record_event(
            actor or system_actor(),
            "jobs.view_counts_added",
            object_type="jobs.JobPosting",
            after={"postings": len(counts), "views": sum(counts.values())},
        )
    return sum(counts.values())

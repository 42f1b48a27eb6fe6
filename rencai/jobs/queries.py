"""Actor-scoped reads of postings."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from rencai.accounts.models import User
from rencai.core.lookups import one_of
from rencai.core.models import Id
from rencai.jobs.choices import PostingStatus, VersionStatus
from rencai.jobs.models import JobPosting, JobPostingVersion
from rencai.moderation.choices import SubjectKind
from rencai.moderation.queries import active_entries
from rencai.orgs.choices import OrgStatus
from rencai.orgs.models import Organisation


def public_postings(now: dt.datetime | None = None) -> QuerySet[JobPosting]:
    """What anyone may see at ``now`` (by default the present): published, still valid, from
    an organisation in good standing (verified, re-verified in time, not suspended, not on
    the abnormal list)."""
    now = now or timezone.now()
    listed = active_entries().filter(subject_kind=SubjectKind.USCC).values("match_key")
    return (
        JobPosting.objects.filter(
            status=PostingStatus.PUBLISHED,
            valid_until__gte=timezone.localdate(now),
            organisation__status=OrgStatus.VERIFIED,
            organisation__reverification_required=False,
            organisation__display_suspended=False,
            organisation__reverification_due_at__gt=now,
        )
        .exclude(organisation__uscc__in=listed)
        .select_related("live_version", "organisation", "client")
        .order_by("-published_at")
    )


def public_postings_for(user: User | None) -> QuerySet[JobPosting]:
    """Public postings as ``user`` may see them: 16–17-year-old seekers do not see jobs
    forbidden to minors (JOB-10). Anonymous visitors see every public posting."""
    return public_postings_seen(minor=sees_as_minor(user))


def sees_as_minor(user: User | None) -> bool:
    """Whether ``user`` is a 16–17-year-old seeker, who does not see jobs forbidden to
    minors (JOB-10)."""
    return user is not None and user.is_authenticated and visible_to_minor(user)


def public_postings_seen(*, minor: bool, now: dt.datetime | None = None) -> QuerySet[JobPosting]:
    """Public postings at ``now`` as a minor (``minor``) or anyone else sees them."""
    postings = public_postings(now)
    return postings.filter(minor_prohibited=False) if minor else postings


def public_posting(posting_id: Id, user: User | None = None) -> JobPosting:
    return one_of(public_postings_for(user), posting_id)


def postings_of(org: Organisation) -> QuerySet[JobPosting]:
    """An organisation's own postings, for its members."""
    return (
        JobPosting.objects.filter(organisation=org)
        .select_related("live_version", "owner__user", "client")
        .order_by("-created_at")
    )


def posting_of(org: Organisation, posting_id: Id) -> JobPosting:
    return one_of(postings_of(org), posting_id)


def editable_version(posting: JobPosting) -> JobPostingVersion | None:
    return posting.versions.filter(status__in=[VersionStatus.DRAFT, VersionStatus.PENDING]).first()


def latest_version(posting: JobPosting) -> JobPostingVersion:
    version = posting.versions.order_by("-number").first()
    assert version is not None  # a posting is created with its first version
    return version


def review_queue(*, status: str = VersionStatus.PENDING) -> QuerySet[JobPostingVersion]:
    """Versions for reviewers, oldest submission first."""
    return (
        JobPostingVersion.objects.filter(status=status)
        .select_related("posting__organisation", "submitted_by")
        .order_by("submitted_at")
    )


def version_for_review(version_id: Id) -> JobPostingVersion:
    return one_of(
        JobPostingVersion.objects.select_related(
            "posting__organisation", "posting__client", "posting__live_version", "submitted_by"
        ),
        version_id,
    )


def posting_for_inspection(posting_id: Id) -> JobPosting:
    return one_of(JobPosting.objects.select_related("organisation", "live_version"), posting_id)


def visible_to_minor(user: User) -> bool:
    """Whether ``user`` is a 16–17-year-old seeker (JOB-10 hides some postings)."""
    from rencai.accounts.queries import seeker_age

    age = seeker_age(user)
    return age is not None and age < 18


def filter_public(
    postings: QuerySet[JobPosting], *, q: str = "", division: str = ""
) -> QuerySet[JobPosting]:
    """Simple filters until the search issue brings the index: title words and a division
    (a province or city code includes everything under it)."""
    from django.db.models import Q

    from rencai.core.divisions import code_prefix, get_division

    if q.strip():
        postings = postings.filter(
            Q(live_version__title__icontains=q.strip())
            | Q(organisation__legal_name__icontains=q.strip())
        )
    if division and get_division(division) is not None:
        postings = postings.filter(live_version__locations__icontains=f'"{code_prefix(division)}')
    return postings

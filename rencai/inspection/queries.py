"""Reads of the inspection, scoped to the viewer: only the regulator inspects, only
auditors and security administrators read the access log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from rencai.accounts.models import User
from rencai.core.errors import not_found, permission_denied
from rencai.core.models import Id
from rencai.inspection.builtin_datasets import VERDICT_LABELS, abnormal_listed, reason_labels
from rencai.inspection.datasets import Criteria, Dataset, apply_criteria, date_condition, registered
from rencai.inspection.models import InspectionAccess
from rencai.inspection.permissions import can_inspect, can_view_access_log
from rencai.jobs.choices import EventKind
from rencai.jobs.models import JobPosting, JobPostingVersion, PostingEvent
from rencai.moderation.choices import SubjectKind
from rencai.moderation.models import AbnormalListEntry
from rencai.orgs.models import (
    AgencyLicence,
    AgencyService,
    DisplayNotice,
    Membership,
    Organisation,
    VerificationRequest,
)


def _inspector(viewer: User) -> User:
    if not can_inspect(viewer):
        raise permission_denied()
    return viewer


def dataset_rows(viewer: User, dataset: Dataset, criteria: Criteria) -> QuerySet[Any]:
    """The rows of ``dataset`` the viewer asked for (regulator only)."""
    return apply_criteria(dataset, dataset.queryset(_inspector(viewer)), criteria)


def dataset_counts(viewer: User) -> list[tuple[Dataset, int]]:
    """Every dataset with its number of rows (for the index)."""
    _inspector(viewer)
    return [
        (dataset, dataset_rows(viewer, dataset, Criteria()).count()) for dataset in registered()
    ]


# --- the organisation dossier -----------------------------------------------------------------


@dataclass(frozen=True)
class Dossier:
    """Everything on one organisation: its registered details and licence, the
    registration file (every request with its documents), postings with every version,
    take-downs, abnormal-list entries, display notices and staff (phones masked)."""

    organisation: Organisation
    licence: AgencyLicence | None
    services: list[AgencyService]
    requests: list[VerificationRequest]
    postings: list[JobPosting]
    takedowns: list[PostingEvent]
    abnormal_entries: list[AbnormalListEntry]
    notices: list[DisplayNotice]
    members: list[Membership]


def organisation_dossier(viewer: User, org_id: Id) -> Dossier:
    """The dossier of ``org_id`` (``not_found`` if there is no such organisation)."""
    _inspector(viewer)
    org = (
        Organisation.objects.annotate(abnormal=abnormal_listed())
        .select_related("agency_licence")
        .filter(pk=org_id)
        .first()
    )
    if org is None:
        raise not_found()
    requests = list(
        VerificationRequest.objects.filter(organisation=org)
        .select_related("decided_by", "submitted_by")
        .prefetch_related("documents__file")
        .order_by("-number")
    )
    versions = JobPostingVersion.objects.order_by("-number")
    postings = list(
        JobPosting.objects.filter(organisation=org)
        .prefetch_related(Prefetch("versions", queryset=versions))
        .order_by("-created_at", "pk")
    )
    takedowns = list(
        PostingEvent.objects.filter(posting__organisation=org, kind=EventKind.TAKEN_DOWN)
        .select_related("posting", "version", "actor")
        .order_by("-created_at")
    )
    for takedown in takedowns:
        takedown.reason_text = reason_labels(takedown.reasons)  # type: ignore[attr-defined]
    for posting in postings:
        for version in posting.versions.all():
            version.verdict_label = VERDICT_LABELS.get(version.verdict, version.verdict)  # type: ignore[attr-defined]
    abnormal_entries = list(
        AbnormalListEntry.objects.filter(
            subject_kind=SubjectKind.USCC, match_key=org.uscc
        ).order_by("-created_at")
    )
    return Dossier(
        organisation=org,
        licence=getattr(org, "agency_licence", None),
        services=list(AgencyService.objects.filter(organisation=org)),
        requests=requests,
        postings=postings,
        takedowns=takedowns,
        abnormal_entries=abnormal_entries,
        notices=list(DisplayNotice.objects.filter(organisation=org).order_by("-created_at")),
        members=list(
            Membership.objects.filter(organisation=org)
            .select_related("user")
            .order_by("status", "created_at")
        ),
    )


def verification_file(viewer: User, request_id: Id) -> VerificationRequest:
    """One entry of the registration file with its documents (``not_found`` if none)."""
    _inspector(viewer)
    vr = (
        VerificationRequest.objects.select_related("organisation", "decided_by")
        .prefetch_related("documents__file", "checks")
        .filter(pk=request_id)
        .first()
    )
    if vr is None:
        raise not_found()
    return vr


# --- the access log ------------------------------------------------------------------------------


def access_log(
    viewer: User, *, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> QuerySet[InspectionAccess]:
    """The regulator's accesses, newest first (auditors and security administrators)."""
    if not can_view_access_log(viewer):
        raise permission_denied()
    return (
        InspectionAccess.objects.filter(date_condition("created_at", date_from, date_to))
        .select_related("user")
        .order_by("-created_at", "pk")
    )


def recent_access_count(viewer: User, *, days: int = 30) -> int:
    """Accesses of the last ``days`` days (the operator dashboard card)."""
    from django.utils import timezone

    since = timezone.now() - dt.timedelta(days=days)
    return access_log(viewer).filter(created_at__gte=since).count()

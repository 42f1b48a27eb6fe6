"""Actor-scoped reads of applications, pipeline stages and invitations to apply.

Organisations see only applications to their own postings (agencies: to the agency's own
postings), never withdrawn ones; seekers see only their own. Anything else is a 404, so
existence is not leaked (PI-05, PI-07).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from rencai.accounts.models import User
from rencai.applications.choices import ApplicationStatus, InvitationStatus, StageKind
from rencai.applications.constants import (
    BOARD_CARDS_PER_STAGE,
    LIST_FILTER_KEYS,
    PROTECTED_FILTER_WORDS,
)
from rencai.applications.errors import ApplicationErrorCode, app_error
from rencai.applications.models import (
    Application,
    ApplicationNote,
    ApplyInvitation,
    PipelineStage,
    StageChange,
)
from rencai.applications.permissions import can_work_pipeline
from rencai.core.lookups import one_of
from rencai.core.models import Id
from rencai.core.timeutil import local_start_of_day
from rencai.jobs.models import JobPosting
from rencai.orgs.models import Membership, Organisation
from rencai.resumes.models import Resume

# --- who is asking ----------------------------------------------------------------------


def pipeline_membership(user: User) -> Membership:
    """The person's active membership, for pipeline work (403 ``not_org_member`` without)."""
    from rencai.orgs.queries import active_membership

    membership = active_membership(user)
    if not can_work_pipeline(membership):
        raise app_error(ApplicationErrorCode.NOT_ORG_MEMBER)
    assert membership is not None
    return membership


# --- stages -----------------------------------------------------------------------------


def stages_of(org: Organisation) -> list[PipelineStage]:
    """The organisation's current stages in order; the default stages are created on first
    use (through ``ensure_default_stages``)."""
    stages = list(PipelineStage.objects.filter(organisation=org, archived_at__isnull=True))
    if stages:
        return stages
    from rencai.applications.actions import ensure_default_stages
    from rencai.core.actors import system_actor

    ensure_default_stages(org, actor=system_actor())
    return list(PipelineStage.objects.filter(organisation=org, archived_at__isnull=True))


def all_stages_of(org: Organisation) -> QuerySet[PipelineStage]:
    """Every stage, archived ones included, with the number of active applications."""
    stages_of(org)
    # Meta.ordering does not apply to aggregating queries: order explicitly.
    return (
        PipelineStage.objects.filter(organisation=org)
        .annotate(
            active_count=Count(
                "applications", filter=Q(applications__status=ApplicationStatus.ACTIVE)
            )
        )
        .order_by("position", "created_at")
    )


def stage_of(org: Organisation, stage_id: Id) -> PipelineStage:
    """A current (not archived) stage of ``org``."""
    return one_of(
        PipelineStage.objects.filter(organisation=org, archived_at__isnull=True), stage_id
    )


def any_stage_of(org: Organisation, stage_id: Id) -> PipelineStage:
    return one_of(PipelineStage.objects.filter(organisation=org), stage_id)


def first_stage(org: Organisation, kind: str) -> PipelineStage:
    """The first current stage of ``kind`` (every kind keeps one, see the stage actions)."""
    for stage in stages_of(org):
        if stage.kind == kind:
            return stage
    raise app_error(ApplicationErrorCode.STAGE_KIND_REQUIRED)


# --- the organisation's applications ------------------------------------------------------


def pipeline_applications(org: Organisation) -> QuerySet[Application]:
    """Applications to ``org``'s postings still in its pipeline: withdrawn ones leave it at
    once."""
    return (
        Application.objects.filter(organisation=org)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .select_related("stage", "posting__live_version", "duplicate_of")
    )


def application_for_org(org: Organisation, application_id: Id) -> Application:
    """One application in ``org``'s pipeline; 404 for anything else."""
    return one_of(
        pipeline_applications(org).select_related(
            "posting__client", "seeker", "resume", "organisation"
        ),
        application_id,
    )


def applications_for_org_by_ids(org: Organisation, ids: Sequence[Id]) -> list[Application]:
    """Several applications of ``org`` (bulk actions); 404 if any is not ``org``'s."""
    return [application_for_org(org, application_id) for application_id in ids]


def _protected(key: str) -> bool:
    words = {word for word in re.split(r"[^a-z]+", key.lower()) if word}
    return bool(words & PROTECTED_FILTER_WORDS)


def check_filter_keys(keys: list[str] | Any) -> None:
    """Refuse filters on protected attributes (``protected_attribute_filter``, DIS-03)
    and any key the list does not know (``unknown_filter``)."""
    keys = list(keys)
    for key in keys:
        if _protected(key):
            raise app_error(ApplicationErrorCode.PROTECTED_FILTER, field=key, extra={"key": key})
    for key in keys:
        if key not in LIST_FILTER_KEYS:
            raise app_error(
                ApplicationErrorCode.UNKNOWN_FILTER,
                field=key,
                extra={"key": key, "allowed": sorted(LIST_FILTER_KEYS)},
            )


def _date(value: str, key: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise app_error(ApplicationErrorCode.FILTER_INVALID, field=key) from None


def filter_applications(org: Organisation, params: Mapping[str, str]) -> QuerySet[Application]:
    """The pipeline list with the filters in ``params`` (already checked with
    ``check_filter_keys``): posting, stage, status, date range, a keyword on the name and
    skills of the resume as sent."""
    applications = pipeline_applications(org)
    posting_id = params.get("posting_id", "").strip()
    if posting_id:
        from rencai.jobs.queries import posting_of

        applications = applications.filter(posting=posting_of(org, posting_id))
    stage_id = params.get("stage_id", "").strip()
    if stage_id:
        applications = applications.filter(stage=any_stage_of(org, stage_id))
    status = params.get("status", "").strip()
    if status:
        allowed = {ApplicationStatus.ACTIVE, ApplicationStatus.REJECTED, ApplicationStatus.HIRED}
        if status not in allowed:
            raise app_error(ApplicationErrorCode.FILTER_INVALID, field="status")
        applications = applications.filter(status=status)
    since = params.get("since", "").strip()
    if since:
        applications = applications.filter(
            created_at__gte=local_start_of_day(_date(since, "since"))
        )
    until = params.get("until", "").strip()
    if until:
        end = _date(until, "until") + dt.timedelta(days=1)
        applications = applications.filter(created_at__lt=local_start_of_day(end))
    keyword = params.get("q", "").strip().lower()[:50]
    if keyword:
        applications = applications.filter(snapshot__search__icontains=keyword)
    return applications.order_by("-created_at")


def board(
    org: Organisation, posting: JobPosting
) -> list[tuple[PipelineStage, list[Application], int]]:
    """The kanban board of one posting: each current stage with its newest applications
    (at most ``BOARD_CARDS_PER_STAGE``) and its total. Closed applications show in their
    closing stage too."""
    stages = stages_of(org)
    applications = list(pipeline_applications(org).filter(posting=posting).order_by("-created_at"))
    columns = []
    for stage in stages:
        cards = [a for a in applications if a.stage_id == stage.pk]
        columns.append((stage, cards[:BOARD_CARDS_PER_STAGE], len(cards)))
    return columns


def notes_of(application: Application) -> QuerySet[ApplicationNote]:
    return application.notes.select_related("author")


def history_of(application: Application) -> QuerySet[StageChange]:
    return application.history.select_related("from_stage", "to_stage", "actor")


# --- the seeker's applications ------------------------------------------------------------


def applications_of_seeker(user: User) -> QuerySet[Application]:
    """Every application of ``user``, withdrawn ones included, newest first."""
    return (
        Application.objects.filter(seeker=user)
        .select_related("stage", "posting__live_version", "organisation", "posting__client")
        .order_by("-created_at")
    )


def application_for_seeker(user: User, application_id: Id) -> Application:
    """One of ``user``'s own applications; 404 for anyone else's."""
    return one_of(applications_of_seeker(user), application_id)


def seeker_timeline(application: Application) -> list[dict[str, Any]]:
    """What the seeker sees of the history: the public meaning of each stage reached and
    when (never stage names, people or notes)."""
    timeline: list[dict[str, Any]] = []
    last_kind = ""
    for change in application.history.select_related("to_stage").order_by("created_at"):
        kind = change.to_stage.kind
        key = change.status if change.status != ApplicationStatus.ACTIVE else kind
        if key == last_kind:
            continue
        last_kind = key
        label = (
            ApplicationStatus(change.status).label
            if change.status == ApplicationStatus.WITHDRAWN
            else StageKind(kind).label
        )
        timeline.append({"kind": key, "label": str(label), "at": change.created_at})
    return timeline


def latest_application(user: User, posting: JobPosting) -> Application | None:
    """The seeker's most recent application to ``posting``."""
    return Application.objects.filter(seeker=user, posting=posting).order_by("-created_at").first()


def resumes_of(user: User) -> QuerySet[Resume]:
    return Resume.objects.filter(owner=user)


def resume_of_seeker(user: User, resume_id: Id) -> Resume:
    return one_of(resumes_of(user), resume_id)


def possible_duplicate(
    org: Organisation, seeker: User, resume_id: str, phone_key: str, email_key: str
) -> Application | None:
    """An earlier application to ``org`` that looks like the same person: the same seeker
    through another resume, or the same phone or e-mail in the resume as sent (a second
    account, or the same person sent by an agency)."""
    same_person = Q(seeker=seeker) & ~Q(resume_id=resume_id)
    other = Q()
    if phone_key:
        other |= Q(snapshot__phone_key=phone_key)
    if email_key:
        other |= Q(snapshot__email_key=email_key)
    condition = same_person | (other & ~Q(seeker=seeker)) if other else same_person
    return (
        Application.objects.filter(organisation=org)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .filter(condition)
        .order_by("created_at")
        .first()
    )


# --- invitations to apply --------------------------------------------------------------------


def invitations_for_seeker(user: User) -> QuerySet[ApplyInvitation]:
    return ApplyInvitation.objects.filter(seeker=user).select_related(
        "organisation", "posting__live_version", "posting__client", "resume"
    )


def invitation_for_seeker(user: User, invitation_id: Id) -> ApplyInvitation:
    return one_of(invitations_for_seeker(user), invitation_id)


def invitations_of_org(org: Organisation) -> QuerySet[ApplyInvitation]:
    return ApplyInvitation.objects.filter(organisation=org).select_related(
        "posting__live_version", "resume", "invited_by", "application"
    )


def invitation_of_org(org: Organisation, invitation_id: Id) -> ApplyInvitation:
    return one_of(invitations_of_org(org), invitation_id)


def invitations_sent_today(org: Organisation) -> int:
    start = local_start_of_day(timezone.localdate())
    return ApplyInvitation.objects.filter(organisation=org, created_at__gte=start).count()


def with_notes(applications: QuerySet[Application]) -> QuerySet[Application]:
    return applications.prefetch_related(
        Prefetch("notes", queryset=ApplicationNote.objects.select_related("author"))
    )


def seeker_progress(user: User) -> dict[str, Any]:
    """What the seeker's dashboard shows about their job search: the default resume (with
    its completeness and who may find it), active applications, invitations waiting for an
    answer. Four queries, whatever the numbers."""
    resume = resumes_of(user).first()
    active = Application.objects.filter(seeker=user, status=ApplicationStatus.ACTIVE).count()
    waiting = ApplyInvitation.objects.filter(
        seeker=user, status=InvitationStatus.PENDING, expires_at__gt=timezone.now()
    ).count()
    return {
        "resume": resume,
        "resume_count": resumes_of(user).count() if resume is not None else 0,
        "active_applications": active,
        "pending_invitations": waiting,
    }

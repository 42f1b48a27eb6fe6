"""Reads of sanctions, appeals and authority reports, scoped to who is asking."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from rencai.accounts.models import User
from rencai.core.errors import not_found
from rencai.core.models import Id
from rencai.jobs.models import JobPosting
from rencai.orgs.choices import MemberRole, MembershipStatus
from rencai.orgs.models import Membership, Organisation
from rencai.sanctions.choices import (
    APPLYING_BLOCKING,
    LOGIN_BLOCKING,
    POSTING_BLOCKING,
    AppealStatus,
    AuthorityReportStatus,
    SanctionKind,
    SanctionStatus,
)
from rencai.sanctions.models import Appeal, AuthorityReport, Sanction

SANCTION_RELATED = ("user", "organisation", "posting", "imposed_by", "ended_by", "appeal")


def in_force(now: dt.datetime | None = None) -> Q:
    """Active sanctions within their period at ``now``."""
    now = now or timezone.now()
    return Q(status=SanctionStatus.ACTIVE, starts_at__lte=now) & (
        Q(ends_at__isnull=True) | Q(ends_at__gt=now)
    )


def restricted_organisation_ids(now: dt.datetime | None = None) -> set[str]:
    """The ids of every organisation under a restriction in force at ``now``, in one query
    (the search demotes their postings when it builds documents, a batch at a time)."""
    rows = Sanction.objects.filter(
        in_force(now), kind=SanctionKind.RESTRICTION, organisation_id__isnull=False
    ).values_list("organisation_id", flat=True)
    return {str(pk) for pk in rows}


def _member_org_ids(user: User, *, admins_only: bool = False) -> QuerySet[Membership]:
    memberships = Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE)
    if admins_only:
        memberships = memberships.filter(role=MemberRole.ADMIN)
    return memberships.values("organisation_id")  # type: ignore[return-value]


def subject_q(user: User, *, admins_only: bool = False) -> Q:
    """Sanctions on ``user`` or on an organisation ``user`` is an (administrating) member of."""
    return Q(user=user) | Q(organisation_id__in=_member_org_ids(user, admins_only=admins_only))


def sanctions_of(user: User) -> QuerySet[Sanction]:
    """The person's own sanctions and their organisation's, newest first."""
    return Sanction.objects.filter(subject_q(user)).select_related(*SANCTION_RELATED)


def sanction_of(user: User, sanction_id: Id) -> Sanction:
    """One of ``sanctions_of(user)``, or 404."""
    sanction = sanctions_of(user).filter(pk=sanction_id).first()
    if sanction is None:
        raise not_found()
    return sanction


def may_act_on(user: User, sanction: Sanction) -> bool:
    """The sanctioned person, or an administrator of the sanctioned organisation, may
    acknowledge and appeal."""
    if sanction.user_id is not None and sanction.user_id == user.pk:
        return True
    if sanction.organisation_id is None:
        return False
    return Membership.objects.filter(
        user=user,
        organisation_id=sanction.organisation_id,
        status=MembershipStatus.ACTIVE,
        role=MemberRole.ADMIN,
    ).exists()


def sanctions_for_operator(
    *, status: str = "", kind: str = "", subject: str = ""
) -> QuerySet[Sanction]:
    """Every sanction for trust & safety, auditors and the regulator, with filters: status,
    kind, and the subject (an account or organisation id)."""
    rows = Sanction.objects.select_related(*SANCTION_RELATED)
    if status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kind=kind)
    if subject:
        rows = rows.filter(Q(user_id=subject) | Q(organisation_id=subject))
    return rows


def sanction_for_operator(sanction_id: Id) -> Sanction:
    sanction = Sanction.objects.select_related(*SANCTION_RELATED).filter(pk=sanction_id).first()
    if sanction is None:
        raise not_found()
    return sanction


def appeals_queue(operator: User) -> QuerySet[Appeal]:
    """Pending appeals the operator may decide: never those of their own sanctions."""
    return (
        Appeal.objects.filter(status=AppealStatus.PENDING)
        .exclude(sanction__imposed_by=operator)
        .select_related("sanction", "sanction__user", "sanction__organisation", "appellant")
    )


def all_appeals(*, status: str = "") -> QuerySet[Appeal]:
    rows = Appeal.objects.select_related(
        "sanction", "sanction__user", "sanction__organisation", "appellant", "decided_by"
    )
    return rows.filter(status=status) if status else rows


def appeal_for_operator(appeal_id: Id) -> Appeal:
    appeal = all_appeals().filter(pk=appeal_id).first()
    if appeal is None:
        raise not_found()
    return appeal


def authority_reports(*, status: str = "") -> QuerySet[AuthorityReport]:
    """Reports to the authorities; drafted ones of a sanction lifted since are left out
    of the "to submit" view (there is nothing to report any more)."""
    rows = AuthorityReport.objects.select_related(
        "sanction", "sanction__user", "sanction__organisation", "submitted_by"
    )
    if status == AuthorityReportStatus.DRAFTED:
        rows = rows.filter(status=status).exclude(
            sanction__status__in=[SanctionStatus.REVOKED, SanctionStatus.OVERTURNED]
        )
    elif status:
        rows = rows.filter(status=status)
    return rows


def authority_report_for_operator(report_id: Id) -> AuthorityReport:
    report = authority_reports().filter(pk=report_id).first()
    if report is None:
        raise not_found()
    return report


@dataclass(frozen=True)
class DashboardCounts:
    active: int
    appeals_waiting: int
    reports_to_submit: int


def dashboard_counts(operator: User) -> DashboardCounts:
    return DashboardCounts(
        active=Sanction.objects.filter(in_force()).count(),
        appeals_waiting=appeals_queue(operator).count(),
        reports_to_submit=authority_reports(status=AuthorityReportStatus.DRAFTED).count(),
    )


def active_restrictions(user: User) -> frozenset[str]:
    """What ``user`` may not do now because of a sanction in force: any of "log_in",
    "post" (their organisation), "apply", "message" (contract with the other apps)."""
    now = timezone.now()
    blocked: set[str] = set()
    kinds = set(Sanction.objects.filter(in_force(now), user=user).values_list("kind", flat=True))
    if kinds & LOGIN_BLOCKING:
        blocked |= {"log_in", "post", "apply", "message"}
    if kinds & APPLYING_BLOCKING:
        blocked.add("apply")
    org_kinds = set(
        Sanction.objects.filter(
            in_force(now), organisation_id__in=_member_org_ids(user)
        ).values_list("kind", flat=True)
    )
    if kinds & POSTING_BLOCKING or org_kinds & POSTING_BLOCKING:
        blocked.add("post")
    return frozenset(blocked)


def find_user(value: str) -> User | None:
    """An account by id or by mobile number (for the impose form)."""
    import uuid

    from rencai.accounts.queries import find_user_by_phone
    from rencai.core.errors import DomainError
    from rencai.core.phones import normalise_mobile

    value = value.strip()
    try:
        return User.objects.filter(pk=uuid.UUID(value)).first()
    except ValueError:
        pass
    try:
        return find_user_by_phone(normalise_mobile(value))
    except DomainError:
        return None


def find_organisation(value: str) -> Organisation | None:
    """An organisation by id or by unified social credit code."""
    import uuid

    from rencai.orgs.queries import find_by_uscc

    value = value.strip()
    try:
        return Organisation.objects.filter(pk=uuid.UUID(value)).first()
    except ValueError:
        return find_by_uscc(value.upper())


def find_posting(posting_id: Id) -> JobPosting | None:
    return (
        JobPosting.objects.select_related("organisation", "live_version")
        .filter(pk=posting_id)
        .first()
    )


@dataclass(frozen=True)
class Subjects:
    user: User | None
    organisation: Organisation | None
    posting: JobPosting | None


def subjects_or_404(
    *, user_id: object | None, organisation_id: object | None, posting_id: Id | None
) -> Subjects:
    """The account, organisation and posting an API call names (each optional); one that
    is named but does not exist is 404."""
    user = organisation = posting = None
    if user_id is not None and (user := find_user(str(user_id))) is None:
        raise not_found()
    if organisation_id is not None:
        organisation = find_organisation(str(organisation_id))
        if organisation is None:
            raise not_found()
    if posting_id is not None and (posting := find_posting(posting_id)) is None:
        raise not_found()
    return Subjects(user, organisation, posting)


def appeal_of(sanction: Sanction) -> Appeal | None:
    """The sanction's appeal, if any (with its appellant and decider)."""
    return (
        Appeal.objects.select_related("appellant", "decided_by").filter(sanction=sanction).first()
    )


def appeal_open(sanction: Sanction) -> bool:
    """Whether the sanction can still be appealed: not lifted, not appealed yet, and
    within the window (the action checks the same, under a lock)."""
    from rencai.sanctions.actions import appeal_deadline

    return (
        sanction.status not in (SanctionStatus.REVOKED, SanctionStatus.OVERTURNED)
        and not Appeal.objects.filter(sanction=sanction).exists()
        and timezone.now() <= appeal_deadline(sanction)
    )


def pretty(data: object) -> str:
    """An evidence bundle as indented JSON for the operator page."""
    import json

    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)

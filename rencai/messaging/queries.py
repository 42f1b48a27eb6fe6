"""Actor-scoped reads of conversations, interviews, templates and scorecards.

A conversation is visible to its seeker and, while the application is not withdrawn (or
the invitation is pending or accepted), to the active members of its organisation. Anyone
else gets the standard 404, so existence is not leaked (Dave never sees Bob's
conversations).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from rencai.accounts.models import User
from rencai.applications.choices import ApplicationStatus, InvitationStatus
from rencai.applications.models import Application
from rencai.core.errors import not_found
from rencai.core.lookups import one_of
from rencai.core.models import Id
from rencai.messaging.choices import InterviewStatus, Side
from rencai.messaging.models import (
    Conversation,
    Interview,
    InterviewTemplate,
    Message,
    Scorecard,
)
from rencai.messaging.permissions import org_side_open
from rencai.orgs.choices import MembershipStatus
from rencai.orgs.models import Membership, Organisation
from rencai.orgs.queries import active_membership


@dataclass(frozen=True)
class Party:
    """Who is looking at a conversation: the seeker, or a member for the organisation."""

    user: User
    side: str
    membership: Membership | None = None

    @property
    def other_side(self) -> str:
        return Side.ORGANISATION if self.side == Side.SEEKER else Side.SEEKER


def _open_for_org() -> Q:
    return Q(application__isnull=False) & ~Q(application__status=ApplicationStatus.WITHDRAWN) | Q(
        application__isnull=True,
        invitation__status__in=[InvitationStatus.PENDING, InvitationStatus.ACCEPTED],
    )


def default_side(user: User) -> str:
    """Members of an organisation read its inbox; everyone else their own."""
    return Side.ORGANISATION if active_membership(user) is not None else Side.SEEKER


def _with_subject(conversations: QuerySet[Conversation]) -> QuerySet[Conversation]:
    return conversations.select_related(
        "seeker",
        "organisation",
        "application",
        "application__posting__live_version",
        "invitation",
        "invitation__posting__live_version",
    )


def inbox(user: User, side: str) -> QuerySet[Conversation]:
    """The person's conversations on ``side``, newest first, each annotated with
    ``unread`` (messages from the other side after this side's read-up-to time) and
    ``last_body`` (the newest message). Two queries per page: count and rows."""
    if side == Side.ORGANISATION:
        membership = active_membership(user)
        if membership is None:
            return Conversation.objects.none()
        rows = Conversation.objects.filter(_open_for_org(), organisation=membership.organisation)
        read_field = "organisation_read_at"
    else:
        rows = Conversation.objects.filter(seeker=user)
        read_field = "seeker_read_at"
    other = Side.SEEKER if side == Side.ORGANISATION else Side.ORGANISATION
    newest = Message.objects.filter(conversation=OuterRef("pk")).order_by("-created_at")
    unread = Count(
        "messages",
        filter=Q(messages__side=other)
        & (Q(**{f"{read_field}__isnull": True}) | Q(messages__created_at__gt=F(read_field))),
    )
    return (
        _with_subject(rows)
        .annotate(unread=unread, last_body=Subquery(newest.values("body")[:1]))
        .order_by(F("last_message_at").desc(nulls_last=True), "-created_at")
    )


def unread_total(user: User, side: str) -> int:
    """All unread messages of the person's inbox on ``side`` (one query)."""
    if side == Side.ORGANISATION:
        membership = active_membership(user)
        if membership is None:
            return 0
        messages = Message.objects.filter(
            Q(conversation__organisation=membership.organisation),
            side=Side.SEEKER,
        ).filter(
            Q(conversation__organisation_read_at__isnull=True)
            | Q(created_at__gt=F("conversation__organisation_read_at"))
        )
        messages = messages.exclude(conversation__application__status=ApplicationStatus.WITHDRAWN)
    else:
        messages = Message.objects.filter(conversation__seeker=user, side=Side.ORGANISATION).filter(
            Q(conversation__seeker_read_at__isnull=True)
            | Q(created_at__gt=F("conversation__seeker_read_at"))
        )
    return messages.count()


def conversation_of(user: User, conversation_id: Id) -> tuple[Conversation, Party]:
    """The conversation and the side ``user`` speaks for; 404 for anyone else."""
    conversation = one_of(_with_subject(Conversation.objects.all()), conversation_id)
    if conversation.seeker_id == user.pk:
        return conversation, Party(user, Side.SEEKER)
    membership = active_membership(user)
    if (
        membership is not None
        and membership.organisation_id == conversation.organisation_id
        and org_side_open(conversation)
    ):
        return conversation, Party(user, Side.ORGANISATION, membership)
    raise not_found()


def messages_of(conversation: Conversation) -> QuerySet[Message]:
    return conversation.messages.select_related("attachment").order_by("created_at")


def message_of(conversation: Conversation, message_id: Id) -> Message:
    return one_of(conversation.messages.select_related("attachment"), message_id)


# --- interviews ---------------------------------------------------------------------------


def _interviews() -> QuerySet[Interview]:
    return Interview.objects.select_related(
        "application__posting__live_version", "organisation", "application__seeker"
    ).prefetch_related(
        "slots",
        Prefetch("interviewers", queryset=Membership.objects.select_related("user")),
    )


def interviews_of_seeker(user: User) -> QuerySet[Interview]:
    return _interviews().filter(application__seeker=user).order_by("-created_at")


def interview_for_seeker(user: User, interview_id: Id) -> Interview:
    return one_of(_interviews().filter(application__seeker=user), interview_id)


def _org_interviews(org: Organisation) -> QuerySet[Interview]:
    return (
        _interviews()
        .filter(organisation=org)
        .exclude(application__status=ApplicationStatus.WITHDRAWN)
    )


def interviews_of_org(org: Organisation) -> QuerySet[Interview]:
    return _org_interviews(org).order_by("-created_at")


def interview_for_org(org: Organisation, interview_id: Id) -> Interview:
    return one_of(_org_interviews(org), interview_id)


def scorecards_of(interview: Interview) -> QuerySet[Scorecard]:
    return interview.scorecards.select_related("interviewer").order_by("created_at")


def application_of_org(org: Organisation, application_id: Id) -> Application:
    """An application to ``org`` that is not withdrawn (404 otherwise). Uses the
    applications app's ``application_for_org`` when it is there (contract)."""
    try:
        application_queries = importlib.import_module("rencai.applications.queries")
    except ImportError:
        application_queries = None
    finder = getattr(application_queries, "application_for_org", None)
    if finder is not None:
        found: Application = finder(org, application_id)
        if found.status == ApplicationStatus.WITHDRAWN:
            raise not_found()
        return found
    return one_of(
        Application.objects.select_related("posting__live_version", "seeker", "organisation")
        .filter(organisation=org)
        .exclude(status=ApplicationStatus.WITHDRAWN),
        application_id,
    )


def active_members(org: Organisation) -> QuerySet[Membership]:
    return (
        org.memberships.filter(status=MembershipStatus.ACTIVE)
        .select_related("user")
        .order_by("created_at")
    )


def templates_of(org: Organisation) -> QuerySet[InterviewTemplate]:
    return org.interview_templates.order_by("name")


def template_of(org: Organisation, template_id: Id) -> InterviewTemplate:
    return one_of(templates_of(org), template_id)


def open_interviews_of_seeker(user: User) -> int:
    """Interviews the seeker still has to answer or attend: proposed, or confirmed and not
    yet begun (for the dashboard)."""
    return (
        Interview.objects.filter(application__seeker=user)
        .filter(
            Q(status=InterviewStatus.PROPOSED)
            | Q(status=InterviewStatus.ACCEPTED, starts_at__gte=timezone.now())
        )
        .count()
    )

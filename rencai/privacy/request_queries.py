"""Actor-scoped reads of rights requests (PI-12…PI-19).

A requester sees only the requests they filed (by reference); anything else is a 404, so
existence is not leaked. Data operators see the queue; auditors read it
(``rencai.privacy.permissions``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rencai.accounts.models import User
from rencai.audit.models import AuditEvent
from rencai.core.errors import not_found, permission_denied
from rencai.core.timeutil import local_today
from rencai.core.workdays import add_working_days
from rencai.privacy.choices import (
    OPEN_REQUEST_STATES,
    PosthumousInstruction,
    RequestKind,
    RequestState,
)
from rencai.privacy.models import PrivacySettings, RightsRequest
from rencai.privacy.permissions import can_view_rights_requests

# Due within this many working days: highlighted in the queue.
DUE_SOON_WORKING_DAYS = 3
PORTABILITY_WINDOW = dt.timedelta(days=365)

# --- the requester ---------------------------------------------------------------------


def requests_of(user: User) -> QuerySet[RightsRequest]:
    """Every request ``user`` filed (for themselves or as a relative), newest first."""
    return RightsRequest.objects.filter(requester=user).order_by("-received_at")


def request_of(user: User, reference: str) -> RightsRequest:
    """One of ``user``'s own requests by reference; 404 for anyone else's."""
    found = (
        requests_of(user)
        .filter(reference=str(reference)[:20])
        .select_related("subject", "requester")
        .first()
    )
    if found is None:
        raise not_found()
    return found


def open_request_of(subject: User, kind: str) -> RightsRequest | None:
    """An open request of ``kind`` about ``subject`` (at most one at a time)."""
    return (
        RightsRequest.objects.filter(subject=subject, kind=kind, state__in=OPEN_REQUEST_STATES)
        .order_by("received_at")
        .first()
    )


def posthumous_instruction(subject: User) -> str:
    """What ``subject`` arranged for after their death (no settings row: ``NONE``)."""
    instruction = (
        PrivacySettings.objects.filter(user=subject)
        .values_list("posthumous_instruction", flat=True)
        .first()
    )
    return instruction or PosthumousInstruction.NONE


def portability_count(subject: User, *, before: dt.datetime | None = None) -> int:
    """How many portability requests ``subject`` filed in the 12 months before ``before``
    (PI-13: repeated requests are counted; a fee is allowed only when clearly excessive)."""
    before = before or timezone.now()
    return RightsRequest.objects.filter(
        subject=subject,
        kind=RequestKind.PORTABILITY,
        received_at__gte=before - PORTABILITY_WINDOW,
        received_at__lt=before,
    ).count()


# --- timelines --------------------------------------------------------------------------


def request_events(request: RightsRequest) -> QuerySet[AuditEvent]:
    """The audit events of ``request`` in order (its state history, PI-18)."""
    return AuditEvent.objects.filter(
        object_type=RightsRequest._meta.label, object_id=str(request.pk)
    ).order_by("seq")


EVENT_LABELS: dict[str, Any] = {
    "assigned": _("Assigned to an operator"),
    "overdue": _("Flagged as overdue"),
    "export_failed": _("Preparing the copy failed"),
}


def operator_timeline(request: RightsRequest) -> list[dict[str, Any]]:
    """What operators see: every event of the request with a readable label and who acted
    (the requester, an operator by name, or the system); two queries."""
    events = list(request_events(request))
    actor_ids = {event.actor_id for event in events if event.actor_id}
    names = dict(User.objects.filter(pk__in=actor_ids).values_list("pk", "display_name"))
    timeline: list[dict[str, Any]] = []
    for event in events:
        name = event.action.removeprefix("privacy.rights_request_")
        label = RequestState(name).label if name in RequestState.values else EVENT_LABELS.get(name)
        by: object
        if event.actor_id is None:
            by = _("System")
        elif event.actor_id == request.requester_id:
            by = _("Requester")
        else:
            by = names.get(event.actor_id, "")
        timeline.append(
            {
                "action": event.action,
                "label": label or event.action,
                "at": event.occurred_at,
                "by": by,
                "after": event.after or {},
            }
        )
    return timeline


def requester_timeline(request: RightsRequest) -> list[dict[str, Any]]:
    """What the requester sees: each state reached and when (no operator names)."""
    timeline: list[dict[str, Any]] = []
    for event in request_events(request):
        state = event.action.removeprefix("privacy.rights_request_")
        if state in {"received", "verifying", "in_progress", "completed", "refused", "withdrawn"}:
            timeline.append({"state": state, "at": event.occurred_at})
    return timeline


# --- the operator queue -----------------------------------------------------------------


@dataclass(frozen=True)
class QueueDates:
    """Today and the last day that counts as 'due soon' (both local dates)."""

    today: dt.date
    soon: dt.date

    @staticmethod
    def now() -> QueueDates:
        today = local_today()
        return QueueDates(today, add_working_days(today, DUE_SOON_WORKING_DAYS).date)


def ensure_viewer(user: User) -> None:
    if not can_view_rights_requests(user):
        raise permission_denied()


def request_queue(
    user: User,
    *,
    state: str = "",
    kind: str = "",
    overdue: bool = False,
    mine: bool = False,
    today: dt.date | None = None,
) -> QuerySet[RightsRequest]:
    """Requests for data operators and auditors, by due date (earliest first).

    ``state`` "" means open requests, "all" every state; ``overdue`` keeps open requests
    whose due date has passed; ``mine`` those assigned to ``user``.
    """
    ensure_viewer(user)
    queryset = RightsRequest.objects.select_related("subject", "requester", "assigned_to")
    if state == "all":
        pass
    elif state:
        queryset = queryset.filter(state=state)
    else:
        queryset = queryset.filter(state__in=OPEN_REQUEST_STATES)
    if kind:
        queryset = queryset.filter(kind=kind)
    if overdue:
        today = today or local_today()
        queryset = queryset.filter(state__in=OPEN_REQUEST_STATES, due_date__lt=today)
    if mine:
        queryset = queryset.filter(assigned_to=user)
    return queryset.order_by("due_date", "received_at")


def request_for_operator(user: User, reference: str) -> RightsRequest:
    """One request by reference for a data operator or auditor (403 for anyone else)."""
    ensure_viewer(user)
    found = (
        RightsRequest.objects.filter(reference=str(reference)[:20])
        .select_related("subject", "requester", "assigned_to", "death_proof", "relationship_proof")
        .first()
    )
    if found is None:
        raise not_found()
    return found


def overdue_requests(today: dt.date | None = None) -> QuerySet[RightsRequest]:
    """Open requests past their due date (for the daily alert and the dashboard)."""
    today = today or local_today()
    return RightsRequest.objects.filter(state__in=OPEN_REQUEST_STATES, due_date__lt=today)


def queue_counts(today: dt.date | None = None) -> dict[str, int]:
    """Open, overdue and due-soon counts for the dashboard card (one query)."""
    today = today or local_today()
    soon = add_working_days(today, DUE_SOON_WORKING_DAYS).date
    open_requests = Q(state__in=OPEN_REQUEST_STATES)
    counts = RightsRequest.objects.aggregate(
        open=Count("pk", filter=open_requests),
        overdue=Count("pk", filter=open_requests & Q(due_date__lt=today)),
        due_soon=Count("pk", filter=open_requests & Q(due_date__gte=today, due_date__lte=soon)),
    )
    return {key: int(value or 0) for key, value in counts.items()}


def deadline_for(received: dt.date) -> tuple[dt.date, bool]:
    """Receipt + ``PRIVACY_REQUEST_WORKING_DAYS`` PRC working days (PI-18)."""
    deadline = add_working_days(received, settings.PRIVACY_REQUEST_WORKING_DAYS)
    return deadline.date, deadline.provisional

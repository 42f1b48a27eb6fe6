"""What recruiters may see of a seeker's job-search activity, and only if the seeker allows
it (ALG-05, Seed-002 §1.2.2.3).

Two switches of ``PrivacySettings`` decide (both on by default, both opt-out in the privacy
centre):

- ``show_activity_status`` → ``activity``: when the seeker was last active on the platform
  (last sign-in or last resume update), in coarse buckets ("today", "within 3 days", "this
  week", "this month", "earlier"), never an exact time;
- ``talent_insight`` → ``talent_insight``: the job-search status derived from the seeker's
  own applications (actively looking: an application in the last 14 days; open: one in
  the last 30 days; quiet: none) and how quickly the seeker usually answers invitations.

When a switch is off the key is absent altogether (the API omits it, pages show nothing).
Nothing here is derived from age, sex, birthplace, ethnicity, hukou, health or any other
protected attribute (DIS-03, DIS-09): only the seeker's own activity on the platform.

``signals_for(user_ids)`` answers for a whole result page in at most three queries,
whatever its length (one for the switches and the activity, two for the insight figures
when at least one seeker allows them).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from ninja import Schema
from pydantic import Field

from rencai.core.models import Id

ACTIVE_SEARCH_DAYS = 14
OPEN_SEARCH_DAYS = 30
RESPONSE_WINDOW_DAYS = 180

ACTIVITY_LABELS: dict[str, Promise] = {
    "today": _("Active today"),
    "3_days": _("Active in the last 3 days"),
    "week": _("Active this week"),
    "month": _("Active this month"),
    "earlier": _("Not active for over a month"),
}
JOB_SEARCH_LABELS: dict[str, Promise] = {
    "active": _("Actively looking"),
    "open": _("Open to offers"),
    "quiet": _("No recent applications"),
}
RESPONSE_LABELS: dict[str, Promise] = {
    "within_day": _("Usually answers invitations within a day"),
    "within_3_days": _("Usually answers invitations within 3 days"),
    "slower": _("Usually takes more than 3 days to answer invitations"),
    "no_data": _("Has not answered invitations yet"),
}


@dataclass(frozen=True)
class SeekerSignals:
    """What recruiters may see; ``None`` where the seeker switched it off."""

    activity: dict[str, str] | None = None
    talent_insight: dict[str, str] | None = None

    def as_card(self) -> dict[str, Any]:
        """The keys to add to a resume card (only those the seeker allows)."""
        card: dict[str, Any] = {}
        if self.activity is not None:
            card["activity"] = self.activity
        if self.talent_insight is not None:
            card["talent_insight"] = self.talent_insight
        return card


class ActivityOut(Schema):
    """Present only when the seeker shows their activity status (ALG-05)."""

    code: str = Field(..., description="today, 3_days, week, month or earlier")
    label: str


class TalentInsightOut(Schema):
    """Present only when the seeker allows talent insight (ALG-05)."""

    job_search: str = Field(..., description="active, open or quiet")
    job_search_label: str
    invitation_response: str = Field(
        ..., description="within_day, within_3_days, slower or no_data"
    )
    invitation_response_label: str


def _activity_code(last: dt.datetime | None, now: dt.datetime) -> str:
    if last is None:
        return "earlier"
    days = (timezone.localdate(now) - timezone.localdate(last)).days
    if days <= 0:
        return "today"
    if days <= 3:
        return "3_days"
    if days <= 7:
        return "week"
    if days <= 30:
        return "month"
    return "earlier"


def _response_code(hours: list[float]) -> str:
    if not hours:
        return "no_data"
    average = sum(hours) / len(hours)
    if average <= 24:
        return "within_day"
    if average <= 72:
        return "within_3_days"
    return "slower"


def _insight(user_ids: list[Id], now: dt.datetime) -> dict[Id, dict[str, str]]:  # two queries
    from rencai.applications.models import Application, ApplyInvitation

    recent_since = now - dt.timedelta(days=ACTIVE_SEARCH_DAYS)
    counts = {
        row["seeker_id"]: row
        for row in Application.objects.filter(
            seeker_id__in=user_ids, created_at__gte=now - dt.timedelta(days=OPEN_SEARCH_DAYS)
        )
        .values("seeker_id")
        .annotate(month=Count("pk"), recent=Count("pk", filter=Q(created_at__gte=recent_since)))
    }
    hours: dict[Id, list[float]] = defaultdict(list)
    for seeker_id, created, answered in ApplyInvitation.objects.filter(
        seeker_id__in=user_ids,
        responded_at__isnull=False,
        created_at__gte=now - dt.timedelta(days=RESPONSE_WINDOW_DAYS),
    ).values_list("seeker_id", "created_at", "responded_at"):
        if answered is not None:
            hours[seeker_id].append(max((answered - created).total_seconds(), 0) / 3600)
    insight: dict[Id, dict[str, str]] = {}
    for user_id in user_ids:
        row = counts.get(user_id)
        if row and row["recent"]:
            search = "active"
        elif row and row["month"]:
            search = "open"
        else:
            search = "quiet"
        response = _response_code(hours.get(user_id, []))
        insight[user_id] = {
            "job_search": search,
            "job_search_label": str(JOB_SEARCH_LABELS[search]),
            "invitation_response": response,
            "invitation_response_label": str(RESPONSE_LABELS[response]),
        }
    return insight


def signals_for(
    user_ids: Iterable[Id], *, now: dt.datetime | None = None
) -> dict[Id, SeekerSignals]:
    """The signals recruiters may see for each of ``user_ids`` (ALG-05)."""
    from rencai.accounts.models import User

    now = now or timezone.now()
    ids = list(dict.fromkeys(user_ids))
    if not ids:
        return {}
    rows = list(
        User.objects.filter(pk__in=ids)
        .annotate(resume_updated=Max("resumes__updated_at"))
        .values(
            "pk",
            "last_login",
            "resume_updated",
            "privacy_settings__talent_insight",
            "privacy_settings__show_activity_status",
        )
    )
    # No settings row = the defaults (both on).
    insight_ids = [r["pk"] for r in rows if r["privacy_settings__talent_insight"] is not False]
    insight = _insight(insight_ids, now) if insight_ids else {}
    signals: dict[Id, SeekerSignals] = {}
    for row in rows:
        activity = None
        if row["privacy_settings__show_activity_status"] is not False:
            moments = [m for m in (row["last_login"], row["resume_updated"]) if m is not None]
            code = _activity_code(max(moments) if moments else None, now)
            activity = {"code": code, "label": str(ACTIVITY_LABELS[code])}
        signals[row["pk"]] = SeekerSignals(activity, insight.get(row["pk"]))
    return signals


def signals_of(user_id: Id, *, now: dt.datetime | None = None) -> SeekerSignals:
    """The signals recruiters may see for one seeker."""
    return signals_for([user_id], now=now).get(user_id, SeekerSignals())

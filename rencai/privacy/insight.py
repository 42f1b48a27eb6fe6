"""What recruiters may see of a seeker's job-search activity, and only if the seeker allows
it (ALG-05, Seed-002 §1.2.2.3).

Two switches of ``PrivacySettings`` decide (both on by default, both opt-out in the privacy
centre):

- ``show_activity_status`` → ``activity``: when the seeker was last active on the platform
  (last sign-in or last resume update), in coarse buckets ("today", "within 3 days", "this
  week", "this month", "earlier"), never an exact time;
- ``talent_insight`` → ``talent_insight``: the job-search status derived from the seeker's
  own applications (actively looking: an application in the last 14 days; open: one in
  the last 30 days; quiet: none) and how quickly the seeker usually answers invitations
  (what at least half of the answers of the last 180 days took).

When a switch is off the key is absent altogether (the API omits it, pages show nothing).
Nothing here is derived from age, sex, birthplace, ethnicity, hukou, health or any other
protected attribute (DIS-03, DIS-09): only the seeker's own activity on the platform.

``signals_for(user_ids)`` answers for a whole result page in one query, whatever its
length.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
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


def _response_code(answered: int, within_day: int, within_3_days: int) -> str:
    """How the seeker *usually* answers: what at least half of the answers took."""
    if not answered:
        return "no_data"
    if 2 * within_day >= answered:
        return "within_day"
    if 2 * within_3_days >= answered:
        return "within_3_days"
    return "slower"


def _count(queryset: QuerySet[Any]) -> Coalesce:
    """``COUNT(*)`` of ``queryset`` per seeker, as a subquery (0 when none)."""
    counted = queryset.order_by().values("seeker").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), Value(0))


def _job_search(recent: int, month: int) -> str:
    if recent:
        return "active"
    return "open" if month else "quiet"


def signals_for(
    user_ids: Iterable[Id], *, now: dt.datetime | None = None
) -> dict[Id, SeekerSignals]:
    """The signals recruiters may see for each of ``user_ids`` (ALG-05), in one query
    whatever the number of seekers (subqueries per row, no join that multiplies rows)."""
    from rencai.accounts.models import User
    from rencai.applications.models import Application, ApplyInvitation
    from rencai.resumes.models import Resume

    now = now or timezone.now()
    ids = list(dict.fromkeys(user_ids))
    if not ids:
        return {}
    mine = {"seeker": OuterRef("pk")}
    applications = Application.objects.filter(**mine)
    answered = ApplyInvitation.objects.filter(
        **mine,
        responded_at__isnull=False,
        created_at__gte=now - dt.timedelta(days=RESPONSE_WINDOW_DAYS),
    )
    latest_resume = (
        Resume.objects.filter(owner=OuterRef("pk")).order_by("-updated_at").values("updated_at")
    )
    rows = (
        User.objects.filter(pk__in=ids)
        .annotate(
            resume_updated=Subquery(latest_resume[:1]),
            recent=_count(
                applications.filter(created_at__gte=now - dt.timedelta(days=ACTIVE_SEARCH_DAYS))
            ),
            month=_count(
                applications.filter(created_at__gte=now - dt.timedelta(days=OPEN_SEARCH_DAYS))
            ),
            answered=_count(answered),
            within_day=_count(
                answered.filter(responded_at__lte=F("created_at") + dt.timedelta(hours=24))
            ),
            within_3_days=_count(
                answered.filter(responded_at__lte=F("created_at") + dt.timedelta(hours=72))
            ),
        )
        .values(
            "pk",
            "last_login",
            "resume_updated",
            "recent",
            "month",
            "answered",
            "within_day",
            "within_3_days",
            "privacy_settings__talent_insight",
            "privacy_settings__show_activity_status",
        )
    )
    signals: dict[Id, SeekerSignals] = {}
    for row in rows:
        # No settings row = the defaults (both on).
        activity = insight = None
        if row["privacy_settings__show_activity_status"] is not False:
            moments = [m for m in (row["last_login"], row["resume_updated"]) if m is not None]
            code = _activity_code(max(moments) if moments else None, now)
            activity = {"code": code, "label": str(ACTIVITY_LABELS[code])}
        if row["privacy_settings__talent_insight"] is not False:
            search = _job_search(row["recent"], row["month"])
            response = _response_code(row["answered"], row["within_day"], row["within_3_days"])
            insight = {
                "job_search": search,
                "job_search_label": str(JOB_SEARCH_LABELS[search]),
                "invitation_response": response,
                "invitation_response_label": str(RESPONSE_LABELS[response]),
            }
        signals[row["pk"]] = SeekerSignals(activity, insight)
    return signals


def signals_of(user_id: Id, *, now: dt.datetime | None = None) -> SeekerSignals:
    """The signals recruiters may see for one seeker."""
    return signals_for([user_id], now=now).get(user_id, SeekerSignals())

"""Reads of notifications and notification preferences: always the signed-in person's own."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from rencai.accounts.models import User
from rencai.core.errors import not_found
from rencai.core.models import Id
from rencai.notifications.categories import (
    DEFAULTS,
    Category,
    Choice,
    channels_of,
    site_is_locked,
)
from rencai.notifications.models import Notification, NotificationPreference
from rencai.notifications.permissions import may_receive_marketing
from rencai.privacy.choices import ConsentPurpose


def notifications_for(user: User, category: str = "") -> QuerySet[Notification]:
    """``user``'s notifications shown in the site, newest first (of one ``category`` if
    given)."""
    notifications = Notification.objects.filter(recipient=user, in_site=True)
    if category:
        notifications = notifications.filter(category=category)
    return notifications.order_by("-created_at", "-id")


def unread_count(user: User) -> int:
    """How many of ``user``'s notifications are unread (one COUNT over the index)."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True, in_site=True).count()


def unread_by_category(user: User) -> dict[str, int]:
    """Unread notifications per category (one grouped COUNT); categories without any are
    left out."""
    rows = (
        Notification.objects.filter(recipient=user, read_at__isnull=True, in_site=True)
        .values("category")
        .annotate(count=Count("id"))
        .order_by()
    )
    return {row["category"]: row["count"] for row in rows}


def get_notification_for(user: User, notification_id: Id) -> Notification:
    """``user``'s notification ``notification_id``; ``not_found`` for anyone else's."""
    try:
        pk = (
            notification_id
            if isinstance(notification_id, uuid.UUID)
            else uuid.UUID(notification_id)
        )
    except ValueError as exc:
        raise not_found() from exc
    notification = Notification.objects.filter(pk=pk, recipient=user, in_site=True).first()
    if notification is None:
        raise not_found()
    return notification


# --- preferences --------------------------------------------------------------------------


def choice_for(user: User, category: str) -> Choice:
    """What ``user`` receives for ``category`` (one query; the defaults if they never
    chose). Not for the marketing category: see ``marketing_choice``."""
    row = (
        NotificationPreference.objects.filter(user=user, category=category)
        .values_list("site", "email", "sms")
        .first()
    )
    if row is None:
        return DEFAULTS.get(category, DEFAULTS[Category.OTHER])
    return Choice(site=row[0], email=row[1], sms=row[2])


def marketing_choice(user: User) -> Choice:
    """The marketing consents of ``user`` in the privacy ledger, as channels (one query):
    e-mail with ``MARKETING_EMAIL``, SMS with ``MARKETING_SMS``; never the site; nothing
    for someone who may not receive marketing at all (``may_receive_marketing``)."""
    from rencai.privacy.models import ConsentRecord

    if not may_receive_marketing(user):
        return DEFAULTS[Category.MARKETING]
    purposes = (ConsentPurpose.MARKETING_EMAIL, ConsentPurpose.MARKETING_SMS)
    latest: dict[str, bool] = {}
    records = ConsentRecord.objects.filter(user=user, purpose__in=purposes).values_list(
        "purpose", "granted"
    )
    for purpose, granted in records:  # the ledger is ordered newest first
        latest.setdefault(purpose, granted)
    return Choice(
        site=False,
        email=latest.get(ConsentPurpose.MARKETING_EMAIL, False),
        sms=latest.get(ConsentPurpose.MARKETING_SMS, False),
    )


@dataclass(frozen=True)
class CategoryPreference:
    """One line of the settings page: a category, its channels and what is chosen."""

    category: str
    choice: Choice
    channels: tuple[str, ...]
    site_locked: bool
    chosen: bool  # False: the defaults apply

    @property
    def label(self) -> str:
        return str(Category(self.category).label)

    @property
    def is_marketing(self) -> bool:
        return self.category == Category.MARKETING


def preferences_of(user: User) -> list[CategoryPreference]:
    """Every category with what ``user`` receives (two queries: the chosen rows and the
    marketing consents), in the order of ``Category``."""
    chosen = {
        row.category: Choice(site=row.site, email=row.email, sms=row.sms)
        for row in NotificationPreference.objects.filter(user=user)
    }
    lines: list[CategoryPreference] = []
    for category in Category.values:
        if category == Category.MARKETING:
            choice, was_chosen = marketing_choice(user), True
        else:
            choice = chosen.get(category, DEFAULTS[category])
            was_chosen = category in chosen
        locked = site_is_locked(category)
        if locked:
            choice = Choice(site=True, email=choice.email, sms=choice.sms)
        lines.append(
            CategoryPreference(
                category=category,
                choice=choice,
                channels=channels_of(category),
                site_locked=locked,
                chosen=was_chosen,
            )
        )
    return lines


def marketing_audience(channel: str) -> QuerySet[User]:
    """Active accounts whose latest marketing consent for ``channel`` (``email``/``sms``)
    is a grant, in one query (the latest ledger entry per person, inside the query).
    ``notify_marketing`` checks each person again (age, consent at the time of sending)."""
    from django.db.models import OuterRef, Subquery

    from rencai.privacy.models import ConsentRecord

    purpose = ConsentPurpose.MARKETING_EMAIL if channel == "email" else ConsentPurpose.MARKETING_SMS
    latest = (
        ConsentRecord.objects.filter(user=OuterRef("pk"), purpose=purpose)
        .order_by("-id")
        .values("granted")[:1]
    )
    return (
        User.objects.filter(is_active=True)
        .annotate(marketing_granted=Subquery(latest))
        .filter(marketing_granted=True)
        .order_by("pk")
    )

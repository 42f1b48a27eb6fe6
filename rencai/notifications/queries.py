"""Reads of notifications: always the signed-in person's own."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from rencai.accounts.models import User
from rencai.core.errors import not_found
from rencai.core.models import Id
from rencai.notifications.models import Notification


def notifications_for(user: User) -> QuerySet[Notification]:
    """``user``'s notifications, newest first."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(user: User) -> int:
    """How many of ``user``'s notifications are unread (one COUNT over the index)."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


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
    notification = Notification.objects.filter(pk=pk, recipient=user).first()
    if notification is None:
        raise not_found()
    return notification

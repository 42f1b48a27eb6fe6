"""API contract of the notifications app (django-ninja / Pydantic)."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Schema
from pydantic import Field

from rencai.notifications.models import Notification


class NotificationOut(Schema):
    """One notification, with title and body in the request's language."""

    id: uuid.UUID
    kind: str = Field(..., description="Stable key of the notification's kind, e.g. app.event")
    title: str
    body: str
    url: str = Field(..., description="Path on this site to open, or empty")
    read: bool
    created_at: dt.datetime

    @staticmethod
    def build(notification: Notification) -> NotificationOut:
        return NotificationOut(
            id=notification.pk,
            kind=notification.kind,
            title=notification.title,
            body=notification.body,
            url=notification.url,
            read=notification.is_read,
            created_at=notification.created_at,
        )


class UnreadCountOut(Schema):
    unread: int


class ReadAllOut(Schema):
    marked: int = Field(..., description="How many notifications were unread until now")

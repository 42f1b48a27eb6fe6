"""API contract of the notifications app (django-ninja / Pydantic)."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Schema
from pydantic import Field

from rencai.core.api_support import StrictSchema
from rencai.notifications.models import Notification
from rencai.notifications.queries import CategoryPreference


class NotificationOut(Schema):
    """One notification, with title and body in the request's language."""

    id: uuid.UUID
    kind: str = Field(..., description="Stable key of the notification's kind, e.g. app.event")
    category: str = Field(..., description="Category of the kind, e.g. applications")
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
            category=notification.category,
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


class CategoryPreferenceOut(Schema):
    """What the person receives for one category."""

    category: str = Field(..., description="Stable key: applications, interviews, messages, …")
    label: str
    channels: list[str] = Field(..., description="Channels this category offers")
    site: bool | None = Field(..., description="In the site; null when not offered (marketing)")
    email: bool
    sms: bool
    site_locked: bool = Field(
        ..., description="Service and security notices: always shown in the site"
    )
    consent_based: bool = Field(
        ..., description="Marketing: e-mail and SMS are the marketing consents (PI-11)"
    )

    @staticmethod
    def build(line: CategoryPreference) -> CategoryPreferenceOut:
        return CategoryPreferenceOut(
            category=line.category,
            label=line.label,
            channels=list(line.channels),
            site=line.choice.site if "site" in line.channels else None,
            email=line.choice.email,
            sms=line.choice.sms,
            site_locked=line.site_locked,
            consent_based=line.is_marketing,
        )


class PreferencesOut(Schema):
    categories: list[CategoryPreferenceOut]
    marketing_allowed: bool = Field(
        ..., description="False for people under 18: no marketing whatever they choose"
    )


class CategoryChoiceIn(StrictSchema):
    """The channels to change for one category; left out or null: unchanged."""

    category: str
    site: bool | None = None
    email: bool | None = None
    sms: bool | None = None


class PreferencesIn(StrictSchema):
    categories: list[CategoryChoiceIn] = Field(..., max_length=20)

"""REST endpoints of the notifications app, mounted at ``/api/v1/me/notifications``: the
signed-in person's own notifications only, through the same queries and actions as the
pages."""

from __future__ import annotations

import uuid

from django.http import HttpRequest
from ninja import Router

from rencai.accounts.models import User
from rencai.core.api_support import AUTH, ERRORS, Page, api_actor, paginate
from rencai.notifications import actions
from rencai.notifications.constants import PAGE_SIZE
from rencai.notifications.queries import get_notification_for, notifications_for, unread_count
from rencai.notifications.schemas import NotificationOut, ReadAllOut, UnreadCountOut

router = Router(tags=["notifications"], auth=AUTH)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@router.get("", response={200: Page[NotificationOut], **ERRORS}, summary="My notifications")
def list_notifications(
    request: HttpRequest, page: int = 1, page_size: int = PAGE_SIZE
) -> Page[NotificationOut]:
    """Newest first; ``title`` and ``body`` in the request's language."""
    items, total, page, page_size = paginate(notifications_for(_user(request)), page, page_size)
    return Page[NotificationOut](
        items=[NotificationOut.build(notification) for notification in items],
        total=total,
        page=page,
        page_size=page_size,
    )


@router.get("/unread-count", response={200: UnreadCountOut, **ERRORS}, summary="Unread count")
def get_unread_count(request: HttpRequest) -> UnreadCountOut:
    return UnreadCountOut(unread=unread_count(_user(request)))


@router.post("/read-all", response={200: ReadAllOut, **ERRORS}, summary="Mark all as read")
def read_all(request: HttpRequest) -> ReadAllOut:
    return ReadAllOut(marked=actions.mark_all_read(_user(request), actor=api_actor(request)))


@router.post(
    "/{notification_id}/read", response={200: NotificationOut, **ERRORS}, summary="Mark as read"
)
def read_one(request: HttpRequest, notification_id: uuid.UUID) -> NotificationOut:
    """Mark one of my notifications read (no change if it already is)."""
    notification = get_notification_for(_user(request), notification_id)
    return NotificationOut.build(actions.mark_read(notification, actor=api_actor(request)))

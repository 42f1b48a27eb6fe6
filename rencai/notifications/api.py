"""REST endpoints of the notifications app, mounted at ``/api/v1/me/notifications`` and
``/api/v1/me/notification-preferences``: the signed-in person's own notifications and
preferences only, through the same queries and actions as the pages."""

from __future__ import annotations

import uuid

from django.http import HttpRequest
from ninja import Router

from rencai.accounts.models import User
from rencai.core.api_support import AUTH, ERRORS, Page, api_actor, paginate
from rencai.notifications import actions
from rencai.notifications.categories import Category
from rencai.notifications.constants import PAGE_SIZE
from rencai.notifications.errors import NotificationErrorCode, notification_error
from rencai.notifications.permissions import may_receive_marketing
from rencai.notifications.queries import (
    get_notification_for,
    notifications_for,
    preferences_of,
    unread_count,
)
from rencai.notifications.schemas import (
    CategoryPreferenceOut,
    NotificationOut,
    PreferencesIn,
    PreferencesOut,
    ReadAllOut,
    UnreadCountOut,
)

router = Router(tags=["notifications"], auth=AUTH)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@router.get("", response={200: Page[NotificationOut], **ERRORS}, summary="My notifications")
def list_notifications(
    request: HttpRequest, page: int = 1, page_size: int = PAGE_SIZE, category: str = ""
) -> Page[NotificationOut]:
    """Newest first; ``title`` and ``body`` in the request's language; ``category`` keeps
    one category (``notification_category_unknown`` for a category that does not exist)."""
    if category and category not in Category.values:
        raise notification_error(NotificationErrorCode.CATEGORY_UNKNOWN, field="category")
    items, total, page, page_size = paginate(
        notifications_for(_user(request), category), page, page_size
    )
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


preferences_router = Router(tags=["notifications"], auth=AUTH)


def _preferences(user: User) -> PreferencesOut:
    return PreferencesOut(
        categories=[CategoryPreferenceOut.build(line) for line in preferences_of(user)],
        marketing_allowed=may_receive_marketing(user),
    )


@preferences_router.get(
    "", response={200: PreferencesOut, **ERRORS}, summary="My notification preferences"
)
def get_preferences(request: HttpRequest) -> PreferencesOut:
    """Per category, which channels I receive (defaults until I choose)."""
    return _preferences(_user(request))


@preferences_router.put(
    "", response={200: PreferencesOut, **ERRORS}, summary="Change my notification preferences"
)
def put_preferences(request: HttpRequest, payload: PreferencesIn) -> PreferencesOut:
    """Change the listed categories' channels (others stay as they are). Codes:
    ``notification_category_unknown``, ``notification_category_repeated``,
    ``notification_site_required``, ``notification_channel_unavailable``,
    ``marketing_not_for_minors`` (403). Marketing e-mail/SMS are the marketing consents."""
    user = _user(request)
    changes: dict[str, dict[str, bool | None]] = {}
    for item in payload.categories:
        if item.category in changes:
            raise notification_error(NotificationErrorCode.CATEGORY_REPEATED, field=item.category)
        changes[item.category] = {"site": item.site, "email": item.email, "sms": item.sms}
    actions.set_preferences(user, changes, actor=api_actor(request))
    return _preferences(user)

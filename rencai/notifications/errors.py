"""Stable error codes of the notifications app (API clients and tests rely on them)."""

from __future__ import annotations

from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rencai.core.errors import DomainError


class NotificationErrorCode(StrEnum):
    CATEGORY_UNKNOWN = "notification_category_unknown"
    CATEGORY_REPEATED = "notification_category_repeated"
    SITE_REQUIRED = "notification_site_required"
    CHANNEL_UNAVAILABLE = "notification_channel_unavailable"
    MARKETING_MINOR = "marketing_not_for_minors"
    TOKEN_INVALID = "unsubscribe_token_invalid"


MESSAGES: dict[NotificationErrorCode, Promise] = {
    NotificationErrorCode.CATEGORY_UNKNOWN: _("There is no such kind of notification."),
    NotificationErrorCode.CATEGORY_REPEATED: _("Give each kind of notification only once."),
    NotificationErrorCode.SITE_REQUIRED: _(
        "These notices concern your account or your rights, so they are always shown in the "
        "site. You can still choose whether to get them by e-mail or text message."
    ),
    NotificationErrorCode.CHANNEL_UNAVAILABLE: _(
        "Offers and news are never shown among your notifications; choose e-mail or text "
        "messages instead."
    ),
    NotificationErrorCode.MARKETING_MINOR: _("We do not send offers or news to people under 18."),
    NotificationErrorCode.TOKEN_INVALID: _(
        "This unsubscribe link is not valid. Copy the whole link from the message, or sign in "
        "and change your notification settings."
    ),
}

STATUSES: dict[NotificationErrorCode, int] = {NotificationErrorCode.MARKETING_MINOR: 403}


def notification_error(code: NotificationErrorCode, *, field: str = "") -> DomainError:
    """The error for ``code`` with its message and HTTP status (400 unless listed)."""
    message = MESSAGES[code]
    return DomainError(
        str(code),
        message,
        fields={field: message} if field else None,
        status=STATUSES.get(code, 400),
    )

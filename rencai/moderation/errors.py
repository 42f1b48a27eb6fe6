"""Error codes of the moderation app."""

from __future__ import annotations

from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rencai.core.errors import DomainError, PermissionDenied


class ModerationErrorCode(StrEnum):
    ABNORMAL_LISTED = "abnormal_listed"
    ALREADY_LISTED = "already_listed"
    LISTING_LIFTED = "listing_already_lifted"
    REASON_REQUIRED = "reason_required"


MESSAGES: dict[ModerationErrorCode, Promise] = {
    ModerationErrorCode.ABNORMAL_LISTED: _(
        "This organisation or person is on the platform's abnormal list and may not recruit "
        "here. Contact customer service if you believe this is a mistake."
    ),
    ModerationErrorCode.ALREADY_LISTED: _("This subject is already on the abnormal list."),
    ModerationErrorCode.LISTING_LIFTED: _("This listing has already been lifted."),
    ModerationErrorCode.REASON_REQUIRED: _("Give a reason (at least 5 characters)."),
}


def moderation_error(code: ModerationErrorCode, *, field: str = "") -> DomainError:
    message = MESSAGES[code]
    fields = {field: message} if field else None
    if code == ModerationErrorCode.ABNORMAL_LISTED:
        return PermissionDenied(code, message, fields=fields)
    status = 409 if code in (ModerationErrorCode.ALREADY_LISTED,) else 400
    return DomainError(code, message, fields=fields, status=status)

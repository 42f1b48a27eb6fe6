"""Error codes of the reviews app (stable; API clients and tests rely on them)."""

from __future__ import annotations

from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rencai.core.errors import DomainError, NotFound, PermissionDenied


class ReviewErrorCode(StrEnum):
    NO_APPLICATION = "review_no_application"
    NOT_YET_ELIGIBLE = "review_not_yet_eligible"
    ALREADY_REVIEWED = "review_already_exists"
    SCORE_INVALID = "review_score_invalid"
    TEXT_INVALID = "review_text_invalid"
    REMOVED = "review_removed"
    NOT_PUBLISHED = "review_not_published"
    NOT_PENDING = "review_not_pending"
    REPLY_EXISTS = "review_reply_exists"
    REPLY_NOT_ALLOWED = "review_reply_not_allowed"
    REPLY_TEXT_INVALID = "review_reply_text_invalid"
    REASONS_REQUIRED = "review_removal_reasons_required"
    NOTE_REQUIRED = "review_removal_note_required"
    ORGANISATION_UNKNOWN = "review_organisation_unknown"


MESSAGES: dict[ReviewErrorCode, Promise] = {
    ReviewErrorCode.NO_APPLICATION: _(
        "You can review an organisation only through one of your applications to its jobs."
    ),
    ReviewErrorCode.NOT_YET_ELIGIBLE: _(
        "You can write a review once the organisation has viewed your application."
    ),
    ReviewErrorCode.ALREADY_REVIEWED: _(
        "You have already reviewed this application. Edit your review instead."
    ),
    ReviewErrorCode.SCORE_INVALID: _("Give every score as a whole number from 1 to 5."),
    ReviewErrorCode.TEXT_INVALID: _("Write between 10 and 2,000 characters."),
    ReviewErrorCode.REMOVED: _("The platform removed this review; it can no longer be changed."),
    ReviewErrorCode.NOT_PUBLISHED: _("Only published reviews can be answered."),
    ReviewErrorCode.NOT_PENDING: _("This review is not waiting for a check."),
    ReviewErrorCode.REPLY_EXISTS: _("Your organisation has already replied to this review."),
    ReviewErrorCode.REPLY_NOT_ALLOWED: _(
        "Only administrators of the organisation may reply to reviews on its behalf."
    ),
    ReviewErrorCode.REPLY_TEXT_INVALID: _("Write between 5 and 1,000 characters."),
    ReviewErrorCode.REASONS_REQUIRED: _("Choose at least one reason."),
    ReviewErrorCode.NOTE_REQUIRED: _("Explain the removal in the note (at least 5 characters)."),
    ReviewErrorCode.ORGANISATION_UNKNOWN: _("This organisation does not exist."),
}

_STATUS: dict[ReviewErrorCode, int] = {
    ReviewErrorCode.ALREADY_REVIEWED: 409,
    ReviewErrorCode.REMOVED: 409,
    ReviewErrorCode.NOT_PUBLISHED: 409,
    ReviewErrorCode.NOT_PENDING: 409,
    ReviewErrorCode.REPLY_EXISTS: 409,
}


def review_error(code: ReviewErrorCode, *, field: str = "") -> DomainError:
    """The error for ``code`` (the message next to ``field`` when given)."""
    message = MESSAGES[code]
    fields = {field: message} if field else None
    if code == ReviewErrorCode.REPLY_NOT_ALLOWED:
        return PermissionDenied(code, message, fields=fields)
    if code == ReviewErrorCode.ORGANISATION_UNKNOWN:
        return NotFound(code, message, fields=fields)
    return DomainError(code, message, fields=fields, status=_STATUS.get(code, 400))

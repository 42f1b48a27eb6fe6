"""Error codes of the resumes app (stable: API clients, forms and tests rely on them)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rencai.core.errors import DomainError, PermissionDenied, RateLimited


class ResumeErrorCode(StrEnum):
    FIELD_REQUIRED = "field_required"
    FIELD_INVALID = "field_invalid"
    TOO_LONG = "too_long"
    TOO_MANY = "too_many_items"
    DUPLICATE = "duplicate_item"
    PAY_RANGE = "pay_range_invalid"
    DATES = "dates_invalid"
    URL = "url_invalid"
    EMAIL = "email_invalid"
    LEVEL = "level_invalid"
    RESUME_LIMIT = "resume_limit_reached"
    ENTRY_LIMIT = "entry_limit_reached"
    ATTACHMENT_LIMIT = "attachment_limit_reached"
    ORDER = "order_invalid"
    NOT_SEEKER = "not_a_seeker"
    ORG_UNKNOWN = "organisation_not_found"
    ALREADY_HIDDEN = "already_hidden"
    AGENCY_DOWNLOAD = "agency_download_forbidden"
    DOWNLOAD_NOT_ALLOWED = "download_not_allowed"
    DOWNLOAD_QUOTA = "download_quota_exceeded"
    NO_TEXT = "import_no_text"
    NOTHING_CONFIRMED = "import_nothing_confirmed"


MESSAGES: dict[ResumeErrorCode, Promise] = {
    ResumeErrorCode.FIELD_REQUIRED: _("This field is required."),
    ResumeErrorCode.FIELD_INVALID: _("Check this field."),
    ResumeErrorCode.TOO_LONG: _("This text is too long."),
    ResumeErrorCode.TOO_MANY: _("Too many items: remove some first."),
    ResumeErrorCode.DUPLICATE: _("This item is listed twice."),
    ResumeErrorCode.PAY_RANGE: _(
        "Give the expected monthly pay in yuan as a range: the lower figure above zero and "
        "not above the upper one."
    ),
    ResumeErrorCode.DATES: _(
        "Check the dates: the start must not be in the future and must come before the end."
    ),
    ResumeErrorCode.URL: _("Enter a web address starting with https:// or http://."),
    ResumeErrorCode.EMAIL: _("Enter a valid e-mail address."),
    ResumeErrorCode.LEVEL: _("Choose a level from the list."),
    ResumeErrorCode.RESUME_LIMIT: _("You already have the most resumes allowed. Delete one first."),
    ResumeErrorCode.ENTRY_LIMIT: _("This section already has the most entries allowed."),
    ResumeErrorCode.ATTACHMENT_LIMIT: _(
        "This resume already has the most attachments allowed. Delete one first."
    ),
    ResumeErrorCode.ORDER: _("The new order must list every entry of the section once."),
    ResumeErrorCode.NOT_SEEKER: _("Only job seekers can create resumes."),
    ResumeErrorCode.ORG_UNKNOWN: _("No verified organisation matches."),
    ResumeErrorCode.ALREADY_HIDDEN: _("Your resumes are already hidden from this organisation."),
    ResumeErrorCode.AGENCY_DOWNLOAD: _("HR agencies cannot download resumes."),
    ResumeErrorCode.DOWNLOAD_NOT_ALLOWED: _(
        "You can download only resumes that were sent to your organisation."
    ),
    ResumeErrorCode.DOWNLOAD_QUOTA: _(
        "Your organisation has reached today's resume download limit. Try again tomorrow."
    ),
    ResumeErrorCode.NO_TEXT: _(
        "No text could be read from this file. Scanned images cannot be imported: upload "
        "the PDF or Word file your CV was written in."
    ),
    ResumeErrorCode.NOTHING_CONFIRMED: _("Tick at least one item to add to your resume."),
}

_FORBIDDEN = frozenset(
    {
        ResumeErrorCode.NOT_SEEKER,
        ResumeErrorCode.AGENCY_DOWNLOAD,
        ResumeErrorCode.DOWNLOAD_NOT_ALLOWED,
    }
)
_CONFLICT = frozenset(
    {
        ResumeErrorCode.RESUME_LIMIT,
        ResumeErrorCode.ENTRY_LIMIT,
        ResumeErrorCode.ATTACHMENT_LIMIT,
        ResumeErrorCode.ALREADY_HIDDEN,
    }
)


def resume_error(
    code: ResumeErrorCode, *, field: str = "", extra: dict[str, Any] | None = None
) -> DomainError:
    """The error for ``code``; with ``field``, the message is also shown at that field."""
    message = MESSAGES[code]
    fields = {field: message} if field else None
    if code in _FORBIDDEN:
        return PermissionDenied(code, message, fields=fields, extra=extra)
    status = 409 if code in _CONFLICT else 400 if code == ResumeErrorCode.NO_TEXT else 422
    return DomainError(code, message, fields=fields, status=status, extra=extra)


def quota_error(retry_after: int) -> RateLimited:
    return RateLimited(
        ResumeErrorCode.DOWNLOAD_QUOTA,
        MESSAGES[ResumeErrorCode.DOWNLOAD_QUOTA],
        retry_after=retry_after,
    )

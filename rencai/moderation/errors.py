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
    # complaints and reports (CMP-01)
    TARGET_KIND_INVALID = "report_target_kind_invalid"
    CATEGORY_INVALID = "report_category_invalid"
    DETAILS_INVALID = "report_details_invalid"
    CONTACT_INVALID = "report_contact_invalid"
    SIGN_IN_REQUIRED = "report_sign_in_required"
    OWN_TARGET = "report_own_target"
    DUPLICATE = "report_duplicate"
    TOO_MANY_FILES = "report_too_many_files"
    CASE_DECIDED = "report_case_decided"
    OUTCOME_INVALID = "report_outcome_invalid"
    NOTE_REQUIRED = "report_note_required"
    RATE_LIMITED = "report_rate_limited"
    CASE_DISMISSED = "report_case_dismissed"
    SANCTION_SUBJECT = "report_sanction_subject"


MESSAGES: dict[ModerationErrorCode, Promise] = {
    ModerationErrorCode.ABNORMAL_LISTED: _(
        "This organisation or person is on the platform's abnormal list and may not recruit "
        "here. Contact customer service if you believe this is a mistake."
    ),
    ModerationErrorCode.ALREADY_LISTED: _("This subject is already on the abnormal list."),
    ModerationErrorCode.LISTING_LIFTED: _("This listing has already been lifted."),
    ModerationErrorCode.REASON_REQUIRED: _("Give a reason (at least 5 characters)."),
    ModerationErrorCode.TARGET_KIND_INVALID: _("Choose what you are reporting."),
    ModerationErrorCode.CATEGORY_INVALID: _("Choose what is wrong."),
    ModerationErrorCode.DETAILS_INVALID: _("Describe what happened in 5 to 2000 characters."),
    ModerationErrorCode.CONTACT_INVALID: _("A contact may have at most 100 characters."),
    ModerationErrorCode.SIGN_IN_REQUIRED: _(
        "Sign in to report messages, resumes or people. Job postings, organisations and "
        "reviews can be reported without an account."
    ),
    ModerationErrorCode.OWN_TARGET: _("You cannot report yourself or your own organisation."),
    ModerationErrorCode.DUPLICATE: _(
        "You already reported this and your report is still being handled. You can follow "
        "it under My reports."
    ),
    ModerationErrorCode.TOO_MANY_FILES: _("Attach at most %(count)s files."),
    ModerationErrorCode.CASE_DECIDED: _("This case has already been decided."),
    ModerationErrorCode.OUTCOME_INVALID: _("Choose the outcome."),
    ModerationErrorCode.NOTE_REQUIRED: _("Write the note (5 to 2000 characters)."),
    ModerationErrorCode.RATE_LIMITED: _("Too many reports. Try again later."),
    ModerationErrorCode.CASE_DISMISSED: _(
        "This case was dismissed: no sanction can follow from it."
    ),
    ModerationErrorCode.SANCTION_SUBJECT: _(
        "A sanction from this case can only be imposed on the account or organisation "
        "that was reported, or on its postings."
    ),
}

FIELD_CODES = {
    ModerationErrorCode.TARGET_KIND_INVALID: "target_kind",
    ModerationErrorCode.CATEGORY_INVALID: "category",
    ModerationErrorCode.DETAILS_INVALID: "details",
    ModerationErrorCode.CONTACT_INVALID: "contact",
    ModerationErrorCode.TOO_MANY_FILES: "evidence",
    ModerationErrorCode.OUTCOME_INVALID: "outcome",
    ModerationErrorCode.NOTE_REQUIRED: "note",
}
STATUS = {
    ModerationErrorCode.ALREADY_LISTED: 409,
    ModerationErrorCode.DUPLICATE: 409,
    ModerationErrorCode.CASE_DECIDED: 409,
    ModerationErrorCode.CASE_DISMISSED: 409,
    ModerationErrorCode.SIGN_IN_REQUIRED: 401,
}


def moderation_error(
    code: ModerationErrorCode, *, field: str = "", params: dict[str, object] | None = None
) -> DomainError:
    message: str | Promise = MESSAGES[code]
    if params:
        message = str(message) % params
    field = field or FIELD_CODES.get(code, "")
    fields = {field: message} if field else None
    if code == ModerationErrorCode.ABNORMAL_LISTED:
        return PermissionDenied(code, message, fields=fields)
    return DomainError(code, message, fields=fields, status=STATUS.get(code, 400))

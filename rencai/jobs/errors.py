"""Error codes of the jobs app (stable: API clients and tests rely on them)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rencai.core.errors import DomainError, PermissionDenied


class JobErrorCode(StrEnum):
    FIELD_REQUIRED = "field_required"
    FIELD_INVALID = "field_invalid"
    PAY_RANGE = "pay_range_invalid"
    VALIDITY = "validity_invalid"
    HAZARDS_REQUIRED = "occupational_hazards_required"
    WORK_PERMIT = "work_permit_acknowledgement_required"
    ORG_CANNOT_POST = "org_cannot_post"
    ORG_UNDER_REVIEW = "org_under_review"
    CLIENT_REQUIRED = "client_required"
    CLIENT_INVALID = "client_invalid"
    OWN_VACANCIES_ONLY = "own_vacancies_only"
    BLOCKED = "posting_blocked"
    JUSTIFICATION_REQUIRED = "justification_required"
    STATE = "posting_state"
    VERSION_IN_REVIEW = "version_in_review"
    NOTHING_TO_SUBMIT = "nothing_to_submit"
    REASONS_REQUIRED = "reasons_required"
    NOTE_REQUIRED = "note_required"
    SELF_REVIEW = "self_review_forbidden"


MESSAGES: dict[JobErrorCode, Promise] = {
    JobErrorCode.FIELD_REQUIRED: _("This field is required for every posting."),
    JobErrorCode.FIELD_INVALID: _("Check this field."),
    JobErrorCode.PAY_RANGE: _(
        "Give the pay as a range in yuan: the lower figure above zero and not above the upper."
    ),
    JobErrorCode.VALIDITY: _("The posting must be valid from tomorrow for at most 90 days."),
    JobErrorCode.HAZARDS_REQUIRED: _(
        "This job category involves occupational hazards: describe them and the protection."
    ),
    JobErrorCode.WORK_PERMIT: _(
        "Postings open to foreign nationals must confirm the employer will obtain a work "
        "permit before employment."
    ),
    JobErrorCode.ORG_CANNOT_POST: _("Your organisation cannot publish postings right now."),
    JobErrorCode.ORG_UNDER_REVIEW: _(
        "Your organisation is under review after several complaints; its paused postings stay "
        "paused until trust and safety decide."
    ),
    JobErrorCode.CLIENT_REQUIRED: _(
        "HR agencies post for a verified client: choose the client and give the entrustment."
    ),
    JobErrorCode.CLIENT_INVALID: _("The client must be another verified organisation."),
    JobErrorCode.OWN_VACANCIES_ONLY: _("Employers publish only their own vacancies."),
    JobErrorCode.BLOCKED: _(
        "The posting contains content that may not be published. Fix the highlighted text."
    ),
    JobErrorCode.JUSTIFICATION_REQUIRED: _(
        "Some requirements need a reason why the job needs them; a reviewer will check it."
    ),
    JobErrorCode.STATE: _("The posting is not in a state that allows this."),
    JobErrorCode.VERSION_IN_REVIEW: _(
        "A version is waiting for review. Withdraw it before editing again."
    ),
    JobErrorCode.NOTHING_TO_SUBMIT: _("There is no edited version to submit."),
    JobErrorCode.REASONS_REQUIRED: _("Choose at least one reason."),
    JobErrorCode.NOTE_REQUIRED: _("Explain in the note."),
    JobErrorCode.SELF_REVIEW: _("You cannot review postings of an organisation you belong to."),
}

_FORBIDDEN = frozenset(
    {
        JobErrorCode.ORG_CANNOT_POST,
        JobErrorCode.ORG_UNDER_REVIEW,
        JobErrorCode.SELF_REVIEW,
        JobErrorCode.OWN_VACANCIES_ONLY,
    }
)
_UNPROCESSABLE = frozenset(
    {
        JobErrorCode.FIELD_REQUIRED,
        JobErrorCode.FIELD_INVALID,
        JobErrorCode.PAY_RANGE,
        JobErrorCode.VALIDITY,
        JobErrorCode.HAZARDS_REQUIRED,
        JobErrorCode.WORK_PERMIT,
    }
)


def job_error(
    code: JobErrorCode, *, field: str = "", extra: dict[str, Any] | None = None
) -> DomainError:
    message = MESSAGES[code]
    fields = {field: message} if field else None
    if code in _FORBIDDEN:
        return PermissionDenied(code, message, fields=fields, extra=extra)
    status = 422 if code in _UNPROCESSABLE else 409 if code == JobErrorCode.STATE else 400
    return DomainError(code, message, fields=fields, status=status, extra=extra)

"""Error codes of the applications app (stable: API clients and tests rely on them)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rencai.core.errors import DomainError, PermissionDenied


class ApplicationErrorCode(StrEnum):
    NOT_A_SEEKER = "not_a_seeker"
    SEEKER_NOT_ACTIVE = "seeker_not_active"
    ACCOUNT_BLOCKED = "account_blocked"
    MINOR_PROHIBITED = "minor_prohibited_job"
    RESUME_REQUIRED = "resume_required"
    ALREADY_APPLIED = "already_applied"
    REAPPLY_TOO_SOON = "reapply_too_soon"
    CONSENT_REQUIRED = "consent_required"
    CONSENT_OUTDATED = "consent_outdated"
    COVER_NOTE_BLOCKED = "cover_note_blocked"
    STATE = "application_state"
    STAGE_INVALID = "stage_invalid"
    STAGE_NAME_TAKEN = "stage_name_taken"
    STAGE_NOT_EMPTY = "stage_not_empty"
    STAGE_KIND_REQUIRED = "stage_kind_required"
    STAGE_ORDER_INVALID = "stage_order_invalid"
    NOT_ORG_ADMIN = "not_org_admin"
    NOT_ORG_MEMBER = "not_org_member"
    REASON_REQUIRED = "rejection_reason_required"
    MESSAGE_BLOCKED = "rejection_message_blocked"
    NOTE_EMPTY = "note_empty"
    RATING_INVALID = "rating_invalid"
    PROTECTED_FILTER = "protected_attribute_filter"
    UNKNOWN_FILTER = "unknown_filter"
    FILTER_INVALID = "filter_invalid"
    BULK_INVALID = "bulk_invalid"
    RESUME_NOT_SEARCHABLE = "resume_not_searchable"
    POSTING_NOT_OPEN = "posting_not_open"
    INVITATION_MESSAGE_BLOCKED = "invitation_message_blocked"
    INVITATION_EXISTS = "invitation_exists"
    INVITATION_STATE = "invitation_state"
    INVITATION_RATE_LIMITED = "invitation_rate_limited"


MESSAGES: dict[ApplicationErrorCode, Promise] = {
    ApplicationErrorCode.NOT_A_SEEKER: _("Only job seeker accounts can apply."),
    ApplicationErrorCode.SEEKER_NOT_ACTIVE: _(
        "Complete your account first: give your birth date and, if you are under 18, have "
        "your guardian confirm."
    ),
    ApplicationErrorCode.ACCOUNT_BLOCKED: _("Your account cannot apply for jobs."),
    ApplicationErrorCode.MINOR_PROHIBITED: _(
        "This job is not open to people under 18 (it is on the list of work forbidden to minors)."
    ),
    ApplicationErrorCode.RESUME_REQUIRED: _("Choose one of your resumes."),
    ApplicationErrorCode.ALREADY_APPLIED: _("You have already applied for this job."),
    ApplicationErrorCode.REAPPLY_TOO_SOON: _(
        "You can apply for this job again after %(days)s days from the decision."
    ),
    ApplicationErrorCode.CONSENT_REQUIRED: _(
        "Confirm that your resume is sent to the organisation named in the notice."
    ),
    ApplicationErrorCode.CONSENT_OUTDATED: _(
        "The notice has changed since you opened it. Read it again and confirm."
    ),
    ApplicationErrorCode.COVER_NOTE_BLOCKED: _(
        "The note cannot be sent: leave out contact details, other apps and personal "
        "characteristics unrelated to the job."
    ),
    ApplicationErrorCode.STATE: _("The application is not in a state that allows this."),
    ApplicationErrorCode.STAGE_INVALID: _("Choose one of your organisation's current stages."),
    ApplicationErrorCode.STAGE_NAME_TAKEN: _("Another stage already has this name."),
    ApplicationErrorCode.STAGE_NOT_EMPTY: _(
        "Move the active applications out of this stage before archiving it."
    ),
    ApplicationErrorCode.STAGE_KIND_REQUIRED: _(
        "The pipeline needs at least one current stage of this meaning."
    ),
    ApplicationErrorCode.STAGE_ORDER_INVALID: _("List every current stage exactly once."),
    ApplicationErrorCode.NOT_ORG_ADMIN: _("Only the organisation's administrators can do this."),
    ApplicationErrorCode.NOT_ORG_MEMBER: _("Only members of the organisation can do this."),
    ApplicationErrorCode.REASON_REQUIRED: _("Choose a reason from the list."),
    ApplicationErrorCode.MESSAGE_BLOCKED: _(
        "The message cannot be sent: a rejection may not mention origin, gender, age, "
        "ethnicity, religion, marriage, health or looks. Choose a neutral reason."
    ),
    ApplicationErrorCode.NOTE_EMPTY: _("Write a note or give a rating."),
    ApplicationErrorCode.RATING_INVALID: _("The rating is a whole number from 1 to 5."),
    ApplicationErrorCode.PROTECTED_FILTER: _(
        "Applicants cannot be filtered by gender, age, origin, ethnicity, religion, marital "
        "status, health, height or looks."
    ),
    ApplicationErrorCode.UNKNOWN_FILTER: _("Unknown filter."),
    ApplicationErrorCode.FILTER_INVALID: _("Check this filter."),
    ApplicationErrorCode.BULK_INVALID: _("Choose between 1 and 100 applications and an action."),
    ApplicationErrorCode.RESUME_NOT_SEARCHABLE: _(
        "This resume is not available to your organisation."
    ),
    ApplicationErrorCode.POSTING_NOT_OPEN: _("Choose one of your published postings."),
    ApplicationErrorCode.INVITATION_MESSAGE_BLOCKED: _(
        "The message cannot be sent: leave out contact details, other apps, fees and "
        "discriminatory conditions."
    ),
    ApplicationErrorCode.INVITATION_EXISTS: _(
        "This person already has an open invitation or an application for this job."
    ),
    ApplicationErrorCode.INVITATION_STATE: _("The invitation can no longer be answered."),
    ApplicationErrorCode.INVITATION_RATE_LIMITED: _(
        "Your organisation has sent the most invitations allowed today. Try again tomorrow."
    ),
}

_FORBIDDEN = frozenset(
    {
        ApplicationErrorCode.NOT_A_SEEKER,
        ApplicationErrorCode.SEEKER_NOT_ACTIVE,
        ApplicationErrorCode.ACCOUNT_BLOCKED,
        ApplicationErrorCode.MINOR_PROHIBITED,
        ApplicationErrorCode.NOT_ORG_ADMIN,
        ApplicationErrorCode.NOT_ORG_MEMBER,
    }
)
_CONFLICT = frozenset(
    {
        ApplicationErrorCode.ALREADY_APPLIED,
        ApplicationErrorCode.REAPPLY_TOO_SOON,
        ApplicationErrorCode.STATE,
        ApplicationErrorCode.INVITATION_EXISTS,
        ApplicationErrorCode.INVITATION_STATE,
        ApplicationErrorCode.STAGE_NOT_EMPTY,
        ApplicationErrorCode.STAGE_NAME_TAKEN,
    }
)


def app_error(
    code: ApplicationErrorCode,
    *,
    field: str = "",
    extra: dict[str, Any] | None = None,
    params: dict[str, object] | None = None,
) -> DomainError:
    """The ``DomainError`` for ``code``: 403 for who-may rules, 409 for state conflicts,
    400 for everything else."""
    message: Any = MESSAGES[code]
    if params:
        message = message % params
    fields = {field: message} if field else None
    if code in _FORBIDDEN:
        return PermissionDenied(code, message, fields=fields, extra=extra)
    status = 409 if code in _CONFLICT else 400
    return DomainError(code, message, fields=fields, status=status, extra=extra)

"""Error codes of the messaging app (stable: API clients and tests rely on them)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rencai.core.errors import DomainError, PermissionDenied


class MessagingErrorCode(StrEnum):
    MESSAGE_EMPTY = "message_empty"
    MESSAGE_TOO_LONG = "message_too_long"
    DISCRIMINATORY_QUESTION = "discriminatory_question"
    BLOCKED = "conversation_blocked"
    NOT_BLOCKED = "conversation_not_blocked"
    NOT_BLOCKER = "not_the_blocking_side"
    CONVERSATION_CLOSED = "conversation_closed"
    SLOTS_REQUIRED = "slots_required"
    SLOTS_TOO_MANY = "slots_too_many"
    SLOT_IN_PAST = "slot_in_past"
    SLOT_DUPLICATE = "slot_duplicate"
    SLOT_INVALID = "slot_invalid"
    ADDRESS_REQUIRED = "address_required"
    VIDEO_LINK_REQUIRED = "video_link_required"
    MODE_INVALID = "mode_invalid"
    DURATION_INVALID = "duration_invalid"
    INTERVIEWER_INVALID = "interviewer_invalid"
    QUESTIONS_INVALID = "questions_invalid"
    NAME_REQUIRED = "name_required"
    TEMPLATE_NAME_TAKEN = "template_name_taken"
    INTERVIEW_STATE = "interview_state"
    NOT_SCHEDULED = "interview_not_scheduled"
    APPLICATION_CLOSED = "application_closed"
    NOT_INTERVIEWER = "not_an_interviewer"
    RATING_INVALID = "rating_invalid"
    RECOMMENDATION_INVALID = "recommendation_invalid"
    NOTE_REQUIRED = "note_required"
    PHONE_MISSING = "phone_missing"
    NUMBER_NOT_AVAILABLE = "virtual_number_unavailable"
    NUMBER_APPLICATION_ONLY = "virtual_number_application_only"


MESSAGES: dict[MessagingErrorCode, Promise] = {
    MessagingErrorCode.MESSAGE_EMPTY: _("Write a message or attach a file."),
    MessagingErrorCode.MESSAGE_TOO_LONG: _("A message can be at most %(limit)s characters."),
    MessagingErrorCode.DISCRIMINATORY_QUESTION: _(
        "Questions about marriage, childbearing, pregnancy or hepatitis B are not allowed in "
        "recruitment. Ask only about the job."
    ),
    MessagingErrorCode.BLOCKED: _("This conversation is blocked. No new messages can be sent."),
    MessagingErrorCode.NOT_BLOCKED: _("This conversation is not blocked."),
    MessagingErrorCode.NOT_BLOCKER: _(
        "Only the side that blocked the conversation can unblock it."
    ),
    MessagingErrorCode.CONVERSATION_CLOSED: _("This conversation is closed."),
    MessagingErrorCode.SLOTS_REQUIRED: _("Propose at least one time."),
    MessagingErrorCode.SLOTS_TOO_MANY: _("Propose at most five times."),
    MessagingErrorCode.SLOT_IN_PAST: _("Every proposed time must be in the future."),
    MessagingErrorCode.SLOT_DUPLICATE: _("The same time is proposed twice."),
    MessagingErrorCode.SLOT_INVALID: _("Choose one of the proposed times."),
    MessagingErrorCode.ADDRESS_REQUIRED: _("Give the address of an on-site interview."),
    MessagingErrorCode.VIDEO_LINK_REQUIRED: _("Give the https link of a video interview."),
    MessagingErrorCode.MODE_INVALID: _("Choose how the interview takes place."),
    MessagingErrorCode.DURATION_INVALID: _("The duration must be between 10 and 480 minutes."),
    MessagingErrorCode.INTERVIEWER_INVALID: _(
        "Interviewers must be active members of your organisation."
    ),
    MessagingErrorCode.QUESTIONS_INVALID: _(
        "Give at most 30 questions of at most 300 characters each."
    ),
    MessagingErrorCode.NAME_REQUIRED: _("Give the template a name."),
    MessagingErrorCode.TEMPLATE_NAME_TAKEN: _("Another template already has this name."),
    MessagingErrorCode.INTERVIEW_STATE: _("The interview is not in a state that allows this."),
    MessagingErrorCode.NOT_SCHEDULED: _("The interview has no confirmed time yet."),
    MessagingErrorCode.APPLICATION_CLOSED: _("The application is no longer active."),
    MessagingErrorCode.NOT_INTERVIEWER: _("Only the interviewers of this interview can do this."),
    MessagingErrorCode.RATING_INVALID: _("Give a rating from 1 to 5."),
    MessagingErrorCode.RECOMMENDATION_INVALID: _("Choose a recommendation."),
    MessagingErrorCode.NOTE_REQUIRED: _("Add a short note."),
    MessagingErrorCode.PHONE_MISSING: _(
        "Both parties need a verified mobile number for a protected call."
    ),
    MessagingErrorCode.NUMBER_NOT_AVAILABLE: _(
        "No protected number is available right now. Try again in a few minutes."
    ),
    MessagingErrorCode.NUMBER_APPLICATION_ONLY: _(
        "Calls are possible only about an application the candidate sent you."
    ),
}

_FORBIDDEN = frozenset(
    {
        MessagingErrorCode.BLOCKED,
        MessagingErrorCode.NOT_BLOCKER,
        MessagingErrorCode.NOT_INTERVIEWER,
        MessagingErrorCode.NUMBER_APPLICATION_ONLY,
        MessagingErrorCode.CONVERSATION_CLOSED,
    }
)
_CONFLICT = frozenset(
    {
        MessagingErrorCode.INTERVIEW_STATE,
        MessagingErrorCode.NOT_SCHEDULED,
        MessagingErrorCode.APPLICATION_CLOSED,
        MessagingErrorCode.NOT_BLOCKED,
        MessagingErrorCode.TEMPLATE_NAME_TAKEN,
    }
)


def messaging_error(
    code: MessagingErrorCode,
    *,
    field: str = "",
    extra: dict[str, Any] | None = None,
    params: dict[str, object] | None = None,
) -> DomainError:
    """The ``DomainError`` for ``code``: 403 for refusals, 409 for states, 503 when the
    number provider fails, 400 otherwise."""
    message: str | Promise = MESSAGES[code]
    if params:
        message = str(message) % params
    fields = {field: message} if field else None
    if code in _FORBIDDEN:
        return PermissionDenied(code, message, fields=fields, extra=extra)
    status = 409 if code in _CONFLICT else 400
    if code == MessagingErrorCode.NUMBER_NOT_AVAILABLE:
        status = 503
    return DomainError(code, message, fields=fields, status=status, extra=extra)

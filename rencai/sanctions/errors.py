"""Error codes of the sanctions app (stable; tests and API clients rely on them)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rencai.core.errors import DomainError, coded_error


class SanctionErrorCode(StrEnum):
    SUBJECT_REQUIRED = "subject_required"
    USER_REQUIRED = "sanction_user_required"
    ORGANISATION_REQUIRED = "sanction_organisation_required"
    POSTING_REQUIRED = "posting_required"
    POSTING_NOT_OF_ORG = "posting_not_of_organisation"
    KIND_INVALID = "sanction_kind_invalid"
    RULE_INVALID = "rule_invalid"
    REASON_REQUIRED = "reason_required"
    PERIOD_REQUIRED = "period_required"
    PERIOD_INVALID = "period_invalid"
    NOT_ACTIVE = "sanction_not_active"
    NOT_A_WARNING = "not_a_warning"
    ALREADY_ACKNOWLEDGED = "warning_already_acknowledged"
    APPEAL_WINDOW_CLOSED = "appeal_window_closed"
    APPEAL_EXISTS = "appeal_exists"
    APPEAL_NOT_ALLOWED = "appeal_not_allowed"
    STATEMENT_REQUIRED = "statement_required"
    OWN_SANCTION = "own_sanction"
    APPEAL_DECIDED = "appeal_already_decided"
    OUTCOME_INVALID = "outcome_invalid"
    REFERENCE_REQUIRED = "reference_required"
    REPORT_SUBMITTED = "authority_report_already_submitted"
    ACCOUNT_SUSPENDED = "account_suspended"
    POSTING_SUSPENDED = "posting_suspended"
    APPLYING_SUSPENDED = "applying_suspended"
    MESSAGING_SUSPENDED = "messaging_suspended"
    DAILY_LIMIT = "daily_limit_reached"
    EVIDENCE_INVALID = "evidence_invalid"
    SUBJECT_NOT_FOUND = "subject_not_found"


MESSAGES: dict[SanctionErrorCode, Promise] = {
    SanctionErrorCode.SUBJECT_REQUIRED: _("Choose the person or the organisation to sanction."),
    SanctionErrorCode.USER_REQUIRED: _("This sanction applies to a person: choose the account."),
    SanctionErrorCode.ORGANISATION_REQUIRED: _(
        "This sanction applies to an organisation: choose the organisation."
    ),
    SanctionErrorCode.POSTING_REQUIRED: _("Choose the posting to take down."),
    SanctionErrorCode.POSTING_NOT_OF_ORG: _(
        "The posting does not belong to the sanctioned organisation."
    ),
    SanctionErrorCode.KIND_INVALID: _("Choose a step of the sanctions ladder."),
    SanctionErrorCode.RULE_INVALID: _("Choose the rule that was broken."),
    SanctionErrorCode.REASON_REQUIRED: _("Give a reason (at least 5 characters)."),
    SanctionErrorCode.PERIOD_REQUIRED: _("Give the number of days this sanction lasts."),
    SanctionErrorCode.PERIOD_INVALID: _(
        "The period must be between 1 and 3650 days, and only for sanctions with a period."
    ),
    SanctionErrorCode.NOT_ACTIVE: _("This sanction is no longer in force."),
    SanctionErrorCode.NOT_A_WARNING: _("Only a warning is acknowledged."),
    SanctionErrorCode.ALREADY_ACKNOWLEDGED: _("You have already acknowledged this warning."),
    SanctionErrorCode.APPEAL_WINDOW_CLOSED: _(
        "The time for appealing this sanction has passed (%(days)s days from the notice)."
    ),
    SanctionErrorCode.APPEAL_EXISTS: _("This sanction has already been appealed."),
    SanctionErrorCode.APPEAL_NOT_ALLOWED: _(
        "This sanction was lifted; there is nothing to appeal."
    ),
    SanctionErrorCode.STATEMENT_REQUIRED: _(
        "Explain why the sanction is wrong (at least 10 characters)."
    ),
    SanctionErrorCode.OWN_SANCTION: _(
        "You imposed this sanction: another operator must decide the appeal."
    ),
    SanctionErrorCode.APPEAL_DECIDED: _("This appeal has already been decided."),
    SanctionErrorCode.OUTCOME_INVALID: _("Choose to confirm or to lift the sanction."),
    SanctionErrorCode.REFERENCE_REQUIRED: _(
        "Give the reference the authority gave the submission (at least 3 characters)."
    ),
    SanctionErrorCode.REPORT_SUBMITTED: _("This report has already been submitted."),
    SanctionErrorCode.ACCOUNT_SUSPENDED: _(
        "This account is suspended by the platform until %(until)s. See the notice sent to "
        "you for the reason and how to appeal."
    ),
    SanctionErrorCode.POSTING_SUSPENDED: _(
        "The platform has suspended this organisation's posting (until %(until)s)."
    ),
    SanctionErrorCode.APPLYING_SUSPENDED: _(
        "The platform has suspended your applications (until %(until)s)."
    ),
    SanctionErrorCode.MESSAGING_SUSPENDED: _(
        "The platform has suspended this account (until %(until)s); it cannot send messages."
    ),
    SanctionErrorCode.SUBJECT_NOT_FOUND: _(
        "No account, organisation or posting matches what you entered."
    ),
    SanctionErrorCode.EVIDENCE_INVALID: _(
        "The evidence must be a JSON object of at most 20,000 characters."
    ),
    SanctionErrorCode.DAILY_LIMIT: _(
        "Your account is restricted: at most %(limit)s of these a day. Try again tomorrow."
    ),
}

STATUS: dict[SanctionErrorCode, int] = {
    SanctionErrorCode.NOT_ACTIVE: 409,
    SanctionErrorCode.ALREADY_ACKNOWLEDGED: 409,
    SanctionErrorCode.APPEAL_EXISTS: 409,
    SanctionErrorCode.APPEAL_DECIDED: 409,
    SanctionErrorCode.REPORT_SUBMITTED: 409,
    SanctionErrorCode.OWN_SANCTION: 403,
    SanctionErrorCode.ACCOUNT_SUSPENDED: 403,
    SanctionErrorCode.POSTING_SUSPENDED: 403,
    SanctionErrorCode.APPLYING_SUSPENDED: 403,
    SanctionErrorCode.MESSAGING_SUSPENDED: 403,
    SanctionErrorCode.DAILY_LIMIT: 403,
}


def sanction_error(
    code: SanctionErrorCode,
    *,
    field: str = "",
    params: Mapping[str, object] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> DomainError:
    """The error for ``code``; ``params`` fill the message's placeholders."""
    return coded_error(code, MESSAGES, STATUS, field=field, params=params, extra=extra)

"""Error codes of the risk app (stable; tests and API clients rely on them)."""

from __future__ import annotations

from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rencai.core.errors import DomainError


class RiskErrorCode(StrEnum):
    OUTCOME_INVALID = "risk_outcome_invalid"
    NOTE_REQUIRED = "risk_note_required"
    ALREADY_REVIEWED = "risk_already_reviewed"
    SUPERSEDED = "risk_assessment_superseded"
    FILTER_INVALID = "risk_filter_invalid"


MESSAGES: dict[RiskErrorCode, Promise] = {
    RiskErrorCode.OUTCOME_INVALID: _("Choose “cleared” or “confirmed”."),
    RiskErrorCode.NOTE_REQUIRED: _("Write a note on what you checked (at least 5 characters)."),
    RiskErrorCode.ALREADY_REVIEWED: _("This assessment has already been reviewed."),
    RiskErrorCode.SUPERSEDED: _(
        "A newer assessment replaced this one: review the current assessment instead."
    ),
    RiskErrorCode.FILTER_INVALID: _("Unknown filter value."),
}

STATUS: dict[RiskErrorCode, int] = {
    RiskErrorCode.ALREADY_REVIEWED: 409,
    RiskErrorCode.SUPERSEDED: 409,
}


def risk_error(code: RiskErrorCode, *, field: str = "") -> DomainError:
    message = MESSAGES[code]
    fields = {field: message} if field else None
    return DomainError(code, message, fields=fields, status=STATUS.get(code, 400))

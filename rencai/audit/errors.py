"""Error codes of the audit app (restricted archive and legal holds)."""

from __future__ import annotations

from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rencai.core.errors import DomainError, PermissionDenied


class AuditErrorCode(StrEnum):
    HOLD_SCOPE_REQUIRED = "legal_hold_scope_required"
    HOLD_REASON_REQUIRED = "legal_hold_reason_required"
    HOLD_REFERENCE_REQUIRED = "legal_hold_reference_required"
    HOLD_RELEASED = "legal_hold_released"
    READ_NOT_ALLOWED = "archive_read_not_allowed"
    PURPOSE_INVALID = "archive_purpose_invalid"


MESSAGES: dict[AuditErrorCode, Promise] = {
    AuditErrorCode.HOLD_SCOPE_REQUIRED: _("Name the person or the category the hold covers."),
    AuditErrorCode.HOLD_REASON_REQUIRED: _("Give the reason for the hold (at least 5 characters)."),
    AuditErrorCode.HOLD_REFERENCE_REQUIRED: _("Give the case reference of the hold."),
    AuditErrorCode.HOLD_RELEASED: _("This legal hold has already been released."),
    AuditErrorCode.READ_NOT_ALLOWED: _(
        "Archived records can only be read under a legal hold, for a regulator's inspection "
        "or for an audit."
    ),
    AuditErrorCode.PURPOSE_INVALID: _("Choose why you read the archived record."),
}

_STATUS = {AuditErrorCode.HOLD_RELEASED: 409}


def audit_error(code: AuditErrorCode, *, field: str | None = None) -> DomainError:
    message = MESSAGES[code]
    fields = {field: message} if field else None
    if code == AuditErrorCode.READ_NOT_ALLOWED:
        return PermissionDenied(code.value, message, fields=fields)
    return DomainError(code.value, message, fields=fields, status=_STATUS.get(code, 400))

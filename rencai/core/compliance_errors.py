"""Error codes of the compliance calendar (LIC-03, LIC-04)."""

from __future__ import annotations

from enum import StrEnum

from django.utils.functional import Promise

from rencai.core.errors import DomainError


class ComplianceErrorCode(StrEnum):
    END_TOO_SOON = "service_end_too_soon"
    END_IN_PAST = "service_end_in_past"
    END_ALREADY_ANNOUNCED = "service_end_already_announced"
    END_NOT_ACTIVE = "service_end_not_active"
    CONFIRMATION_REQUIRED = "confirmation_required"
    TEXT_REQUIRED = "notice_text_required"
    CHANGE_KIND_INVALID = "registration_change_kind_invalid"
    CHANGE_DATE_FUTURE = "registration_change_date_in_future"
    DETAILS_REQUIRED = "registration_change_details_required"
    ALREADY_SUBMITTED = "registration_change_already_submitted"
    REFERENCE_REQUIRED = "submission_reference_required"


def compliance_error(
    code: ComplianceErrorCode,
    message: str | Promise,
    *,
    field: str = "",
    status: int | None = None,
) -> DomainError:
    return DomainError(
        code.value, message, fields={field: message} if field else None, status=status
    )

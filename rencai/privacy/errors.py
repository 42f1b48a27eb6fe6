"""Error codes of the privacy app."""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from rencai.core.errors import DomainError


class PrivacyErrorCode(StrEnum):
    CONSENT_REQUIRED = "consent_required"
    NOT_WITHDRAWABLE = "consent_not_withdrawable"
    NOT_GRANTABLE = "consent_not_grantable"
    NOTICE_PERIOD = "legal_notice_period"
    VERSION_EXISTS = "legal_version_exists"
    NO_DOCUMENT = "legal_document_missing"
    EFFECTIVE_IN_PAST = "legal_effective_in_past"


class ConsentRequired(DomainError):
    """The user has not (or no longer) consented to ``purpose``; HTTP 412."""

    status = 412

    def __init__(self, purpose: str) -> None:
        super().__init__(
            PrivacyErrorCode.CONSENT_REQUIRED.value,
            _("This function needs your consent first. Please read the notice and agree."),
            extra={"purpose": purpose},
        )
        self.purpose = purpose


# --- rights requests (helper A: PI-12…PI-19) ---------------------------------------------


class RequestErrorCode(StrEnum):
    KIND_INVALID = "request_kind_invalid"
    ALREADY_OPEN = "request_already_open"
    WRONG_STATE = "request_wrong_state"
    IDENTITY_CHECK_REQUIRED = "identity_check_required"
    DETAILS_REQUIRED = "request_details_required"
    RECIPIENT_REQUIRED = "request_recipient_required"
    CONSENT_NOT_GIVEN = "request_consent_not_given"
    RELATIVE_KIND = "relative_kind_not_allowed"
    DECEASED_NOT_FOUND = "deceased_not_found"
    RELATIONSHIP_INVALID = "relative_relationship_invalid"
    REASON_INVALID = "refusal_reason_invalid"
    EXPLANATION_REQUIRED = "refusal_explanation_required"
    RESPONSE_REQUIRED = "request_response_required"
    ACCOUNT_CLOSED = "request_account_closed"
    EVIDENCE_REQUIRED = "relative_evidence_required"


# --- privacy centre and switches (helper E: ALG-01, ALG-05, PI-11) ------------------------


class CentreErrorCode(StrEnum):
    SETTING_INVALID = "privacy_setting_invalid"
    MARKETING_MINOR = "marketing_not_for_minors"


# --- retention, self-inspection, bulk export (helper D: RET-01…RET-07, GOV-04, SEC-03) ----


class GovernanceErrorCode(StrEnum):
    BELOW_LEGAL_MINIMUM = "retention_below_legal_minimum"
    RULE_UNKNOWN = "retention_rule_unknown"
    PERIOD_INVALID = "retention_period_invalid"
    INSPECTION_EXISTS = "self_inspection_exists"
    INSPECTION_YEAR_INVALID = "self_inspection_year_invalid"
    FINDING_RESOLVED = "finding_already_resolved"
    FINDING_OWNER_INVALID = "finding_owner_invalid"
    DATASET_UNKNOWN = "bulk_export_unknown_dataset"
    FILTER_INVALID = "bulk_export_invalid_filter"
    REASON_REQUIRED = "bulk_export_reason_required"
    NOT_PENDING = "bulk_export_not_pending"
    OWN_REQUEST = "bulk_export_own_request"
    NOT_READY = "bulk_export_not_ready"
    EXPIRED = "bulk_export_expired"


# --- copies of one's data and portability (helper B: PI-12, PI-13) -----------------------


class ExportErrorCode(StrEnum):
    RUNNING = "export_already_running"
    NOT_READY = "export_not_ready"
    EXPIRED = "export_expired"
    NOT_PORTABLE = "export_not_portable"
    TOKEN_INVALID = "portability_token_invalid"
    LINK_INVALID = "export_link_invalid"
    BUILD_FAILED = "export_build_failed"
    TOO_LARGE = "export_too_large"


# --- erasure and cancellation (helper C: PI-15, PI-19, RET-06) ---------------------------


class ErasureErrorCode(StrEnum):
    ACCOUNT_ACTIVE = "erasure_account_active"

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


# --- erasure and cancellation (helper C: PI-15, PI-19, RET-06) ---------------------------


class ErasureErrorCode(StrEnum):
    ACCOUNT_ACTIVE = "erasure_account_active"

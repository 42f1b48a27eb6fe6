"""Choices of the privacy app: legal document kinds and consent purposes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    USER_AGREEMENT = "user_agreement", _("User service agreement")
    PRIVACY_POLICY = "privacy_policy", _("Privacy policy")
    PLATFORM_RULES = "platform_rules", _("Platform rules for employers and agencies")
    REAL_NAME_NOTICE = "real_name_notice", _("Notice on real-name verification")
    BIOMETRIC_NOTICE = "biometric_notice", _("Notice on face verification")
    GUARDIAN_NOTICE = "guardian_notice", _("Notice for guardians")


class ConsentPurpose(models.TextChoices):
    """What a consent is for. Purposes bound to a document are valid only for the version of
    that document currently in effect; the others are bound to the text of the prompt."""

    AGREEMENT = "agreement", _("User service agreement")
    PRIVACY_POLICY = "privacy_policy", _("Privacy policy")
    PLATFORM_RULES = "platform_rules", _("Platform rules")
    REAL_NAME = "real_name", _("Real-name verification (name and ID number)")
    BIOMETRICS = "biometrics", _("Face verification (biometric data)")
    GUARDIAN = "guardian", _("Guardian's consent for a minor")
    MARKETING_SMS = "marketing_sms", _("Promotional text messages")
    MARKETING_EMAIL = "marketing_email", _("Promotional e-mails")
    PERSONALISED_RECOMMENDATION = "personalised_recommendation", _("Personalised recommendations")


PURPOSE_DOCUMENT: dict[str, str] = {
    ConsentPurpose.AGREEMENT: DocumentKind.USER_AGREEMENT,
    ConsentPurpose.PRIVACY_POLICY: DocumentKind.PRIVACY_POLICY,
    ConsentPurpose.PLATFORM_RULES: DocumentKind.PLATFORM_RULES,
    ConsentPurpose.REAL_NAME: DocumentKind.REAL_NAME_NOTICE,
    ConsentPurpose.BIOMETRICS: DocumentKind.BIOMETRIC_NOTICE,
    ConsentPurpose.GUARDIAN: DocumentKind.GUARDIAN_NOTICE,
}

# Consents a user withdraws in one click. The agreement and privacy policy end only with
# the account (cancellation), so they are not listed here.
WITHDRAWABLE_PURPOSES = frozenset(
    {
        ConsentPurpose.REAL_NAME,
        ConsentPurpose.BIOMETRICS,
        ConsentPurpose.MARKETING_SMS,
        ConsentPurpose.MARKETING_EMAIL,
        ConsentPurpose.PERSONALISED_RECOMMENDATION,
    }
)
# Consents given by ticking a box in settings (not tied to a document).
OPTIONAL_PURPOSES = frozenset(
    {
        ConsentPurpose.MARKETING_SMS,
        ConsentPurpose.MARKETING_EMAIL,
        ConsentPurpose.PERSONALISED_RECOMMENDATION,
    }
)


class ConsentChannel(models.TextChoices):
    WEB = "web", _("Website")
    API = "api", _("API")
    SMS = "sms", _("SMS-verified confirmation")
    CLI = "cli", _("Operator command")
    SYSTEM = "system", _("System")

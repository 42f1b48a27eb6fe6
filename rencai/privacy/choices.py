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


class RequestKind(models.TextChoices):
    """The rights a person exercises through a request (PIPL Arts 44–50, PI-12…PI-19)."""

    ACCESS = "access", _("Access and a copy of my data")
    CORRECTION = "correction", _("Correct or complete my data")
    DELETION = "deletion", _("Delete my data")
    EXPLANATION = "explanation", _("Explain how my data is processed")
    PORTABILITY = "portability", _("Transfer my data to another processor")
    WITHDRAWAL = "withdrawal", _("Withdraw a consent")
    CANCELLATION = "cancellation", _("Cancel my account")


# Kinds a close relative of a deceased user may ask for (PIPL Art 49, PI-17).
RELATIVE_KINDS = frozenset(
    {RequestKind.ACCESS, RequestKind.CORRECTION, RequestKind.DELETION, RequestKind.EXPLANATION}
)
# Kinds that complete by themselves once the identity re-check has passed (no staff).
AUTOMATIC_KINDS = frozenset(
    {RequestKind.ACCESS, RequestKind.DELETION, RequestKind.CANCELLATION, RequestKind.WITHDRAWAL}
)


class RequestState(models.TextChoices):
    RECEIVED = "received", _("Received")
    VERIFYING = "verifying", _("Verifying identity")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn by the requester")


OPEN_REQUEST_STATES = frozenset(
    {RequestState.RECEIVED, RequestState.VERIFYING, RequestState.IN_PROGRESS}
)


class RefusalReason(models.TextChoices):
    """Why a request is refused; the notice always names the right to complain or sue."""

    IDENTITY_NOT_VERIFIED = (
        "identity_not_verified",
        _("We could not verify the requester's identity"),
    )
    LEGAL_RETENTION = "legal_retention", _("The law requires us to keep this data")
    OTHERS_RIGHTS = "others_rights", _("Granting it would harm other people's rights")
    EXCESSIVE_REPEAT = "excessive_repeat", _("The same request was repeated excessively")
    POSTHUMOUS_INSTRUCTION = (
        "posthumous_instruction",
        _("The deceased user arranged otherwise during their lifetime"),
    )
    EVIDENCE_INSUFFICIENT = (
        "evidence_insufficient",
        _("The proof of death or of the relationship is not sufficient"),
    )
    NOT_TECHNICALLY_FEASIBLE = "not_feasible", _("The transfer is not technically feasible")
    OTHER = "other", _("Other reason (explained below)")


class RelativeRelationship(models.TextChoices):
    """Close relatives under Civil Code Art 1045."""

    SPOUSE = "spouse", _("Spouse")
    PARENT = "parent", _("Parent")
    CHILD = "child", _("Child")
    SIBLING = "sibling", _("Brother or sister")
    GRANDPARENT = "grandparent", _("Grandparent")
    GRANDCHILD = "grandchild", _("Grandchild")


class PosthumousInstruction(models.TextChoices):
    """What the user arranged for their data after death (PIPL Art 49)."""

    NONE = "none", _("No instruction: close relatives may exercise the rights the law gives them")
    NO_RELATIVE_ACCESS = "no_relative_access", _("Close relatives may not access my data")
    DELETE = "delete", _("Delete my data; relatives may only ask for deletion")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    BUILDING = "building", _("Being prepared")
    READY = "ready", _("Ready to download")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")


class ExportAudience(models.TextChoices):
    SELF = "self", _("For me")
    RECIPIENT = "recipient", _("For the processor I named (portability)")


class PiAccessPurpose(models.TextChoices):
    """Why staff or an organisation read a person's personal information."""

    RIGHTS_REQUEST = "rights_request", _("Handling a rights request")
    ACCOUNT_SUPPORT = "account_support", _("Account administration")
    REVIEW = "review", _("Verification or content review")
    COMPLAINT = "complaint", _("Complaint handling")
    LEGAL_HOLD = "legal_hold", _("Legal hold or inspection")
    BULK_EXPORT = "bulk_export", _("Approved bulk export")


class RetentionAction(models.TextChoices):
    DELETE = "delete", _("Delete")
    ANONYMISE = "anonymise", _("Anonymise")
    ARCHIVE = "archive", _("Move to the restricted archive")
    PURGE_ARCHIVE = "purge_archive", _("Purge from the restricted archive")


class RetentionTrigger(models.TextChoices):
    """From when a retention period counts."""

    CREATED = "created", _("Creation")
    SERVICE_END = "service_end", _("End of the service")
    LAST_ACTIVITY = "last_activity", _("Last activity of the account")
    CLOSED = "closed", _("Closing of the case")
    ARCHIVED = "archived", _("Archiving")


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")
    FAILED = "failed", _("Failed")


class FindingSeverity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class BulkExportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a second operator")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    READY = "ready", _("Ready to download")
    EXPIRED = "expired", _("Expired")

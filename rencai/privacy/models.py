"""Versioned legal documents and the consent ledger."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rencai.core.models import BaseModel
from rencai.privacy.choices import (
    BulkExportStatus,
    ConsentChannel,
    ConsentPurpose,
    DocumentKind,
    ExportAudience,
    ExportStatus,
    FindingSeverity,
    PiAccessPurpose,
    PosthumousInstruction,
    RefusalReason,
    RelativeRelationship,
    RequestKind,
    RequestState,
    RetentionAction,
    RetentionTrigger,
    RunStatus,
)


class LegalDocument(BaseModel):
    """One published version of a legal text (agreement, privacy policy, rules, notices).

    Versions are immutable once published. A new version of a kind that already has one
    takes effect no sooner than 7 days after publication (LIC-06, ECL Art 34). ``body`` is
    the authoritative Simplified Chinese text; ``body_en`` a courtesy translation.
    """

    kind = models.CharField(_("kind"), max_length=32, choices=DocumentKind.choices)
    version = models.CharField(_("version"), max_length=16)
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text (Simplified Chinese, authoritative)"))
    body_en = models.TextField(_("text (English translation)"), blank=True)
    change_summary = models.TextField(_("summary of changes"), blank=True)
    text_hash = models.CharField(_("text hash"), max_length=64)
    published_at = models.DateTimeField(_("published at"))
    effective_at = models.DateTimeField(_("takes effect at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("kind", "-effective_at")
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="privacy_unique_doc_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    @property
    def is_in_effect(self) -> bool:
        return self.effective_at <= timezone.now()


class ConsentRecord(models.Model):
    """One entry of the consent ledger: a grant or a withdrawal, never edited.

    The current state of a purpose is its latest record (highest ``id``: an append-only
    ledger is ordered by insertion, not by clock). ``text_hash`` identifies exactly the text
    the person saw (document body or consent prompt).
    """

    id = models.BigAutoField(primary_key=True)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, db_index=True)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("purpose"), max_length=40, choices=ConsentPurpose.choices)
    document = models.ForeignKey(
        LegalDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="consents"
    )
    document_version = models.CharField(_("document version"), max_length=16, blank=True)
    text_hash = models.CharField(_("text hash"), max_length=64)
    granted = models.BooleanField(_("granted"))
    channel = models.CharField(_("channel"), max_length=16, choices=ConsentChannel.choices)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ("-id",)
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        indexes = [models.Index(fields=["user", "purpose", "id"])]

    def __str__(self) -> str:
        verb = "granted" if self.granted else "withdrew"
        return f"{self.user_id} {verb} {self.purpose}"


class PrivacySettings(BaseModel):
    """A user's privacy switches that are not consents in the ledger (ALG-05, PI-17).

    Missing row = defaults. Every change goes through ``privacy.actions.settings`` and is
    audited. Personalised recommendation and marketing are consents (``ConsentRecord``).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="privacy_settings"
    )
    talent_insight = models.BooleanField(
        _("show recruiters insight into my job-search activity"), default=True
    )
    show_activity_status = models.BooleanField(
        _("show recruiters when I was last active"), default=True
    )
    posthumous_instruction = models.CharField(
        _("instruction for after my death"),
        max_length=24,
        choices=PosthumousInstruction.choices,
        default=PosthumousInstruction.NONE,
    )

    class Meta:
        verbose_name = _("privacy settings")
        verbose_name_plural = _("privacy settings")

    def __str__(self) -> str:
        return f"privacy settings of {self.user_id}"


class RightsRequest(BaseModel):
    """One data-subject request (PI-12…PI-19) with its statutory deadline (PI-18).

    ``subject`` is the person whose data is concerned; ``requester`` who asked (the same
    person, or a close relative of a deceased subject). ``due_date`` is receipt + 15 PRC
    working days. The history of states is in the audit trail
    (``privacy.rights_request_*`` events on this object).
    """

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    kind = models.CharField(_("request"), max_length=16, choices=RequestKind.choices)
    state = models.CharField(
        _("state"), max_length=16, choices=RequestState.choices, default=RequestState.RECEIVED
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="rights_requests"
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    due_date = models.DateField(_("due date"), db_index=True)
    due_provisional = models.BooleanField(_("deadline provisional"), default=False)
    identity_verified_at = models.DateTimeField(_("identity verified at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    automatic = models.BooleanField(_("handled automatically"), default=False)

    details = models.TextField(_("details"), blank=True)
    consent_purpose = models.CharField(
        _("consent to withdraw"), max_length=40, choices=ConsentPurpose.choices, blank=True
    )
    recipient_name = models.CharField(_("receiving processor"), max_length=120, blank=True)
    recipient_contact = models.CharField(
        _("receiving processor's contact"), max_length=200, blank=True
    )

    # Close relative of a deceased user (PI-17).
    relative_relationship = models.CharField(
        _("relationship to the deceased"),
        max_length=16,
        choices=RelativeRelationship.choices,
        blank=True,
    )
    relative_name = models.CharField(_("relative's name"), max_length=60, blank=True)
    death_proof = models.ForeignKey(
        "files.StoredFile",
        verbose_name=_("proof of death"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    relationship_proof = models.ForeignKey(
        "files.StoredFile",
        verbose_name=_("proof of relationship"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    response = models.TextField(_("response to the requester"), blank=True)
    refusal_reason = models.CharField(
        _("reason for refusal"), max_length=24, choices=RefusalReason.choices, blank=True
    )
    overdue_alerted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("due_date", "received_at")
        verbose_name = _("rights request")
        verbose_name_plural = _("rights requests")
        indexes = [models.Index(fields=["state", "due_date"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def by_relative(self) -> bool:
        return bool(self.relative_relationship)


class DataExport(BaseModel):
    """A copy of a user's data (PI-12) or a portability package (PI-13), built by a task.

    The archive (JSON + CSV + a Chinese PDF) is a private ``StoredFile``, downloadable until
    ``expires_at`` (7 days) behind a fresh identity check; a portability package is fetched
    by the named processor with a one-time token (only its hash is stored).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    request = models.ForeignKey(
        RightsRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="exports"
    )
    audience = models.CharField(
        _("for"), max_length=12, choices=ExportAudience.choices, default=ExportAudience.SELF
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("current step"), max_length=120, blank=True)
    file = models.ForeignKey(
        "files.StoredFile", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    finished_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("available until"), null=True, blank=True)
    download_count = models.PositiveIntegerField(_("downloads"), default=0)
    recipient_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    error = models.CharField(_("error"), max_length=200, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")

    def __str__(self) -> str:
        return f"export {self.pk} ({self.status})"


class PiAccessRecord(models.Model):
    """Platform staff (or a regulator) read one person's personal information (SEC-03).

    Employers' reads of resumes are ``resumes.ResumeView``; the privacy centre shows both.
    Append-only.
    """

    id = models.BigAutoField(primary_key=True)
    created_at = models.DateTimeField(_("read at"), default=timezone.now, db_index=True)
    accessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    accessor_role = models.CharField(_("role"), max_length=32)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pi_access_records"
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=PiAccessPurpose.choices)
    categories = models.JSONField(_("categories read"), default=list)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ("-id",)
        verbose_name = _("personal-information access record")
        verbose_name_plural = _("personal-information access records")
        indexes = [models.Index(fields=["subject", "id"])]

    def __str__(self) -> str:
        return f"{self.accessor_id} read {self.subject_id}"


class RetentionRule(BaseModel):
    """How long one category of data is kept and what happens after (RET-01…RET-07).

    Rules are data: operators see them on the retention page and the privacy centre shows
    them to users. ``min_days`` counts from ``trigger``; rules whose category the law fixes
    cannot be shortened below ``legal_min_days``.
    """

    category = models.SlugField(_("category"), max_length=40, unique=True)
    label = models.CharField(_("category name"), max_length=120)
    trigger = models.CharField(_("counted from"), max_length=16, choices=RetentionTrigger.choices)
    min_days = models.PositiveIntegerField(_("kept for (days)"))
    legal_min_days = models.PositiveIntegerField(_("legal minimum (days)"), default=0)
    action = models.CharField(_("then"), max_length=16, choices=RetentionAction.choices)
    notice_days = models.PositiveIntegerField(_("notice before (days)"), default=0)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    enabled = models.BooleanField(_("applied by the daily run"), default=True)

    class Meta:
        ordering = ("category",)
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")

    def __str__(self) -> str:
        return f"{self.category}: {self.min_days} d then {self.action}"


class RetentionRun(BaseModel):
    """One application of the retention rules (daily task or ``apply_retention``)."""

    dry_run = models.BooleanField(_("dry run"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=RunStatus.choices, default=RunStatus.RUNNING
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    report = models.JSONField(_("report"), default=dict)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self) -> str:
        return f"retention run {self.created_at:%Y-%m-%d %H:%M}"


class RetentionNotice(BaseModel):
    """A user was told that data of ``category`` will be anonymised on ``due_on`` unless
    they sign in (sent ``notice_days`` before, as les-emplois does). Cancelled by activity."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="retention_notices"
    )
    category = models.SlugField(max_length=40)
    due_on = models.DateField(_("anonymised on"))
    cancelled_at = models.DateTimeField(null=True, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("retention notice")
        verbose_name_plural = _("retention notices")

    def __str__(self) -> str:
        return f"{self.category} of {self.user_id} on {self.due_on}"


class SelfInspection(BaseModel):
    """The annual self-inspection of user-information protection (GOV-04, Order 44 Art 21)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    conducted_on = models.DateField(_("conducted on"))
    conducted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    scope = models.TextField(_("scope and method"))
    summary = models.TextField(_("conclusion"))

    class Meta:
        ordering = ("-year",)
        verbose_name = _("self-inspection")
        verbose_name_plural = _("self-inspections")

    def __str__(self) -> str:
        return f"self-inspection {self.year}"


class SelfInspectionFinding(BaseModel):
    """A risk found by a self-inspection and the task that remedies it."""

    inspection = models.ForeignKey(
        SelfInspection, on_delete=models.CASCADE, related_name="findings"
    )
    description = models.TextField(_("finding"))
    severity = models.CharField(_("severity"), max_length=8, choices=FindingSeverity.choices)
    remediation = models.TextField(_("remediation"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_date = models.DateField(_("due date"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolution = models.TextField(_("what was done"), blank=True)

    class Meta:
        ordering = ("resolved_at", "due_date")
        verbose_name = _("self-inspection finding")
        verbose_name_plural = _("self-inspection findings")

    def __str__(self) -> str:
        return self.description[:40]


class BulkExportRequest(BaseModel):
    """Staff export of many people's personal information (SEC-03): above
    ``PRIVACY_BULK_EXPORT_THRESHOLD`` records a second operator must approve first."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    dataset = models.CharField(_("data set"), max_length=40)
    filters = models.JSONField(_("filters"), default=dict)
    reason = models.TextField(_("reason"))
    record_count = models.PositiveIntegerField(_("records"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=BulkExportStatus.choices,
        default=BulkExportStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    file = models.ForeignKey(
        "files.StoredFile", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    expires_at = models.DateTimeField(_("available until"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("bulk export request")
        verbose_name_plural = _("bulk export requests")

    def __str__(self) -> str:
        return f"{self.dataset} × {self.record_count} ({self.status})"

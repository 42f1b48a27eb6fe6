"""The abnormal list (异常名录): subjects that may not recruit again under any account."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rencai.core.fields import EncryptedTextField
from rencai.core.models import BaseModel
from rencai.moderation.choices import (
    CaseOutcome,
    CaseStatus,
    EvidenceKind,
    ReportCategory,
    ReportStatus,
    SubjectKind,
    TargetKind,
)


class AbnormalListEntry(BaseModel):
    """One listed subject (FRD-04). ``match_key`` is the USCC itself for organisations (a
    public identifier) and the blind index for ID and phone numbers, which are never
    stored in clear here; ``label`` is what operators see (masked for people)."""

    subject_kind = models.CharField(_("subject"), max_length=12, choices=SubjectKind.choices)
    match_key = models.CharField(max_length=64, db_index=True)
    label = models.CharField(_("listed subject"), max_length=120)
    reason = models.TextField(_("reason"))
    listed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    lift_reason = models.TextField(_("reason for lifting"), blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("abnormal-list entry")
        verbose_name_plural = _("abnormal-list entries")
        constraints = [
            models.UniqueConstraint(
                fields=["subject_kind", "match_key"],
                condition=Q(lifted_at__isnull=True),
                name="moderation_one_active_listing",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject_kind}: {self.label}"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


# --- complaints and reports (CMP-01, DIS-08, FRD-03) ----------------------------------------


class ReportCase(BaseModel):
    """Everything reported about one target while it is being handled: reports on the same
    posting, organisation, message, resume, user or review are grouped here (one open case
    per target; a decided case stays as it was and a later report opens a new one).

    ``subject_organisation``/``subject_user`` is the account answerable for the target (the
    posting's organisation, a message's sender…), used by the complaint-concentration
    trigger (FRD-03). ``account_review`` marks a case that put its account under review;
    ``paused_postings`` lists the postings the trigger paused, resumed on dismissal."""

    target_kind = models.CharField(_("reported"), max_length=16, choices=TargetKind.choices)
    target_id = models.UUIDField(_("target"))
    target_label = models.CharField(_("what was reported"), max_length=200)
    subject_organisation = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    due_date = models.DateField(_("due by"), null=True, blank=True, db_index=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=CaseOutcome.choices, blank=True)
    decision_reasons = models.TextField(_("reasons"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # A sanction imposed for this case (``rencai.sanctions``), linked by id when it exists.
    sanction_reference = models.CharField(_("sanction"), max_length=64, blank=True)
    account_review = models.BooleanField(_("account under review"), default=False)
    review_started_at = models.DateTimeField(null=True, blank=True)
    paused_postings = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ("due_date", "created_at")
        verbose_name = _("report case")
        verbose_name_plural = _("report cases")
        constraints = [
            models.UniqueConstraint(
                fields=["target_kind", "target_id"],
                condition=~Q(status="decided"),
                name="moderation_one_open_case_per_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.target_kind}: {self.target_label}"

    @property
    def is_open(self) -> bool:
        return self.status != CaseStatus.DECIDED


class Report(BaseModel):
    """One person's report. ``reference`` is public (shown to the reporter, quoted to
    customer service); anonymous reporters also get a secret token, of which only the
    SHA-256 is kept (``token_hash``). ``due_date`` is the receipt date plus the working days
    of its category (``reports.DUE_WORKING_DAYS``)."""

    reference = models.CharField(_("reference number"), max_length=16, unique=True)
    case = models.ForeignKey(ReportCase, on_delete=models.PROTECT, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    contact = EncryptedTextField(_("contact (anonymous reporter)"), blank=True)
    token_hash = models.CharField(max_length=64, blank=True)
    category = models.CharField(_("category"), max_length=32, choices=ReportCategory.choices)
    details = models.TextField(_("details"), blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    due_date = models.DateField(_("due by"), db_index=True)
    due_provisional = models.BooleanField(default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.RECEIVED
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Where the report was made from (e.g. the conversation of a reported message).
    context = models.JSONField(default=dict, blank=True)
    # Set by ``file_report`` on the new report of an anonymous visitor; never stored.
    access_token = ""

    class Meta:
        ordering = ("-received_at",)
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [models.Index(fields=["reporter", "status"], name="mod_report_reporter")]

    def __str__(self) -> str:
        return self.reference


class ImmutableQuerySet(models.QuerySet["ReportEvidence"]):
    """Evidence is never changed or removed in bulk either."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise TypeError("report evidence is immutable")

    def delete(self) -> NoReturn:
        raise TypeError("report evidence is immutable")


class ReportEvidence(BaseModel):
    """Evidence kept as it was received (CMP-01, REG-03): an uploaded file (its SHA-256
    recorded at upload) or the snapshot of the target at report time (a posting's title
    and text of its live version, a message's text). Rows are written once: there is no
    path to change or delete them."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=10, choices=EvidenceKind.choices)
    file = models.ForeignKey(
        "files.StoredFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    snapshot = models.JSONField(_("snapshot"), default=dict, blank=True)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ("created_at",)
        verbose_name = _("report evidence")
        verbose_name_plural = _("report evidence")

    def __str__(self) -> str:
        return f"{self.kind} {self.sha256[:12]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("report evidence is immutable")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("report evidence is immutable")


class ReportStatusUpdate(BaseModel):
    """One step of a report's timeline as its reporter sees it (received, being handled,
    a note from trust & safety, the outcome)."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="updates")
    status = models.CharField(_("status"), max_length=16, choices=ReportStatus.choices)
    note = models.TextField(_("note to the reporter"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("created_at",)
        verbose_name = _("report status update")
        verbose_name_plural = _("report status updates")

    def __str__(self) -> str:
        return f"{self.report_id} {self.status}"


class CaseSanction(BaseModel):
    """A sanction (``rencai.sanctions``) imposed because of a case: a case may lead to
    several (a take-down of the posting and a suspension of its organisation), each linked
    once. Written by ``report_sanctions.impose_for_case``; never changed."""

    case = models.ForeignKey(ReportCase, on_delete=models.PROTECT, related_name="sanction_links")
    sanction = models.OneToOneField(
        "sanctions.Sanction", on_delete=models.PROTECT, related_name="report_case_link"
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ("created_at",)
        verbose_name = _("sanction of a report case")
        verbose_name_plural = _("sanctions of report cases")

    def __str__(self) -> str:
        return f"{self.case_id} → {self.sanction_id}"

"""Sanctions, the notices sent about them, appeals and reports to the authorities
(FRD-02, FRD-04, REG-03; Seed-000 §四).

Personal data: a sanction names the account (``user``) and/or the organisation; the
evidence bundle is a snapshot written once by ``impose_sanction`` and never changed, with
masked identifiers only (phone and ID numbers are never copied into it). Appeals hold the
appellant's statement and evidence files. Retention: sanctions and appeals are service
records (kept 3 years, RET-01); an account's erasure keeps them, as the platform must be
able to show why it acted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rencai.core.models import BaseModel
from rencai.sanctions.choices import (
    AppealStatus,
    Authority,
    AuthorityReportStatus,
    SanctionKind,
    SanctionStatus,
)


class Sanction(BaseModel):
    """One step of the ladder imposed on a person and/or an organisation.

    ``effects`` records what the imposition changed elsewhere (abnormal-list entries,
    postings paused or taken down, sessions ended) so an overturn can reverse it.
    ``evidence`` is the immutable bundle and ``evidence_sha256`` its digest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sanctions",
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sanctions",
    )
    posting = models.ForeignKey(
        "jobs.JobPosting",
        verbose_name=_("posting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sanctions",
    )
    kind = models.CharField(_("measure"), max_length=24, choices=SanctionKind.choices)
    severity = models.PositiveSmallIntegerField(_("severity"))
    rule = models.CharField(_("rule broken"), max_length=40)
    reason = models.TextField(_("reason"))
    evidence = models.JSONField(_("evidence bundle"), default=dict)
    evidence_sha256 = models.CharField(_("SHA-256 of the evidence"), max_length=64)
    evidence_files = models.ManyToManyField(
        "files.StoredFile", verbose_name=_("evidence files"), blank=True, related_name="+"
    )
    imposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=SanctionStatus.choices, default=SanctionStatus.ACTIVE
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ended by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    end_reason = models.TextField(_("reason for ending"), blank=True)
    effects = models.JSONField(_("effects"), default=dict)

    class Meta:
        ordering = ("-starts_at",)
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(organisation__isnull=False),
                name="sanction_has_subject",
            )
        ]
        indexes = [models.Index(fields=["status", "ends_at"])]

    def __str__(self) -> str:
        return f"{self.kind} ({self.status})"

    @property
    def is_permanent(self) -> bool:
        return self.ends_at is None

    @property
    def in_force(self) -> bool:
        """Active and within its period right now."""
        now = timezone.now()
        return (
            self.status == SanctionStatus.ACTIVE
            and self.starts_at <= now
            and (self.ends_at is None or self.ends_at > now)
        )


class SanctionNotice(BaseModel):
    """The notice sent to one person about a sanction: the reason, the rule and the appeal
    link (FRD-02). One per recipient (the person, or each administrator of the
    organisation)."""

    sanction = models.ForeignKey(Sanction, on_delete=models.PROTECT, related_name="notices")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sanction_notices"
    )
    notification = models.ForeignKey(
        "notifications.Notification",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("reason"))
    appeal_url = models.CharField(_("appeal link"), max_length=200)
    appeal_until = models.DateTimeField(_("appeal until"))

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("sanction notice")
        verbose_name_plural = _("sanction notices")

    def __str__(self) -> str:
        return f"notice {self.sanction_id} → {self.recipient_id}"


class Appeal(BaseModel):
    """The sanctioned person's (or organisation administrator's) appeal, decided by an
    operator other than the one who imposed the sanction. One appeal per sanction."""

    sanction = models.OneToOneField(Sanction, on_delete=models.PROTECT, related_name="appeal")
    appellant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("appellant"),
        on_delete=models.PROTECT,
        related_name="sanction_appeals",
    )
    statement = models.TextField(_("statement"))
    evidence_files = models.ManyToManyField(
        "files.StoredFile", verbose_name=_("evidence files"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=AppealStatus.choices, default=AppealStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reasons for the decision"), blank=True)

    class Meta:
        ordering = ("created_at",)
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")

    def __str__(self) -> str:
        return f"appeal {self.sanction_id} ({self.status})"


class AuthorityReport(BaseModel):
    """An item to report to the human-resources authority, or the police for fraud
    (REG-03), created with a copy of the evidence bundle for a sanction at or above
    ``SANCTION_AUTHORITY_SEVERITY``. An operator records the submission's reference."""

    sanction = models.ForeignKey(
        Sanction, on_delete=models.PROTECT, related_name="authority_reports"
    )
    authority = models.CharField(_("authority"), max_length=16, choices=Authority.choices)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AuthorityReportStatus.choices,
        default=AuthorityReportStatus.DRAFTED,
    )
    evidence = models.JSONField(_("evidence bundle"), default=dict)
    evidence_sha256 = models.CharField(_("SHA-256 of the evidence"), max_length=64)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submission_reference = models.CharField(_("submission reference"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ("created_at",)
        verbose_name = _("report to an authority")
        verbose_name_plural = _("reports to authorities")
        constraints = [
            models.UniqueConstraint(
                fields=["sanction", "authority"], name="one_authority_report_per_sanction"
            )
        ]

    def __str__(self) -> str:
        return f"{self.authority} report {self.sanction_id} ({self.status})"

"""Applications, the organisation's pipeline, internal notes and invitations to apply
(PI-05, PI-07, DIS-03, DIS-04, JOB-10).

An application sends a snapshot of one resume to one verified organisation for one posting,
with the seeker's explicit consent naming that organisation (PI-05). The organisation works
it through its own pipeline stages; notes and ratings stay inside the organisation. The
seeker sees the stage kind and a timeline, never the internal notes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rencai.applications.choices import (
    ApplicationSource,
    ApplicationStatus,
    InvitationStatus,
    RejectionReason,
    StageKind,
)
from rencai.core.models import BaseModel
from rencai.jobs.models import JobPosting
from rencai.orgs.models import Organisation
from rencai.resumes.models import Resume


class PipelineStage(BaseModel):
    """One column of an organisation's pipeline. Stages are renamed, reordered and added by
    the organisation's admins; a stage with applications is archived, never deleted."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="pipeline_stages"
    )
    kind = models.CharField(_("meaning"), max_length=12, choices=StageKind.choices)
    name = models.CharField(_("name"), max_length=20)
    name_en = models.CharField(_("English name"), max_length=30, blank=True)
    position = models.PositiveSmallIntegerField(_("order"))
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    class Meta:
        ordering = ("position",)
        verbose_name = _("pipeline stage")
        verbose_name_plural = _("pipeline stages")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                condition=Q(archived_at__isnull=True),
                name="applications_stage_name_once",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Application(BaseModel):
    """One seeker's application to one posting. ``snapshot`` is the resume exactly as sent
    (the seeker may edit or delete the resume later); ``consent_*`` record what the seeker
    confirmed: which organisation receives which categories of data under which text."""

    seeker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications"
    )
    resume = models.ForeignKey(
        Resume, on_delete=models.SET_NULL, null=True, blank=True, related_name="applications"
    )
    posting = models.ForeignKey(JobPosting, on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="applications"
    )
    stage = models.ForeignKey(PipelineStage, on_delete=models.PROTECT, related_name="applications")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.ACTIVE,
    )
    source = models.CharField(
        _("source"),
        max_length=12,
        choices=ApplicationSource.choices,
        default=ApplicationSource.DIRECT,
    )
    snapshot = models.JSONField(_("resume as sent"))
    cover_note = models.TextField(_("cover note"), blank=True)

    consent_recipient = models.CharField(_("recipient"), max_length=100)
    consent_recipient_uscc = models.CharField(_("recipient's USCC"), max_length=18)
    consent_categories = models.JSONField(_("data provided"), default=list)
    consent_text_hash = models.CharField(_("consent text hash"), max_length=64)
    consented_at = models.DateTimeField(_("consented at"))

    rejection_reason = models.CharField(
        _("reason"), max_length=24, choices=RejectionReason.choices, blank=True
    )
    rejection_message = models.TextField(_("message to the seeker"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    seen_by_org_at = models.DateTimeField(_("first viewed at"), null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("possible duplicate of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["seeker", "posting"],
                condition=Q(status="active"),
                name="applications_one_active_per_job",
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "created_at"], name="appl_org_status"),
            models.Index(fields=["posting", "stage"], name="appl_posting_stage"),
            models.Index(fields=["seeker", "created_at"], name="appl_seeker"),
        ]

    def __str__(self) -> str:
        return f"{self.seeker_id} → {self.posting_id} ({self.status})"


class StageChange(BaseModel):
    """The application's history: every stage or status change, who made it and when."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="history")
    from_stage = models.ForeignKey(
        PipelineStage, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_stage = models.ForeignKey(PipelineStage, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=ApplicationStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("created_at",)
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")

    def __str__(self) -> str:
        return f"{self.application_id} → {self.to_stage_id}"


class ApplicationNote(BaseModel):
    """An internal note, optionally with a 1–5 rating: seen only by the organisation."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("note"), blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)

    class Meta:
        ordering = ("created_at",)
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self) -> str:
        return f"note on {self.application_id}"


class ApplyInvitation(BaseModel):
    """An organisation found a resume in resume search and invites the seeker to apply to a
    posting. The organisation sees contact details only once the seeker accepts (PI-07)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    posting = models.ForeignKey(JobPosting, on_delete=models.PROTECT, related_name="invitations")
    resume = models.ForeignKey(Resume, on_delete=models.CASCADE, related_name="invitations")
    seeker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="apply_invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InvitationStatus.choices,
        default=InvitationStatus.PENDING,
    )
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"))
    application = models.OneToOneField(
        Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitation"
    )

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("invitation to apply")
        verbose_name_plural = _("invitations to apply")
        constraints = [
            models.UniqueConstraint(
                fields=["seeker", "posting"],
                condition=Q(status="pending"),
                name="applications_one_pending_invitation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} invites {self.seeker_id} to {self.posting_id}"

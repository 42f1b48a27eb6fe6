"""Risk assessments of postings and accounts (FRD-01, FRD-06, JOB-09)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rencai.core.models import BaseModel
from rencai.risk.choices import ReviewOutcome, RiskLevel, SubjectKind, Trigger


class RiskAssessment(BaseModel):
    """One computed risk score of a posting, an organisation or a person, with the factors
    that made it (``signals``: ``[{"code", "weight", "evidence"}]``, heaviest first).

    A new row is written only when the score or its factors change; the newest row of a
    subject is ``is_current``. An operator reviews a row (cleared / confirmed, with a note);
    a later change of score starts a new, unreviewed row. Holds no personal data beyond the
    subject's id and counts."""

    subject_kind = models.CharField(_("subject"), max_length=12, choices=SubjectKind.choices)
    posting = models.ForeignKey(
        "jobs.JobPosting", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    score = models.PositiveSmallIntegerField(_("risk score"))
    level = models.CharField(_("level"), max_length=8, choices=RiskLevel.choices)
    signals = models.JSONField(_("factors"), default=list)
    trigger = models.CharField(_("computed on"), max_length=12, choices=Trigger.choices)
    computed_at = models.DateTimeField(_("computed at"))
    is_current = models.BooleanField(default=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_outcome = models.CharField(
        _("review outcome"), max_length=12, choices=ReviewOutcome.choices, blank=True
    )
    review_note = models.TextField(_("reviewer's note"), blank=True)

    class Meta:
        ordering = ("-computed_at",)
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")
        indexes = [
            models.Index(fields=["is_current", "level"], name="risk_current_level"),
            models.Index(fields=["posting", "is_current"], name="risk_posting_current"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(subject_kind="posting", posting__isnull=False)
                    | Q(subject_kind="organisation", organisation__isnull=False)
                    | Q(subject_kind="user", user__isnull=False)
                ),
                name="risk_assessment_has_subject",
            ),
            models.UniqueConstraint(
                fields=["posting"], condition=Q(is_current=True), name="risk_one_current_posting"
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(is_current=True, subject_kind="organisation"),
                name="risk_one_current_organisation",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(is_current=True, subject_kind="user"),
                name="risk_one_current_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_kind} {self.score} ({self.level})"

    @property
    def subject_id(self) -> object:
        return {
            SubjectKind.POSTING: self.posting_id,
            SubjectKind.ORGANISATION: self.organisation_id,
            SubjectKind.USER: self.user_id,
        }.get(self.subject_kind)  # type: ignore[call-overload]

    @property
    def is_reviewed(self) -> bool:
        return bool(self.review_outcome)

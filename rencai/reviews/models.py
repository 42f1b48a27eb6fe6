"""Employer reviews and headhunter ratings (Seed-000), and the organisation's one reply.

A review is personal data of its author (catalogued in ``rencai.privacy.catalogue``): the
copy (PI-12) contains it; erasure blanks the text, the masked text and the screening
findings, and turns the name display off (the scores stay, so aggregates stay true). No
field is encrypted, so ``rotate_field_encryption`` has nothing to do here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rencai.applications.models import Application
from rencai.core.models import BaseModel
from rencai.orgs.models import Membership, Organisation
from rencai.reviews.choices import RemovalReason, ReplyStatus, ReviewKind, ReviewStatus

SCORE_FIELDS = (
    "score_overall",
    "score_interview",
    "score_honesty",
    "score_professionalism",
    "score_responsiveness",
)


class EmployerReview(BaseModel):
    """A seeker's review of an organisation, entitled by one of their applications.

    ``text`` is what the author wrote (only the author and operators see it);
    ``display_text`` is the same with staff names masked, the only text shown to the
    public and the organisation. ``anonymous`` (on by default) shows the author as
    匿名求职者; the author's name or id never reaches the organisation either way.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="reviews")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews"
    )
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="review")
    headhunter = models.ForeignKey(
        Membership,
        verbose_name=_("headhunter"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For headhunter ratings: the agency staff member who owned the posting."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ReviewKind.choices)
    score_overall = models.PositiveSmallIntegerField(_("overall"))
    score_interview = models.PositiveSmallIntegerField(
        _("interview experience"), null=True, blank=True
    )
    score_honesty = models.PositiveSmallIntegerField(_("honesty of the posting"))
    score_professionalism = models.PositiveSmallIntegerField(
        _("professionalism"), null=True, blank=True
    )
    score_responsiveness = models.PositiveSmallIntegerField(
        _("responsiveness"), null=True, blank=True
    )
    text = models.TextField(_("review"))
    display_text = models.TextField(_("review as shown"), blank=True)
    anonymous = models.BooleanField(_("show as an anonymous seeker"), default=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReviewStatus.choices,
        default=ReviewStatus.PENDING_SCREENING,
    )
    screening_findings = models.JSONField(_("screening findings"), default=list, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    removal_reasons = models.JSONField(_("removal reasons"), default=list, blank=True)
    removal_note = models.TextField(_("removal note"), blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("employer review")
        verbose_name_plural = _("employer reviews")
        constraints = [
            models.CheckConstraint(
                condition=Q(score_overall__gte=1, score_overall__lte=5)
                & Q(score_honesty__gte=1, score_honesty__lte=5)
                & (
                    Q(score_interview__isnull=True)
                    | Q(score_interview__gte=1, score_interview__lte=5)
                )
                & (
                    Q(score_professionalism__isnull=True)
                    | Q(score_professionalism__gte=1, score_professionalism__lte=5)
                )
                & (
                    Q(score_responsiveness__isnull=True)
                    | Q(score_responsiveness__gte=1, score_responsiveness__lte=5)
                ),
                name="reviews_scores_1_to_5",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "created_at"], name="review_org_status"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} review of {self.organisation_id} ({self.status})"

    @property
    def is_published(self) -> bool:
        return self.status == ReviewStatus.PUBLISHED

    @property
    def removal_reason_labels(self) -> list[str]:
        labels = dict(RemovalReason.choices)
        return [str(labels.get(code, code)) for code in self.removal_reasons]


class ReviewReply(BaseModel):
    """The organisation's one public reply to a review, written by an administrator and
    screened like the review (``display_text`` has personal names masked)."""

    review = models.OneToOneField(EmployerReview, on_delete=models.CASCADE, related_name="reply")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("reply"))
    display_text = models.TextField(_("reply as shown"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReplyStatus.choices, default=ReplyStatus.PUBLISHED
    )
    screening_findings = models.JSONField(_("screening findings"), default=list, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("review reply")
        verbose_name_plural = _("review replies")

    def __str__(self) -> str:
        return f"reply to {self.review_id} ({self.status})"

    @property
    def is_published(self) -> bool:
        return self.status == ReplyStatus.PUBLISHED

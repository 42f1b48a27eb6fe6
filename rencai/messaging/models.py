"""Interviews, conversations and virtual numbers between a seeker and an organisation
(DIS-05, FRD-05, PI-07).

A conversation belongs to one application or one invitation to apply. Messages are kept as
sent; ``safety_flags`` record the FRD-05 patterns found in a message to a seeker (fees,
transfers, moving to another app) so the seeker's side shows a warning with it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rencai.applications.models import Application, ApplyInvitation
from rencai.core.models import BaseModel
from rencai.files.models import StoredFile
from rencai.messaging.choices import (
    InterviewMode,
    InterviewStatus,
    Recommendation,
    Side,
)
from rencai.orgs.models import Membership, Organisation


class Conversation(BaseModel):
    seeker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversations"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="conversations"
    )
    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, null=True, blank=True, related_name="conversation"
    )
    invitation = models.OneToOneField(
        ApplyInvitation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="conversation",
    )
    last_message_at = models.DateTimeField(_("last message at"), null=True, blank=True)
    seeker_read_at = models.DateTimeField(_("seeker read up to"), null=True, blank=True)
    organisation_read_at = models.DateTimeField(_("organisation read up to"), null=True, blank=True)
    blocked_by = models.CharField(_("blocked by"), max_length=12, choices=Side.choices, blank=True)
    blocked_at = models.DateTimeField(_("blocked at"), null=True, blank=True)

    class Meta:
        ordering = ("-last_message_at", "-created_at")
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            models.CheckConstraint(
                condition=Q(application__isnull=False) | Q(invitation__isnull=False),
                name="messaging_conversation_has_subject",
            )
        ]
        indexes = [
            models.Index(fields=["seeker", "last_message_at"], name="conv_seeker"),
            models.Index(fields=["organisation", "last_message_at"], name="conv_org"),
        ]

    def __str__(self) -> str:
        return f"{self.seeker_id} ↔ {self.organisation_id}"


class Message(BaseModel):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    side = models.CharField(_("from"), max_length=12, choices=Side.choices)
    body = models.TextField(_("message"), blank=True)
    attachment = models.ForeignKey(
        StoredFile, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    safety_flags = models.JSONField(_("safety warnings"), default=list, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ("created_at",)
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["conversation", "created_at"], name="msg_conv_created")]

    def __str__(self) -> str:
        return f"{self.side} in {self.conversation_id}"


class InterviewTemplate(BaseModel):
    """An organisation's reusable interview plan: a name, instructions to the candidate and
    the interviewers' questions, screened so that none asks about marriage, childbearing,
    pregnancy or HBV (DIS-05)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="interview_templates"
    )
    name = models.CharField(_("name"), max_length=60)
    mode = models.CharField(_("how"), max_length=8, choices=InterviewMode.choices)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=45)
    instructions = models.TextField(_("instructions to the candidate"), blank=True)
    questions = models.JSONField(_("questions"), default=list, blank=True)

    class Meta:
        ordering = ("name",)
        verbose_name = _("interview template")
        verbose_name_plural = _("interview templates")

    def __str__(self) -> str:
        return self.name


class Interview(BaseModel):
    """One interview round of an application: the organisation proposes slots, the seeker
    picks one (or declines, or asks for other times)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="interviews"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    mode = models.CharField(_("how"), max_length=8, choices=InterviewMode.choices)
    address = models.CharField(_("address"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=45)
    instructions = models.TextField(_("instructions to the candidate"), blank=True)
    questions = models.JSONField(_("questions"), default=list, blank=True)
    interviewers = models.ManyToManyField(Membership, related_name="interviews", blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=InterviewStatus.choices,
        default=InterviewStatus.PROPOSED,
    )
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    seeker_note = models.TextField(_("candidate's note"), blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        indexes = [models.Index(fields=["status", "starts_at"], name="interview_status_start")]

    def __str__(self) -> str:
        return f"round {self.round} of {self.application_id}"


class InterviewSlot(BaseModel):
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts at"))
    chosen = models.BooleanField(_("chosen"), default=False)

    class Meta:
        ordering = ("starts_at",)
        verbose_name = _("time slot")
        verbose_name_plural = _("time slots")

    def __str__(self) -> str:
        return self.starts_at.isoformat()


class Scorecard(BaseModel):
    """One interviewer's assessment of one interview; seen only inside the organisation."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="scorecards")
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    rating = models.PositiveSmallIntegerField(_("overall rating"))
    recommendation = models.CharField(
        _("recommendation"), max_length=12, choices=Recommendation.choices
    )
    criteria = models.JSONField(_("ratings per question"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ("created_at",)
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "interviewer"], name="messaging_one_scorecard_each"
            )
        ]

    def __str__(self) -> str:
        return f"{self.interviewer_id} on {self.interview_id}"


class VirtualNumber(BaseModel):
    """A temporary number the provider maps to the two parties of a conversation (PI-07):
    the organisation calls it instead of the seeker's real number, until it expires."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="virtual_numbers"
    )
    caller = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("virtual number"), max_length=20)
    provider = models.CharField(_("provider"), max_length=32)
    provider_reference = models.CharField(_("provider reference"), max_length=80)
    expires_at = models.DateTimeField(_("expires at"))
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("virtual number")
        verbose_name_plural = _("virtual numbers")

    def __str__(self) -> str:
        return self.number

"""Job postings and their immutable versions (JOB-01…JOB-10, RET-01).

A posting is the stable identity (organisation, owner, state, validity); its content lives in
numbered versions. A version is edited only while it is a draft; once submitted it never
changes. The public sees the posting's ``live_version`` (the last approved one), so editing a
published posting creates a new version that goes live only when approved.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rencai.core.models import BaseModel
from rencai.jobs.choices import (
    Education,
    EmploymentType,
    EventKind,
    PayPeriod,
    PostingStatus,
    VersionStatus,
)
from rencai.orgs.models import Membership, Organisation


class JobPosting(BaseModel):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="postings"
    )
    client = models.ForeignKey(
        Organisation,
        verbose_name=_("client organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agency_postings",
        help_text=_("For agencies: the verified employer the vacancy belongs to (VER-09)."),
    )
    entrustment = models.CharField(
        _("entrustment record"),
        max_length=200,
        blank=True,
        help_text=_("The agency's contract or letter of entrustment with the client."),
    )
    source = models.CharField(
        _("information source"),
        max_length=200,
        blank=True,
        help_text=_("For reposted vacancies: where the information comes from (JOB-06)."),
    )
    owner = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="postings")
    status = models.CharField(
        _("status"), max_length=12, choices=PostingStatus.choices, default=PostingStatus.DRAFT
    )
    live_version = models.ForeignKey(
        "JobPostingVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("first published at"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True, db_index=True)
    minor_prohibited = models.BooleanField(_("not for minors"), default=False)
    risk_score = models.PositiveSmallIntegerField(_("risk score"), default=0)
    view_count = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("job posting")
        verbose_name_plural = _("job postings")
        indexes = [models.Index(fields=["status", "valid_until"])]

    def __str__(self) -> str:
        return f"{self.pk} ({self.status})"


class JobPostingVersion(BaseModel):
    """One version of a posting's content, with its screening result and review."""

    posting = models.ForeignKey(JobPosting, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    title = models.CharField(_("job title"), max_length=60)
    category = models.CharField(_("job category"), max_length=12)
    openings = models.PositiveIntegerField(_("openings"))
    employment_type = models.CharField(
        _("employment type"), max_length=12, choices=EmploymentType.choices
    )
    description = models.TextField(_("job content"))
    requirements = models.TextField(_("requirements"))
    education = models.CharField(
        _("education"), max_length=16, choices=Education.choices, default=Education.ANY
    )
    experience_years = models.PositiveSmallIntegerField(_("years of experience"), default=0)
    skills = models.JSONField(_("skills"), default=list)
    working_hours = models.CharField(_("working hours"), max_length=200)
    shifts = models.CharField(_("shifts"), max_length=200, blank=True)
    environment = models.CharField(_("working environment"), max_length=300, blank=True)
    locations = models.JSONField(_("work locations"), default=list)
    pay_min = models.PositiveIntegerField(_("pay from (CNY)"))
    pay_max = models.PositiveIntegerField(_("pay up to (CNY)"))
    pay_period = models.CharField(_("pay period"), max_length=8, choices=PayPeriod.choices)
    months_per_year = models.PositiveSmallIntegerField(_("months of pay per year"), default=12)
    benefits = models.JSONField(_("benefits"), default=list)
    occupational_hazards = models.TextField(_("occupational hazards"), blank=True)
    probation_months = models.PositiveSmallIntegerField(
        _("probation (months)"), null=True, blank=True
    )
    qa = models.JSONField(_("questions and answers"), default=list)
    targets_foreign_nationals = models.BooleanField(_("open to foreign nationals"), default=False)
    work_permit_acknowledged = models.BooleanField(
        _("work-permit rules acknowledged"), default=False
    )
    valid_until = models.DateField(_("valid until"))
    verdict = models.CharField(_("screening verdict"), max_length=8, blank=True)
    findings = models.JSONField(_("screening findings"), default=list)
    justification = models.TextField(
        _("justification"),
        blank=True,
        help_text=_("Why a contested requirement is necessary for this job."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reasons = models.JSONField(_("reasons"), default=list)
    note = models.TextField(_("reviewer's note"), blank=True)

    class Meta:
        ordering = ("-number",)
        verbose_name = _("posting version")
        verbose_name_plural = _("posting versions")
        constraints = [
            models.UniqueConstraint(fields=["posting", "number"], name="jobs_version_number"),
            models.UniqueConstraint(
                fields=["posting"],
                condition=Q(status__in=["draft", "pending"]),
                name="jobs_one_open_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.number} ({self.status})"


class PostingEvent(BaseModel):
    """An immutable record of everything that happened to a posting (JOB-08, RET-01)."""

    posting = models.ForeignKey(JobPosting, on_delete=models.PROTECT, related_name="events")
    version = models.ForeignKey(
        JobPostingVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("event"), max_length=12, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reasons = models.JSONField(_("reasons"), default=list)
    note = models.TextField(_("note"), blank=True)
    evidence = models.JSONField(_("evidence"), default=dict)

    class Meta:
        ordering = ("created_at",)
        verbose_name = _("posting event")
        verbose_name_plural = _("posting events")

    def __str__(self) -> str:
        return f"{self.posting_id} {self.kind}"


class ScreeningRuleSet(BaseModel):
    """Operators' additions to the screening rules, as a rule file (TOML, the format of
    ``rencai/jobs/screening/rules``). Every save is a new, immutable version; the newest is
    in force (DIS-01: operators extend the lexicon without a code change, audited)."""

    number = models.PositiveIntegerField(_("version"), unique=True)
    text = models.TextField(_("rules"))
    sha256 = models.CharField(max_length=64)
    rule_count = models.PositiveIntegerField(_("rules"))
    note = models.CharField(_("what changed"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ("-number",)
        verbose_name = _("screening rule set")
        verbose_name_plural = _("screening rule sets")

    def __str__(self) -> str:
        return f"v{self.number} ({self.rule_count} rules)"

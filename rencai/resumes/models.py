"""Seekers' resumes, their sections and attachments, visibility and "who viewed me"
(PI-05…PI-09, DIS-09).

A seeker has one or more resumes (a Chinese and an English one, say). Only job-related data
is collected (DIS-09): there are deliberately no fields for marital or childbearing status,
pregnancy, health or HBV, height, weight or blood type. Ethnicity, hukou, political status
and a photo are optional and never offered as employer filters. Phone and e-mail are stored
encrypted and shown to an organisation only after the seeker applied to it or accepted its
invitation (PI-07).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rencai.core.fields import EncryptedTextField
from rencai.core.models import BaseModel
from rencai.files.models import StoredFile
from rencai.jobs.choices import Education
from rencai.orgs.models import Organisation
from rencai.resumes.choices import (
    EntryKind,
    PoliticalStatus,
    ResumeLanguage,
    ViewKind,
    ViewSource,
    Visibility,
    WorkStatus,
)

# Resume fields that must never be offered as a filter or used to rank (DIS-03, DIS-09).
PROTECTED_FIELDS = frozenset({"ethnicity", "hukou_division", "political_status", "photo"})


class Resume(BaseModel):
    """One resume of one seeker. Lists of small items (intended categories and cities,
    employment types, skills, languages, portfolio links) are JSON; the repeated sections
    are ``ResumeEntry`` rows."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resumes"
    )
    title = models.CharField(_("resume name"), max_length=40)
    language = models.CharField(
        _("language"), max_length=8, choices=ResumeLanguage.choices, default=ResumeLanguage.CHINESE
    )
    is_primary = models.BooleanField(_("default resume"), default=False)
    visibility = models.CharField(
        _("who may find it"), max_length=12, choices=Visibility.choices, default=Visibility.HIDDEN
    )
    visibility_changed_at = models.DateTimeField(_("visibility changed at"), null=True, blank=True)

    # Basic information
    full_name = models.CharField(_("name"), max_length=40)
    phone = EncryptedTextField(_("mobile number"), blank=True)
    email = EncryptedTextField(_("e-mail"), blank=True)
    city = models.CharField(_("current city"), max_length=6, blank=True)
    work_status = models.CharField(
        _("work status"), max_length=12, choices=WorkStatus.choices, default=WorkStatus.OPEN
    )
    available_from = models.DateField(_("can start on"), null=True, blank=True)

    # Job intention
    intended_categories = models.JSONField(_("intended job categories"), default=list, blank=True)
    intended_cities = models.JSONField(_("intended cities"), default=list, blank=True)
    employment_types = models.JSONField(_("employment types"), default=list, blank=True)
    pay_min = models.PositiveIntegerField(_("expected pay from (CNY/month)"), null=True, blank=True)
    pay_max = models.PositiveIntegerField(
        _("expected pay up to (CNY/month)"), null=True, blank=True
    )

    skills = models.JSONField(_("skills"), default=list, blank=True)  # [{"name", "level"}]
    languages = models.JSONField(
        _("languages"), default=list, blank=True
    )  # [{"language", "level"}]
    links = models.JSONField(_("portfolio links"), default=list, blank=True)  # [{"title", "url"}]
    self_assessment = models.TextField(_("self-assessment"), blank=True)

    # Optional, never an employer filter (DIS-09)
    ethnicity = models.CharField(_("ethnicity (optional)"), max_length=20, blank=True)
    hukou_division = models.CharField(_("hukou location (optional)"), max_length=6, blank=True)
    political_status = models.CharField(
        _("political status (optional)"),
        max_length=20,
        choices=PoliticalStatus.choices,
        blank=True,
    )
    photo = models.ForeignKey(
        StoredFile,
        verbose_name=_("photo (optional)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    # Derived by the actions from the sections, for search and display
    highest_education = models.CharField(
        _("highest education"), max_length=16, choices=Education.choices, default=Education.ANY
    )
    experience_months = models.PositiveIntegerField(_("months of work experience"), default=0)
    completeness = models.PositiveSmallIntegerField(_("completeness (%)"), default=0)

    class Meta:
        ordering = ("-is_primary", "-updated_at")
        verbose_name = _("resume")
        verbose_name_plural = _("resumes")
        indexes = [models.Index(fields=["visibility", "updated_at"], name="resume_visibility")]

    def __str__(self) -> str:
        return f"{self.title} ({self.owner_id})"

    @property
    def experience_years(self) -> int:
        return self.experience_months // 12


class ResumeEntry(BaseModel):
    """One item of a repeated section: a job, a project, a school, a course or a certificate.

    ``organisation`` is the employer, school, training provider or issuer; ``title`` the
    position, project name, major, course or certificate; ``degree`` only for education.
    ``end`` empty means "until now".
    """

    resume = models.ForeignKey(Resume, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("section"), max_length=12, choices=EntryKind.choices)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    organisation = models.CharField(_("organisation"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=100)
    degree = models.CharField(_("degree"), max_length=16, choices=Education.choices, blank=True)
    start = models.DateField(pgettext_lazy("period", "from"), null=True, blank=True)
    end = models.DateField(pgettext_lazy("period", "to"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ("kind", "position", "-start")
        verbose_name = _("resume entry")
        verbose_name_plural = _("resume entries")

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"


class ResumeAttachment(BaseModel):
    """A file attached to a resume (a PDF or DOCX CV, a portfolio image), with its text."""

    resume = models.ForeignKey(Resume, on_delete=models.CASCADE, related_name="attachments")
    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=60)
    extracted_text = models.TextField(_("extracted text"), blank=True)

    class Meta:
        ordering = ("created_at",)
        verbose_name = _("resume attachment")
        verbose_name_plural = _("resume attachments")

    def __str__(self) -> str:
        return self.title


class HiddenOrganisation(BaseModel):
    """An organisation a seeker hides all their resumes from (PI-05 (b)). Matched on the
    USCC, so a company that renames itself stays hidden."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hidden_organisations"
    )
    uscc = models.CharField(_("unified social credit code"), max_length=18)
    name = models.CharField(_("name when hidden"), max_length=100)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("name",)
        verbose_name = _("hidden organisation")
        verbose_name_plural = _("hidden organisations")
        constraints = [
            models.UniqueConstraint(fields=["owner", "uscc"], name="resumes_hidden_once")
        ]
        indexes = [models.Index(fields=["uscc"], name="resumes_hidden_uscc")]

    def __str__(self) -> str:
        return f"{self.owner_id} hides {self.uscc}"


class ResumeView(BaseModel):
    """An organisation viewed, downloaded or saw the contact details of a resume (PI-08).
    Listed to the seeker; never edited."""

    resume = models.ForeignKey(Resume, on_delete=models.CASCADE, related_name="views")
    seeker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resume_views"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    posting = models.ForeignKey(
        "jobs.JobPosting", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("what"), max_length=10, choices=ViewKind.choices)
    source = models.CharField(_("from"), max_length=12, choices=ViewSource.choices)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("resume view")
        verbose_name_plural = _("resume views")
        indexes = [models.Index(fields=["seeker", "created_at"], name="resumes_views_seeker")]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.kind} {self.resume_id}"

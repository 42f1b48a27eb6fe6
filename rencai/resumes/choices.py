"""Choices of the resumes app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ResumeLanguage(models.TextChoices):
    CHINESE = "zh-hans", _("Chinese")
    ENGLISH = "en", _("English")


class Visibility(models.TextChoices):
    """Who may find the resume in resume search (PI-05). Applications are separate: a
    resume sent with an application is always visible to that organisation."""

    HIDDEN = "hidden", _("Invisible: only organisations I apply to")
    EMPLOYERS = "employers", _("Verified employers, not headhunters")
    PUBLIC = "public", _("Verified employers and HR agencies")


class WorkStatus(models.TextChoices):
    LOOKING_NOW = "looking_now", _("Looking, can start soon")
    OPEN = "open", _("Employed, open to offers")
    NOT_LOOKING = "not_looking", _("Not looking for now")
    STUDENT = "student", _("Student, looking for internship or first job")


class EntryKind(models.TextChoices):
    """The repeated sections of a resume."""

    WORK = "work", _("Work experience")
    PROJECT = "project", _("Project")
    EDUCATION = "education", pgettext_lazy("resume section", "Education")
    TRAINING = "training", _("Training")
    CERTIFICATE = "certificate", _("Certificate")


class SkillLevel(models.TextChoices):
    BASIC = "basic", _("Basic")
    GOOD = "good", _("Good")
    ADVANCED = "advanced", _("Advanced")
    EXPERT = "expert", _("Expert")


class LanguageLevel(models.TextChoices):
    BASIC = "basic", _("Basic")
    WORKING = "working", _("Working proficiency")
    FLUENT = "fluent", _("Fluent")
    NATIVE = "native", _("Native")


class PoliticalStatus(models.TextChoices):
    """Optional (DIS-09): shown only where the seeker fills it in, never an employer filter."""

    CPC_MEMBER = "cpc_member", _("CPC member")
    CPC_PROBATIONARY = "cpc_probationary", _("CPC probationary member")
    CYL_MEMBER = "cyl_member", _("Communist Youth League member")
    OTHER_PARTY = "other_party", _("Member of another party")
    MASSES = "masses", _("Ordinary citizen")


class ViewKind(models.TextChoices):
    """What an organisation did with a resume (PI-08)."""

    VIEW = "view", _("Viewed")
    DOWNLOAD = "download", _("Downloaded")
    CONTACT = "contact", _("Saw contact details")


class ViewSource(models.TextChoices):
    SEARCH = "search", _("Resume search")
    APPLICATION = "application", _("Application")
    INVITATION = "invitation", _("Invitation to apply")

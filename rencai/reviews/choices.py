"""Choices of the reviews app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewKind(models.TextChoices):
    """An employer review (the organisation the seeker applied to) or a headhunter rating
    (the HR agency that published the posting)."""

    EMPLOYER = "employer", _("Employer review")
    HEADHUNTER = "headhunter", _("Headhunter rating")


class ReviewStatus(models.TextChoices):
    PENDING_SCREENING = "pending_screening", _("Waiting for a check by the platform")
    PUBLISHED = "published", _("Published")
    HIDDEN_BY_SCREENING = "hidden_by_screening", _("Hidden: needs changes")
    REMOVED = "removed", _("Removed by the platform")


class ReplyStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    HIDDEN_BY_SCREENING = "hidden_by_screening", _("Hidden: needs changes")


class RemovalReason(models.TextChoices):
    """Why trust & safety removed a review (a controlled list, shown to the author)."""

    PERSONAL_INFORMATION = "personal_information", _("Discloses personal information")
    ABUSIVE = "abusive", _("Abusive or insulting language")
    DISCRIMINATORY = "discriminatory", _("Discriminatory content")
    FALSE_INFORMATION = "false_information", _("False or misleading statements")
    DIVERSION = "diversion", _("Advertising or diversion off the platform")
    NOT_GENUINE = "not_genuine", _("Not a genuine experience or a conflict of interest")
    LEGAL = "legal", _("Removed on a lawful request")
    OTHER = "other", _("Other (explained in the note)")


# The score dimensions of each kind, in display order: (field name, label).
EMPLOYER_DIMENSIONS: tuple[tuple[str, str], ...] = (
    ("score_overall", "overall"),
    ("score_interview", "interview"),
    ("score_honesty", "honesty"),
)
HEADHUNTER_DIMENSIONS: tuple[tuple[str, str], ...] = (
    ("score_overall", "overall"),
    ("score_professionalism", "professionalism"),
    ("score_responsiveness", "responsiveness"),
    ("score_honesty", "honesty"),
)
DIMENSION_LABELS = {
    "overall": _("Overall"),
    "interview": _("Interview experience"),
    "honesty": _("Honesty of the posting"),
    "professionalism": _("Professionalism"),
    "responsiveness": _("Responsiveness"),
}


def dimensions_of(kind: str) -> tuple[tuple[str, str], ...]:
    return HEADHUNTER_DIMENSIONS if kind == ReviewKind.HEADHUNTER else EMPLOYER_DIMENSIONS

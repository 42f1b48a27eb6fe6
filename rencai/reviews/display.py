"""How a review is shown: the author label and the score dimensions of its kind. Shared by
the pages and the API, so neither can show the author's name to the organisation."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from rencai.core.masking import mask_name
from rencai.reviews.choices import DIMENSION_LABELS, dimensions_of
from rencai.reviews.models import EmployerReview


def author_label(review: EmployerReview) -> str:
    """匿名求职者 by default; when the author chose to show their name, only its masked
    form (王**) — never the full name, never the account id."""
    if review.anonymous or not review.author.display_name:
        return _("Anonymous job seeker")
    return mask_name(review.author.display_name.split()[-1])


def scores_of(review: EmployerReview) -> dict[str, int]:
    """``{"overall": 4, "interview": 5, ...}`` for the dimensions of the review's kind."""
    return {
        name: value
        for column, name in dimensions_of(review.kind)
        if (value := getattr(review, column)) is not None
    }


def score_rows(review: EmployerReview) -> list[dict[str, object]]:
    """(label, value) rows for a template."""
    return [
        {"name": name, "label": DIMENSION_LABELS[name], "value": value}
        for name, value in scores_of(review).items()
    ]


def report_url(review: EmployerReview) -> str:
    """The complaints module's report form for a review (it calls
    ``rencai.moderation.reports.file_report(target_kind="review")``), or "" when that page
    does not exist."""
    try:
        return reverse("moderation_reports:report", args=["review", review.pk])
    except NoReverseMatch:
        return ""

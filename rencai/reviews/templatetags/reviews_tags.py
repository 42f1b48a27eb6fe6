"""Review blocks other apps' pages include: the reviews section of the public company page
and the "write a review" button on the seeker's application page."""

from __future__ import annotations

from typing import Any

from django import template
from django.core.paginator import Paginator

from rencai.accounts.models import User
from rencai.applications.models import Application
from rencai.orgs.models import Organisation
from rencai.reviews import queries
from rencai.reviews.display import author_label, report_url, score_rows
from rencai.reviews.models import EmployerReview
from rencai.reviews.permissions import application_entitles_review, can_inspect_reviews

register = template.Library()
SECTION_PAGE_SIZE = 25


@register.inclusion_tag("reviews/_org_section.html", takes_context=True)
def org_reviews(context: template.Context, org: Organisation) -> dict[str, Any]:
    """Aggregate scores (bars) and the published reviews of ``org``, 25 a page
    (``?reviews_page=``)."""
    request = context.get("request")
    number = request.GET.get("reviews_page") if request is not None else None
    page = Paginator(queries.published_reviews(org), SECTION_PAGE_SIZE).get_page(number)
    return {
        "org": org,
        "aggregate": queries.aggregate(org),
        "page_obj": page,
        "rows": [
            {
                "review": review,
                "scores": score_rows(review),
                "author_label": author_label(review),
                "reply": review.reply
                if hasattr(review, "reply") and review.reply.is_published
                else None,
            }
            for review in page.object_list
        ],
    }


@register.inclusion_tag("reviews/_review_link.html")
def review_link(application: Application) -> dict[str, Any]:
    """A button to write (or see) the review this application entitles its seeker to."""
    existing = queries.review_of_application(application)
    return {
        "application": application,
        "review": existing,
        "eligible": existing is None and application_entitles_review(application),
    }


@register.simple_tag
def review_report_url(review: EmployerReview) -> str:
    """The complaints module's report form for a published review ("" otherwise)."""
    return report_url(review) if review.is_published else ""


@register.simple_tag
def stars(value: float | int | None) -> str:
    """★★★★☆ for a score (rounded), empty for none."""
    if value is None:
        return ""
    full = max(0, min(5, round(float(value))))
    return "★" * full + "☆" * (5 - full)


@register.inclusion_tag("reviews/_ops_card.html")
def reviews_ops_card(user: User) -> dict[str, Any]:
    """Operator dashboard card: reviews held for trust & safety (nothing for other staff)."""
    if not user.is_authenticated or not can_inspect_reviews(user):
        return {"show": False}
    return {"show": True, "pending": queries.pending_count()}

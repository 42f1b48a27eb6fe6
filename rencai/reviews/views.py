"""Review pages: the seeker's reviews and the write/edit form, the public review, the
organisation's reviews with the reply form, and trust & safety's list with publish and
removal. The same actions and queries as the API."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rencai.core.errors import DomainError
from rencai.core.http import AuthedRequest, require, signed_in, viewer, web_actor
from rencai.core.models import Id
from rencai.reviews import actions, queries
from rencai.reviews.choices import ReviewKind, ReviewStatus
from rencai.reviews.display import author_label, report_url, score_rows
from rencai.reviews.forms import RemoveForm, ReplyForm, ReviewForm
from rencai.reviews.models import EmployerReview
from rencai.reviews.permissions import (
    application_entitles_review,
    can_inspect_reviews,
    can_moderate_reviews,
    can_speak_for_org,
    can_write_reviews,
    is_org_staff,
)
from rencai.reviews.screening import REVIEW_NOTE, explained

PAGE_SIZE = 25


# --- the seeker -------------------------------------------------------------------------


@require(can_write_reviews)
def my_reviews_view(request: AuthedRequest) -> HttpResponse:
    page = Paginator(queries.reviews_of_author(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "reviews/mine.html",
        {
            "page_obj": page,
            "rows": [
                {
                    "review": review,
                    "scores": score_rows(review),
                    "findings": explained(review.screening_findings),
                }
                for review in page.object_list
            ],
            "reviewable": queries.reviewable_applications(request.user),
        },
    )


def _kind_of(application: object) -> str:
    posting = getattr(application, "posting")  # noqa: B009 - typed loosely on purpose
    return ReviewKind.HEADHUNTER if posting.organisation.is_agency else ReviewKind.EMPLOYER


@require(can_write_reviews)
def write_view(request: AuthedRequest, application_id: Id) -> HttpResponse:
    """Write the review an application entitles its seeker to (once it was viewed)."""
    application = queries.application_for_review(request.user, application_id)
    if application is None:
        raise Http404
    existing = queries.review_of_application(application)
    if existing is not None:
        return redirect("reviews:edit", existing.pk)
    kind = _kind_of(application)
    eligible = application_entitles_review(application)
    form = ReviewForm(request.POST or None, kind=kind)
    if request.method == "POST" and eligible and form.is_valid():
        try:
            review = actions.submit_review(
                application,
                scores=form.scores(),
                text=form.cleaned_data["text"],
                anonymous=form.cleaned_data["anonymous"],
                actor=web_actor(request),
            )
        except DomainError as error:
            form.show_error(error)
        else:
            return _after_save(request, review)
    return render(
        request,
        "reviews/write.html",
        {
            "application": application,
            "org": application.posting.organisation,
            "kind": kind,
            "eligible": eligible,
            "form": form,
        },
    )


def _after_save(request: HttpRequest, review: EmployerReview) -> HttpResponse:
    if review.status == ReviewStatus.PUBLISHED:
        messages.success(request, _("Your review is published."))
        return redirect("reviews:mine")
    if review.status == ReviewStatus.PENDING_SCREENING:
        messages.info(request, _("Your review will be published after a check by the platform."))
        return redirect("reviews:mine")
    messages.warning(request, _("Your review is hidden until you change what is marked."))
    return redirect("reviews:edit", review.pk)


@require(can_write_reviews)
def edit_view(request: AuthedRequest, review_id: Id) -> HttpResponse:
    """Edit one's review; screening findings are shown with what to change."""
    review = queries.review_of_author(request.user, review_id)
    initial = {"text": review.text, "anonymous": review.anonymous}
    initial |= {f"score_{name}": str(value) for name, value in _scores(review).items()}
    form = ReviewForm(request.POST or None, kind=review.kind, initial=initial)
    removed = review.status == ReviewStatus.REMOVED
    if request.method == "POST" and not removed and form.is_valid():
        try:
            review = actions.edit_review(
                review,
                scores=form.scores(),
                text=form.cleaned_data["text"],
                anonymous=form.cleaned_data["anonymous"],
                actor=web_actor(request),
            )
        except DomainError as error:
            form.show_error(error)
        else:
            return _after_save(request, review)
    return render(
        request,
        "reviews/edit.html",
        {
            "review": review,
            "form": form,
            "removed": removed,
            "findings": explained(review.screening_findings),
            "review_note": REVIEW_NOTE,
        },
    )


def _scores(review: EmployerReview) -> dict[str, int]:
    from rencai.reviews.display import scores_of

    return scores_of(review)


@require(can_write_reviews)
@require_POST
def withdraw_view(request: AuthedRequest, review_id: Id) -> HttpResponse:
    review = queries.review_of_author(request.user, review_id)
    try:
        actions.withdraw_review(review, actor=web_actor(request))
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("reviews:edit", review.pk)
    messages.success(request, _("Your review was withdrawn."))
    return redirect("reviews:mine")


# --- everyone: one review ------------------------------------------------------------------


def detail_view(request: HttpRequest, review_id: Id) -> HttpResponse:
    """A published review (authors and inspectors also see it in other states); trust &
    safety publishes held reviews and removes reviews here."""
    user = viewer(request)
    try:
        review = queries.review_for_viewer(user, review_id)
    except DomainError as error:
        raise Http404 from error
    return _render_detail(request, review)


def _render_detail(
    request: HttpRequest, review: EmployerReview, remove_form: RemoveForm | None = None
) -> HttpResponse:
    user = viewer(request)
    inspector = user is not None and can_inspect_reviews(user)
    moderator = user is not None and can_moderate_reviews(user)
    reply = getattr(review, "reply", None)
    return render(
        request,
        "reviews/detail.html",
        {
            "review": review,
            "row": {
                "review": review,
                "scores": score_rows(review),
                "author_label": author_label(review),
                "reply": reply if reply is not None and reply.is_published else None,
            },
            "inspector": inspector,
            "moderator": moderator,
            "findings": explained(review.screening_findings) if inspector else [],
            "remove_form": (remove_form or RemoveForm(auto_id="id_remove_%s"))
            if moderator and review.status != ReviewStatus.REMOVED
            else None,
            "report_url": report_url(review) if review.is_published else "",
        },
    )


@require(can_moderate_reviews)
@require_POST
def remove_view(request: AuthedRequest, review_id: Id) -> HttpResponse:
    try:
        review = queries.review_for_operator(review_id)
    except DomainError as error:
        raise Http404 from error
    form = RemoveForm(request.POST, auto_id="id_remove_%s")
    if form.is_valid():
        try:
            actions.remove_review(
                review,
                reasons=form.cleaned_data["reasons"],
                note=form.cleaned_data["note"],
                actor=web_actor(request),
            )
        except DomainError as error:
            form.show_error(error)
        else:
            messages.success(request, _("The review was removed."))
            return redirect("reviews:detail", review.pk)
    return _render_detail(request, review, remove_form=form)


@require(can_moderate_reviews)
@require_POST
def publish_view(request: AuthedRequest, review_id: Id) -> HttpResponse:
    try:
        review = queries.review_for_operator(review_id)
        actions.publish_held_review(review, actor=web_actor(request))
    except DomainError as error:
        if error.status == 404:
            raise Http404 from error
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The review is published."))
    return redirect("reviews:detail", review_id)


# --- the organisation ------------------------------------------------------------------------


@require(is_org_staff)
def employer_view(request: AuthedRequest) -> HttpResponse:
    """The published reviews of my organisation with the aggregate and, for
    administrators, a reply form under each review without a reply."""
    try:
        org, membership, reviews = queries.reviews_of_my_org(request.user)
    except DomainError:
        return render(request, "403.html", status=403)
    page = Paginator(reviews, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/employer.html",
        {
            "org": org,
            "aggregate": queries.aggregate(org),
            "page_obj": page,
            "rows": _employer_rows(page.object_list),
            "can_reply": can_speak_for_org(membership),
        },
    )


def _employer_rows(
    reviews: object, failed: tuple[str, ReplyForm] | None = None
) -> list[dict[str, object]]:
    rows = []
    for review in reviews:  # type: ignore[attr-defined]
        reply = getattr(review, "reply", None)
        form = None
        if reply is None or not reply.is_published:
            if failed is not None and failed[0] == str(review.pk):
                form = failed[1]
            else:
                form = ReplyForm(auto_id=f"id_reply_{review.pk.hex}_%s")
        rows.append(
            {
                "review": review,
                "scores": score_rows(review),
                "author_label": author_label(review),
                "reply": reply if reply is not None and reply.is_published else None,
                "held_reply": reply if reply is not None and not reply.is_published else None,
                "held_findings": explained(reply.screening_findings)
                if reply is not None and not reply.is_published
                else [],
                "form": form,
            }
        )
    return rows


@signed_in
@require_POST
def reply_view(request: AuthedRequest, review_id: Id) -> HttpResponse:
    try:
        review, membership = queries.review_of_my_org(request.user, review_id)
    except DomainError as error:
        if error.status == 404:
            raise Http404 from error
        return render(request, "403.html", status=403)
    form = ReplyForm(request.POST, auto_id=f"id_reply_{review.pk.hex}_%s")
    if form.is_valid():
        try:
            reply = actions.reply_to_review(
                review,
                membership=membership,
                text=form.cleaned_data["text"],
                actor=web_actor(request),
            )
        except DomainError as error:
            form.show_error(error)
        else:
            if reply.is_published:
                messages.success(request, _("Your reply is published."))
            else:
                messages.warning(
                    request, _("Your reply is hidden until you change what is marked.")
                )
            return redirect("reviews:employer")
    org = membership.organisation
    page = Paginator(queries.published_reviews(org), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/employer.html",
        {
            "org": org,
            "aggregate": queries.aggregate(org),
            "page_obj": page,
            "rows": _employer_rows(page.object_list, failed=(str(review.pk), form)),
            "can_reply": can_speak_for_org(membership),
        },
    )


# --- trust & safety ---------------------------------------------------------------------------


@require(can_inspect_reviews)
def ops_view(request: AuthedRequest) -> HttpResponse:
    """Every review by status; held reviews (pending_screening) first by default."""
    status = request.GET.get("status", ReviewStatus.PENDING_SCREENING)
    if status not in ReviewStatus.values and status != "all":
        status = ReviewStatus.PENDING_SCREENING
    reviews = queries.reviews_for_operator("" if status == "all" else status)
    page = Paginator(reviews, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/ops.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": [("all", _("All")), *ReviewStatus.choices],
            "query": f"status={status}",
            "pending": queries.pending_count(),
        },
    )

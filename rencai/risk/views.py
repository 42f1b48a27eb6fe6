"""The risk desk (FRD-01, FRD-06): the queue of assessed postings and accounts, highest
risk first; a page per assessment explaining every factor with its evidence; the review
(cleared / confirmed). The same actions and queries as the API."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rencai.core.errors import DomainError, NotFound
from rencai.core.http import AuthedRequest, require, web_actor
from rencai.core.models import Id
from rencai.risk import queries
from rencai.risk.actions import review_assessment
from rencai.risk.constants import PAGE_SIZE
from rencai.risk.forms import FilterForm, ReviewForm
from rencai.risk.models import RiskAssessment
from rencai.risk.permissions import can_review_risk, can_view_risk
from rencai.risk.scores import factors_of


@require(can_view_risk)
def queue_view(request: AuthedRequest) -> HttpResponse:
    """Current assessments, high first; filters by subject, level and "not reviewed"."""
    filters = FilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    rows = queries.assessments_for_operator(
        kind=data.get("kind", ""),
        level=data.get("level", ""),
        unreviewed=bool(data.get("unreviewed")),
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    assessments = list(page.object_list)
    labels = queries.subject_labels(assessments)
    query = urlencode({k: v for k, v in data.items() if v not in ("", None, False)})
    return render(
        request,
        "risk/queue.html",
        {
            "filters": filters if filters.is_bound else FilterForm(),
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "rows": [(a, labels[a.pk]) for a in assessments],
            "query": query,
            "can_review": can_review_risk(request.user),
        },
    )


def _found(assessment_id: Id) -> RiskAssessment:
    try:
        return queries.assessment_for_operator(assessment_id)
    except NotFound as exc:
        raise Http404 from exc


def _detail(
    request: AuthedRequest,
    assessment: RiskAssessment,
    *,
    form: ReviewForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_review = can_review_risk(request.user)
    open_for_review = assessment.is_current and not assessment.review_outcome
    return render(
        request,
        "risk/detail.html",
        {
            "assessment": assessment,
            "label": queries.subject_labels([assessment])[assessment.pk],
            "factors": factors_of(assessment.signals),
            "history": queries.history_of(assessment),
            "can_review": can_review,
            # A refused review shows its form with the error, even if no longer open.
            "form": form
            if form is not None
            else (ReviewForm() if can_review and open_for_review else None),
        },
        status=status,
    )


@require(can_view_risk)
def detail_view(request: AuthedRequest, assessment_id: Id) -> HttpResponse:
    return _detail(request, _found(assessment_id))


@require(can_view_risk)
@require_POST
def review_view(request: AuthedRequest, assessment_id: Id) -> HttpResponse:
    if not can_review_risk(request.user):
        return render(request, "403.html", status=403)
    assessment = _found(assessment_id)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            review_assessment(
                assessment,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
                actor=web_actor(request),
            )
        except DomainError as error:
            form.show_error(error)
        else:
            messages.success(request, _("Your review is recorded."))
            return redirect("risk:detail", assessment.pk)
    return _detail(request, assessment, form=form, status=400)

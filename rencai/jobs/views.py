"""HTML pages of job postings: the employer's list, form (with live screening) and posting
page with its actions, and the public job list and job page (browse mode, no account)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import push_url
from django_htmx.middleware import HtmxDetails

from rencai.core import divisions
from rencai.core.errors import DomainError
from rencai.core.forms_support import apply_domain_error
from rencai.core.http import AuthedRequest, signed_in, viewer, web_actor
from rencai.jobs import actions, queries
from rencai.jobs.actions.views import note_view
from rencai.jobs.choices import Benefit, PayPeriod, PostingStatus, VersionStatus
from rencai.jobs.content import SCREENED_FIELDS, content_of
from rencai.jobs.forms import (
    QA_PAIRS,
    PostingForm,
    RenewForm,
    SubmitForm,
    initial_from,
    mapped_error,
    split_skills,
)
from rencai.jobs.models import JobPosting, JobPostingVersion
from rencai.jobs.screening_support import finding_json, screen_fields
from rencai.jobs.templatetags.jobs_tags import annotate
from rencai.orgs.choices import AccountClass
from rencai.orgs.models import Membership, Organisation
from rencai.orgs.queries import active_membership, posting_block_reason, public_organisations
from rencai.search import page_support
from rencai.search.params import SearchParams, parse_params
from rencai.search.service import search_jobs

PAGE_SIZE = 20
SCREEN_TEXT_LIMIT = 6000
EMPLOYMENT_TYPES = {
    "full_time": "FULL_TIME",
    "part_time": "PART_TIME",
    "internship": "INTERN",
    "dispatch": "CONTRACTOR",
    "flexible": "OTHER",
}
SALARY_UNITS: dict[str, str] = {
    PayPeriod.MONTH.value: "MONTH",
    PayPeriod.DAY.value: "DAY",
    PayPeriod.HOUR.value: "HOUR",
}


# --- employer helpers ------------------------------------------------------------------


def _membership(request: AuthedRequest) -> Membership:
    """The member's organisation; people without one get the 403 page."""
    membership = active_membership(request.user)
    if membership is None:
        raise DjangoPermissionDenied
    return membership


def _own_posting(request: AuthedRequest, posting_id: str) -> tuple[JobPosting, Membership]:
    """A posting of the member's organisation (404 for anyone else)."""
    membership = active_membership(request.user)
    if membership is None:
        raise Http404
    try:
        return queries.posting_of(membership.organisation, posting_id), membership
    except DomainError as error:
        raise Http404 from error


def _clients(org: Organisation) -> QuerySet[Organisation] | None:
    """For agencies, the verified organisations they may post for (VER-09)."""
    if org.account_class != AccountClass.AGENCY:
        return None
    return public_organisations().exclude(pk=org.pk)


def _apply(form: PostingForm | SubmitForm | RenewForm, error: DomainError) -> None:
    apply_domain_error(form, mapped_error(error))


def _texts(version: JobPostingVersion) -> dict[str, str]:
    """The original text of each screened field of a stored version."""
    return content_of(version).screened_text()


def _posted_texts(data: Any) -> dict[str, str]:
    """The screened fields from a (partial) posting form, as ``screened_text`` builds them."""
    texts = {name: str(data.get(name, ""))[:SCREEN_TEXT_LIMIT] for name in SCREENED_FIELDS}
    texts["qa"] = "\n".join(
        f"{data.get(f'q{i}', '')} {data.get(f'a{i}', '')}"
        for i in range(1, QA_PAIRS + 1)
        if str(data.get(f"q{i}", "")).strip()
    )[:SCREEN_TEXT_LIMIT]
    texts["skills"] = "、".join(split_skills(str(data.get("skills", ""))))[:SCREEN_TEXT_LIMIT]
    return texts


def _noindex(context: dict[str, Any]) -> dict[str, Any]:
    return {**context, "noindex": True}


# --- employer pages --------------------------------------------------------------------


@signed_in
def employer_list_view(request: AuthedRequest) -> HttpResponse:
    membership = _membership(request)
    org = membership.organisation
    latest_title = (
        JobPostingVersion.objects.filter(posting=OuterRef("pk"))
        .order_by("-number")
        .values("title")[:1]
    )
    postings = queries.postings_of(org).annotate(latest_title=Subquery(latest_title))
    page = Paginator(postings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "jobs/employer_list.html",
        _noindex({"org": org, "page_obj": page, "block_reason": posting_block_reason(org)}),
    )


@signed_in
def create_view(request: AuthedRequest) -> HttpResponse:
    membership = _membership(request)
    org = membership.organisation
    form = PostingForm(request.POST or None, clients=_clients(org))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            posting = actions.create_posting(
                org,
                membership,
                form.content(),
                client=data.get("client"),
                entrustment=data.get("entrustment", ""),
                source=data.get("source", ""),
                actor=web_actor(request),
            )
        except DomainError as error:
            _apply(form, error)
        else:
            messages.success(
                request, _("The posting is saved as a draft. Submit it when it is ready.")
            )
            return redirect("jobs:employer_detail", posting_id=posting.pk)
    return render(
        request,
        "jobs/form.html",
        _noindex(
            {
                "org": org,
                "form": form,
                "posting": None,
                "block_reason": posting_block_reason(org),
                "screening": _screening_context(_posted_texts(form.data))
                if form.is_bound
                else None,
            }
        ),
    )


@signed_in
def edit_view(request: AuthedRequest, posting_id: str) -> HttpResponse:
    posting, membership = _own_posting(request, posting_id)
    version = queries.editable_version(posting) or queries.latest_version(posting)
    if version.status == VersionStatus.PENDING:
        messages.info(
            request, _("A version is waiting for review. Withdraw it before editing again.")
        )
        return redirect("jobs:employer_detail", posting_id=posting.pk)
    form = PostingForm(
        request.POST or None, initial=initial_from(content_of(version)), with_posting_fields=False
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_posting(posting, form.content(), actor=web_actor(request))
        except DomainError as error:
            _apply(form, error)
        else:
            messages.success(request, _("Saved. Submit the posting to have it reviewed."))
            return redirect("jobs:employer_detail", posting_id=posting.pk)
    return render(
        request,
        "jobs/form.html",
        _noindex(
            {
                "org": membership.organisation,
                "form": form,
                "posting": posting,
                "block_reason": None,
                "screening": _screening_context(
                    _posted_texts(form.data) if form.is_bound else _texts(version)
                ),
            }
        ),
    )


def _screening_context(texts: dict[str, str]) -> dict[str, Any]:
    """The live screening panel for the original texts of the screened fields."""
    if not any(texts.values()):
        return {"verdict": "", "findings": []}
    result = screen_fields(texts)
    findings = [finding_json(finding) for finding in result.findings]
    return {"verdict": result.verdict, "findings": annotate(findings, texts)}


@signed_in
@require_POST
def screen_partial_view(request: AuthedRequest) -> HttpResponse:
    """The live screening panel of the posting form (htmx; members of an organisation)."""
    _membership(request)
    return render(
        request,
        "jobs/_screening.html",
        {"screening": _screening_context(_posted_texts(request.POST))},
    )


def _detail_context(
    posting: JobPosting,
    membership: Membership,
    *,
    submit_form: SubmitForm | None = None,
    renew_form: RenewForm | None = None,
    error: DomainError | None = None,
) -> dict[str, Any]:
    open_version = queries.editable_version(posting)
    latest = queries.latest_version(posting)
    screened = next(
        (
            v
            for v in posting.versions.order_by("-number")
            if v.verdict and v.status != VersionStatus.WITHDRAWN
        ),
        None,
    )
    findings: list[dict[str, Any]] = []
    if error is not None and "findings" in error.extra and open_version is not None:
        findings = annotate(error.extra["findings"], _texts(open_version))
    elif screened is not None:
        findings = annotate(screened.findings, _texts(screened))
    needs_reason = bool(
        (error is not None and error.code == "justification_required")
        or (open_version is not None and open_version.verdict == "review")
        or (screened is not None and screened is open_version and screened.verdict == "review")
    )
    return _noindex(
        {
            "org": membership.organisation,
            "posting": posting,
            "live": posting.live_version,
            "open_version": open_version,
            "latest": latest,
            "screened": screened,
            "findings": findings,
            "blocked": error is not None and error.code == "posting_blocked",
            "needs_reason": needs_reason,
            "submit_form": submit_form or SubmitForm(),
            "renew_form": renew_form or RenewForm(initial={"valid_until": posting.valid_until}),
            "events": list(
                posting.events.select_related("version", "actor").order_by("created_at")
            ),
            "block_reason": posting_block_reason(membership.organisation),
            "can": _allowed(posting, open_version),
        }
    )


def _allowed(posting: JobPosting, open_version: JobPostingVersion | None) -> dict[str, bool]:
    status = posting.status
    return {
        "edit": status != PostingStatus.TAKEN_DOWN
        and (open_version is None or open_version.status == VersionStatus.DRAFT),
        "submit": open_version is not None and open_version.status == VersionStatus.DRAFT,
        "withdraw": open_version is not None and open_version.status == VersionStatus.PENDING,
        "pause": status == PostingStatus.PUBLISHED,
        "resume": status == PostingStatus.PAUSED,
        "close": status
        in (
            PostingStatus.DRAFT,
            PostingStatus.IN_REVIEW,
            PostingStatus.PUBLISHED,
            PostingStatus.PAUSED,
        ),
        "renew": posting.live_version is not None
        and status != PostingStatus.TAKEN_DOWN
        and open_version is None,
    }


@signed_in
def employer_detail_view(request: AuthedRequest, posting_id: str) -> HttpResponse:
    posting, membership = _own_posting(request, posting_id)
    return render(request, "jobs/employer_detail.html", _detail_context(posting, membership))


POSTING_ACTIONS = {"submit", "withdraw", "pause", "resume", "close", "renew"}


def _run_action(
    action: str, posting: JobPosting, submit_form: SubmitForm, renew_form: RenewForm, actor: Any
) -> str:
    """Run one of the posting page's actions; the message to show when it worked."""
    if action == "submit":
        version = actions.submit_posting(
            posting, justification=submit_form.cleaned_data["justification"], actor=actor
        )
        if version.status == VersionStatus.APPROVED:
            return _("Published.")
        return _("Submitted for review.")
    if action == "withdraw":
        actions.withdraw_version(posting, actor=actor)
        return _("Withdrawn from review. You can edit the posting again.")
    if action == "pause":
        actions.pause_posting(posting, actor=actor)
        return _("Paused. The posting is hidden until you resume it.")
    if action == "resume":
        actions.resume_posting(posting, actor=actor)
        return _("Resumed. The posting is public again.")
    if action == "close":
        actions.close_posting(posting, actor=actor)
        return _("Closed. The posting has left the public pages.")
    actions.renew_posting(posting, renew_form.cleaned_data["valid_until"], actor=actor)
    return _("A renewed version was created. Submit it to have it reviewed.")


@signed_in
@require_POST
def posting_action_view(request: AuthedRequest, posting_id: str, action: str) -> HttpResponse:
    """The buttons of the posting page; a refused action re-renders the page with why."""
    if action not in POSTING_ACTIONS:
        raise Http404
    posting, membership = _own_posting(request, posting_id)
    submit_form = SubmitForm(request.POST if action == "submit" else None)
    renew_form = RenewForm(request.POST if action == "renew" else None)
    form: SubmitForm | RenewForm = renew_form if action == "renew" else submit_form
    error: DomainError | None = None
    if not form.is_bound or form.is_valid():
        try:
            done = _run_action(action, posting, submit_form, renew_form, web_actor(request))
        except DomainError as caught:
            error = caught
            if form.is_bound:
                _apply(form, caught)
            posting.refresh_from_db()
        else:
            messages.success(request, done)
            return redirect("jobs:employer_detail", posting_id=posting.pk)
    context = _detail_context(
        posting, membership, submit_form=submit_form, renew_form=renew_form, error=error
    )
    context["error"] = error
    context["failed_action"] = action
    return render(request, "jobs/employer_detail.html", context)


# --- public pages ----------------------------------------------------------------------


def list_view(request: HttpRequest) -> HttpResponse:
    """The job search (browse mode: nothing about the visitor is recorded).

    Bad parameters show the page with what is wrong and no results (400; 200 for htmx,
    which swaps only successful answers). htmx requests get the results region and the
    parts around it, with the canonical URL to push into the address bar; a plain form
    submission is redirected to that URL.
    """
    data = page_support.search_data(request.GET)
    params: SearchParams | None = None
    errors: dict[str, Any] = {}
    try:
        params = parse_params(data)
    except DomainError as error:
        errors = error.fields
    htmx = HtmxDetails(request)
    partial = bool(htmx) and not htmx.history_restore_request
    if params is not None and not htmx and page_support.needs_tidying(request.GET):
        return redirect(page_support.page_url(params))
    response = search_jobs(params, user=viewer(request)) if params is not None else None
    context = page_support.page_context(params, response, data, errors)
    rendered = render(
        request,
        "search/_response.html" if partial else "jobs/list.html",
        {**context, "oob": partial, "boosted": htmx.boosted},
        status=400 if errors and not partial else 200,
    )
    if partial and params is not None:
        push_url(rendered, page_support.page_url(params))
    patch_vary_headers(rendered, ("HX-Request",))  # the same URL answers with a fragment
    return rendered


def detail_view(request: HttpRequest, posting_id: str) -> HttpResponse:
    try:
        posting = queries.public_posting(posting_id, viewer(request))
    except DomainError as error:
        raise Http404 from error
    version = posting.live_version
    if version is None:
        raise Http404
    note_view(posting.pk)
    canonical = request.build_absolute_uri(reverse("jobs:detail", args=[posting.pk]))
    company = request.build_absolute_uri(reverse("orgs:company", args=[posting.organisation_id]))
    return render(
        request,
        "jobs/detail.html",
        {
            "posting": posting,
            "version": version,
            "org": posting.organisation,
            "canonical_url": canonical,
            "json_ld": job_posting_json_ld(posting, version, canonical, company),
            "benefits": [_benefit_label(code) for code in version.benefits],
        },
    )


def _benefit_label(code: str) -> str:
    try:
        return str(Benefit(code).label)
    except ValueError:
        return code


def _address(location: dict[str, str]) -> dict[str, str]:
    code = location.get("division", "")
    division = divisions.get_division(code)
    chain = [*divisions.ancestors(code), division] if division is not None else []
    address = {"@type": "PostalAddress", "addressCountry": "CN"}
    if chain:
        address["addressRegion"] = chain[0].name
        address["addressLocality"] = chain[1].name if len(chain) > 1 else chain[0].name
    if location.get("address"):
        address["streetAddress"] = location["address"]
    return address


def job_posting_json_ld(
    posting: JobPosting, version: JobPostingVersion, url: str, company_url: str
) -> SafeString:
    """schema.org ``JobPosting`` for search engines, safe inside ``<script>``."""
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": version.title,
        "description": escape(version.description).replace("\n", "<br>"),
        "identifier": {
            "@type": "PropertyValue",
            "name": posting.organisation.legal_name,
            "value": str(posting.pk),
        },
        "url": url,
        "datePosted": (posting.published_at or posting.created_at).date().isoformat(),
        "employmentType": EMPLOYMENT_TYPES.get(version.employment_type, "OTHER"),
        "hiringOrganization": {
            "@type": "Organization",
            "name": posting.organisation.legal_name,
            "sameAs": company_url,
        },
        "jobLocation": [
            {"@type": "Place", "address": _address(location)} for location in version.locations
        ],
    }
    if posting.valid_until is not None:
        data["validThrough"] = f"{posting.valid_until.isoformat()}T23:59:59+08:00"
    unit = SALARY_UNITS.get(str(version.pay_period))
    if unit is not None:
        data["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": "CNY",
            "value": {
                "@type": "QuantitativeValue",
                "minValue": version.pay_min,
                "maxValue": version.pay_max,
                "unitText": unit,
            },
        }
    text = json.dumps(data, ensure_ascii=False, indent=2)
    # Nothing in the data may close the script element or start a comment.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 — JSON with <, > and & escaped

"""HTML pages of rights requests: the person's list and form, one request with its
timeline, a close relative's form (PI-17), and the data operators' queue (PI-18)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import select_template
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rencai.accounts.reauth import recently_confirmed
from rencai.core.errors import DomainError, NotFound
from rencai.core.forms_support import apply_domain_error
from rencai.core.http import AuthedRequest, require, signed_in, web_actor
from rencai.files.serving import file_response
from rencai.privacy import request_queries as queries
from rencai.privacy import requests as actions
from rencai.privacy.choices import (
    OPEN_REQUEST_STATES,
    PiAccessPurpose,
    RequestKind,
    RequestState,
)
from rencai.privacy.models import RightsRequest
from rencai.privacy.permissions import can_handle_rights_requests, can_view_rights_requests
from rencai.privacy.request_forms import (
    KIND_EXPLANATIONS,
    CompleteForm,
    QueueFilterForm,
    RefuseForm,
    RelativeRequestForm,
    RequestForm,
)

PAGE_SIZE = 20
EXPORT_STATUS_TEMPLATE = "privacy/_export_status.html"


def _send_code(request: AuthedRequest) -> None:
    from rencai.accounts.actions import send_reauth_code

    try:
        sent = send_reauth_code(request.user, actor=web_actor(request))
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.info(
            request,
            _("We sent a code to {phone}. Enter it below.").format(phone=sent.masked_phone),
        )


def _own(request: AuthedRequest, reference: str) -> RightsRequest:
    try:
        return queries.request_of(request.user, reference)
    except NotFound as error:
        raise Http404 from error


def _for_operator(request: AuthedRequest, reference: str) -> RightsRequest:
    try:
        return queries.request_for_operator(request.user, reference)
    except NotFound as error:
        raise Http404 from error


# --- the person's own requests ------------------------------------------------------------


@signed_in
def requests_view(request: AuthedRequest) -> HttpResponse:
    """Own requests with state and due date, and the form to file a new one. Filing
    re-checks the identity: a code typed here, or a confirmation made in the last minutes."""
    user = request.user
    confirmed = recently_confirmed(request)
    error_code = ""
    form = RequestForm(request.POST or None, initial={"kind": request.GET.get("kind", "")})
    if request.method == "POST":
        if "send_code" in request.POST:
            _send_code(request)
            form = RequestForm(initial=request.POST.dict())
        elif form.is_valid():
            data = form.cleaned_data
            try:
                filed = actions.submit_request(
                    user,
                    data["kind"],
                    actor=web_actor(request),
                    sms_code=data["sms_code"],
                    identity_confirmed=confirmed,
                    details=data["details"],
                    consent_purpose=data["consent_purpose"],
                    recipient_name=data["recipient_name"],
                    recipient_contact=data["recipient_contact"],
                )
            except DomainError as error:
                apply_domain_error(form, error)
                error_code = error.code
            else:
                if filed.kind == RequestKind.CANCELLATION and filed.state == RequestState.COMPLETED:
                    # The account is closed and every session ended, this one included.
                    return redirect("accounts:login")
                messages.success(request, _("Your request was filed."))
                return redirect("privacy:request", reference=filed.reference)
    page = Paginator(queries.requests_of(user), PAGE_SIZE).get_page(request.GET.get("page"))
    kinds = [
        {"value": value, "label": label, "explanation": KIND_EXPLANATIONS[value]}
        for value, label in RequestKind.choices
    ]
    return render(
        request,
        "privacy/requests.html",
        {
            "form": form,
            "page_obj": page,
            "kinds": kinds,
            "confirmed": confirmed,
            "masked_phone": user.masked_phone,
            "error_code": error_code,
        },
    )


@signed_in
def relative_request_view(request: AuthedRequest) -> HttpResponse:
    """A close relative of a deceased user files a request with proofs (PI-17)."""
    confirmed = recently_confirmed(request)
    error_code = ""
    form = RelativeRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if "send_code" in request.POST:
            _send_code(request)
            form = RelativeRequestForm(initial=request.POST.dict())
        elif form.is_valid():
            data = form.cleaned_data
            try:
                filed = actions.submit_relative_request(
                    request.user,
                    data["kind"],
                    actor=web_actor(request),
                    deceased_phone=data["deceased_phone"],
                    deceased_name=data["deceased_name"],
                    relationship=data["relationship"],
                    relative_name=data["relative_name"],
                    death_proof=data["death_proof"],
                    relationship_proof=data["relationship_proof"],
                    details=data["details"],
                    sms_code=data["sms_code"],
                    identity_confirmed=confirmed,
                )
            except DomainError as error:
                apply_domain_error(form, error)
                error_code = error.code
            else:
                messages.success(request, _("Your request was filed."))
                return redirect("privacy:request", reference=filed.reference)
    return render(
        request,
        "privacy/requests_relative.html",
        {
            "form": form,
            "confirmed": confirmed,
            "masked_phone": request.user.masked_phone,
            "error_code": error_code,
        },
    )


def _export_context(rights_request: RightsRequest) -> dict[str, Any]:
    """B's export status partial, once it exists."""
    export = rights_request.exports.order_by("-created_at").first()
    if export is None:
        return {"export": None, "export_template": None}
    try:
        template = select_template([EXPORT_STATUS_TEMPLATE])
    except Exception:  # noqa: BLE001 - the partial is optional until the export pages land
        template = None
    return {"export": export, "export_template": EXPORT_STATUS_TEMPLATE if template else None}


@signed_in
def request_view(request: AuthedRequest, reference: str) -> HttpResponse:
    """One of the person's requests: state, due date, timeline, our answer or refusal
    notice (with the right to complain or sue), the copy's status, and withdrawal."""
    rights_request = _own(request, reference)
    context: dict[str, Any] = {
        "req": rights_request,
        "timeline": queries.requester_timeline(rights_request),
        "can_withdraw": rights_request.state in OPEN_REQUEST_STATES,
        **_export_context(rights_request),
    }
    return render(request, "privacy/requests_detail.html", context)


@signed_in
@require_POST
def withdraw_view(request: AuthedRequest, reference: str) -> HttpResponse:
    rights_request = _own(request, reference)
    try:
        actions.withdraw_request(rights_request, actor=web_actor(request))
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("You withdrew the request."))
    return redirect("privacy:request", reference=rights_request.reference)


# --- the data operators' queue --------------------------------------------------------------


@require(can_view_rights_requests)
def ops_requests_view(request: AuthedRequest) -> HttpResponse:
    """Requests by due date; filters by state, kind, overdue and assignment; overdue and
    due within 3 working days highlighted."""
    filters = QueueFilterForm(request.GET)
    filters.is_valid()  # invalid values are dropped, i.e. ignored
    data = filters.cleaned_data
    dates = queries.QueueDates.now()
    queue = queries.request_queue(
        request.user,
        state=data.get("state") or "",
        kind=data.get("kind") or "",
        overdue=bool(data.get("overdue")),
        mine=bool(data.get("mine")),
        today=dates.today,
    )
    page = Paginator(queue, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({key: value for key, value in data.items() if value not in ("", None, False)})
    return render(
        request,
        "privacy/ops_requests.html",
        {
            "filters": filters,
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "query": query,
            "filtered": bool(query),
            "today": dates.today,
            "soon": dates.soon,
            "counts": queries.queue_counts(dates.today),
            "open_states": OPEN_REQUEST_STATES,
        },
    )


def _record_read(request: AuthedRequest, rights_request: RightsRequest) -> None:
    from rencai.privacy.governance import record_pi_access

    categories = ["account", "privacy"]
    if rights_request.by_relative:
        categories.append("identity")
    record_pi_access(
        request.user,
        rights_request.subject,
        purpose=PiAccessPurpose.RIGHTS_REQUEST,
        categories=categories,
        obj=rights_request,
    )


def _ops_context(request: AuthedRequest, rights_request: RightsRequest) -> dict[str, Any]:
    can_handle = can_handle_rights_requests(request.user)
    return {
        "req": rights_request,
        "events": queries.operator_timeline(rights_request),
        "can_handle": can_handle,
        "is_open": rights_request.state in OPEN_REQUEST_STATES,
        "instruction": queries.posthumous_instruction(rights_request.subject)
        if rights_request.by_relative
        else "",
        "portability_count": queries.portability_count(
            rights_request.subject, before=rights_request.received_at
        )
        if rights_request.kind == RequestKind.PORTABILITY
        else None,
        "dates": queries.QueueDates.now(),
        "complete_form": CompleteForm(),
        "refuse_form": RefuseForm(),
        "recipient_token": "",
        **_export_context(rights_request),
    }


@require(can_view_rights_requests)
def ops_request_view(request: AuthedRequest, reference: str) -> HttpResponse:
    """One request for the operator: requester, subject, evidence, the timeline (audit
    events of the request) and the steps. Opening it writes a PI-access record."""
    rights_request = _for_operator(request, reference)
    _record_read(request, rights_request)
    return render(
        request, "privacy/ops_requests_detail.html", _ops_context(request, rights_request)
    )


STEPS = ("assign", "verify", "start", "complete", "refuse")


@require(can_handle_rights_requests)
@require_POST
def ops_step_view(request: AuthedRequest, reference: str, step: str) -> HttpResponse:
    """Assign to me, verify, start, complete (answer) or refuse (reason)."""
    if step not in STEPS:
        raise Http404
    rights_request = _for_operator(request, reference)
    actor = web_actor(request)
    context = _ops_context(request, rights_request)
    try:
        if step == "assign":
            actions.assign_request(rights_request, actor=actor)
        elif step == "verify":
            actions.verify_request(rights_request, actor=actor)
        elif step == "start":
            result = actions.start_request(rights_request, actor=actor)
            if result.recipient_token:
                # Shown once, on this response only: the token is not stored in plain text.
                context = _ops_context(request, result.request)
                context["recipient_token"] = result.recipient_token
                return render(request, "privacy/ops_requests_detail.html", context)
        elif step == "complete":
            form = CompleteForm(request.POST)
            if not form.is_valid():
                context["complete_form"] = form
                return render(request, "privacy/ops_requests_detail.html", context, status=400)
            actions.complete_request(
                rights_request, actor=actor, response=form.cleaned_data["response"]
            )
        else:
            refuse = RefuseForm(request.POST)
            if not refuse.is_valid():
                context["refuse_form"] = refuse
                return render(request, "privacy/ops_requests_detail.html", context, status=400)
            actions.refuse_request(
                rights_request,
                actor=actor,
                reason=refuse.cleaned_data["reason"],
                explanation=refuse.cleaned_data["explanation"],
            )
    except DomainError as error:
        form_name = {"complete": "complete_form", "refuse": "refuse_form"}.get(step)
        if form_name:
            bound = (CompleteForm if step == "complete" else RefuseForm)(request.POST)
            bound.is_valid()
            bound.show_error(error)
            context[form_name] = bound
        context["step_error"] = error.code
        messages.error(request, str(error.message))
        return render(request, "privacy/ops_requests_detail.html", context, status=error.status)
    messages.success(request, _("Saved."))
    return redirect("privacy:ops_request", reference=rights_request.reference)


@login_required
def ops_evidence_view(request: AuthedRequest, reference: str, which: str) -> HttpResponseBase:
    """A relative's proof of death or of relationship, for the operator (inline)."""
    if not can_view_rights_requests(request.user):
        return render(request, "403.html", status=403)
    rights_request = _for_operator(request, reference)
    stored = {
        "death": rights_request.death_proof,
        "relationship": rights_request.relationship_proof,
    }.get(which)
    if stored is None:
        raise Http404
    return file_response(stored)

"""Sanctions pages (FRD-02): "my sanctions" for the sanctioned person or organisation
administrator (notice, evidence summary, acknowledgement, appeal), and the operator
desk (list, impose, detail, revoke, appeals, reports to the authorities). The same
actions and queries as the API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rencai.core.errors import DomainError, NotFound
from rencai.core.http import AuthedRequest, require, web_actor
from rencai.core.models import Id
from rencai.files.models import StoredFile
from rencai.files.serving import file_response
from rencai.sanctions import actions, queries
from rencai.sanctions.choices import AppealStatus, AuthorityReportStatus
from rencai.sanctions.constants import PAGE_SIZE
from rencai.sanctions.errors import SanctionErrorCode, sanction_error
from rencai.sanctions.forms import (
    AppealForm,
    DecideForm,
    FilterForm,
    ImposeForm,
    RevokeForm,
    SubmissionForm,
)
from rencai.sanctions.models import Appeal, AuthorityReport, Sanction
from rencai.sanctions.permissions import (
    can_decide_appeal_of,
    can_impose_sanctions,
    can_view_sanctions,
    has_own_sanctions,
)
from rencai.sanctions.rules import get_rule

T = TypeVar("T")


def _page(request: AuthedRequest, rows: QuerySet[Any]) -> Any:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _found(lookup: Callable[..., T], *args: Any) -> T:
    """Run an actor-scoped lookup; its ``not_found`` becomes the 404 page."""
    try:
        return lookup(*args)
    except NotFound as exc:
        raise Http404 from exc


def _is_htmx(request: AuthedRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


# --- the sanctioned person ---------------------------------------------------------------


@require(has_own_sanctions)
def mine_view(request: AuthedRequest) -> HttpResponse:
    """The person's and their organisation's sanctions, newest first."""
    page = _page(request, queries.sanctions_of(request.user))
    return render(
        request,
        "sanctions/mine.html",
        {"page_obj": page, "page_range": page.paginator.get_elided_page_range(page.number)},
    )


def _mine_detail(
    request: AuthedRequest, sanction: Sanction, *, form: AppealForm | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    can_act = queries.may_act_on(user, sanction)
    appeal_open = can_act and queries.appeal_open(sanction)
    return render(
        request,
        "sanctions/mine_detail.html",
        {
            "sanction": sanction,
            "rule": get_rule(sanction.rule),
            "appeal": queries.appeal_of(sanction),
            "appeal_until": actions.appeal_deadline(sanction),
            "can_act": can_act,
            "form": (form or AppealForm()) if appeal_open else None,
            "files": sanction.evidence.get("files", []),
        },
        status=status,
    )


@require(has_own_sanctions)
def mine_detail_view(request: AuthedRequest, sanction_id: Id) -> HttpResponse:
    return _mine_detail(request, _found(queries.sanction_of, request.user, sanction_id))


def _next(request: AuthedRequest, default: str) -> str:
    candidate = request.POST.get("next", "")
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()}):
        return candidate
    return default


@require(has_own_sanctions)
@require_POST
def acknowledge_view(request: AuthedRequest, sanction_id: Id) -> HttpResponse:
    """Acknowledge a warning: htmx removes the pop-up, other browsers go back."""
    sanction = _found(queries.sanction_of, request.user, sanction_id)
    detail = reverse("sanctions:mine_detail", args=[sanction.pk])
    try:
        actions.acknowledge_warning(sanction, actor=web_actor(request))
    except DomainError as error:
        if error.status == 403:
            return render(request, "403.html", status=403)
        messages.info(request, str(error.message))
    else:
        if _is_htmx(request):
            return HttpResponse("")
        messages.success(request, _("Thank you. The warning is acknowledged."))
    return redirect(_next(request, detail))


@require(has_own_sanctions)
@require_POST
def appeal_view(request: AuthedRequest, sanction_id: Id) -> HttpResponse:
    sanction = _found(queries.sanction_of, request.user, sanction_id)
    if not queries.may_act_on(request.user, sanction):
        return render(request, "403.html", status=403)
    form = AppealForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.submit_appeal(
                sanction,
                statement=form.cleaned_data["statement"],
                evidence_files=form.uploads(),
                actor=web_actor(request),
            )
        except DomainError as error:
            if not queries.appeal_open(sanction):
                messages.error(request, str(error.message))
                return redirect("sanctions:mine_detail", sanction.pk)
            form.show_error(error)
        else:
            messages.success(
                request, _("Your appeal was sent. Another operator will review the measure.")
            )
            return redirect("sanctions:mine_detail", sanction.pk)
    return _mine_detail(request, sanction, form=form, status=400)


# --- operators: sanctions ----------------------------------------------------------------


@require(can_view_sanctions)
def ops_list_view(request: AuthedRequest) -> HttpResponse:
    """Every sanction, filtered by status, measure and subject id."""
    filters = FilterForm(request.GET or None)
    chosen: dict[str, Any] = filters.cleaned_data if filters.is_valid() else {}
    rows = queries.sanctions_for_operator(
        status=chosen.get("status") or "",
        kind=chosen.get("kind") or "",
        subject=str(chosen["subject"]) if chosen.get("subject") else "",
    )
    page = _page(request, rows)
    query = urlencode(
        {key: request.GET[key] for key in ("status", "kind", "subject") if request.GET.get(key)}
    )
    return render(
        request,
        "sanctions/ops_list.html",
        {
            "filters": filters,
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "query": query,
            "can_impose": can_impose_sanctions(request.user),
        },
    )


def _initial(request: AuthedRequest) -> dict[str, Any]:
    """Prefill the impose form from ``?user=``, ``?organisation=`` or ``?posting=``."""
    initial: dict[str, Any] = {}
    if request.GET.get("organisation"):
        initial |= {"subject_type": "organisation", "subject": request.GET["organisation"]}
    elif request.GET.get("user"):
        initial |= {"subject_type": "user", "subject": request.GET["user"]}
    if request.GET.get("posting"):
        posting = None
        try:
            posting = queries.find_posting(request.GET["posting"])
        except (ValueError, DomainError):
            posting = None
        if posting is not None:
            initial |= {
                "posting": posting.pk,
                "kind": "take_down",
                "subject_type": "organisation",
                "subject": str(posting.organisation_id),
            }
    return initial


def _impose(form: ImposeForm, request: AuthedRequest) -> Sanction:
    data = form.cleaned_data
    user = organisation = posting = None
    if data["subject_type"] == "user":
        user = queries.find_user(data["subject"])
        if user is None:
            raise sanction_error(SanctionErrorCode.SUBJECT_NOT_FOUND, field="subject")
    else:
        organisation = queries.find_organisation(data["subject"])
        if organisation is None:
            raise sanction_error(SanctionErrorCode.SUBJECT_NOT_FOUND, field="subject")
    if data.get("posting"):
        posting = queries.find_posting(data["posting"])
        if posting is None:
            raise sanction_error(SanctionErrorCode.SUBJECT_NOT_FOUND, field="posting")
    note = data.get("evidence_note") or ""
    return actions.impose_sanction(
        kind=data["kind"],
        rule=data["rule"],
        reason=data["reason"],
        user=user,
        organisation=organisation,
        posting=posting,
        days=data.get("days"),
        evidence={"note": note} if note else {},
        evidence_files=form.uploads(),
        legal_rep_id_number=data.get("legal_rep_id_number") or "",
        actor=web_actor(request),
    )


@require(can_impose_sanctions)
def ops_new_view(request: AuthedRequest) -> HttpResponse:
    """Impose a sanction, starting from a person, an organisation or a posting."""
    if request.method == "POST":
        form = ImposeForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                sanction = _impose(form, request)
            except DomainError as error:
                form.show_error(error)
            else:
                messages.success(request, _("The sanction is in force and the notice was sent."))
                return redirect("sanctions:ops_detail", sanction.pk)
        status = 400
    else:
        form = ImposeForm(initial=_initial(request))
        status = 200
    return render(request, "sanctions/ops_new.html", {"form": form}, status=status)


def _ops_detail(
    request: AuthedRequest,
    sanction: Sanction,
    *,
    revoke_form: RevokeForm | None = None,
    decide_form: DecideForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    appeal = queries.appeal_of(sanction)
    may_decide = (
        appeal is not None
        and appeal.status == AppealStatus.PENDING
        and can_decide_appeal_of(user, sanction.imposed_by_id)
    )
    can_impose = can_impose_sanctions(user)
    return render(
        request,
        "sanctions/ops_detail.html",
        {
            "sanction": sanction,
            "rule": get_rule(sanction.rule),
            "appeal": appeal,
            "appeal_files": list(appeal.evidence_files.all()) if appeal else [],
            "files": list(sanction.evidence_files.all()),
            "notices": list(sanction.notices.select_related("recipient")),
            "reports": list(sanction.authority_reports.select_related("submitted_by")),
            "evidence_json": queries.pretty(sanction.evidence),
            "can_impose": can_impose,
            "revoke_form": (revoke_form or RevokeForm())
            if can_impose and sanction.status == "active"
            else None,
            "decide_form": (decide_form or DecideForm()) if may_decide else None,
            "own_sanction": appeal is not None and sanction.imposed_by_id == user.pk,
        },
        status=status,
    )


@require(can_view_sanctions)
def ops_detail_view(request: AuthedRequest, sanction_id: Id) -> HttpResponse:
    return _ops_detail(request, _found(queries.sanction_for_operator, sanction_id))


@require(can_view_sanctions)
@require_POST
def ops_revoke_view(request: AuthedRequest, sanction_id: Id) -> HttpResponse:
    if not can_impose_sanctions(request.user):
        return render(request, "403.html", status=403)
    sanction = _found(queries.sanction_for_operator, sanction_id)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            actions.revoke_sanction(
                sanction, reason=form.cleaned_data["reason"], actor=web_actor(request)
            )
        except DomainError as error:
            form.show_error(error)
        else:
            messages.success(request, _("The sanction was revoked and its effects reversed."))
            return redirect("sanctions:ops_detail", sanction.pk)
    return _ops_detail(request, sanction, revoke_form=form, status=400)


@login_required
def ops_file_view(request: AuthedRequest, sanction_id: Id, file_id: Id) -> HttpResponseBase:
    """An evidence file of the sanction or of its appeal (operators who see sanctions)."""
    if not can_view_sanctions(request.user):
        return render(request, "403.html", status=403)
    sanction = _found(queries.sanction_for_operator, sanction_id)
    ids = list(sanction.evidence_files.values_list("pk", flat=True))
    appeal = queries.appeal_of(sanction)
    if appeal is not None:
        ids += list(appeal.evidence_files.values_list("pk", flat=True))
    stored = StoredFile.objects.filter(pk__in=ids).filter(pk=file_id).first()
    if stored is None:
        raise Http404
    return file_response(stored)


# --- operators: appeals ------------------------------------------------------------------


@require(can_view_sanctions)
def ops_appeals_view(request: AuthedRequest) -> HttpResponse:
    """Trust & safety see the pending appeals they may decide (never of their own
    sanctions); auditors and the regulator see every appeal, read-only."""
    user = request.user
    can_decide = can_impose_sanctions(user)
    rows: QuerySet[Appeal] = queries.appeals_queue(user) if can_decide else queries.all_appeals()
    page = _page(request, rows)
    return render(
        request,
        "sanctions/ops_appeals.html",
        {
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "can_decide": can_decide,
        },
    )


@require(can_view_sanctions)
@require_POST
def ops_decide_view(request: AuthedRequest, appeal_id: Id) -> HttpResponse:
    if not can_impose_sanctions(request.user):
        return render(request, "403.html", status=403)
    appeal = _found(queries.appeal_for_operator, appeal_id)
    form = DecideForm(request.POST)
    if form.is_valid():
        try:
            actions.decide_appeal(
                appeal,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
                actor=web_actor(request),
            )
        except DomainError as error:
            if error.code == SanctionErrorCode.OWN_SANCTION:
                return render(request, "403.html", status=403)
            form.show_error(error)
        else:
            messages.success(request, _("The appeal is decided and the appellant was told."))
            return redirect("sanctions:ops_appeals")
    return _ops_detail(request, appeal.sanction, decide_form=form, status=400)


# --- operators: reports to the authorities -----------------------------------------------


@require(can_view_sanctions)
def ops_reports_view(request: AuthedRequest) -> HttpResponse:
    """Reports to the human-resources authority and the police (REG-03): those to submit
    first; ``?status=submitted`` for the record."""
    status = request.GET.get("status") or AuthorityReportStatus.DRAFTED
    if status not in AuthorityReportStatus.values:
        status = AuthorityReportStatus.DRAFTED
    page = _page(request, queries.authority_reports(status=status))
    can_submit = can_impose_sanctions(request.user) and status == AuthorityReportStatus.DRAFTED
    rows = [
        {
            "report": report,
            "form": SubmissionForm(auto_id=f"id_submit_{report.pk.hex}_%s") if can_submit else None,
        }
        for report in page.object_list
    ]
    return render(
        request,
        "sanctions/ops_reports.html",
        {
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "rows": rows,
            "status": status,
            "query": f"status={status}",
        },
    )


@require(can_view_sanctions)
@require_POST
def ops_report_submit_view(request: AuthedRequest, report_id: Id) -> HttpResponse:
    if not can_impose_sanctions(request.user):
        return render(request, "403.html", status=403)
    report: AuthorityReport = _found(queries.authority_report_for_operator, report_id)
    form = SubmissionForm(request.POST)
    if form.is_valid():
        try:
            actions.record_authority_submission(
                report,
                reference=form.cleaned_data["reference"],
                note=form.cleaned_data["note"],
                actor=web_actor(request),
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The submission is recorded."))
    else:
        messages.error(request, _("Give the submission reference."))
    return redirect("sanctions:ops_reports")

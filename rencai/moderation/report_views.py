"""The report pages (CMP-01, DIS-08, FRD-03): the report form for anything that can be
reported, the confirmation with the reference number, the reporter's status pages and the
trust & safety queue (``/ops/reports/``; the auditor and the regulator read it)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from rencai.core.actors import actor_from_request
from rencai.core.errors import DomainError
from rencai.core.http import AuthedRequest, require, signed_in, viewer, web_actor
from rencai.core.models import Id
from rencai.core.ratelimit import hit
from rencai.core.timeutil import local_today
from rencai.files.serving import file_response
from rencai.moderation import report_queries as queries
from rencai.moderation import reports
from rencai.moderation.choices import ANONYMOUS_TARGETS, CaseStatus, EvidenceKind, TargetKind
from rencai.moderation.errors import ModerationErrorCode, moderation_error
from rencai.moderation.permissions import can_handle_reports, can_view_reports
from rencai.moderation.report_forms import (
    DecideForm,
    LookupForm,
    NoteForm,
    QueueFilterForm,
    ReportForm,
)
from rencai.moderation.report_sanctions import case_sanctions, impose_for_case, may_sanction
from rencai.moderation.report_targets import resolve_target

PAGE_SIZE = 25


# --- reporting ---------------------------------------------------------------------------------


def report_form_view(request: HttpRequest, kind: str, target_id: Id) -> HttpResponse:
    """Report a target. Anonymous visitors may report postings and organisations; for
    everything else they are sent to sign in. On success the confirmation shows the
    reference (and, once, the access code of an anonymous report)."""
    reporter = viewer(request)
    if kind not in TargetKind.values:
        raise Http404
    if reporter is None and kind not in ANONYMOUS_TARGETS:
        return redirect_to_login(request.get_full_path())
    try:
        target = resolve_target(kind, target_id, reporter)
    except DomainError as error:
        if error.status == 404:
            raise Http404 from error
        return render(
            request,
            "moderation/reports/refused.html",
            {"error": error, "error_code": error.code},
            status=error.status,
        )
    form = ReportForm(request.POST or None, request.FILES or None, anonymous=reporter is None)
    if request.method == "POST" and form.is_valid():
        try:
            report = reports.file_report(
                target_kind=kind,
                target_id=target.id,
                category=form.cleaned_data["category"],
                details=form.cleaned_data["details"],
                evidence_files=form.cleaned_data["evidence"],
                contact=form.cleaned_data.get("contact", ""),
                actor=actor_from_request(request),
            )
        except DomainError as error:
            form.show_error(error)
        else:
            return render(
                request,
                "moderation/reports/received.html",
                {"report": report, "token": report.access_token, "target": target},
            )
    return render(
        request,
        "moderation/reports/form.html",
        {"form": form, "target": target, "kind": kind},
        status=400 if form.errors else 200,
    )


def status_lookup_view(request: HttpRequest) -> HttpResponse:
    """An anonymous reporter looks a report up with its reference and access code (a
    POST, so the code stays out of addresses and logs)."""
    form = LookupForm(request.POST or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            hit(
                "report-lookup",
                actor_from_request(request).ip or "unknown",
                limit=30,
                window=3600,
                code="report_lookup_rate_limited",
                message=gettext_lazy("Too many attempts. Try again later."),
            )
            report = queries.report_by_token(
                form.cleaned_data["reference"], form.cleaned_data["token"]
            )
        except DomainError as error:
            form.show_error(error)
    return render(
        request,
        "moderation/reports/status.html",
        {"form": form, "report": report, "updates": queries.timeline(report) if report else []},
        status=400 if form.errors else 200,
    )


@signed_in
def my_reports_view(request: AuthedRequest) -> HttpResponse:
    page = Paginator(queries.reports_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "moderation/reports/mine.html",
        {"page_obj": page, "page_range": page.paginator.get_elided_page_range(page.number)},
    )


@signed_in
def my_report_view(request: AuthedRequest, reference: str) -> HttpResponse:
    try:
        report = queries.report_of(request.user, reference)
    except DomainError as error:
        raise Http404 from error
    return render(
        request,
        "moderation/reports/status.html",
        {"report": report, "updates": queries.timeline(report), "mine": True},
    )


# --- the trust & safety queue ------------------------------------------------------------------


@require(can_view_reports)
def queue_view(request: AuthedRequest) -> HttpResponse:
    filters = QueueFilterForm(request.GET or None)
    data: dict[str, Any] = filters.cleaned_data if filters.is_valid() else {}
    cases = queries.cases_for_operator(
        status=data.get("status") or "open",
        category=data.get("category") or "",
        target_kind=data.get("target_kind") or "",
        overdue=bool(data.get("overdue")),
        assignee=request.user if data.get("mine") else None,
    )
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    params = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "moderation/reports/ops_queue.html",
        {
            "filters": filters,
            "filtered": bool(params),
            "query": urlencode(params),
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "today": local_today(),
            "counts": queries.queue_counts(),
            "can_handle": can_handle_reports(request.user),
        },
    )


def _case_page(
    request: AuthedRequest,
    case_id: Id,
    *,
    note_form: NoteForm | None = None,
    decide_form: DecideForm | None = None,
    status: int = 200,
) -> HttpResponse:
    try:
        case = queries.case_for_operator(case_id)
    except DomainError as error:
        raise Http404 from error
    can_handle = can_handle_reports(request.user) and case.status != CaseStatus.DECIDED
    return render(
        request,
        "moderation/reports/ops_case.html",
        {
            "case": case,
            "reports": queries.case_reports(case),
            "account_reports": queries.account_reports(case)[:50],
            "today": local_today(),
            "can_handle": can_handle,
            "note_form": (note_form or NoteForm()) if can_handle else None,
            "decide_form": (decide_form or DecideForm()) if can_handle else None,
            "snapshot_kind": EvidenceKind.SNAPSHOT,
            "sanctions": case_sanctions(case),
            "can_sanction": can_handle_reports(request.user) and may_sanction(case),
        },
        status=status,
    )


@require(can_view_reports)
def case_view(request: AuthedRequest, case_id: Id) -> HttpResponse:
    return _case_page(request, case_id)


def _handler_case(request: AuthedRequest, case_id: Id) -> Any:
    try:
        return queries.case_for_operator(case_id)
    except DomainError as error:
        raise Http404 from error


@require(can_handle_reports)
@require_POST
def assign_view(request: AuthedRequest, case_id: Id) -> HttpResponse:
    case = _handler_case(request, case_id)
    try:
        reports.assign_case(case, assignee=request.user, actor=web_actor(request))
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The case is assigned to you."))
    return redirect("moderation_reports:case", case.pk)


@require(can_handle_reports)
@require_POST
def note_view(request: AuthedRequest, case_id: Id) -> HttpResponse:
    case = _handler_case(request, case_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            reports.add_status_update(
                case, note=form.cleaned_data["note"], actor=web_actor(request)
            )
        except DomainError as error:
            form.show_error(error)
        else:
            messages.success(request, _("The reporters can see your note."))
            return redirect("moderation_reports:case", case.pk)
    return _case_page(request, case.pk, note_form=form, status=400)


@require(can_handle_reports)
@require_POST
def decide_view(request: AuthedRequest, case_id: Id) -> HttpResponse:
    case = _handler_case(request, case_id)
    form = DecideForm(request.POST)
    if form.is_valid():
        try:
            reports.decide_case(
                case,
                outcome=form.cleaned_data["outcome"],
                reasons=form.cleaned_data["reasons"],
                note_to_reporters=form.cleaned_data["note_to_reporters"],
                sanction_reference=form.cleaned_data["sanction_reference"],
                actor=web_actor(request),
            )
        except DomainError as error:
            form.show_error(error)
        else:
            messages.success(request, _("The case is decided and the reporters are told."))
            return redirect("moderation_reports:case", case.pk)
    return _case_page(request, case.pk, decide_form=form, status=400)


def _sanction_initial(case: Any, request: AuthedRequest) -> dict[str, Any]:
    """The impose form starts from the case: its organisation (a take-down of the reported
    posting when the case is about one, ``?measure=`` picks another) or its account."""
    initial: dict[str, Any] = {}
    if case.subject_organisation_id:
        initial |= {"subject_type": "organisation", "subject": str(case.subject_organisation_id)}
    elif case.subject_user_id:
        initial |= {"subject_type": "user", "subject": str(case.subject_user_id)}
    if case.target_kind == TargetKind.POSTING:
        initial |= {"posting": case.target_id, "kind": "take_down"}
    measure = request.GET.get("measure", "")
    if measure:
        initial["kind"] = measure
        if measure != "take_down":
            initial.pop("posting", None)
    rule = RULE_FOR_CATEGORY.get(
        case.reports.order_by("received_at").values_list("category", flat=True).first() or ""
    )
    if rule:
        initial["rule"] = rule
    return initial


# The rule a sanction most likely cites for the category of the case's first report.
RULE_FOR_CATEGORY = {
    "fraud_or_fees": "fraud_or_fees",
    "false_information": "false_information",
    "employment_discrimination": "discrimination",
    "harassment": "harassment",
    "diversion_off_platform": "diversion",
    "personal_information_misuse": "personal_information",
    "minors": "minors",
}


def _sanction_subject(form: Any) -> tuple[Any, Any, Any]:
    from rencai.sanctions import queries as sanction_queries
    from rencai.sanctions.errors import SanctionErrorCode, sanction_error

    data = form.cleaned_data
    user = organisation = posting = None
    if data["subject_type"] == "user":
        user = sanction_queries.find_user(data["subject"])
    else:
        organisation = sanction_queries.find_organisation(data["subject"])
    if user is None and organisation is None:
        raise sanction_error(SanctionErrorCode.SUBJECT_NOT_FOUND, field="subject")
    if data.get("posting"):
        posting = sanction_queries.find_posting(data["posting"])
        if posting is None:
            raise sanction_error(SanctionErrorCode.SUBJECT_NOT_FOUND, field="posting")
    return user, organisation, posting


@require(can_handle_reports)
def sanction_view(request: AuthedRequest, case_id: Id) -> HttpResponse:
    """Impose a sanction because of the case (upheld, partly upheld or still open): the
    sanctions form, prefilled with the case's subject; the case's reports go into the
    sanction's evidence bundle and the case lists the sanction."""
    from rencai.sanctions.forms import ImposeForm

    case = _handler_case(request, case_id)
    if not may_sanction(case):
        return render(
            request,
            "moderation/reports/refused.html",
            {
                "error": moderation_error(ModerationErrorCode.CASE_DISMISSED),
                "error_code": ModerationErrorCode.CASE_DISMISSED,
            },
            status=409,
        )
    if request.method == "POST":
        form = ImposeForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                user, organisation, posting = _sanction_subject(form)
                data = form.cleaned_data
                impose_for_case(
                    case,
                    kind=data["kind"],
                    rule=data["rule"],
                    reason=data["reason"],
                    user=user,
                    organisation=organisation,
                    posting=posting,
                    days=data.get("days"),
                    note=data.get("evidence_note") or "",
                    evidence_files=form.uploads(),
                    legal_rep_id_number=data.get("legal_rep_id_number") or "",
                    actor=web_actor(request),
                )
            except DomainError as error:
                form.show_error(error)
            else:
                messages.success(
                    request,
                    _("The sanction is in force and linked to the case; the notice was sent."),
                )
                return redirect(f"{reverse('moderation_reports:case', args=[case.pk])}#sanctions")
        status = 400
    else:
        form = ImposeForm(initial=_sanction_initial(case, request))
        status = 200
    return render(
        request,
        "moderation/reports/ops_case_sanction.html",
        {
            "case": case,
            "form": form,
            "reports": queries.case_reports(case),
            "sanctions": case_sanctions(case),
        },
        status=status,
    )


@login_required
def evidence_view(request: AuthedRequest, evidence_id: Id) -> HttpResponseBase:
    """Download an evidence file; every download is on the audit trail."""
    if not can_view_reports(request.user):
        return render(request, "403.html", status=403)
    try:
        evidence = queries.evidence_for_operator(evidence_id)
    except DomainError as error:
        raise Http404 from error
    assert evidence.file is not None
    reports.log_evidence_download(evidence, actor=web_actor(request))
    return file_response(evidence.file, as_attachment=True)

"""Pages of the compliance calendar under ``/ops/compliance-calendar/``: registration-change
reports (LIC-04) and the service-end notice (LIC-03). Operators and the regulator read;
security administrators write."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from rencai.core import compliance
from rencai.core.compliance_errors import ComplianceErrorCode, compliance_error
from rencai.core.compliance_forms import (
    AnnounceForm,
    RegistrationChangeForm,
    SubmitReportForm,
    WithdrawForm,
)
from rencai.core.errors import DomainError
from rencai.core.http import AuthedRequest, require, web_actor
from rencai.core.permissions import (
    can_announce_service_end,
    can_manage_registration_changes,
    can_view_compliance_calendar,
)
from rencai.core.timeutil import local_today

STATUSES = ("open", "submitted")


@require(can_view_compliance_calendar)
def compliance_calendar(request: AuthedRequest) -> HttpResponse:
    """Open reports by due date (overdue first and marked), the forms to record a change
    and to close a report, the service-end status and the self-inspection reminder."""
    user = request.user
    can_manage = can_manage_registration_changes(user)
    status = request.GET.get("status", "open")
    if status not in STATUSES:
        status = "open"
    form_name = request.POST.get("form", "") if request.method == "POST" else ""
    record_form = RegistrationChangeForm(request.POST if form_name == "record" else None)
    submit_form = SubmitReportForm(request.POST if form_name == "submit" else None)
    failed_change = ""
    if form_name and not can_manage:
        return render(request, "403.html", status=403)
    if form_name == "record" and record_form.is_valid():
        try:
            compliance.record_registration_change(
                actor=web_actor(request), **record_form.cleaned_data
            )
        except DomainError as error:
            record_form.show_error(error)
        else:
            messages.success(request, _("The change is recorded; its report is in the calendar."))
            return redirect(reverse("core:compliance_calendar"))
    if form_name == "submit":
        failed_change = request.POST.get("change_id", "")
        if submit_form.is_valid():
            try:
                compliance.submit_registration_report(
                    failed_change,
                    reference=submit_form.cleaned_data["reference"],
                    actor=web_actor(request),
                )
            except DomainError as error:
                if error.status == 404:  # no row to show the error on
                    messages.error(request, str(error.message))
                    return redirect(reverse("core:compliance_calendar"))
                submit_form.show_error(error)
            else:
                messages.success(request, _("The report is marked submitted."))
                return redirect(reverse("core:compliance_calendar"))
    today = local_today()
    page_obj = Paginator(compliance.registration_changes(status), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "core/compliance/calendar.html",
        {
            "status": status,
            "page_obj": page_obj,
            "query": f"status={status}",
            "today": today,
            "soon": today + dt.timedelta(days=compliance.DUE_SOON_DAYS),
            "open_count": compliance.registration_changes("open").count(),
            "overdue_count": compliance.overdue_changes(today).count(),
            "service_end": compliance.active_service_end(today),
            "can_manage": can_manage,
            "can_announce": can_announce_service_end(user),
            "record_form": record_form,
            "submit_form": submit_form,
            "failed_change": failed_change if submit_form.errors else "",
            "missing_self_inspection": _missing_self_inspection(request),
        },
    )


def _missing_self_inspection(request: AuthedRequest) -> int | None:
    """The year whose annual self-inspection is missing, for those who may open it
    (the privacy governance card alerts too; this page only links to it)."""
    from rencai.privacy.governance import missing_self_inspection
    from rencai.privacy.permissions import can_view_self_inspections

    if not can_view_self_inspections(request.user):
        return None
    return missing_self_inspection()


@require(can_view_compliance_calendar)
def service_end(request: AuthedRequest) -> HttpResponse:
    """The service-end notice (LIC-03): status and history for every reader, the forms to
    announce and withdraw for security administrators."""
    can_announce = can_announce_service_end(request.user)
    form_name = request.POST.get("form", "") if request.method == "POST" else ""
    if form_name and not can_announce:
        return render(request, "403.html", status=403)
    announce_form = AnnounceForm(request.POST if form_name == "announce" else None)
    withdraw_form = WithdrawForm(request.POST if form_name == "withdraw" else None)
    today = local_today()
    active = compliance.active_service_end(today)
    if form_name == "announce" and announce_form.is_valid():
        try:
            compliance.announce_service_end(actor=web_actor(request), **announce_form.cleaned_data)
        except DomainError as error:
            announce_form.show_error(error)
        else:
            messages.success(request, _("The end of service is announced on every page."))
            return redirect(reverse("core:service_end"))
    if form_name == "withdraw" and withdraw_form.is_valid():
        try:
            if active is None:
                raise compliance_error(
                    ComplianceErrorCode.END_NOT_ACTIVE, _("This notice is no longer active.")
                )
            compliance.withdraw_service_end(
                active.pk,
                reason=withdraw_form.cleaned_data["reason"],
                confirmed=withdraw_form.cleaned_data["confirm"],
                actor=web_actor(request),
            )
        except DomainError as error:
            withdraw_form.show_error(error)
        else:
            messages.success(request, _("The notice is withdrawn."))
            return redirect(reverse("core:service_end"))
    history = Paginator(compliance.service_end_history(), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "core/compliance/service_end.html",
        {
            "active": active,
            "page_obj": history,
            "earliest": compliance.earliest_end_date(today),
            "can_announce": can_announce,
            "announce_form": announce_form,
            "withdraw_form": withdraw_form,
        },
    )

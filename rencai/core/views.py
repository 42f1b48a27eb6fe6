"""Public pages (home, licences), the developer outbox (SMS and e-mail), and the operator
dashboard."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from rencai.accounts.permissions import (
    can_manage_holiday_schedule,
    can_manage_roles,
    can_publish_legal_documents,
    can_view_audit_trail,
    can_view_operator_dashboard,
)
from rencai.core import actions as core_actions
from rencai.core.errors import DomainError
from rencai.core.forms import HolidayEntryForm, HolidayYearForm
from rencai.core.forms_support import apply_domain_error
from rencai.core.http import AuthedRequest, require, web_actor
from rencai.core.models import HolidayScheduleEntry, HolidayScheduleYear
from rencai.core.timeutil import local_today
from rencai.core.workdays import years_missing_schedule
from rencai.jobs.permissions import can_inspect_postings
from rencai.jobs.queries import review_queue
from rencai.moderation.permissions import can_view_abnormal_list
from rencai.orgs.choices import RequestStatus
from rencai.orgs.permissions import can_inspect_organisations
from rencai.orgs.queries import queue_counts
from rencai.providers.models import SandboxEmailMessage, SandboxSmsMessage
from rencai.providers.registry import is_sandbox


def home(request: HttpRequest) -> HttpResponse:
    """The landing page; no personal data is collected from anonymous visitors."""
    return render(request, "core/home.html")


def licences(request: HttpRequest) -> HttpResponse:
    """The operator's business licence, HR-service licence and ICP licence (LIC-02)."""
    return render(
        request,
        "core/licences.html",
        {
            "hr_licence_authority": settings.HR_LICENCE_AUTHORITY,
            "operator_address": settings.OPERATOR_ADDRESS,
            "supervisor_name": settings.SUPERVISOR_NAME,
            "supervisor_phone": settings.SUPERVISOR_PHONE,
        },
    )


def dev_outbox(request: HttpRequest) -> HttpResponse:
    """Text messages and e-mails the sandbox backends 'sent' — only with DEBUG=True.

    ``?channel=sms`` (the default) or ``?channel=email``; a channel whose provider is not
    the sandbox is not offered, and with neither on the sandbox the page does not exist.
    """
    channels = [channel for channel in ("sms", "email") if is_sandbox(channel)]
    if not settings.DEBUG or not channels:
        raise Http404
    channel = request.GET.get("channel", "")
    if channel not in channels:
        channel = channels[0]
    queryset = (
        SandboxSmsMessage.objects.order_by("-created_at")
        if channel == "sms"
        else SandboxEmailMessage.objects.order_by("-created_at")
    )
    messages_page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "core/dev_outbox.html",
        {"page_obj": messages_page, "channel": channel, "channels": channels},
    )


@require(can_view_operator_dashboard)
def ops_dashboard(request: AuthedRequest) -> HttpResponse:
    """Operators' start page: warnings first, then their tools by permission."""
    user = request.user
    can_verify = can_inspect_organisations(user)
    can_review_postings = can_inspect_postings(user)
    return render(
        request,
        "core/ops_dashboard.html",
        {
            "missing_years": years_missing_schedule(),
            "can_holidays": can_manage_holiday_schedule(user),
            "can_roles": can_manage_roles(user),
            "can_audit": can_view_audit_trail(user),
            "can_legal": can_publish_legal_documents(user),
            "can_verify": can_verify,
            "pending_verifications": (
                queue_counts()[RequestStatus.PENDING] if can_verify else None
            ),
            "can_abnormal_list": can_view_abnormal_list(user),
            "can_review_postings": can_review_postings,
            "pending_postings": review_queue().count() if can_review_postings else None,
        },
    )


@require(can_manage_holiday_schedule)
def holidays(request: AuthedRequest) -> HttpResponse:
    """Enter the State Council's holiday schedule for years the bundled data lacks."""
    try:
        year = int(request.GET.get("year") or local_today().year + 1)
    except ValueError:
        year = local_today().year + 1
    year = min(max(year, 2000), 2100)
    entry_form = HolidayEntryForm(request.POST if request.POST.get("form") == "entry" else None)
    year_form = HolidayYearForm(
        request.POST if request.POST.get("form") == "year" else None, initial={"year": year}
    )
    if request.method == "POST":
        form_name = request.POST.get("form")
        try:
            if form_name == "entry" and entry_form.is_valid():
                entry = core_actions.add_holiday_entry(
                    actor=web_actor(request), **entry_form.cleaned_data
                )
                messages.success(request, _("The day was added."))
                return redirect(f"{request.path}?year={entry.date.year}")
            if form_name == "year" and year_form.is_valid():
                core_actions.mark_year_complete(
                    year_form.cleaned_data["year"],
                    source=year_form.cleaned_data["source"],
                    actor=web_actor(request),
                )
                messages.success(request, _("The year is marked complete."))
                return redirect(f"{request.path}?year={year_form.cleaned_data['year']}")
            if form_name == "remove":
                core_actions.remove_holiday_entry(
                    request.POST.get("entry_id", ""), actor=web_actor(request)
                )
                messages.success(request, _("The day was removed."))
                return redirect(f"{request.path}?year={year}")
        except DomainError as error:
            target = entry_form if form_name == "entry" else year_form
            apply_domain_error(target, error)
    entries = HolidayScheduleEntry.objects.filter(date__year=year).order_by("date")
    return render(
        request,
        "core/holidays.html",
        {
            "year": year,
            "entries": entries,
            "complete": HolidayScheduleYear.objects.filter(year=year).first(),
            "entry_form": entry_form,
            "year_form": year_form,
            "missing_years": years_missing_schedule(),
        },
    )


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may index public pages only; the sitemap lists jobs and company pages."""
    lines = [
        "User-agent: *",
        *(f"Disallow: {prefix}" for prefix in ROBOTS_PRIVATE_PREFIXES),
        f"Sitemap: {settings.SITE_URL.rstrip('/')}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


ROBOTS_PRIVATE_PREFIXES = (
    "/accounts/",
    "/account/",
    "/api/",
    "/dashboard/",
    "/dev/",
    "/employer/",
    "/guardian/",
    "/notifications/",
    "/ops/",
    "/orgs/",
)

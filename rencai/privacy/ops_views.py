"""Operator pages of privacy governance: retention rules and runs (RET-01…RET-07),
self-inspections (GOV-04), bulk exports with a second operator's approval and the
PI-access records of staff reads (SEC-03). Permissions: ``rencai.privacy.permissions``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from rencai.core.errors import DomainError
from rencai.core.http import AuthedRequest, require, web_actor
from rencai.core.timeutil import local_today
from rencai.files.serving import file_response
from rencai.privacy import governance, permissions, retention
from rencai.privacy.choices import BulkExportStatus
from rencai.privacy.models import (
    BulkExportRequest,
    RetentionRule,
    RetentionRun,
    SelfInspection,
)
from rencai.privacy.ops_forms import (
    BulkExportForm,
    DecisionForm,
    FindingForm,
    ResolveForm,
    RuleForm,
    SelfInspectionForm,
)

PAGE_SIZE = 25


# --- retention --------------------------------------------------------------------------------


def _rule_rows(request: AuthedRequest, invalid: tuple[str, RuleForm] | None) -> list[Any]:
    rows = []
    for rule in RetentionRule.objects.order_by("category"):
        if invalid is not None and invalid[0] == rule.category:
            form = invalid[1]
        else:
            form = RuleForm(
                initial={"min_days": rule.min_days, "enabled": rule.enabled},
                prefix=rule.category,
            )
        rows.append({"rule": rule, "label": retention.rule_label(rule), "form": form})
    return rows


@require(permissions.can_view_retention)
def retention_view(request: AuthedRequest) -> HttpResponse:
    user = request.user
    invalid: tuple[str, RuleForm] | None = None
    if request.method == "POST":
        if not permissions.can_run_retention(user):
            return render(request, "403.html", status=403)
        action = request.POST.get("form", "")
        if action in ("dry_run", "run"):
            run = retention.start_retention_run(
                actor=web_actor(request), dry_run=action == "dry_run"
            )
            messages.success(request, _("The retention run finished."))
            return redirect("privacy:ops_retention_run", run_id=run.pk)
        if action == "rule":
            rule = RetentionRule.objects.filter(category=request.POST.get("category", "")).first()
            if rule is None:
                raise Http404
            form = RuleForm(request.POST, prefix=rule.category)
            if form.is_valid():
                try:
                    retention.update_rule(
                        rule,
                        min_days=form.cleaned_data["min_days"],
                        enabled=form.cleaned_data["enabled"],
                        actor=web_actor(request),
                    )
                    messages.success(request, _("The retention rule was saved."))
                    return redirect("privacy:ops_retention")
                except DomainError as error:
                    form.show_error(error)
            invalid = (rule.category, form)
    runs = Paginator(RetentionRun.objects.select_related("started_by"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "privacy/ops_retention.html",
        {
            "rows": _rule_rows(request, invalid),
            "page_obj": runs,
            "can_run": permissions.can_run_retention(user),
        },
        status=400 if invalid else 200,
    )


@require(permissions.can_view_retention)
def retention_run_view(request: AuthedRequest, run_id: str) -> HttpResponse:
    run = RetentionRun.objects.filter(pk=run_id).select_related("started_by").first()
    if run is None:
        raise Http404
    rules = {rule.category: rule for rule in RetentionRule.objects.all()}
    items = []
    for item in run.report.get("rules", []):
        rule = rules.get(item["category"])
        items.append(
            {
                **item,
                "label": retention.rule_label(rule) if rule else item["category"],
                "skipped_labels": [
                    (code, retention.reason_label(code), count)
                    for code, count in sorted(item["skipped"].items())
                ],
                "note_label": retention.reason_label(item["note"]) if item.get("note") else "",
            }
        )
    return render(request, "privacy/ops_retention_run.html", {"run": run, "items": items})


# --- self-inspections --------------------------------------------------------------------------


@require(permissions.can_view_self_inspections)
def self_inspections_view(request: AuthedRequest) -> HttpResponse:
    user = request.user
    can_manage = permissions.can_manage_self_inspection(user)
    form = SelfInspectionForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if not can_manage:
            return render(request, "403.html", status=403)
        if form.is_valid():
            try:
                inspection = governance.record_self_inspection(
                    year=form.cleaned_data["year"],
                    conducted_on=form.cleaned_data["conducted_on"],
                    scope=form.cleaned_data["scope"],
                    summary=form.cleaned_data["summary"],
                    actor=web_actor(request),
                )
                messages.success(request, _("The self-inspection was recorded."))
                return redirect("privacy:ops_self_inspection", year=inspection.year)
            except DomainError as error:
                form.show_error(error)
        status = 400
    page = Paginator(governance.self_inspections(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "privacy/ops_self_inspections.html",
        {
            "page_obj": page,
            "form": form,
            "can_manage": can_manage,
            "missing_year": governance.missing_self_inspection(),
            "overdue": governance.overdue_findings().count(),
        },
        status=status,
    )


@require(permissions.can_view_self_inspections)
def self_inspection_view(request: AuthedRequest, year: int) -> HttpResponse:
    user = request.user
    inspection = SelfInspection.objects.filter(year=year).select_related("conducted_by").first()
    if inspection is None:
        raise Http404
    can_manage = permissions.can_manage_self_inspection(user)
    form = FindingForm(request.POST if request.POST.get("form") == "finding" else None)
    resolve_forms: dict[str, ResolveForm] = {}
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("form") == "finding":
                if not can_manage:
                    return render(request, "403.html", status=403)
                if form.is_valid():
                    governance.add_finding(
                        inspection,
                        description=form.cleaned_data["description"],
                        severity=form.cleaned_data["severity"],
                        remediation=form.cleaned_data["remediation"],
                        owner=form.cleaned_data["owner"],
                        due_date=form.cleaned_data["due_date"],
                        actor=web_actor(request),
                    )
                    messages.success(request, _("The finding was added."))
                    return redirect("privacy:ops_self_inspection", year=year)
            elif request.POST.get("form") == "resolve":
                finding = inspection.findings.filter(pk=request.POST.get("finding", "")).first()
                if finding is None:
                    raise Http404
                if not permissions.can_resolve_finding(user, finding):
                    return render(request, "403.html", status=403)
                resolve = ResolveForm(request.POST, prefix=str(finding.pk))
                resolve_forms[str(finding.pk)] = resolve
                if resolve.is_valid():
                    governance.resolve_finding(
                        finding,
                        resolution=resolve.cleaned_data["resolution"],
                        actor=web_actor(request),
                    )
                    messages.success(request, _("The finding was resolved."))
                    return redirect("privacy:ops_self_inspection", year=year)
        except DomainError as error:
            form.show_error(error)
        status = 400
    findings = []
    for finding in inspection.findings.select_related("owner").order_by("resolved_at", "due_date"):
        findings.append(
            {
                "finding": finding,
                "can_resolve": permissions.can_resolve_finding(user, finding),
                "form": resolve_forms.get(str(finding.pk)) or ResolveForm(prefix=str(finding.pk)),
            }
        )
    return render(
        request,
        "privacy/ops_self_inspection.html",
        {
            "inspection": inspection,
            "findings": findings,
            "form": form,
            "can_manage": can_manage,
            "today": local_today(),
        },
        status=status,
    )


# --- bulk exports -------------------------------------------------------------------------------


@require(permissions.can_view_bulk_exports)
def bulk_exports_view(request: AuthedRequest) -> HttpResponse:
    user = request.user
    form = BulkExportForm(request.POST if request.POST.get("form") == "request" else None)
    status = 200
    if request.method == "POST":
        action = request.POST.get("form", "")
        try:
            if action == "request":
                if not permissions.can_request_bulk_export(user):
                    return render(request, "403.html", status=403)
                if form.is_valid():
                    export = governance.request_bulk_export(
                        user,
                        form.cleaned_data["dataset"],
                        form.filters(),
                        form.cleaned_data["reason"],
                        actor=web_actor(request),
                    )
                    if export.status == BulkExportStatus.READY:
                        messages.success(request, _("The export is ready to download."))
                    else:
                        messages.info(request, _("The export needs a second operator's approval."))
                    return redirect("privacy:ops_bulk_exports")
                status = 400
            elif action in ("approve", "reject"):
                pending = BulkExportRequest.objects.filter(
                    pk=request.POST.get("export", "")
                ).first()
                if pending is None:
                    raise Http404
                if not permissions.can_approve_bulk_export(user, pending):
                    return render(request, "403.html", status=403)
                decision = DecisionForm(request.POST)
                note = decision.cleaned_data["note"] if decision.is_valid() else ""
                if action == "approve":
                    governance.approve_bulk_export(pending, actor=web_actor(request), note=note)
                    messages.success(request, _("The export was approved."))
                else:
                    governance.reject_bulk_export(pending, actor=web_actor(request), note=note)
                    messages.success(request, _("The export was rejected."))
                return redirect("privacy:ops_bulk_exports")
        except DomainError as error:
            if error.status == 403:
                return render(request, "403.html", status=403)
            form.show_error(error)
            messages.error(request, str(error.message))
            status = error.status if error.status < 500 else 400
    exports = governance.bulk_exports_for(user)
    page = Paginator(exports, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "export": export,
            "dataset_label": governance.DATASETS[export.dataset].label
            if export.dataset in governance.DATASETS
            else export.dataset,
            "can_decide": export.status == BulkExportStatus.PENDING
            and permissions.can_approve_bulk_export(user, export),
            "can_download": export.status == BulkExportStatus.READY
            and permissions.can_download_bulk_export(user, export),
        }
        for export in page
    ]
    return render(
        request,
        "privacy/ops_bulk_exports.html",
        {
            "page_obj": page,
            "rows": rows,
            "form": form,
            "can_request": permissions.can_request_bulk_export(user),
            "threshold": settings.PRIVACY_BULK_EXPORT_THRESHOLD,
        },
        status=status,
    )


@login_required
def bulk_export_download_view(request: AuthedRequest, export_id: str) -> HttpResponseBase:
    """The CSV, for its requester only (a data operator); other people get 403 or 404."""
    if not permissions.can_request_bulk_export(request.user):
        return render(request, "403.html", status=403)
    export = BulkExportRequest.objects.filter(pk=export_id).select_related("file").first()
    if export is None or not permissions.can_download_bulk_export(request.user, export):
        raise Http404
    try:
        stored = governance.bulk_export_file(export, actor=web_actor(request))
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("privacy:ops_bulk_exports")
    return file_response(stored, as_attachment=True)


# --- PI-access records ------------------------------------------------------------------------


@require(permissions.can_view_pi_access_log)
def pi_access_view(request: AuthedRequest) -> HttpResponse:
    subject = request.GET.get("subject", "").strip()[:60]
    accessor = request.GET.get("accessor", "").strip()[:60]
    records = governance.pi_access_records(request.user, subject=subject, accessor=accessor)
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    query = "&".join(
        f"{name}={value}" for name, value in (("subject", subject), ("accessor", accessor)) if value
    )
    return render(
        request,
        "privacy/ops_pi_access.html",
        {"page_obj": page, "subject": subject, "accessor": accessor, "query": query},
    )

"""The regulator's inspection pages (REG-02): the dataset index, a dataset with date
range, search, filters, pagination and exports, the organisation dossier, one entry of
the registration file, the archive check, and the access log for auditors.

Read-only: the only forms that act are the export links (a logged read) and the archive
verification (which records a verification run). Every page the regulator opens is
logged through :func:`rencai.inspection.actions.record_access`; the API does the same
through the same queries and actions."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from rencai.audit.archive_verify import PROBLEM_LABELS
from rencai.core.choices import choice_label
from rencai.core.errors import DomainError, NotFound
from rencai.core.http import AuthedRequest, require, web_actor
from rencai.core.models import Id
from rencai.files.choices import FileKind
from rencai.inspection import actions, exports, queries
from rencai.inspection.choices import AccessKind
from rencai.inspection.datasets import Criteria, Dataset, get_dataset, parse_criteria, parse_range
from rencai.inspection.permissions import can_inspect, can_view_access_log
from rencai.orgs.choices import AccountClass, DocumentKind

PAGE_SIZE = 25


def _params(request: AuthedRequest) -> dict[str, str]:
    return {key: request.GET.get(key, "") for key in request.GET}


def _dataset_or_404(key: str) -> Dataset:
    try:
        return get_dataset(key)
    except DomainError as error:
        raise Http404 from error


@require(can_inspect)
def index_view(request: AuthedRequest) -> HttpResponse:
    """Every dataset with its number of rows."""
    counts = queries.dataset_counts(request.user)
    actions.record_access(actor=web_actor(request), kind=AccessKind.INDEX, row_count=len(counts))
    return render(request, "inspection/index.html", {"datasets": counts})


def _filter_fields(dataset: Dataset, params: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {
            "key": f.key,
            "label": f.label,
            "value": params.get(f.key, ""),
            "choices": f.choices,
        }
        for f in dataset.filters
    ]


@require(can_inspect)
def dataset_view(request: AuthedRequest, key: str) -> HttpResponse:
    """One dataset: date range, search, filters, 25 rows a page, export buttons."""
    dataset = _dataset_or_404(key)
    params = _params(request)
    error: DomainError | None = None
    try:
        criteria = parse_criteria(dataset, params)
    except DomainError as exc:
        error, criteria = exc, Criteria()
    rows = queries.dataset_rows(request.user, dataset, criteria)
    if error is not None:  # show nothing rather than rows the regulator did not ask for
        rows = rows.none()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    keys = [column.key for column in dataset.columns]
    table = [
        {
            "cells": [dataset.row(obj).get(k) for k in keys],
            "url": dataset.detail_url(obj) if dataset.detail_url else "",
        }
        for obj in page.object_list
    ]
    if error is None:
        actions.record_access(
            actor=web_actor(request),
            kind=AccessKind.DATASET,
            dataset=dataset.key,
            filters={**criteria.as_params(), "page": str(page.number)},
            row_count=len(table),
        )
    query = urlencode(criteria.as_params())
    return render(
        request,
        "inspection/dataset.html",
        {
            "dataset": dataset,
            "criteria": criteria,
            "filter_fields": _filter_fields(dataset, params),
            "error": error,
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "table": table,
            "has_detail": dataset.detail_url is not None,
            "query": query,
            "export_query": query,
            "max_export_rows": exports.max_export_rows(),
            "params": params,
        },
        status=400 if error else 200,
    )


@require(can_inspect)
def export_view(request: AuthedRequest, key: str) -> HttpResponse:
    """The dataset as CSV or XLSX for the criteria of the page (logged with its row
    count); a refusal (bad parameters, too many rows) goes back to the page with the
    message."""
    dataset = _dataset_or_404(key)
    params = _params(request)
    try:
        fmt = exports.parse_format(params.get("format", ""))
        criteria = parse_criteria(dataset, params)
        rows = queries.dataset_rows(request.user, dataset, criteria)
        count = exports.check_size(rows)
    except DomainError as error:
        return render(
            request,
            "inspection/export_refused.html",
            {"dataset": dataset, "error": error, "query": urlencode(_without(params, "format"))},
            status=error.status,
        )
    actions.record_access(
        actor=web_actor(request),
        kind=AccessKind.EXPORT,
        dataset=dataset.key,
        filters=criteria.as_params(),
        row_count=count,
        export_format=fmt,
    )
    return exports.export_response(dataset, rows, fmt)  # type: ignore[return-value]


def _without(params: dict[str, str], *names: str) -> dict[str, str]:
    return {k: v for k, v in params.items() if k not in names and v}


# --- the organisation dossier and the registration file ------------------------------------


@require(can_inspect)
def dossier_view(request: AuthedRequest, org_id: Id) -> HttpResponse:
    """Everything about one organisation on one page."""
    try:
        dossier = queries.organisation_dossier(request.user, org_id)
    except NotFound as error:
        raise Http404 from error
    actions.record_access(
        actor=web_actor(request),
        kind=AccessKind.DOSSIER,
        dataset="organisations",
        object_id=str(dossier.organisation.pk),
        row_count=1,
    )
    return render(
        request, "inspection/dossier.html", {"dossier": dossier, "org": dossier.organisation}
    )


@require(can_inspect)
def file_view(request: AuthedRequest, request_id: Id) -> HttpResponse:
    """One verification request with its snapshot and documents, shown as the
    verification desk shows them (the images through the desk's audited file view)."""
    try:
        vr = queries.verification_file(request.user, request_id)
    except NotFound as error:
        raise Http404 from error
    actions.record_access(
        actor=web_actor(request),
        kind=AccessKind.FILE,
        dataset="verification_files",
        object_id=str(vr.pk),
        row_count=1,
    )
    documents = [
        {
            "document": document,
            "label": DocumentKind(document.kind).label
            if document.kind in DocumentKind.values
            else document.kind,
            "is_pdf": document.file.kind == FileKind.PDF,
        }
        for document in sorted(vr.documents.all(), key=lambda d: (d.kind, d.created_at))
    ]
    snapshot = _snapshot_rows(vr.snapshot or {})
    return render(
        request,
        "inspection/file.html",
        {"vr": vr, "org": vr.organisation, "documents": documents, "snapshot": snapshot},
    )


def _snapshot_rows(snapshot: dict[str, Any]) -> list[tuple[str, str]]:
    """The submitted details with their labels (the licence's fields included)."""
    labels = {
        "legal_name": pgettext("organisation", "Legal name"),
        "uscc": _("Unified social credit code"),
        "legal_representative": _("Legal representative"),
        "registered_address": _("Registered address"),
        "account_class": _("Account class"),
        "website": _("Website"),
        "introduction": _("Introduction"),
    }
    licence_labels = {
        "number": _("Licence number"),
        "issuing_authority": _("Issuing authority"),
        "valid_from": _("Valid from"),
        "valid_until": _("Valid until"),
        "scope": _("Licensed scope"),
        "supervisor_name": _("Supervisory authority"),
        "supervisor_phone": _("Supervisory authority's phone"),
    }
    rows = []
    for key, text in labels.items():
        value = str(snapshot.get(key) or "")
        if key == "account_class":
            value = choice_label(AccountClass, value)
        if value:
            rows.append((text, value))
    licence = snapshot.get("agency_licence")
    if isinstance(licence, dict):
        rows += [(text, str(licence.get(k) or "")) for k, text in licence_labels.items()]
    return rows


# --- the archive check ------------------------------------------------------------------------


@require_POST
@require(can_inspect)
def archive_verify_view(request: AuthedRequest) -> HttpResponse:
    """Run the retention-archive integrity check now; the result is recorded and shown
    on the archive-verifications dataset."""
    report = actions.verify_retention_archive(actor=web_actor(request))
    if report.ok:
        messages.success(
            request,
            _("The archive is intact: {checked} records checked.").format(checked=report.checked),
        )
    else:
        messages.error(
            request,
            _("The archive check failed at record {seq}: {problem}.").format(
                seq=report.broken_at, problem=PROBLEM_LABELS.get(report.problem, report.problem)
            ),
        )
    return redirect("inspection:dataset", key="archive_verifications")


# --- the access log (auditors, security administrators) ---------------------------------------


@require(can_view_access_log)
def access_log_view(request: AuthedRequest) -> HttpResponse:
    """Every access of the regulator, newest first, by date range."""
    error: DomainError | None = None
    try:
        date_from, date_to = parse_range(_params(request))
    except DomainError as exc:
        error, date_from, date_to = exc, None, None
    rows = queries.access_log(request.user, date_from=date_from, date_to=date_to)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    criteria = Criteria(date_from, date_to)
    return render(
        request,
        "inspection/access_log.html",
        {
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "criteria": criteria,
            "query": urlencode(criteria.as_params()),
            "error": error,
        },
        status=400 if error else 200,
    )

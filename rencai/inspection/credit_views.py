"""The regulator's credit pages and the annual report (HTML, PDF, XLSX). Every page that
shows data writes an access-log row through :func:`rencai.inspection.actions.record_access`
(kind ``dataset`` for lists and the report, ``dossier`` for one organisation's credit,
``export`` for downloads)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from rencai.core.errors import DomainError
from rencai.core.http import AuthedRequest, require, web_actor
from rencai.inspection import actions, annual_report, credit
from rencai.inspection.choices import AccessKind
from rencai.inspection.errors import InspectionErrorCode, inspection_error
from rencai.inspection.permissions import can_inspect, can_view_annual_report
from rencai.orgs.choices import AccountClass

PAGE_SIZE = 25


@require(can_inspect)
def credit_list_view(request: AuthedRequest) -> HttpResponse:
    """Every organisation's grade and score, worst first; filters by grade and class."""
    params = {k: request.GET.get(k, "").strip() for k in ("grade", "account_class", "q")}
    error: DomainError | None = None
    try:
        rows = credit.credit_list(request.user, **params)
    except DomainError as exc:
        error, rows = exc, credit.credit_rows().none()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    credits = [credit.credit_of(org) for org in page.object_list]
    if error is None:
        actions.record_access(
            actor=web_actor(request),
            kind=AccessKind.DATASET,
            dataset="credit",
            filters={**{k: v for k, v in params.items() if v}, "page": str(page.number)},
            row_count=len(credits),
        )
    query = urlencode({k: v for k, v in params.items() if v})
    return render(
        request,
        "inspection/credit/list.html",
        {
            "credits": credits,
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "params": params,
            "query": query,
            "error": error,
            "grades": credit.GRADE_THRESHOLDS,
            "classes": AccountClass.choices,
            "rules": credit.rules_table(),
        },
        status=400 if error else 200,
    )


@require(can_inspect)
def risk_warnings_view(request: AuthedRequest) -> HttpResponse:
    """Organisations graded C or D or with a high risk assessment, most severe first."""
    page = Paginator(credit.risk_warnings(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    credits = [credit.credit_of(org) for org in page.object_list]
    actions.record_access(
        actor=web_actor(request),
        kind=AccessKind.DATASET,
        dataset="risk_warnings",
        filters={"page": str(page.number)},
        row_count=len(credits),
    )
    return render(
        request,
        "inspection/credit/warnings.html",
        {
            "credits": credits,
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "query": "",
        },
    )


def _year(request: AuthedRequest) -> int:
    value = request.GET.get("year", "").strip()
    return annual_report.parse_year(value) if value else annual_report.last_year()


@require(can_view_annual_report)
def annual_report_view(request: AuthedRequest) -> HttpResponse:
    """The report of ``?year=Y`` (last year by default) with inline SVG charts."""
    try:
        year = _year(request)
    except DomainError as error:
        return render(
            request,
            "inspection/annual_report.html",
            {"error": error, "year": request.GET.get("year", "")},
            status=400,
        )
    report = annual_report.annual_report_for(request.user, year)
    actions.record_access(
        actor=web_actor(request),
        kind=AccessKind.DATASET,
        dataset="annual_report",
        filters={"year": str(year)},
        row_count=len(report.sections),
    )
    sections = [
        {
            "section": section,
            "chart": annual_report.svg_bar_chart(section.chart, title=section.chart_title)
            if section.chart
            else "",
        }
        for section in report.sections
    ]
    return render(
        request,
        "inspection/annual_report.html",
        {
            "report": report,
            "sections": sections,
            "year": year,
            "error": None,
            "perms_inspect": can_inspect(request.user),
        },
    )


@require(can_view_annual_report)
def annual_report_download_view(request: AuthedRequest) -> HttpResponse:
    """``?year=Y&format=pdf|xlsx`` — the report as a file (logged as an export)."""
    try:
        year = _year(request)
        fmt = request.GET.get("format", "")
        if fmt not in ("pdf", "xlsx"):
            raise inspection_error(InspectionErrorCode.REPORT_FORMAT_INVALID, field="format")
    except DomainError as error:
        return render(
            request,
            "inspection/annual_report.html",
            {"error": error, "year": request.GET.get("year", "")},
            status=400,
        )
    report = annual_report.annual_report_for(request.user, year)
    actions.record_access(
        actor=web_actor(request),
        kind=AccessKind.EXPORT,
        dataset="annual_report",
        filters={"year": str(year)},
        row_count=len(report.sections),
        export_format=fmt,
    )
    if fmt == "pdf":
        response = HttpResponse(annual_report.render_pdf(report), content_type="application/pdf")
    else:
        response = HttpResponse(
            annual_report.render_xlsx(report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="rencai-annual-report-{year}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response

"""The annual business report (经营情况年度报告, REG-01; Order 44 Art 29): the figures of
year Y — Y is a calendar year in Beijing time, from 1 January 00:00 to 31 December 24:00
(Asia/Shanghai), whatever the database stores in UTC.

:func:`build_annual_report` reads everything with aggregate queries (a fixed number of
queries, whatever the volume) and returns sections of labelled lines, some with a chart.
The renderers turn it into the HTML view's inline SVG charts, a PDF (reportlab, with the
CJK font of ``rencai.privacy.export``), an XLSX workbook (one sheet per section) and JSON.

Definitions (also in ``docs/regulator.md``):

- postings published: posting versions approved in Y (``approved`` posting events) — new
  postings (version 1) and renewed or edited ones (later versions); take-downs in Y;
- organisations served: organisations with a posting approved in Y or published before the
  end of Y and valid into Y, by account class;
- agencies on the platform at the end of Y (registered and verified before it) and their HR
  service licence at 31 December: valid, expired (or not yet valid), none on file;
- seekers served: distinct people with an application in Y, a conversation with a message
  in Y, or a resume visible to employers at the end of Y (created before it, visibility not
  changed after it);
- complaints: reports received in Y by category; cases decided in Y by outcome; handling
  time in working days from receipt of the case to the decision; overdue = decided after
  the due date, or still open at the end of Y past it;
- sanctions imposed in Y by measure; appeals decided in Y by outcome; reports to the
  authorities created in Y;
- rights requests received in Y by type and by outcome;
- fees: the platform has no payment records — it charged no fees; the agencies' published
  service fee standards are listed;
- self-inspection: whether one was conducted in Y.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from rencai.accounts.models import User
from rencai.applications.models import Application
from rencai.core.errors import permission_denied
from rencai.core.timeutil import local_start_of_day, local_today
from rencai.core.workdays import _Calendar  # one calendar load for the whole year
from rencai.inspection.errors import InspectionErrorCode, inspection_error
from rencai.inspection.permissions import can_view_annual_report
from rencai.jobs.choices import EventKind
from rencai.jobs.models import JobPosting, PostingEvent
from rencai.messaging.models import Interview, Message
from rencai.moderation.choices import CaseOutcome, CaseStatus, ReportCategory
from rencai.moderation.models import Report, ReportCase
from rencai.orgs.choices import AccountClass, OrgStatus
from rencai.orgs.models import AgencyService, Organisation
from rencai.privacy.choices import RequestKind, RequestState
from rencai.privacy.models import RightsRequest, SelfInspection
from rencai.resumes.choices import Visibility
from rencai.resumes.models import Resume
from rencai.sanctions.choices import AppealStatus, Authority, SanctionKind
from rencai.sanctions.models import Appeal, AuthorityReport, Sanction

FIRST_YEAR = 2000

Value = int | str


@dataclass(frozen=True)
class Line:
    """One figure: a stable ``key`` (JSON, tests), a label and the value."""

    key: str
    label: str
    value: Value


@dataclass
class Section:
    """One section of the report; ``chart`` (label, number) pairs are drawn as bars."""

    key: str
    title: str
    lines: list[Line] = field(default_factory=list)
    chart: list[tuple[str, int]] = field(default_factory=list)
    chart_title: str = ""
    note: str = ""

    def add(self, key: str, label: str | Promise, value: Value) -> None:
        self.lines.append(Line(key, str(label), value))

    def value(self, key: str) -> Value:
        return next(line.value for line in self.lines if line.key == key)


@dataclass
class AnnualReport:
    year: int
    generated_at: dt.datetime
    sections: list[Section]

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def as_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "generated_at": self.generated_at.isoformat(),
            "sections": {
                s.key: {
                    "title": s.title,
                    "figures": {line.key: line.value for line in s.lines},
                    "note": s.note,
                }
                for s in self.sections
            },
        }


# --- the period --------------------------------------------------------------------------------


def parse_year(value: object) -> int:
    """A year from ``FIRST_YEAR`` to the current (Beijing) year (``year_invalid`` otherwise)."""
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        raise inspection_error(InspectionErrorCode.YEAR_INVALID, field="year") from None
    if not FIRST_YEAR <= year <= local_today().year:
        raise inspection_error(InspectionErrorCode.YEAR_INVALID, field="year")
    return year


def last_year() -> int:
    return local_today().year - 1


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """1 January 00:00 and the next 1 January 00:00 of ``year``, Beijing time."""
    return local_start_of_day(dt.date(year, 1, 1)), local_start_of_day(dt.date(year + 1, 1, 1))


def _in(field_name: str, start: dt.datetime, end: dt.datetime) -> Q:
    return Q(**{f"{field_name}__gte": start, f"{field_name}__lt": end})


def _by(rows: Any, field_name: str) -> dict[str, int]:
    return {
        row[field_name]: row["n"]
        for row in rows.order_by().values(field_name).annotate(n=Count("pk"))
    }


def _choice_lines(
    section: Section, prefix: str, counts: Mapping[str, int], choices: Any
) -> list[tuple[str, int]]:
    pairs = []
    for value, text in choices.choices:
        count = int(counts.get(value, 0))
        section.add(f"{prefix}_{value}", text, count)
        pairs.append((str(text), count))
    return pairs


# --- the sections --------------------------------------------------------------------------------


def _postings(year: int, start: dt.datetime, end: dt.datetime) -> Section:
    section = Section("postings", _("Postings published"))
    approved = PostingEvent.objects.filter(_in("created_at", start, end), kind=EventKind.APPROVED)
    counts = approved.aggregate(
        total=Count("pk"),
        new=Count("pk", filter=Q(version__number=1)),
        renewed=Count("pk", filter=Q(version__number__gt=1)),
        postings=Count("posting", distinct=True),
    )
    takedowns = PostingEvent.objects.filter(
        _in("created_at", start, end), kind=EventKind.TAKEN_DOWN
    ).count()
    section.add("versions_approved", _("Posting versions approved and published"), counts["total"])
    section.add("new", _("New postings"), counts["new"])
    section.add("renewed", _("Renewed or edited postings"), counts["renewed"])
    section.add("postings", _("Distinct postings published"), counts["postings"])
    section.add("taken_down", _("Postings taken down"), takedowns)
    months = {
        row["month"].month: row["n"]
        for row in approved.annotate(
            month=TruncMonth("created_at", tzinfo=timezone.get_current_timezone())
        )
        .order_by()
        .values("month")
        .annotate(n=Count("pk"))
    }
    section.chart = [(f"{m}", int(months.get(m, 0))) for m in range(1, 13)]
    section.chart_title = _("Postings published by month")
    return section


def _organisations(year: int, start: dt.datetime, end: dt.datetime) -> Section:
    section = Section("organisations", _("Organisations served"))
    live = JobPosting.objects.filter(
        Q(
            events__kind=EventKind.APPROVED,
            events__created_at__gte=start,
            events__created_at__lt=end,
        )
        | Q(published_at__lt=end, valid_until__gte=dt.date(year, 1, 1))
    )
    served = Organisation.objects.filter(pk__in=live.values("organisation"))
    counts = _by(served, "account_class")
    section.add("total", _("Organisations with published postings"), sum(counts.values()))
    section.chart = _choice_lines(section, "class", counts, AccountClass)
    section.chart_title = _("Organisations served by account class")
    return section


def _agencies(year: int, start: dt.datetime, end: dt.datetime) -> Section:
    section = Section("agencies", _("Agencies on the platform"))
    year_end = dt.date(year, 12, 31)
    agencies = Organisation.objects.filter(
        account_class=AccountClass.AGENCY, created_at__lt=end, first_verified_at__lt=end
    )
    counts = agencies.aggregate(
        total=Count("pk"),
        valid=Count(
            "pk",
            filter=Q(
                agency_licence__valid_from__lte=year_end, agency_licence__valid_until__gte=year_end
            ),
        ),
        licensed=Count("agency_licence"),
        verified_now=Count("pk", filter=Q(status=OrgStatus.VERIFIED)),
    )
    section.add("total", _("Agencies verified by the end of the year"), counts["total"])
    section.add("licence_valid", _("Licence valid on 31 December"), counts["valid"])
    section.add(
        "licence_invalid",
        _("Licence expired or not yet valid on 31 December"),
        counts["licensed"] - counts["valid"],
    )
    section.add("licence_missing", _("No licence on file"), counts["total"] - counts["licensed"])
    section.add("verified_now", _("Of these, verified today"), counts["verified_now"])
    return section


def _seekers(year: int, start: dt.datetime, end: dt.datetime) -> Section:
    section = Section("seekers", _("Seekers served"))
    applied = Application.objects.filter(_in("created_at", start, end)).values("seeker_id")
    talked = (
        Message.objects.filter(_in("created_at", start, end))
        .values("conversation__seeker_id")
        .order_by()
    )
    visible = (
        Resume.objects.filter(
            created_at__lt=end,
            visibility__in=(Visibility.EMPLOYERS, Visibility.PUBLIC),
        )
        .filter(Q(visibility_changed_at__isnull=True) | Q(visibility_changed_at__lt=end))
        .values("owner_id")
    )
    served = User.objects.filter(Q(pk__in=applied) | Q(pk__in=talked) | Q(pk__in=visible)).count()
    section.add("total", _("Seekers served"), served)
    section.add("applied", _("With an application"), User.objects.filter(pk__in=applied).count())
    section.add(
        "conversations",
        _("With a conversation"),
        User.objects.filter(pk__in=talked).count(),
    )
    section.add(
        "resume_visible",
        _("With a resume visible to employers"),
        User.objects.filter(pk__in=visible).count(),
    )
    return section


def _applications(year: int, start: dt.datetime, end: dt.datetime) -> Section:
    section = Section("applications", _("Applications and interviews"))
    section.add(
        "applications",
        _("Applications"),
        Application.objects.filter(_in("created_at", start, end)).count(),
    )
    section.add(
        "interviews",
        _("Interviews arranged"),
        Interview.objects.filter(_in("created_at", start, end)).count(),
    )
    return section


def _working_days(calendar: _Calendar, first: dt.date, last: dt.date) -> int:
    """Working days after ``first`` up to and including ``last``."""
    days, day = 0, first
    while day < last:
        day += dt.timedelta(days=1)
        if calendar.is_working_day(day):
            days += 1
    return days


def _complaints(year: int, start: dt.datetime, end: dt.datetime) -> Section:
    section = Section("complaints", _("Complaints and their handling"))
    received = Report.objects.filter(_in("received_at", start, end))
    section.add("received", _("Complaints received"), received.count())
    section.chart = _choice_lines(section, "category", _by(received, "category"), ReportCategory)
    section.chart_title = _("Complaints received by category")
    decided = ReportCase.objects.filter(_in("decided_at", start, end), status=CaseStatus.DECIDED)
    section.add("decided", _("Cases decided"), decided.count())
    _choice_lines(section, "outcome", _by(decided, "outcome"), CaseOutcome)
    tz = timezone.get_current_timezone()
    spans = [
        (created.astimezone(tz).date(), decided_at.astimezone(tz).date(), due)
        for created, decided_at, due in decided.values_list("created_at", "decided_at", "due_date")
        if decided_at is not None
    ]
    year_end = dt.date(year, 12, 31)
    if spans:
        first = min(s[0] for s in spans)
        calendar = _Calendar(first, max(s[1] for s in spans))
        days = [_working_days(calendar, a, b) for a, b, _due in spans]
        average = f"{sum(days) / len(days):.1f}"
    else:
        average = "—"
    section.add("average_working_days", _("Average handling time (working days)"), average)
    late = sum(1 for _a, b, due in spans if due is not None and b > due)
    open_late = (
        ReportCase.objects.filter(created_at__lt=end, due_date__lt=year_end)
        .filter(Q(decided_at__isnull=True) | Q(decided_at__gte=end))
        .count()
    )
    section.add("decided_late", _("Decided after the due date"), late)
    section.add("open_overdue", _("Open past the due date at the end of the year"), open_late)
    return section


def _sanctions(year: int, start: dt.datetime, end: dt.datetime) -> Section:
    section = Section("sanctions", _("Sanctions and appeals"))
    imposed = Sanction.objects.filter(_in("starts_at", start, end))
    section.add("imposed", _("Sanctions imposed"), imposed.count())
    section.chart = _choice_lines(section, "kind", _by(imposed, "kind"), SanctionKind)
    section.chart_title = _("Sanctions imposed by measure")
    appeals = Appeal.objects.filter(_in("decided_at", start, end))
    section.add("appeals_decided", _("Appeals decided"), appeals.count())
    counts = _by(appeals, "status")
    for status in (AppealStatus.UPHELD, AppealStatus.OVERTURNED):
        section.add(f"appeal_{status.value}", status.label, int(counts.get(status, 0)))
    section.add(
        "appeals_received",
        _("Appeals received"),
        Appeal.objects.filter(_in("created_at", start, end)).count(),
    )
    reports = AuthorityReport.objects.filter(_in("created_at", start, end))
    section.add("authority_reports", _("Reports to the authorities"), reports.count())
    _choice_lines(section, "authority", _by(reports, "authority"), Authority)
    return section


def _rights(year: int, start: dt.datetime, end: dt.datetime) -> Section:
    section = Section("rights_requests", _("Personal-information rights requests"))
    received = RightsRequest.objects.filter(_in("received_at", start, end))
    section.add("received", _("Requests received"), received.count())
    section.chart = _choice_lines(section, "kind", _by(received, "kind"), RequestKind)
    section.chart_title = _("Rights requests by type")
    _choice_lines(section, "state", _by(received, "state"), RequestState)
    return section


def _fees(year: int, start: dt.datetime, end: dt.datetime) -> Section:
    section = Section(
        "fees",
        _("Fees charged"),
        note=_(
            "The platform keeps no payment records and charged no fees in %(year)s. The "
            "agencies' published service fee standards follow."
        )
        % {"year": year},
    )
    section.add("platform_fees", _("Fees charged by the platform (CNY)"), 0)
    services = (
        AgencyService.objects.filter(
            organisation__account_class=AccountClass.AGENCY, organisation__created_at__lt=end
        )
        .select_related("organisation")
        .order_by("organisation__legal_name", "position", "name")
    )
    for index, service in enumerate(services, start=1):
        fee = _("Free of charge") if service.is_free else (service.fee_standard or "—")
        section.add(
            f"service_{index}", f"{service.organisation.legal_name} · {service.name}", str(fee)
        )
    return section


def _self_inspection(year: int, start: dt.datetime, end: dt.datetime) -> Section:
    section = Section("self_inspection", _("Self-inspection"))
    last = SelfInspection.objects.filter(
        conducted_on__gte=dt.date(year, 1, 1), conducted_on__lte=dt.date(year, 12, 31)
    ).aggregate(on=Max("conducted_on"))["on"]
    section.add("done", _("Self-inspection conducted in the year"), _("Yes") if last else _("No"))
    section.add("conducted_on", _("Conducted on"), last.isoformat() if last else "—")
    return section


BUILDERS = (
    _postings,
    _organisations,
    _agencies,
    _seekers,
    _applications,
    _complaints,
    _sanctions,
    _rights,
    _fees,
    _self_inspection,
)


def build_annual_report(year: int) -> AnnualReport:
    """The figures of ``year`` (Beijing calendar year)."""
    start, end = year_bounds(year)
    return AnnualReport(
        year=year,
        generated_at=timezone.now(),
        sections=[build(year, start, end) for build in BUILDERS],
    )


def annual_report_for(viewer: User, year: int) -> AnnualReport:
    """The report for the regulator, auditors and security administrators."""
    if not can_view_annual_report(viewer):
        raise permission_denied()
    return build_annual_report(year)


# --- rendering: inline SVG bars, XLSX, PDF -------------------------------------------------------


def svg_bar_chart(
    data: Iterable[tuple[str, int]], *, title: str = "", width: int = 640, bar_height: int = 22
) -> SafeString:
    """A horizontal bar chart as inline SVG (no JavaScript): one labelled bar per pair."""
    pairs = list(data)
    top = max((value for _label, value in pairs), default=0) or 1
    label_width, value_width = 220, 50
    bar_space = width - label_width - value_width
    height = bar_height * len(pairs) + 8
    parts = [
        f'<svg class="bar-chart" role="img" aria-label="{escape(title)}" width="100%" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for index, (text, value) in enumerate(pairs):
        y = 4 + index * bar_height
        length = round(bar_space * value / top)
        parts.append(
            f'<g data-label="{escape(text)}" data-value="{value}">'
            f'<text x="{label_width - 6}" y="{y + bar_height * 0.7:.0f}" text-anchor="end" '
            f'font-size="12" fill="currentColor">{escape(text[:28])}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{length}" height="{bar_height - 6}" '
            f'fill="#2563eb" rx="2"></rect>'
            f'<text x="{label_width + length + 6}" y="{y + bar_height * 0.7:.0f}" '
            f'font-size="12" fill="currentColor">{value}</text></g>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


def render_xlsx(report: AnnualReport) -> bytes:
    """One sheet per section: a bold header (item, value), the figures, the note."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Font  # type: ignore[import-untyped]

    workbook = Workbook()
    workbook.remove(workbook.active)
    for section in report.sections:
        sheet = workbook.create_sheet(title=section.key[:31])
        sheet.append([_("Item"), _("Value"), _("Key")])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        sheet.column_dimensions["A"].width = 48
        sheet.column_dimensions["B"].width = 28
        sheet.column_dimensions["C"].width = 28
        for line in section.lines:
            value = line.value
            if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
                value = "'" + value
            sheet.append([line.label, value, line.key])
        if section.note:
            sheet.append([])
            sheet.append([section.note])
    handle = io.BytesIO()
    workbook.save(handle)
    return handle.getvalue()


def render_pdf(report: AnnualReport) -> bytes:
    """The report as a PDF: title, each section as a table, bar charts where the section
    has one (reportlab graphics), Chinese text in the CJK font of the privacy exports."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from rencai.privacy.export import cjk_font

    font = cjk_font()
    title_style = ParagraphStyle("title", fontName=font, fontSize=16, leading=22)
    heading = ParagraphStyle("heading", fontName=font, fontSize=12, leading=18, spaceBefore=8)
    body = ParagraphStyle("body", fontName=font, fontSize=9, leading=13)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=_("Annual business report %(year)s") % {"year": report.year},
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
    )
    story: list[Any] = [
        Paragraph(
            escape(_("Annual business report %(year)s") % {"year": report.year}), title_style
        ),
        Paragraph(
            escape(
                _("Calendar year %(year)s, Beijing time. Prepared %(at)s.")
                % {
                    "year": report.year,
                    "at": timezone.localtime(report.generated_at).strftime("%Y-%m-%d %H:%M"),
                }
            ),
            body,
        ),
    ]
    for section in report.sections:
        story.append(Paragraph(escape(section.title), heading))
        rows = [
            [Paragraph(escape(line.label), body), Paragraph(escape(str(line.value)), body)]
            for line in section.lines
        ]
        table = Table(rows, colWidths=[110 * mm, 60 * mm])
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(table)
        if section.note:
            story.append(Paragraph(escape(section.note), body))
        if section.chart and any(value for _l, value in section.chart):
            story.append(Spacer(1, 4))
            story.append(_pdf_chart(section, font, HorizontalBarChart, Drawing, colors))
    document.build(story)
    return buffer.getvalue()


def _pdf_chart(
    section: Section, font: str, chart_class: Any, drawing_class: Any, colors: Any
) -> Any:
    pairs = section.chart
    height = 14 * len(pairs) + 30
    drawing = drawing_class(480, height)
    chart = chart_class()
    chart.x, chart.y = 150, 10
    chart.width, chart.height = 300, height - 20
    chart.data = [[value for _label, value in reversed(pairs)]]
    chart.categoryAxis.categoryNames = [text[:18] for text, _value in reversed(pairs)]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colors.HexColor("#2563eb")
    drawing.add(chart)
    return drawing


# --- the yearly preparation (Huey task and command) ----------------------------------------------


def notify_report_ready(year: int, *, actor: Any) -> int:
    """Prepare ``year``'s report (a dry run of every figure) and tell the security
    administrators and auditors that it is ready to check and file; once per year
    (``dedupe_key``). Returns the number of notifications stored."""
    from rencai.accounts.choices import Role
    from rencai.inspection.notices import ANNUAL_REPORT_READY
    from rencai.notifications.actions import notify_many

    build_annual_report(year)
    recipients = User.objects.filter(
        role_grants__role__in=(Role.OPERATOR_SECURITY_ADMIN, Role.OPERATOR_AUDITOR),
        role_grants__revoked_at__isnull=True,
    ).distinct()
    sent = notify_many(
        recipients,
        ANNUAL_REPORT_READY,
        params={"year": str(year)},
        url=f"/regulator/annual-report/?year={year}",
        dedupe_key=f"annual-report-{year}",
        actor=actor,
    )
    return len(sent)

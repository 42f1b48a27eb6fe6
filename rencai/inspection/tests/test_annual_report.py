"""The annual business report (REG-01): figures of a seeded data set spread over two years
(with events on either side of midnight on 31 December / 1 January, Beijing time), the
HTML view with SVG charts, PDF, XLSX, the command, the yearly task, permissions and the
access log."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
import pypdf
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from rencai.accounts.models import User
from rencai.core.actors import cli_actor, system_actor
from rencai.inspection import annual_report
from rencai.inspection.choices import AccessKind
from rencai.inspection.models import InspectionAccess
from rencai.inspection.notices import ANNUAL_REPORT_READY
from rencai.jobs import actions as job_actions
from rencai.jobs.choices import EventKind
from rencai.jobs.models import PostingEvent
from rencai.moderation.choices import CaseOutcome, CaseStatus, ReportCategory, TargetKind
from rencai.moderation.models import Report, ReportCase
from rencai.notifications.models import Notification
from rencai.orgs.models import AgencyLicence, AgencyService, Organisation
from rencai.privacy.choices import RequestKind, RequestState
from rencai.privacy.models import RightsRequest, SelfInspection
from rencai.sanctions.choices import SEVERITY, AppealStatus, SanctionKind, SanctionStatus
from rencai.sanctions.models import Appeal, Sanction
from rencai.testing import orgs as org_seeds
from rencai.testing.jobs import publish, sample_content
from rencai.testing.messaging import application

pytestmark = pytest.mark.django_db

BEIJING = dt.timezone(dt.timedelta(hours=8))
YEAR = 2025
# Just inside 2025 and just inside 2026, Beijing time (UTC 15:30 and 16:30 on 31 Dec).
LATE_2025 = dt.datetime(2025, 12, 31, 23, 30, tzinfo=BEIJING)
EARLY_2026 = dt.datetime(2026, 1, 1, 0, 30, tzinfo=BEIJING)
EARLY_2025 = dt.datetime(2025, 1, 1, 0, 10, tzinfo=BEIJING)  # still 2024 in UTC
MID_2025 = dt.datetime(2025, 6, 16, 10, 0, tzinfo=BEIJING)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="rencai.accounts.backends.RencaiBackend")
    return client


def _at(rows: Any, when: dt.datetime, field: str = "created_at") -> None:
    rows.update(**{field: when})


@pytest.fixture
def seeded(bob: User, oscar: User, alice: User, yan: User, carol: User) -> dict[str, Any]:
    """Company A and the agency; postings, applications, complaints, sanctions and rights
    requests in 2025 and 2026."""
    org = org_seeds.build_org(org_seeds.COMPANY_A)
    agency = org_seeds.build_org(org_seeds.AGENCY)
    for model_org in (org, agency):
        _at(Organisation.objects.filter(pk=model_org.pk), EARLY_2025)
        Organisation.objects.filter(pk=model_org.pk).update(first_verified_at=EARLY_2025)
    # Postings: one approved early 2025 (then edited: version 2 late 2025), one approved
    # on 1 January 2026 00:30 (belongs to 2026).
    first = publish(org, bob, oscar)
    _at(PostingEvent.objects.filter(posting=first, kind=EventKind.APPROVED), EARLY_2025)
    job_actions.update_posting(
        first, sample_content(title="高级 Python 工程师"), actor=cli_actor(bob)
    )
    version = job_actions.submit_posting(first, actor=cli_actor(bob))
    job_actions.approve_version(version, oscar, actor=cli_actor(oscar))
    _at(
        PostingEvent.objects.filter(posting=first, kind=EventKind.APPROVED, version__number=2),
        LATE_2025,
    )
    second = publish(org, bob, oscar, title="数据录入员")
    _at(PostingEvent.objects.filter(posting=second, kind=EventKind.APPROVED), EARLY_2026)
    # Applications: Alice in 2025 (31 Dec 23:30), Yan in 2026.
    applied = application(alice, first)
    _at(type(applied).objects.filter(pk=applied.pk), LATE_2025)
    later = application(yan, second)
    _at(type(later).objects.filter(pk=later.pk), EARLY_2026)
    # Complaints: two reports in 2025 (one decided upheld in 2025), one in 2026.
    case = ReportCase.objects.create(
        target_kind=TargetKind.POSTING,
        target_id=first.pk,
        target_label="Python 工程师",
        subject_organisation=org,
        status=CaseStatus.DECIDED,
        outcome=CaseOutcome.UPHELD,
        due_date=dt.date(2025, 6, 20),
        decided_at=dt.datetime(2025, 6, 23, 10, 0, tzinfo=BEIJING),  # Monday, late
    )
    _at(ReportCase.objects.filter(pk=case.pk), MID_2025)  # Monday 16 June
    for category, received in (
        (ReportCategory.FRAUD_OR_FEES, MID_2025),
        (ReportCategory.EMPLOYMENT_DISCRIMINATION, LATE_2025),
        (ReportCategory.FRAUD_OR_FEES, EARLY_2026),
    ):
        Report.objects.create(
            reference=f"RP{received:%Y%m%d%H%M}",
            case=case,
            reporter=alice,
            category=category,
            received_at=received,
            due_date=dt.date(2026, 1, 20),
        )
    # Sanctions: a warning in 2025 (appeal overturned in 2025), a suspension in 2026.
    warning = Sanction.objects.create(
        organisation=org,
        kind=SanctionKind.WARNING,
        severity=SEVERITY[SanctionKind.WARNING],
        rule="FRD-02",
        reason="虚假信息",
        evidence_sha256="0" * 64,
        imposed_by=oscar,
        starts_at=LATE_2025,
        status=SanctionStatus.OVERTURNED,
    )
    Appeal.objects.create(
        sanction=warning,
        appellant=bob,
        statement="信息属实",
        status=AppealStatus.OVERTURNED,
        decided_by=oscar,
        decided_at=LATE_2025,
    )
    Sanction.objects.create(
        organisation=org,
        kind=SanctionKind.ACCOUNT_SUSPENSION,
        severity=4,
        rule="FRD-02",
        reason="收取押金",
        evidence_sha256="0" * 64,
        imposed_by=oscar,
        starts_at=EARLY_2026,
    )
    # Rights requests and the self-inspection.
    for reference, when, state in (
        ("PR-1", MID_2025, RequestState.COMPLETED),
        ("PR-2", EARLY_2026, RequestState.RECEIVED),
    ):
        RightsRequest.objects.create(
            reference=reference,
            kind=RequestKind.ACCESS,
            state=state,
            subject=alice,
            requester=alice,
            received_at=when,
            due_date=dt.date(2026, 2, 1),
        )
    SelfInspection.objects.create(
        year=YEAR,
        conducted_on=dt.date(2025, 11, 20),
        conducted_by=oscar,
        scope="全面",
        summary="合规",
    )
    return {"org": org, "agency": agency}


def test_figures_of_the_year_respect_beijing_midnight(seeded: dict[str, Any]) -> None:
    report = annual_report.build_annual_report(YEAR)
    postings = report.section("postings")
    assert postings.value("versions_approved") == 2
    assert (postings.value("new"), postings.value("renewed")) == (1, 1)
    assert dict(postings.chart)["1"] == 1 and dict(postings.chart)["12"] == 1
    orgs = report.section("organisations")
    assert (orgs.value("class_employer"), orgs.value("class_agency")) == (1, 0)
    agencies = report.section("agencies")
    assert agencies.value("total") == 1
    licence = AgencyLicence.objects.get(organisation=seeded["agency"])
    valid = licence.valid_from <= dt.date(YEAR, 12, 31) <= licence.valid_until
    assert agencies.value("licence_valid") == int(valid)
    assert report.section("seekers").value("applied") == 1
    assert report.section("applications").value("applications") == 1
    complaints = report.section("complaints")
    assert complaints.value("received") == 2
    assert complaints.value("category_fraud_or_fees") == 1
    assert complaints.value("category_employment_discrimination") == 1
    assert (complaints.value("decided"), complaints.value("outcome_upheld")) == (1, 1)
    assert complaints.value("average_working_days") == "5.0"  # 16 → 23 June 2025
    assert complaints.value("decided_late") == 1
    sanctions = report.section("sanctions")
    assert sanctions.value("imposed") == 1
    assert sanctions.value("kind_warning") == 1
    assert sanctions.value("kind_account_suspension") == 0
    assert sanctions.value("appeal_overturned") == 1
    rights = report.section("rights_requests")
    assert (rights.value("received"), rights.value("state_completed")) == (1, 1)
    fees = report.section("fees")
    assert fees.value("platform_fees") == 0
    services = AgencyService.objects.filter(organisation=seeded["agency"]).count()
    assert len([line for line in fees.lines if line.key.startswith("service_")]) == services
    assert report.section("self_inspection").value("conducted_on") == "2025-11-20"

    following = annual_report.build_annual_report(2026)
    assert following.section("postings").value("versions_approved") == 1
    assert following.section("applications").value("applications") == 1
    assert following.section("complaints").value("received") == 1
    assert following.section("sanctions").value("kind_account_suspension") == 1
    assert following.section("self_inspection").value("conducted_on") == "—"


def test_html_view_pdf_and_xlsx(seeded: dict[str, Any], rita: User) -> None:
    client = _client(rita)
    response = client.get("/regulator/annual-report/", {"year": YEAR})
    assert response.status_code == 200
    assert b'id="report-postings"' in response.content
    assert b'<svg class="bar-chart"' in response.content
    assert b'data-key="versions_approved" data-value="2"' in response.content
    access = InspectionAccess.objects.get(dataset="annual_report")
    assert (access.kind, access.filters) == (AccessKind.DATASET, {"year": str(YEAR)})

    pdf = client.get("/regulator/annual-report/download", {"year": YEAR, "format": "pdf"})
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert str(YEAR) in text

    xlsx = client.get("/regulator/annual-report/download", {"year": YEAR, "format": "xlsx"})
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert workbook.sheetnames == [s.key for s in annual_report.build_annual_report(YEAR).sections]
    sheet = workbook["postings"]
    assert len([cell.value for cell in sheet[1] if cell.value]) == 3  # item, value, key
    keys = {row[2]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert keys["versions_approved"] == 2
    exports = InspectionAccess.objects.filter(dataset="annual_report", kind=AccessKind.EXPORT)
    assert sorted(exports.values_list("export_format", flat=True)) == ["pdf", "xlsx"]


def test_bad_year_and_format(rita: User) -> None:
    client = _client(rita)
    for year in ("abc", "1999", str(timezone.localdate().year + 1)):
        response = client.get("/regulator/annual-report/", {"year": year})
        assert response.status_code == 400
        assert b'data-code="year_invalid"' in response.content
    response = client.get("/regulator/annual-report/download", {"year": YEAR, "format": "doc"})
    assert response.status_code == 400
    assert b'data-code="report_format_invalid"' in response.content
    assert not InspectionAccess.objects.exists()


def test_who_may_see_the_report(
    rita: User, sam: User, audrey: User, oscar: User, bob: User, alice: User, dana: User
) -> None:
    for user in (rita, sam, audrey):
        assert _client(user).get("/regulator/annual-report/", {"year": YEAR}).status_code == 200
    for user in (oscar, bob, alice, dana):
        assert _client(user).get("/regulator/annual-report/", {"year": YEAR}).status_code == 403
        response = _client(user).get(
            "/regulator/annual-report/download", {"year": YEAR, "format": "pdf"}
        )
        assert response.status_code == 403
    assert set(InspectionAccess.objects.values_list("user_id", flat=True)) == {
        rita.pk,
        sam.pk,
        audrey.pk,
    }


def test_command(
    seeded: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("annual_report", "--year", str(YEAR))
    data = json.loads(capsys.readouterr().out)
    assert data["year"] == YEAR
    assert data["sections"]["postings"]["figures"]["versions_approved"] == 2
    target = tmp_path / "report.pdf"
    call_command("annual_report", "--year", str(YEAR), "--format", "pdf", "--output", str(target))
    assert target.read_bytes().startswith(b"%PDF")
    target = tmp_path / "report.xlsx"
    call_command("annual_report", "--year", str(YEAR), "--format", "xlsx", "--output", str(target))
    assert "complaints" in openpyxl.load_workbook(target).sheetnames
    with pytest.raises(CommandError, match="year_invalid"):
        call_command("annual_report", "--year", "20x5")
    with pytest.raises(CommandError, match="report_format_invalid"):
        call_command("annual_report", "--year", str(YEAR), "--format", "doc")


def test_yearly_task_notifies_security_admins_and_auditors_once(
    sam: User, audrey: User, rita: User, oscar: User
) -> None:
    assert annual_report.notify_report_ready(YEAR, actor=system_actor()) == 2
    assert annual_report.notify_report_ready(YEAR, actor=system_actor()) == 0
    notified = Notification.objects.filter(kind=ANNUAL_REPORT_READY)
    assert set(notified.values_list("recipient_id", flat=True)) == {sam.pk, audrey.pk}

"""Credit grading of organisations (A/B/C/D): each factor moves the score as documented,
the grade thresholds, the bounded query count, the pages, API, export and access log."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rencai.accounts.models import User
from rencai.audit.models import AuditEvent
from rencai.core.actors import cli_actor
from rencai.inspection import credit
from rencai.inspection.actions import ACCESS_ACTION
from rencai.inspection.choices import AccessKind
from rencai.inspection.models import InspectionAccess
from rencai.jobs import actions as job_actions
from rencai.jobs.choices import VersionStatus
from rencai.moderation.choices import CaseOutcome, CaseStatus, SubjectKind, TargetKind
from rencai.moderation.models import AbnormalListEntry, ReportCase
from rencai.orgs.choices import OrgStatus
from rencai.orgs.models import Organisation
from rencai.risk.choices import ReviewOutcome, RiskLevel, Trigger
from rencai.risk.choices import SubjectKind as RiskSubject
from rencai.risk.models import RiskAssessment
from rencai.sanctions.choices import SEVERITY, SanctionKind, SanctionStatus
from rencai.sanctions.models import Sanction
from rencai.testing import orgs as org_seeds
from rencai.testing.jobs import publish

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="rencai.accounts.backends.RencaiBackend")
    return client


def _credit(org: Organisation) -> credit.Credit:
    annotated = credit.annotate_credit(Organisation.objects.filter(pk=org.pk)).get()
    result = credit.credit_of(annotated)
    # The database's score and grade (filters, sorting) equal the explained ones.
    assert annotated.credit_score == result.score  # type: ignore[attr-defined]
    assert annotated.credit_grade == result.grade  # type: ignore[attr-defined]
    return result


def _points(result: credit.Credit, code: str) -> int:
    return next(f.points for f in result.factors if f.code == code)


@pytest.fixture
def org(bob: User) -> Organisation:
    return org_seeds.build_org(org_seeds.COMPANY_A)


def _complaint(
    org: Organisation, *, outcome: str = CaseOutcome.UPHELD, days_ago: int = 10
) -> ReportCase:
    return ReportCase.objects.create(
        target_kind=TargetKind.ORGANISATION,
        target_id=org.pk,
        target_label=org.legal_name,
        subject_organisation=org,
        status=CaseStatus.DECIDED,
        outcome=outcome,
        decided_at=timezone.now() - dt.timedelta(days=days_ago),
    )


def _sanction(
    org: Organisation,
    oscar: User,
    kind: str = SanctionKind.SUSPEND_POSTING,
    *,
    status: str = SanctionStatus.ACTIVE,
    days_ago: int = 5,
) -> Sanction:
    return Sanction.objects.create(
        organisation=org,
        kind=kind,
        severity=SEVERITY[kind],
        rule="FRD-02",
        reason="收取押金",
        evidence_sha256="0" * 64,
        imposed_by=oscar,
        starts_at=timezone.now() - dt.timedelta(days=days_ago),
        status=status,
    )


def test_a_verified_organisation_without_findings_is_graded_a(org: Organisation) -> None:
    result = _credit(org)
    assert (result.score, result.grade) == (100, "A")
    assert all(f.points == 0 for f in result.factors)
    assert result.top_factors == []


@pytest.mark.parametrize(
    ("score", "grade"),
    [(100, "A"), (90, "A"), (89, "B"), (75, "B"), (74, "C"), (60, "C"), (59, "D"), (0, "D")],
)
def test_grade_thresholds(score: int, grade: str) -> None:
    assert credit.grade_of(score) == grade


def test_verification_standing_takes_the_worst_state(org: Organisation, oscar: User) -> None:
    Organisation.objects.filter(pk=org.pk).update(
        reverification_due_at=timezone.now() - dt.timedelta(days=1)
    )
    assert (_credit(org).score, _credit(org).grade) == (85, "B")
    Organisation.objects.filter(pk=org.pk).update(status=OrgStatus.PENDING)
    assert _points(_credit(org), "standing") == -20
    Organisation.objects.filter(pk=org.pk).update(display_suspended=True)
    assert (_credit(org).score, _credit(org).grade) == (70, "C")
    AbnormalListEntry.objects.create(
        subject_kind=SubjectKind.USCC,
        match_key=org.uscc,
        label=org.legal_name,
        reason="虚假招聘",
        listed_by=oscar,
    )
    result = _credit(org)
    assert (result.score, result.grade) == (40, "D")
    assert result.top_factors[0].code == "standing"


def test_upheld_complaints_in_the_last_12_months(org: Organisation) -> None:
    _complaint(org)
    assert (_credit(org).score, _credit(org).grade) == (90, "A")  # boundary: still A
    _complaint(org, outcome=CaseOutcome.PARTLY)
    assert (_credit(org).score, _credit(org).grade) == (80, "B")
    _complaint(org, outcome=CaseOutcome.DISMISSED)
    _complaint(org, days_ago=400)  # outside the window
    assert _points(_credit(org), "complaints_upheld") == -20
    for _ in range(4):
        _complaint(org)
    assert _points(_credit(org), "complaints_upheld") == -40  # the cap


def test_sanctions_count_by_severity_and_overturned_ones_do_not(
    org: Organisation, oscar: User
) -> None:
    _sanction(org, oscar, SanctionKind.WARNING)
    assert _points(_credit(org), "sanction_severity") == -5
    _sanction(org, oscar, SanctionKind.ACCOUNT_SUSPENSION, status=SanctionStatus.OVERTURNED)
    _sanction(org, oscar, SanctionKind.ACCOUNT_CLOSURE, days_ago=800)  # outside 24 months
    assert _points(_credit(org), "sanction_severity") == -5
    _sanction(org, oscar, SanctionKind.SUSPEND_POSTING)
    result = _credit(org)
    assert (result.score, result.grade) == (80, "B")
    _sanction(org, oscar, SanctionKind.ACCOUNT_CLOSURE)
    _sanction(org, oscar, SanctionKind.REREGISTRATION_BAN)
    assert _points(_credit(org), "sanction_severity") == -50  # the cap
    assert (_credit(org).score, _credit(org).grade) == (50, "D")


def test_posting_violations(org: Organisation, bob: User, oscar: User) -> None:
    removed = publish(org, bob, oscar, title="数据录入员")
    job_actions.take_down(removed, oscar, reasons=["fees"], note="收取押金", actor=cli_actor(oscar))
    assert _points(_credit(org), "takedowns") == -8
    other = publish(org, bob, oscar, title="仓库管理员")
    version = other.versions.get()
    version.status, version.decided_at = VersionStatus.REJECTED, timezone.now()
    version.reasons = ["missing_information"]
    version.save()
    assert _points(_credit(org), "rejected_violations") == 0
    version.reasons = ["missing_information", "discrimination"]
    version.save()
    result = _credit(org)
    assert _points(result, "rejected_violations") == -4
    assert (result.score, result.grade) == (88, "B")


def test_a_current_uncleared_high_risk_assessment(org: Organisation, oscar: User) -> None:
    assessment = RiskAssessment.objects.create(
        subject_kind=RiskSubject.ORGANISATION,
        organisation=org,
        score=85,
        level=RiskLevel.HIGH,
        trigger=Trigger.MANUAL,
        computed_at=timezone.now(),
    )
    assert (_credit(org).score, _credit(org).grade) == (80, "B")
    assert [c.organisation.pk for c in map(credit.credit_of, credit.risk_warning_rows())] == [
        org.pk
    ]
    assessment.review_outcome = ReviewOutcome.CLEARED
    assessment.save()
    assert _credit(org).score == 100
    assert not credit.risk_warning_rows().exists()


def _scene(oscar: User) -> dict[str, Organisation]:
    good = org_seeds.build_org(org_seeds.COMPANY_A)
    bad = org_seeds.build_org(org_seeds.COMPANY_B)
    agency = org_seeds.build_org(org_seeds.AGENCY)
    for _ in range(3):
        _complaint(bad)
    _sanction(bad, oscar, SanctionKind.ACCOUNT_SUSPENSION)  # 100 - 30 - 20 = 50: D
    _complaint(agency)
    _complaint(agency)
    _sanction(agency, oscar, SanctionKind.WARNING)  # 100 - 20 - 5 = 75: B
    return {"good": good, "bad": bad, "agency": agency}


def test_pages_filters_warnings_dossier_and_access_log(rita: User, bob: User, oscar: User) -> None:
    orgs = _scene(oscar)
    client = _client(rita)
    response = client.get("/regulator/credit/")
    assert response.status_code == 200
    rows = [(c.organisation.pk, c.grade) for c in response.context["credits"]]
    assert rows[0] == (orgs["bad"].pk, "D")  # worst first
    assert (orgs["good"].pk, "A") in rows
    assert b'id="credit-rules"' in response.content
    access = InspectionAccess.objects.get(dataset="credit")
    assert (access.kind, access.row_count, access.user_id) == (AccessKind.DATASET, 3, rita.pk)
    assert AuditEvent.objects.filter(action=ACCESS_ACTION, object_id=str(access.pk)).exists()

    response = client.get("/regulator/credit/", {"grade": "B", "account_class": "agency"})
    assert [c.organisation.pk for c in response.context["credits"]] == [orgs["agency"].pk]
    response = client.get("/regulator/credit/", {"grade": "E"})
    assert response.status_code == 400
    assert b'data-code="filter_invalid"' in response.content
    assert InspectionAccess.objects.filter(dataset="credit").count() == 2  # refusal not logged

    response = client.get("/regulator/risk-warnings/")
    assert [c.organisation.pk for c in response.context["credits"]] == [orgs["bad"].pk]
    assert InspectionAccess.objects.filter(dataset="risk_warnings").count() == 1

    response = client.get(f"/regulator/organisations/{orgs['bad'].pk}/")
    assert b'id="dossier-credit" data-grade="D" data-score="50"' in response.content
    assert b'data-factor="complaints_upheld" data-points="-30"' in response.content

    for user in (bob, oscar):
        assert _client(user).get("/regulator/credit/").status_code == 403
        assert _client(user).get("/regulator/risk-warnings/").status_code == 403


def test_credit_export_through_the_dataset_registry(rita: User, oscar: User) -> None:
    orgs = _scene(oscar)
    response = _client(rita).get(
        "/regulator/datasets/credit/export", {"format": "csv", "grade": "D"}
    )
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    rows = list(csv.reader(io.StringIO(body)))
    assert len(rows) == 2
    assert rows[1][1] == orgs["bad"].uscc
    assert rows[1][3:5] == ["D", "50"]
    access = InspectionAccess.objects.get(dataset="credit", kind=AccessKind.EXPORT)
    assert (access.row_count, access.filters) == (1, {"grade": "D"})


def test_the_list_takes_a_fixed_number_of_queries(rita: User, oscar: User) -> None:
    org_seeds.build_org(org_seeds.COMPANY_A)
    client = _client(rita)
    client.get("/regulator/credit/")  # warm the session and caches
    with CaptureQueriesContext(connection) as few:
        assert client.get("/regulator/credit/").status_code == 200
    _scene(oscar)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/regulator/credit/").status_code == 200
    assert len(many) == len(few)
    api = Client()
    api.force_login(rita, backend="rencai.accounts.backends.RencaiBackend")
    with CaptureQueriesContext(connection) as api_queries:
        assert api.get("/api/v1/regulator/credit").status_code == 200
    assert len(api_queries) <= len(few) + 2


def test_api(api_as: Any, rita: User, alice: User, oscar: User) -> None:
    orgs = _scene(oscar)
    client = api_as(rita)
    body = client.get("/api/v1/regulator/credit?grade=D").json()
    assert body["total"] == 1
    item = body["items"][0]
    assert (item["organisation_id"], item["grade"], item["score"]) == (
        str(orgs["bad"].pk),
        "D",
        50,
    )
    codes = {f["code"]: f["points"] for f in item["factors"]}
    assert codes == {
        "standing": 0,
        "complaints_upheld": -30,
        "sanction_severity": -20,
        "takedowns": 0,
        "rejected_violations": 0,
        "high_risk": 0,
    }
    detail = client.get(f"/api/v1/regulator/credit/{orgs['agency'].pk}").json()
    assert (detail["grade"], detail["score"]) == ("B", 75)
    assert client.get(f"/api/v1/regulator/credit/{uuid.uuid4()}").status_code == 404
    assert client.get("/api/v1/regulator/credit?grade=X").json()["code"] == "filter_invalid"
    warnings = client.get("/api/v1/regulator/risk-warnings").json()
    assert [i["organisation_id"] for i in warnings["items"]] == [str(orgs["bad"].pk)]
    logged = InspectionAccess.objects.filter(dataset__in=("credit", "risk_warnings"))
    assert logged.count() == 3  # list, detail, warnings; refusals are not logged
    assert set(logged.values_list("channel", flat=True)) == {"api"}
    assert api_as(alice).get("/api/v1/regulator/credit").status_code == 403

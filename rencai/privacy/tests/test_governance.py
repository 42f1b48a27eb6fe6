"""Operator governance: the annual self-inspection and its dashboard alert (GOV-04),
findings, bulk exports with a second operator's approval (SEC-03), their files and
expiry, and PI-access records of staff reads (SEC-03)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from rencai.accounts import actions as account_actions
from rencai.accounts.choices import Role
from rencai.accounts.models import User
from rencai.audit.models import AuditEvent
from rencai.core.actors import cli_actor, system_actor
from rencai.core.errors import DomainError
from rencai.files.actions import read_bytes
from rencai.privacy import governance, retention
from rencai.privacy.choices import BulkExportStatus, PiAccessPurpose
from rencai.privacy.models import BulkExportRequest, PiAccessRecord, SelfInspection
from rencai.testing import personas

LOGIN = "rencai.accounts.backends.RencaiBackend"


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user, backend=LOGIN)
    return client


def _inspect(year: int, dana: User) -> SelfInspection:
    return governance.record_self_inspection(
        year=year,
        conducted_on=dt.date(year, 11, 20),
        scope="检查范围",
        summary="结论",
        actor=cli_actor(dana),
    )


# --- self-inspection (GOV-04) ---------------------------------------------------------------


@pytest.mark.django_db
def test_missing_self_inspection_alert_follows_the_calendar(dana: User) -> None:
    assert governance.missing_self_inspection(dt.date(2031, 6, 1)) == 2030
    with time_machine.travel(dt.datetime(2031, 1, 5, 2, tzinfo=dt.UTC), tick=False):
        _inspect(2030, dana)
    assert governance.missing_self_inspection(dt.date(2031, 6, 1)) is None
    assert governance.missing_self_inspection(dt.date(2031, 11, 30)) is None
    assert governance.missing_self_inspection(dt.date(2031, 12, 1)) == 2031
    with time_machine.travel(dt.datetime(2031, 12, 2, 2, tzinfo=dt.UTC), tick=False):
        _inspect(2031, dana)
        assert governance.missing_self_inspection() is None


@pytest.mark.django_db
def test_alert_month_is_configurable(dana: User, settings: Any) -> None:
    settings.SELF_INSPECTION_ALERT_MONTH = 10
    with time_machine.travel(dt.datetime(2031, 1, 5, 2, tzinfo=dt.UTC), tick=False):
        _inspect(2030, dana)
    assert governance.missing_self_inspection(dt.date(2031, 9, 30)) is None
    assert governance.missing_self_inspection(dt.date(2031, 10, 1)) == 2031


@pytest.mark.django_db
def test_dashboard_shows_the_alert_until_the_inspection_is_recorded(dana: User) -> None:
    with time_machine.travel(dt.datetime(2031, 6, 1, 2, tzinfo=dt.UTC), tick=False):
        client = _client(dana)
        page = client.get("/ops/").content.decode()
        assert 'id="self-inspection-alert" data-year="2030"' in page
        _inspect(2030, dana)
        page = client.get("/ops/").content.decode()
        assert 'id="self-inspection-alert"' not in page
        assert 'id="self-inspection-ok"' in page
        assert 'id="governance-card"' in page


@pytest.mark.django_db
def test_the_same_year_cannot_be_recorded_twice(dana: User, api_as: Any) -> None:
    _inspect(2025, dana)
    response = api_as(dana).post(
        "operator/privacy/self-inspections",
        {"year": 2025, "conducted_on": "2025-12-01", "scope": "s", "summary": "c"},
    )
    assert response.status_code == 409
    assert response.json()["code"] == "self_inspection_exists"
    assert SelfInspection.objects.count() == 1


@pytest.mark.django_db
def test_findings_are_added_counted_overdue_and_resolved(dana: User, sam: User) -> None:
    inspection = _inspect(2025, dana)
    finding = governance.add_finding(
        inspection,
        description="日志未脱敏",
        severity="high",
        remediation="增加过滤器",
        owner=sam,
        due_date=timezone.localdate() - dt.timedelta(days=1),
        actor=cli_actor(dana),
    )
    assert governance.overdue_findings().count() == 1
    page = _client(dana).get("/ops/").content.decode()
    assert 'id="overdue-findings" data-count="1"' in page
    # The owner (a security administrator) may resolve it; an auditor may not.
    audrey = personas.build(personas.AUDREY)
    response = _client(audrey).post(
        "/ops/privacy/self-inspections/2025/",
        {"form": "resolve", "finding": str(finding.pk), f"{finding.pk}-resolution": "x"},
    )
    assert response.status_code == 403
    response = _client(sam).post(
        "/ops/privacy/self-inspections/2025/",
        {"form": "resolve", "finding": str(finding.pk), f"{finding.pk}-resolution": "已修复"},
    )
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.resolved_at is not None
    assert governance.overdue_findings().count() == 0
    with pytest.raises(DomainError) as excinfo:
        governance.resolve_finding(finding, resolution="again", actor=cli_actor(dana))
    assert excinfo.value.code == "finding_already_resolved"


@pytest.mark.django_db
def test_finding_owner_must_be_an_operator(dana: User, alice: User) -> None:
    inspection = _inspect(2025, dana)
    with pytest.raises(DomainError) as excinfo:
        governance.add_finding(
            inspection,
            description="d",
            severity="low",
            remediation="r",
            owner=alice,
            due_date=dt.date(2026, 1, 1),
            actor=cli_actor(dana),
        )
    assert excinfo.value.code == "finding_owner_invalid"


# --- bulk export (SEC-03) -----------------------------------------------------------------


@pytest.mark.django_db
def test_below_the_threshold_the_export_is_ready_at_once(dana: User, alice: User) -> None:
    export = governance.request_bulk_export(
        dana, "users_by_role", {"role": Role.SEEKER}, "年度核对", actor=cli_actor(dana)
    )
    assert export.status == BulkExportStatus.READY
    assert export.decided_by is None
    assert export.record_count == 1
    assert export.file is not None
    text = read_bytes(export.file).decode("utf-8-sig")
    assert alice.display_name in text
    # GOV-05: never the ID number or the full mobile number.
    assert personas.ALICE.id_number not in text
    assert personas.ALICE.phone not in text
    assert alice.masked_phone in text
    record = PiAccessRecord.objects.get(subject=alice)
    assert (record.accessor_id, record.purpose) == (dana.pk, PiAccessPurpose.BULK_EXPORT)
    assert record.object_id == str(export.pk)
    response = _client(dana).get(f"/ops/privacy/bulk-exports/{export.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert AuditEvent.objects.filter(
        action="privacy.bulk_export_downloaded", object_id=str(export.pk)
    ).exists()


@pytest.mark.django_db
def test_above_the_threshold_a_second_operator_approves(
    dana: User, sam: User, alice: User, settings: Any, api_as: Any
) -> None:
    settings.PRIVACY_BULK_EXPORT_THRESHOLD = 1
    # Dana also holds the security role: she still cannot approve her own request.
    account_actions.grant_role(dana, Role.OPERATOR_SECURITY_ADMIN, actor=cli_actor(sam))
    dana.forget_roles()
    response = api_as(dana).post(
        "operator/privacy/bulk-exports",
        {"dataset": "users_by_role", "filters": {}, "reason": "核对"},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "pending"
    assert body["record_count"] >= 3
    export_id = body["id"]
    response = api_as(dana).post(f"operator/privacy/bulk-exports/{export_id}/approve", {})
    assert response.status_code == 403
    assert response.json()["code"] == "bulk_export_own_request"
    assert BulkExportRequest.objects.get(pk=export_id).status == BulkExportStatus.PENDING
    response = api_as(dana).get(f"operator/privacy/bulk-exports/{export_id}/file")
    assert response.status_code == 409
    assert response.json()["code"] == "bulk_export_not_ready"
    assert not PiAccessRecord.objects.filter(purpose=PiAccessPurpose.BULK_EXPORT).exists()
    page = _client(sam).get("/ops/").content.decode()
    assert 'id="pending-bulk-exports" data-count="1"' in page
    response = api_as(sam).post(
        f"operator/privacy/bulk-exports/{export_id}/approve", {"note": "ok"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "ready"
    assert response.json()["decided_by"] == str(sam.pk)
    response = api_as(dana).get(f"operator/privacy/bulk-exports/{export_id}/file")
    assert response.status_code == 200
    assert alice.display_name in b"".join(response.streaming_content).decode("utf-8-sig")
    # Only the requester downloads it.
    assert api_as(sam).get(f"operator/privacy/bulk-exports/{export_id}/file").status_code == 403
    assert PiAccessRecord.objects.filter(purpose=PiAccessPurpose.BULK_EXPORT).count() >= 2
    response = api_as(sam).post(f"operator/privacy/bulk-exports/{export_id}/reject", {})
    assert response.status_code == 409
    assert response.json()["code"] == "bulk_export_not_pending"


@pytest.mark.django_db
def test_rejected_export_has_no_file(dana: User, sam: User, settings: Any) -> None:
    settings.PRIVACY_BULK_EXPORT_THRESHOLD = 1
    export = governance.request_bulk_export(
        dana, "users_by_role", {}, "核对", actor=cli_actor(dana)
    )
    assert export.status == BulkExportStatus.PENDING
    rejected = governance.reject_bulk_export(export, actor=cli_actor(sam), note="不必要")
    assert rejected.status == BulkExportStatus.REJECTED
    assert rejected.file is None
    with pytest.raises(DomainError) as excinfo:
        governance.bulk_export_file(rejected, actor=cli_actor(dana))
    assert excinfo.value.code == "bulk_export_not_ready"


@pytest.mark.django_db
def test_unknown_dataset_and_filters_are_refused(dana: User) -> None:
    for dataset, filters, code in (
        ("everything", {}, "bulk_export_unknown_dataset"),
        ("users_by_role", {"id_number": "1"}, "bulk_export_invalid_filter"),
        ("users_by_role", {"role": "king"}, "bulk_export_invalid_filter"),
    ):
        with pytest.raises(DomainError) as excinfo:
            governance.request_bulk_export(dana, dataset, filters, "r", actor=cli_actor(dana))
        assert excinfo.value.code == code
    assert not BulkExportRequest.objects.exists()


@pytest.mark.django_db
def test_exports_expire_after_7_days(dana: User) -> None:
    export = governance.request_bulk_export(
        dana, "users_by_role", {}, "核对", actor=cli_actor(dana)
    )
    with time_machine.travel(timezone.now() + dt.timedelta(days=7, hours=1), tick=False):
        with pytest.raises(DomainError) as excinfo:
            governance.bulk_export_file(export, actor=cli_actor(dana))
        assert excinfo.value.code == "bulk_export_expired"
        run = retention.run_retention(actor=system_actor(), categories=["data_export"])
    export.refresh_from_db()
    assert export.status == BulkExportStatus.EXPIRED
    assert export.file is None
    assert run.report["rules"][0]["details"]["bulk_exports"] == 1


# --- PI-access records ------------------------------------------------------------------------


@pytest.mark.django_db
def test_opening_a_users_page_writes_a_pi_access_record(sam: User, alice: User) -> None:
    response = _client(sam).get(f"/ops/users/{alice.pk}/")
    assert response.status_code == 200
    record = PiAccessRecord.objects.get(subject=alice)
    assert record.accessor_id == sam.pk
    assert record.accessor_role == Role.OPERATOR_SECURITY_ADMIN
    assert record.purpose == PiAccessPurpose.ACCOUNT_SUPPORT
    assert record.categories == ["account", "roles"]


@pytest.mark.django_db
def test_own_data_writes_no_record(sam: User) -> None:
    assert (
        governance.record_pi_access(
            sam, sam, purpose=PiAccessPurpose.ACCOUNT_SUPPORT, categories=["account"]
        )
        is None
    )
    assert not PiAccessRecord.objects.exists()


@pytest.mark.django_db
def test_pi_access_page_filters_by_subject_and_accessor(
    sam: User, audrey: User, alice: User, bob: User
) -> None:
    governance.record_pi_access(sam, alice, purpose="account_support", categories=["account"])
    governance.record_pi_access(sam, bob, purpose="account_support", categories=["account"])
    client = _client(audrey)
    page = client.get("/ops/privacy/pi-access/", {"subject": alice.email or str(alice.pk)})
    html = page.content.decode()
    assert f'data-subject="{alice.pk}"' in html
    assert f'data-subject="{bob.pk}"' not in html
    page = client.get("/ops/privacy/pi-access/", {"accessor": "sam@rencai.example"})
    assert page.content.decode().count('data-record="') == 2

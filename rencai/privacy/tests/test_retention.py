"""The retention engine (RET-01…RET-07, PI-15): security logs kept 183 days (RET-03),
notifications 365 days, inactive seekers warned 30 days before their resumes are erased
(RET-06, as les-emplois does), dry runs that change nothing, the report, the command, and
rule periods that cannot go below the law."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.db import connections
from django.test import Client
from django.utils import timezone

from rencai.accounts.models import LoginFailure, RealNameCheck, SmsCode, User, UserSession
from rencai.audit.models import AuditEvent
from rencai.core.actors import cli_actor, system_actor
from rencai.core.errors import DomainError
from rencai.notifications.actions import notify
from rencai.notifications.models import Notification
from rencai.privacy import retention
from rencai.privacy.choices import PiAccessPurpose, RunStatus
from rencai.privacy.governance import record_pi_access
from rencai.privacy.models import PiAccessRecord, RetentionNotice, RetentionRule, RetentionRun
from rencai.resumes.models import Resume
from rencai.testing import personas
from rencai.testing import resumes as resume_seeds

# After the legal documents the migrations publish "now" (registration needs them in force).
T0 = dt.datetime.combine(
    dt.datetime.now(tz=dt.UTC).date() + dt.timedelta(days=2), dt.time(2, 0), tzinfo=dt.UTC
)
LOGIN = "rencai.accounts.backends.RencaiBackend"


def at(days: float) -> Any:
    return time_machine.travel(T0 + dt.timedelta(days=days), tick=False)


def _security_logs(user: User, operator: User) -> None:
    """One row of every kind the security_log rule deletes, written at T0."""
    session = UserSession.objects.create(
        user=user, session_key="k" * 40, method="sms", ended_at=timezone.now()
    )
    assert session.pk
    LoginFailure.objects.create(subject_index="x" * 64, method="sms")
    SmsCode.objects.create(
        phone_index="y" * 64, purpose="login", code_hash="z" * 64, expires_at=timezone.now()
    )
    record_pi_access(
        operator, user, purpose=PiAccessPurpose.ACCOUNT_SUPPORT, categories=["account"]
    )


def _security_counts() -> tuple[int, ...]:
    return (
        UserSession.objects.filter(ended_at__isnull=False).count(),
        LoginFailure.objects.count(),
        SmsCode.objects.count(),
        PiAccessRecord.objects.count(),
        RealNameCheck.objects.count(),
    )


@pytest.mark.django_db
def test_rules_are_seeded_with_legal_minimums() -> None:
    rules = {rule.category: rule for rule in RetentionRule.objects.all()}
    assert rules["security_log"].min_days == rules["security_log"].legal_min_days == 183
    for category in ("posting", "service_record", "transaction", "consent_ledger"):
        assert rules[category].legal_min_days == 1095, category
    assert rules["rights_request"].legal_min_days == 1095
    assert rules["moderation_record"].legal_min_days == 1095
    assert rules["resume"].notice_days == 30
    assert rules["notification"].min_days == 365
    assert rules["data_export"].min_days == 7
    assert rules["archive"].action == "purge_archive"


@pytest.mark.django_db
def test_security_logs_stay_182_days_and_go_after_184_days_but_not_the_audit_trail() -> None:
    """RET-03: sign-in, SMS-code, failed sign-in and staff-read logs ≥ 183 days."""
    with at(0):
        alice, sam = personas.build(personas.ALICE), personas.build(personas.SAM)
        _security_logs(alice, sam)
        before = _security_counts()
    with at(182):
        retention.run_retention(actor=system_actor(), categories=["security_log"])
        assert _security_counts() == before
    events = AuditEvent.objects.count()
    with at(184):
        run = retention.run_retention(actor=system_actor(), categories=["security_log"])
    assert before[4] == 1  # Alice's real-name check result
    assert _security_counts() == tuple(count - 1 for count in before)
    report = run.report["rules"][0]
    assert report["category"] == "security_log"
    assert report["acted"] == 5
    assert report["details"]["sms_codes"] >= 1
    assert report["note"] == "audit_trail_kept"
    # The chain only grows: deletions are themselves audited, nothing is removed from it.
    assert AuditEvent.objects.count() > events
    assert AuditEvent.objects.filter(action="privacy.retention_deleted").exists()


@pytest.mark.django_db
def test_notifications_are_deleted_after_365_days() -> None:
    with at(0):
        alice = personas.build(personas.ALICE)
        note = notify(
            alice, retention.NOTICE_KIND, params={"date": "2024-01-01"}, actor=cli_actor()
        )
        assert note is not None
    with at(364):
        retention.run_retention(actor=system_actor(), categories=["notification"])
        assert Notification.objects.filter(pk=note.pk).exists()
    with at(366):
        run = retention.run_retention(actor=system_actor(), categories=["notification"])
    assert not Notification.objects.filter(pk=note.pk).exists()
    assert run.report["rules"][0]["acted"] >= 1


def _alice_with_resume() -> tuple[User, Resume]:
    with at(0):
        alice = personas.build(personas.ALICE)
        resume = resume_seeds.build_resume(alice)
    return alice, resume


def _open_notices(user: User) -> Any:
    return RetentionNotice.objects.filter(
        user=user, category="resume", cancelled_at__isnull=True, applied_at__isnull=True
    )


@pytest.mark.django_db
def test_inactive_seeker_gets_a_notice_30_days_before_and_signing_in_cancels_it() -> None:
    alice, _resume = _alice_with_resume()
    with at(699):
        retention.run_retention(actor=system_actor(), categories=["resume"])
        assert not _open_notices(alice).exists()
    with at(700.2):
        run = retention.run_retention(actor=system_actor(), categories=["resume"])
    notice = _open_notices(alice).get()
    assert notice.due_on == (T0 + dt.timedelta(days=730)).date()
    assert run.report["rules"][0]["details"]["notices_sent"] == 1
    sent = Notification.objects.get(recipient=alice, kind=retention.NOTICE_KIND)
    assert sent.params == {"date": notice.due_on.isoformat()}
    assert "sms" not in sent.channels
    with at(702):  # the next daily run sends no second notice
        retention.run_retention(actor=system_actor(), categories=["resume"])
    assert RetentionNotice.objects.filter(user=alice).count() == 1
    with at(720):
        Client().force_login(alice, backend=LOGIN)  # signs in: last_login moves
        run = retention.run_retention(actor=system_actor(), categories=["resume"])
    notice.refresh_from_db()
    assert notice.cancelled_at is not None
    assert notice.applied_at is None
    assert run.report["rules"][0]["details"]["notices_cancelled"] == 1
    with at(731):  # due date passed, but she was active: nothing is erased
        retention.run_retention(actor=system_actor(), categories=["resume"])
    assert Resume.objects.filter(owner=alice).exists()


@pytest.mark.django_db
def test_inactive_seeker_resumes_are_erased_on_the_due_date() -> None:
    pytest.importorskip("rencai.privacy.erasure")
    alice, _resume = _alice_with_resume()
    with at(700.2):
        retention.run_retention(actor=system_actor(), categories=["resume"])
    with at(729):
        retention.run_retention(actor=system_actor(), categories=["resume"])
        assert Resume.objects.filter(owner=alice).exists()
    with at(730.5):
        run = retention.run_retention(actor=system_actor(), categories=["resume"])
    assert not Resume.objects.filter(owner=alice).exists()
    notice = RetentionNotice.objects.get(user=alice)
    assert notice.applied_at is not None
    assert run.report["rules"][0]["acted"] == 1
    assert AuditEvent.objects.filter(action="privacy.retention_notice_applied").count() == 1
    alice.refresh_from_db()
    assert alice.is_active  # only the resume data goes; the account stays open


@pytest.mark.django_db
def test_due_notice_calls_the_erasure_function(monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine calls helper C's ``erase_resume_data`` (stubbed here)."""
    erased: list[Any] = []

    def fake(user: User, *, actor: Any) -> bool:
        erased.append(user.pk)
        return True

    monkeypatch.setattr(retention, "_erase_resume_data", fake)
    alice, _resume = _alice_with_resume()
    with at(701):
        retention.run_retention(actor=system_actor(), categories=["resume"])
    with at(731):
        retention.run_retention(actor=system_actor(), categories=["resume"])
    assert erased == [alice.pk]


def _data_counts() -> dict[str, int]:
    return {
        "sessions": UserSession.objects.count(),
        "login_failures": LoginFailure.objects.count(),
        "sms_codes": SmsCode.objects.count(),
        "pi_access": PiAccessRecord.objects.count(),
        "notifications": Notification.objects.count(),
        "notices": RetentionNotice.objects.count(),
        "resumes": Resume.objects.count(),
        "rules": RetentionRule.objects.count(),
    }


@pytest.mark.django_db
def test_dry_run_changes_nothing_and_reports_what_would_happen() -> None:
    """Only the run record (the report) and its two audit events are written."""
    alice, _resume = _alice_with_resume()
    with at(0):
        _security_logs(alice, personas.build(personas.SAM))
        notify(alice, retention.NOTICE_KIND, params={"date": "2024-01-01"}, actor=cli_actor())
    with at(710):
        before = _data_counts()
        run = retention.run_retention(actor=system_actor(), dry_run=True)
        assert _data_counts() == before
    assert run.dry_run
    assert run.status == RunStatus.FINISHED
    assert run.progress == 100
    by_category = {item["category"]: item for item in run.report["rules"]}
    assert by_category["security_log"]["candidates"] == 5  # incl. the real-name check result
    assert by_category["security_log"]["acted"] == 0
    assert by_category["notification"]["candidates"] >= 1
    assert by_category["resume"]["details"]["notices_sent"] == 1
    assert run.report["totals"]["acted"] == 0
    assert set(by_category) == set(RetentionRule.objects.values_list("category", flat=True))


@pytest.mark.django_db
def test_report_lists_every_rule_with_reasons() -> None:
    run = retention.run_retention(actor=system_actor())
    by_category = {item["category"]: item for item in run.report["rules"]}
    assert by_category["transaction"]["note"] == "no_transaction_tables"
    assert by_category["posting"]["note"] == "live_while_account_active"
    assert by_category["service_record"]["note"] == "live_while_account_active"
    for item in run.report["rules"]:
        assert set(item) == {
            "category",
            "action",
            "candidates",
            "acted",
            "skipped",
            "details",
            "note",
        }
    assert RetentionRun.objects.get(pk=run.pk).status == RunStatus.FINISHED
    assert AuditEvent.objects.filter(
        action="privacy.retention_run_finished", object_id=str(run.pk)
    ).exists()


@pytest.mark.django_db
def test_command_prints_the_report(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("apply_retention", "--dry-run", "--rule", "security_log")
    out = capsys.readouterr().out
    assert "(dry run)" in out
    assert "security_log" in out
    assert "candidates=" in out
    assert "notification " not in out
    assert RetentionRun.objects.get().dry_run


@pytest.mark.django_db
def test_command_refuses_an_unknown_rule_with_exit_code_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Run from the command line, Django closes the connections afterwards: keep the test's.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    with pytest.raises(CommandError) as excinfo:
        call_command("apply_retention", "--rule", "nope")
    assert excinfo.value.returncode == 2
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["manage.py", "apply_retention", "--rule", "nope"]).execute()
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "nope" in err
    assert "Traceback" not in err
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["manage.py", "apply_retention", "--bogus"]).execute()
    assert exited.value.code == 2
    assert not RetentionRun.objects.exists()


@pytest.mark.django_db
def test_a_rule_cannot_go_below_the_legal_minimum(dana: User) -> None:
    rule = RetentionRule.objects.get(category="security_log")
    actor = cli_actor(dana)
    with pytest.raises(DomainError) as excinfo:
        retention.update_rule(rule, min_days=182, enabled=True, actor=actor)
    assert excinfo.value.code == "retention_below_legal_minimum"
    rule.refresh_from_db()
    assert rule.min_days == 183
    # A rule with a legal floor stays enabled.
    changed = retention.update_rule(rule, min_days=200, enabled=False, actor=actor)
    assert (changed.min_days, changed.enabled) == (200, True)
    event = AuditEvent.objects.get(action="privacy.retention_rule_changed")
    assert event.before == {"min_days": 183, "enabled": True}
    notification = RetentionRule.objects.get(category="notification")
    off = retention.update_rule(notification, min_days=30, enabled=False, actor=actor)
    assert (off.min_days, off.enabled) == (30, False)


@pytest.mark.django_db
def test_rule_form_and_api_refuse_a_period_below_the_law(dana: User, api_as: Any) -> None:
    client = Client()
    client.force_login(dana, backend=LOGIN)
    response = client.post(
        "/ops/privacy/retention/",
        {"form": "rule", "category": "security_log", "security_log-min_days": "100"},
    )
    assert response.status_code == 400
    assert 'data-error-code="retention_below_legal_minimum"' in response.content.decode()
    response = api_as(dana).patch(
        "operator/privacy/retention/rules/posting", {"min_days": 30, "enabled": True}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "retention_below_legal_minimum"
    assert RetentionRule.objects.get(category="posting").min_days == 1095
    response = api_as(dana).patch(
        "operator/privacy/retention/rules/posting", {"min_days": 1500, "enabled": True}
    )
    assert response.status_code == 200
    assert response.json()["min_days"] == 1500


@pytest.mark.django_db
def test_run_buttons_start_runs_and_the_run_page_shows_the_report(dana: User) -> None:
    client = Client()
    client.force_login(dana, backend=LOGIN)
    response = client.post("/ops/privacy/retention/", {"form": "dry_run"})
    run = RetentionRun.objects.get()
    assert response.status_code == 302
    assert run.dry_run
    page = client.get(f"/ops/privacy/retention/runs/{run.pk}/").content.decode()
    assert 'data-category="security_log"' in page
    assert 'data-status="finished"' in page
    listing = client.get("/ops/privacy/retention/").content.decode()
    assert f'data-run="{run.pk}"' in listing
    assert 'data-legal-min="183"' in listing

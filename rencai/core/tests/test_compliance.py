"""The compliance calendar's actions: the service-end notice (LIC-03) and its banner, the
registration-change reports (LIC-04) with their due dates and escalation."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from rencai.accounts.models import User
from rencai.audit.models import AuditEvent
from rencai.core import compliance
from rencai.core.actors import cli_actor
from rencai.core.compliance_notices import REPORTS_DUE_SOON, REPORTS_OVERDUE
from rencai.core.errors import DomainError
from rencai.core.models import RegistrationChange, ServiceEndNotice
from rencai.notifications.models import Notification

pytestmark = pytest.mark.django_db

LOGIN = "rencai.accounts.backends.RencaiBackend"
# The clock stops at the real time (the seeded legal documents are in effect) and moves
# forward only; dates are relative to today in Beijing.


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    """``hour`` o'clock in Beijing on ``day``."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture(autouse=True)
def clock() -> object:
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def _today() -> dt.date:
    return timezone.localdate()


def _end() -> dt.date:
    return _today() + dt.timedelta(days=30)


def _announce(
    sam: User, days: int = 30, text: str = "数据导出截至停止服务当日。"
) -> ServiceEndNotice:
    return compliance.announce_service_end(
        end_date=_today() + dt.timedelta(days=days), notice_text=text, actor=cli_actor(sam)
    )


def _record(
    sam: User, change_date: dt.date | None = None, kind: str = "name"
) -> RegistrationChange:
    return compliance.record_registration_change(
        kind=kind,
        change_date=change_date or _today(),
        details="名称变更：旧 → 新",
        actor=cli_actor(sam),
    )


# --- LIC-03 -----------------------------------------------------------------------------


def test_an_end_date_29_days_ahead_is_refused(sam: User) -> None:
    with pytest.raises(DomainError) as error:
        _announce(sam, days=29)
    assert error.value.code == "service_end_too_soon"
    assert "end_date" in error.value.fields
    assert not ServiceEndNotice.objects.exists()


def test_an_end_date_30_days_ahead_is_accepted_and_audited(sam: User) -> None:
    notice = _announce(sam, days=30)
    assert notice.end_date == _end()
    assert notice.announced_by == sam
    event = AuditEvent.objects.get(action="core.service_end_announced")
    assert event.object_id == str(notice.pk)


@pytest.mark.parametrize("days", [0, -1])
def test_today_and_past_dates_are_refused(sam: User, days: int) -> None:
    with pytest.raises(DomainError) as error:
        _announce(sam, days=days)
    assert error.value.code == "service_end_in_past"


def test_the_notice_text_is_required(sam: User) -> None:
    with pytest.raises(DomainError) as error:
        _announce(sam, text="  ")
    assert error.value.code == "notice_text_required"


def test_one_active_notice_at_a_time(sam: User) -> None:
    _announce(sam)
    with pytest.raises(DomainError) as error:
        _announce(sam, days=60)
    assert (error.value.code, error.value.status) == ("service_end_already_announced", 409)


def test_withdrawal_needs_confirmation_and_a_reason(sam: User) -> None:
    notice = _announce(sam)
    with pytest.raises(DomainError) as error:
        compliance.withdraw_service_end(
            notice.pk, reason="继续运营", confirmed=False, actor=cli_actor(sam)
        )
    assert error.value.code == "confirmation_required"
    with pytest.raises(DomainError) as error:
        compliance.withdraw_service_end(notice.pk, reason=" ", confirmed=True, actor=cli_actor(sam))
    assert error.value.code == "notice_text_required"
    compliance.withdraw_service_end(
        notice.pk, reason="继续运营", confirmed=True, actor=cli_actor(sam)
    )
    notice.refresh_from_db()
    assert notice.withdrawn_by == sam and notice.withdrawn_at is not None
    assert AuditEvent.objects.filter(action="core.service_end_withdrawn").count() == 1
    with pytest.raises(DomainError) as error:
        compliance.withdraw_service_end(
            notice.pk, reason="再次", confirmed=True, actor=cli_actor(sam)
        )
    assert error.value.code == "service_end_not_active"
    # A new announcement is possible after the withdrawal.
    assert _announce(sam, days=45).end_date == _today() + dt.timedelta(days=45)


def _banner(client: Client, url: str = "/") -> str | None:
    html = client.get(url).content.decode()
    if 'id="service-end-banner"' not in html:
        return None
    return html.split('id="service-end-banner"', 1)[1].split('data-end-date="', 1)[1][:10]


@pytest.mark.parametrize("url", ["/", "/about/licences/", "/jobs/", "/accounts/login/"])
def test_the_banner_shows_on_every_page_from_the_announcement(
    client: Client, sam: User, url: str
) -> None:
    assert _banner(client, url) is None
    _announce(sam)
    assert _banner(client, url) == _end().isoformat()


def test_the_banner_shows_to_signed_in_people_and_on_the_licences_page(
    client: Client, sam: User, alice: User
) -> None:
    notice = _announce(sam, text="请在停止服务前导出您的数据。")
    client.force_login(alice, backend=LOGIN)
    assert _banner(client, "/account/privacy/") == _end().isoformat()
    html = client.get("/about/licences/").content.decode()
    assert 'id="service-end"' in html and notice.notice_text in html


def test_the_banner_goes_after_withdrawal(client: Client, sam: User) -> None:
    notice = _announce(sam)
    assert _banner(client) == _end().isoformat()
    compliance.withdraw_service_end(
        notice.pk, reason="继续运营", confirmed=True, actor=cli_actor(sam)
    )
    assert _banner(client) is None


def test_the_banner_lasts_until_the_end_date(client: Client, sam: User, clock) -> None:
    end = _announce(sam).end_date
    clock.move_to(_at(end, 23))  # 23:00 on the last day
    assert _banner(client) == end.isoformat()
    clock.move_to(_at(end + dt.timedelta(days=1), 0))  # midnight after it
    assert _banner(client) is None


def test_the_banner_costs_no_query_while_the_cache_is_warm(
    sam: User, django_assert_num_queries
) -> None:
    _announce(sam)
    with django_assert_num_queries(1):
        assert compliance.banner_notice() is not None
    with django_assert_num_queries(0):
        assert compliance.banner_notice() is not None
        assert compliance.banner_notice() is not None


def test_no_notice_is_cached_too(django_assert_num_queries) -> None:
    with django_assert_num_queries(1):
        assert compliance.banner_notice() is None
    with django_assert_num_queries(0):
        assert compliance.banner_notice() is None


# --- LIC-04 -----------------------------------------------------------------------------


def test_a_change_opens_a_report_due_15_calendar_days_later(sam: User) -> None:
    change = _record(sam, change_date=_today() - dt.timedelta(days=6))
    assert change.due_date == _today() + dt.timedelta(days=9)
    assert change.is_open and not change.is_overdue_on(_today())
    event = AuditEvent.objects.get(action="core.registration_change_recorded")
    assert event.after["due_date"] == change.due_date.isoformat()


def test_changes_in_the_future_or_without_details_are_refused(sam: User) -> None:
    with pytest.raises(DomainError) as error:
        _record(sam, change_date=_today() + dt.timedelta(days=1))
    assert error.value.code == "registration_change_date_in_future"
    with pytest.raises(DomainError) as error:
        _record(sam, kind="colour")
    assert error.value.code == "registration_change_kind_invalid"
    with pytest.raises(DomainError) as error:
        compliance.record_registration_change(
            kind="name", change_date=_today(), details=" ", actor=cli_actor(sam)
        )
    assert error.value.code == "registration_change_details_required"


def test_open_reports_are_listed_by_due_date(sam: User) -> None:
    later = _record(sam, change_date=_today())
    sooner = _record(sam, change_date=_today() - dt.timedelta(days=10), kind="domicile")
    assert list(compliance.registration_changes("open")) == [sooner, later]


def test_submitting_closes_the_report(sam: User) -> None:
    change = _record(sam)
    for unknown in ("nonsense", "5f0c2d1e-9a7b-4c3d-8e6f-0a1b2c3d4e5f"):
        with pytest.raises(DomainError) as error:
            compliance.submit_registration_report(unknown, reference="x", actor=cli_actor(sam))
        assert error.value.code == "not_found"
    with pytest.raises(DomainError) as error:
        compliance.submit_registration_report(change.pk, reference=" ", actor=cli_actor(sam))
    assert error.value.code == "submission_reference_required"
    compliance.submit_registration_report(
        change.pk, reference="沪人社备〔2026〕88号", actor=cli_actor(sam)
    )
    change.refresh_from_db()
    assert change.submitted_by == sam and change.submission_reference == "沪人社备〔2026〕88号"
    assert list(compliance.registration_changes("open")) == []
    assert list(compliance.registration_changes("submitted")) == [change]
    event = AuditEvent.objects.get(action="core.registration_report_submitted")
    assert event.after["late"] is False
    with pytest.raises(DomainError) as error:
        compliance.submit_registration_report(change.pk, reference="x", actor=cli_actor(sam))
    assert error.value.code == "registration_change_already_submitted"


def test_overdue_reports_escalate_once_a_day(sam: User, oscar: User, clock) -> None:
    change = _record(sam, change_date=_today() - dt.timedelta(days=6))  # due in 9 days
    due = change.due_date
    run = compliance.run_compliance_calendar(actor=cli_actor())
    assert (run.overdue, run.due_soon, run.notified) == (0, 0, 0)

    clock.move_to(_at(due - dt.timedelta(days=2)))  # due in 2 days
    run = compliance.run_compliance_calendar(actor=cli_actor())
    assert (run.overdue, run.due_soon) == (0, 1)
    assert Notification.objects.filter(recipient=sam, kind=REPORTS_DUE_SOON).count() == 1

    clock.move_to(_at(due, 23))  # the last day: not overdue
    assert compliance.run_compliance_calendar(actor=cli_actor()).overdue == 0

    clock.move_to(_at(due + dt.timedelta(days=1), 8))
    run = compliance.run_compliance_calendar(actor=cli_actor())
    assert run.overdue == 1 and run.newly_overdue == [change]
    again = compliance.run_compliance_calendar(actor=cli_actor())  # same day: nothing new
    assert again.newly_overdue == [] and again.notified == 0
    assert Notification.objects.filter(recipient=sam, kind=REPORTS_OVERDUE).count() == 1
    assert not Notification.objects.filter(recipient=oscar).exists()  # security admins only
    assert AuditEvent.objects.filter(action="core.registration_change_overdue").count() == 1

    clock.move_to(_at(due + dt.timedelta(days=2), 8))  # next day: reminded again
    out = StringIO()
    call_command("run_compliance_calendar", stdout=out)
    assert "overdue 1 (newly 0)" in out.getvalue()
    assert Notification.objects.filter(recipient=sam, kind=REPORTS_OVERDUE).count() == 2
    assert AuditEvent.objects.filter(action="core.registration_change_overdue").count() == 1

    compliance.submit_registration_report(change.pk, reference="迟报001", actor=cli_actor(sam))
    assert AuditEvent.objects.get(action="core.registration_report_submitted").after["late"]
    assert compliance.run_compliance_calendar(actor=cli_actor()).overdue == 0


def test_the_daily_task_runs_the_calendar(sam: User, clock) -> None:
    from rencai.core.tasks import compliance_calendar

    _record(sam, change_date=_today() - dt.timedelta(days=16))
    compliance_calendar.call_local()
    assert Notification.objects.filter(recipient=sam, kind=REPORTS_OVERDUE).count() == 1

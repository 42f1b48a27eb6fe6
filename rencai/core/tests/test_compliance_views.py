"""Pages of the compliance calendar and the dashboard card (LIC-03, LIC-04)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from rencai.accounts.models import User
from rencai.core import compliance
from rencai.core.actors import cli_actor
from rencai.core.models import RegistrationChange, ServiceEndNotice
from rencai.core.timeutil import local_today

pytestmark = pytest.mark.django_db
LOGIN = "rencai.accounts.backends.RencaiBackend"
CALENDAR = "/ops/compliance-calendar/"
SERVICE_END = "/ops/compliance-calendar/service-end/"


def _as(user: User) -> Client:
    client = Client()
    client.force_login(user, backend=LOGIN)
    return client


def _record(sam: User, days_ago: int) -> RegistrationChange:
    return compliance.record_registration_change(
        kind="legal_representative",
        change_date=local_today() - dt.timedelta(days=days_ago),
        details="法定代表人变更",
        actor=cli_actor(sam),
    )


def test_the_calendar_lists_open_reports_with_overdue_marked(sam: User) -> None:
    overdue = _record(sam, 20)
    fresh = _record(sam, 1)
    html = _as(sam).get(CALENDAR).content.decode()
    assert html.index(f'data-change="{overdue.pk}"') < html.index(f'data-change="{fresh.pk}"')
    assert (
        f'data-change="{overdue.pk}" data-due="{overdue.due_date:%Y-%m-%d}" data-overdue="1"'
        in html
    )
    assert 'id="overdue-alert"' in html
    assert 'id="record-change"' in html


def test_recording_and_submitting_through_the_page(sam: User) -> None:
    client = _as(sam)
    response = client.post(
        CALENDAR,
        {
            "form": "record",
            "kind": "name",
            "change_date": local_today().isoformat(),
            "details": "名称变更",
        },
    )
    assert response.status_code == 302
    change = RegistrationChange.objects.get()
    future = client.post(
        CALENDAR,
        {
            "form": "record",
            "kind": "name",
            "change_date": (local_today() + dt.timedelta(days=2)).isoformat(),
            "details": "x",
        },
    )
    assert 'data-error-code="registration_change_date_in_future"' in future.content.decode()
    unknown = client.post(CALENDAR, {"form": "submit", "change_id": "nonsense", "reference": "A1"})
    assert unknown.status_code == 302  # back to the calendar with the error message
    response = client.post(CALENDAR, {"form": "submit", "change_id": change.pk, "reference": "A1"})
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.submission_reference == "A1"


def test_readers_see_the_calendar_without_forms(sam: User, rita: User, audrey: User) -> None:
    _record(sam, 3)
    for reader in (rita, audrey):
        client = _as(reader)
        html = client.get(CALENDAR).content.decode()
        assert 'id="registration-changes"' in html
        assert 'id="record-change"' not in html and 'name="reference"' not in html
        refused = client.post(
            CALENDAR,
            {"form": "record", "kind": "name", "change_date": local_today(), "details": "x"},
        )
        assert refused.status_code == 403
        assert client.get(SERVICE_END).status_code == 200
        refused = client.post(
            SERVICE_END,
            {
                "form": "announce",
                "end_date": local_today() + dt.timedelta(days=60),
                "notice_text": "x",
            },
        )
        assert refused.status_code == 403
    assert RegistrationChange.objects.count() == 1 and not ServiceEndNotice.objects.exists()


def test_seekers_get_403(alice: User) -> None:
    client = _as(alice)
    assert client.get(CALENDAR).status_code == 403
    assert client.get(SERVICE_END).status_code == 403


def test_announce_and_withdraw_through_the_page(sam: User, client: Client) -> None:
    admin = _as(sam)
    too_soon = admin.post(
        SERVICE_END,
        {
            "form": "announce",
            "end_date": local_today() + dt.timedelta(days=29),
            "notice_text": "停止服务",
        },
    )
    assert 'data-error-code="service_end_too_soon"' in too_soon.content.decode()
    end = local_today() + dt.timedelta(days=30)
    response = admin.post(
        SERVICE_END, {"form": "announce", "end_date": end, "notice_text": "停止服务"}
    )
    assert response.status_code == 302
    assert f'data-end-date="{end:%Y-%m-%d}"' in client.get("/").content.decode()
    unconfirmed = admin.post(SERVICE_END, {"form": "withdraw", "reason": "继续运营"})
    assert 'data-error-code="confirmation_required"' in unconfirmed.content.decode()
    response = admin.post(SERVICE_END, {"form": "withdraw", "reason": "继续运营", "confirm": "on"})
    assert response.status_code == 302
    assert 'id="service-end-banner"' not in client.get("/").content.decode()


def test_the_dashboard_card(sam: User, oscar: User) -> None:
    _record(sam, 20)
    _record(sam, 1)
    html = _as(oscar).get("/ops/").content.decode()
    assert 'id="compliance-calendar-card"' in html
    assert 'data-count="2" data-overdue="1"' in html
    assert 'id="service-end-status" data-status="none"' in html

"""Public pages, licences in the footer (LIC-02), browse mode, operator pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from rencai.core.models import HolidayScheduleEntry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/", "/about/licences/", "/legal/user_agreement/", "/accounts/login/", "/guardian/"]
)
def test_every_public_page_shows_the_licences(client: Client, url: str, settings) -> None:
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert settings.OPERATOR_USCC in html
    assert settings.HR_LICENCE_NO in html
    assert settings.ICP_LICENCE_NO in html
    assert 'href="/about/licences/#hr-licence"' in html
    assert 'href="/legal/privacy_policy/"' in html


def test_licence_display_follows_configuration(client: Client, settings) -> None:
    settings.HR_LICENCE_NO = "（沪）人服证字〔2027〕第1234567号"
    assert "（沪）人服证字〔2027〕第1234567号" in client.get("/").content.decode()


def test_licences_page(client: Client, settings) -> None:
    html = client.get("/about/licences/").content.decode()
    for anchor in ('id="business-licence"', 'id="hr-licence"', 'id="icp"'):
        assert anchor in html
    assert settings.SUPERVISOR_PHONE in html


def test_browse_mode_sets_no_session_for_visitors(client: Client) -> None:
    for url in ("/", "/legal/privacy_policy/", "/about/licences/"):
        response = client.get(url)
        assert "rencai_session" not in response.cookies
    from django.contrib.sessions.models import Session

    assert Session.objects.count() == 0


def test_home_is_chinese_by_default_and_english_on_request(client: Client) -> None:
    assert '<html lang="zh-hans">' in client.get("/").content.decode()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert '<html lang="en">' in response.content.decode()


def test_dev_outbox_only_with_debug(client: Client, settings) -> None:
    settings.DEBUG = False
    assert client.get("/dev/outbox/").status_code == 404
    settings.DEBUG = True
    assert client.get("/dev/outbox/").status_code == 200


def test_operator_dashboard_warns_about_missing_holiday_years(client: Client, oscar, alice) -> None:
    client.force_login(oscar, backend="rencai.accounts.backends.RencaiBackend")
    html = client.get("/ops/").content.decode()
    assert 'id="holiday-warning"' in html and "2027" in html
    client.force_login(alice, backend="rencai.accounts.backends.RencaiBackend")
    assert client.get("/ops/").status_code == 403


def test_operator_enters_holidays_through_the_page(client: Client, oscar) -> None:
    client.force_login(oscar, backend="rencai.accounts.backends.RencaiBackend")
    response = client.post(
        "/ops/holidays/",
        {
            "form": "entry",
            "date": "2027-01-01",
            "kind": "holiday",
            "name": "元旦",
            "source": "国务院办公厅通知",
        },
    )
    assert response.status_code == 302
    assert HolidayScheduleEntry.objects.filter(date=dt.date(2027, 1, 1)).exists()
    bad = client.post(
        "/ops/holidays/?year=2027",
        {"form": "entry", "date": "2027-01-05", "kind": "workday", "name": "x", "source": "s"},
    )
    assert bad.status_code == 200
    assert "has-error" in bad.content.decode()
    page = client.get("/ops/holidays/?year=2027")
    assert "元旦" in page.content.decode()
    assert client.get("/ops/holidays/?year=abc").status_code == 200


def test_error_pages_do_not_500(client: Client) -> None:
    assert client.get("/no-such-page/").status_code == 404
    assert client.get("/legal/unknown_kind/").status_code == 404
    assert client.get("/legal/user_agreement/v/99.0/").status_code == 404

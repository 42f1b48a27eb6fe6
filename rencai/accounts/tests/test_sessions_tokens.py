"""Sessions (list, end one, everywhere), sign-in history, API tokens."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client

from rencai.accounts.models import ApiToken, UserSession
from rencai.testing.sms import latest_code

pytestmark = pytest.mark.django_db
CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0 Safari/537.36"
)


@pytest.fixture(autouse=True)
def _no_resend_wait(settings) -> None:
    settings.SMS_RESEND_INTERVAL_SECONDS = 0  # these tests sign in repeatedly


def _sign_in(phone: str = "13800138001") -> Client:
    client = Client()
    client.post("/api/v1/auth/sms-code", {"phone": phone}, content_type="application/json")
    response = client.post(
        "/api/v1/auth/sms-login",
        {"phone": phone, "code": latest_code(phone)},
        content_type="application/json",
        HTTP_USER_AGENT=CHROME,
    )
    assert response.status_code == 200
    return client


def test_sessions_list_shows_devices_and_can_end_one(alice) -> None:
    first = _sign_in()
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)):
        second = _sign_in()
    listed = second.get("/api/v1/me/sessions").json()
    assert len(listed) == 2
    assert [s["current"] for s in listed] == [True, False]
    assert all(s["active"] for s in listed)
    assert listed[0]["device"].startswith("Chrome 120")
    assert listed[0]["ip"] == "127.0.0.1"
    response = second.delete(f"/api/v1/me/sessions/{listed[1]['id']}")
    assert response.status_code == 204
    assert first.get("/api/v1/me").status_code == 401
    assert second.get("/api/v1/me").status_code == 200
    ended = UserSession.objects.get(pk=listed[1]["id"])
    assert ended.end_reason == "revoked"
    assert (
        second.delete(f"/api/v1/me/sessions/{listed[1]['id']}").json()["code"]
        == "session_not_found"
    )


def test_logout_everywhere_ends_every_session(alice) -> None:
    clients = [_sign_in(), _sign_in()]
    response = clients[0].post("/api/v1/auth/logout-everywhere", content_type="application/json")
    assert response.json() == {"ended": 2}
    assert all(c.get("/api/v1/me").status_code == 401 for c in clients)
    assert not Session.objects.filter(
        session_key__in=UserSession.objects.values("session_key")
    ).exists()


def test_logout_ends_only_this_session(alice) -> None:
    one, two = _sign_in(), _sign_in()
    assert one.post("/api/v1/auth/logout", content_type="application/json").status_code == 204
    assert one.get("/api/v1/me").status_code == 401
    assert two.get("/api/v1/me").status_code == 200


def test_api_token_lifecycle(api_as, alice) -> None:
    api = api_as(alice)
    created = api.post("me/tokens", {"name": "ATS sync", "expires_in_days": 30})
    assert created.status_code == 201
    token = created.json()["token"]
    assert token.startswith("rc_")
    stored = ApiToken.objects.get()
    assert token.split("_")[2] not in stored.token_hash
    bearer = Client()
    me = bearer.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert me.status_code == 200 and me.json()["display_name"] == alice.display_name
    assert bearer.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}x").status_code == 401
    # A program may POST without CSRF when it uses its token.
    patched = bearer.patch(
        "/api/v1/me",
        {"display_name": "Alice W"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert patched.status_code == 200
    assert api.get("me/tokens").json()[0]["name"] == "ATS sync"
    assert api.delete(f"me/tokens/{stored.pk}").status_code == 204
    assert bearer.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
    assert api.delete(f"me/tokens/{stored.pk}").json()["code"] == "token_not_found"


def test_expired_token_is_refused(api_as, alice) -> None:
    token = api_as(alice).post("me/tokens", {"name": "short", "expires_in_days": 1}).json()["token"]
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=2)):
        assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_token_input_is_validated(api_as, alice) -> None:
    response = api_as(alice).post("me/tokens", {"name": "x", "expires_in_days": 999})
    assert response.status_code == 422
    assert "expires_in_days" in response.json()["fields"]
    assert api_as(alice).post("me/tokens", {"name": "  "}).json()["code"] == "name_invalid"


def test_session_cookie_api_calls_need_csrf(alice) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice, backend="rencai.accounts.backends.RencaiBackend")
    response = client.patch("/api/v1/me", {"display_name": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"

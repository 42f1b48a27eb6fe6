"""E-mail + password sign-in: lockout without revealing accounts, SMS second factor."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from rencai.accounts.models import LoginFailure, UserSession
from rencai.testing.personas import DEMO_PASSWORD
from rencai.testing.sms import latest_code

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)


def _login(api, email: str, password: str):
    return api.post("auth/password-login", {"email": email, "password": password})


def test_correct_password_signs_in(api, carol) -> None:
    response = _login(api, "Carol@Agency.example", DEMO_PASSWORD)
    assert response.status_code == 200
    assert response.json()["status"] == "signed_in"
    assert response.json()["user"]["roles"] == ["agency_staff"]
    assert UserSession.objects.get(user=carol).method == "password"


def test_wrong_password_and_unknown_email_look_the_same(api, carol) -> None:
    wrong = _login(api, "carol@agency.example", "not-the-password")
    unknown = _login(api, "nobody@agency.example", "not-the-password")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["code"] == "credentials_invalid"


def test_lockout_after_five_failures_then_unlocks(api, carol) -> None:
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            assert _login(api, "carol@agency.example", "wrong-password").status_code == 401
        locked = _login(api, "carol@agency.example", DEMO_PASSWORD)
    assert locked.status_code == 429
    assert locked.json()["code"] == "account_locked"
    assert locked.json()["retry_after"] == 15 * 60
    assert LoginFailure.objects.filter(method="password").count() == 5
    with time_machine.travel(START + dt.timedelta(minutes=15, seconds=1), tick=False):
        assert _login(api, "carol@agency.example", DEMO_PASSWORD).status_code == 200


def test_unknown_email_locks_the_same_way(api) -> None:
    for _ in range(5):
        _login(api, "ghost@agency.example", "x")
    assert _login(api, "ghost@agency.example", "x").json()["code"] == "account_locked"


def test_sms_second_factor(api, api_as, carol) -> None:
    assert (
        api_as(carol).patch("me", {"sms_second_factor": True}).json()["sms_second_factor"] is True
    )
    response = _login(api, "carol@agency.example", DEMO_PASSWORD)
    body = response.json()
    assert body["status"] == "second_factor_required"
    assert body["masked_phone"] == "138****8005"
    assert api.get("me").status_code == 401  # not signed in yet
    wrong = api.post("auth/second-factor", {"challenge": body["challenge"], "code": "000000"})
    assert wrong.json()["code"] == "code_invalid"
    ok = api.post(
        "auth/second-factor", {"challenge": body["challenge"], "code": latest_code("13800138005")}
    )
    assert ok.json()["status"] == "signed_in"
    assert UserSession.objects.filter(user=carol, method="password+sms").count() == 1


def test_forged_challenge_is_refused(api) -> None:
    response = api.post("auth/second-factor", {"challenge": "x", "code": "123456"})
    assert response.json()["code"] == "challenge_invalid"


def test_phone_only_accounts_have_no_password(api, alice) -> None:
    assert alice.has_usable_password() is False
    alice.email = "alice@example.com"
    alice.save(update_fields=["email"])
    assert _login(api, "alice@example.com", "").status_code == 401

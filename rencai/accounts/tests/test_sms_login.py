"""Phone + SMS code sign-in: code rules, brute force, rate limits, generic errors."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from rencai.accounts.models import LoginFailure, SmsCode, UserSession
from rencai.audit.models import AuditEvent
from rencai.providers.models import SandboxSmsMessage
from rencai.testing.sms import latest_code

pytestmark = pytest.mark.django_db
PHONE = "13900139000"
START = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)


def _send(api, phone: str = PHONE, **extra):
    return api.post("auth/sms-code", {"phone": phone}, **extra)


def test_send_code_to_unregistered_number(api) -> None:
    response = _send(api)
    assert response.status_code == 200
    assert response.json() == {"masked_phone": "139****9000", "resend_after": 60, "expires_in": 300}
    code = latest_code(PHONE)
    assert len(code) == 6 and code.isdigit()
    stored = SmsCode.objects.get()
    assert stored.code_hash != code and code not in stored.code_hash
    assert AuditEvent.objects.filter(action="accounts.sms_code_sent").count() == 1


def test_same_answer_for_registered_and_unregistered_numbers(api, alice) -> None:
    registered = _send(api, "13800138001").json()
    unregistered = _send(api, "13900139001").json()
    assert registered.keys() == unregistered.keys()
    assert registered["resend_after"] == unregistered["resend_after"] == 60


@pytest.mark.parametrize("phone", ["12345", "1380013800", "23800138000", "+1 415 555 0100", "abc"])
def test_invalid_numbers_are_a_field_error(api, phone: str) -> None:
    response = _send(api, phone)
    assert response.status_code == 400
    assert response.json()["code"] == "phone_invalid"
    assert "phone" in response.json()["fields"]
    assert SmsCode.objects.count() == 0


def test_correct_code_signs_in_existing_user(api, alice) -> None:
    _send(api, "13800138001")
    response = api.post(
        "auth/sms-login", {"phone": "13800138001", "code": latest_code("13800138001")}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "signed_in"
    assert body["user"]["masked_phone"] == "138****8001"
    assert UserSession.objects.filter(user=alice, method="sms").count() == 1
    assert api.get("me").status_code == 200


def test_correct_code_for_new_number_asks_to_register(api) -> None:
    _send(api)
    response = api.post("auth/sms-login", {"phone": PHONE, "code": latest_code(PHONE)})
    body = response.json()
    assert body["status"] == "registration_required"
    assert body["registration_token"]
    assert body["masked_phone"] == "139****9000"


def test_code_is_single_use(api, alice) -> None:
    _send(api, "13800138001")
    code = latest_code("13800138001")
    assert api.post("auth/sms-login", {"phone": "13800138001", "code": code}).status_code == 200
    again = api.post("auth/sms-login", {"phone": "13800138001", "code": code})
    assert again.status_code == 400
    assert again.json()["code"] == "code_invalid"


def test_code_expires_after_five_minutes(api) -> None:
    with time_machine.travel(START, tick=False):
        _send(api)
        code = latest_code(PHONE)
    with time_machine.travel(START + dt.timedelta(seconds=301), tick=False):
        response = api.post("auth/sms-login", {"phone": PHONE, "code": code})
    assert response.json()["code"] == "code_invalid"


def test_code_valid_just_before_expiry(api) -> None:
    with time_machine.travel(START, tick=False):
        _send(api)
        code = latest_code(PHONE)
    with time_machine.travel(START + dt.timedelta(seconds=299), tick=False):
        response = api.post("auth/sms-login", {"phone": PHONE, "code": code})
    assert response.json()["status"] == "registration_required"


def test_five_wrong_guesses_void_the_code(api) -> None:
    _send(api)
    code = latest_code(PHONE)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(5):
        response = api.post("auth/sms-login", {"phone": PHONE, "code": wrong})
        assert response.status_code == 400
        assert response.json()["code"] == "code_invalid"
    stored = SmsCode.objects.get()
    assert stored.failed_attempts == 5 and stored.consumed_at is not None
    # The right code no longer works either.
    response = api.post("auth/sms-login", {"phone": PHONE, "code": code})
    assert response.json()["code"] == "code_invalid"
    assert LoginFailure.objects.count() == 6
    assert AuditEvent.objects.filter(action="accounts.login_failed").count() == 6


def test_wrong_code_message_is_generic(api, alice) -> None:
    _send(api, "13800138001")
    registered = api.post("auth/sms-login", {"phone": "13800138001", "code": "000000"}).json()
    unknown = api.post("auth/sms-login", {"phone": "13700137000", "code": "000000"}).json()
    assert registered["message"] == unknown["message"]
    assert registered["code"] == unknown["code"] == "code_invalid"


def test_only_the_newest_code_counts(api) -> None:
    with time_machine.travel(START, tick=False):
        _send(api)
        first = latest_code(PHONE)
    with time_machine.travel(START + dt.timedelta(seconds=61), tick=False):
        _send(api)
        second = latest_code(PHONE)
        if first != second:
            assert (
                api.post("auth/sms-login", {"phone": PHONE, "code": first}).json()["code"]
                == "code_invalid"
            )
        assert (
            api.post("auth/sms-login", {"phone": PHONE, "code": second}).json()["status"]
            == "registration_required"
        )


def test_resend_at_most_once_per_minute(api) -> None:
    with time_machine.travel(START, tick=False):
        assert _send(api).status_code == 200
    with time_machine.travel(START + dt.timedelta(seconds=30), tick=False):
        response = _send(api)
    assert response.status_code == 429
    assert response.json()["code"] == "sms_too_soon"
    assert response.json()["retry_after"] == 30
    assert response["Retry-After"] == "30"
    with time_machine.travel(START + dt.timedelta(seconds=60), tick=False):
        assert _send(api).status_code == 200
    assert SmsCode.objects.count() == 2


def test_ten_codes_per_number_per_day(api) -> None:
    for i in range(10):
        with time_machine.travel(START + dt.timedelta(minutes=2 * i), tick=False):
            assert _send(api, REMOTE_ADDR=f"10.0.0.{i}").status_code == 200
    with time_machine.travel(START + dt.timedelta(minutes=30), tick=False):
        response = _send(api, REMOTE_ADDR="10.0.1.1")
    assert response.status_code == 429
    assert response.json()["code"] == "sms_daily_limit"
    # START is 18:00 in Shanghai; the next local day starts 6 hours - 30 minutes later.
    assert response.json()["retry_after"] == 5 * 3600 + 30 * 60 + 1
    assert SmsCode.objects.count() == 10
    with time_machine.travel(START + dt.timedelta(hours=6), tick=False):
        assert _send(api, REMOTE_ADDR="10.0.1.2").status_code == 200


def test_per_ip_hourly_limit(api, settings) -> None:
    settings.SMS_HOURLY_LIMIT_PER_IP = 3
    for i in range(3):
        assert _send(api, f"1390013900{i}").status_code == 200
    response = _send(api, "13900139009")
    assert response.status_code == 429
    assert response.json()["code"] == "sms_ip_limit"
    assert _send(api, "13900139009", REMOTE_ADDR="10.9.9.9").status_code == 200


def test_per_ip_failure_limit_blocks_guessing_across_numbers(api, settings) -> None:
    settings.LOGIN_HOURLY_FAILURES_PER_IP = 3
    for i in range(3):
        api.post("auth/sms-login", {"phone": f"1390013900{i}", "code": "123456"})
    response = api.post("auth/sms-login", {"phone": "13900139005", "code": "123456"})
    assert response.status_code == 429
    assert response.json()["code"] == "login_ip_limit"


def test_sms_outbox_command_prints_codes(api, capsys) -> None:
    _send(api)
    call_command("sms_outbox", "--phone", PHONE)
    out = capsys.readouterr().out
    assert "13900139000" in out and latest_code(PHONE) in out


def test_sandbox_message_phone_is_encrypted(api) -> None:
    _send(api)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM providers_sandboxsmsmessage")
        (raw,) = cursor.fetchone()
    assert raw.startswith("enc1$")
    assert SandboxSmsMessage.objects.get().phone == "+8613900139000"

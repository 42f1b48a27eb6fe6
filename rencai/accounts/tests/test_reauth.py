"""The identity re-check before sensitive steps (PI-18): a fresh SMS code to the account's
own number, valid for REAUTH_VALID_MINUTES in the browser session."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from rencai.accounts.models import SmsCode
from rencai.accounts.reauth import recent_auth_required, recently_confirmed
from rencai.audit.models import AuditEvent
from rencai.testing.sms import latest_code

pytestmark = pytest.mark.django_db
URL = reverse("accounts:confirm_identity")
START = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)


def test_the_page_sends_a_code_and_a_correct_code_returns_to_next(client, alice) -> None:
    client.force_login(alice)
    page = client.get(URL, {"next": "/account/privacy/"})
    assert page.status_code == 200
    assert b'id="confirm-identity"' in page.content
    sent = client.post(URL, {"send": "1", "next": "/account/privacy/"})
    assert sent.status_code == 200
    assert SmsCode.objects.filter(purpose="reauth").count() == 1
    done = client.post(URL, {"code": latest_code("13800138001"), "next": "/account/privacy/"})
    assert done.status_code == 302 and done["Location"] == "/account/privacy/"
    assert AuditEvent.objects.filter(action="accounts.identity_confirmed").count() == 1


def test_a_wrong_code_is_a_form_error_and_confirms_nothing(client, alice) -> None:
    client.force_login(alice)
    client.post(URL, {"send": "1"})
    response = client.post(
        URL, {"code": "000000" if latest_code("13800138001") != "000000" else "111111"}
    )
    assert response.status_code == 200
    assert not AuditEvent.objects.filter(action="accounts.identity_confirmed").exists()
    assert "rencai_reauth_at" not in client.session


def test_next_must_stay_on_this_site(client, alice) -> None:
    client.force_login(alice)
    client.post(URL, {"send": "1"})
    done = client.post(URL, {"code": latest_code("13800138001"), "next": "https://evil.example/"})
    assert done.status_code == 302 and done["Location"] == reverse("accounts:dashboard")


def test_signed_out_visitors_are_sent_to_sign_in(client) -> None:
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_confirmation_expires(client, alice, settings) -> None:
    settings.REAUTH_VALID_MINUTES = 10
    client.force_login(alice)
    with time_machine.travel(START, tick=False) as traveller:
        client.post(URL, {"send": "1"})
        client.post(URL, {"code": latest_code("13800138001")})
        request = RequestFactory().get("/")
        request.session = client.session
        assert recently_confirmed(request)
        traveller.shift(dt.timedelta(minutes=11))
        assert not recently_confirmed(request)


def test_the_decorator_redirects_until_confirmed(client, alice) -> None:
    @recent_auth_required
    def sensitive(request):
        return HttpResponse("ok")

    client.force_login(alice)
    request = RequestFactory().get("/account/secret/?x=1")
    request.user = alice
    request.session = client.session
    response = sensitive(request)
    assert response.status_code == 302
    assert (
        response["Location"].startswith(URL)
        and "next=%2Faccount%2Fsecret%2F%3Fx%3D1" in response["Location"]
    )
    client.post(URL, {"send": "1"})
    client.post(URL, {"code": latest_code("13800138001")})
    request.session = client.session
    assert sensitive(request).content == b"ok"


def test_api_sends_a_code_to_the_own_number_only(api_as, alice) -> None:
    response = api_as(alice).post("me/reauth-code")
    assert response.status_code == 200
    assert response.json()["masked_phone"] == "138****8001"
    assert SmsCode.objects.filter(purpose="reauth").count() == 1


def test_api_needs_a_signed_in_user(api) -> None:
    assert api.post("me/reauth-code").status_code == 401
    assert SmsCode.objects.count() == 0


def test_sending_too_soon_is_a_message_not_an_error_page(client, alice) -> None:
    client.force_login(alice)
    client.post(URL, {"send": "1"})
    again = client.post(URL, {"send": "1"})
    assert again.status_code == 200
    assert SmsCode.objects.filter(purpose="reauth").count() == 1
    assert [m.level_tag for m in again.context["messages"]] == ["error"]


def test_an_empty_code_is_a_field_error(client, alice) -> None:
    client.force_login(alice)
    response = client.post(URL, {"code": ""})
    assert response.status_code == 200
    assert "code" in response.context["form"].errors

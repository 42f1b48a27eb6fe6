"""The account pages: forms call the same actions as the API and show domain errors."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from rencai.accounts.models import GuardianLink, User
from rencai.testing.personas import register_person
from rencai.testing.sms import latest_code

pytestmark = pytest.mark.django_db
LOGIN = "rencai.accounts.backends.RencaiBackend"


def test_sms_login_and_registration_through_the_pages(client: Client) -> None:
    phone = "13900139055"
    sent = client.post("/accounts/login/code/", {"phone": phone}, HTTP_HX_REQUEST="true")
    assert sent.status_code == 200 and b"data-start-countdown" in sent.content
    wrong = client.post("/accounts/login/", {"phone": phone, "code": "000000", "action": "login"})
    assert wrong.status_code == 200 and b"has-error" in wrong.content
    response = client.post(
        "/accounts/login/", {"phone": phone, "code": latest_code(phone), "action": "login"}
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/register/"
    page = client.get("/accounts/register/")
    assert page.status_code == 200 and "139****9055" in page.content.decode()
    missing_consent = client.post(
        "/accounts/register/",
        {"role": "seeker", "display_name": "页面用户", "birth_date": "1990-01-01"},
    )
    assert b"has-error" in missing_consent.content
    done = client.post(
        "/accounts/register/",
        {"role": "seeker", "display_name": "页面用户", "birth_date": "1990-01-01", "accept": "on"},
    )
    assert done.status_code == 302 and done["Location"] == "/dashboard/"
    assert client.get("/dashboard/").status_code == 200
    assert User.objects.filter(display_name="页面用户").exists()


def test_send_code_without_js_falls_back_to_the_full_page(client: Client) -> None:
    response = client.post("/accounts/login/", {"phone": "13900139056", "action": "send_code"})
    assert response.status_code == 200
    assert "139****9056" in response.content.decode()


def test_rate_limit_message_in_the_htmx_fragment(client: Client) -> None:
    client.post("/accounts/login/code/", {"phone": "13900139057"})
    again = client.post("/accounts/login/code/", {"phone": "13900139057"})
    assert again.status_code == 200
    assert b'role="alert"' in again.content


def test_under_16_refusal_page(client: Client) -> None:
    from rencai.accounts.views import REGISTRATION_SESSION_KEY
    from rencai.testing.personas import registration_token_for

    session = client.session
    session[REGISTRATION_SESSION_KEY] = registration_token_for("13900139058")
    session.save()
    today = dt.date.today()  # noqa: DTZ011
    response = client.post(
        "/accounts/register/",
        {
            "role": "seeker",
            "display_name": "小朋友",
            "birth_date": dt.date(today.year - 15, 1, 1).isoformat(),
            "accept": "on",
        },
    )
    assert response.status_code == 200
    assert b'id="age-refusal"' in response.content
    assert not User.objects.filter(display_name="小朋友").exists()


def test_register_without_verified_phone_goes_to_login(client: Client) -> None:
    assert client.get("/accounts/register/")["Location"] == "/accounts/login/"


def test_password_login_page(client: Client, carol) -> None:
    bad = client.post(
        "/accounts/login/password/", {"email": "carol@agency.example", "password": "nope"}
    )
    assert bad.status_code == 200 and b"has-error" in bad.content
    ok = client.post(
        "/accounts/login/password/",
        {"email": "carol@agency.example", "password": "rencai-demo-2026"},
    )
    assert ok.status_code == 302


@pytest.mark.parametrize("who", ["alice", "yan", "bob", "carol", "oscar", "sam", "audrey", "rita"])
@pytest.mark.parametrize(
    "url",
    [
        "/dashboard/",
        "/account/security/",
        "/account/real-name/",
        "/account/face/",
        "/account/guardian/",
        "/account/roles/",
        "/account/consents/",
    ],
)
def test_account_pages_render_for_every_role(client: Client, request, who: str, url: str) -> None:
    user = request.getfixturevalue(who)
    client.force_login(user, backend=LOGIN)
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]


def test_signed_out_visitors_are_sent_to_login(client: Client) -> None:
    response = client.get("/account/security/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_real_name_page_flow(client: Client, dave) -> None:
    client.force_login(dave, backend=LOGIN)
    first = client.get("/account/real-name/").content.decode()
    assert 'id="give-consent"' in first
    client.post("/account/real-name/", {"form": "consent", "agree": "on"})
    bad = client.post(
        "/account/real-name/", {"form": "verify", "name": "戴伟", "id_number": "36042619910102009X"}
    )
    assert b"has-error" in bad.content
    ok = client.post(
        "/account/real-name/", {"form": "verify", "name": "戴伟", "id_number": "110108198001010031"}
    )
    assert ok.status_code == 302
    assert "1101**********0031" in client.get("/account/real-name/").content.decode()


def test_security_page_token_and_sessions(client: Client, alice) -> None:
    client.post("/accounts/login/code/", {"phone": "13800138001"})
    signed_in = client.post(
        "/accounts/login/",
        {"phone": "13800138001", "code": latest_code("13800138001"), "action": "login"},
    )
    assert signed_in.status_code == 302
    created = client.post(
        "/account/security/", {"form": "token", "name": "页面令牌", "expires_in_days": "30"}
    )
    assert b'id="new-token"' in created.content
    token_id = alice.api_tokens.get().pk
    assert client.post(f"/account/security/tokens/{token_id}/revoke/").status_code == 302
    assert alice.api_tokens.get().revoked_at is not None
    assert (
        client.post(
            "/account/security/", {"form": "profile", "display_name": "", "preferred_language": ""}
        ).status_code
        == 200
    )
    assert client.post("/account/security/logout-everywhere/").status_code == 302
    assert client.get("/dashboard/").status_code == 302


def test_guardian_pages_end_to_end(client: Client) -> None:
    today = dt.date.today()  # noqa: DTZ011
    minor = register_person(
        "13900139066", "seeker", "小红", birth_date=dt.date(today.year - 17, 1, 1)
    )
    client.force_login(minor, backend=LOGIN)
    dashboard = client.get("/dashboard/").content.decode()
    assert 'id="guardian-needed"' in dashboard
    client.post(
        "/account/guardian/",
        {
            "form": "request",
            "guardian_name": "王芳",
            "guardian_phone": "13700137066",
            "relationship": "mother",
        },
    )
    assert 'id="guardian-pending"' in client.get("/account/guardian/").content.decode()
    guardian = Client()
    guardian.post("/guardian/", {"action": "send_code", "phone": "13700137066"})
    verified = guardian.post(
        "/guardian/",
        {"action": "verify", "phone": "13700137066", "code": latest_code("13700137066")},
    )
    assert verified.status_code == 302
    page = guardian.get("/guardian/").content.decode()
    assert "小**" in page and 'id="guardian-confirm"' in page
    link = GuardianLink.objects.get()
    guardian.post("/guardian/", {"action": "confirm", "link_id": str(link.pk)})
    link.refresh_from_db()
    assert link.status == "confirmed"
    assert 'id="guardian-confirmed"' in client.get("/account/guardian/").content.decode()
    guardian.post("/guardian/", {"action": "withdraw", "link_id": str(link.pk)})
    link.refresh_from_db()
    assert link.status == "withdrawn"


def test_security_admin_grants_and_revokes_roles_on_pages(
    client: Client, sam, alice, oscar
) -> None:
    client.force_login(sam, backend=LOGIN)
    assert "Alice" in client.get("/ops/users/?q=Alice").content.decode()
    client.post(f"/ops/users/{alice.pk}/", {"form": "grant", "role": "hall_staff"})
    assert alice.role_grants.filter(role="hall_staff", revoked_at__isnull=True).exists()
    client.post(f"/ops/users/{alice.pk}/", {"form": "revoke", "role": "hall_staff"})
    assert not alice.role_grants.filter(role="hall_staff", revoked_at__isnull=True).exists()
    self_grant = client.post(f"/ops/users/{sam.pk}/", {"form": "grant", "role": "operator_auditor"})
    assert b"alert-danger" in self_grant.content
    client.force_login(oscar, backend=LOGIN)
    assert client.get("/ops/users/").status_code == 403


def test_auditor_verifies_the_chain_on_the_page(client: Client, audrey) -> None:
    client.force_login(audrey, backend=LOGIN)
    page = client.get("/ops/audit/?verify=1&action=accounts.").content.decode()
    assert 'id="chain-report"' in page and "alert-success" in page

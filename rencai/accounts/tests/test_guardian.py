"""Guardians of 16–17-year-old seekers confirm and withdraw by SMS (MIN-02)."""

from __future__ import annotations

import pytest

from rencai.accounts.models import GuardianLink
from rencai.audit.models import AuditEvent
from rencai.privacy.models import ConsentRecord
from rencai.testing.personas import register_person
from rencai.testing.sms import latest_code, latest_message

pytestmark = pytest.mark.django_db
GUARDIAN = "13700137000"


@pytest.fixture
def minor(db):
    import datetime as dt

    from rencai.core.timeutil import local_today

    today = local_today()
    return register_person(
        "13900139016",
        "seeker",
        "小明",
        birth_date=dt.date(today.year - 17, 1, 1)
        if today.month > 1
        else dt.date(today.year - 17, 1, 1),
    )


def _ask(api, phone: str = GUARDIAN):
    return api.post(
        "me/guardian", {"guardian_name": "张丽", "guardian_phone": phone, "relationship": "mother"}
    )


def _guardian_token(api) -> str:
    assert api.post("guardian/sms-code", {"phone": GUARDIAN}).status_code == 200
    response = api.post("guardian/verify", {"phone": GUARDIAN, "code": latest_code(GUARDIAN)})
    assert response.status_code == 200, response.json()
    return response.json()["token"]


def test_minor_is_restricted_until_the_guardian_confirms(api_as, api, minor) -> None:
    me = api_as(minor).get("me").json()
    assert me["seeker_standing"] == "guardian_required"
    response = _ask(api_as(minor))
    assert response.status_code == 201
    assert response.json()["link"]["status"] == "pending"
    assert response.json()["link"]["masked_guardian_phone"] == "137****7000"
    notice = latest_message(GUARDIAN)
    assert notice is not None and "/guardian/" in notice.text

    token = _guardian_token(api)
    verified = api.post("guardian/verify", {"phone": GUARDIAN, "code": "000000"})
    assert verified.json()["code"] == "code_invalid"
    link_id = GuardianLink.objects.get().pk
    confirmed = api.post(f"guardian/links/{link_id}/confirm", {"token": token})
    assert confirmed.status_code == 200
    assert confirmed.json()["links"][0]["status"] == "confirmed"
    assert confirmed.json()["links"][0]["minor_masked_name"] == "小**"
    assert api_as(minor).get("me").json()["seeker_standing"] == "active"
    record = ConsentRecord.objects.get(user=minor, purpose="guardian")
    assert (record.granted, record.channel, record.document.kind) == (
        True,
        "sms",
        "guardian_notice",
    )

    withdrawn = api.post(f"guardian/links/{link_id}/withdraw", {"token": token})
    assert withdrawn.json()["links"][0]["status"] == "withdrawn"
    assert api_as(minor).get("me").json()["seeker_standing"] == "guardian_required"
    assert ConsentRecord.objects.filter(user=minor, purpose="guardian").first().granted is False
    actions = list(
        AuditEvent.objects.filter(action__startswith="accounts.guardian").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == [
        "accounts.guardian_confirmed",
        "accounts.guardian_requested",
        "accounts.guardian_withdrawn",
    ]


def test_guardian_code_is_only_sent_to_named_guardians(api) -> None:
    response = api.post("guardian/sms-code", {"phone": "13700137999"})
    assert response.status_code == 200
    assert latest_message("13700137999") is None


def test_another_phone_cannot_confirm(api_as, api, minor) -> None:
    _ask(api_as(minor))
    link_id = GuardianLink.objects.get().pk
    from rencai.testing.personas import guardian_token_for

    response = api.post(
        f"guardian/links/{link_id}/confirm", {"token": guardian_token_for("13700137111")}
    )
    assert response.json()["code"] == "guardian_link_state"
    assert GuardianLink.objects.get().status == "pending"
    assert (
        api.post(f"guardian/links/{link_id}/confirm", {"token": "forged"}).json()["code"]
        == "guardian_token_invalid"
    )


def test_rules_for_requests(api_as, alice, minor) -> None:
    assert _ask(api_as(alice)).json()["code"] == "guardian_not_needed"
    assert _ask(api_as(minor), "13900139016").json()["code"] == "guardian_same_phone"
    assert _ask(api_as(minor)).status_code == 201
    assert _ask(api_as(minor)).json()["code"] == "guardian_already_open"
    assert api_as(minor).delete("me/guardian").status_code == 204
    assert GuardianLink.objects.get().status == "cancelled"
    assert _ask(api_as(minor)).status_code == 201
    assert api_as(minor).delete("me/guardian").status_code == 204
    assert _ask(api_as(minor)).status_code == 201
    api_as(minor).delete("me/guardian")
    assert _ask(api_as(minor)).json()["code"] == "sms_daily_limit"


def test_demo_minor_has_a_confirmed_guardian(api_as, yan) -> None:
    body = api_as(yan).get("me/guardian").json()
    assert body["required"] is True
    assert body["standing"] == "active"
    assert body["link"]["status"] == "confirmed"

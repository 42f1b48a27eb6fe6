"""Registration: roles, the age gate (MIN-01/MIN-02), consent to the current documents."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from rencai.accounts.models import RoleGrant, User
from rencai.audit.models import AuditEvent
from rencai.privacy.models import ConsentRecord
from rencai.privacy.queries import current_documents, has_consent
from rencai.testing.personas import registration_token_for

pytestmark = pytest.mark.django_db
# Tests that move the clock move it forward: legal documents take effect when published.
TODAY = dt.datetime(2027, 3, 1, 4, 0, tzinfo=dt.UTC)


def _docs(*kinds: str) -> list[str]:
    return [str(d.pk) for d in current_documents(kinds).values()]


def _register(api, **overrides):
    body = {
        "registration_token": registration_token_for("13900139000"),
        "role": "seeker",
        "display_name": "新用户",
        "accept_documents": _docs("user_agreement", "privacy_policy"),
        "birth_date": "1995-06-01",
    }
    body.update(overrides)
    return api.post("auth/register", body)


def test_seeker_registers_and_is_signed_in(api) -> None:
    response = _register(api)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "signed_in"
    assert body["user"]["roles"] == ["seeker"]
    assert body["user"]["seeker_standing"] == "active"
    assert body["user"]["masked_phone"] == "139****9000"
    user = User.objects.get(phone_index__isnull=False, display_name="新用户")
    assert user.phone == "+8613900139000"
    assert has_consent(user.pk, "agreement") and has_consent(user.pk, "privacy_policy")
    assert ConsentRecord.objects.filter(user=user, granted=True).count() == 2
    assert set(AuditEvent.objects.filter(actor_id=user.pk).values_list("action", flat=True)) >= {
        "accounts.user_registered",
        "accounts.role_granted",
        "privacy.consent_granted",
        "accounts.login",
    }


def test_consent_records_name_version_and_text_hash(api) -> None:
    _register(api)
    record = ConsentRecord.objects.get(purpose="agreement")
    assert record.document_version == "1.0"
    assert record.text_hash == record.document.text_hash
    assert len(record.text_hash) == 64
    assert record.channel == "api"


def test_documents_must_be_accepted(api) -> None:
    response = _register(api, accept_documents=[])
    assert response.status_code == 400
    assert response.json()["code"] == "documents_not_accepted"
    assert User.objects.count() == 0


def test_staff_must_also_accept_platform_rules(api) -> None:
    response = _register(api, role="employer_staff", birth_date=None)
    assert response.json()["code"] == "documents_not_accepted"
    ok = _register(
        api,
        role="employer_staff",
        birth_date=None,
        accept_documents=_docs("user_agreement", "privacy_policy", "platform_rules"),
    )
    assert ok.status_code == 201
    assert ok.json()["user"]["roles"] == ["employer_staff"]
    assert ok.json()["user"]["seeker_standing"] is None


@time_machine.travel(TODAY, tick=False)
def test_fifteen_year_old_is_refused_and_nothing_is_stored(api) -> None:
    response = _register(api, birth_date="2012-03-02")  # 14 years old
    assert response.status_code == 403
    assert response.json()["code"] == "under_minimum_age"
    response = _register(api, birth_date="2011-03-02")  # 15 today, 16 tomorrow
    assert response.json()["code"] == "under_minimum_age"
    assert User.objects.count() == 0
    refusals = AuditEvent.objects.filter(action="accounts.seeker_refused_under_age")
    assert refusals.count() == 2
    assert refusals.first().after == {"rule": "MIN-01"}


@time_machine.travel(TODAY, tick=False)
def test_sixteenth_birthday_is_enough_but_needs_a_guardian(api) -> None:
    response = _register(api, birth_date="2011-03-01")
    assert response.status_code == 201
    user = response.json()["user"]
    assert user["seeker_standing"] == "guardian_required"
    assert user["needs_guardian"] is True


@time_machine.travel(TODAY, tick=False)
def test_eighteen_year_old_needs_no_guardian(api) -> None:
    response = _register(api, birth_date="2009-03-01")
    assert response.json()["user"]["seeker_standing"] == "active"
    assert response.json()["user"]["needs_guardian"] is False


@pytest.mark.parametrize(
    ("birth_date", "code"),
    [
        (None, "birth_date_required"),
        ("2030-01-01", "birth_date_invalid"),
        ("1800-01-01", "birth_date_invalid"),
    ],
)
def test_seeker_birth_date_is_checked(api, birth_date, code) -> None:
    response = _register(api, birth_date=birth_date)
    assert response.json()["code"] == code
    assert "birth_date" in response.json()["fields"]


def test_malformed_date_is_a_validation_error(api) -> None:
    response = _register(api, birth_date="23/11/2000")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert "birth_date" in body["fields"]


def test_agency_staff_need_email_and_password(api) -> None:
    docs = _docs("user_agreement", "privacy_policy", "platform_rules")
    base = {"role": "agency_staff", "birth_date": None, "accept_documents": docs}
    assert _register(api, **base).json()["code"] == "email_required"
    weak = _register(api, **base, email="hr@agency.example", password="123")
    assert weak.json()["code"] == "password_weak"
    ok = _register(api, **base, email="HR@Agency.example", password="a-long-passphrase-9")
    assert ok.status_code == 201
    user = User.objects.get(email="hr@agency.example")
    assert user.check_password("a-long-passphrase-9")


def test_phone_can_register_only_once(api, alice) -> None:
    response = _register(api, registration_token=registration_token_for("13800138001"))
    assert response.status_code == 409
    assert response.json()["code"] == "phone_registered"
    assert RoleGrant.objects.filter(user=alice).count() == 1


def test_forged_or_expired_token_is_refused(api) -> None:
    assert (
        _register(api, registration_token="forged").json()["code"] == "registration_token_invalid"
    )
    with time_machine.travel(TODAY, tick=False):
        token = registration_token_for("13900139000")
    with time_machine.travel(TODAY + dt.timedelta(minutes=16), tick=False):
        response = _register(api, registration_token=token)
    assert response.json()["code"] == "registration_token_invalid"


def test_operator_roles_cannot_be_self_registered(api) -> None:
    response = _register(api, role="operator_reviewer")
    assert response.status_code == 422
    assert User.objects.count() == 0


def test_name_is_required(api) -> None:
    assert _register(api, display_name="   ").json()["code"] == "name_invalid"


def test_seeker_can_add_a_recruiter_role_and_recruiter_can_become_seeker(
    api_as, alice, bob, dave
) -> None:
    response = api_as(alice).post("me/roles", {"role": "employer_staff"})
    assert response.status_code == 200
    assert response.json()["roles"] == ["employer_staff", "seeker"]
    no_birth = api_as(dave).post("me/roles", {"role": "seeker"})
    assert no_birth.json()["code"] == "birth_date_required"
    ok = api_as(dave).post("me/roles", {"role": "seeker", "birth_date": "1985-06-20"})
    assert ok.json()["roles"] == ["employer_staff", "seeker"]
    # Bob's verified ID number already gives his birth date.
    assert api_as(bob).post("me/roles", {"role": "seeker"}).status_code == 200
    again = api_as(dave).post("me/roles", {"role": "seeker"})
    assert again.json()["code"] == "role_already_held"


def test_any_password_given_must_be_strong(api) -> None:
    docs = _docs("user_agreement", "privacy_policy", "platform_rules")
    response = _register(
        api, role="employer_staff", birth_date=None, accept_documents=docs, password="123"
    )
    assert response.json()["code"] == "password_weak"
    assert User.objects.count() == 0


def test_registration_without_published_documents_is_closed(api) -> None:
    from rencai.privacy.models import ConsentRecord, LegalDocument

    ConsentRecord.objects.all().delete()
    LegalDocument.objects.filter(kind="privacy_policy").delete()
    response = _register(api, accept_documents=[])
    assert response.status_code == 503
    assert response.json()["code"] == "legal_document_missing"


def test_demo_data_consents_are_recorded_as_operator_commands(alice) -> None:
    assert set(ConsentRecord.objects.filter(user=alice).values_list("channel", flat=True)) == {
        "cli"
    }

"""The consent ledger: current state, optional switches, withdrawal, the 412 guard."""

from __future__ import annotations

import pytest

from rencai.core.actors import cli_actor
from rencai.core.errors import DomainError
from rencai.privacy.actions import set_optional_consent, withdraw_consent
from rencai.privacy.guards import require_consent
from rencai.privacy.models import ConsentRecord
from rencai.privacy.queries import has_consent

pytestmark = pytest.mark.django_db


def test_optional_consent_switch_records_prompt_hash(api_as, alice) -> None:
    api = api_as(alice)
    states = api.get("me/consents").json()["states"]
    assert states["personalised_recommendation"] is False
    on = api.post("me/consents", {"purpose": "personalised_recommendation", "granted": True}).json()
    assert on["states"]["personalised_recommendation"] is True
    record = ConsentRecord.objects.filter(user=alice, purpose="personalised_recommendation").first()
    assert record.granted and len(record.text_hash) == 64 and record.document is None
    off = api.post("me/consents/personalised_recommendation/withdraw").json()
    assert off["states"]["personalised_recommendation"] is False
    assert [
        h["granted"] for h in off["history"] if h["purpose"] == "personalised_recommendation"
    ] == [False, True]


def test_switching_to_the_same_state_adds_nothing(alice) -> None:
    assert (
        set_optional_consent(alice, "marketing_sms", False, actor=cli_actor(alice), channel="web")
        is None
    )
    assert (
        set_optional_consent(alice, "marketing_sms", True, actor=cli_actor(alice), channel="web")
        is not None
    )
    assert (
        set_optional_consent(alice, "marketing_sms", True, actor=cli_actor(alice), channel="web")
        is None
    )
    assert ConsentRecord.objects.filter(user=alice, purpose="marketing_sms").count() == 1


def test_agreement_cannot_be_withdrawn_like_a_switch(api_as, alice) -> None:
    response = api_as(alice).post("me/consents/agreement/withdraw")
    assert response.status_code == 400
    assert response.json()["code"] == "consent_not_withdrawable"
    assert has_consent(alice.pk, "agreement") is True
    with pytest.raises(DomainError):
        withdraw_consent(alice, "privacy_policy", actor=cli_actor(alice))


def test_document_consent_must_name_the_current_version(api_as, dave) -> None:
    import uuid

    response = api_as(dave).post(
        "me/consents", {"purpose": "biometrics", "document_id": str(uuid.uuid4())}
    )
    assert response.json()["code"] == "documents_changed"
    guardian = api_as(dave).post(
        "me/consents", {"purpose": "guardian", "document_id": str(uuid.uuid4())}
    )
    assert guardian.json()["code"] == "consent_not_grantable"


def test_guard_refuses_with_412_until_consent(alice) -> None:
    from django.test import RequestFactory

    @require_consent("biometrics")
    def view(request):
        return "ran"

    request = RequestFactory().get("/")
    request.user = alice
    with pytest.raises(DomainError) as excinfo:
        view(request)
    assert (excinfo.value.code, excinfo.value.status) == ("consent_required", 412)
    from rencai.privacy.actions import grant_document_consent
    from rencai.privacy.queries import current_document

    grant_document_consent(
        alice, current_document("biometric_notice"), actor=cli_actor(alice), channel="web"
    )
    assert view(request) == "ran"

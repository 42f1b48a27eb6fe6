"""Versioned legal documents: the 7-day notice rule (LIC-06) and re-acceptance."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from rencai.core.actors import cli_actor
from rencai.core.errors import DomainError
from rencai.privacy.actions import publish_legal_document
from rencai.privacy.models import LegalDocument
from rencai.privacy.queries import (
    current_document,
    has_consent,
    pending_documents,
    upcoming_documents,
)

pytestmark = pytest.mark.django_db


def _publish(
    effective_at: dt.datetime, version: str = "2.0", kind: str = "user_agreement"
) -> LegalDocument:
    return publish_legal_document(
        actor=cli_actor(),
        kind=kind,
        version=version,
        title="用户服务协议（2.0）",
        body="# 用户服务协议\n\n新的条款。",
        change_summary="调整了第三条。",
        effective_at=effective_at,
    )


def test_seeded_first_versions_are_in_effect() -> None:
    kinds = {
        "user_agreement",
        "privacy_policy",
        "platform_rules",
        "real_name_notice",
        "biometric_notice",
        "guardian_notice",
    }
    for kind in kinds:
        document = current_document(kind)
        assert document is not None and document.version == "1.0"
        assert document.title and "{" not in document.title
        assert document.body_en


def test_change_taking_effect_in_less_than_seven_days_is_refused() -> None:
    now = timezone.now()
    with pytest.raises(DomainError) as excinfo:
        _publish(now + dt.timedelta(days=6, hours=23))
    assert excinfo.value.code == "legal_notice_period"
    assert "effective_at" in excinfo.value.fields
    assert LegalDocument.objects.filter(version="2.0").count() == 0


def test_change_seven_days_ahead_is_published_but_not_yet_in_effect(alice) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        document = _publish(start + dt.timedelta(days=7))
        assert current_document("user_agreement").version == "1.0"
        assert upcoming_documents(["user_agreement"]) == [document]
        assert pending_documents(alice.pk, alice.role_set) == []
    with time_machine.travel(start + dt.timedelta(days=7, seconds=1), tick=False):
        assert current_document("user_agreement") == document
        assert has_consent(alice.pk, "agreement") is False
        assert pending_documents(alice.pk, alice.role_set) == [document]


def test_version_numbers_are_unique() -> None:
    with pytest.raises(DomainError) as excinfo:
        _publish(timezone.now() + dt.timedelta(days=8), version="1.0")
    assert excinfo.value.code == "legal_version_exists"


def test_api_publishing_is_for_security_admins(api_as, sam, oscar) -> None:
    body = {
        "kind": "privacy_policy",
        "version": "2.0",
        "title": "隐私政策（2.0）",
        "body": "# 隐私政策\n\n更新。",
        "effective_at": (timezone.now() + dt.timedelta(days=3)).isoformat(),
    }
    assert api_as(oscar).post("legal/documents", body).status_code == 403
    refused = api_as(sam).post("legal/documents", body)
    assert refused.status_code == 400 and refused.json()["code"] == "legal_notice_period"
    body["effective_at"] = (timezone.now() + dt.timedelta(days=8)).isoformat()
    created = api_as(sam).post("legal/documents", body)
    assert created.status_code == 201
    assert created.json()["version"] == "2.0"


def test_public_document_endpoints(api) -> None:
    listed = api.get("legal/documents").json()
    assert {d["kind"] for d in listed} >= {"user_agreement", "privacy_policy"}
    one = api.get("legal/documents/privacy_policy").json()
    assert one["body"].startswith("# ")
    assert api.get("legal/documents/nope").status_code == 404


def test_pending_endpoint_after_an_update(api_as, alice) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _publish(start + dt.timedelta(days=8))
    with time_machine.travel(start + dt.timedelta(days=9)):
        pending = api_as(alice).get("legal/pending").json()
        assert [d["version"] for d in pending] == ["2.0"]
        document = LegalDocument.objects.get(version="2.0")
        accepted = api_as(alice).post(
            "me/consents", {"purpose": "agreement", "document_id": str(document.pk)}
        )
        assert accepted.status_code == 200
        assert api_as(alice).get("legal/pending").json() == []

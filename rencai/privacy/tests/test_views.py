"""Privacy pages: consents, re-acceptance after a change, publishing, documents."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from rencai.core.actors import cli_actor
from rencai.privacy.actions import publish_legal_document
from rencai.privacy.queries import has_consent

pytestmark = pytest.mark.django_db
LOGIN = "rencai.accounts.backends.RencaiBackend"


def test_consent_switches_apply_at_once(client: Client, alice) -> None:
    client.force_login(alice, backend=LOGIN)
    client.post("/account/consents/personalised_recommendation/", {"granted": "1"})
    assert has_consent(alice.pk, "personalised_recommendation")
    client.post("/account/consents/personalised_recommendation/", {"granted": "0"})
    assert not has_consent(alice.pk, "personalised_recommendation")
    client.post("/account/consents/real_name/")
    alice.refresh_from_db()
    assert alice.id_number == "" and alice.real_name_status == "unverified"
    response = client.post("/account/consents/agreement/", follow=True)
    assert has_consent(alice.pk, "agreement")
    assert "alert-danger" in response.content.decode()


def test_notice_banner_then_reacceptance_after_a_change(client: Client, alice) -> None:
    client.force_login(alice, backend=LOGIN)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        publish_legal_document(
            actor=cli_actor(),
            kind="privacy_policy",
            version="2.0",
            title="隐私政策（2.0）",
            body="# 隐私政策\n\n新版本。",
            change_summary="新增了保存期限表。",
            effective_at=start + dt.timedelta(days=7),
        )
        page = client.get("/dashboard/").content.decode()
        assert "/legal/privacy_policy/v/2.0/" in page  # banner announcing the change
    with time_machine.travel(start + dt.timedelta(days=8), tick=False):
        response = client.get("/dashboard/")
        assert response.status_code == 302
        assert response["Location"].startswith("/legal/review/")
        review = client.get(response["Location"]).content.decode()
        assert "新增了保存期限表。" in review
        assert client.get("/legal/privacy_policy/").status_code == 200  # reading is always allowed
        done = client.post(
            "/legal/review/?next=/dashboard/", {"accept": "on", "next": "/dashboard/"}
        )
        assert done["Location"] == "/dashboard/"
        assert client.get("/dashboard/").status_code == 200
        assert has_consent(alice.pk, "privacy_policy")


def test_review_redirect_ignores_foreign_next(client: Client, alice) -> None:
    client.force_login(alice, backend=LOGIN)
    assert client.get("/legal/review/?next=https://evil.example/")["Location"] == "/dashboard/"


def test_publish_page_enforces_the_notice_period(client: Client, sam, alice) -> None:
    client.force_login(sam, backend=LOGIN)
    soon = (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    data = {
        "kind": "user_agreement",
        "version": "2.0",
        "title": "用户服务协议",
        "effective_at": soon,
        "change_summary": "调整。",
        "body": "# 用户服务协议\n\n内容。",
    }
    refused = client.post("/ops/legal/", data)
    assert refused.status_code == 200 and b"has-error" in refused.content
    data["effective_at"] = (timezone.localtime() + dt.timedelta(days=8)).strftime("%Y-%m-%dT%H:%M")
    assert client.post("/ops/legal/", data).status_code == 302
    client.force_login(alice, backend=LOGIN)
    assert client.get("/ops/legal/").status_code == 403


def test_documents_render_in_both_languages(client: Client) -> None:
    zh = client.get("/legal/privacy_policy/").content.decode()
    assert "隐私政策" in zh and "{operator_name}" not in zh
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    en = client.get("/legal/privacy_policy/").content.decode()
    assert "Privacy" in en

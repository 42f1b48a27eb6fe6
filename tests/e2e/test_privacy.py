"""Browser journeys of the privacy centre and the data lifecycle (issue 8).

Alice opens the privacy centre from the account menu, downloads a copy of her data (after
confirming it is her with a text-message code), withdraws her consent to personalised
recommendations (the dashboard switches to the non-personalised feed at once), then
cancels her account and cannot sign in again. Dana (data operator) and Audrey (auditor)
see the operator pages.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest

from rencai.accounts.models import User
from rencai.core.actors import cli_actor, system_actor
from rencai.privacy.actions import set_optional_consent
from rencai.privacy.choices import ConsentChannel, ConsentPurpose
from rencai.privacy.models import DataExport, RightsRequest
from rencai.privacy.requests import submit_request
from rencai.testing import orgs as seeds
from rencai.testing import personas
from rencai.testing.browser import (
    code_from_outbox,
    password_sign_in,
    screenshot,
    second_person,
    sms_sign_in,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ALICE_PHONE = personas.ALICE.phone


def _enter_identity_code(page: Any) -> None:
    """The identity re-check page: send a code and type it in (the caller confirms)."""
    page.wait_for_selector("#confirm-identity")
    screenshot(page, "privacy-confirm-identity")
    page.click("#send-reauth-code")
    page.wait_for_selector("#confirm-identity p[role=status]")
    page.fill("input[name=code]", code_from_outbox(page, ALICE_PHONE))


def _accept_dialog(page: Any) -> None:
    page.click("dialog.confirm-dialog button.btn-danger, dialog.confirm-dialog button.btn-primary")


def test_alice_downloads_her_data_withdraws_recommendations_and_cancels(
    page: Any, settings: Any
) -> None:
    settings.SMS_RESEND_INTERVAL_SECONDS = 1  # sign-in and re-check codes a moment apart
    seeds.build_org(seeds.COMPANY_A)
    alice = personas.build(personas.ALICE)
    set_optional_consent(
        alice,
        ConsentPurpose.PERSONALISED_RECOMMENDATION,
        True,
        actor=system_actor(),
        channel=ConsentChannel.WEB,
    )

    sms_sign_in(page, ALICE_PHONE)
    page.wait_for_url("**/dashboard/")
    assert page.get_attribute("#jobs-for-you", "data-feed") == "personalised"

    # The privacy centre is two taps away: the account menu, then the link (PI-01).
    page.click("#nav-account summary")
    page.click("#nav-privacy-centre")
    page.wait_for_url("**/account/privacy/")
    page.wait_for_selector("#held")
    screenshot(page, "privacy-centre")

    # A copy of her data: asked for, prepared by the worker with progress, downloaded
    # after the identity re-check (PI-12, PI-18).
    page.click("#rights-export")
    page.wait_for_url("**/account/privacy/exports/")
    page.click("#export-new-form button[type=submit]")
    page.wait_for_selector("[data-status=ready]", timeout=60_000)
    export = DataExport.objects.get(user=alice)
    screenshot(page, "privacy-export-ready")
    page.wait_for_timeout(1100)
    page.click(f"#export-download-{export.pk}")
    _enter_identity_code(page)
    with page.expect_download() as download_info:  # confirming returns to the download
        page.click("#confirm-reauth")
    path = download_info.value.path()
    with zipfile.ZipFile(io.BytesIO(open(path, "rb").read())) as archive:  # noqa: PTH123
        names = archive.namelist()
        data = json.loads(archive.read("data.json"))
    assert "personal-data.pdf" in names
    assert "accounts.User" in json.dumps(data, ensure_ascii=False)
    export.refresh_from_db()
    assert export.download_count == 1

    # Withdrawing personalised recommendations takes one click and works at once (ALG-01).
    page.goto("/account/privacy/")
    assert page.get_attribute("#switch-personalised_recommendation", "data-on") == "1"
    page.click("#switch-personalised_recommendation button[type=submit]")
    page.wait_for_selector("#switch-personalised_recommendation[data-on='0']")
    assert page.get_attribute("#switch-personalised_recommendation", "data-on") == "0"
    page.goto("/dashboard/")
    assert page.get_attribute("#jobs-for-you", "data-feed") == "non_personalised"

    # Cancelling the account (PI-19): never blocked, sign-in impossible at once.
    page.goto("/account/privacy/")
    page.click("#rights-cancel")
    page.wait_for_url("**/account/privacy/requests/**")
    page.check("input[name=kind][value=cancellation]")
    screenshot(page, "privacy-cancel-request")
    page.click("#submit-request")
    _accept_dialog(page)
    page.wait_for_url("**/accounts/login/**")
    alice = User.objects.get(pk=alice.pk)
    assert alice.cancelled_at is not None and not alice.is_active
    assert RightsRequest.objects.get(subject=alice, kind="cancellation").state == "completed"

    page.goto("/accounts/login/")
    page.fill("input[name=phone]", ALICE_PHONE)
    page.click("#send-code")
    page.wait_for_selector("#sms-status p[role=status]")
    page.fill("input[name=code]", code_from_outbox(page, ALICE_PHONE))
    page.click("#login-submit")
    page.wait_for_load_state()
    assert "/dashboard/" not in page.url
    screenshot(page, "privacy-cancelled-login")


def test_operator_privacy_pages(page: Any) -> None:
    alice = personas.build(personas.ALICE)
    personas.build(personas.DANA)
    personas.build(personas.AUDREY)
    correction = submit_request(
        alice,
        "correction",
        actor=cli_actor(alice),
        identity_confirmed=True,
        details="我的毕业院校写错了，应为华南理工大学。",
    )
    password_sign_in(page, personas.DANA.email, personas.DEMO_PASSWORD)
    page.wait_for_load_state()
    for url, name in [
        ("/ops/", "ops-dashboard-dana"),
        ("/ops/privacy/requests/", "ops-privacy-requests"),
        (f"/ops/privacy/requests/{correction.reference}/", "ops-privacy-request"),
        ("/ops/privacy/retention/", "ops-privacy-retention"),
        ("/ops/privacy/self-inspections/", "ops-privacy-self-inspections"),
        ("/ops/privacy/bulk-exports/", "ops-privacy-bulk-exports"),
    ]:
        response = page.goto(url)
        assert response.status == 200, url
        screenshot(page, name)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/ops/privacy/requests/")
    screenshot(page, "mobile-ops-privacy-requests")
    page.goto("/account/privacy/")
    screenshot(page, "mobile-privacy-centre-operator")

    auditor = second_person(page)
    password_sign_in(auditor, personas.AUDREY.email, personas.DEMO_PASSWORD)
    auditor.wait_for_load_state()
    for url, name in [
        ("/ops/audit/archive/", "ops-archive-auditor"),
        ("/ops/privacy/pi-access/", "ops-pi-access-auditor"),
    ]:
        response = auditor.goto(url)
        assert response.status == 200, url
        screenshot(auditor, name)

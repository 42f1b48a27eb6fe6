"""A tour of every page as the people who use them, on desktop and phone widths, with
screenshots in var/screenshots/ (look at them after changing a page)."""

from __future__ import annotations

from typing import Any

import pytest

from rencai.testing import personas
from rencai.testing.browser import code_from_outbox, password_sign_in, screenshot, sms_sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _sms_sign_in(page: Any, phone: str) -> None:
    sms_sign_in(page, phone)


def _password_sign_in(page: Any, email: str) -> None:
    password_sign_in(page, email, personas.DEMO_PASSWORD)


def test_seeker_pages(page: Any) -> None:
    personas.build(personas.ALICE)
    _sms_sign_in(page, "13800138001")
    page.wait_for_url("**/dashboard/")
    for url, name in [
        ("/dashboard/", "seeker-dashboard"),
        ("/account/security/", "seeker-security"),
        ("/account/consents/", "seeker-consents"),
        ("/account/real-name/", "seeker-real-name-done"),
        ("/account/face/", "seeker-face"),
        ("/account/roles/", "seeker-roles"),
        ("/legal/privacy_policy/", "legal-privacy-policy"),
        ("/about/licences/", "licences"),
    ]:
        response = page.goto(url)
        assert response.status == 200, url
        screenshot(page, name)
    page.set_viewport_size({"width": 390, "height": 844})
    for url, name in [
        ("/", "mobile-home"),
        ("/dashboard/", "mobile-dashboard"),
        ("/account/security/", "mobile-security"),
    ]:
        page.goto(url)
        screenshot(page, name)
    page.goto("/account/security/")
    page.click("#logout-everywhere")
    page.click("dialog.confirm-dialog button.btn-danger, dialog.confirm-dialog button.btn-primary")
    page.wait_for_url("**/accounts/login/")


def test_minor_and_guardian_pages(page: Any) -> None:
    import datetime as dt

    from rencai.core.timeutil import local_today

    today = local_today()
    personas.register_person(
        "13900139201", "seeker", "小林", birth_date=dt.date(today.year - 17, 1, 2)
    )
    _sms_sign_in(page, "13900139201")
    page.wait_for_url("**/account/guardian/")
    screenshot(page, "minor-guardian-request")
    page.fill("input[name=guardian_name]", "林芳")
    page.fill("input[name=guardian_phone]", "13700137201")
    page.select_option("select[name=relationship]", "mother")
    page.click("#guardian-request-form button[type=submit]")
    page.wait_for_selector("#guardian-pending")
    screenshot(page, "minor-guardian-pending")

    guardian = page.context.browser.new_context(
        base_url=page.url.split("/account")[0], locale="zh-CN"
    )
    gpage = guardian.new_page()
    gpage.goto("/guardian/")
    gpage.fill("input[name=phone]", "13700137201")
    gpage.click("#guardian-send-code")
    gpage.fill("input[name=phone]", "13700137201")
    gpage.fill("input[name=code]", code_from_outbox(gpage, "13700137201"))
    gpage.click("#guardian-verify")
    gpage.wait_for_selector("#guardian-confirm")
    screenshot(gpage, "guardian-request")
    gpage.click("#guardian-confirm")
    gpage.wait_for_selector("#guardian-withdraw")
    screenshot(gpage, "guardian-confirmed")
    guardian.close()

    page.goto("/account/guardian/")
    assert page.locator("#guardian-confirmed").is_visible()


def test_operator_pages(page: Any) -> None:
    personas.build(personas.SAM)
    _password_sign_in(page, "sam@rencai.example")
    for url, name in [
        ("/ops/", "ops-dashboard"),
        ("/ops/users/", "ops-users"),
        ("/ops/audit/?verify=1", "ops-audit"),
        ("/ops/legal/", "ops-legal"),
        ("/ops/holidays/?year=2027", "ops-holidays-2027"),
    ]:
        response = page.goto(url)
        assert response.status == 200, url
        screenshot(page, name)
    assert page.locator(".alert-warning").first.is_visible()


def test_public_pages(page: Any) -> None:
    for url, name in [
        ("/", "home"),
        ("/accounts/login/", "login"),
        ("/accounts/login/password/", "password-login"),
        ("/guardian/", "guardian-public"),
        ("/no-such-page/", "not-found"),
    ]:
        page.goto(url)
        screenshot(page, name)

"""Browser journeys: a seeker registers with phone + code from the sandbox outbox, passes
the age gate, verifies their real name, sees the Chinese dashboard and switches language;
a 15-year-old is refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from rencai.accounts.models import User
from rencai.core.timeutil import local_today
from rencai.testing.browser import code_from_outbox, screenshot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _request_code(page: Any, phone: str) -> str:
    page.goto("/accounts/login/")
    page.fill("input[name=phone]", phone)
    page.click("#send-code")
    page.wait_for_selector("#sms-status p[role=status]")
    return code_from_outbox(page, phone)


def _birth_date(years_ago: int) -> str:
    today = local_today()
    return dt.date(today.year - years_ago, today.month, min(today.day, 28)).isoformat()


def test_seeker_registers_verifies_and_switches_language(page: Any) -> None:
    phone = "13900139088"
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    screenshot(page, "home-zh")
    code = _request_code(page, phone)
    screenshot(page, "login-code-sent")
    page.fill("input[name=code]", code)
    page.click("#login-submit")

    page.wait_for_url("**/accounts/register/")
    page.check("input[name=role][value=seeker]")
    page.fill("input[name=display_name]", "李同学")
    page.fill("input[name=birth_date]", _birth_date(24))
    page.check("input[name=accept]")
    screenshot(page, "register")
    page.click("#register-submit")

    page.wait_for_url("**/dashboard/")
    assert "工作台" in page.locator("#site-nav").inner_text()
    assert page.locator("main >> text=实名").first.is_visible()
    screenshot(page, "dashboard-zh")

    page.goto("/account/real-name/")
    page.check("input[name=agree]")
    page.click("#give-consent")
    page.fill("input[name=name]", "李同学")
    page.fill("input[name=id_number]", "110105199805120020")
    screenshot(page, "real-name-form")
    page.click("#real-name-submit")
    page.wait_for_selector("#real-name-verified")
    assert "1101**********0020" in page.inner_text("#real-name-verified")
    screenshot(page, "real-name-verified")

    user = User.objects.get(display_name="李同学")
    assert user.is_real_name_verified and user.id_number == "110105199805120020"

    page.goto("/dashboard/")
    page.click("[data-lang=en]")
    page.wait_for_selector("html[lang=en]")
    assert "Dashboard" in page.locator("#site-nav").inner_text()
    screenshot(page, "dashboard-en")
    page.click("[data-lang=zh-hans]")
    page.wait_for_selector("html[lang=zh-hans]")
    assert "工作台" in page.locator("#site-nav").inner_text()


def test_fifteen_year_old_is_refused(page: Any) -> None:
    phone = "13900139077"
    code = _request_code(page, phone)
    page.fill("input[name=code]", code)
    page.click("#login-submit")
    page.wait_for_url("**/accounts/register/")
    page.check("input[name=role][value=seeker]")
    page.fill("input[name=display_name]", "小同学")
    page.fill("input[name=birth_date]", _birth_date(15))
    page.check("input[name=accept]")
    page.click("#register-submit")
    refusal = page.wait_for_selector("#age-refusal")
    assert "16" in refusal.inner_text()
    screenshot(page, "register-refused-under-16")
    assert not User.objects.filter(display_name="小同学").exists()

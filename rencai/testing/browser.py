"""Playwright helpers: launch Debian's chromium (never a downloaded browser)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rencai.testing.sms import CODE

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def chromium_path() -> str | None:
    """Debian's chromium binary, if installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


@contextmanager
def browser() -> Iterator[object]:
    """A headless chromium driven by Playwright for Python."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise RuntimeError("Debian's chromium is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield instance
        finally:
            instance.close()


def code_from_outbox(page: object, phone: str) -> str:
    """Read the newest code sent to ``phone`` from the sandbox outbox page (DEBUG only),
    in a second tab, as a developer would."""
    outbox = page.context.new_page()  # type: ignore[attr-defined]
    outbox.goto("/dev/outbox/")
    rows = outbox.locator("#outbox tbody tr", has=outbox.locator(f"[data-phone='+86{phone}']"))
    text = rows.first.locator(".sms-text").inner_text()
    outbox.close()
    match = CODE.search(text)
    assert match is not None, text
    return match.group(1)


def screenshot(page: object, name: str) -> Path:
    """Save a full-page PNG under var/screenshots/ for people to look at."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    return path


def sms_sign_in(page: Any, phone: str) -> None:
    """Sign in on the login page with ``phone`` and the code read from the outbox."""
    page.goto("/accounts/login/")
    page.fill("input[name=phone]", phone)
    page.click("#send-code")
    page.wait_for_selector("#sms-status p[role=status]")
    page.fill("input[name=code]", code_from_outbox(page, phone))
    page.click("#login-submit")


def password_sign_in(page: Any, email: str, password: str) -> None:
    """Sign in with e-mail and password (agency staff, operators, the regulator)."""
    page.goto("/accounts/login/password/")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/dashboard/")


def second_person(page: Any) -> Any:
    """A new browser context (its own cookies) on the same live server as ``page``, for a
    second person in the same journey."""
    base = "/".join(page.url.split("/", 3)[:3])
    context = page.context.browser.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 900}, base_url=base
    )
    context.set_default_timeout(15_000)
    return context.new_page()

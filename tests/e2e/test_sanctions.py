"""Browser journey of sanctions (issue 9, FRD-02): Oscar warns Alice, Alice signs in and
cannot use the site until she acknowledges the warning in the pop-up, then appeals; Tess
(another trust & safety operator) sees the appeal Oscar cannot decide. Screenshots in
var/screenshots/sanctions-*.png."""

from __future__ import annotations

from typing import Any

import pytest

from rencai.core.actors import cli_actor
from rencai.sanctions.actions import impose_sanction
from rencai.sanctions.models import Appeal, Sanction
from rencai.testing import personas
from rencai.testing.browser import password_sign_in, screenshot, second_person, sms_sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_alice_acknowledges_a_warning_and_appeals(page: Any) -> None:
    alice = personas.build(personas.ALICE)
    oscar = personas.build(personas.OSCAR)
    personas.build(personas.TESS)
    warning = impose_sanction(
        kind="warning",
        rule="diversion",
        reason="多次在消息中要求求职者添加微信。",
        user=alice,
        evidence={"reports": ["RP-0001"]},
        actor=cli_actor(oscar),
    )

    sms_sign_in(page, personas.ALICE.phone)
    page.wait_for_selector("dialog#sanction-warning[open]")
    screenshot(page, "sanctions-warning")
    page.click("dialog#sanction-warning button[type=submit]")
    page.wait_for_selector("dialog#sanction-warning", state="detached")
    warning.refresh_from_db()
    assert warning.acknowledged_at is not None

    page.goto(f"/account/sanctions/{warning.pk}/")
    page.fill("textarea[name=statement]", "我只发送了公司公众号名称，并未引导私下联系。")
    page.click("#appeal-form button[type=submit]")
    page.wait_for_selector("#appeal-status[data-status=pending]")
    screenshot(page, "sanctions-appeal")

    tess = second_person(page)
    password_sign_in(tess, personas.TESS.email, personas.DEMO_PASSWORD)
    tess.goto("/ops/sanctions/appeals/")
    appeal = Appeal.objects.get()
    assert tess.locator(f"tr[data-appeal='{appeal.pk}']").count() == 1
    tess.goto(f"/ops/sanctions/{warning.pk}/")
    tess.check("input[name=outcome][value=overturned]")
    tess.fill("textarea[name=reason]", "证据不足，撤销警告。")
    tess.click("#decide-form button[type=submit]")
    tess.click("dialog.confirm-dialog button.btn-primary")
    tess.wait_for_selector("#appeals-list, .empty-state")
    screenshot(tess, "sanctions-appeal-decided")
    assert Sanction.objects.get().status == "overturned"
    tess.goto(f"/ops/sanctions/{warning.pk}/")
    screenshot(tess, "sanctions-detail")
    tess.goto(f"/ops/sanctions/new/?user={alice.pk}")
    screenshot(tess, "sanctions-impose")
    tess.goto("/ops/sanctions/")
    screenshot(tess, "sanctions-list")

"""Browser journey of the compliance calendar (issue 9, LIC-03/LIC-04): Sam (security
administrator) announces the end of service 30 days ahead, a visitor sees the banner on the
home page, Sam records a registration change and withdraws the notice again. Screenshots in
var/screenshots/compliance-*.png."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from rencai.core.timeutil import local_today
from rencai.testing import personas
from rencai.testing.browser import password_sign_in, screenshot, second_person

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _accept_dialog(page: Any) -> None:
    page.click("dialog.confirm-dialog button.btn-danger, dialog.confirm-dialog button.btn-primary")


def test_sam_announces_the_end_of_service_and_records_a_change(page: Any) -> None:
    personas.build(personas.SAM)
    password_sign_in(page, personas.SAM.email, personas.DEMO_PASSWORD)
    page.goto("/ops/compliance-calendar/service-end/")
    end = local_today() + dt.timedelta(days=30)
    page.fill("input[name=end_date]", end.isoformat())
    page.fill("textarea[name=notice_text]", "本平台将停止网络招聘服务，请在此之前下载您的数据。")
    page.click("#announce-service-end button[type=submit]")
    _accept_dialog(page)
    page.wait_for_selector("#service-end-banner")
    screenshot(page, "compliance-service-end")

    visitor = second_person(page)
    visitor.goto("/")
    assert visitor.get_attribute("#service-end-banner", "data-end-date") == end.isoformat()
    screenshot(visitor, "compliance-home-banner")
    visitor.close()

    page.goto("/ops/compliance-calendar/")
    page.select_option("select[name=kind]", "domicile")
    page.fill("input[name=change_date]", (local_today() - dt.timedelta(days=16)).isoformat())
    page.fill("textarea[name=details]", "住所由浦东新区变更为徐汇区")
    page.click("#record-change button[type=submit]")
    page.wait_for_selector("#registration-changes tr[data-overdue]")
    screenshot(page, "compliance-calendar")
    page.goto("/ops/")
    assert page.get_attribute("#registration-changes-open", "data-overdue") == "1"
    screenshot(page, "compliance-dashboard")

    page.goto("/ops/compliance-calendar/service-end/")
    page.fill("input[name=reason]", "经研究决定继续运营")
    page.check("input[name=confirm]")
    page.click("#withdraw-service-end button[type=submit]")
    _accept_dialog(page)
    page.wait_for_selector("#announce-service-end")
    assert page.locator("#service-end-banner").count() == 0

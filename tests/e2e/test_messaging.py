"""Interviews and messages in the browser: Bob invites Alice to an interview from her
application, Alice picks a time, they exchange messages (htmx composer); Alice sees the
FRD-05 warning card. Screenshots on desktop and phone widths in var/screenshots/."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from rencai.testing import messaging as builders
from rencai.testing import orgs as org_seeds
from rencai.testing import personas
from rencai.testing.browser import screenshot, second_person, sms_sign_in
from rencai.testing.jobs import publish

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _local(days: int, hour: int) -> str:
    return timezone.localtime(builders.future(days, hour)).strftime("%Y-%m-%dT%H:%M")


def test_interview_and_messages(page: Any) -> None:
    alice = personas.build(personas.ALICE)
    bob = personas.build(personas.BOB)
    oscar = personas.build(personas.OSCAR)
    company_a = org_seeds.build_org(org_seeds.COMPANY_A)
    application = builders.application(alice, publish(company_a, bob, oscar))

    sms_sign_in(page, "13800138003")
    page.wait_for_url("**/dashboard/")
    page.goto(f"/employer/applications/{application.pk}/interviews/new/")
    page.check("input[name=mode][value=onsite]")
    page.fill("input[name=address]", "科苑路15号科兴科学园B栋12层")
    page.fill("input[name=slot_1]", _local(3, 10))
    page.fill("input[name=slot_2]", _local(4, 15))
    page.fill("textarea[name=instructions]", "请带上作品集，到前台找林女士。")
    page.fill("textarea[name=questions]", "介绍一个你负责的项目\n你如何做代码评审？")
    screenshot(page, "messaging-new-interview")
    page.click("#interview-form button[type=submit]")
    page.wait_for_selector("#interview-status[data-status=proposed]")
    screenshot(page, "messaging-employer-interview-proposed")

    page.goto(f"/messages/open/application/{application.pk}/")
    page.fill("#composer textarea[name=body]", "您好，入职前需要先交300元服装费。")
    page.click("#send")
    page.wait_for_selector("#thread .bubble-row.is-mine")
    page.fill("#composer textarea[name=body]", "请问你是否已婚？")
    page.click("#send")
    page.wait_for_selector("#composer-warning")
    screenshot(page, "messaging-employer-conversation")

    seeker = second_person(page)
    sms_sign_in(seeker, "13800138001")
    seeker.wait_for_url("**/dashboard/")
    seeker.goto("/interviews/")
    seeker.click("#interview-list a")
    seeker.check("input[name=slot_id] >> nth=0")
    screenshot(seeker, "messaging-seeker-invitation")
    seeker.click("#accept")
    seeker.wait_for_selector("#interview-status[data-status=accepted]")
    assert seeker.locator("#ics-link").count() == 1

    seeker.goto("/messages/")
    screenshot(seeker, "messaging-seeker-inbox")
    seeker.click("#inbox a")
    seeker.wait_for_selector("[data-safety-card]")
    seeker.fill("#composer textarea[name=body]", "谢谢，我不会付任何费用。面试见。")
    seeker.click("#send")
    seeker.wait_for_selector("text=面试见")
    screenshot(seeker, "messaging-seeker-conversation")
    seeker.set_viewport_size({"width": 390, "height": 844})
    seeker.reload()
    screenshot(seeker, "mobile-messaging-seeker-conversation")

    page.reload()
    page.wait_for_selector("[data-receipt=read]")
    assert page.locator("[data-safety-card]").count() == 0

    page.goto("/employer/interviews/")
    screenshot(page, "messaging-employer-interviews")
    page.click("#interview-list a")
    page.check("#scorecard-form input[name=rating][value='4']")
    page.check("#scorecard-form input[name=recommendation][value=yes]")
    page.fill("#scorecard-form textarea[name=notes]", "项目经验扎实，沟通清晰。")
    page.click("#scorecard-form button[type=submit]")
    page.wait_for_selector(".scorecard .rating")
    screenshot(page, "messaging-employer-interview-scorecard")
    page.goto("/employer/interview-templates/new/")
    page.fill("input[name=name]", "技术一面")
    page.check("input[name=mode][value=video]")
    page.fill("textarea[name=questions]", "介绍一个项目\n有无生育计划？")
    page.click("#template-form button[type=submit]")
    page.wait_for_selector(".alert-danger")
    screenshot(page, "messaging-template-refused")
    page.fill("textarea[name=questions]", "介绍一个项目\n如何做代码评审？")
    page.click("#template-form button[type=submit]")
    page.wait_for_selector("#template-list")
    screenshot(page, "messaging-templates")

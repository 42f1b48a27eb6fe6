"""Browser journey of the whole hiring loop (issue 7), through the real UI only: Alice builds
a resume and makes it visible to verified employers, applies to Bob's job after reading which
verified organisation receives which data (PI-05); Bob opens the application (a resume view,
PI-08), moves her to 面试 on the board and invites her to an interview with two times; Alice
picks one and gets the .ics file; they exchange a message each with read receipts; Alice sees
that Bob's company viewed her resume; Dave, at another company, gets a 404 on her application
(PI-07). Screenshots (desktop and a 390×844 phone) in var/screenshots/loop-*.png."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from rencai.applications.choices import ApplicationStatus, StageKind
from rencai.applications.models import Application, StageChange
from rencai.audit.models import AuditEvent
from rencai.messaging.choices import InterviewStatus
from rencai.messaging.models import Conversation, Interview, Message
from rencai.notifications.models import Notification
from rencai.resumes.choices import EntryKind, Visibility
from rencai.resumes.models import Resume, ResumeView
from rencai.testing import messaging as builders
from rencai.testing import orgs as seeds
from rencai.testing import personas
from rencai.testing.browser import SCREENSHOT_DIR, screenshot, second_person, sms_sign_in
from rencai.testing.jobs import publish

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}


def _local(moment: dt.datetime) -> str:
    """The ``datetime-local`` value of ``moment`` in Beijing time."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _build_resume(page: Any) -> Resume:
    """Alice writes her resume in the editor: basics, one job, one degree, skills, and makes
    it visible to verified employers only (PI-05)."""
    page.click("#site-nav a[href='/me/resumes/']")
    page.wait_for_url("**/me/resumes/")
    page.click("#new-resume")
    page.fill("input[name=title]", "后端开发简历")
    page.fill("input[name=full_name]", "王爱丽")
    page.click("#create-form button[type=submit]")
    page.wait_for_url("**/me/resumes/*/")
    resume = Resume.objects.get(title="后端开发简历")
    assert resume.visibility == Visibility.HIDDEN  # invisible until she chooses

    page.click("#basic a[href$='/edit/basic/']")
    page.fill("input[name=phone]", "13800138001")
    page.fill("input[name=email]", "alice@example.com")
    page.select_option("select[name=city_1]", "440000")
    page.wait_for_selector("select[name=city_2] option[value='440300']", state="attached")
    page.select_option("select[name=city_2]", "440300")
    page.wait_for_selector("select[name=city_3] option[value='440305']", state="attached")
    page.select_option("select[name=city_3]", "440305")
    page.select_option("select[name=work_status]", "looking_now")
    screenshot(page, "loop-resume-basic")
    page.click("#part-form button[type=submit]")
    page.wait_for_url(f"**/me/resumes/{resume.pk}/*")

    page.click("#add-work")
    page.fill("input[name=organisation]", "深圳星河网络科技有限公司")
    page.fill("input[name=title]", "Python 开发工程师")
    page.fill("input[name=start]", "2021-07-01")
    page.fill("textarea[name=description]", "负责订单系统和支付对账服务的开发。")
    page.click("#entry-form button[type=submit]")
    page.wait_for_selector("#work .resume-entry")

    page.click("#add-education")
    page.fill("input[name=organisation]", "华南理工大学")
    page.fill("input[name=title]", "计算机科学与技术")
    page.select_option("select[name=degree]", "bachelor")
    page.fill("input[name=start]", "2017-09-01")
    page.fill("input[name=end]", "2021-06-30")
    page.click("#entry-form button[type=submit]")
    page.wait_for_selector("#education .resume-entry")

    page.click("#skills a[href$='/edit/skills/']")
    for row, (name, level) in enumerate((("Python", "advanced"), ("Django", "good"))):
        page.fill(f"input[name=skill_name_{row}]", name)
        page.select_option(f"select[name=skill_level_{row}]", level)
    page.click("#part-form button[type=submit]")
    page.wait_for_selector("#skills .badge")

    page.click(f".page-actions a[href='/me/resumes/{resume.pk}/visibility/']")
    page.check("input[name=visibility][value=employers]")
    page.click("#visibility-form button[type=submit]")
    page.wait_for_selector(".messages")
    screenshot(page, "loop-resume-visibility")
    page.click(f"a[href='/me/resumes/{resume.pk}/'] >> nth=0")
    page.wait_for_selector("#visibility-badge")
    screenshot(page, "loop-resume-editor")

    resume.refresh_from_db()
    assert resume.visibility == Visibility.EMPLOYERS
    assert resume.phone.endswith("13800138001") and resume.city == "440305"
    assert [skill["name"] for skill in resume.skills] == ["Python", "Django"]
    kinds = sorted(resume.entries.values_list("kind", "organisation"))
    assert kinds == [
        (EntryKind.EDUCATION, "华南理工大学"),
        (EntryKind.WORK, "深圳星河网络科技有限公司"),
    ]
    return resume


def test_hiring_loop_resume_apply_pipeline_interview_messages(page: Any, settings: Any) -> None:
    """PI-05 consent on apply, PI-07 Dave gets 404, PI-08 who viewed me, the pipeline stage,
    the interview and the conversation, all through the pages."""
    company_a = seeds.build_org(seeds.COMPANY_A)
    seeds.build_org(seeds.COMPANY_B)
    alice = personas.build(personas.ALICE)
    bob = personas.build(personas.BOB)
    posting = publish(company_a, bob, personas.build(personas.OSCAR))
    title = posting.live_version.title

    # Alice builds her resume.
    sms_sign_in(page, personas.ALICE.phone)
    page.wait_for_url("**/dashboard/")
    resume = _build_resume(page)

    # She opens Bob's job, applies, reads who receives what and confirms (PI-05).
    page.goto(f"/jobs/{posting.pk}/")
    page.click("#apply-link")
    page.wait_for_url(f"**/jobs/{posting.pk}/apply/*")
    assert page.inner_text("#recipient .appl-recipient-name") == company_a.legal_name
    assert page.inner_text("#recipient-uscc") == company_a.uscc
    assert page.get_attribute("#resume-choice [aria-current=true]", "data-resume") == str(resume.pk)
    notice_hash = page.get_attribute("#consent-notice", "data-notice-hash")
    page.fill("textarea[name=cover_note]", "您好，我对这个岗位很感兴趣，期待进一步沟通。")
    screenshot(page, "loop-apply-consent")
    page.check("input[name=confirm]")
    page.click("#apply-submit")
    page.wait_for_url("**/me/applications/*/")
    application = Application.objects.get(seeker=alice, posting=posting)
    assert application.status == ApplicationStatus.ACTIVE
    assert application.resume_id == resume.pk
    assert application.consent_recipient == company_a.legal_name
    assert application.consent_recipient_uscc == company_a.uscc
    assert application.consent_text_hash == notice_hash
    assert application.consented_at is not None and application.consent_categories
    assert application.stage.kind == StageKind.NEW
    consent = AuditEvent.objects.get(
        action="applications.consent_given", object_id=str(application.pk)
    )
    assert consent.after["uscc"] == company_a.uscc
    assert page.get_attribute("#public-stage", "data-kind") == StageKind.NEW
    screenshot(page, "loop-seeker-application")

    # Bob opens the application from his pipeline: the first opening records a view (PI-08).
    employer = second_person(page)
    sms_sign_in(employer, personas.BOB.phone)
    employer.wait_for_url("**/dashboard/")
    employer.goto("/employer/applications/")
    screenshot(employer, "loop-pipeline-list")
    assert ResumeView.objects.count() == 0
    employer.click(f"#application-list tr[data-application='{application.pk}'] td:nth-child(2) a")
    employer.wait_for_url(f"**/employer/applications/{application.pk}/")
    assert employer.inner_text("#candidate-name") == "王爱丽"  # she applied: full name
    assert employer.inner_text("#phone") == "138 0013 8001"
    assert "alice@example.com" in employer.inner_text("#email")
    assert employer.get_attribute("#stage", "data-kind") == StageKind.REVIEWED
    screenshot(employer, "loop-application-detail")
    view = ResumeView.objects.get()
    assert (view.resume_id, view.seeker_id, view.organisation_id) == (
        resume.pk,
        alice.pk,
        company_a.pk,
    )
    assert (view.viewer_id, view.posting_id, view.kind) == (bob.pk, posting.pk, "view")

    # He moves her to 面试 on the board (htmx swaps the board in place).
    employer.click(f"a[href='/employer/applications/board/{posting.pk}/'] >> nth=0")
    employer.wait_for_url(f"**/employer/applications/board/{posting.pk}/")
    interview_column = employer.locator(".appl-column[data-kind=interview]")
    assert interview_column.locator(".appl-column-title").inner_text() == "面试"
    card = employer.locator(f".appl-card[data-application='{application.pk}']")
    card.locator("select[name=stage_id]").select_option(
        interview_column.get_attribute("data-stage")
    )
    card.locator("button[type=submit]").click()
    employer.wait_for_selector(
        f".appl-column[data-kind=interview] .appl-card[data-application='{application.pk}']"
    )
    application.refresh_from_db()
    assert application.stage.kind == StageKind.INTERVIEW and application.stage.name == "面试"
    assert StageChange.objects.filter(
        application=application, to_stage=application.stage, actor=bob
    ).exists()
    screenshot(employer, "loop-board")
    employer.set_viewport_size(PHONE)
    employer.reload()
    assert employer.evaluate("document.documentElement.scrollWidth") == PHONE["width"]
    # The board scrolls sideways, not the page: show the 面试 column with her card.
    interview_column.evaluate(
        "column => column.scrollIntoView({block: 'nearest', inline: 'start'})"
    )
    employer.wait_for_function(
        "document.querySelector('.appl-board').scrollLeft > 0"
        " && document.querySelector('.appl-column[data-kind=interview]')"
        ".getBoundingClientRect().left < 100"
    )
    # What the phone shows: a full-page capture resizes the page and loses the sideways scroll.
    employer.screenshot(path=str(SCREENSHOT_DIR / "loop-board-phone.png"))
    employer.set_viewport_size({"width": 1280, "height": 900})

    # He invites her to an interview with two times.
    employer.goto(f"/employer/applications/{application.pk}/")
    employer.click("#interview-link")
    employer.wait_for_url(f"**/employer/applications/{application.pk}/interviews/new/")
    employer.check("input[name=mode][value=onsite]")
    employer.fill("input[name=address]", "科苑路15号科兴科学园B栋12层")
    first, second = builders.future(3, 10), builders.future(4, 15)
    employer.fill("input[name=slot_1]", _local(first))
    employer.fill("input[name=slot_2]", _local(second))
    employer.fill("textarea[name=instructions]", "请带上作品集，到前台找林女士。")
    screenshot(employer, "loop-new-interview")
    employer.click("#interview-form button[type=submit]")
    employer.wait_for_selector("#interview-status[data-status=proposed]")
    interview = Interview.objects.get(application=application)
    assert interview.status == InterviewStatus.PROPOSED and interview.slots.count() == 2

    # Alice opens the invitation from her notifications and picks the second time.
    notice = Notification.objects.filter(recipient=alice, url__contains=str(interview.pk)).get()
    page.goto("/notifications/")
    screenshot(page, "loop-seeker-notifications")
    page.click(f"#notification-{notice.pk} .notification-open")
    page.wait_for_url(f"**/interviews/{interview.pk}/")
    page.check("input[name=slot_id] >> nth=1")
    screenshot(page, "loop-seeker-invitation")
    page.click("#accept")
    page.wait_for_selector("#interview-status[data-status=accepted]")
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.ACCEPTED
    assert interview.starts_at == second
    ics_href = page.get_attribute("#ics-link", "href")
    assert ics_href == f"/interviews/{interview.pk}/calendar.ics"
    ics = page.request.get(ics_href)
    assert ics.ok and ics.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in ics.text() and "BEGIN:VEVENT" in ics.text()
    screenshot(page, "loop-seeker-interview-accepted")

    # Bob writes in the application's conversation; Alice reads and answers.
    employer.goto(f"/employer/applications/{application.pk}/")
    employer.click("#message-link")
    employer.wait_for_selector("#composer")
    employer.fill("#composer textarea[name=body]", "您好，面试当天请提前十分钟到前台签到。")
    employer.click("#send")
    employer.wait_for_selector("#thread .bubble-row.is-mine")
    assert employer.get_attribute("#thread .is-mine [data-receipt]", "data-receipt") == "unread"

    page.click(f"a[href='/messages/open/application/{application.pk}/']")
    page.wait_for_selector("#composer")
    theirs = page.locator("#thread .bubble-row:not(.is-mine)")
    assert theirs.locator(".bubble").inner_text() == "您好，面试当天请提前十分钟到前台签到。"
    page.fill("#composer textarea[name=body]", "好的，谢谢，面试见。")
    page.click("#send")
    page.wait_for_selector("#thread .bubble-row.is-mine")
    assert page.get_attribute("#thread .is-mine [data-receipt]", "data-receipt") == "unread"

    employer.reload()
    employer.wait_for_selector("#thread .is-mine [data-receipt=read]")  # Alice read it
    assert "面试见" in employer.inner_text("#thread")
    screenshot(employer, "loop-employer-conversation")
    employer.set_viewport_size(PHONE)
    employer.reload()
    screenshot(employer, "loop-employer-conversation-phone")
    page.reload()
    page.wait_for_selector("#thread .is-mine [data-receipt=read]")  # Bob read her answer
    screenshot(page, "loop-seeker-conversation")
    page.set_viewport_size(PHONE)
    page.reload()
    screenshot(page, "loop-seeker-conversation-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    conversation = Conversation.objects.get(application=application)
    messages = list(conversation.messages.order_by("created_at"))
    assert [(m.side, m.sender_id) for m in messages] == [
        ("organisation", bob.pk),
        ("seeker", alice.pk),
    ]
    assert all(message.read_at is not None for message in messages)
    assert Message.objects.count() == 2

    # Who viewed my resume: Bob's company, for this job (PI-08).
    page.goto("/me/resumes/")
    page.click("#who-viewed-link")
    page.wait_for_url("**/me/resume-views/")
    rows = page.inner_text("#view-list tbody")
    assert company_a.legal_name in rows and title in rows
    assert seeds.COMPANY_B.legal_name not in rows
    screenshot(page, "loop-who-viewed-me")

    # Dave, at another company, never sees Alice's application (PI-07): a 404 page.
    dave = second_person(page)
    sms_sign_in(dave, personas.DAVE.phone)
    dave.wait_for_url("**/dashboard/")
    settings.DEBUG = False  # the site's own 404 page, not Django's debug page
    for url in (
        f"/employer/applications/{application.pk}/",
        f"/employer/applications/{application.pk}/interviews/new/",
        f"/messages/{conversation.pk}/",
    ):
        response = dave.goto(url)
        assert response is not None and response.status == 404, url
        assert "王爱丽" not in dave.content()
        assert dave.locator("main a.btn-primary[href='/']").count() == 1  # templates/404.html
    screenshot(dave, "loop-dave-404")
    dave.goto("/employer/applications/")
    assert dave.locator(f"[data-application='{application.pk}']").count() == 0
    assert ResumeView.objects.count() == 1  # Dave's attempts recorded no view
    dave.context.close()
    employer.context.close()

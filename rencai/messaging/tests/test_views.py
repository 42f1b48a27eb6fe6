"""The HTML pages: who may open each, noindex, the FRD-05 warning card on the seeker's
side only, the htmx composer and its DIS-05 warning, block and report with confirmation,
interview creation, the seeker picking a slot, scorecards, templates and the T&S list."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from rencai.accounts.models import User
from rencai.applications.models import Application
from rencai.core.actors import cli_actor
from rencai.jobs.models import JobPosting
from rencai.messaging import actions
from rencai.messaging.models import (
    Conversation,
    Interview,
    InterviewTemplate,
    Message,
)
from rencai.moderation.models import Report
from rencai.orgs.queries import active_membership
from rencai.testing import messaging as builders

pytestmark = pytest.mark.usefixtures("outsiders")
LOGIN = "rencai.accounts.backends.RencaiBackend"
NOINDEX = '<meta name="robots" content="noindex">'


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user, backend=LOGIN)
    return client


def _local(value: dt.datetime) -> str:
    from django.utils import timezone

    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize(
    ("role", "status"),
    [("alice", 200), ("bob", 200), ("dave", 404), ("carol", 404), ("oscar", 404)],
)
def test_conversation_page_access(
    request: pytest.FixtureRequest, conversation: Conversation, role: str, status: int
) -> None:
    response = signed_in(request.getfixturevalue(role)).get(
        reverse("messaging:conversation", args=[conversation.pk])
    )
    assert response.status_code == status
    if status == 200:
        assert NOINDEX in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(conversation: Conversation) -> None:
    response = Client().get(reverse("messaging:conversation", args=[conversation.pk]))
    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_frd05_warning_card_on_the_seeker_side_only(
    conversation: Conversation, alice: User, bob: User
) -> None:
    actions.send_message(conversation, "先交300元服装费", actor=cli_actor(bob))
    url = reverse("messaging:conversation", args=[conversation.pk])
    seeker_page = signed_in(alice).get(url).content.decode()
    employer_page = signed_in(bob).get(url).content.decode()
    assert seeker_page.count("data-safety-card") == 1
    assert "先交300元服装费" in seeker_page
    assert "data-safety-card" not in employer_page


def test_htmx_send_returns_the_thread_and_read_receipts(
    conversation: Conversation, alice: User, bob: User
) -> None:
    url = reverse("messaging:send", args=[conversation.pk])
    response = signed_in(bob).post(url, {"body": "您好，方便聊聊吗？"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html  # a fragment for htmx
    assert "您好，方便聊聊吗？" in html
    assert 'data-receipt="unread"' in html
    signed_in(alice).get(reverse("messaging:conversation", args=[conversation.pk]))
    page = signed_in(bob).get(reverse("messaging:conversation", args=[conversation.pk]))
    assert 'data-receipt="read"' in page.content.decode()


def test_composer_shows_the_dis05_warning(conversation: Conversation, bob: User) -> None:
    response = signed_in(bob).post(
        reverse("messaging:send", args=[conversation.pk]),
        {"body": "请问你是否已婚？"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert 'id="composer-warning"' in html
    assert "是否已婚" in html
    assert Message.objects.count() == 0


def test_plain_post_send_redirects(conversation: Conversation, alice: User) -> None:
    response = signed_in(alice).post(
        reverse("messaging:send", args=[conversation.pk]), {"body": "您好"}
    )
    assert response.status_code == 302
    assert Message.objects.get().body == "您好"


def test_outsider_cannot_post_to_a_conversation(conversation: Conversation, dave: User) -> None:
    client = signed_in(dave)
    assert (
        client.post(reverse("messaging:send", args=[conversation.pk]), {"body": "x"}).status_code
        == 404
    )
    for action in ("block", "report", "call"):
        url = reverse("messaging:conversation_action", args=[conversation.pk, action])
        assert client.post(url, {"category": "other"}).status_code == 404
    assert Message.objects.count() == 0
    assert Report.objects.count() == 0


def test_block_and_report_forms_ask_for_confirmation(
    conversation: Conversation, alice: User
) -> None:
    client = signed_in(alice)
    html = client.get(reverse("messaging:conversation", args=[conversation.pk])).content.decode()
    assert re.search(r'action="[^"]*/block/" data-confirm=', html)
    assert 'id="report-form" data-confirm=' in html
    client.post(reverse("messaging:conversation_action", args=[conversation.pk, "block"]))
    conversation.refresh_from_db()
    assert conversation.blocked_by == "seeker"
    client.post(
        reverse("messaging:conversation_action", args=[conversation.pk, "report"]),
        {"category": "harassment", "details": "骚扰"},
    )
    assert Report.objects.get().category == "harassment"
    page = client.get(reverse("messaging:conversation", args=[conversation.pk])).content.decode()
    assert 'id="blocked-notice"' in page and 'id="composer"' not in page


def test_employer_gets_a_call_number_on_the_page(conversation: Conversation, bob: User) -> None:
    client = signed_in(bob)
    client.post(reverse("messaging:conversation_action", args=[conversation.pk, "call"]))
    html = client.get(reverse("messaging:conversation", args=[conversation.pk])).content.decode()
    number = re.search(r'id="call-number">([^<]+)<', html)
    assert number is not None and number.group(1).startswith("+86170000")


def test_attachment_is_served_to_the_parties_only(
    conversation: Conversation, alice: User, bob: User, dave: User
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from rencai.testing.orgs import demo_image

    upload = SimpleUploadedFile("作品.png", demo_image("作品"))
    message = actions.send_message(conversation, "", attachment=upload, actor=cli_actor(alice))
    url = reverse("messaging:attachment", args=[conversation.pk, message.pk])
    assert signed_in(bob).get(url).status_code == 200
    assert signed_in(dave).get(url).status_code == 404


def test_inbox_lists_with_unread_badges_and_constant_queries(
    posting: JobPosting, bob: User, django_assert_num_queries: Any
) -> None:
    from rencai.testing import personas

    for persona in (personas.ALICE, personas.YAN):
        seeker = personas.build(persona)
        conversation = builders.conversation(builders.application(seeker, posting), seeker)
        actions.send_message(conversation, "您好，我想了解岗位", actor=cli_actor(seeker))
    client = signed_in(bob)
    client.get(reverse("messaging:inbox"))
    # session, user, 3 x membership (side, inbox, tabs), count, rows, and the
    # navigation (unread notifications, roles, legal notices): not one per conversation
    with django_assert_num_queries(10):
        html = client.get(reverse("messaging:inbox")).content.decode()
    assert html.count('class="inbox-item is-unread"') == 2
    assert NOINDEX in html


def test_inbox_empty_state(alice: User) -> None:
    html = signed_in(alice).get(reverse("messaging:inbox")).content.decode()
    assert "empty-state" in html


def test_inbox_paginates(posting: JobPosting, bob: User, settings: Any) -> None:
    from rencai.messaging import views
    from rencai.testing import personas

    seekers = [personas.build(personas.ALICE), personas.build(personas.YAN)]
    for seeker in seekers:
        builders.conversation(builders.application(seeker, posting), seeker)
    original = views.PAGE_SIZE
    views.PAGE_SIZE = 1
    try:
        html = signed_in(bob).get(reverse("messaging:inbox") + "?page=2").content.decode()
    finally:
        views.PAGE_SIZE = original
    assert 'class="pagination"' in html


# --- interviews ---------------------------------------------------------------------------


def test_employer_creates_an_interview_from_the_form(application: Application, bob: User) -> None:
    membership = active_membership(bob)
    assert membership is not None
    url = reverse("messaging:new_interview", args=[application.pk])
    client = signed_in(bob)
    assert client.get(url).status_code == 200
    data = {
        "round": "1",
        "mode": "onsite",
        "address": "科苑路15号",
        "duration_minutes": "45",
        "slot_1": _local(builders.future(2)),
        "slot_2": _local(builders.future(3)),
        "interviewers": [str(membership.pk)],
        "instructions": "带作品集",
        "questions": "介绍一个项目\n如何做代码评审",
    }
    bad = client.post(url, {**data, "questions": "是否已婚"})
    assert bad.status_code == 200
    assert "是否已婚" in bad.content.decode()
    assert Interview.objects.count() == 0
    response = client.post(url, data)
    interview = Interview.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("messaging:employer_interview", args=[interview.pk])
    assert interview.questions == ["介绍一个项目", "如何做代码评审"]
    assert interview.slots.count() == 2


def test_new_interview_page_is_for_the_organisation_only(
    application: Application, alice: User, dave: User
) -> None:
    url = reverse("messaging:new_interview", args=[application.pk])
    assert signed_in(dave).get(url).status_code == 404
    assert signed_in(alice).get(url).status_code == 403


def test_seeker_picks_a_slot_and_downloads_the_calendar(
    application: Application, alice: User, bob: User, dave: User
) -> None:
    interview = builders.interview(application, bob)
    url = reverse("messaging:seeker_interview", args=[interview.pk])
    assert signed_in(dave).get(url).status_code == 404
    assert signed_in(bob).get(url).status_code == 404
    client = signed_in(alice)
    page = client.get(url).content.decode()
    assert NOINDEX in page and 'id="accept"' in page
    slot = interview.slots.order_by("starts_at").last()
    assert slot is not None
    response = client.post(url, {"answer": "accept", "slot_id": str(slot.pk)})
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.starts_at == slot.starts_at
    ics = client.get(reverse("messaging:seeker_ics", args=[interview.pk]))
    assert ics["Content-Type"] == "text/calendar; charset=utf-8"
    assert b"DTSTART:" in ics.content
    assert (
        signed_in(dave).get(reverse("messaging:employer_ics", args=[interview.pk])).status_code
        == 404
    )


def test_employer_interview_page_with_scorecard(
    application: Application, alice: User, bob: User, dave: User
) -> None:
    interview = builders.interview(application, bob)
    slot = interview.slots.first()
    assert slot is not None
    actions.accept_slot(interview, str(slot.pk), actor=cli_actor(alice))
    url = reverse("messaging:employer_interview", args=[interview.pk])
    assert signed_in(dave).get(url).status_code == 404
    client = signed_in(bob)
    page = client.get(url).content.decode()
    assert 'id="scorecard-form"' in page and 'id="cancel-form" data-confirm=' in page
    client.post(
        url, {"action": "scorecard", "rating": "4", "recommendation": "yes", "notes": "不错"}
    )
    page = client.get(url).content.decode()
    assert "不错" in page and "★★★★☆" in page
    client.post(url, {"action": "cancel", "reason": ""})
    interview.refresh_from_db()
    assert interview.status == "cancelled"


def test_templates_pages(company_a: Any, bob: User, dave: User) -> None:
    client = signed_in(bob)
    assert "empty-state" in client.get(reverse("messaging:templates")).content.decode()
    new = reverse("messaging:template_new")
    rejected = client.post(
        new, {"name": "一面", "mode": "onsite", "duration_minutes": "45", "questions": "乙肝"}
    )
    assert rejected.status_code == 200
    assert InterviewTemplate.objects.count() == 0
    client.post(
        new,
        {"name": "一面", "mode": "onsite", "duration_minutes": "45", "questions": "介绍项目"},
    )
    template = InterviewTemplate.objects.get()
    edit = reverse("messaging:template_edit", args=[template.pk])
    assert signed_in(dave).get(edit).status_code == 404
    assert client.get(edit).status_code == 200
    delete = reverse("messaging:template_delete", args=[template.pk])
    assert signed_in(dave).post(delete).status_code == 404
    html = client.get(reverse("messaging:templates")).content.decode()
    assert "data-confirm=" in html
    client.post(delete)
    assert InterviewTemplate.objects.count() == 0


def test_trust_and_safety_sees_reports(
    conversation: Conversation, alice: User, oscar: User, bob: User
) -> None:
    report = actions.report_conversation(
        conversation, category="fees_fraud", actor=cli_actor(alice)
    )
    # The old list of conversation reports leads to the report queue.
    url = reverse("messaging:reports")
    assert signed_in(oscar).get(url)["Location"] == reverse("moderation_reports:queue")
    queue = reverse("moderation_reports:queue")
    assert signed_in(bob).get(queue).status_code == 403
    html = signed_in(oscar).get(queue).content.decode()
    assert f'data-case="{report.case_id}"' in html


def test_interview_lists_for_both_sides(
    application: Application, alice: User, bob: User, dave: User, django_assert_num_queries: Any
) -> None:
    builders.interview(application, bob)
    builders.interview(application, bob)
    seeker = signed_in(alice).get(reverse("messaging:seeker_interviews")).content.decode()
    assert seeker.count("/interviews/") >= 2 and NOINDEX in seeker
    client = signed_in(bob)
    client.get(reverse("messaging:employer_interviews"))
    # session, user, membership, count, rows, slots, interviewers, navigation: constant
    with django_assert_num_queries(10):
        employer = client.get(reverse("messaging:employer_interviews")).content.decode()
    assert employer.count('href="/employer/interviews/') >= 2
    empty = signed_in(dave).get(reverse("messaging:employer_interviews")).content.decode()
    assert "empty-state" in empty
    assert signed_in(alice).get(reverse("messaging:employer_interviews")).status_code == 403


def test_composer_hint_while_typing(conversation: Conversation, alice: User, bob: User) -> None:
    url = reverse("messaging:check", args=[conversation.pk])
    page = signed_in(bob).get(reverse("messaging:conversation", args=[conversation.pk]))
    assert f'hx-post="{url}"' in page.content.decode()
    seeker_page = signed_in(alice).get(reverse("messaging:conversation", args=[conversation.pk]))
    assert f'hx-post="{url}"' not in seeker_page.content.decode()
    hint = signed_in(bob).post(url, {"body": "你有乙肝吗"}, HTTP_HX_REQUEST="true")
    assert 'id="composer-warning"' in hint.content.decode()
    fine = signed_in(bob).post(url, {"body": "你有 Django 经验吗"}, HTTP_HX_REQUEST="true")
    assert "composer-warning" not in fine.content.decode()
    assert Message.objects.count() == 0


def test_trust_and_safety_closes_a_report(
    conversation: Conversation, alice: User, oscar: User
) -> None:
    report = actions.report_conversation(conversation, category="other", actor=cli_actor(alice))
    signed_in(oscar).post(
        reverse("moderation_reports:decide", args=[report.case_id]),
        {"outcome": "dismissed", "reasons": "未发现违规内容"},
    )
    report.refresh_from_db()
    assert report.status == "closed" and report.closed_at is not None


def test_conversation_page_queries_do_not_grow_with_messages(
    conversation: Conversation, alice: User, bob: User
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from rencai.testing.orgs import demo_image

    client = signed_in(alice)
    url = reverse("messaging:conversation", args=[conversation.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    actions.send_message(conversation, "先交300元服装费", actor=cli_actor(bob))
    client.get(url)
    few = count()
    from django.core.files.uploadedfile import SimpleUploadedFile

    for index in range(4):
        upload = SimpleUploadedFile(f"{index}.png", demo_image(str(index)))
        actions.send_message(conversation, "加我微信", attachment=upload, actor=cli_actor(bob))
        actions.send_message(conversation, "好的", actor=cli_actor(alice))
    assert count() == few


def test_conversation_page_links_the_interviews(
    application: Application, conversation: Conversation, alice: User, bob: User
) -> None:
    interview = builders.interview(application, bob)
    url = reverse("messaging:conversation", args=[conversation.pk])
    seeker = signed_in(alice).get(url).content.decode()
    employer = signed_in(bob).get(url).content.decode()
    assert reverse("messaging:seeker_interview", args=[interview.pk]) in seeker
    assert reverse("messaging:employer_interview", args=[interview.pk]) in employer

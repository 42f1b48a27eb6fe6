"""Interviews: creation rules, the seeker's answers, reminders at the right time (with
time_machine), the .ics file, scorecards, templates (DIS-05) and the pipeline move."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest
from django.utils import timezone

from rencai.accounts.models import User
from rencai.applications.models import Application
from rencai.core.actors import cli_actor
from rencai.core.errors import DomainError
from rencai.messaging import actions
from rencai.messaging.calendar import escape_text, fold, interview_ics
from rencai.messaging.choices import InterviewMode, InterviewStatus
from rencai.messaging.models import Interview, InterviewTemplate, Scorecard
from rencai.notifications.models import Notification
from rencai.orgs.models import Organisation
from rencai.orgs.queries import active_membership
from rencai.providers.models import SandboxSmsMessage
from rencai.testing import messaging as builders

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
T0 = dt.datetime(2026, 12, 10, 9, 0, tzinfo=SHANGHAI)
SLOT_1 = dt.datetime(2026, 12, 12, 10, 0, tzinfo=SHANGHAI)  # 02:00 UTC
SLOT_2 = dt.datetime(2026, 12, 13, 15, 0, tzinfo=SHANGHAI)


def _plan(**changes: Any) -> actions.InterviewPlan:
    values: dict[str, Any] = {
        "mode": InterviewMode.ONSITE,
        "slots": [SLOT_1, SLOT_2],
        "address": "科苑路15号, B栋; 12层",
        "instructions": "请带上作品集\n前台找林女士",
        "questions": ["介绍一个你负责的项目"],
    }
    values.update(changes)
    return actions.InterviewPlan(**values)


def _create(application: Application, bob: User, **changes: Any) -> Interview:
    membership = active_membership(bob)
    assert membership is not None
    plan = _plan(interviewer_ids=[str(membership.pk)], **changes)
    return actions.create_interview(application, plan, membership=membership, actor=cli_actor(bob))


def _error(call: Any) -> str:
    with pytest.raises(DomainError) as caught:
        call()
    return str(caught.value.code)


def test_creating_an_interview_moves_the_application_and_invites_the_seeker(
    application: Application, alice: User, bob: User, time_machine: Any
) -> None:
    time_machine.move_to(T0, tick=False)
    interview = _create(application, bob)
    assert interview.status == InterviewStatus.PROPOSED
    assert [slot.starts_at for slot in interview.slots.all()] == [SLOT_1, SLOT_2]
    application.refresh_from_db()
    assert application.stage.kind == "interview"
    assert Notification.objects.filter(recipient=alice, kind="messaging.interview_invited").exists()
    assert SandboxSmsMessage.objects.filter(template="interview_invited").count() == 1


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"slots": []}, "slots_required"),
        ({"slots": [T0 - dt.timedelta(hours=1)]}, "slot_in_past"),
        ({"slots": [SLOT_1 + dt.timedelta(days=n) for n in range(6)]}, "slots_too_many"),
        ({"slots": [SLOT_1, SLOT_1]}, "slot_duplicate"),
        ({"address": ""}, "address_required"),
        ({"mode": InterviewMode.VIDEO, "video_link": "http://x.example"}, "video_link_required"),
        ({"duration_minutes": 5}, "duration_invalid"),
        ({"questions": ["你是否已婚？"]}, "discriminatory_question"),
        ({"instructions": "请提供乙肝检查报告"}, "discriminatory_question"),
    ],
)
def test_interview_rules(
    application: Application, bob: User, time_machine: Any, changes: dict[str, Any], code: str
) -> None:
    time_machine.move_to(T0, tick=False)
    assert _error(lambda: _create(application, bob, **changes)) == code
    assert Interview.objects.count() == 0


def test_interviewers_must_belong_to_the_organisation(
    application: Application, bob: User, dave: User, company_b: Organisation, time_machine: Any
) -> None:
    time_machine.move_to(T0, tick=False)
    membership = active_membership(bob)
    outsider = active_membership(dave)
    assert membership is not None and outsider is not None
    plan = _plan(interviewer_ids=[str(outsider.pk)])
    code = _error(
        lambda: actions.create_interview(
            application, plan, membership=membership, actor=cli_actor(bob)
        )
    )
    assert code == "interviewer_invalid"


def test_seeker_accepts_one_slot_then_asks_to_reschedule(
    application: Application, alice: User, bob: User, time_machine: Any
) -> None:
    time_machine.move_to(T0, tick=False)
    interview = _create(application, bob)
    slot = interview.slots.get(starts_at=SLOT_2)
    actions.accept_slot(interview, str(slot.pk), actor=cli_actor(alice))
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.ACCEPTED
    assert interview.starts_at == SLOT_2
    assert list(interview.slots.filter(chosen=True)) == [slot]
    assert Notification.objects.filter(recipient=bob, kind="messaging.interview_accepted").exists()
    assert _error(lambda: actions.accept_slot(interview, str(slot.pk), actor=cli_actor(alice))) == (
        "interview_state"
    )
    assert _error(
        lambda: actions.request_reschedule(interview, note=" ", actor=cli_actor(alice))
    ) == ("note_required")
    actions.request_reschedule(interview, note="周末可以", actor=cli_actor(alice))
    interview = Interview.objects.get(pk=interview.pk)
    assert (interview.status, interview.starts_at) == ("reschedule", None)
    new = dt.datetime(2026, 12, 19, 10, 0, tzinfo=SHANGHAI)
    actions.propose_slots(interview, [new], actor=cli_actor(bob))
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.PROPOSED
    assert [s.starts_at for s in interview.slots.all()] == [new]
    actions.decline_interview(interview, note="已找到工作", actor=cli_actor(alice))
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.DECLINED
    assert _error(lambda: actions.cancel_interview(interview, actor=cli_actor(bob))) == (
        "interview_state"
    )


def test_a_slot_of_another_interview_or_in_the_past_cannot_be_accepted(
    application: Application, alice: User, bob: User, time_machine: Any
) -> None:
    time_machine.move_to(T0, tick=False)
    interview = _create(application, bob)
    assert (
        _error(
            lambda: actions.accept_slot(
                interview, "00000000-0000-0000-0000-000000000000", actor=cli_actor(alice)
            )
        )
        == "slot_invalid"
    )
    time_machine.move_to(SLOT_1 + dt.timedelta(minutes=1), tick=False)
    slot = interview.slots.get(starts_at=SLOT_1)
    assert _error(lambda: actions.accept_slot(interview, str(slot.pk), actor=cli_actor(alice))) == (
        "slot_in_past"
    )


def test_reminder_is_sent_once_at_the_right_time(
    application: Application, alice: User, bob: User, time_machine: Any, settings: Any
) -> None:
    settings.INTERVIEW_REMINDER_HOURS = 24
    time_machine.move_to(T0, tick=False)
    interview = _create(application, bob)
    actions.accept_slot(
        interview, str(interview.slots.get(starts_at=SLOT_1).pk), actor=cli_actor(alice)
    )

    time_machine.move_to(SLOT_1 - dt.timedelta(hours=25), tick=False)
    assert actions.send_interview_reminders() == 0
    assert not Notification.objects.filter(kind="messaging.interview_reminder").exists()

    time_machine.move_to(SLOT_1 - dt.timedelta(hours=23, minutes=55), tick=False)
    assert actions.send_interview_reminders() == 1
    reminders = Notification.objects.filter(kind="messaging.interview_reminder")
    assert {n.recipient_id for n in reminders} == {alice.pk, bob.pk}
    assert reminders.get(recipient=alice).params["when"] == "2026-12-12 10:00"
    sms = SandboxSmsMessage.objects.filter(template="interview_reminder")
    assert sms.count() == 1  # the seeker only

    time_machine.move_to(SLOT_1 - dt.timedelta(hours=1), tick=False)
    assert actions.send_interview_reminders() == 0
    assert reminders.count() == 2
    interview.refresh_from_db()
    assert interview.reminded_at == SLOT_1 - dt.timedelta(hours=23, minutes=55)


def test_no_reminder_for_unconfirmed_or_cancelled_interviews(
    application: Application, alice: User, bob: User, time_machine: Any
) -> None:
    time_machine.move_to(T0, tick=False)
    interview = _create(application, bob)
    time_machine.move_to(SLOT_1 - dt.timedelta(hours=2), tick=False)
    assert actions.send_interview_reminders() == 0
    interview.refresh_from_db()
    assert interview.reminded_at is None


def test_ics_file(application: Application, alice: User, bob: User, time_machine: Any) -> None:
    time_machine.move_to(T0, tick=False)
    interview = _create(application, bob)
    actions.accept_slot(
        interview, str(interview.slots.get(starts_at=SLOT_1).pk), actor=cli_actor(alice)
    )
    interview = Interview.objects.select_related(
        "application__posting__live_version", "organisation"
    ).get(pk=interview.pk)
    text = interview_ics(interview, for_seeker=True)
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    unfolded = text.replace("\r\n ", "")
    assert f"UID:interview-{interview.pk}@" in unfolded
    assert "DTSTAMP:20261210T010000Z" in unfolded
    assert "DTSTART:20261212T020000Z" in unfolded
    assert "DTEND:20261212T024500Z" in unfolded
    assert "LOCATION:科苑路15号\\, B栋\\; 12层" in unfolded
    assert "请带上作品集\\n前台找林女士" in unfolded
    assert "深圳蓝海科技有限公司" in unfolded
    assert "STATUS:CONFIRMED" in unfolded
    assert "介绍一个你负责的项目" not in unfolded  # questions stay with the interviewers


def test_ics_helpers() -> None:
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = fold("DESCRIPTION:" + "面试" * 40)
    lines = folded.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    assert all(line.startswith(" ") for line in lines[1:])
    assert "".join(line[1:] if i else line for i, line in enumerate(lines)) == (
        "DESCRIPTION:" + "面试" * 40
    )


def test_video_interview_ics_has_the_link(
    application: Application, alice: User, bob: User, time_machine: Any
) -> None:
    time_machine.move_to(T0, tick=False)
    interview = _create(
        application,
        bob,
        mode=InterviewMode.VIDEO,
        video_link="https://meet.example/r/1",
        address="",
    )
    actions.accept_slot(interview, str(interview.slots.first().pk), actor=cli_actor(alice))
    interview.refresh_from_db()
    unfolded = interview_ics(interview, for_seeker=False).replace("\r\n ", "")
    assert "LOCATION:https://meet.example/r/1" in unfolded
    assert "URL:https://meet.example/r/1" in unfolded


def test_scorecards_one_per_interviewer(
    application: Application, alice: User, bob: User, time_machine: Any
) -> None:
    time_machine.move_to(T0, tick=False)
    interview = _create(application, bob)
    membership = active_membership(bob)
    assert membership is not None

    def score(rating: int = 4, recommendation: str = "yes") -> Scorecard:
        return actions.submit_scorecard(
            interview,
            membership=membership,
            rating=rating,
            recommendation=recommendation,
            notes="基础扎实",
            actor=cli_actor(bob),
        )

    assert _error(score) == "interview_state"  # not confirmed yet
    actions.accept_slot(interview, str(interview.slots.first().pk), actor=cli_actor(alice))
    assert _error(lambda: score(rating=6)) == "rating_invalid"
    assert _error(lambda: score(recommendation="maybe")) == "recommendation_invalid"
    score()
    card = score(rating=5, recommendation="strong_yes")
    assert Scorecard.objects.count() == 1
    assert (card.rating, card.recommendation) == (5, "strong_yes")


def test_only_interviewers_score(
    application: Application, alice: User, bob: User, time_machine: Any
) -> None:
    time_machine.move_to(T0, tick=False)
    membership = active_membership(bob)
    assert membership is not None
    interview = actions.create_interview(
        application, _plan(), membership=membership, actor=cli_actor(bob)
    )
    actions.accept_slot(interview, str(interview.slots.first().pk), actor=cli_actor(alice))
    code = _error(
        lambda: actions.submit_scorecard(
            interview, membership=membership, rating=3, recommendation="no", actor=cli_actor(bob)
        )
    )
    assert code == "not_an_interviewer"


def test_complete_only_after_the_start(
    application: Application, alice: User, bob: User, time_machine: Any
) -> None:
    time_machine.move_to(T0, tick=False)
    interview = _create(application, bob)
    actions.accept_slot(
        interview, str(interview.slots.get(starts_at=SLOT_1).pk), actor=cli_actor(alice)
    )
    assert _error(lambda: actions.complete_interview(interview, actor=cli_actor(bob))) == (
        "interview_state"
    )
    time_machine.move_to(SLOT_1 + dt.timedelta(hours=1), tick=False)
    actions.complete_interview(interview, actor=cli_actor(bob))
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.COMPLETED


@pytest.mark.parametrize(
    "question", ["是否已婚", "有无生育计划", "乙肝", "你有男朋友吗？", "近期有怀孕打算吗"]
)
def test_dis05_templates_are_rejected(company_a: Organisation, bob: User, question: str) -> None:
    content = actions.TemplateContent(
        name="技术一面", mode=InterviewMode.VIDEO, questions=["介绍一个项目", question]
    )
    with pytest.raises(DomainError) as caught:
        actions.create_template(company_a, content, actor=cli_actor(bob))
    assert caught.value.code == "discriminatory_question"
    assert caught.value.extra["findings"][0]["field"] == "questions.1"
    assert InterviewTemplate.objects.count() == 0


@pytest.mark.parametrize(
    "question", ["是否熟悉面向对象设计？", "你如何做代码评审？", "婚庆行业的客户有什么特点？"]
)
def test_lawful_questions_are_accepted(company_a: Organisation, bob: User, question: str) -> None:
    content = actions.TemplateContent(name="一面", mode=InterviewMode.VIDEO, questions=[question])
    template = actions.create_template(company_a, content, actor=cli_actor(bob))
    assert template.questions == [question]


def test_template_names_are_unique_per_organisation(company_a: Organisation, bob: User) -> None:
    content = actions.TemplateContent(name="一面", mode=InterviewMode.PHONE)
    actions.create_template(company_a, content, actor=cli_actor(bob))
    with pytest.raises(DomainError) as caught:
        actions.create_template(company_a, content, actor=cli_actor(bob))
    assert caught.value.code == "template_name_taken"


def test_future_helper_is_in_the_future() -> None:
    assert builders.future(1) > timezone.now()


def test_no_time_can_be_accepted_after_withdrawing(
    application: Application, alice: User, bob: User, time_machine: Any
) -> None:
    time_machine.move_to(T0, tick=False)
    interview = _create(application, bob)
    Application.objects.filter(pk=application.pk).update(status="withdrawn")
    slot = interview.slots.get(starts_at=SLOT_1)
    code = _error(lambda: actions.accept_slot(interview, str(slot.pk), actor=cli_actor(alice)))
    assert code == "application_closed"
    time_machine.move_to(SLOT_1 - dt.timedelta(hours=2), tick=False)
    assert actions.send_interview_reminders() == 0


def test_withdrawing_cancels_open_interviews_and_tells_the_interviewers(
    application: Application, alice: User, bob: User, time_machine: Any
) -> None:
    from rencai.applications.actions import withdraw_application
    from rencai.audit.models import AuditEvent

    time_machine.move_to(T0, tick=False)
    interview = _create(application, bob)
    withdraw_application(application, actor=cli_actor(alice))
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.CANCELLED
    event = AuditEvent.objects.get(action="messaging.interview_cancelled")
    assert event.after == {"reason": "application_withdrawn"}
    assert Notification.objects.filter(recipient=bob, kind="messaging.interview_declined").exists()
    time_machine.move_to(SLOT_1 - dt.timedelta(hours=2), tick=False)
    assert actions.send_interview_reminders() == 0

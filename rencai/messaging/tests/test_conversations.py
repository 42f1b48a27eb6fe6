"""Conversations: access, sending, read receipts, FRD-05 safety flags, DIS-05 refusal,
block and report (actions)."""

from __future__ import annotations

import pytest

from rencai.accounts.models import User
from rencai.applications.choices import ApplicationStatus
from rencai.applications.models import Application
from rencai.audit.models import AuditEvent
from rencai.core.actors import cli_actor
from rencai.core.errors import DomainError, NotFound
from rencai.messaging import actions, queries
from rencai.messaging.choices import Side
from rencai.messaging.models import Conversation, Message
from rencai.moderation.models import Report
from rencai.notifications.models import Notification


def test_conversation_for_is_get_or_create_for_both_sides(
    application: Application, alice: User, bob: User, company_a: object
) -> None:
    first = actions.conversation_for(application, actor=cli_actor(alice))
    again = actions.conversation_for(application, actor=cli_actor(bob))
    assert first.pk == again.pk
    assert Conversation.objects.count() == 1
    assert AuditEvent.objects.filter(action="messaging.conversation_opened").count() == 1


def test_outsider_cannot_open_or_read_a_conversation(
    application: Application, conversation: Conversation, dave: User, company_b: object
) -> None:
    with pytest.raises(NotFound):
        actions.conversation_for(application, actor=cli_actor(dave))
    with pytest.raises(NotFound):
        queries.conversation_of(dave, conversation.pk)
    with pytest.raises(NotFound):
        actions.send_message(conversation, "你好", actor=cli_actor(dave))
    assert Message.objects.count() == 0


def test_withdrawn_application_closes_the_conversation_to_the_organisation(
    application: Application, conversation: Conversation, alice: User, bob: User
) -> None:
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.WITHDRAWN)
    with pytest.raises(NotFound):
        queries.conversation_of(bob, conversation.pk)
    assert list(queries.inbox(bob, Side.ORGANISATION)) == []
    # The seeker keeps her own history.
    assert queries.conversation_of(alice, conversation.pk)[1].side == Side.SEEKER


def test_frd05_fee_request_is_flagged_for_the_seeker(conversation: Conversation, bob: User) -> None:
    message = actions.send_message(conversation, "入职前先交300元服装费", actor=cli_actor(bob))
    assert [flag["category"] for flag in message.safety_flags] == ["fee_deposit"]
    assert message.side == Side.ORGANISATION
    event = AuditEvent.objects.get(action="messaging.message_sent")
    assert event.after["safety_flags"] == ["fee_deposit"]
    assert "服装费" not in str(event.after)  # the audit trail never copies the text


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("加我微信聊吧", "diversion"),
        ("做刷单任务日结", "fraud"),
        ("需要先转账500元到公司账户", "fee_deposit"),
        ("可以帮你申请网贷入职", "fee_deposit"),
        ("加一下QQ吧", "diversion"),
        ("下载我们的app报名", "diversion"),
        ("入职前需要先垫付一笔钱", "fraud"),
        ("交500保证金就能上岗", "fee_deposit"),
    ],
)
def test_frd05_patterns(conversation: Conversation, bob: User, text: str, category: str) -> None:
    message = actions.send_message(conversation, text, actor=cli_actor(bob))
    assert category in [flag["category"] for flag in message.safety_flags]


@pytest.mark.parametrize(
    "text",
    [
        "工资每月10号打到你的银行卡",
        "公司缴纳五险一金",
        "交通补贴每月500元",
        "我们不收任何费用，体检费公司报销",
        "明天下午三点面试，地址科苑路15号",
    ],
)
def test_lawful_employer_messages_are_not_flagged(
    conversation: Conversation, bob: User, text: str
) -> None:
    assert actions.send_message(conversation, text, actor=cli_actor(bob)).safety_flags == []


def test_ordinary_messages_and_seeker_messages_carry_no_flags(
    conversation: Conversation, alice: User, bob: User
) -> None:
    employer = actions.send_message(
        conversation, "您好，明天下午三点方便来面试吗？", actor=cli_actor(bob)
    )
    seeker = actions.send_message(conversation, "加我微信聊吧", actor=cli_actor(alice))
    assert employer.safety_flags == []
    assert seeker.safety_flags == []  # only messages *to* the seeker are flagged


@pytest.mark.parametrize("text", ["请问你是否已婚？", "有无生育计划", "有没有乙肝"])
def test_dis05_employer_questions_are_refused(
    conversation: Conversation, bob: User, text: str
) -> None:
    with pytest.raises(DomainError) as caught:
        actions.send_message(conversation, text, actor=cli_actor(bob))
    assert caught.value.code == "discriminatory_question"
    assert caught.value.extra["warnings"]
    assert Message.objects.count() == 0


def test_message_limits(conversation: Conversation, alice: User, settings: object) -> None:
    with pytest.raises(DomainError) as empty:
        actions.send_message(conversation, "   ", actor=cli_actor(alice))
    assert empty.value.code == "message_empty"
    with pytest.raises(DomainError) as long:
        actions.send_message(conversation, "字" * 2001, actor=cli_actor(alice))
    assert long.value.code == "message_too_long"
    assert actions.send_message(conversation, "字" * 2000, actor=cli_actor(alice)).body


def test_read_receipts_and_unread_counts(
    conversation: Conversation, alice: User, bob: User
) -> None:
    actions.send_message(conversation, "您好", actor=cli_actor(bob))
    actions.send_message(conversation, "请问岗位还在招吗", actor=cli_actor(bob))
    assert queries.unread_total(alice, Side.SEEKER) == 2
    assert queries.inbox(alice, Side.SEEKER).get().unread == 2  # type: ignore[attr-defined]
    assert queries.unread_total(bob, Side.ORGANISATION) == 0
    actions.mark_read(conversation, actor=cli_actor(alice))
    assert queries.unread_total(alice, Side.SEEKER) == 0
    assert Message.objects.filter(read_at__isnull=True).count() == 0
    reply = actions.send_message(conversation, "还在的话我想了解一下", actor=cli_actor(alice))
    assert queries.inbox(bob, Side.ORGANISATION).get().unread == 1  # type: ignore[attr-defined]
    conversation.refresh_from_db()
    assert conversation.organisation_read_at is not None
    assert conversation.organisation_read_at < reply.created_at  # shown as 未读 to Alice


def test_new_message_notifications_are_rate_limited_per_conversation(
    conversation: Conversation, alice: User, bob: User, time_machine: object
) -> None:
    actions.send_message(conversation, "第一条", actor=cli_actor(bob))
    actions.send_message(conversation, "第二条", actor=cli_actor(bob))
    assert Notification.objects.filter(recipient=alice, kind="messaging.new_message").count() == 1


def test_block_stops_both_sides_until_the_blocker_unblocks(
    conversation: Conversation, alice: User, bob: User
) -> None:
    actions.block_conversation(conversation, actor=cli_actor(alice))
    with pytest.raises(DomainError) as caught:
        actions.send_message(conversation, "为什么不回复", actor=cli_actor(bob))
    assert caught.value.code == "conversation_blocked"
    assert caught.value.status == 403
    with pytest.raises(DomainError) as not_blocker:
        actions.unblock_conversation(conversation, actor=cli_actor(bob))
    assert not_blocker.value.code == "not_the_blocking_side"
    actions.unblock_conversation(conversation, actor=cli_actor(alice))
    assert actions.send_message(conversation, "你好", actor=cli_actor(bob)).pk
    assert Message.objects.count() == 1


def test_report_goes_to_the_report_queue_with_a_reference(
    conversation: Conversation, alice: User, bob: User
) -> None:
    message = actions.send_message(conversation, "先交300元服装费", actor=cli_actor(bob))
    report = actions.report_conversation(
        conversation,
        category="fees_fraud",  # the older name is still accepted
        details="要求交钱",
        message=message,
        actor=cli_actor(alice),
    )
    assert report.reference.startswith("RP")
    assert report.category == "fraud_or_fees"
    assert (report.case.target_kind, report.case.target_id) == ("message", message.pk)
    assert report.case.subject_organisation_id == conversation.organisation_id
    assert report.context == {"conversation": str(conversation.pk), "side": Side.SEEKER}
    assert report.evidence.get(kind="snapshot").snapshot["body"] == "先交300元服装费"
    with pytest.raises(DomainError) as caught:
        actions.report_conversation(conversation, category="nope", actor=cli_actor(alice))
    assert caught.value.code == "report_category_invalid"
    assert Report.objects.count() == 1
    # Without a message the report is about the other party: here the seeker.
    other = actions.report_conversation(conversation, category="harassment", actor=cli_actor(bob))
    assert (other.case.target_kind, other.case.target_id) == ("user", alice.pk)


def test_demo_data_is_created_once(db: None) -> None:
    from rencai.messaging.models import Interview, InterviewTemplate
    from rencai.testing.messaging import demo_messaging

    chat, interview = demo_messaging()
    again = demo_messaging()
    assert again == (chat, interview)
    assert chat.messages.count() == 2
    assert Interview.objects.count() == 1
    assert InterviewTemplate.objects.count() == 1


def test_every_rule_msgid_has_a_chinese_translation() -> None:
    """The rule files' msgids are not read by makemessages; rules/zh_hans.json lists their
    Simplified Chinese for the catalogue (as rencai/jobs/screening/zh_hans.json does)."""
    import json

    from rencai.messaging.safety import RULES_DIR, messaging_rules

    catalogue = json.loads((RULES_DIR / "zh_hans.json").read_text(encoding="utf-8"))
    msgids = {rule.explanation_msgid for rule in messaging_rules()}
    msgids |= {rule.suggestion_msgid for rule in messaging_rules()}
    assert msgids == catalogue.keys()
    assert all(catalogue.values())


def test_a_seekers_message_notifies_the_posting_owner(
    conversation: Conversation, alice: User, bob: User
) -> None:
    actions.send_message(conversation, "您好", actor=cli_actor(alice))
    assert list(
        Notification.objects.filter(kind="messaging.new_message").values_list(
            "recipient_id", flat=True
        )
    ) == [bob.pk]

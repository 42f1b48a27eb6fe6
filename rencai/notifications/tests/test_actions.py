"""notify, dedupe, SMS and e-mail after commit, params rules, marking read."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import translation

from rencai.audit.models import AuditEvent
from rencai.core.actors import cli_actor, system_actor
from rencai.core.errors import NotFound, PermissionDenied
from rencai.notifications import actions
from rencai.notifications.actions import NotificationParamsError
from rencai.notifications.kinds import UnknownKindError, unregister
from rencai.notifications.models import Notification
from rencai.notifications.tests.conftest import INTERVIEW, PARAMS, PLAIN
from rencai.providers.models import SandboxEmailMessage, SandboxSmsMessage
from rencai.testing.mail import latest_email
from rencai.testing.sms import latest_message

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kinds")]


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def test_notify_stores_the_notification_and_audits_it_without_texts(alice) -> None:
    sms_before = SandboxSmsMessage.objects.count()
    notification = actions.notify(
        alice, INTERVIEW.key, params=PARAMS, url="/applications/1/", actor=system_actor()
    )
    assert notification is not None
    stored = Notification.objects.get()
    assert stored.recipient == alice
    assert (stored.kind, stored.params, stored.url) == (INTERVIEW.key, PARAMS, "/applications/1/")
    assert stored.channels == ["site"] and stored.read_at is None and stored.dedupe_key == ""
    [event] = _events("notifications.sent")
    assert event.object_type == "notifications.Notification"
    assert event.object_id == str(notification.pk)
    assert event.actor_label == "system"
    assert event.after == {"kind": INTERVIEW.key, "recipient": str(alice.pk), "channels": ["site"]}
    assert SandboxSmsMessage.objects.count() == sms_before
    assert SandboxEmailMessage.objects.count() == 0


def test_a_dedupe_key_sends_only_once_per_recipient(alice, bob) -> None:
    key = "licence-expiry:2027-01-01:30d"
    first = actions.notify(
        alice, INTERVIEW.key, params=PARAMS, sms=True, dedupe_key=key, actor=system_actor()
    )
    sms_count = SandboxSmsMessage.objects.count()
    again = actions.notify(
        alice, INTERVIEW.key, params=PARAMS, sms=True, dedupe_key=key, actor=system_actor()
    )
    assert first is not None and again is None
    assert Notification.objects.filter(recipient=alice).count() == 1
    assert SandboxSmsMessage.objects.count() == sms_count  # nothing sent the second time
    assert len(_events("notifications.sent")) == 1
    assert actions.notify(bob, PLAIN.key, dedupe_key=key, actor=system_actor()) is not None


def test_sms_is_sent_after_commit_in_chinese_whatever_the_active_language(alice) -> None:
    with translation.override("en"):
        notification = actions.notify(
            alice, INTERVIEW.key, params=PARAMS, sms=True, actor=system_actor()
        )
    assert notification is not None and notification.channels == ["site", "sms"]
    message = latest_message(alice.phone)
    assert message is not None
    assert message.template == "SMS_000001"
    assert message.text == "【人才】蓝海科技 邀请您参加“Java 开发工程师”面试，请登录查看。"


@pytest.mark.real_on_commit
def test_nothing_leaves_before_the_transaction_commits(
    carol, django_capture_on_commit_callbacks
) -> None:
    sms_before = SandboxSmsMessage.objects.count()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.notify(
            carol, INTERVIEW.key, params=PARAMS, sms=True, email=True, actor=system_actor()
        )
    assert len(callbacks) == 2
    assert SandboxSmsMessage.objects.count() == sms_before
    assert SandboxEmailMessage.objects.count() == 0
    for callback in callbacks:
        callback()
    assert SandboxSmsMessage.objects.count() == sms_before + 1
    assert SandboxEmailMessage.objects.count() == 1


def test_no_sms_for_a_kind_without_sms_text(alice) -> None:
    before = SandboxSmsMessage.objects.count()
    notification = actions.notify(alice, PLAIN.key, sms=True, actor=system_actor())
    assert notification is not None and notification.channels == ["site"]
    assert SandboxSmsMessage.objects.count() == before


def test_email_goes_to_the_sandbox_in_chinese_with_the_link(carol) -> None:
    with translation.override("en"):
        notification = actions.notify(
            carol,
            INTERVIEW.key,
            params=PARAMS,
            url="/applications/7/",
            email=True,
            actor=system_actor(),
        )
    assert notification is not None and notification.channels == ["site", "email"]
    message = latest_email("CAROL@agency.example")  # addresses match in any letter case
    assert message is not None
    assert message.address == "carol@agency.example"
    assert message.subject == "面试邀请"
    assert message.text == (
        f"蓝海科技 邀请您参加“Java 开发工程师”的面试。\n\n{settings.SITE_URL}/applications/7/"
    )


def test_email_falls_back_to_title_and_body(carol) -> None:
    actions.notify(carol, PLAIN.key, email=True, actor=system_actor())
    message = latest_email(carol.email)
    assert (message.subject, message.text) == ("系统通知", "您有一条新消息。")


def test_no_email_without_an_address(alice) -> None:
    assert alice.email is None
    notification = actions.notify(alice, PLAIN.key, email=True, actor=system_actor())
    assert notification is not None and notification.channels == ["site"]
    assert SandboxEmailMessage.objects.count() == 0


def test_closed_accounts_get_no_sms_or_email(carol) -> None:
    carol.is_active = False
    carol.save(update_fields=["is_active"])
    sms_before = SandboxSmsMessage.objects.count()
    notification = actions.notify(
        carol, INTERVIEW.key, params=PARAMS, sms=True, email=True, actor=system_actor()
    )
    assert notification is not None and notification.channels == ["site"]
    assert SandboxSmsMessage.objects.count() == sms_before
    assert SandboxEmailMessage.objects.count() == 0


@pytest.mark.parametrize(
    "params",
    [
        {"job": 3, "company": "蓝海科技"},
        {"job": None, "company": "蓝海科技"},
        {"job": ["Java"], "company": "蓝海科技"},
        {"Job": "Java", "company": "蓝海科技"},
        {"job": "J" * 201, "company": "蓝海科技"},
        {"job": "Java", "company": "蓝海科技", "phone": "13800138001"},
        {"job": "Java", "company": "蓝海科技", "phone": "138 0013 8001"},
        {"job": "Java", "company": "蓝海科技", "id": "110105199805120020"},
        {"job": "Java", "company": "蓝海科技", "mail": "alice@example.com"},
        {"job": "Java"},  # a placeholder of the texts is not filled
        {f"k{i}": "v" for i in range(11)},
    ],
)
def test_params_must_be_short_plain_strings(alice, params) -> None:
    with pytest.raises(NotificationParamsError):
        actions.notify(alice, INTERVIEW.key, params=params, actor=system_actor())
    assert Notification.objects.count() == 0
    assert _events("notifications.sent") == []


@pytest.mark.parametrize(
    "url",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", "jobs"],
)
def test_links_must_be_paths_on_this_site(alice, url: str) -> None:
    with pytest.raises(NotificationParamsError):
        actions.notify(alice, PLAIN.key, url=url, actor=system_actor())
    assert Notification.objects.count() == 0


def test_only_allowed_email_headers_may_be_set(alice) -> None:
    with pytest.raises(NotificationParamsError):
        actions.notify(
            alice,
            PLAIN.key,
            email=True,
            email_headers={"Bcc": "x@example.com"},
            actor=system_actor(),
        )
    assert Notification.objects.count() == 0


def test_unknown_kinds_are_refused(alice) -> None:
    with pytest.raises(UnknownKindError):
        actions.notify(alice, "tests.nothing", actor=system_actor())
    assert Notification.objects.count() == 0


def test_notify_many_skips_recipients_who_already_have_the_key(alice, bob, carol) -> None:
    actions.notify(bob, PLAIN.key, dedupe_key="weekly", actor=system_actor())
    sent = actions.notify_many(
        [alice, bob, carol], PLAIN.key, dedupe_key="weekly", actor=system_actor()
    )
    assert [n.recipient for n in sent] == [alice, carol]
    assert Notification.objects.count() == 3


def test_texts_are_rendered_when_read_in_the_readers_language(alice) -> None:
    notification = actions.notify(alice, INTERVIEW.key, params=PARAMS, actor=system_actor())
    stored = Notification.objects.get(pk=notification.pk)
    with translation.override("zh-hans"):
        assert (stored.title, stored.body) == (
            "面试邀请：Java 开发工程师",
            "蓝海科技 邀请您参加面试。",
        )
    with translation.override("en"):
        assert stored.title == "Interview invitation: Java 开发工程师"
        assert stored.body == "蓝海科技 invites you to an interview."
    unregister(INTERVIEW.key)  # a kind that was removed later still reads as something
    with translation.override("en"):
        assert (stored.title, stored.body) == ("Notification", "")


def test_mark_read_once_and_only_by_the_recipient(alice, bob) -> None:
    notification = actions.notify(alice, PLAIN.key, actor=system_actor())
    with pytest.raises(NotFound):
        actions.mark_read(notification, actor=cli_actor(bob))
    assert Notification.objects.get().read_at is None
    actions.mark_read(notification, actor=cli_actor(alice))
    read_at = Notification.objects.get().read_at
    assert read_at is not None and notification.read_at == read_at
    actions.mark_read(Notification.objects.get(), actor=cli_actor(alice))
    assert Notification.objects.get().read_at == read_at
    [event] = _events("notifications.read")
    assert event.object_id == str(notification.pk) and event.actor_id == alice.pk
    assert event.after == {"kind": PLAIN.key}


def test_mark_all_read_is_one_event_per_call(alice, bob) -> None:
    for _ in range(3):
        actions.notify(alice, PLAIN.key, actor=system_actor())
    first = Notification.objects.filter(recipient=alice).first()
    actions.mark_read(first, actor=cli_actor(alice))
    actions.notify(bob, PLAIN.key, actor=system_actor())
    with pytest.raises(PermissionDenied):
        actions.mark_all_read(alice, actor=cli_actor(bob))
    assert actions.mark_all_read(alice, actor=cli_actor(alice)) == 2
    assert not Notification.objects.filter(recipient=alice, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=bob, read_at__isnull=True).count() == 1
    [event] = _events("notifications.all_read")
    assert event.object_id == str(alice.pk) and event.after == {"count": 2}
    assert actions.mark_all_read(alice, actor=cli_actor(alice)) == 0
    assert len(_events("notifications.all_read")) == 1  # nothing changed, nothing audited


def test_notify_many_notifies_each_person_once(alice) -> None:
    sent = actions.notify_many([alice, alice], PLAIN.key, actor=system_actor())
    assert len(sent) == 1
    assert Notification.objects.count() == 1

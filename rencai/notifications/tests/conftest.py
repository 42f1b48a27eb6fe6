"""Notification kinds for the tests, registered for one test at a time.

Their texts switch with the active language without the translation catalog, so the tests
show *when* texts are rendered (display time, send time) independently of the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

import pytest
from django.utils.functional import Promise, lazy
from django.utils.translation import get_language

from rencai.notifications.kinds import NotificationKind, register, unregister


def by_language(zh: str, en: str) -> Promise:
    """A lazy text: ``zh`` while Chinese is active, ``en`` otherwise (and for msgids)."""

    def pick() -> str:
        return zh if (get_language() or "").startswith("zh") else en

    return cast(Promise, lazy(pick, str)())


INTERVIEW = NotificationKind(
    key="tests.interview",
    title=by_language("面试邀请：%(job)s", "Interview invitation: %(job)s"),
    body=by_language("%(company)s 邀请您参加面试。", "%(company)s invites you to an interview."),
    sms_template="SMS_000001",
    sms_text=by_language(
        "%(company)s 邀请您参加“%(job)s”面试，请登录查看。",
        "%(company)s invites you to an interview for %(job)s. Sign in for details.",
    ),
    email_subject=by_language("面试邀请", "Interview invitation"),
    email_text=by_language(
        "%(company)s 邀请您参加“%(job)s”的面试。", "%(company)s invites you to interview: %(job)s."
    ),
)
PLAIN = NotificationKind(
    key="tests.plain",
    title=by_language("系统通知", "System notice"),
    body=by_language("您有一条新消息。", "You have a new message."),
)
SECURITY = NotificationKind(
    key="tests.security_notice",
    title=by_language("安全提醒", "Security notice"),
    body=by_language("您的账号在新设备登录。", "Your account signed in on a new device."),
    sms_text=by_language("您的账号在新设备登录。", "Your account signed in on a new device."),
    mandatory=True,
)
CHAT = NotificationKind(
    key="tests.chat",
    category="messages",
    title=by_language("新消息", "New message"),
    body=by_language("%(company)s 给您发了消息。", "%(company)s sent you a message."),
    sms_text=by_language("%(company)s 给您发了消息。", "%(company)s sent you a message."),
)
PROMO = NotificationKind(
    key="tests.promo",
    title=by_language("春季招聘会", "Spring job fair"),
    body=by_language(
        "%(city)s 春季招聘会本周六开幕。", "The %(city)s spring job fair opens on Saturday."
    ),
    sms_template="SMS_PROMO",
    sms_text=by_language(
        "%(city)s 春季招聘会本周六开幕。", "The %(city)s job fair opens Saturday."
    ),
    email_subject=by_language("春季招聘会邀请", "Spring job fair"),
    marketing=True,
)
PARAMS = {"job": "Java 开发工程师", "company": "蓝海科技"}


@pytest.fixture
def kinds() -> Iterator[None]:
    test_kinds = (INTERVIEW, PLAIN, SECURITY, CHAT, PROMO)
    for kind in test_kinds:
        register(kind)
    yield
    for kind in test_kinds:
        unregister(kind.key)

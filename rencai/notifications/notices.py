"""The notification kinds of the notifications app itself (registered when it is ready)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rencai.notifications.kinds import NotificationKind, register

NEWS = "marketing.news"

KINDS = [
    # A general promotional message (PI-11): sent only with ``notify_marketing``.
    NotificationKind(
        NEWS,
        title=_("%(headline)s"),
        body=_("%(text)s"),
        sms_template="marketing_news",
        sms_text=_("%(headline)s: %(text)s"),
        marketing=True,
    ),
]


def register_kinds() -> None:
    for kind in KINDS:
        register(kind)

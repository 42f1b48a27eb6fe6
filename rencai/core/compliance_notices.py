"""Notifications of the compliance calendar (registered when the core app is ready).

Params carry a count only (no personal data, docs/notifications.md)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rencai.notifications.categories import Category
from rencai.notifications.kinds import NotificationKind, register

REPORTS_OVERDUE = "core.registration_reports_overdue"
REPORTS_DUE_SOON = "core.registration_reports_due_soon"

KINDS = [
    NotificationKind(
        REPORTS_OVERDUE,
        title=_("Registration-change reports are overdue"),
        body=_(
            "%(count)s reports of registration changes to the human-resources authority "
            "passed their 15-day deadline. Submit them and record the receipt in the "
            "compliance calendar."
        ),
        category=Category.OTHER,
        mandatory=True,
    ),
    NotificationKind(
        REPORTS_DUE_SOON,
        title=_("Registration-change reports fall due soon"),
        body=_(
            "%(count)s reports of registration changes to the human-resources authority are "
            "due within three days. Open the compliance calendar."
        ),
        category=Category.OTHER,
        mandatory=True,
    ),
]


def register_kinds() -> None:
    for kind in KINDS:
        register(kind)

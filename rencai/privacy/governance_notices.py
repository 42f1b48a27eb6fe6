"""Notifications of the retention engine (registered when the privacy app is ready).

The only parameter is a date (no personal data, docs/notifications.md)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rencai.notifications.kinds import NotificationKind, register

RETENTION_NOTICE = "privacy.retention_notice"

KINDS = [
    NotificationKind(
        RETENTION_NOTICE,
        title=_("Your resumes will be deleted on %(date)s unless you sign in"),
        body=_(
            "You have not used your account for a long time. To keep only what is necessary, "
            "we will delete your resumes and their attachments on %(date)s. Sign in before "
            "then to keep them; your account itself stays open. You can also download a copy "
            "of your data from the privacy centre."
        ),
        email_subject=_("Your resumes on rencai will be deleted on %(date)s"),
    ),
]


def register_kinds() -> None:
    for kind in KINDS:
        register(kind)

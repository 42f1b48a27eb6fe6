"""The notifications the search app sends (registered when the app is ready)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rencai.notifications.kinds import NotificationKind, register

JOB_ALERT = "search.job_alert"

KINDS = [
    NotificationKind(
        JOB_ALERT,
        title=_("%(count)s new jobs for “%(name)s”"),
        body=_("%(titles)s"),
        email_subject=_("%(count)s new jobs for your saved search “%(name)s”"),
        email_text=_(
            "New jobs matching your saved search “%(name)s”:\n\n%(titles)s\n\n"
            "See them all: %(search_url)s\n\n"
            "Stop these alerts with one click: %(unsubscribe_url)s"
        ),
    ),
]


def register_kinds() -> None:
    for kind in KINDS:
        register(kind)

"""The notifications the inspection app sends (registered when the app is ready)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rencai.notifications.categories import Category
from rencai.notifications.kinds import NotificationKind, register

ANNUAL_REPORT_READY = "inspection.annual_report_ready"

KINDS = [
    NotificationKind(
        ANNUAL_REPORT_READY,
        title=_("The annual report for %(year)s is ready"),
        body=_(
            "The figures of the annual business report (REG-01) for %(year)s were prepared. "
            "Check them and file the report with the human resources department in time."
        ),
        category=Category.OTHER,
        mandatory=True,
    ),
]


def register_all() -> None:
    for kind in KINDS:
        register(kind)

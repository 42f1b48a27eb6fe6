"""The notifications of copies of one's data (PI-12) and portability packages (PI-13),
registered when the privacy app is ready.

Params carry a date only (no personal data, docs/notifications.md). The keys start with
``privacy.``, so they are account notices: always shown in the site.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rencai.notifications.kinds import NotificationKind, register

EXPORT_READY = "privacy.export_ready"
PORTABILITY_READY = "privacy.portability_ready"
EXPORT_FAILED = "privacy.export_failed"

KINDS = [
    NotificationKind(
        EXPORT_READY,
        title=_("Your copy of your data is ready"),
        body=_(
            "Download it before %(until)s. You will be asked for a code sent to your phone "
            "first, to confirm it is you."
        ),
    ),
    NotificationKind(
        PORTABILITY_READY,
        title=_("Your data is ready for transfer"),
        body=_(
            "The package for the processor you named can be fetched until %(until)s with "
            "the transfer key."
        ),
    ),
    NotificationKind(
        EXPORT_FAILED,
        title=_("We could not prepare your copy"),
        body=_("Something went wrong while preparing your copy. Please ask again."),
    ),
]


def register_kinds() -> None:
    for kind in KINDS:
        register(kind)

"""The notifications the sanctions app sends (registered when the app is ready).

Params are the measure, the rule and dates, never personal data."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rencai.notifications.categories import Category
from rencai.notifications.kinds import NotificationKind, register

IMPOSED = "sanctions.imposed"
APPEAL_DECIDED = "sanctions.appeal_decided"
LIFTED = "sanctions.lifted"

KINDS = [
    NotificationKind(
        IMPOSED,
        title=_("The platform has taken a measure: %(measure)s"),
        body=_(
            "Rule: %(rule)s. Open the notice for the reason and the evidence. You may appeal "
            "until %(appeal_until)s."
        ),
        sms_template="sanction_imposed",
        sms_text=_("The platform has taken a measure on your account. Sign in to read why."),
        category=Category.ACCOUNT,
        mandatory=True,
    ),
    NotificationKind(
        APPEAL_DECIDED,
        title=_("Your appeal was decided: %(outcome)s"),
        body=_("Open the notice to read the reasons."),
        category=Category.ACCOUNT,
        mandatory=True,
    ),
    NotificationKind(
        LIFTED,
        title=_("A measure on your account was lifted"),
        body=_("%(measure)s is no longer in force."),
        category=Category.ACCOUNT,
        mandatory=True,
    ),
]


def register_kinds() -> None:
    for kind in KINDS:
        register(kind)

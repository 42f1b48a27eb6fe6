"""Categories of notifications, the channels each offers and their defaults.

Every kind belongs to one category (``NotificationKind.category``; by default derived from
its key, so kinds of other apps need no change). People choose per category and channel
(site, e-mail, SMS) what they receive; ``docs/notifications.md`` explains the rules.

Marketing is a category of its own (PI-11): it has no in-site channel (the notification
centre carries service notices only), and its e-mail and SMS switches *are* the marketing
consents of the privacy ledger (``MARKETING_EMAIL`` / ``MARKETING_SMS``), not preferences.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    APPLICATIONS = "applications", _("Applications")
    INTERVIEWS = "interviews", _("Interviews")
    MESSAGES = "messages", _("Messages")
    ACCOUNT = "account", _("Account & security")
    ORGANISATION = "organisation", _("Organisation & job postings")
    JOB_ALERTS = "job_alerts", _("Job alerts")
    OTHER = "other", _("Other service notices")
    MARKETING = "marketing", _("Offers and news (marketing)")


class Channel(models.TextChoices):
    SITE = "site", _("In the site")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Text message")


CHANNELS: tuple[str, ...] = tuple(Channel.values)

DESCRIPTIONS: dict[str, Promise] = {
    Category.APPLICATIONS: _(
        "Applications you sent or received, their stages, invitations to apply and who "
        "viewed your resume."
    ),
    Category.INTERVIEWS: _("Interview invitations, changes of time and reminders."),
    Category.MESSAGES: _("New messages in your conversations with employers or applicants."),
    Category.ACCOUNT: _(
        "Sign-ins, security, consents and decisions about your account. Always shown in the "
        "site, because they concern your rights and the safety of your account."
    ),
    Category.ORGANISATION: _(
        "Verification of your organisation, its members, licences and job postings. Always "
        "shown in the site, because they are legal notices."
    ),
    Category.JOB_ALERTS: _(
        "New jobs for your saved searches (each alert can also be switched off on its own)."
    ),
    Category.OTHER: _("Other notices about the service you use."),
    Category.MARKETING: _(
        "News about services and offers. Only with your consent, never to people under 18, "
        "and every message can be stopped in one step."
    ),
}


@dataclass(frozen=True)
class Choice:
    """Which channels of one category a person receives."""

    site: bool
    email: bool
    sms: bool

    def as_dict(self) -> dict[str, bool]:
        return {"site": self.site, "email": self.email, "sms": self.sms}


# Defaults for anyone who has not chosen: service notices on in the site and by e-mail.
# An SMS goes only for kinds that define an SMS text (the important ones: an interview, a
# decision on an application, the account's security, the organisation's legal status)
# and only when the sending action asks for it; SMS is off by default where events are
# frequent (messages, job alerts). Marketing is off (no consent, PI-02).
DEFAULTS: dict[str, Choice] = {
    Category.APPLICATIONS: Choice(site=True, email=True, sms=True),
    Category.INTERVIEWS: Choice(site=True, email=True, sms=True),
    Category.MESSAGES: Choice(site=True, email=True, sms=False),
    Category.ACCOUNT: Choice(site=True, email=True, sms=True),
    Category.ORGANISATION: Choice(site=True, email=True, sms=True),
    Category.JOB_ALERTS: Choice(site=True, email=True, sms=False),
    Category.OTHER: Choice(site=True, email=True, sms=True),
    Category.MARKETING: Choice(site=False, email=False, sms=False),
}

# Categories whose kinds are service/security notices by default: their in-site copy is
# always stored, whatever the person chose (a kind may still say otherwise).
MANDATORY_CATEGORIES = frozenset({Category.ACCOUNT, Category.ORGANISATION})

# Categories that have no in-site channel.
NO_SITE_CHANNEL = frozenset({Category.MARKETING})

# The first part of a kind's key ("orgs" in "orgs.invited") → its category.
_BY_APP: dict[str, str] = {
    "applications": Category.APPLICATIONS,
    "resumes": Category.APPLICATIONS,
    "messaging": Category.MESSAGES,
    "interviews": Category.INTERVIEWS,
    "accounts": Category.ACCOUNT,
    "privacy": Category.ACCOUNT,
    "security": Category.ACCOUNT,
    "moderation": Category.ACCOUNT,
    "orgs": Category.ORGANISATION,
    "jobs": Category.ORGANISATION,
    "search": Category.JOB_ALERTS,
    "marketing": Category.MARKETING,
}


def category_for_key(key: str) -> str:
    """The category of a kind key that does not name one: from its app part, with any
    key about an interview (``messaging.interview_invited``) under interviews."""
    app, _dot, event = key.partition(".")
    if "interview" in event and app != "marketing":
        return Category.INTERVIEWS
    return _BY_APP.get(app, Category.OTHER)


def site_is_locked(category: str) -> bool:
    """Whether the in-site channel of ``category`` cannot be switched off."""
    return category in MANDATORY_CATEGORIES


def channels_of(category: str) -> tuple[str, ...]:
    """The channels a person can choose for ``category``."""
    if category in NO_SITE_CHANNEL:
        return (Channel.EMAIL, Channel.SMS)
    return CHANNELS

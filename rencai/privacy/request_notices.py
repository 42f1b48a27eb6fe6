"""The notifications of rights requests (registered when the privacy app is ready).

Params carry the request's reference only (no personal data, docs/notifications.md). The
kinds' keys start with ``privacy.``, so they are account notices: always shown in the site.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rencai.notifications.kinds import NotificationKind, register

RECEIVED = "privacy.request_received"
IN_PROGRESS = "privacy.request_in_progress"
COMPLETED = "privacy.request_completed"
REFUSED = "privacy.request_refused"
WITHDRAWN = "privacy.request_withdrawn"
OPERATOR_NEW = "privacy.request_to_handle"
OPERATOR_OVERDUE = "privacy.requests_overdue"

KINDS = [
    NotificationKind(
        RECEIVED,
        title=_("We received your request %(reference)s"),
        body=_(
            "We received your personal-information request %(reference)s and will answer "
            "by %(due)s at the latest."
        ),
    ),
    NotificationKind(
        IN_PROGRESS,
        title=_("Your request %(reference)s is being handled"),
        body=_("We checked your request %(reference)s and are now carrying it out."),
    ),
    NotificationKind(
        COMPLETED,
        title=_("Your request %(reference)s is completed"),
        body=_(
            "Your personal-information request %(reference)s is completed. Open it to see "
            "our answer."
        ),
        sms_text=_(
            "Your personal-information request %(reference)s is completed. Sign in for details."
        ),
    ),
    NotificationKind(
        REFUSED,
        title=_("Decision on your request %(reference)s"),
        body=_(
            "We cannot grant your request %(reference)s. Open it to read the reasons and how "
            "to complain or go to court if you disagree."
        ),
        sms_text=_(
            "We decided on your personal-information request %(reference)s. Sign in for the "
            "reasons."
        ),
    ),
    NotificationKind(
        WITHDRAWN,
        title=_("You withdrew your request %(reference)s"),
        body=_("Your request %(reference)s is closed; nothing more will be done for it."),
    ),
    NotificationKind(
        OPERATOR_NEW,
        title=_("New rights request %(reference)s to handle"),
        body=_("Request %(reference)s is waiting in the queue; it is due on %(due)s."),
    ),
    NotificationKind(
        OPERATOR_OVERDUE,
        title=_("Rights requests are overdue"),
        body=_("%(count)s rights requests passed their statutory due date. Open the queue."),
    ),
]


def register_kinds() -> None:
    for kind in KINDS:
        register(kind)

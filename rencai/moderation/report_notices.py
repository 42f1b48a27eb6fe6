"""Notifications to people who reported something (registered when the app is ready).

Params carry the report's reference only (no personal data, docs/notifications.md). The
keys start with ``moderation.``, so they are account notices, always shown in the site."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rencai.notifications.kinds import NotificationKind, register

RECEIVED = "moderation.report_received"
UPDATED = "moderation.report_updated"
DECIDED = "moderation.report_decided"
MEASURES_TAKEN = "moderation.report_measures_taken"
ACCOUNT_UNDER_REVIEW = "moderation.account_under_review"
ACCOUNT_REVIEW_ENDED = "moderation.account_review_ended"

KINDS = [
    NotificationKind(
        RECEIVED,
        title=_("We received your report %(reference)s"),
        body=_(
            "Trust & safety received your report %(reference)s and will handle it by "
            "%(due)s at the latest."
        ),
    ),
    NotificationKind(
        UPDATED,
        title=_("News about your report %(reference)s"),
        body=_("Trust & safety added a note to your report %(reference)s. Open it to read it."),
    ),
    NotificationKind(
        DECIDED,
        title=_("Your report %(reference)s was handled"),
        body=_(
            "Trust & safety decided on your report %(reference)s. Open it to see the outcome "
            "and the reasons."
        ),
    ),
    NotificationKind(
        MEASURES_TAKEN,
        title=_("Measures were taken after your report %(reference)s"),
        body=_(
            "Trust & safety took measures against what you reported in %(reference)s. For "
            "the privacy of those concerned, the measures themselves are not shared."
        ),
    ),
    NotificationKind(
        ACCOUNT_UNDER_REVIEW,
        title=_("Your account is under review"),
        body=_(
            "Several people reported your account or its content within a short time. Trust "
            "& safety is reviewing it; meanwhile your published postings (%(count)s) are "
            "paused. You will be told the outcome."
        ),
    ),
    NotificationKind(
        ACCOUNT_REVIEW_ENDED,
        title=_("The review of your account has ended"),
        body=_(
            "Trust & safety finished reviewing your account. Postings published again: "
            "%(resumed)s; still paused: %(kept)s."
        ),
    ),
]


def register_kinds() -> None:
    for kind in KINDS:
        register(kind)

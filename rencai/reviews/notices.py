"""The notifications the reviews app sends (registered when the app is ready)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rencai.notifications.kinds import NotificationKind, register

PUBLISHED_AFTER_CHECK = "reviews.published_after_check"
REMOVED = "reviews.removed"
NEW_REVIEW = "reviews.new_review"

KINDS = [
    NotificationKind(
        PUBLISHED_AFTER_CHECK,
        title=_("Your review of %(org)s is published"),
        body=_("The platform checked your review and published it."),
    ),
    NotificationKind(
        REMOVED,
        title=_("Your review of %(org)s was removed"),
        body=_("The platform removed your review. Reasons: %(reasons)s."),
    ),
    NotificationKind(
        NEW_REVIEW,
        title=_("New review of %(org)s"),
        body=_("A job seeker reviewed your organisation. Administrators can reply once."),
        category="organisation",
        mandatory=False,
    ),
]


def register_kinds() -> None:
    for kind in KINDS:
        register(kind)

"""The notifications the applications app sends (registered when the app is ready).

Params carry job titles, organisation names and neutral reason labels only (no personal
data, docs/notifications.md)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rencai.notifications.kinds import NotificationKind, register

RECEIVED = "applications.received"
INTERVIEW = "applications.stage_interview"
OFFER = "applications.stage_offer"
HIRED = "applications.stage_hired"
NOT_SUITABLE = "applications.not_suitable"
INVITED = "applications.invited"
INVITATION_ACCEPTED = "applications.invitation_accepted"
INVITATION_DECLINED = "applications.invitation_declined"

KINDS = [
    NotificationKind(
        RECEIVED,
        title=_("New application for %(job)s"),
        body=_("Someone applied for %(job)s. Open the pipeline to review the application."),
    ),
    NotificationKind(
        INTERVIEW,
        title=_("Your application reached the interview stage at %(org)s"),
        body=_(
            "Your application for %(job)s moved to the interview stage. The organisation "
            "will contact you about the interview."
        ),
        sms_template="application_interview",
        sms_text=_("Your application for %(job)s at %(org)s reached the interview stage."),
    ),
    NotificationKind(
        OFFER,
        title=_("%(org)s intends to make you an offer"),
        body=_("Your application for %(job)s reached the offer stage."),
        sms_template="application_offer",
        sms_text=_("%(org)s intends to offer you the job %(job)s. Sign in for details."),
    ),
    NotificationKind(
        HIRED,
        title=_("You were hired for %(job)s"),
        body=_("%(org)s marked your application for %(job)s as hired. Congratulations!"),
    ),
    NotificationKind(
        NOT_SUITABLE,
        title=_("Update on your application for %(job)s"),
        body=_("%(org)s decided not to continue with your application. Reason: %(reason)s"),
    ),
    NotificationKind(
        INVITED,
        title=_("%(org)s invites you to apply for %(job)s"),
        body=_(
            "An organisation found your resume and invites you to apply. Your contact "
            "details are shared only if you accept."
        ),
        sms_template="application_invited",
        sms_text=_("%(org)s invites you to apply for %(job)s. Sign in to accept or decline."),
    ),
    NotificationKind(
        INVITATION_ACCEPTED,
        title=_("Invitation accepted for %(job)s"),
        body=_("A candidate you invited applied for %(job)s."),
    ),
    NotificationKind(
        INVITATION_DECLINED,
        title=_("Invitation declined for %(job)s"),
        body=_("A candidate you invited declined to apply for %(job)s."),
    ),
]

# The notification for reaching a stage of each kind the seeker hears about.
STAGE_KIND_NOTICES = {
    "interview": INTERVIEW,
    "offer": OFFER,
    "hired": HIRED,
    "rejected": NOT_SUITABLE,
}


def register_kinds() -> None:
    for kind in KINDS:
        register(kind)

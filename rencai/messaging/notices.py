"""The notifications the messaging app sends (registered when the app is ready).

Params are company names, job titles and local times, never personal data."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rencai.notifications.kinds import NotificationKind, register

NEW_MESSAGE = "messaging.new_message"
INTERVIEW_INVITED = "messaging.interview_invited"
INTERVIEW_ACCEPTED = "messaging.interview_accepted"
INTERVIEW_DECLINED = "messaging.interview_declined"
INTERVIEW_RESCHEDULE = "messaging.interview_reschedule_requested"
INTERVIEW_NEW_TIMES = "messaging.interview_new_times"
INTERVIEW_CANCELLED = "messaging.interview_cancelled"
INTERVIEW_REMINDER = "messaging.interview_reminder"

KINDS = [
    NotificationKind(
        NEW_MESSAGE,
        title=_("New message about %(job)s"),
        body=_("Open the conversation to read and reply."),
    ),
    NotificationKind(
        INTERVIEW_INVITED,
        title=_("%(org)s invites you to an interview"),
        body=_("Round %(round)s for %(job)s. Pick one of the proposed times."),
        sms_template="interview_invited",
        sms_text=_("%(org)s invites you to an interview for %(job)s. Sign in to pick a time."),
    ),
    NotificationKind(
        INTERVIEW_ACCEPTED,
        title=_("Interview confirmed for %(when)s"),
        body=_("The candidate for %(job)s accepted the time %(when)s."),
    ),
    NotificationKind(
        INTERVIEW_DECLINED,
        title=_("Interview for %(job)s declined"),
        body=_("The candidate declined round %(round)s."),
    ),
    NotificationKind(
        INTERVIEW_RESCHEDULE,
        title=_("The candidate for %(job)s asks for other times"),
        body=_("Read the candidate's note and propose new times."),
    ),
    NotificationKind(
        INTERVIEW_NEW_TIMES,
        title=_("%(org)s proposes new interview times"),
        body=_("Pick one of the new times for %(job)s."),
        sms_template="interview_new_times",
        sms_text=_("%(org)s proposes new interview times for %(job)s. Sign in to pick one."),
    ),
    NotificationKind(
        INTERVIEW_CANCELLED,
        title=_("Interview for %(job)s cancelled"),
        body=_("Round %(round)s with %(org)s was cancelled."),
        sms_template="interview_cancelled",
        sms_text=_("The interview with %(org)s for %(job)s was cancelled."),
    ),
    NotificationKind(
        INTERVIEW_REMINDER,
        title=_("Interview at %(when)s"),
        body=_("Reminder: round %(round)s with %(org)s for %(job)s starts at %(when)s."),
        sms_template="interview_reminder",
        sms_text=_("Reminder: your interview with %(org)s for %(job)s starts at %(when)s."),
    ),
]


def register_kinds() -> None:
    for kind in KINDS:
        register(kind)

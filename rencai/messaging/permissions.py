"""Pure predicates of the messaging app."""

from __future__ import annotations

from rencai.applications.choices import ApplicationStatus, InvitationStatus
from rencai.messaging.choices import InterviewStatus
from rencai.messaging.models import Conversation, Interview


def org_side_open(conversation: Conversation) -> bool:
    """The organisation keeps access while the application is not withdrawn (a withdrawn
    application leaves the employer's pipeline at once) or, for an invitation, while the
    invitation is pending or accepted."""
    if conversation.application_id is not None:
        assert conversation.application is not None
        return conversation.application.status != ApplicationStatus.WITHDRAWN
    assert conversation.invitation is not None
    return conversation.invitation.status in (
        InvitationStatus.PENDING,
        InvitationStatus.ACCEPTED,
    )


OPEN_INTERVIEW = frozenset(
    {InterviewStatus.PROPOSED, InterviewStatus.RESCHEDULE, InterviewStatus.ACCEPTED}
)


def seeker_can_answer(interview: Interview) -> bool:
    return interview.status in (InterviewStatus.PROPOSED, InterviewStatus.ACCEPTED)


def employer_can_change(interview: Interview) -> bool:
    return interview.status in OPEN_INTERVIEW

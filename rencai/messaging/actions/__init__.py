"""Every write of the messaging app."""

from __future__ import annotations

from rencai.messaging.actions.conversations import (
    block_conversation,
    composer_warnings,
    conversation_for,
    mark_read,
    report_conversation,
    send_message,
    unblock_conversation,
)
from rencai.messaging.actions.interviews import (
    InterviewPlan,
    TemplateContent,
    accept_slot,
    cancel_interview,
    cancel_interviews_of_withdrawn,
    complete_interview,
    create_interview,
    create_template,
    decline_interview,
    delete_template,
    propose_slots,
    request_reschedule,
    send_interview_reminders,
    submit_scorecard,
    update_template,
)
from rencai.messaging.actions.numbers import release_expired_numbers, request_call_number

__all__ = [
    "InterviewPlan",
    "TemplateContent",
    "accept_slot",
    "block_conversation",
    "composer_warnings",
    "cancel_interview",
    "cancel_interviews_of_withdrawn",
    "complete_interview",
    "conversation_for",
    "create_interview",
    "create_template",
    "decline_interview",
    "delete_template",
    "mark_read",
    "propose_slots",
    "release_expired_numbers",
    "report_conversation",
    "request_call_number",
    "request_reschedule",
    "send_interview_reminders",
    "send_message",
    "submit_scorecard",
    "unblock_conversation",
    "update_template",
]

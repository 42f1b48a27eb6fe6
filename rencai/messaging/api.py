"""REST endpoints of conversations and interviews. Each endpoint checks who is asking
through the actor-scoped queries (404 for outsiders) and calls the same actions as the HTML
pages."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from rencai.accounts.models import User
from rencai.core.api_support import AUTH, ERRORS, Page, api_actor, paginate
from rencai.core.errors import not_found
from rencai.core.lookups import one_of
from rencai.files.serving import file_response
from rencai.messaging import actions, queries
from rencai.messaging.calendar import ics_filename, interview_ics
from rencai.messaging.choices import Side
from rencai.messaging.errors import MessagingErrorCode, messaging_error
from rencai.messaging.models import Conversation, Interview
from rencai.messaging.presentation import (
    conversation_rows,
    message_json,
    message_rows,
)
from rencai.messaging.queries import Party
from rencai.messaging.schemas import (
    AcceptIn,
    CallNumberOut,
    CancelIn,
    CheckOut,
    ConversationDetailOut,
    ConversationOut,
    EmployerInterviewOut,
    InterviewIn,
    InterviewOut,
    MessageIn,
    MessageOut,
    NoteIn,
    OpenIn,
    ReportIn,
    ReportOut,
    ScorecardIn,
    ScorecardOut,
    SlotsIn,
    TemplateIn,
    TemplateOut,
    UnreadOut,
    WarningOut,
)
from rencai.orgs.models import Membership
from rencai.orgs.queries import active_membership

conversations_router = Router(tags=["conversations"], auth=AUTH)
seeker_interviews_router = Router(tags=["interviews"], auth=AUTH)
employer_interviews_router = Router(tags=["employer interviews"], auth=AUTH)
templates_router = Router(tags=["employer interviews"], auth=AUTH)

MESSAGES_SHOWN = 200


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _membership(request: HttpRequest) -> Membership:
    """Employer endpoints: the member's organisation (404 for people without one)."""
    membership = active_membership(_user(request))
    if membership is None:
        raise not_found()
    return membership


# --- conversations ------------------------------------------------------------------------


def _row_out(conversation: Conversation, side: str) -> ConversationOut:
    return ConversationOut.build(conversation_rows([conversation], side)[0], side)


def _detail(conversation: Conversation, party: Party) -> ConversationDetailOut:
    rows = message_rows(
        list(queries.messages_of(conversation))[-MESSAGES_SHOWN:], conversation, party.side
    )
    base = _row_out(conversation, party.side)
    messages = []
    for row in rows:
        data = message_json(row)
        attachment = data.pop("attachment")
        if attachment is not None:
            attachment["url"] = reverse(
                "api:conversation_attachment", args=[conversation.pk, row.message.pk]
            )
        messages.append(MessageOut(**data, attachment=attachment))
    return ConversationDetailOut(
        **base.model_dump(),
        seeker_read_at=conversation.seeker_read_at,
        organisation_read_at=conversation.organisation_read_at,
        messages=messages,
    )


def _one_message(conversation: Conversation, party: Party, message_id: uuid.UUID) -> MessageOut:
    conversation.refresh_from_db()
    message = queries.message_of(conversation, message_id)
    row = message_rows([message], conversation, party.side)[0]
    data = message_json(row)
    attachment = data.pop("attachment")
    if attachment is not None:
        attachment["url"] = reverse(
            "api:conversation_attachment", args=[conversation.pk, message.pk]
        )
    return MessageOut(**data, attachment=attachment)


@conversations_router.get(
    "", response={200: Page[ConversationOut], **ERRORS}, summary="My conversations"
)
def list_conversations(
    request: HttpRequest, side: str = "", page: int = 1, page_size: int = 20
) -> Page[ConversationOut]:
    """Newest first with unread counts. ``side``: ``seeker`` or ``organisation`` (default:
    the organisation for members of one)."""
    user = _user(request)
    chosen = side if side in Side.values else queries.default_side(user)
    rows, total, page, page_size = paginate(queries.inbox(user, chosen), page, page_size)
    items = [ConversationOut.build(row, chosen) for row in conversation_rows(rows, chosen)]
    return Page(items=items, total=total, page=page, page_size=page_size)


@conversations_router.get("/unread", response={200: UnreadOut, **ERRORS}, summary="Unread")
def unread(request: HttpRequest) -> UnreadOut:
    user = _user(request)
    return UnreadOut(
        seeker=queries.unread_total(user, Side.SEEKER),
        organisation=queries.unread_total(user, Side.ORGANISATION),
    )


@conversations_router.post(
    "/open", response={200: ConversationOut, **ERRORS}, summary="Open a conversation"
)
def open_conversation(request: HttpRequest, payload: OpenIn) -> ConversationOut:
    """The conversation about an application or an invitation (created on first use)."""
    from rencai.applications.models import Application, ApplyInvitation

    user = _user(request)
    membership = active_membership(user)
    subject: Application | ApplyInvitation
    if payload.application_id is not None:
        scope = Application.objects.filter(seeker=user)
        if membership is not None:
            scope = scope | Application.objects.filter(organisation=membership.organisation)
        subject = one_of(scope, payload.application_id)
    elif payload.invitation_id is not None:
        invitations = ApplyInvitation.objects.filter(seeker=user)
        if membership is not None:
            invitations = invitations | ApplyInvitation.objects.filter(
                organisation=membership.organisation
            )
        subject = one_of(invitations, payload.invitation_id)
    else:
        raise not_found()
    conversation = actions.conversation_for(subject, actor=api_actor(request))
    conversation, party = queries.conversation_of(user, conversation.pk)
    return _row_out(conversation, party.side)


@conversations_router.get(
    "/{conversation_id}", response={200: ConversationDetailOut, **ERRORS}, summary="Conversation"
)
def conversation_detail(request: HttpRequest, conversation_id: uuid.UUID) -> ConversationDetailOut:
    """The conversation with its latest 200 messages (oldest first). Reading does not mark
    anything read: call ``/read``."""
    conversation, party = queries.conversation_of(_user(request), conversation_id)
    return _detail(conversation, party)


@conversations_router.post(
    "/{conversation_id}/messages", response={201: MessageOut, **ERRORS}, summary="Send"
)
def send(
    request: HttpRequest, conversation_id: uuid.UUID, payload: MessageIn
) -> Status[MessageOut]:
    """Errors: ``message_empty``, ``message_too_long``, ``conversation_blocked`` (403),
    ``discriminatory_question`` (DIS-05: the findings are in ``warnings``)."""
    user = _user(request)
    conversation, party = queries.conversation_of(user, conversation_id)
    message = actions.send_message(conversation, payload.body, actor=api_actor(request))
    return Status(201, _one_message(conversation, party, message.pk))


@conversations_router.post(
    "/{conversation_id}/check", response={200: CheckOut, **ERRORS}, summary="Check a draft"
)
def check(request: HttpRequest, conversation_id: uuid.UUID, payload: MessageIn) -> CheckOut:
    """DIS-05 composer hint: the questions ``/messages`` would refuse in this draft
    (employers only; seekers always get an empty list). Nothing is stored."""
    conversation, _party = queries.conversation_of(_user(request), conversation_id)
    warnings = actions.composer_warnings(conversation, payload.body, actor=api_actor(request))
    return CheckOut(warnings=[WarningOut(**warning) for warning in warnings])


@conversations_router.post(
    "/{conversation_id}/attachments",
    response={201: MessageOut, **ERRORS},
    summary="Send a file",
)
def send_file(
    request: HttpRequest,
    conversation_id: uuid.UUID,
    file: File[UploadedFile],
    body: Form[str] = "",
) -> Status[MessageOut]:
    """Multipart: ``file`` (PDF or image, checked by content) and an optional ``body``."""
    user = _user(request)
    conversation, party = queries.conversation_of(user, conversation_id)
    message = actions.send_message(conversation, body, attachment=file, actor=api_actor(request))
    return Status(201, _one_message(conversation, party, message.pk))


@conversations_router.get(
    "/{conversation_id}/messages/{message_id}/attachment",
    response={200: None, **ERRORS},
    summary="Attachment",
    url_name="conversation_attachment",
)
def attachment(
    request: HttpRequest, conversation_id: uuid.UUID, message_id: uuid.UUID
) -> HttpResponseBase:
    conversation, _party = queries.conversation_of(_user(request), conversation_id)
    message = queries.message_of(conversation, message_id)
    if message.attachment is None:
        raise not_found()
    return file_response(message.attachment, as_attachment=True)


@conversations_router.post(
    "/{conversation_id}/read", response={200: ConversationOut, **ERRORS}, summary="Mark read"
)
def read(request: HttpRequest, conversation_id: uuid.UUID) -> ConversationOut:
    user = _user(request)
    conversation, party = queries.conversation_of(user, conversation_id)
    actions.mark_read(conversation, actor=api_actor(request))
    fresh = queries.inbox(user, party.side).get(pk=conversation.pk)
    return _row_out(fresh, party.side)


@conversations_router.post(
    "/{conversation_id}/block", response={200: ConversationOut, **ERRORS}, summary="Block"
)
def block(request: HttpRequest, conversation_id: uuid.UUID) -> ConversationOut:
    conversation, party = queries.conversation_of(_user(request), conversation_id)
    actions.block_conversation(conversation, actor=api_actor(request))
    return _row_out(conversation, party.side)


@conversations_router.post(
    "/{conversation_id}/unblock", response={200: ConversationOut, **ERRORS}, summary="Unblock"
)
def unblock(request: HttpRequest, conversation_id: uuid.UUID) -> ConversationOut:
    conversation, party = queries.conversation_of(_user(request), conversation_id)
    actions.unblock_conversation(conversation, actor=api_actor(request))
    return _row_out(conversation, party.side)


@conversations_router.post(
    "/{conversation_id}/reports", response={201: ReportOut, **ERRORS}, summary="Report"
)
def report(
    request: HttpRequest, conversation_id: uuid.UUID, payload: ReportIn
) -> Status[ReportOut]:
    """To trust & safety; optionally about one message. Returns a reference number."""
    conversation, _party = queries.conversation_of(_user(request), conversation_id)
    message = queries.message_of(conversation, payload.message_id) if payload.message_id else None
    row = actions.report_conversation(
        conversation,
        category=payload.category,
        details=payload.details,
        message=message,
        actor=api_actor(request),
    )
    return Status(201, ReportOut(reference=row.reference))


@conversations_router.post(
    "/{conversation_id}/call-number",
    response={201: CallNumberOut, **ERRORS},
    summary="Protected call number",
)
def call_number(request: HttpRequest, conversation_id: uuid.UUID) -> Status[CallNumberOut]:
    """For organisation members on a conversation about an application (PI-07): a
    temporary number that forwards to the candidate; never the candidate's own number."""
    conversation, _party = queries.conversation_of(_user(request), conversation_id)
    number = actions.request_call_number(conversation, actor=api_actor(request))
    return Status(201, CallNumberOut(number=number.number, expires_at=number.expires_at))


# --- interviews: seeker -------------------------------------------------------------------


def _ics(interview: Interview, *, for_seeker: bool) -> HttpResponse:
    if interview.starts_at is None:
        raise messaging_error(MessagingErrorCode.NOT_SCHEDULED)
    response = HttpResponse(
        interview_ics(interview, for_seeker=for_seeker),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{ics_filename(interview)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@seeker_interviews_router.get(
    "", response={200: Page[InterviewOut], **ERRORS}, summary="My interviews"
)
def my_interviews(request: HttpRequest, page: int = 1, page_size: int = 20) -> Page[InterviewOut]:
    rows, total, page, page_size = paginate(
        queries.interviews_of_seeker(_user(request)), page, page_size
    )
    return Page(
        items=[InterviewOut.build(i) for i in rows], total=total, page=page, page_size=page_size
    )


@seeker_interviews_router.get(
    "/{interview_id}", response={200: InterviewOut, **ERRORS}, summary="Interview"
)
def my_interview(request: HttpRequest, interview_id: uuid.UUID) -> InterviewOut:
    return InterviewOut.build(queries.interview_for_seeker(_user(request), interview_id))


def _seeker_answer(request: HttpRequest, interview_id: uuid.UUID) -> Interview:
    return queries.interview_for_seeker(_user(request), interview_id)


def _reloaded_for_seeker(request: HttpRequest, interview: Interview) -> InterviewOut:
    return InterviewOut.build(queries.interview_for_seeker(_user(request), interview.pk))


@seeker_interviews_router.post(
    "/{interview_id}/accept", response={200: InterviewOut, **ERRORS}, summary="Accept a time"
)
def accept(request: HttpRequest, interview_id: uuid.UUID, payload: AcceptIn) -> InterviewOut:
    interview = _seeker_answer(request, interview_id)
    actions.accept_slot(interview, str(payload.slot_id), actor=api_actor(request))
    return _reloaded_for_seeker(request, interview)


@seeker_interviews_router.post(
    "/{interview_id}/decline", response={200: InterviewOut, **ERRORS}, summary="Decline"
)
def decline(request: HttpRequest, interview_id: uuid.UUID, payload: NoteIn) -> InterviewOut:
    interview = _seeker_answer(request, interview_id)
    actions.decline_interview(interview, note=payload.note, actor=api_actor(request))
    return _reloaded_for_seeker(request, interview)


@seeker_interviews_router.post(
    "/{interview_id}/reschedule",
    response={200: InterviewOut, **ERRORS},
    summary="Ask for other times",
)
def reschedule(request: HttpRequest, interview_id: uuid.UUID, payload: NoteIn) -> InterviewOut:
    interview = _seeker_answer(request, interview_id)
    actions.request_reschedule(interview, note=payload.note, actor=api_actor(request))
    return _reloaded_for_seeker(request, interview)


@seeker_interviews_router.get(
    "/{interview_id}/calendar.ics", response={200: None, **ERRORS}, summary="Calendar file"
)
def my_ics(request: HttpRequest, interview_id: uuid.UUID) -> HttpResponse:
    """RFC 5545 file of a confirmed interview (409 ``interview_not_scheduled`` before)."""
    return _ics(queries.interview_for_seeker(_user(request), interview_id), for_seeker=True)


# --- interviews: employer -----------------------------------------------------------------


def _org_interview(request: HttpRequest, interview_id: uuid.UUID) -> tuple[Interview, Membership]:
    membership = _membership(request)
    return queries.interview_for_org(membership.organisation, interview_id), membership


def _employer_out(membership: Membership, interview: Interview) -> EmployerInterviewOut:
    return EmployerInterviewOut.build(
        queries.interview_for_org(membership.organisation, interview.pk)
    )


@employer_interviews_router.post(
    "", response={201: EmployerInterviewOut, **ERRORS}, summary="Invite to an interview"
)
def create_interview(request: HttpRequest, payload: InterviewIn) -> Status[EmployerInterviewOut]:
    """Propose 1–5 times; the application moves to the interview stage. Questions about
    marriage, childbearing, pregnancy or HBV are refused (``discriminatory_question``)."""
    membership = _membership(request)
    org = membership.organisation
    application = queries.application_of_org(org, payload.application_id)
    template = queries.template_of(org, payload.template_id) if payload.template_id else None
    mode = payload.mode or (template.mode if template else "")
    plan = actions.InterviewPlan(
        mode=mode,
        slots=payload.slots,
        round=payload.round,
        duration_minutes=payload.duration_minutes
        or (template.duration_minutes if template else 45),
        address=payload.address,
        video_link=payload.video_link,
        instructions=(
            payload.instructions
            if payload.instructions is not None
            else (template.instructions if template else "")
        ),
        questions=(
            payload.questions
            if payload.questions is not None
            else (list(template.questions) if template else [])
        ),
        interviewer_ids=[str(value) for value in payload.interviewer_ids],
    )
    interview = actions.create_interview(
        application, plan, membership=membership, actor=api_actor(request)
    )
    return Status(201, _employer_out(membership, interview))


@employer_interviews_router.get(
    "", response={200: Page[EmployerInterviewOut], **ERRORS}, summary="Our interviews"
)
def org_interviews(
    request: HttpRequest, page: int = 1, page_size: int = 20
) -> Page[EmployerInterviewOut]:
    membership = _membership(request)
    rows, total, page, page_size = paginate(
        queries.interviews_of_org(membership.organisation), page, page_size
    )
    return Page(
        items=[EmployerInterviewOut.build(i) for i in rows],
        total=total,
        page=page,
        page_size=page_size,
    )


@employer_interviews_router.get(
    "/{interview_id}", response={200: EmployerInterviewOut, **ERRORS}, summary="Interview"
)
def org_interview(request: HttpRequest, interview_id: uuid.UUID) -> EmployerInterviewOut:
    interview, _membership_ = _org_interview(request, interview_id)
    return EmployerInterviewOut.build(interview)


@employer_interviews_router.post(
    "/{interview_id}/slots", response={200: EmployerInterviewOut, **ERRORS}, summary="New times"
)
def new_slots(
    request: HttpRequest, interview_id: uuid.UUID, payload: SlotsIn
) -> EmployerInterviewOut:
    interview, membership = _org_interview(request, interview_id)
    actions.propose_slots(interview, payload.slots, actor=api_actor(request))
    return _employer_out(membership, interview)


@employer_interviews_router.post(
    "/{interview_id}/cancel", response={200: EmployerInterviewOut, **ERRORS}, summary="Cancel"
)
def cancel(
    request: HttpRequest, interview_id: uuid.UUID, payload: CancelIn
) -> EmployerInterviewOut:
    interview, membership = _org_interview(request, interview_id)
    actions.cancel_interview(interview, reason=payload.reason, actor=api_actor(request))
    return _employer_out(membership, interview)


@employer_interviews_router.post(
    "/{interview_id}/complete",
    response={200: EmployerInterviewOut, **ERRORS},
    summary="Mark as held",
)
def complete(request: HttpRequest, interview_id: uuid.UUID) -> EmployerInterviewOut:
    interview, membership = _org_interview(request, interview_id)
    actions.complete_interview(interview, actor=api_actor(request))
    return _employer_out(membership, interview)


@employer_interviews_router.get(
    "/{interview_id}/scorecards",
    response={200: list[ScorecardOut], **ERRORS},
    summary="Scorecards",
)
def scorecards(request: HttpRequest, interview_id: uuid.UUID) -> list[ScorecardOut]:
    """Members of the organisation only; never shown to the candidate."""
    interview, _membership_ = _org_interview(request, interview_id)
    return [ScorecardOut.build(card) for card in queries.scorecards_of(interview)]


@employer_interviews_router.put(
    "/{interview_id}/scorecards/mine",
    response={200: ScorecardOut, **ERRORS},
    summary="My scorecard",
)
def my_scorecard(
    request: HttpRequest, interview_id: uuid.UUID, payload: ScorecardIn
) -> ScorecardOut:
    """Interviewers of this interview only (403 ``not_an_interviewer``); one each."""
    interview, membership = _org_interview(request, interview_id)
    card = actions.submit_scorecard(
        interview,
        membership=membership,
        rating=payload.rating,
        recommendation=payload.recommendation,
        notes=payload.notes,
        actor=api_actor(request),
    )
    return ScorecardOut.build(card)


@employer_interviews_router.get(
    "/{interview_id}/calendar.ics", response={200: None, **ERRORS}, summary="Calendar file"
)
def org_ics(request: HttpRequest, interview_id: uuid.UUID) -> HttpResponse:
    interview, _membership_ = _org_interview(request, interview_id)
    return _ics(interview, for_seeker=False)


# --- templates ----------------------------------------------------------------------------


def _content(payload: TemplateIn) -> actions.TemplateContent:
    return actions.TemplateContent(
        name=payload.name,
        mode=payload.mode,
        duration_minutes=payload.duration_minutes,
        instructions=payload.instructions,
        questions=payload.questions,
    )


@templates_router.get("", response={200: Page[TemplateOut], **ERRORS}, summary="Templates")
def list_templates(request: HttpRequest, page: int = 1, page_size: int = 20) -> Page[TemplateOut]:
    membership = _membership(request)
    rows, total, page, page_size = paginate(
        queries.templates_of(membership.organisation), page, page_size
    )
    return Page(
        items=[TemplateOut.build(t) for t in rows], total=total, page=page, page_size=page_size
    )


@templates_router.post("", response={201: TemplateOut, **ERRORS}, summary="New template")
def create_template(request: HttpRequest, payload: TemplateIn) -> Status[TemplateOut]:
    """Refused with ``discriminatory_question`` (and the findings) when any text asks
    about marriage, childbearing, pregnancy or HBV (DIS-05)."""
    membership = _membership(request)
    template = actions.create_template(
        membership.organisation, _content(payload), actor=api_actor(request)
    )
    return Status(201, TemplateOut.build(template))


@templates_router.get("/{template_id}", response={200: TemplateOut, **ERRORS}, summary="Template")
def get_template(request: HttpRequest, template_id: uuid.UUID) -> TemplateOut:
    membership = _membership(request)
    return TemplateOut.build(queries.template_of(membership.organisation, template_id))


@templates_router.put(
    "/{template_id}", response={200: TemplateOut, **ERRORS}, summary="Replace template"
)
def put_template(request: HttpRequest, template_id: uuid.UUID, payload: TemplateIn) -> TemplateOut:
    membership = _membership(request)
    template = queries.template_of(membership.organisation, template_id)
    return TemplateOut.build(
        actions.update_template(template, _content(payload), actor=api_actor(request))
    )


@templates_router.delete(
    "/{template_id}", response={204: None, **ERRORS}, summary="Delete template"
)
def delete_template(request: HttpRequest, template_id: uuid.UUID) -> Status[None]:
    membership = _membership(request)
    template = queries.template_of(membership.organisation, template_id)
    actions.delete_template(template, actor=api_actor(request))
    return Status(204, None)


__all__ = [
    "conversations_router",
    "employer_interviews_router",
    "seeker_interviews_router",
    "templates_router",
]

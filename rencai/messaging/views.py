"""HTML pages of conversations and interviews: the inbox, a conversation with its htmx
composer, interview invitations for the seeker, the employer's interview pages and
templates, and the trust & safety list of reported conversations. Every page with
personal data is ``noindex`` (PI-06)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.middleware import HtmxDetails

from rencai.applications.models import Application, ApplyInvitation
from rencai.core.errors import DomainError
from rencai.core.forms_support import apply_domain_error
from rencai.core.http import AuthedRequest, signed_in, web_actor
from rencai.core.lookups import one_of
from rencai.files.serving import file_response
from rencai.messaging import actions, queries
from rencai.messaging.calendar import ics_filename, interview_ics
from rencai.messaging.choices import InterviewStatus, Side
from rencai.messaging.forms import (
    SLOT_FIELDS,
    AnswerForm,
    CancelForm,
    InterviewForm,
    MessageForm,
    ReportForm,
    ScorecardForm,
    SlotsForm,
    TemplateForm,
    interview_initial,
    split_lines,
)
from rencai.messaging.models import Conversation, Interview, InterviewTemplate
from rencai.messaging.permissions import (
    employer_can_change,
    seeker_can_answer,
)
from rencai.messaging.presentation import conversation_rows, message_rows, subject_line
from rencai.orgs.models import Membership
from rencai.orgs.queries import active_membership

PAGE_SIZE = 20
MESSAGES_SHOWN = 200


def _membership(request: AuthedRequest) -> Membership:
    membership = active_membership(request.user)
    if membership is None:
        raise DjangoPermissionDenied
    return membership


def _side(request: AuthedRequest) -> str:
    wanted = request.GET.get("side", "")
    if wanted in (Side.SEEKER, Side.ORGANISATION):
        return wanted
    return queries.default_side(request.user)


# --- conversations ------------------------------------------------------------------------


@signed_in
def inbox_view(request: AuthedRequest) -> HttpResponse:
    side = _side(request)
    paginator = Paginator(queries.inbox(request.user, side), PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    both = active_membership(request.user) is not None
    return render(
        request,
        "messaging/inbox.html",
        {
            "page_obj": page_obj,
            "rows": conversation_rows(list(page_obj.object_list), side),
            "side": side,
            "both_sides": both,
            "query": f"side={side}",
            "page_range": paginator.get_elided_page_range(page_obj.number),
        },
    )


def _conversation(request: AuthedRequest, conversation_id: str) -> tuple[Conversation, Any]:
    try:
        return queries.conversation_of(request.user, conversation_id)
    except DomainError as error:
        raise Http404 from error


def _message_form(conversation: Conversation, party: Any, *args: Any) -> MessageForm:
    check_url = (
        reverse("messaging:check", args=[conversation.pk])
        if party.side == Side.ORGANISATION
        else ""
    )
    return MessageForm(*args, check_url=check_url)


def _thread_context(conversation: Conversation, party: Any) -> dict[str, Any]:
    rows = list(queries.messages_of(conversation))[-MESSAGES_SHOWN:]
    return {
        "conversation": conversation,
        "party": party,
        "is_seeker": party.side == Side.SEEKER,
        "messages_list": message_rows(rows, conversation, party.side),
        "subject": subject_line(conversation, party.side),
    }


@signed_in
def conversation_view(request: AuthedRequest, conversation_id: str) -> HttpResponse:
    conversation, party = _conversation(request, conversation_id)
    actions.mark_read(conversation, actor=web_actor(request))
    context = _thread_context(conversation, party)
    context.update(form=_message_form(conversation, party), report_form=ReportForm())
    number = None
    if party.side == Side.ORGANISATION:
        number = conversation.virtual_numbers.filter(
            caller=request.user, released_at__isnull=True
        ).first()
    context["call_number"] = number
    context["interviews"] = (
        list(conversation.application.interviews.order_by("-created_at")[:5])
        if conversation.application is not None
        else []
    )
    return render(request, "messaging/conversation.html", context)


@signed_in
@require_POST
def send_view(request: AuthedRequest, conversation_id: str) -> HttpResponse:
    """The composer posts here; htmx swaps the thread and a fresh composer, a plain form
    post redirects back to the conversation."""
    conversation, party = _conversation(request, conversation_id)
    form = _message_form(conversation, party, request.POST, request.FILES)
    warnings: list[dict[str, Any]] = []
    if form.is_valid():
        try:
            actions.send_message(
                conversation,
                form.cleaned_data["body"] or "",
                attachment=form.cleaned_data.get("attachment"),
                actor=web_actor(request),
            )
        except DomainError as error:
            apply_domain_error(form, error)
            warnings = list(error.extra.get("warnings", []))
            if error.code == "message_too_long":
                form.add_error(None, str(error.message))
        else:
            form = _message_form(conversation, party)
    if not HtmxDetails(request):
        for errors in form.errors.values():
            for problem in errors:
                messages.error(request, str(problem))
        return redirect("messaging:conversation", conversation.pk)
    context = _thread_context(conversation, party)
    context.update(form=form, warnings=warnings)
    return render(request, "messaging/_thread.html", context)


@signed_in
@require_POST
def composer_check_view(request: AuthedRequest, conversation_id: str) -> HttpResponse:
    """The employer's composer posts its text here as they type (htmx): the DIS-05 warning
    before sending, nothing stored."""
    conversation, _party = _conversation(request, conversation_id)
    warnings = actions.composer_warnings(
        conversation, request.POST.get("body", ""), actor=web_actor(request)
    )
    return render(request, "messaging/_composer_hint.html", {"warnings": warnings})


@signed_in
@require_POST
def conversation_action_view(
    request: AuthedRequest, conversation_id: str, action: str
) -> HttpResponse:
    conversation, party = _conversation(request, conversation_id)
    actor = web_actor(request)
    try:
        if action == "block":
            actions.block_conversation(conversation, actor=actor)
            messages.success(request, _("The conversation is blocked."))
        elif action == "unblock":
            actions.unblock_conversation(conversation, actor=actor)
            messages.success(request, _("The conversation is unblocked."))
        elif action == "report":
            form = ReportForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Choose what is wrong."))
                return redirect("messaging:conversation", conversation.pk)
            message = None
            if form.cleaned_data.get("message_id"):
                message = queries.message_of(conversation, form.cleaned_data["message_id"])
            try:
                report = actions.report_conversation(
                    conversation,
                    category=form.cleaned_data["category"],
                    details=form.cleaned_data["details"],
                    message=message,
                    actor=actor,
                )
            except DomainError as error:
                if error.status == 404:
                    raise
                messages.error(request, str(error.message))
                return redirect("messaging:conversation", conversation.pk)
            messages.success(
                request,
                _("Thank you. Your report %(reference)s was sent to trust & safety.")
                % {"reference": report.reference},
            )
        elif action == "call":
            number = actions.request_call_number(conversation, actor=actor)
            messages.success(
                request,
                _("Call %(number)s to reach the candidate. The number works until %(time)s.")
                % {
                    "number": number.number,
                    "time": number.expires_at.astimezone().strftime("%H:%M"),
                },
            )
        else:
            raise Http404
    except DomainError as error:
        if error.status == 404:
            raise Http404 from error
        messages.error(request, str(error.message))
    return redirect("messaging:conversation", conversation.pk)


@login_required
def attachment_view(
    request: AuthedRequest, conversation_id: str, message_id: str
) -> HttpResponseBase:
    """An attachment, for the two parties of its conversation only."""
    conversation, _party = _conversation(request, conversation_id)
    try:
        message = queries.message_of(conversation, message_id)
    except DomainError as error:
        raise Http404 from error
    if message.attachment is None:
        raise Http404
    return file_response(message.attachment, as_attachment=request.GET.get("download") == "1")


@signed_in
def open_view(request: AuthedRequest, kind: str, subject_id: str) -> HttpResponse:
    """Open (or create) the conversation about an application or invitation, then go to
    it: the link the pipeline and the seeker's application pages use."""
    subject = _subject(request, kind, subject_id)
    try:
        conversation = actions.conversation_for(subject, actor=web_actor(request))
    except DomainError as error:
        raise Http404 from error
    return redirect("messaging:conversation", conversation.pk)


def _subject(request: AuthedRequest, kind: str, subject_id: str) -> Application | ApplyInvitation:
    """An application or invitation of the person (as seeker) or of their organisation."""
    membership = active_membership(request.user)
    mine = Q(seeker=request.user)
    if membership is not None:
        mine |= Q(organisation=membership.organisation)
    try:
        if kind == "application":
            return one_of(Application.objects.filter(mine), subject_id)
        if kind == "invitation":
            return one_of(ApplyInvitation.objects.filter(mine), subject_id)
    except DomainError as error:
        raise Http404 from error
    raise Http404


# --- interviews: seeker -------------------------------------------------------------------


@signed_in
def seeker_interviews_view(request: AuthedRequest) -> HttpResponse:
    paginator = Paginator(queries.interviews_of_seeker(request.user), PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "messaging/seeker_interviews.html",
        {"page_obj": page_obj, "page_range": paginator.get_elided_page_range(page_obj.number)},
    )


def _slot_choices(interview: Interview) -> list[tuple[str, str]]:
    now = timezone.now()
    return [
        (str(slot.pk), date_format(timezone.localtime(slot.starts_at), "Y-m-d l H:i"))
        for slot in interview.slots.all()
        if slot.starts_at > now
    ]


@signed_in
def seeker_interview_view(request: AuthedRequest, interview_id: str) -> HttpResponse:
    try:
        interview = queries.interview_for_seeker(request.user, interview_id)
    except DomainError as error:
        raise Http404 from error
    form = AnswerForm(request.POST or None, slots=_slot_choices(interview))
    if request.method == "POST" and form.is_valid():
        actor = web_actor(request)
        answer = request.POST.get("answer", "")
        try:
            if answer == "accept":
                actions.accept_slot(interview, form.cleaned_data["slot_id"], actor=actor)
                messages.success(request, _("The interview is confirmed."))
            elif answer == "decline":
                actions.decline_interview(interview, note=form.cleaned_data["note"], actor=actor)
                messages.success(request, _("You declined the interview."))
            elif answer == "reschedule":
                actions.request_reschedule(interview, note=form.cleaned_data["note"], actor=actor)
                messages.success(request, _("Your request for other times was sent."))
            else:
                raise Http404
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            return redirect("messaging:seeker_interview", interview.pk)
    return render(
        request,
        "messaging/seeker_interview.html",
        {
            "interview": interview,
            "form": form,
            "can_answer": seeker_can_answer(interview),
            "can_pick": interview.status == InterviewStatus.PROPOSED,
        },
    )


def _ics_response(interview: Interview, *, for_seeker: bool) -> HttpResponse:
    if interview.starts_at is None:
        raise Http404
    response = HttpResponse(
        interview_ics(interview, for_seeker=for_seeker), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{ics_filename(interview)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@signed_in
def seeker_ics_view(request: AuthedRequest, interview_id: str) -> HttpResponse:
    try:
        interview = queries.interview_for_seeker(request.user, interview_id)
    except DomainError as error:
        raise Http404 from error
    return _ics_response(interview, for_seeker=True)


# --- interviews: employer -----------------------------------------------------------------


@signed_in
def employer_interviews_view(request: AuthedRequest) -> HttpResponse:
    membership = _membership(request)
    paginator = Paginator(queries.interviews_of_org(membership.organisation), PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "messaging/employer_interviews.html",
        {
            "org": membership.organisation,
            "page_obj": page_obj,
            "page_range": paginator.get_elided_page_range(page_obj.number),
        },
    )


@signed_in
def new_interview_view(request: AuthedRequest, application_id: str) -> HttpResponse:
    membership = _membership(request)
    org = membership.organisation
    try:
        application = queries.application_of_org(org, application_id)
    except DomainError as error:
        raise Http404 from error
    members = list(queries.active_members(org))
    templates = list(queries.templates_of(org))
    template = None
    if request.GET.get("template"):
        template = next((t for t in templates if str(t.pk) == request.GET["template"]), None)
    form = InterviewForm(
        request.POST or None, members=members, initial=interview_initial(template, membership)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        plan = actions.InterviewPlan(
            mode=data["mode"],
            slots=form.slots(),
            round=data["round"],
            duration_minutes=data["duration_minutes"],
            address=data["address"],
            video_link=data["video_link"],
            instructions=data["instructions"],
            questions=split_lines(data["questions"]),
            interviewer_ids=data["interviewers"],
        )
        try:
            interview = actions.create_interview(
                application, plan, membership=membership, actor=web_actor(request)
            )
        except DomainError as error:
            _show_interview_error(form, error)
        else:
            messages.success(request, _("The invitation was sent to the candidate."))
            return redirect("messaging:employer_interview", interview.pk)
    return render(
        request,
        "messaging/new_interview.html",
        {
            "org": org,
            "application": application,
            "form": form,
            "templates": templates,
            "template": template,
            "slot_fields": [form[name] for name in SLOT_FIELDS],
        },
    )


def _show_interview_error(
    form: InterviewForm | SlotsForm | TemplateForm, error: DomainError
) -> None:
    if error.fields and next(iter(error.fields)).startswith("questions"):
        form.add_error("questions", str(error.message))
    elif "slots" in error.fields:
        form.add_error("slot_1", str(error.message))
    elif "interviewer_ids" in error.fields:
        form.add_error("interviewers", str(error.message))
    else:
        apply_domain_error(form, error)
    findings = error.extra.get("findings") or []
    for finding in findings:
        form.add_error(None, f"「{finding['text']}」: {finding['explanation']}")


def _org_interview(request: AuthedRequest, interview_id: str) -> tuple[Interview, Membership]:
    membership = _membership(request)
    try:
        return queries.interview_for_org(membership.organisation, interview_id), membership
    except DomainError as error:
        raise Http404 from error


@signed_in
def employer_interview_view(request: AuthedRequest, interview_id: str) -> HttpResponse:
    interview, membership = _org_interview(request, interview_id)
    actor = web_actor(request)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    slots_form = SlotsForm(request.POST if action == "propose" else None)
    cancel_form = CancelForm(request.POST if action == "cancel" else None)
    mine = queries.scorecards_of(interview).filter(interviewer=request.user).first()
    score_form = ScorecardForm(
        request.POST if action == "scorecard" else None,
        initial=(
            {"rating": mine.rating, "recommendation": mine.recommendation, "notes": mine.notes}
            if mine
            else None
        ),
    )
    if request.method == "POST":
        try:
            if action == "propose" and slots_form.is_valid():
                actions.propose_slots(interview, slots_form.slots(), actor=actor)
                messages.success(request, _("New times were sent to the candidate."))
                return redirect("messaging:employer_interview", interview.pk)
            if action == "cancel" and cancel_form.is_valid():
                actions.cancel_interview(
                    interview, reason=cancel_form.cleaned_data["reason"], actor=actor
                )
                messages.success(request, _("The interview was cancelled."))
                return redirect("messaging:employer_interview", interview.pk)
            if action == "complete":
                actions.complete_interview(interview, actor=actor)
                messages.success(request, _("The interview is recorded as held."))
                return redirect("messaging:employer_interview", interview.pk)
            if action == "scorecard" and score_form.is_valid():
                actions.submit_scorecard(
                    interview,
                    membership=membership,
                    rating=score_form.cleaned_data["rating"],
                    recommendation=score_form.cleaned_data["recommendation"],
                    notes=score_form.cleaned_data["notes"],
                    actor=actor,
                )
                messages.success(request, _("Your scorecard is saved."))
                return redirect("messaging:employer_interview", interview.pk)
        except DomainError as error:
            target = {"propose": slots_form, "cancel": cancel_form, "scorecard": score_form}.get(
                action
            )
            if target is None:
                messages.error(request, str(error.message))
            elif isinstance(target, SlotsForm):
                _show_interview_error(target, error)
            else:
                apply_domain_error(target, error)
    interviewer_ids = {member.user_id for member in interview.interviewers.all()}
    return render(
        request,
        "messaging/employer_interview.html",
        {
            "interview": interview,
            "application": interview.application,
            "scorecards": list(queries.scorecards_of(interview)),
            "is_interviewer": request.user.pk in interviewer_ids,
            "slots_form": slots_form,
            "cancel_form": cancel_form,
            "score_form": score_form,
            "slot_fields": [slots_form[name] for name in SLOT_FIELDS],
            "can_change": employer_can_change(interview),
            "can_complete": interview.status == InterviewStatus.ACCEPTED
            and interview.starts_at is not None
            and interview.starts_at <= timezone.now(),
            "can_score": interview.status in (InterviewStatus.ACCEPTED, InterviewStatus.COMPLETED),
        },
    )


@signed_in
def employer_ics_view(request: AuthedRequest, interview_id: str) -> HttpResponse:
    interview, _membership_ = _org_interview(request, interview_id)
    return _ics_response(interview, for_seeker=False)


# --- templates ----------------------------------------------------------------------------


@signed_in
def templates_view(request: AuthedRequest) -> HttpResponse:
    membership = _membership(request)
    paginator = Paginator(queries.templates_of(membership.organisation), PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "messaging/templates.html",
        {
            "org": membership.organisation,
            "page_obj": page_obj,
            "page_range": paginator.get_elided_page_range(page_obj.number),
        },
    )


def _template_content(form: TemplateForm) -> actions.TemplateContent:
    data = form.cleaned_data
    return actions.TemplateContent(
        name=data["name"],
        mode=data["mode"],
        duration_minutes=data["duration_minutes"],
        instructions=data["instructions"],
        questions=split_lines(data["questions"]),
    )


@signed_in
def template_form_view(request: AuthedRequest, template_id: str | None = None) -> HttpResponse:
    membership = _membership(request)
    org = membership.organisation
    template: InterviewTemplate | None = None
    if template_id is not None:
        try:
            template = queries.template_of(org, template_id)
        except DomainError as error:
            raise Http404 from error
    initial = (
        {
            "name": template.name,
            "mode": template.mode,
            "duration_minutes": template.duration_minutes,
            "instructions": template.instructions,
            "questions": "\n".join(template.questions),
        }
        if template
        else {"duration_minutes": 45, "mode": "onsite"}
    )
    form = TemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actor = web_actor(request)
        try:
            if template is None:
                actions.create_template(org, _template_content(form), actor=actor)
            else:
                actions.update_template(template, _template_content(form), actor=actor)
        except DomainError as error:
            _show_interview_error(form, error)
        else:
            messages.success(request, _("The template is saved."))
            return redirect("messaging:templates")
    return render(
        request,
        "messaging/template_form.html",
        {"org": org, "form": form, "template": template},
    )


@signed_in
@require_POST
def template_delete_view(request: AuthedRequest, template_id: str) -> HttpResponse:
    membership = _membership(request)
    try:
        template = queries.template_of(membership.organisation, template_id)
    except DomainError as error:
        raise Http404 from error
    actions.delete_template(template, actor=web_actor(request))
    messages.success(request, _("The template was deleted."))
    return redirect("messaging:templates")

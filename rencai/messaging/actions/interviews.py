"""Interviews: invitations with proposed times, the seeker's answer, changes by the
employer, reminders and scorecards (DIS-05)."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlparse

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from rencai.accounts.models import User
from rencai.applications.choices import ApplicationStatus, StageKind
from rencai.applications.models import Application
from rencai.audit.actions import record_event
from rencai.core.actors import Actor, system_actor
from rencai.messaging import notices
from rencai.messaging.choices import InterviewMode, InterviewStatus, Recommendation
from rencai.messaging.errors import MessagingErrorCode, messaging_error
from rencai.messaging.models import Interview, InterviewSlot, InterviewTemplate, Scorecard
from rencai.messaging.permissions import (
    OPEN_INTERVIEW,
    employer_can_change,
    seeker_can_answer,
)
from rencai.messaging.queries import active_members
from rencai.messaging.safety import question_findings
from rencai.notifications.actions import notify, notify_many
from rencai.orgs.models import Membership, Organisation

MAX_SLOTS = 5
MAX_QUESTIONS = 30
MAX_QUESTION_CHARS = 300
MAX_NOTE_CHARS = 1000


@dataclass(frozen=True)
class InterviewPlan:
    """What the employer fills in (from a form, the API or a template)."""

    mode: str
    slots: Sequence[dt.datetime]
    round: int = 1
    duration_minutes: int = 45
    address: str = ""
    video_link: str = ""
    instructions: str = ""
    questions: Sequence[str] = field(default_factory=tuple)
    interviewer_ids: Sequence[str] = field(default_factory=tuple)


def local_label(when: dt.datetime) -> str:
    """``2026-12-08 10:00`` in Beijing time (for notices; no personal data)."""
    return timezone.localtime(when).strftime("%Y-%m-%d %H:%M")


def job_title_of(application: Application) -> str:
    version = application.posting.live_version
    return (version.title if version is not None else "")[:100] or "-"


# --- checks -------------------------------------------------------------------------------


def clean_questions(questions: Sequence[str]) -> list[str]:
    cleaned = [question.strip() for question in questions if question and question.strip()]
    if len(cleaned) > MAX_QUESTIONS or any(len(q) > MAX_QUESTION_CHARS for q in cleaned):
        raise messaging_error(MessagingErrorCode.QUESTIONS_INVALID, field="questions")
    return cleaned


def check_no_discriminatory_questions(fields: dict[str, str]) -> None:
    """DIS-05: refuse text asking about marriage, childbearing, pregnancy or HBV."""
    findings = question_findings(fields)
    if findings:
        field_name = str(findings[0]["field"]).split(".")[0]
        raise messaging_error(
            MessagingErrorCode.DISCRIMINATORY_QUESTION,
            field=field_name,
            extra={"findings": findings},
        )


def _question_fields(instructions: str, questions: Sequence[str]) -> dict[str, str]:
    fields = {"instructions": instructions}
    fields.update({f"questions.{index}": text for index, text in enumerate(questions)})
    return fields


def clean_mode(mode: str, address: str, video_link: str) -> tuple[str, str]:
    if mode not in InterviewMode.values:
        raise messaging_error(MessagingErrorCode.MODE_INVALID, field="mode")
    address, video_link = address.strip()[:200], video_link.strip()[:200]
    if mode == InterviewMode.ONSITE and not address:
        raise messaging_error(MessagingErrorCode.ADDRESS_REQUIRED, field="address")
    if mode == InterviewMode.VIDEO:
        parsed = urlparse(video_link)
        if parsed.scheme != "https" or not parsed.netloc:
            raise messaging_error(MessagingErrorCode.VIDEO_LINK_REQUIRED, field="video_link")
    return (
        address if mode == InterviewMode.ONSITE else "",
        video_link if mode == InterviewMode.VIDEO else "",
    )


def clean_duration(minutes: int) -> int:
    if not 10 <= minutes <= 480:
        raise messaging_error(MessagingErrorCode.DURATION_INVALID, field="duration_minutes")
    return minutes


def clean_slots(slots: Sequence[dt.datetime]) -> list[dt.datetime]:
    """1–5 distinct, timezone-aware times in the future (to the minute)."""
    if not slots:
        raise messaging_error(MessagingErrorCode.SLOTS_REQUIRED, field="slots")
    if len(slots) > MAX_SLOTS:
        raise messaging_error(MessagingErrorCode.SLOTS_TOO_MANY, field="slots")
    now = timezone.now()
    cleaned: list[dt.datetime] = []
    for slot in slots:
        aware = slot if timezone.is_aware(slot) else timezone.make_aware(slot)
        aware = aware.replace(second=0, microsecond=0)
        if aware <= now:
            raise messaging_error(MessagingErrorCode.SLOT_IN_PAST, field="slots")
        if aware in cleaned:
            raise messaging_error(MessagingErrorCode.SLOT_DUPLICATE, field="slots")
        cleaned.append(aware)
    return sorted(cleaned)


def _interviewers(org: Organisation, ids: Sequence[str]) -> list[Membership]:
    wanted = {str(value) for value in ids}
    members = {str(member.pk): member for member in active_members(org)}
    if not wanted <= members.keys():
        raise messaging_error(MessagingErrorCode.INTERVIEWER_INVALID, field="interviewer_ids")
    return [members[key] for key in wanted]


def _move_to_interview_stage(application: Application, *, actor: Actor) -> None:
    """Move the application to the organisation's 面试 stage through the applications
    app's ``move_application`` (contract), when that action exists."""
    try:
        application_actions = importlib.import_module("rencai.applications.actions")
        application_queries = importlib.import_module("rencai.applications.queries")
    except ImportError:
        return
    move = getattr(application_actions, "move_application", None)
    stages_of = getattr(application_queries, "stages_of", None)
    if move is None or stages_of is None:
        return
    stage = next(
        (s for s in stages_of(application.organisation) if s.kind == StageKind.INTERVIEW), None
    )
    if stage is not None and application.stage_id != stage.pk:
        move(application, stage, actor=actor)


def _org_recipients(interview: Interview) -> list[User]:
    """The interviewers, or the creator when none was chosen."""
    users = [member.user for member in interview.interviewers.select_related("user")]
    return users or [interview.created_by]


def _params(interview: Interview) -> dict[str, str]:
    return {
        "org": interview.organisation.legal_name[:100],
        "job": job_title_of(interview.application),
        "round": str(interview.round),
    }


def _seeker_url(interview: Interview) -> str:
    return reverse("messaging:seeker_interview", args=[interview.pk])


def _employer_url(interview: Interview) -> str:
    return reverse("messaging:employer_interview", args=[interview.pk])


def _locked(interview: Interview) -> Interview:
    return Interview.objects.select_for_update().get(pk=interview.pk)


# --- employer -----------------------------------------------------------------------------


def create_interview(
    application: Application, plan: InterviewPlan, *, membership: Membership, actor: Actor
) -> Interview:
    """Invite the applicant to an interview with 1–5 proposed times; the application moves
    to the 面试 stage. The instructions and questions are screened (DIS-05)."""
    if application.organisation_id != membership.organisation_id:
        raise messaging_error(MessagingErrorCode.APPLICATION_CLOSED)
    if application.status != ApplicationStatus.ACTIVE:
        raise messaging_error(MessagingErrorCode.APPLICATION_CLOSED)
    address, video_link = clean_mode(plan.mode, plan.address, plan.video_link)
    duration = clean_duration(plan.duration_minutes)
    slots = clean_slots(plan.slots)
    questions = clean_questions(plan.questions)
    instructions = plan.instructions.strip()[:2000]
    check_no_discriminatory_questions(_question_fields(instructions, questions))
    interviewers = _interviewers(membership.organisation, plan.interviewer_ids)
    if not 1 <= plan.round <= 20:
        raise messaging_error(MessagingErrorCode.INTERVIEW_STATE, field="round")
    with transaction.atomic():
        interview = Interview.objects.create(
            application=application,
            organisation=membership.organisation,
            round=plan.round,
            mode=plan.mode,
            address=address,
            video_link=video_link,
            duration_minutes=duration,
            instructions=instructions,
            questions=questions,
            created_by=membership.user,
        )
        interview.interviewers.set(interviewers)
        InterviewSlot.objects.bulk_create(
            [InterviewSlot(interview=interview, starts_at=slot) for slot in slots]
        )
        record_event(
            actor,
            "messaging.interview_created",
            interview,
            after={
                "application": str(application.pk),
                "round": plan.round,
                "mode": plan.mode,
                "slots": [slot.isoformat() for slot in slots],
                "interviewers": [str(member.pk) for member in interviewers],
            },
        )
        _move_to_interview_stage(application, actor=actor)
        notify(
            application.seeker,
            notices.INTERVIEW_INVITED,
            params=_params(interview),
            url=_seeker_url(interview),
            sms=True,
            actor=actor,
        )
    return interview


def propose_slots(interview: Interview, slots: Sequence[dt.datetime], *, actor: Actor) -> Interview:
    """Replace the proposed times (after a reschedule request, or to move a confirmed
    interview); the seeker picks again and the reminder will be sent again."""
    cleaned = clean_slots(slots)
    with transaction.atomic():
        interview = _locked(interview)
        if not employer_can_change(interview):
            raise messaging_error(MessagingErrorCode.INTERVIEW_STATE)
        interview.slots.all().delete()
        InterviewSlot.objects.bulk_create(
            [InterviewSlot(interview=interview, starts_at=slot) for slot in cleaned]
        )
        interview.status = InterviewStatus.PROPOSED
        interview.starts_at = None
        interview.reminded_at = None
        interview.save(update_fields=["status", "starts_at", "reminded_at", "updated_at"])
        record_event(
            actor,
            "messaging.interview_slots_proposed",
            interview,
            after={"slots": [slot.isoformat() for slot in cleaned]},
        )
        notify(
            interview.application.seeker,
            notices.INTERVIEW_NEW_TIMES,
            params=_params(interview),
            url=_seeker_url(interview),
            sms=True,
            actor=actor,
        )
    return interview


def cancel_interview(interview: Interview, *, reason: str = "", actor: Actor) -> Interview:
    with transaction.atomic():
        interview = _locked(interview)
        if not employer_can_change(interview):
            raise messaging_error(MessagingErrorCode.INTERVIEW_STATE)
        interview.status = InterviewStatus.CANCELLED
        interview.save(update_fields=["status", "updated_at"])
        record_event(
            actor,
            "messaging.interview_cancelled",
            interview,
            after={"reason_given": bool(reason.strip())},
        )
        notify(
            interview.application.seeker,
            notices.INTERVIEW_CANCELLED,
            params=_params(interview),
            url=_seeker_url(interview),
            sms=True,
            actor=actor,
        )
    return interview


def cancel_interviews_of_withdrawn(application: Application, *, actor: Actor) -> int:
    """The seeker withdrew ``application``: its open interviews are cancelled in the same
    transaction (no reminders, no answers), and the interviewers are told. Called by the
    applications app's withdraw action; returns how many were cancelled."""
    cancelled = 0
    open_interviews = Interview.objects.select_for_update(of=("self",)).filter(
        application=application, status__in=OPEN_INTERVIEW
    )
    for interview in open_interviews.select_related("application__posting__live_version"):
        interview.status = InterviewStatus.CANCELLED
        interview.save(update_fields=["status", "updated_at"])
        record_event(
            actor,
            "messaging.interview_cancelled",
            interview,
            after={"reason": "application_withdrawn"},
        )
        notify_many(
            _org_recipients(interview),
            notices.INTERVIEW_DECLINED,
            params=_params(interview),
            actor=actor,
        )
        cancelled += 1
    return cancelled


def complete_interview(interview: Interview, *, actor: Actor) -> Interview:
    """Record that a confirmed interview took place (not before its start time)."""
    with transaction.atomic():
        interview = _locked(interview)
        if interview.status != InterviewStatus.ACCEPTED or interview.starts_at is None:
            raise messaging_error(MessagingErrorCode.INTERVIEW_STATE)
        if interview.starts_at > timezone.now():
            raise messaging_error(MessagingErrorCode.INTERVIEW_STATE)
        interview.status = InterviewStatus.COMPLETED
        interview.save(update_fields=["status", "updated_at"])
        record_event(actor, "messaging.interview_completed", interview)
    return interview


def submit_scorecard(
    interview: Interview,
    *,
    membership: Membership,
    rating: int,
    recommendation: str,
    notes: str = "",
    actor: Actor,
) -> Scorecard:
    """One scorecard per interviewer (a second submission replaces the first); seen only
    inside the organisation. Notes are screened like questions (DIS-05)."""
    if not interview.interviewers.filter(pk=membership.pk).exists():
        raise messaging_error(MessagingErrorCode.NOT_INTERVIEWER)
    if not 1 <= rating <= 5:
        raise messaging_error(MessagingErrorCode.RATING_INVALID, field="rating")
    if recommendation not in Recommendation.values:
        raise messaging_error(MessagingErrorCode.RECOMMENDATION_INVALID, field="recommendation")
    text = notes.strip()[:4000]
    check_no_discriminatory_questions({"notes": text})
    with transaction.atomic():
        interview = _locked(interview)
        if interview.status not in (InterviewStatus.ACCEPTED, InterviewStatus.COMPLETED):
            raise messaging_error(MessagingErrorCode.INTERVIEW_STATE)
        card, created = Scorecard.objects.select_for_update().get_or_create(
            interview=interview,
            interviewer=membership.user,
            defaults={"rating": rating, "recommendation": recommendation, "notes": text},
        )
        if not created:
            card.rating, card.recommendation, card.notes = rating, recommendation, text
            card.save(update_fields=["rating", "recommendation", "notes", "updated_at"])
        record_event(
            actor,
            "messaging.scorecard_submitted",
            card,
            after={"interview": str(interview.pk), "rating": rating, "created": created},
        )
    return card


# --- seeker -------------------------------------------------------------------------------


def accept_slot(interview: Interview, slot_id: str, *, actor: Actor) -> Interview:
    """The seeker confirms one of the proposed times (still in the future)."""
    with transaction.atomic():
        interview = _locked(interview)
        if interview.status != InterviewStatus.PROPOSED:
            raise messaging_error(MessagingErrorCode.INTERVIEW_STATE)
        if interview.application.status != ApplicationStatus.ACTIVE:
            raise messaging_error(MessagingErrorCode.APPLICATION_CLOSED)
        slot = next((s for s in interview.slots.all() if str(s.pk) == str(slot_id)), None)
        if slot is None:
            raise messaging_error(MessagingErrorCode.SLOT_INVALID, field="slot_id")
        if slot.starts_at <= timezone.now():
            raise messaging_error(MessagingErrorCode.SLOT_IN_PAST, field="slot_id")
        interview.slots.update(chosen=False)
        InterviewSlot.objects.filter(pk=slot.pk).update(chosen=True)
        interview.status = InterviewStatus.ACCEPTED
        interview.starts_at = slot.starts_at
        interview.reminded_at = None
        interview.save(update_fields=["status", "starts_at", "reminded_at", "updated_at"])
        record_event(
            actor,
            "messaging.interview_accepted",
            interview,
            after={"starts_at": slot.starts_at.isoformat()},
        )
        notify_many(
            _org_recipients(interview),
            notices.INTERVIEW_ACCEPTED,
            params={**_params(interview), "when": local_label(slot.starts_at)},
            url=_employer_url(interview),
            actor=actor,
        )
    return interview


def _clean_note(note: str, *, required: bool) -> str:
    text = note.strip()[:MAX_NOTE_CHARS]
    if required and not text:
        raise messaging_error(MessagingErrorCode.NOTE_REQUIRED, field="note")
    return text


def decline_interview(interview: Interview, *, note: str = "", actor: Actor) -> Interview:
    text = _clean_note(note, required=False)
    with transaction.atomic():
        interview = _locked(interview)
        if not seeker_can_answer(interview):
            raise messaging_error(MessagingErrorCode.INTERVIEW_STATE)
        interview.status = InterviewStatus.DECLINED
        interview.seeker_note = text
        interview.save(update_fields=["status", "seeker_note", "updated_at"])
        record_event(actor, "messaging.interview_declined", interview)
        notify_many(
            _org_recipients(interview),
            notices.INTERVIEW_DECLINED,
            params=_params(interview),
            url=_employer_url(interview),
            actor=actor,
        )
    return interview


def request_reschedule(interview: Interview, *, note: str, actor: Actor) -> Interview:
    """The seeker asks for other times, saying when suits them."""
    text = _clean_note(note, required=True)
    with transaction.atomic():
        interview = _locked(interview)
        if not seeker_can_answer(interview):
            raise messaging_error(MessagingErrorCode.INTERVIEW_STATE)
        interview.status = InterviewStatus.RESCHEDULE
        interview.seeker_note = text
        interview.starts_at = None
        interview.slots.update(chosen=False)
        interview.save(update_fields=["status", "seeker_note", "starts_at", "updated_at"])
        record_event(actor, "messaging.interview_reschedule_requested", interview)
        notify_many(
            _org_recipients(interview),
            notices.INTERVIEW_RESCHEDULE,
            params=_params(interview),
            url=_employer_url(interview),
            actor=actor,
        )
    return interview


# --- reminders ----------------------------------------------------------------------------


def due_for_reminder(now: dt.datetime) -> QuerySet[Interview]:
    """Confirmed interviews starting within ``INTERVIEW_REMINDER_HOURS`` and not reminded."""
    horizon = now + dt.timedelta(hours=settings.INTERVIEW_REMINDER_HOURS)
    return Interview.objects.filter(
        status=InterviewStatus.ACCEPTED,
        reminded_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=horizon,
    ).exclude(application__status=ApplicationStatus.WITHDRAWN)


def send_interview_reminders(now: dt.datetime | None = None) -> int:
    """Remind both sides once (in-site; SMS to the seeker) of each interview that starts
    within the reminder window; returns how many interviews were reminded."""
    moment = now or timezone.now()
    actor = system_actor()
    sent = 0
    for pk in list(due_for_reminder(moment).values_list("pk", flat=True)):
        with transaction.atomic():
            # Lock the row alone (PostgreSQL refuses FOR UPDATE across the nullable join to
            # the live version), then read it with what the notices need.
            Interview.objects.select_for_update().filter(pk=pk).values_list("pk").get()
            interview = Interview.objects.select_related(
                "application__seeker",
                "application__posting__live_version",
                "organisation",
                "created_by",
            ).get(pk=pk)
            if interview.reminded_at is not None or interview.starts_at is None:
                continue
            interview.reminded_at = moment
            interview.save(update_fields=["reminded_at", "updated_at"])
            params = {**_params(interview), "when": local_label(interview.starts_at)}
            key = f"interview-reminder:{interview.pk}:{interview.starts_at.isoformat()}"
            notify(
                interview.application.seeker,
                notices.INTERVIEW_REMINDER,
                params=params,
                url=_seeker_url(interview),
                sms=True,
                dedupe_key=key[:100],
                actor=actor,
            )
            notify_many(
                _org_recipients(interview),
                notices.INTERVIEW_REMINDER,
                params=params,
                url=_employer_url(interview),
                dedupe_key=key[:100],
                actor=actor,
            )
            record_event(actor, "messaging.interview_reminded", interview)
            sent += 1
    return sent


# --- templates ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateContent:
    name: str
    mode: str
    duration_minutes: int = 45
    instructions: str = ""
    questions: Sequence[str] = field(default_factory=tuple)


def _clean_template(content: TemplateContent) -> TemplateContent:
    name = content.name.strip()[:60]
    if not name:
        raise messaging_error(MessagingErrorCode.NAME_REQUIRED, field="name")
    if content.mode not in InterviewMode.values:
        raise messaging_error(MessagingErrorCode.MODE_INVALID, field="mode")
    questions = clean_questions(content.questions)
    instructions = content.instructions.strip()[:2000]
    check_no_discriminatory_questions({"name": name, **_question_fields(instructions, questions)})
    return TemplateContent(
        name, content.mode, clean_duration(content.duration_minutes), instructions, questions
    )


def _template_saved(
    template: InterviewTemplate, content: TemplateContent, action: str, *, actor: Actor
) -> InterviewTemplate:
    template.name, template.mode = content.name, content.mode
    template.duration_minutes = content.duration_minutes
    template.instructions, template.questions = content.instructions, list(content.questions)
    try:
        with transaction.atomic():
            if (
                template.organisation.interview_templates.filter(name=template.name)
                .exclude(pk=template.pk)
                .exists()
            ):
                raise IntegrityError
            template.save()
            record_event(
                actor,
                action,
                template,
                after={"name": template.name, "questions": len(template.questions)},
            )
    except IntegrityError as exc:
        raise messaging_error(MessagingErrorCode.TEMPLATE_NAME_TAKEN, field="name") from exc
    return template


def create_template(
    org: Organisation, content: TemplateContent, *, actor: Actor
) -> InterviewTemplate:
    """A reusable interview plan; refused with ``discriminatory_question`` when any text
    asks about marriage, childbearing, pregnancy or HBV (DIS-05)."""
    clean = _clean_template(content)
    return _template_saved(
        InterviewTemplate(organisation=org), clean, "messaging.template_created", actor=actor
    )


def update_template(
    template: InterviewTemplate, content: TemplateContent, *, actor: Actor
) -> InterviewTemplate:
    clean = _clean_template(content)
    return _template_saved(template, clean, "messaging.template_updated", actor=actor)


def delete_template(template: InterviewTemplate, *, actor: Actor) -> None:
    with transaction.atomic():
        record_event(actor, "messaging.template_deleted", template, after={"name": template.name})
        template.delete()


__all__ = [
    "InterviewPlan",
    "TemplateContent",
    "accept_slot",
    "cancel_interview",
    "complete_interview",
    "create_interview",
    "create_template",
    "decline_interview",
    "delete_template",
    "propose_slots",
    "request_reschedule",
    "send_interview_reminders",
    "submit_scorecard",
    "update_template",
]

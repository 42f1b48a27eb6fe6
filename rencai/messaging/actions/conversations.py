"""Conversations between a seeker and an organisation: opening one, sending, reading,
blocking and reporting (FRD-05, DIS-05, PI-07)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from rencai.applications.models import Application, ApplyInvitation
from rencai.audit.actions import record_event
from rencai.core.actors import Actor
from rencai.core.errors import not_found
from rencai.files.actions import store_upload
from rencai.files.choices import DOCUMENT_KINDS
from rencai.messaging import notices
from rencai.messaging.choices import Side
from rencai.messaging.errors import MessagingErrorCode, messaging_error
from rencai.messaging.models import Conversation, Message
from rencai.messaging.permissions import org_side_open
from rencai.messaging.queries import Party, active_members
from rencai.messaging.safety import question_findings, safety_flags
from rencai.notifications.actions import notify
from rencai.orgs.queries import active_membership
from rencai.risk.scores import note_messages_sent
from rencai.sanctions.enforcement import ensure_may_message

if TYPE_CHECKING:
    from rencai.accounts.models import User
    from rencai.moderation.models import Report


def job_title(conversation: Conversation) -> str:
    """The title of the posting the conversation is about (for notices and headings)."""
    subject = conversation.application or conversation.invitation
    assert subject is not None
    version = subject.posting.live_version
    return version.title if version is not None else ""


def conversation_for(subject: Application | ApplyInvitation, *, actor: Actor) -> Conversation:
    """The conversation about an application or an invitation to apply, created on first
    use. Only the seeker and active members of the organisation may open it (404 for
    anyone else; the organisation loses access once the application is withdrawn)."""
    user = actor.user
    if user is None:
        raise not_found()
    application = subject if isinstance(subject, Application) else None
    invitation = subject if isinstance(subject, ApplyInvitation) else None
    is_application = application is not None
    lookup = {"application": subject} if is_application else {"invitation": subject}
    existing = Conversation.objects.filter(**lookup).first()
    if existing is not None:
        _party(existing, user)  # raises not_found for outsiders
        return existing
    conversation = Conversation(
        seeker_id=subject.seeker_id,
        organisation_id=subject.organisation_id,
        application=application,
        invitation=invitation,
    )
    _party(conversation, user)
    try:
        with transaction.atomic():
            conversation.save()
            record_event(
                actor,
                "messaging.conversation_opened",
                conversation,
                after={
                    "organisation": str(subject.organisation_id),
                    "application": str(subject.pk) if is_application else None,
                    "invitation": None if is_application else str(subject.pk),
                },
            )
    except IntegrityError:  # opened at the same moment by the other side
        return Conversation.objects.get(**lookup)
    return conversation


def _party(conversation: Conversation, user: User) -> Party:
    if conversation.seeker_id == user.pk:
        return Party(user, Side.SEEKER)
    membership = active_membership(user)
    if (
        membership is not None
        and membership.organisation_id == conversation.organisation_id
        and org_side_open(conversation)
    ):
        return Party(user, Side.ORGANISATION, membership)
    raise not_found()


def _clean_body(text: str) -> str:
    body = text.strip()
    limit = settings.MESSAGING_MAX_MESSAGE_CHARS
    if len(body) > limit:
        raise messaging_error(
            MessagingErrorCode.MESSAGE_TOO_LONG, field="body", params={"limit": limit}
        )
    return body


def _recipients(conversation: Conversation, side: str) -> list[User]:
    """Who hears about a message from ``side``: the seeker; or the recruiter who owns the
    posting while still an active member, else every active member."""
    if side == Side.ORGANISATION:
        return [conversation.seeker]
    members = list(active_members(conversation.organisation))
    subject = conversation.application or conversation.invitation
    owner_id = subject.posting.owner_id if subject is not None else None
    owners = [membership.user for membership in members if membership.pk == owner_id]
    return owners or [membership.user for membership in members]


def _notify_new_message(conversation: Conversation, side: str, *, actor: Actor) -> None:
    """At most one notification per conversation and recipient per
    ``MESSAGING_NOTIFY_MINUTES`` window (the dedupe key names the window)."""
    window = settings.MESSAGING_NOTIFY_MINUTES * 60
    bucket = int(timezone.now().timestamp()) // window
    url = reverse("messaging:conversation", args=[conversation.pk])
    for recipient in _recipients(conversation, side):
        if actor.user is not None and recipient.pk == actor.user.pk:
            continue
        notify(
            recipient,
            notices.NEW_MESSAGE,
            params={"job": job_title(conversation)[:100] or "-"},
            url=url,
            dedupe_key=f"msg:{conversation.pk}:{bucket}",
            actor=actor,
        )


def send_message(
    conversation: Conversation,
    body: str,
    *,
    attachment: UploadedFile | None = None,
    actor: Actor,
) -> Message:
    """Send a message (text, an optional PDF or image, or both) as the actor's side.

    Messages from the organisation are screened: DIS-05 questions (marriage, childbearing,
    pregnancy, HBV) are refused with ``discriminatory_question`` and the findings in
    ``warnings``; FRD-05 patterns (money, transfers, loans, 刷单, other apps) are stored in
    ``safety_flags`` so the seeker sees a warning card with the message. A blocked
    conversation takes no messages (``conversation_blocked``)."""
    assert actor.user is not None
    ensure_may_message(actor.user)  # FRD-02: suspended or restricted by a sanction
    party = _party(conversation, actor.user)
    text = _clean_body(body)
    if not text and attachment is None:
        raise messaging_error(MessagingErrorCode.MESSAGE_EMPTY, field="body")
    flags: list[dict[str, object]] = []
    if party.side == Side.ORGANISATION and text:
        findings = question_findings({"body": text})
        if findings:
            raise messaging_error(
                MessagingErrorCode.DISCRIMINATORY_QUESTION,
                field="body",
                extra={"warnings": findings},
            )
        flags = list(safety_flags(text))
    with transaction.atomic():
        locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
        if locked.blocked_by:
            raise messaging_error(MessagingErrorCode.BLOCKED)
        stored = None
        if attachment is not None:
            stored = store_upload(
                attachment,
                purpose="message",
                accept=DOCUMENT_KINDS,
                owner=actor.user,
                actor=actor,
                field="attachment",
            )
        message = Message.objects.create(
            conversation=locked,
            sender=actor.user,
            side=party.side,
            body=text,
            attachment=stored,
            safety_flags=flags,
        )
        now = message.created_at
        locked.last_message_at = now
        # Writing is reading: the sender's side has read everything up to its own message.
        read_field = "seeker_read_at" if party.side == Side.SEEKER else "organisation_read_at"
        setattr(locked, read_field, now)
        locked.save(update_fields=["last_message_at", read_field, "updated_at"])
        record_event(
            actor,
            "messaging.message_sent",
            message,
            after={
                "conversation": str(locked.pk),
                "side": party.side,
                "length": len(text),
                "attachment": str(stored.pk) if stored else None,
                "safety_flags": [flag["category"] for flag in flags],
            },
        )
        _notify_new_message(locked, party.side, actor=actor)
        if party.side == Side.ORGANISATION:  # FRD-01: velocity of the sender
            transaction.on_commit(
                partial(note_messages_sent, actor.user.pk, locked.organisation_id)
            )
    conversation.last_message_at = locked.last_message_at
    return message


def mark_read(conversation: Conversation, *, actor: Actor) -> Conversation:
    """Move the actor's side's read-up-to mark to now and stamp the other side's unread
    messages as read (read receipts: 已读/未读). Not audited: it changes no one's data."""
    assert actor.user is not None
    party = _party(conversation, actor.user)
    now = timezone.now()
    read_field = "seeker_read_at" if party.side == Side.SEEKER else "organisation_read_at"
    with transaction.atomic():
        Message.objects.filter(
            conversation=conversation, side=party.other_side, read_at__isnull=True
        ).update(read_at=now)
        Conversation.objects.filter(pk=conversation.pk).update(**{read_field: now})
    setattr(conversation, read_field, now)
    return conversation


def block_conversation(conversation: Conversation, *, actor: Actor) -> Conversation:
    """The actor's side blocks the conversation: no more messages either way until the
    same side unblocks it."""
    assert actor.user is not None
    party = _party(conversation, actor.user)
    with transaction.atomic():
        locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
        if locked.blocked_by:
            raise messaging_error(MessagingErrorCode.BLOCKED)
        locked.blocked_by, locked.blocked_at = party.side, timezone.now()
        locked.save(update_fields=["blocked_by", "blocked_at", "updated_at"])
        record_event(actor, "messaging.conversation_blocked", locked, after={"side": party.side})
    conversation.blocked_by, conversation.blocked_at = locked.blocked_by, locked.blocked_at
    return conversation


def unblock_conversation(conversation: Conversation, *, actor: Actor) -> Conversation:
    assert actor.user is not None
    party = _party(conversation, actor.user)
    with transaction.atomic():
        locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
        if not locked.blocked_by:
            raise messaging_error(MessagingErrorCode.NOT_BLOCKED)
        if locked.blocked_by != party.side:
            raise messaging_error(MessagingErrorCode.NOT_BLOCKER)
        locked.blocked_by, locked.blocked_at = "", None
        locked.save(update_fields=["blocked_by", "blocked_at", "updated_at"])
        record_event(actor, "messaging.conversation_unblocked", locked, after={"side": party.side})
    conversation.blocked_by, conversation.blocked_at = "", None
    return conversation


def report_conversation(
    conversation: Conversation,
    *,
    category: str,
    details: str = "",
    message: Message | None = None,
    evidence_files: Sequence[UploadedFile] = (),
    actor: Actor,
) -> Report:
    """Report one message of the conversation, or else the other party (the organisation,
    or the seeker when an organisation reports), to trust & safety through the report
    queue (``rencai.moderation.reports.file_report``, CMP-01); the reporter gets a
    reference number. The report keeps a snapshot of the message as evidence."""
    from rencai.moderation.reports import file_report

    assert actor.user is not None
    party = _party(conversation, actor.user)
    if message is not None and message.conversation_id != conversation.pk:
        raise not_found()
    if message is not None:
        kind, target_id = "message", message.pk
    elif party.side == Side.SEEKER:
        kind, target_id = "organisation", conversation.organisation_id
    else:
        kind, target_id = "user", conversation.seeker_id
    return file_report(
        target_kind=kind,
        target_id=target_id,
        category=category,
        details=details,
        evidence_files=evidence_files,
        actor=actor,
        context={"conversation": str(conversation.pk), "side": party.side},
    )


def composer_warnings(
    conversation: Conversation, text: str, *, actor: Actor
) -> list[dict[str, Any]]:
    """The DIS-05 hint while an employer types (nothing is stored): the questions that
    ``send_message`` would refuse. Seekers get none."""
    assert actor.user is not None
    party = _party(conversation, actor.user)
    if party.side != Side.ORGANISATION:
        return []
    return question_findings({"body": text[: settings.MESSAGING_MAX_MESSAGE_CHARS]})

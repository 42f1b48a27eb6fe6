"""What the pages show of conversations and messages: the other party's name (masked
before the seeker applied, PI-07), read receipts and the seeker's safety cards (FRD-05)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rencai.applications.choices import InvitationStatus
from rencai.core.masking import mask_name
from rencai.messaging.choices import Side
from rencai.messaging.models import Conversation, Message
from rencai.messaging.safety import warning_text

PREVIEW_CHARS = 60


def posting_title(conversation: Conversation) -> str:
    subject = conversation.application or conversation.invitation
    if subject is None:
        return ""
    version = subject.posting.live_version
    return version.title if version is not None else ""


def counterpart(conversation: Conversation, side: str) -> str:
    """The other party as shown to ``side``: the organisation's name for the seeker; for
    the organisation the seeker's display name, masked until the seeker applied or
    accepted the invitation."""
    if side == Side.SEEKER:
        return conversation.organisation.legal_name
    name = conversation.seeker.display_name
    if conversation.application_id is None and (
        conversation.invitation is None
        or conversation.invitation.status != InvitationStatus.ACCEPTED
    ):
        return mask_name(name)
    return name


def subject_line(conversation: Conversation, side: str) -> dict[str, str]:
    return {"title": posting_title(conversation), "counterpart": counterpart(conversation, side)}


@dataclass(frozen=True)
class ConversationRow:
    conversation: Conversation
    title: str
    counterpart: str
    unread: int
    preview: str
    blocked: bool


def conversation_rows(conversations: list[Conversation], side: str) -> list[ConversationRow]:
    rows = []
    for conversation in conversations:
        body = getattr(conversation, "last_body", None) or ""
        rows.append(
            ConversationRow(
                conversation=conversation,
                title=posting_title(conversation),
                counterpart=counterpart(conversation, side),
                unread=int(getattr(conversation, "unread", 0) or 0),
                preview=body[:PREVIEW_CHARS] + ("…" if len(body) > PREVIEW_CHARS else ""),
                blocked=bool(conversation.blocked_by),
            )
        )
    return rows


@dataclass(frozen=True)
class MessageRow:
    message: Message
    mine: bool
    read: bool
    warnings: list[str]


def message_rows(
    messages: list[Message], conversation: Conversation, side: str
) -> list[MessageRow]:
    """Each message with whether the viewer sent it, whether the other side has read it
    (已读/未读, for the viewer's own messages) and, for the seeker, the safety warnings."""
    other_read = (
        conversation.organisation_read_at if side == Side.SEEKER else conversation.seeker_read_at
    )
    rows = []
    for message in messages:
        mine = message.side == side
        warnings: list[str] = []
        if side == Side.SEEKER and not mine:
            warnings = [
                warning_text(str(flag.get("category", ""))) for flag in message.safety_flags
            ]
        read = bool(mine and other_read is not None and other_read >= message.created_at)
        rows.append(MessageRow(message, mine, read, warnings))
    return rows


def message_json(row: MessageRow) -> dict[str, Any]:
    message = row.message
    return {
        "id": message.pk,
        "side": message.side,
        "mine": row.mine,
        "body": message.body,
        "created_at": message.created_at,
        "read": row.read if row.mine else None,
        "attachment": (
            {
                "name": message.attachment.original_name,
                "content_type": message.attachment.content_type,
                "size": message.attachment.size,
            }
            if message.attachment is not None
            else None
        ),
        "safety_warnings": [
            {"category": str(flag.get("category", "")), "text": text}
            for flag, text in zip(message.safety_flags, row.warnings, strict=False)
        ],
    }

"""What can be reported, by whom, and what is kept of it (CMP-01).

``resolve_target`` finds the target the reporter may see (404 otherwise, so a report never
reveals what exists), names the account answerable for it (for the complaint-concentration
trigger, FRD-03) and takes a snapshot of it as it is at report time (kept as evidence)."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from rencai.accounts.models import User
from rencai.core.errors import DomainError, not_found
from rencai.moderation.choices import ANONYMOUS_TARGETS, TargetKind
from rencai.moderation.errors import ModerationErrorCode, moderation_error
from rencai.orgs.models import Organisation


@dataclass(frozen=True)
class Target:
    kind: str
    id: uuid.UUID
    label: str
    organisation: Organisation | None = None
    user: User | None = None
    snapshot: dict[str, Any] = field(default_factory=dict)
    context: dict[str, Any] = field(default_factory=dict)


def snapshot_hash(snapshot: dict[str, Any]) -> str:
    """The SHA-256 of a snapshot in canonical JSON (sorted keys, UTF-8)."""
    text = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _uuid(value: object) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError as exc:
        raise not_found() from exc


def _member_org(user: User | None) -> Organisation | None:
    if user is None:
        return None
    from rencai.orgs.queries import active_membership

    membership = active_membership(user)
    return membership.organisation if membership is not None else None


def _posting(target_id: uuid.UUID, reporter: User | None) -> Target:
    from rencai.jobs.queries import public_posting

    try:
        posting = public_posting(target_id, reporter)
    except DomainError as exc:
        raise not_found() from exc
    version = posting.live_version
    assert version is not None
    return Target(
        TargetKind.POSTING,
        posting.pk,
        version.title,
        organisation=posting.organisation,
        snapshot={
            "kind": TargetKind.POSTING,
            "posting": str(posting.pk),
            "organisation": posting.organisation.legal_name,
            "uscc": posting.organisation.uscc,
            "status": posting.status,
            "version": version.number,
            "version_id": str(version.pk),
            "title": version.title,
            "description": version.description,
            "requirements": version.requirements,
            "pay": [version.pay_min, version.pay_max, version.pay_period],
            "locations": version.locations,
        },
    )


def _organisation(target_id: uuid.UUID) -> Target:
    from rencai.orgs.queries import public_organisation

    org = public_organisation(target_id)
    return Target(
        TargetKind.ORGANISATION,
        org.pk,
        org.legal_name,
        organisation=org,
        snapshot={
            "kind": TargetKind.ORGANISATION,
            "organisation": str(org.pk),
            "name": org.legal_name,
            "uscc": org.uscc,
            "account_class": org.account_class,
            "status": org.status,
            "introduction": org.introduction,
        },
    )


def _message(target_id: uuid.UUID, reporter: User) -> Target:
    from rencai.messaging.models import Message
    from rencai.messaging.queries import conversation_of

    message = Message.objects.filter(pk=target_id).first()
    if message is None:
        raise not_found()
    conversation, party = conversation_of(reporter, message.conversation_id)
    if message.side == party.side:
        raise moderation_error(ModerationErrorCode.OWN_TARGET)
    from_org = message.side == "organisation"
    return Target(
        TargetKind.MESSAGE,
        message.pk,
        (message.body or "").strip()[:60] or str(message.pk),
        organisation=conversation.organisation if from_org else None,
        user=None if from_org else conversation.seeker,
        snapshot={
            "kind": TargetKind.MESSAGE,
            "message": str(message.pk),
            "conversation": str(conversation.pk),
            "side": message.side,
            "sent_at": message.created_at.isoformat(),
            "body": message.body,
            "attachment": str(message.attachment_id) if message.attachment_id else None,
        },
        context={"conversation": str(conversation.pk), "side": party.side},
    )


def _resume(target_id: uuid.UUID, reporter: User) -> Target:
    from rencai.resumes.access import resume_for_org

    org = _member_org(reporter)
    if org is None:
        raise not_found()
    resume = resume_for_org(org, target_id)
    return Target(
        TargetKind.RESUME,
        resume.pk,
        resume.title,
        user=resume.owner,
        snapshot={
            "kind": TargetKind.RESUME,
            "resume": str(resume.pk),
            "title": resume.title,
            "full_name": resume.full_name,
            "updated_at": resume.updated_at.isoformat(),
        },
        context={"organisation": str(org.pk)},
    )


def _user(target_id: uuid.UUID, reporter: User) -> Target:
    """A person the reporter met in a conversation: a recruiter of an organisation the
    reporter talks to as a seeker, or a seeker who talks to the reporter's organisation."""
    from rencai.messaging.models import Conversation

    target = User.objects.filter(pk=target_id, is_active=True).first()
    if target is None:
        raise not_found()
    if target.pk == reporter.pk:
        raise moderation_error(ModerationErrorCode.OWN_TARGET)
    org = _member_org(reporter)
    met = Q(
        seeker=reporter,
        organisation__memberships__user=target,
        organisation__memberships__status="active",
    )
    if org is not None:
        met |= Q(seeker=target, organisation=org)
    if not Conversation.objects.filter(met).exists():
        raise not_found()
    return Target(
        TargetKind.USER,
        target.pk,
        target.display_name or str(target.pk),
        user=target,
        snapshot={
            "kind": TargetKind.USER,
            "user": str(target.pk),
            "display_name": target.display_name,
        },
    )


def _review(target_id: uuid.UUID, reporter: User | None) -> Target:
    """A review of the reviews app as the reporter may see it (published ones for anyone).
    The answerable account is the review's author (the organisation is what it is about);
    the snapshot keeps the text as shown and as written."""
    from rencai.reviews.queries import review_for_viewer

    review = review_for_viewer(reporter, target_id)
    shown = review.display_text or review.text
    return Target(
        TargetKind.REVIEW,
        review.pk,
        shown.strip()[:60] or str(review.pk),
        user=review.author,
        snapshot={
            "kind": TargetKind.REVIEW,
            "review": str(review.pk),
            "organisation": str(review.organisation_id),
            "review_kind": review.kind,
            "status": review.status,
            "score_overall": review.score_overall,
            "display_text": review.display_text,
            "text": review.text,
        },
    )


def resolve_target(kind: str, target_id: object, reporter: User | None) -> Target:
    """The target as ``reporter`` (None: an anonymous visitor) may see it, or 404;
    ``report_sign_in_required`` for what only signed-in people can report;
    ``report_own_target`` for oneself and one's own organisation's content."""
    if kind not in TargetKind.values:
        raise moderation_error(ModerationErrorCode.TARGET_KIND_INVALID)
    if reporter is None and kind not in ANONYMOUS_TARGETS:
        raise moderation_error(ModerationErrorCode.SIGN_IN_REQUIRED)
    pk = _uuid(target_id)
    if kind == TargetKind.POSTING:
        target = _posting(pk, reporter)
    elif kind == TargetKind.ORGANISATION:
        target = _organisation(pk)
    elif kind == TargetKind.REVIEW:
        target = _review(pk, reporter)
    else:
        assert reporter is not None
        if kind == TargetKind.MESSAGE:
            target = _message(pk, reporter)
        elif kind == TargetKind.RESUME:
            target = _resume(pk, reporter)
        else:
            target = _user(pk, reporter)
    own_org = _member_org(reporter)
    if (
        target.organisation is not None
        and own_org is not None
        and target.organisation.pk == own_org.pk
    ) or (reporter is not None and target.user is not None and target.user.pk == reporter.pk):
        raise moderation_error(ModerationErrorCode.OWN_TARGET)
    return target

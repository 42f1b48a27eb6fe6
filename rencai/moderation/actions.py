"""Putting subjects on the abnormal list and lifting them (FRD-04)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from rencai.audit.actions import record_event
from rencai.core.actors import Actor
from rencai.core.identifiers import id_number_index, validate_id_number, validate_uscc
from rencai.core.masking import mask_id_number, mask_phone
from rencai.core.phones import normalise_mobile, phone_index
from rencai.moderation.choices import SubjectKind
from rencai.moderation.errors import ModerationErrorCode, moderation_error
from rencai.moderation.models import AbnormalListEntry
from rencai.search import indexing


def _reason(text: str) -> str:
    cleaned = text.strip()
    if len(cleaned) < 5:
        raise moderation_error(ModerationErrorCode.REASON_REQUIRED, field="reason")
    return cleaned


def subject_key(kind: str, value: str) -> tuple[str, str]:
    """Validate ``value`` for ``kind`` and return (match key, label shown to operators)."""
    if kind == SubjectKind.USCC:
        uscc = validate_uscc(value)
        return uscc, uscc
    if kind == SubjectKind.ID_NUMBER:
        number = validate_id_number(value).number
        return id_number_index(number), mask_id_number(number)
    phone = normalise_mobile(value, field="value")
    return phone_index(phone), mask_phone(phone)


def list_subject(kind: str, value: str, *, reason: str, actor: Actor) -> AbnormalListEntry:
    """Put an organisation (USCC) or a person (ID or phone number) on the abnormal list.

    Listed subjects cannot create, join or verify organisations under any account; the
    orgs app's posting predicate treats a listed organisation as suspended."""
    assert actor.user is not None
    cleaned = _reason(reason)
    key, label = subject_key(kind, value)
    try:
        with transaction.atomic():
            entry = AbnormalListEntry.objects.create(
                subject_kind=kind,
                match_key=key,
                label=label,
                reason=cleaned,
                listed_by=actor.user,
            )
            record_event(
                actor,
                "moderation.subject_listed",
                entry,
                after={"subject_kind": kind, "label": label},
            )
            if kind == SubjectKind.USCC:
                indexing.uscc_changed(key)
    except IntegrityError as exc:
        raise moderation_error(ModerationErrorCode.ALREADY_LISTED) from exc
    return entry


def lift_listing(entry: AbnormalListEntry, *, reason: str, actor: Actor) -> AbnormalListEntry:
    assert actor.user is not None
    cleaned = _reason(reason)
    with transaction.atomic():
        entry = AbnormalListEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.lifted_at is not None:
            raise moderation_error(ModerationErrorCode.LISTING_LIFTED)
        entry.lifted_at = timezone.now()
        entry.lifted_by = actor.user
        entry.lift_reason = cleaned
        entry.save(update_fields=["lifted_at", "lifted_by", "lift_reason", "updated_at"])
        record_event(actor, "moderation.listing_lifted", entry, after={"label": entry.label})
        if entry.subject_kind == SubjectKind.USCC:
            indexing.uscc_changed(entry.match_key)
    return entry

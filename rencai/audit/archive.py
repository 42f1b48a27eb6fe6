"""The restricted archive (RET-01, RET-06, PIPL Art 47(2)): writing, purging at expiry,
legal holds and the only read path.

When a user's data is erased, the legally required subset of service records (applications,
messages, resume views, memberships — Order 44 Art 26: 3 years after the service ended) is
appended here, pseudonymised, before the live row is anonymised or deleted. Nothing else
processes it: it is read only under an active legal hold, by a regulator's inspection
(REG-02) or by an auditor, and every read writes an audit event.

The archive is hash-chained like the audit trail (``rencai.audit.chain``): each row's
``hash`` covers the previous row's hash and the columns in ``ARCHIVE_HASHED_FIELDS``,
which include ``payload_hash`` (SHA-256 of the canonical JSON payload) but not the payload
itself, so purging an expired payload keeps the chain verifiable
(``rencai.audit.archive_verify``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rencai.audit.actions import record_event
from rencai.audit.chain import canonical_json, normalise_payload
from rencai.audit.errors import AuditErrorCode, audit_error
from rencai.audit.models import ArchiveChainHead, ArchiveRecord, AuditEvent, LegalHold
from rencai.audit.permissions import can_manage_legal_holds
from rencai.core.actors import Actor
from rencai.core.errors import permission_denied
from rencai.core.timeutil import local_today

if TYPE_CHECKING:
    from rencai.accounts.models import User

# Columns the chain hash covers, besides the previous hash (never ``payload``/``purged_at``).
ARCHIVE_HASHED_FIELDS = (
    "seq",
    "archived_at",
    "category",
    "source_type",
    "source_id",
    "subject_ref",
    "retain_until",
    "payload_hash",
)
PSEUDONYM_CONTEXT = "rencai.archive.subject"
VERIFIED_ACTION = "audit.archive_verified"


class ReadPurpose(models.TextChoices):
    """The only reasons to read archived content."""

    LEGAL_HOLD = "legal_hold", _("Under a legal hold")
    INSPECTION = "inspection", _("Regulator's inspection")
    AUDIT = "audit", _("Audit")


# --- hashing --------------------------------------------------------------------------


def payload_digest(payload: Any) -> str:
    """SHA-256 of the canonical JSON of a payload (as it reads back from the column)."""
    return hashlib.sha256(canonical_json(normalise_payload(payload)).encode()).hexdigest()


def archive_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    """SHA-256 over the previous hash and the hashed columns of one archive row; times in UTC
    with microseconds and the date in ISO form, so values read back hash the same."""
    values = {name: fields[name] for name in ARCHIVE_HASHED_FIELDS}
    values["archived_at"] = (
        values["archived_at"].astimezone(dt.UTC).isoformat(timespec="microseconds")
    )
    values["retain_until"] = values["retain_until"].isoformat()
    body = canonical_json(values)
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


def _pseudonym_key() -> bytes:
    configured = getattr(settings, "ARCHIVE_PSEUDONYM_KEY", "")
    if configured:
        return hashlib.sha256(configured.encode()).digest()
    # Derived from the secret key; set ARCHIVE_PSEUDONYM_KEY in production so that a
    # rotation of SECRET_KEY does not change the pseudonyms of archived subjects.
    return hashlib.sha256(f"{PSEUDONYM_CONTEXT}\x00{settings.SECRET_KEY}".encode()).digest()


def subject_pseudonym(user_id: object) -> str:
    """The keyed hash (HMAC-SHA256) that stands for a person in the archive and in legal
    holds; the id itself is never stored there."""
    message = f"{PSEUDONYM_CONTEXT}\x00{user_id}".encode()
    return hmac.new(_pseudonym_key(), message, hashlib.sha256).hexdigest()


# --- writing --------------------------------------------------------------------------


def archive_record(
    category: str,
    source: models.Model,
    subject: User | None,
    payload: dict[str, Any],
    *,
    retain_until: dt.date,
    actor: Actor,
) -> ArchiveRecord:
    """Append one record to the archive chain. Must run inside the caller's transaction
    (the erasure that anonymises ``source``), which also holds the chain head's lock.

    ``payload`` must already be the pseudonymised subset (no names, numbers or e-mail
    addresses); ``subject`` is stored only as its pseudonym.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("archive_record must be called inside the caller's transaction")
    head, _created = ArchiveChainHead.objects.select_for_update().get_or_create(id=1)
    stored_payload = normalise_payload(payload)
    fields: dict[str, Any] = {
        "seq": head.last_seq + 1,
        "archived_at": timezone.now(),
        "category": category[:40],
        "source_type": source._meta.label,
        "source_id": str(source.pk),
        "subject_ref": subject_pseudonym(subject.pk) if subject is not None else "",
        "retain_until": retain_until,
        "payload_hash": payload_digest(stored_payload),
    }
    digest = archive_hash(head.last_hash, fields)
    record = ArchiveRecord.objects.create(
        **fields, payload=stored_payload, prev_hash=head.last_hash, hash=digest
    )
    head.last_seq, head.last_hash = fields["seq"], digest
    head.save(update_fields=["last_seq", "last_hash"])
    record_event(
        actor,
        "audit.archive_appended",
        record,
        after={"category": record.category, "source": record.source_type},
    )
    return record


def already_archived(source: models.Model) -> bool:
    """Whether ``source`` has been archived before (erasure is idempotent)."""
    return ArchiveRecord.objects.filter(
        source_type=source._meta.label, source_id=str(source.pk)
    ).exists()


# --- legal holds ----------------------------------------------------------------------


def active_holds() -> models.QuerySet[LegalHold]:
    return LegalHold.objects.filter(released_at__isnull=True)


def _hold_condition(holds: list[LegalHold]) -> Q:
    """Archive rows covered by any of ``holds`` (subject and/or category)."""
    condition = Q(pk__in=[])
    for hold in holds:
        part = Q()
        if hold.subject_ref:
            part &= Q(subject_ref=hold.subject_ref)
        if hold.category:
            part &= Q(category=hold.category)
        if part:
            condition |= part
    return condition


def holds_covering(record: ArchiveRecord) -> list[LegalHold]:
    return [
        hold
        for hold in active_holds()
        if (not hold.subject_ref or hold.subject_ref == record.subject_ref)
        and (not hold.category or hold.category == record.category)
    ]


def place_legal_hold(
    *,
    reason: str,
    reference: str,
    actor: Actor,
    subject: User | None = None,
    subject_ref: str = "",
    category: str = "",
) -> LegalHold:
    """Place a hold on a person's archived records (``subject`` or its pseudonym) and/or a
    category: while active, nothing it covers is purged. Security administrators only."""
    if actor.user is None or not can_manage_legal_holds(actor.user):
        raise permission_denied()
    ref = subject_pseudonym(subject.pk) if subject is not None else subject_ref.strip()[:64]
    category = category.strip()[:40]
    if not ref and not category:
        raise audit_error(AuditErrorCode.HOLD_SCOPE_REQUIRED, field="subject_ref")
    reason = " ".join(reason.split())
    if len(reason) < 5:
        raise audit_error(AuditErrorCode.HOLD_REASON_REQUIRED, field="reason")
    reference = reference.strip()[:120]
    if not reference:
        raise audit_error(AuditErrorCode.HOLD_REFERENCE_REQUIRED, field="reference")
    with transaction.atomic():
        hold = LegalHold.objects.create(
            subject_ref=ref,
            category=category,
            reason=reason,
            reference=reference,
            placed_by=actor.user,
        )
        record_event(
            actor,
            "audit.legal_hold_placed",
            hold,
            after={"subject_ref": ref, "category": category, "reference": reference},
        )
    return hold


def release_legal_hold(hold: LegalHold, *, actor: Actor) -> LegalHold:
    """End a hold; what it covered is purged by the next run if its time has passed."""
    if actor.user is None or not can_manage_legal_holds(actor.user):
        raise permission_denied()
    with transaction.atomic():
        hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
        if hold.released_at is not None:
            raise audit_error(AuditErrorCode.HOLD_RELEASED)
        hold.released_at = timezone.now()
        hold.released_by = actor.user
        hold.save(update_fields=["released_at", "released_by"])
        record_event(actor, "audit.legal_hold_released", hold, after={"reference": hold.reference})
    return hold


# --- purging at expiry ----------------------------------------------------------------


def expired_records(today: dt.date | None = None) -> models.QuerySet[ArchiveRecord]:
    """Rows past ``retain_until`` whose payload is still there and no active hold covers."""
    day = today or local_today()
    queryset = ArchiveRecord.objects.filter(retain_until__lt=day, purged_at__isnull=True)
    holds = list(active_holds())
    if holds:
        queryset = queryset.exclude(_hold_condition(holds))
    return queryset.order_by("seq")


def purge_expired(*, actor: Actor, batch_size: int, dry_run: bool = False) -> int:
    """Purge the payloads of expired records (``payload`` = None, ``purged_at`` set) in
    batches, each in its own transaction with one audit event; the chain still verifies
    because it covers the payload's hash, not the payload. Returns how many rows were (or,
    with ``dry_run``, would be) purged."""
    if dry_run:
        return expired_records().count()
    total, size = 0, max(batch_size, 1)
    while True:
        with transaction.atomic():
            seqs = list(expired_records().select_for_update().values_list("seq", flat=True)[:size])
            if not seqs:
                break
            ArchiveRecord.objects.filter(seq__in=seqs).update(
                payload=None, purged_at=timezone.now()
            )
            record_event(
                actor,
                "audit.archive_purged",
                object_type="audit.ArchiveRecord",
                object_id=f"{seqs[0]}-{seqs[-1]}",
                after={"count": len(seqs), "first_seq": seqs[0], "last_seq": seqs[-1]},
            )
        total += len(seqs)
        if len(seqs) < size:
            break
    return total


# --- the only read path ---------------------------------------------------------------


def read_archived(
    record: ArchiveRecord, *, actor: Actor, purpose: str, hold: LegalHold | None = None
) -> dict[str, Any] | None:
    """The archived content of one record, for an allowed ``purpose`` only:

    - ``legal_hold``: a security administrator, with an active hold covering the record;
    - ``inspection``: a regulator (REG-02);
    - ``audit``: an auditor.

    Every read (allowed or not) writes an audit event; a purged record returns None.
    """
    user = actor.user
    if purpose not in ReadPurpose.values:
        raise audit_error(AuditErrorCode.PURPOSE_INVALID, field="purpose")
    covering: list[LegalHold] = []
    allowed = False
    if user is not None:
        from rencai.accounts.choices import Role

        if purpose == ReadPurpose.INSPECTION:
            allowed = user.has_role(Role.REGULATOR)
        elif purpose == ReadPurpose.AUDIT:
            allowed = user.has_role(Role.OPERATOR_AUDITOR)
        elif purpose == ReadPurpose.LEGAL_HOLD and can_manage_legal_holds(user):
            covering = holds_covering(record)
            if hold is not None:
                covering = [h for h in covering if h.pk == hold.pk]
            allowed = bool(covering)
    with transaction.atomic():
        record_event(
            actor,
            "audit.archive_read" if allowed else "audit.archive_read_refused",
            record,
            after={
                "purpose": purpose,
                "category": record.category,
                "hold": covering[0].reference if covering else None,
            },
        )
    if not allowed:
        raise audit_error(AuditErrorCode.READ_NOT_ALLOWED)
    fresh = ArchiveRecord.objects.get(pk=record.pk)
    return fresh.payload if isinstance(fresh.payload, dict) else None


# --- summary for the archive page and API ---------------------------------------------


@dataclass(frozen=True)
class CategoryCount:
    category: str
    source_type: str
    total: int
    purged: int


@dataclass(frozen=True)
class LastVerification:
    occurred_at: dt.datetime
    ok: bool
    checked: int
    broken_at: int | None
    problem: str


def category_counts() -> list[CategoryCount]:
    """Records per retention category and source model (no content)."""
    rows = (
        ArchiveRecord.objects.order_by()
        .values("category", "source_type")
        .annotate(total=Count("seq"), purged=Count("seq", filter=Q(purged_at__isnull=False)))
        .order_by("category", "source_type")
    )
    return [
        CategoryCount(row["category"], row["source_type"], row["total"], row["purged"])
        for row in rows
    ]


def last_verification() -> LastVerification | None:
    """The latest recorded verification (its result is kept in the audit trail)."""
    event = AuditEvent.objects.filter(action=VERIFIED_ACTION).order_by("-seq").first()
    if event is None or not isinstance(event.after, dict):
        return None
    after = event.after
    return LastVerification(
        occurred_at=event.occurred_at,
        ok=bool(after.get("ok")),
        checked=int(after.get("checked") or 0),
        broken_at=after.get("broken_at"),
        problem=str(after.get("problem") or ""),
    )

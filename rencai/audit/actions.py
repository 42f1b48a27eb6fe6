"""Writing to the audit trail. Only other apps' actions call this, inside their transaction."""

from __future__ import annotations

from typing import Any

from django.db import connection, models
from django.utils import timezone

from rencai.audit.chain import event_hash, normalise_payload
from rencai.audit.models import AuditChainHead, AuditEvent
from rencai.core.actors import Actor


def record_event(
    actor: Actor,
    action: str,
    obj: models.Model | None = None,
    *,
    object_type: str = "",
    object_id: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain. Must run inside the caller's ``transaction.atomic``.

    ``obj`` fills ``object_type``/``object_id``; pass masked values only in ``before`` and
    ``after``. The event commits or rolls back together with the change it describes.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("record_event must be called inside the action's transaction")
    if obj is not None:
        object_type = object_type or obj._meta.label
        object_id = object_id or str(obj.pk)
    head, _created = AuditChainHead.objects.select_for_update().get_or_create(id=1)
    fields: dict[str, Any] = {
        "seq": head.last_seq + 1,
        "occurred_at": timezone.now(),
        "actor_id": str(actor.user.pk) if actor.user is not None else None,
        "actor_label": actor.label,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "ip": actor.ip,
        "request_id": actor.request_id,
        "channel": actor.channel,
        "before": normalise_payload(before),
        "after": normalise_payload(after),
    }
    digest = event_hash(head.last_hash, fields)
    event = AuditEvent.objects.create(**fields, prev_hash=head.last_hash, hash=digest)
    head.last_seq, head.last_hash = fields["seq"], digest
    head.save(update_fields=["last_seq", "last_hash"])
    return event

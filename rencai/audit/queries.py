"""Reads of the audit trail, for people allowed to read it."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from rencai.accounts.models import User
from rencai.accounts.permissions import can_view_audit_trail
from rencai.audit.models import AuditEvent
from rencai.core.errors import permission_denied


def audit_events_for(
    user: User, *, action: str = "", object_id: str = "", actor_id: uuid.UUID | None = None
) -> QuerySet[AuditEvent]:
    """Audit events newest first, filtered; only auditors and security administrators."""
    if not can_view_audit_trail(user):
        raise permission_denied()
    queryset = AuditEvent.objects.order_by("-seq")
    if action:
        queryset = queryset.filter(action__startswith=action[:80])
    if object_id:
        queryset = queryset.filter(object_id=object_id[:64])
    if actor_id:
        queryset = queryset.filter(actor_id=actor_id)
    return queryset


def events_about_user(user: User, limit: int = 20) -> list[AuditEvent]:
    """The latest security-relevant events of a user's own account (for their own page)."""
    return list(
        AuditEvent.objects.filter(actor_id=user.pk, action__startswith="accounts.").order_by(
            "-seq"
        )[:limit]
    )

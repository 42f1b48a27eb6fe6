"""Audit-trail endpoints for auditors and security administrators."""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Router, Schema

from rencai.accounts.models import User
from rencai.accounts.permissions import can_view_audit_trail
from rencai.audit.queries import audit_events_for
from rencai.audit.verify import verify_chain
from rencai.core.api_support import AUTH, ERRORS, Page, paginate
from rencai.core.errors import permission_denied

router = Router(tags=["audit"], auth=AUTH)


class AuditEventOut(Schema):
    seq: int
    occurred_at: dt.datetime
    actor_id: uuid.UUID | None
    actor_label: str
    action: str
    object_type: str
    object_id: str
    ip: str | None
    request_id: str
    channel: str
    before: dict[str, object] | None
    after: dict[str, object] | None
    hash: str


class ChainOut(Schema):
    ok: bool
    checked: int
    broken_at: int | None
    problem: str


def _auditor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    if not can_view_audit_trail(user):
        raise permission_denied()
    return user


@router.get("/events", response={200: Page[AuditEventOut], **ERRORS}, summary="Audit events")
def events(
    request: HttpRequest,
    action: str = "",
    object_id: str = "",
    actor_id: uuid.UUID | None = None,
    page: int = 1,
    page_size: int = 50,
) -> Page[AuditEventOut]:
    user = _auditor(request)
    queryset = audit_events_for(user, action=action, object_id=object_id, actor_id=actor_id)
    items, total, page, page_size = paginate(queryset, page, page_size)
    return Page[AuditEventOut](
        items=[AuditEventOut.model_validate(e, from_attributes=True) for e in items],
        total=total,
        page=page,
        page_size=page_size,
    )


@router.get("/chain", response={200: ChainOut, **ERRORS}, summary="Verify the hash chain")
def chain(request: HttpRequest) -> ChainOut:
    _auditor(request)
    report = verify_chain()
    return ChainOut(
        ok=report.ok, checked=report.checked, broken_at=report.broken_at, problem=report.problem
    )

"""REST endpoints of the operator's compliance calendar at ``/operator/compliance``: the
service-end notice (LIC-03) and the reports of registration changes (LIC-04). Same
actions and queries as the pages under ``/ops/compliance-calendar/``.

Every operator and the regulator read; security administrators write."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status
from pydantic import Field

from rencai.accounts.models import User
from rencai.core import compliance
from rencai.core.api_support import AUTH, ERRORS, Page, StrictSchema, api_actor, paginate
from rencai.core.errors import DomainError, permission_denied
from rencai.core.models import RegistrationChange, ServiceEndNotice
from rencai.core.permissions import (
    can_announce_service_end,
    can_manage_registration_changes,
    can_view_compliance_calendar,
)
from rencai.core.timeutil import local_today

router = Router(tags=["compliance calendar (operators)"], auth=AUTH)


def _allowed(request: HttpRequest, predicate: Callable[[User], bool]) -> User:
    user = request.user
    assert isinstance(user, User)
    if not predicate(user):
        raise permission_denied()
    return user


class NoticeOut(Schema):
    id: uuid.UUID
    end_date: dt.date
    notice_text: str
    announced_at: dt.datetime
    withdrawn_at: dt.datetime | None
    withdrawal_reason: str
    active: bool

    @classmethod
    def build(cls, notice: ServiceEndNotice, today: dt.date) -> NoticeOut:
        return cls(
            id=notice.pk,
            end_date=notice.end_date,
            notice_text=notice.notice_text,
            announced_at=notice.announced_at,
            withdrawn_at=notice.withdrawn_at,
            withdrawal_reason=notice.withdrawal_reason,
            active=notice.is_active_on(today),
        )


class ServiceEndOut(Schema):
    active: NoticeOut | None
    earliest_end_date: dt.date
    history: list[NoticeOut]


class AnnounceIn(StrictSchema):
    end_date: dt.date
    notice_text: str = Field(..., max_length=2000)


class WithdrawIn(StrictSchema):
    reason: str = Field(..., max_length=500)
    confirm: bool = False


class ChangeOut(Schema):
    id: uuid.UUID
    kind: str
    change_date: dt.date
    due_date: dt.date
    details: str
    recorded_at: dt.datetime
    submitted_at: dt.datetime | None
    submission_reference: str
    overdue: bool

    @classmethod
    def build(cls, change: RegistrationChange, today: dt.date) -> ChangeOut:
        return cls(
            id=change.pk,
            kind=change.kind,
            change_date=change.change_date,
            due_date=change.due_date,
            details=change.details,
            recorded_at=change.created_at,
            submitted_at=change.submitted_at,
            submission_reference=change.submission_reference,
            overdue=change.is_overdue_on(today),
        )


class ChangeIn(StrictSchema):
    kind: str
    change_date: dt.date
    details: str = Field(..., max_length=2000)


class SubmitIn(StrictSchema):
    reference: str = Field(..., max_length=200)


@router.get("/service-end", response={200: ServiceEndOut, **ERRORS}, summary="Service end notice")
def service_end(request: HttpRequest) -> ServiceEndOut:
    """The active notice (LIC-03), if any, and the last 20 announcements."""
    _allowed(request, can_view_compliance_calendar)
    today = local_today()
    active = compliance.active_service_end(today)
    return ServiceEndOut(
        active=NoticeOut.build(active, today) if active else None,
        earliest_end_date=compliance.earliest_end_date(today),
        history=[NoticeOut.build(n, today) for n in compliance.service_end_history()[:20]],
    )


@router.post(
    "/service-end", response={201: NoticeOut, **ERRORS}, summary="Announce the end of service"
)
def announce(request: HttpRequest, payload: AnnounceIn) -> Status[NoticeOut]:
    """Security administrators only. 400 ``service_end_too_soon`` (fewer than 30 days
    ahead), ``service_end_in_past``, ``notice_text_required``; 409
    ``service_end_already_announced``. The banner shows on every page from now on."""
    _allowed(request, can_announce_service_end)
    notice = compliance.announce_service_end(
        end_date=payload.end_date, notice_text=payload.notice_text, actor=api_actor(request)
    )
    return Status(201, NoticeOut.build(notice, local_today()))


@router.post(
    "/service-end/{notice_id}/withdraw",
    response={200: NoticeOut, **ERRORS},
    summary="Withdraw the end-of-service notice",
)
def withdraw(request: HttpRequest, notice_id: uuid.UUID, payload: WithdrawIn) -> NoticeOut:
    """Security administrators only; needs ``confirm: true`` (400 ``confirmation_required``)
    and a reason; 409 ``service_end_not_active``."""
    _allowed(request, can_announce_service_end)
    notice = compliance.withdraw_service_end(
        notice_id, reason=payload.reason, confirmed=payload.confirm, actor=api_actor(request)
    )
    return NoticeOut.build(notice, local_today())


@router.get(
    "/registration-changes",
    response={200: Page[ChangeOut], **ERRORS},
    summary="Registration-change reports",
)
def changes(
    request: HttpRequest, status: str = "open", page: int = 1, page_size: int = 25
) -> Page[ChangeOut]:
    """``status=open`` (default, by due date), ``submitted`` or ``all`` (LIC-04)."""
    _allowed(request, can_view_compliance_calendar)
    if status not in ("open", "submitted", "all"):
        message = _("Choose open, submitted or all.")
        raise DomainError("status_invalid", message, fields={"status": message})
    today = local_today()
    rows, total, page, page_size = paginate(
        compliance.registration_changes(status), page, page_size
    )
    return Page(
        items=[ChangeOut.build(c, today) for c in rows], total=total, page=page, page_size=page_size
    )


@router.post(
    "/registration-changes",
    response={201: ChangeOut, **ERRORS},
    summary="Record a registration change",
)
def record_change(request: HttpRequest, payload: ChangeIn) -> Status[ChangeOut]:
    """Security administrators only. Opens a report task due ``change_date`` + 15 days.
    400 ``registration_change_kind_invalid``, ``registration_change_date_in_future``,
    ``registration_change_details_required``."""
    _allowed(request, can_manage_registration_changes)
    change = compliance.record_registration_change(
        kind=payload.kind,
        change_date=payload.change_date,
        details=payload.details,
        actor=api_actor(request),
    )
    return Status(201, ChangeOut.build(change, local_today()))


@router.post(
    "/registration-changes/{change_id}/submit",
    response={200: ChangeOut, **ERRORS},
    summary="Mark the report submitted",
)
def submit(request: HttpRequest, change_id: uuid.UUID, payload: SubmitIn) -> ChangeOut:
    """Security administrators only. 400 ``submission_reference_required``; 409
    ``registration_change_already_submitted``."""
    _allowed(request, can_manage_registration_changes)
    change = compliance.submit_registration_report(
        change_id, reference=payload.reference, actor=api_actor(request)
    )
    return ChangeOut.build(change, local_today())

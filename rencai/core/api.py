"""Platform-level endpoints: health, licences (LIC-02) and the holiday schedule."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status
from pydantic import Field

from rencai.accounts.models import User
from rencai.accounts.permissions import can_manage_holiday_schedule
from rencai.core import actions as core_actions
from rencai.core.api_support import AUTH, ERRORS, api_actor
from rencai.core.errors import DomainError, permission_denied
from rencai.core.models import HolidayScheduleEntry
from rencai.core.workdays import add_working_days

router = Router(tags=["platform"])


class HealthOut(Schema):
    status: str
    database: str


class LicencesOut(Schema):
    operator_name: str
    business_licence_uscc: str
    hr_licence_no: str
    hr_licence_authority: str
    icp_licence_no: str
    icp_filing_no: str
    supervisor_name: str
    supervisor_phone: str
    mode: str


class HolidayIn(Schema):
    date: dt.date
    kind: str = Field(..., pattern="^(holiday|workday)$")
    name: str = Field(..., min_length=1, max_length=64)
    source: str = Field(..., min_length=1, max_length=200)


class HolidayOut(Schema):
    id: uuid.UUID
    date: dt.date
    kind: str
    name: str
    source: str


class DeadlineOut(Schema):
    start: dt.date
    working_days: int
    deadline: dt.date
    provisional: bool


@router.get("/health", response=HealthOut, summary="Liveness and database check")
def health(request: HttpRequest) -> HealthOut:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HealthOut(status="ok", database=connection.vendor)


@router.get("/licences", response=LicencesOut, summary="Operator licences (LIC-02)")
def licences(request: HttpRequest) -> LicencesOut:
    return LicencesOut(
        operator_name=settings.OPERATOR_NAME,
        business_licence_uscc=settings.OPERATOR_USCC,
        hr_licence_no=settings.HR_LICENCE_NO,
        hr_licence_authority=settings.HR_LICENCE_AUTHORITY,
        icp_licence_no=settings.ICP_LICENCE_NO,
        icp_filing_no=settings.ICP_FILING_NO,
        supervisor_name=settings.SUPERVISOR_NAME,
        supervisor_phone=settings.SUPERVISOR_PHONE,
        mode=settings.PLATFORM_MODE,
    )


@router.get(
    "/working-days", response={200: DeadlineOut, **ERRORS}, summary="Deadline in working days"
)
def working_days(request: HttpRequest, start: dt.date, days: int = 15) -> DeadlineOut:
    """``start`` + ``days`` PRC working days (statutory holidays and make-up days).
    ``provisional`` is true when the deadline rests on a year without a published schedule."""
    if not 0 <= days <= 366:
        message = _("Choose between 0 and 366 working days.")
        raise DomainError("working_days_invalid", message, fields={"days": message})
    result = add_working_days(start, days)
    return DeadlineOut(
        start=start, working_days=days, deadline=result.date, provisional=result.provisional
    )


def _operator(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    if not can_manage_holiday_schedule(user):
        raise permission_denied()
    return user


@router.get(
    "/holidays", response={200: list[HolidayOut], **ERRORS}, auth=AUTH, summary="Holiday schedule"
)
def list_holidays(request: HttpRequest, year: int) -> list[HolidayOut]:
    _operator(request)
    return [
        HolidayOut(id=e.pk, date=e.date, kind=e.kind, name=e.name, source=e.source)
        for e in HolidayScheduleEntry.objects.filter(date__year=year).order_by("date")
    ]


@router.post(
    "/holidays", response={201: HolidayOut, **ERRORS}, auth=AUTH, summary="Add a schedule day"
)
def add_holiday(request: HttpRequest, payload: HolidayIn) -> Status[HolidayOut]:
    _operator(request)
    entry = core_actions.add_holiday_entry(
        date=payload.date,
        kind=payload.kind,
        name=payload.name,
        source=payload.source,
        actor=api_actor(request),
    )
    out = HolidayOut(
        id=entry.pk, date=entry.date, kind=entry.kind, name=entry.name, source=entry.source
    )
    return Status(201, out)

"""The operator's compliance calendar: the service-end notice (LIC-03) and the reports of
registration changes to the human-resources authority (LIC-04).

Writes are named actions (one transaction, one audit event each); reads are platform data
(no personal data beyond the operator staff who acted), shown to operators and the
regulator. The active service-end notice is read on every page for the banner, so it is
kept in the cache (one query at most per request, none while the cache is warm) and the
cache is cleared by every write.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rencai.accounts.choices import Role
from rencai.accounts.models import User
from rencai.audit.actions import record_event
from rencai.core.actors import Actor
from rencai.core.choices import RegistrationChangeKind
from rencai.core.compliance_errors import ComplianceErrorCode as Code
from rencai.core.compliance_errors import compliance_error
from rencai.core.errors import not_found
from rencai.core.models import (
    REGISTRATION_REPORT_DAYS,
    Id,
    RegistrationChange,
    ServiceEndNotice,
)
from rencai.core.timeutil import local_today

# LIC-03: the notice must be shown at least this many days before the service ends.
SERVICE_END_NOTICE_DAYS = 30
# LIC-04: security administrators are reminded this many days before a report is due.
DUE_SOON_DAYS = 3
CACHE_KEY = "core:service_end_notice:v1"
CACHE_SECONDS = 300


# --- LIC-03: service end notice ----------------------------------------------------------


@dataclass(frozen=True)
class BannerNotice:
    """What the banner needs of the active notice (cached as plain values)."""

    id: str
    end_date: dt.date
    notice_text: str


def earliest_end_date(today: dt.date | None = None) -> dt.date:
    """The earliest end date an announcement made today may name."""
    return (today or local_today()) + dt.timedelta(days=SERVICE_END_NOTICE_DAYS)


def active_service_end(today: dt.date | None = None) -> ServiceEndNotice | None:
    """The announced, not withdrawn notice whose end date has not passed (one query)."""
    today = today or local_today()
    return (
        ServiceEndNotice.objects.filter(withdrawn_at__isnull=True, end_date__gte=today)
        .select_related("announced_by")
        .order_by("-announced_at")
        .first()
    )


def banner_notice(today: dt.date | None = None) -> BannerNotice | None:
    """The notice to show on every page, from the cache (a query only when it is cold).

    The cache holds the latest not-withdrawn notice, or an empty marker; whether it is
    still shown is decided against today's date on every request, so the banner goes away
    after the end date without any write.
    """
    today = today or local_today()
    cached: Any = cache.get(CACHE_KEY)
    if cached is None:
        notice = (
            ServiceEndNotice.objects.filter(withdrawn_at__isnull=True)
            .order_by("-end_date")
            .only("id", "end_date", "notice_text")
            .first()
        )
        cached = (
            {"id": str(notice.pk), "end_date": notice.end_date, "text": notice.notice_text}
            if notice
            else {}
        )
        cache.set(CACHE_KEY, cached, CACHE_SECONDS)
    if not cached or cached["end_date"] < today:
        return None
    return BannerNotice(id=cached["id"], end_date=cached["end_date"], notice_text=cached["text"])


def _uuid(value: Id) -> uuid.UUID:
    """An id from a form or URL; anything that is not a UUID is simply not found."""
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise not_found() from None


def _forget_banner() -> None:
    cache.delete(CACHE_KEY)
    # A page rendered by another request before this transaction committed may have cached
    # the old state again: clear once more after the commit.
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))


def service_end_history() -> QuerySet[ServiceEndNotice]:
    return ServiceEndNotice.objects.select_related("announced_by", "withdrawn_by").order_by(
        "-announced_at"
    )


def announce_service_end(*, end_date: dt.date, notice_text: str, actor: Actor) -> ServiceEndNotice:
    """Announce that online recruitment ends on ``end_date`` (LIC-03): at least 30 days
    ahead, one active notice at a time. The banner shows from now until the end date."""
    today = local_today()
    text = notice_text.strip()
    if end_date <= today:
        raise compliance_error(
            Code.END_IN_PAST, _("The end date must be in the future."), field="end_date"
        )
    if end_date < earliest_end_date(today):
        message = _(
            "The end of service must be announced at least 30 days ahead: choose %(date)s or later."
        ) % {"date": earliest_end_date(today).isoformat()}
        raise compliance_error(Code.END_TOO_SOON, message, field="end_date")
    if not text:
        raise compliance_error(
            Code.TEXT_REQUIRED, _("Write the notice shown to users."), field="notice_text"
        )
    if actor.user is None:
        raise ValueError("announce_service_end needs a person as actor")
    with transaction.atomic():
        if active_service_end(today) is not None:
            raise compliance_error(
                Code.END_ALREADY_ANNOUNCED,
                _("An end of service is already announced. Withdraw it first to change it."),
                status=409,
            )
        notice = ServiceEndNotice.objects.create(
            end_date=end_date,
            notice_text=text,
            announced_by=actor.user,
            announced_at=timezone.now(),
        )
        record_event(
            actor,
            "core.service_end_announced",
            notice,
            after={"end_date": end_date.isoformat(), "notice_text": text},
        )
        _forget_banner()
    return notice


def withdraw_service_end(
    notice_id: Id, *, reason: str, confirmed: bool, actor: Actor
) -> ServiceEndNotice:
    """Withdraw an active notice (the service continues); needs an explicit confirmation
    and a reason, which the audit trail keeps."""
    if not confirmed:
        raise compliance_error(
            Code.CONFIRMATION_REQUIRED,
            _("Confirm that the service continues and the notice is withdrawn."),
            field="confirm",
        )
    reason = reason.strip()
    if not reason:
        raise compliance_error(
            Code.TEXT_REQUIRED, _("Give the reason for the withdrawal."), field="reason"
        )
    if actor.user is None:
        raise ValueError("withdraw_service_end needs a person as actor")
    with transaction.atomic():
        notice = ServiceEndNotice.objects.select_for_update().filter(pk=_uuid(notice_id)).first()
        if notice is None:
            raise not_found()
        if not notice.is_active_on(local_today()):
            raise compliance_error(
                Code.END_NOT_ACTIVE,
                _("This notice is no longer active."),
                status=409,
            )
        notice.withdrawn_at = timezone.now()
        notice.withdrawn_by = actor.user
        notice.withdrawal_reason = reason
        notice.save(
            update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason", "updated_at"]
        )
        record_event(
            actor,
            "core.service_end_withdrawn",
            notice,
            before={"end_date": notice.end_date.isoformat()},
            after={"withdrawn": True, "reason": reason},
        )
        _forget_banner()
    return notice


# --- LIC-04: registration-change reports ------------------------------------------------


def report_due_date(change_date: dt.date) -> dt.date:
    """The last day to report a change: 15 calendar days after it (O44 Art 12)."""
    return change_date + dt.timedelta(days=REGISTRATION_REPORT_DAYS)


def registration_changes(status: str = "open") -> QuerySet[RegistrationChange]:
    """``open`` tasks by due date (oldest first), ``submitted`` ones newest first, or all."""
    queryset = RegistrationChange.objects.select_related("recorded_by", "submitted_by")
    if status == "open":
        return queryset.filter(submitted_at__isnull=True).order_by("due_date", "created_at")
    if status == "submitted":
        return queryset.filter(submitted_at__isnull=False).order_by("-submitted_at")
    return queryset.order_by("submitted_at", "due_date")


def overdue_changes(today: dt.date | None = None) -> QuerySet[RegistrationChange]:
    today = today or local_today()
    return RegistrationChange.objects.filter(submitted_at__isnull=True, due_date__lt=today)


def record_registration_change(
    *, kind: str, change_date: dt.date, details: str, actor: Actor
) -> RegistrationChange:
    """Record a change of the market registration; opens a report task due 15 days later."""
    if kind not in RegistrationChangeKind.values:
        raise compliance_error(Code.CHANGE_KIND_INVALID, _("Choose what changed."), field="kind")
    if change_date > local_today():
        raise compliance_error(
            Code.CHANGE_DATE_FUTURE,
            _("Record a change once it is registered: the date cannot be in the future."),
            field="change_date",
        )
    details = details.strip()
    if not details:
        raise compliance_error(
            Code.DETAILS_REQUIRED, _("Describe the change (old and new value)."), field="details"
        )
    if actor.user is None:
        raise ValueError("record_registration_change needs a person as actor")
    with transaction.atomic():
        change = RegistrationChange.objects.create(
            kind=kind,
            change_date=change_date,
            due_date=report_due_date(change_date),
            details=details,
            recorded_by=actor.user,
        )
        record_event(
            actor,
            "core.registration_change_recorded",
            change,
            after={
                "kind": kind,
                "change_date": change_date.isoformat(),
                "due_date": change.due_date.isoformat(),
                "details": details,
            },
        )
    return change


def submit_registration_report(
    change_id: Id, *, reference: str, actor: Actor
) -> RegistrationChange:
    """The written report was delivered to the human-resources authority: close the task
    with the authority's receipt or file number."""
    reference = reference.strip()
    if not reference:
        raise compliance_error(
            Code.REFERENCE_REQUIRED,
            _("Enter the receipt or file number of the report."),
            field="reference",
        )
    if actor.user is None:
        raise ValueError("submit_registration_report needs a person as actor")
    with transaction.atomic():
        change = RegistrationChange.objects.select_for_update().filter(pk=_uuid(change_id)).first()
        if change is None:
            raise not_found()
        if change.submitted_at is not None:
            raise compliance_error(
                Code.ALREADY_SUBMITTED, _("This report is already submitted."), status=409
            )
        change.submitted_at = timezone.now()
        change.submitted_by = actor.user
        change.submission_reference = reference
        change.save(
            update_fields=["submitted_at", "submitted_by", "submission_reference", "updated_at"]
        )
        record_event(
            actor,
            "core.registration_report_submitted",
            change,
            after={
                "reference": reference,
                "due_date": change.due_date.isoformat(),
                "late": timezone.localdate(change.submitted_at) > change.due_date,
            },
        )
    return change


def security_admins() -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            role_grants__role=Role.OPERATOR_SECURITY_ADMIN,
            role_grants__revoked_at__isnull=True,
        ).distinct()
    )


@dataclass
class CalendarRun:
    """What one daily pass of the compliance calendar did."""

    newly_overdue: list[RegistrationChange] = field(default_factory=list)
    overdue: int = 0
    due_soon: int = 0
    notified: int = 0


def run_compliance_calendar(*, actor: Actor, today: dt.date | None = None) -> CalendarRun:
    """Daily: a task past its due date is flagged once (audited); security administrators
    get one notification per day while reports are overdue, and one when reports fall due
    within three days. Running twice on a day sends nothing new."""
    from rencai.core import compliance_notices as notices
    from rencai.notifications.actions import notify_many

    today = today or local_today()
    run = CalendarRun()
    url = reverse("core:compliance_calendar")
    with transaction.atomic():
        overdue = list(overdue_changes(today).select_for_update())
        run.overdue = len(overdue)
        now = timezone.now()
        for change in overdue:
            if change.overdue_alerted_at is None:
                change.overdue_alerted_at = now
                change.save(update_fields=["overdue_alerted_at", "updated_at"])
                record_event(
                    actor,
                    "core.registration_change_overdue",
                    change,
                    after={"kind": change.kind, "due_date": change.due_date.isoformat()},
                )
                run.newly_overdue.append(change)
        run.due_soon = RegistrationChange.objects.filter(
            submitted_at__isnull=True,
            due_date__gte=today,
            due_date__lte=today + dt.timedelta(days=DUE_SOON_DAYS),
        ).count()
        admins = security_admins() if (run.overdue or run.due_soon) else []
        if run.overdue:
            run.notified += len(
                notify_many(
                    admins,
                    notices.REPORTS_OVERDUE,
                    params={"count": str(run.overdue)},
                    url=url,
                    email=True,
                    dedupe_key=f"lic04-overdue-{today.isoformat()}",
                    actor=actor,
                )
            )
        if run.due_soon:
            run.notified += len(
                notify_many(
                    admins,
                    notices.REPORTS_DUE_SOON,
                    params={"count": str(run.due_soon)},
                    url=url,
                    dedupe_key=f"lic04-due-soon-{today.isoformat()}",
                    actor=actor,
                )
            )
    return run

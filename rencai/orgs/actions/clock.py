"""The six-month re-verification clock (VER-05) and display notices (VER-07)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from rencai.audit.actions import record_event
from rencai.core.actors import Actor, system_actor
from rencai.core.timeutil import local_today
from rencai.core.workdays import add_working_days
from rencai.notifications.actions import notify_many
from rencai.orgs import notices
from rencai.orgs.choices import OrgStatus
from rencai.orgs.constants import DISPLAY_NOTICE_WORKING_DAYS, REVERIFY_WARNINGS_DAYS
from rencai.orgs.errors import OrgErrorCode, org_error
from rencai.orgs.models import DisplayNotice, Organisation
from rencai.search import indexing

# Stored as the notice text (operators write theirs in Chinese too).
LICENCE_EXPIRED_REASON = "人力资源服务许可证已过期，请上传有效的许可证并更新许可证信息。"


@dataclass
class ClockReport:
    warned: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)
    noticed: list[str] = field(default_factory=list)
    suspended: list[str] = field(default_factory=list)


def issue_display_notice(org: Organisation, reason: str, *, actor: Actor) -> DisplayNotice:
    """Tell an organisation its displayed qualification details must be updated within 10
    working days (PRC calendar); after that, posting is suspended (VER-07)."""
    text = " ".join(reason.split())
    if not 5 <= len(text) <= 300:
        raise org_error(OrgErrorCode.NOTE_REQUIRED, field="reason")
    if org.status != OrgStatus.VERIFIED:
        raise org_error(OrgErrorCode.NOT_VERIFIED)
    deadline = add_working_days(local_today(), DISPLAY_NOTICE_WORKING_DAYS)
    with transaction.atomic():
        notice = DisplayNotice.objects.create(
            organisation=org,
            reason=text,
            issued_by=actor.user,
            deadline=deadline.date,
            deadline_provisional=deadline.provisional,
        )
        record_event(
            actor,
            "orgs.display_notice_issued",
            notice,
            after={"organisation": str(org.pk), "deadline": deadline.date.isoformat()},
        )
        notify_many(
            notices.admins_of(org),
            notices.DISPLAY_NOTICE,
            params={"org": org.legal_name, "deadline": deadline.date.isoformat(), "reason": text},
            url=f"/orgs/{org.pk}/",
            sms=True,
            actor=actor,
        )
    return notice


def resolve_display_notice(notice: DisplayNotice, *, actor: Actor) -> DisplayNotice:
    """An operator confirms the details were updated; service resumes when no lapsed
    notice is left."""
    with transaction.atomic():
        notice = DisplayNotice.objects.select_for_update().get(pk=notice.pk)
        if notice.resolved_at is not None:
            raise org_error(OrgErrorCode.NOTICE_STATE)
        notice.resolved_at = timezone.now()
        notice.save(update_fields=["resolved_at", "updated_at"])
        org = notice.organisation
        still_lapsed = org.display_notices.filter(
            resolved_at__isnull=True, lapsed_at__isnull=False
        ).exists()
        if org.display_suspended and not still_lapsed:
            org.display_suspended = False
            org.save(update_fields=["display_suspended", "updated_at"])
            indexing.organisation_changed(org.pk)
        record_event(
            actor,
            "orgs.display_notice_resolved",
            notice,
            after={"display_suspended": org.display_suspended},
        )
    return notice


def _warn(org: Organisation, now: dt.datetime, actor: Actor, report: ClockReport) -> None:
    due = org.reverification_due_at
    if due is None or due <= now:
        return
    for days in sorted(REVERIFY_WARNINGS_DAYS):  # the nearest warning that applies
        if due - dt.timedelta(days=days) <= now:
            due_text = timezone.localtime(due).date().isoformat()
            notify_many(
                notices.admins_of(org),
                notices.REVERIFY_SOON,
                params={"org": org.legal_name, "due": due_text},
                url=f"/orgs/{org.pk}/reverify/",
                sms=True,
                dedupe_key=f"reverify:{org.pk}:{due_text}:{days}",
                actor=actor,
            )
            report.warned.append(str(org.pk))
            return


def _flag(org: Organisation, actor: Actor, report: ClockReport) -> None:
    org.reverification_required = True
    org.save(update_fields=["reverification_required", "updated_at"])
    indexing.organisation_changed(org.pk)
    record_event(
        actor,
        "orgs.reverification_required",
        org,
        after={"last_verified_at": org.last_verified_at},
    )
    notify_many(
        notices.admins_of(org),
        notices.REVERIFY_NOW,
        params={"org": org.legal_name},
        url=f"/orgs/{org.pk}/reverify/",
        sms=True,
        actor=actor,
    )
    report.flagged.append(str(org.pk))


def _lapse(notice: DisplayNotice, now: dt.datetime, actor: Actor, report: ClockReport) -> None:
    org = notice.organisation
    notice.lapsed_at = now
    notice.save(update_fields=["lapsed_at", "updated_at"])
    org.display_suspended = True
    org.save(update_fields=["display_suspended", "updated_at"])
    indexing.organisation_changed(org.pk)
    record_event(actor, "orgs.display_suspended", org, after={"notice": str(notice.pk)})
    notify_many(
        notices.admins_of(org),
        notices.DISPLAY_SUSPENDED,
        params={"org": org.legal_name},
        url=f"/orgs/{org.pk}/",
        sms=True,
        actor=actor,
    )
    report.suspended.append(str(org.pk))


def run_org_clock(*, now: dt.datetime | None = None, actor: Actor | None = None) -> ClockReport:
    """The daily pass: warn 30 and 7 days before re-verification is due, flag organisations
    whose last verification is older than six months, open a display notice for agencies
    whose HR licence expired, and suspend organisations whose notice deadline passed."""
    now = now or timezone.now()
    actor = actor or system_actor()
    today = timezone.localtime(now).date()
    report = ClockReport()
    verified = Organisation.objects.filter(status=OrgStatus.VERIFIED)
    for org in verified.filter(reverification_required=False).order_by("pk"):
        with transaction.atomic():
            if org.reverification_due_at is not None and org.reverification_due_at <= now:
                _flag(org, actor, report)
            else:
                _warn(org, now, actor, report)
    expired = verified.filter(agency_licence__valid_until__lt=today).exclude(
        display_notices__reason=LICENCE_EXPIRED_REASON, display_notices__resolved_at__isnull=True
    )
    for org in expired.order_by("pk"):
        issue_display_notice(org, LICENCE_EXPIRED_REASON, actor=actor)
        report.noticed.append(str(org.pk))
    overdue = DisplayNotice.objects.filter(
        resolved_at__isnull=True, lapsed_at__isnull=True, deadline__lt=today
    ).select_related("organisation")
    for notice in overdue.order_by("pk"):
        with transaction.atomic():
            _lapse(notice, now, actor, report)
    return report

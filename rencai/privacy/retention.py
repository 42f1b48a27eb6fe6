"""The retention engine (RET-01…RET-07, PI-15): the rules are data (``RetentionRule``, seeded
by migration 0004), a run applies every enabled rule in batches, saves its progress on the
``RetentionRun`` and ends with a report per rule (candidates, acted, skipped with reasons).
A dry run changes nothing but the run record itself and reports what would happen.

What each rule does:

- ``security_log`` (≥ 183 days, CSL Art 21(3)): ended ``UserSession`` rows, ``LoginFailure``,
  ``SmsCode``, ``PiAccessRecord``, real-name and face check results and expired virtual
  numbers older than the period are deleted. The audit trail
  (``audit.AuditEvent``) is **not** touched: it is a hash chain whose integrity is proved by
  verifying it end to end, and it holds the ≥ 3-year evidence of postings, services and
  rights requests (RET-01, RET-07), so it is kept whole.
- ``notification`` (365 days): notifications older than the period are deleted.
- ``resume`` (inactive seekers, ``RETENTION_INACTIVE_SEEKER_DAYS`` after the last activity:
  last sign-in, resume edit or application): ``notice_days`` before the due date the seeker
  gets a ``RetentionNotice`` and an in-site + e-mail notice (no SMS); on the due date their
  resume data is erased by ``rencai.privacy.erasure.erase_resume_data`` unless they were
  active after the notice, which cancels it (as les-emplois does before anonymising).
- ``consent_ledger`` (3 years after the account ends, RET-07): ledger rows of erased
  accounts are deleted once the period since the erasure has passed.
- ``rights_request`` (3 years after closing, RET-07): closed requests of erased accounts
  are deleted; an active account keeps its requests as its own history.
- ``archive``: restricted-archive payloads past ``retain_until`` are purged by
  ``rencai.audit.archive.purge_expired`` (which respects legal holds).
- ``data_export``: copies of one's data expire through the export job (report only);
  operators' bulk exports past their 7 days lose their file here.
- ``posting``, ``service_record``: postings, applications, messages and interviews stay
  live while the account is active, because they are the user's own history and the
  employer's service record; when an account is erased, the legally required subset moves
  to the restricted archive (RET-06, erasure) and the archive rule ends it after 3 years.
  The run reports them without acting.
- ``transaction``: no transaction tables exist yet (the platform takes no payments); the
  rule is there so the 3-year floor (ECL Art 31, RET-04) is in place when they come.
- ``account``, ``moderation_record``: accounts are erased by the cancellation flow;
  reports stay the moderation record. Reported without acting.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rencai.accounts.choices import Role
from rencai.accounts.models import (
    FaceCheck,
    LoginFailure,
    RealNameCheck,
    SmsCode,
    User,
    UserSession,
)
from rencai.audit.actions import record_event
from rencai.core.actors import Actor
from rencai.core.errors import DomainError, permission_denied
from rencai.core.timeutil import local_start_of_day, local_today
from rencai.messaging.models import VirtualNumber
from rencai.privacy import permissions
from rencai.privacy.choices import ExportStatus, RequestState, RunStatus
from rencai.privacy.errors import GovernanceErrorCode as Code
from rencai.privacy.models import (
    ConsentRecord,
    DataExport,
    PiAccessRecord,
    RetentionNotice,
    RetentionRule,
    RetentionRun,
    RightsRequest,
)

logger = logging.getLogger(__name__)

NOTICE_KIND = "privacy.retention_notice"
MAX_PERIOD_DAYS = 36500

CATEGORY_LABELS: dict[str, Promise] = {
    "account": _("Account details"),
    "security_log": _("Sign-in and security logs, staff reads of personal information"),
    "consent_ledger": _("Consent ledger (kept after the account ends)"),
    "rights_request": _("Rights requests and our answers"),
    "moderation_record": _("Reports, complaints and moderation records"),
    "posting": _("Job postings"),
    "service_record": _("Service records: applications, invitations, messages, interviews"),
    "transaction": _("Transactions (none are recorded yet: the platform takes no payments)"),
    "resume": _("Resumes of inactive job seekers"),
    "notification": _("Notifications"),
    "data_export": _("Copies of personal data prepared for download"),
    "archive": _("Restricted archive (content purged when its period ends)"),
}

# Reasons in a report (stable codes; the page translates them).
REASONS: dict[str, Promise] = {
    "audit_trail_kept": _("The audit trail is a hash chain kept whole (at least 3 years)."),
    "account_active": _("Kept while the account is active (the user's own history)."),
    "handled_by_erasure": _("Handled by account cancellation and erasure."),
    "handled_by_export_job": _("Expired by the export job."),
    "no_transaction_tables": _("No transaction data is recorded yet."),
    "live_while_account_active": _(
        "Live records stay while the account is active; erasure archives the legal subset."
    ),
    "kept_as_moderation_record": _("Kept as the moderation record."),
    "not_due": _("Notice sent; not due yet."),
    "erasure_unavailable": _("The erasure function is not available."),
    "archive_unavailable": _("The archive purge is not available."),
    "failed": _("Failed: see the server log."),
}


def rule_label(rule: RetentionRule) -> str:
    """The translated name of a rule's category (the stored label as a fallback)."""
    label = CATEGORY_LABELS.get(rule.category)
    return str(label) if label is not None else rule.label


def reason_label(code: str) -> str:
    label = REASONS.get(code)
    return str(label) if label is not None else code


# --- editing a rule ---------------------------------------------------------------------------


def update_rule(
    rule: RetentionRule, *, min_days: int, enabled: bool, actor: Actor
) -> RetentionRule:
    """Change a rule's period or switch it off; never below ``legal_min_days`` (the law's
    floor), and a rule with a legal floor cannot be switched off either. Audited."""
    user = actor.user
    if user is None or not permissions.can_run_retention(user):
        raise permission_denied()
    if not 0 <= min_days <= MAX_PERIOD_DAYS:
        raise DomainError(
            Code.PERIOD_INVALID.value,
            _("Enter a number of days between 0 and 36500."),
            fields={"min_days": _("Enter a number of days between 0 and 36500.")},
        )
    with transaction.atomic():
        locked = RetentionRule.objects.select_for_update().get(pk=rule.pk)
        if min_days < locked.legal_min_days:
            message = _("The law requires keeping this data at least {days} days.").format(
                days=locked.legal_min_days
            )
            raise DomainError(Code.BELOW_LEGAL_MINIMUM.value, message, fields={"min_days": message})
        if not enabled and locked.legal_min_days:
            # Switching off a rule with a legal floor does not shorten anything, but it is
            # the daily run that proves the floor is respected: keep such rules running.
            enabled = True
        before = {"min_days": locked.min_days, "enabled": locked.enabled}
        locked.min_days = min_days
        locked.enabled = enabled
        locked.save(update_fields=["min_days", "enabled", "updated_at"])
        record_event(
            actor,
            "privacy.retention_rule_changed",
            locked,
            before=before,
            after={"min_days": min_days, "enabled": enabled, "category": locked.category},
        )
    return locked


def get_rule(category: str) -> RetentionRule:
    rule = RetentionRule.objects.filter(category=category).first()
    if rule is None:
        raise DomainError(
            Code.RULE_UNKNOWN.value, _("There is no retention rule for this category."), status=404
        )
    return rule


# --- the run ----------------------------------------------------------------------------------


@dataclass
class RuleReport:
    category: str
    action: str
    candidates: int = 0
    acted: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    details: dict[str, int] = field(default_factory=dict)
    note: str = ""

    def skip(self, reason: str, count: int) -> None:
        if count:
            self.skipped[reason] = self.skipped.get(reason, 0) + count

    def as_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "action": self.action,
            "candidates": self.candidates,
            "acted": self.acted,
            "skipped": dict(self.skipped),
            "details": dict(self.details),
            "note": self.note,
        }


@dataclass
class _Context:
    run: RetentionRun
    actor: Actor
    dry_run: bool
    today: dt.date
    now: dt.datetime
    batch_size: int
    reports: list[dict[str, Any]]
    done_rules: int
    total_rules: int

    def save_progress(self, current: RuleReport | None = None) -> None:
        reports = list(self.reports)
        if current is not None:
            reports.append(current.as_dict())
        self.run.progress = min(99, int(100 * self.done_rules / max(1, self.total_rules)))
        self.run.report = {**self.run.report, "rules": reports}
        self.run.save(update_fields=["progress", "report", "updated_at"])


def _delete_in_batches(
    queryset: QuerySet[Any], ctx: _Context, report: RuleReport, *, source: str
) -> int:
    """Delete the rows of ``queryset`` ``batch_size`` at a time, each batch in its own
    transaction with one audit event; returns the number deleted (0 in a dry run)."""
    candidates = queryset.count()
    report.candidates += candidates
    report.details[source] = candidates
    if ctx.dry_run or not candidates:
        return 0
    model = queryset.model
    deleted = 0
    for _attempt in range(candidates // ctx.batch_size + 2):
        pks = list(queryset.values_list("pk", flat=True)[: ctx.batch_size])
        if not pks:
            break
        with transaction.atomic():
            model.objects.filter(pk__in=pks).delete()
            record_event(
                ctx.actor,
                "privacy.retention_deleted",
                object_type=model._meta.label,
                after={"category": report.category, "count": len(pks), "run": str(ctx.run.pk)},
            )
        deleted += len(pks)
        report.acted += len(pks)
        ctx.save_progress(report)
    return deleted


def _security_log(rule: RetentionRule, ctx: _Context, report: RuleReport) -> None:
    cutoff = ctx.now - dt.timedelta(days=rule.min_days)
    sources: list[tuple[str, QuerySet[Any]]] = [
        ("sessions", UserSession.objects.filter(ended_at__isnull=False, ended_at__lt=cutoff)),
        ("login_failures", LoginFailure.objects.filter(created_at__lt=cutoff)),
        ("sms_codes", SmsCode.objects.filter(created_at__lt=cutoff)),
        ("pi_access_records", PiAccessRecord.objects.filter(created_at__lt=cutoff)),
        ("real_name_checks", RealNameCheck.objects.filter(created_at__lt=cutoff)),
        ("face_checks", FaceCheck.objects.filter(created_at__lt=cutoff)),
        ("virtual_numbers", VirtualNumber.objects.filter(expires_at__lt=cutoff)),
    ]
    for source, queryset in sources:
        _delete_in_batches(queryset, ctx, report, source=source)
    report.note = "audit_trail_kept"


def _notification(rule: RetentionRule, ctx: _Context, report: RuleReport) -> None:
    from rencai.notifications.models import Notification

    cutoff = ctx.now - dt.timedelta(days=rule.min_days)
    _delete_in_batches(
        Notification.objects.filter(created_at__lt=cutoff), ctx, report, source="notifications"
    )


def _consent_ledger(rule: RetentionRule, ctx: _Context, report: RuleReport) -> None:
    cutoff = ctx.now - dt.timedelta(days=rule.min_days)
    _delete_in_batches(
        ConsentRecord.objects.filter(user__erased_at__lt=cutoff),
        ctx,
        report,
        source="consent_records",
    )
    active = ConsentRecord.objects.filter(user__erased_at__isnull=True).count()
    report.details["kept_active_accounts"] = active


def _rights_request(rule: RetentionRule, ctx: _Context, report: RuleReport) -> None:
    cutoff = ctx.now - dt.timedelta(days=rule.min_days)
    closed = RightsRequest.objects.filter(
        completed_at__lt=cutoff,
        state__in=[RequestState.COMPLETED, RequestState.REFUSED, RequestState.WITHDRAWN],
    )
    _delete_in_batches(
        closed.filter(subject__erased_at__isnull=False), ctx, report, source="rights_requests"
    )
    kept = closed.filter(subject__erased_at__isnull=True).count()
    report.candidates += kept
    report.skip("account_active", kept)


def _archive(rule: RetentionRule, ctx: _Context, report: RuleReport) -> None:
    from rencai.audit.models import ArchiveRecord

    due = ArchiveRecord.objects.filter(retain_until__lt=ctx.today, purged_at__isnull=True)
    report.candidates = due.count()
    try:
        from rencai.audit.archive import purge_expired  # helper C's module
    except ImportError:
        report.skip("archive_unavailable", report.candidates)
        return
    purged = purge_expired(actor=ctx.actor, batch_size=ctx.batch_size, dry_run=ctx.dry_run)
    if ctx.dry_run:
        report.details["would_purge"] = purged
    else:
        report.acted = purged
        report.skip("legal_hold", max(0, report.candidates - purged))


def _data_export(rule: RetentionRule, ctx: _Context, report: RuleReport) -> None:
    from rencai.privacy.governance import expire_bulk_exports

    copies = (
        DataExport.objects.filter(expires_at__lt=ctx.now)
        .exclude(status__in=[ExportStatus.EXPIRED, ExportStatus.FAILED])
        .count()
    )
    report.candidates += copies
    report.skip("handled_by_export_job", copies)
    bulk = expire_bulk_exports(actor=ctx.actor, dry_run=True, now=ctx.now)
    report.candidates += bulk
    report.details["bulk_exports"] = bulk
    if not ctx.dry_run and bulk:
        report.acted += expire_bulk_exports(actor=ctx.actor, now=ctx.now)


def _report_only(reason: str) -> Callable[[RetentionRule, _Context, RuleReport], None]:
    def handler(rule: RetentionRule, ctx: _Context, report: RuleReport) -> None:
        report.note = reason

    return handler


def _account(rule: RetentionRule, ctx: _Context, report: RuleReport) -> None:
    waiting = User.objects.filter(cancelled_at__isnull=False, erased_at__isnull=True).count()
    report.candidates = waiting
    report.skip("handled_by_erasure", waiting)
    report.note = "handled_by_erasure"


# --- inactive seekers -------------------------------------------------------------------------


def _with_last_activity(users: QuerySet[User]) -> QuerySet[User]:
    """Annotate the moments that count as activity: sign-ins, resume edits, applications."""
    from rencai.applications.models import Application
    from rencai.resumes.models import Resume

    def latest(queryset: QuerySet[Any], column: str) -> Subquery:
        return Subquery(queryset.order_by(f"-{column}").values(column)[:1])

    sessions = UserSession.objects.filter(user=OuterRef("pk"))
    resumes = Resume.objects.filter(owner=OuterRef("pk"))
    applications = Application.objects.filter(seeker=OuterRef("pk"))
    return users.annotate(
        last_session=latest(sessions, "created_at"),
        last_resume=latest(resumes, "updated_at"),
        last_application=latest(applications, "created_at"),
    )


def _inactive_since(moment: dt.datetime) -> Q:
    """No activity at or after ``moment``."""
    return (
        Q(date_joined__lt=moment)
        & (Q(last_login__isnull=True) | Q(last_login__lt=moment))
        & (Q(last_session__isnull=True) | Q(last_session__lt=moment))
        & (Q(last_resume__isnull=True) | Q(last_resume__lt=moment))
        & (Q(last_application__isnull=True) | Q(last_application__lt=moment))
    )


def last_activity(user: User) -> dt.datetime:
    """The latest sign-in, resume edit or application of ``user`` (or when they joined)."""
    annotated = _with_last_activity(User.objects.filter(pk=user.pk)).get()
    moments = [
        annotated.date_joined,
        annotated.last_login,
        annotated.last_session,  # type: ignore[attr-defined]
        annotated.last_resume,  # type: ignore[attr-defined]
        annotated.last_application,  # type: ignore[attr-defined]
    ]
    latest: dt.datetime = max(m for m in moments if m is not None)
    return latest


def _erase_resume_data(user: User, *, actor: Actor) -> bool:
    """Helper C's erasure of resume data; False when it is not available."""
    try:
        from rencai.privacy.erasure import erase_resume_data
    except ImportError:
        return False
    erase_resume_data(user, actor=actor)
    return True


def _centre_url() -> str:
    try:
        return reverse("privacy:centre")
    except NoReverseMatch:
        return "/"


def _resume(rule: RetentionRule, ctx: _Context, report: RuleReport) -> None:
    from rencai.notifications.actions import notify

    period = dt.timedelta(days=rule.min_days)
    counts = {"notices_sent": 0, "notices_cancelled": 0, "anonymised": 0}

    # 1. Open notices: cancelled by activity since the notice, applied on the due date.
    open_notices = RetentionNotice.objects.filter(
        category=rule.category, cancelled_at__isnull=True, applied_at__isnull=True
    ).select_related("user")
    for notice in open_notices.iterator(chunk_size=ctx.batch_size):
        user = notice.user
        active_again = last_activity(user) > notice.created_at
        closed = user.cancelled_at is not None or user.erased_at is not None
        if active_again or closed:
            counts["notices_cancelled"] += 1
            if not ctx.dry_run:
                with transaction.atomic():
                    notice.cancelled_at = ctx.now
                    notice.save(update_fields=["cancelled_at", "updated_at"])
                    record_event(
                        ctx.actor,
                        "privacy.retention_notice_cancelled",
                        notice,
                        after={"reason": "activity" if active_again else "account_closed"},
                    )
            continue
        if notice.due_on > ctx.today:
            report.skip("not_due", 1)
            continue
        report.candidates += 1
        if ctx.dry_run:
            counts["anonymised"] += 1
            continue
        with transaction.atomic():
            if not _erase_resume_data(user, actor=ctx.actor):
                report.skip("erasure_unavailable", 1)
                continue
            notice.applied_at = ctx.now
            notice.save(update_fields=["applied_at", "updated_at"])
            record_event(
                ctx.actor,
                "privacy.retention_notice_applied",
                notice,
                after={"category": rule.category, "due_on": notice.due_on.isoformat()},
            )
        counts["anonymised"] += 1
        report.acted += 1
        if report.acted % ctx.batch_size == 0:
            ctx.save_progress(report)

    # 2. New notices for seekers inactive for (period - notice) with something to erase.
    notice_from = ctx.now - (period - dt.timedelta(days=rule.notice_days))
    has_open = RetentionNotice.objects.filter(
        user=OuterRef("pk"),
        category=rule.category,
        cancelled_at__isnull=True,
        applied_at__isnull=True,
    )
    seekers = (
        _with_last_activity(
            User.objects.filter(
                role_grants__role=Role.SEEKER,
                role_grants__revoked_at__isnull=True,
                cancelled_at__isnull=True,
                erased_at__isnull=True,
                resumes__isnull=False,
            ).distinct()
        )
        .filter(_inactive_since(notice_from))
        .exclude(models.Exists(has_open))
    )
    for user in seekers.iterator(chunk_size=ctx.batch_size):
        report.candidates += 1
        counts["notices_sent"] += 1
        if ctx.dry_run:
            continue
        latest = last_activity(user)
        due_on = max(
            timezone.localdate(latest + period),
            ctx.today + dt.timedelta(days=rule.notice_days),
        )
        with transaction.atomic():
            notice = RetentionNotice.objects.create(
                user=user, category=rule.category, due_on=due_on
            )
            record_event(
                ctx.actor,
                "privacy.retention_notice_sent",
                notice,
                after={"category": rule.category, "due_on": due_on.isoformat()},
            )
            notify(
                user,
                NOTICE_KIND,
                params={"date": due_on.isoformat()},
                url=_centre_url(),
                email=True,
                dedupe_key=f"retention-notice:{notice.pk}",
                actor=ctx.actor,
            )
        if counts["notices_sent"] % ctx.batch_size == 0:
            ctx.save_progress(report)
    report.details.update(counts)


HANDLERS: dict[str, Callable[[RetentionRule, _Context, RuleReport], None]] = {
    "account": _account,
    "security_log": _security_log,
    "consent_ledger": _consent_ledger,
    "rights_request": _rights_request,
    "moderation_record": _report_only("kept_as_moderation_record"),
    "posting": _report_only("live_while_account_active"),
    "service_record": _report_only("live_while_account_active"),
    "transaction": _report_only("no_transaction_tables"),
    "resume": _resume,
    "notification": _notification,
    "data_export": _data_export,
    "archive": _archive,
}


def run_retention(
    *,
    actor: Actor,
    dry_run: bool = False,
    today: dt.date | None = None,
    categories: Sequence[str] | None = None,
) -> RetentionRun:
    """Apply every enabled rule (or only ``categories``) and return the finished run with
    its report. A rule that fails is reported as failed and the others still run; the
    run is then ``failed``. ``today`` defaults to the local date (tests travel in time
    with ``time_machine`` instead)."""
    real_today = local_today()
    today = today or real_today
    now = timezone.now() if today == real_today else local_start_of_day(today)
    rules = list(RetentionRule.objects.filter(enabled=True).order_by("category"))
    if categories is not None:
        unknown = sorted(set(categories) - {rule.category for rule in rules})
        if unknown:
            raise DomainError(
                Code.RULE_UNKNOWN.value,
                _("There is no enabled retention rule for: {categories}.").format(
                    categories=", ".join(unknown)
                ),
                status=404,
            )
        rules = [rule for rule in rules if rule.category in categories]
    with transaction.atomic():
        run = RetentionRun.objects.create(
            dry_run=dry_run,
            started_by=actor.user,
            report={"today": today.isoformat(), "rules": []},
        )
        record_event(
            actor,
            "privacy.retention_run_started",
            run,
            after={"dry_run": dry_run, "rules": [rule.category for rule in rules]},
        )
    ctx = _Context(
        run=run,
        actor=actor,
        dry_run=dry_run,
        today=today,
        now=now,
        batch_size=settings.RETENTION_BATCH_SIZE,
        reports=[],
        done_rules=0,
        total_rules=len(rules),
    )
    failed = False
    for rule in rules:
        report = RuleReport(category=rule.category, action=rule.action)
        handler = HANDLERS.get(rule.category)
        try:
            if handler is not None:
                handler(rule, ctx, report)
        except Exception:  # one failing rule must not stop the others
            logger.exception("retention rule %s failed", rule.category)
            report.note = "failed"
            failed = True
        ctx.reports.append(report.as_dict())
        ctx.done_rules += 1
        ctx.save_progress()
    totals = {
        "candidates": sum(r["candidates"] for r in ctx.reports),
        "acted": sum(r["acted"] for r in ctx.reports),
    }
    with transaction.atomic():
        run.status = RunStatus.FAILED if failed else RunStatus.FINISHED
        run.progress = 100
        run.finished_at = timezone.now()
        run.report = {"today": today.isoformat(), "rules": ctx.reports, "totals": totals}
        run.save(update_fields=["status", "progress", "finished_at", "report", "updated_at"])
        record_event(
            actor,
            "privacy.retention_run_finished",
            run,
            after={"dry_run": dry_run, "status": run.status, **totals},
        )
    return run


def start_retention_run(*, actor: Actor, dry_run: bool) -> RetentionRun:
    """An operator starts a run from the page or the API (permission checked here)."""
    if actor.user is None or not permissions.can_run_retention(actor.user):
        raise permission_denied()
    return run_retention(actor=actor, dry_run=dry_run)


def format_report(run: RetentionRun) -> list[str]:
    """The report as lines of text (for the command and logs)."""
    lines = [
        f"retention run {run.pk} {'(dry run) ' if run.dry_run else ''}"
        f"{run.report.get('today', '')}: {run.status}"
    ]
    for item in run.report.get("rules", []):
        skipped = ", ".join(f"{k}={v}" for k, v in sorted(item["skipped"].items()))
        details = ", ".join(f"{k}={v}" for k, v in sorted(item["details"].items()))
        line = (
            f"  {item['category']:<18} {item['action']:<14} "
            f"candidates={item['candidates']} acted={item['acted']}"
        )
        if skipped:
            line += f" skipped: {skipped}"
        if details:
            line += f" [{details}]"
        if item.get("note"):
            line += f" ({item['note']})"
        lines.append(line)
    totals = run.report.get("totals", {})
    lines.append(f"  total candidates={totals.get('candidates', 0)} acted={totals.get('acted', 0)}")
    return lines

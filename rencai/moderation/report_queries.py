"""Reads of reports: the reporter's own (signed in, or with reference and token) and the
trust & safety queue (operators, the auditor and the regulator, read-only)."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from rencai.accounts.models import User
from rencai.core.errors import not_found
from rencai.core.lookups import one_of
from rencai.core.models import Id
from rencai.core.timeutil import local_today
from rencai.moderation.choices import OPEN_CASE_STATES, CaseStatus
from rencai.moderation.models import Report, ReportCase, ReportEvidence, ReportStatusUpdate


def _reports() -> QuerySet[Report]:
    return Report.objects.select_related("case").prefetch_related(
        Prefetch("updates", queryset=ReportStatusUpdate.objects.order_by("created_at"))
    )


def reports_of(user: User) -> QuerySet[Report]:
    """A signed-in reporter's own reports, newest first."""
    return _reports().filter(reporter=user).order_by("-received_at")


def report_of(user: User, reference: str) -> Report:
    report = reports_of(user).filter(reference=reference.strip().upper()).first()
    if report is None:
        raise not_found()
    return report


def report_by_reference(reference: str) -> Report:
    """For the answer to the person who just filed it (not for lookups)."""
    return _reports().get(reference=reference)


def report_by_token(reference: str, token: str) -> Report:
    """An anonymous reporter's report: the reference and the secret token shown once.
    Wrong reference and wrong token answer the same 404."""
    report = _reports().filter(reference=(reference or "").strip().upper()).first()
    digest = hashlib.sha256((token or "").strip().encode()).hexdigest()
    if (
        report is None
        or not report.token_hash
        or not hmac.compare_digest(report.token_hash, digest)
    ):
        raise not_found()
    return report


def timeline(report: Report) -> list[ReportStatusUpdate]:
    return list(report.updates.all())


def outcome_of(report: Report) -> str:
    """The case's outcome once the report is closed by a decision (else "")."""
    case = report.case
    return case.outcome if case.status == CaseStatus.DECIDED else ""


# --- the trust & safety queue ------------------------------------------------------------------


def cases_for_operator(
    *,
    status: str = "open",
    category: str = "",
    target_kind: str = "",
    overdue: bool = False,
    assignee: User | None = None,
) -> QuerySet[ReportCase]:
    """Cases by due date (earliest first), each with its number of reports. ``status``:
    ``open`` (open or under review, the default), ``decided``, a case status, or ``all``."""
    cases = ReportCase.objects.select_related("assignee", "decided_by").annotate(
        report_count=Count("reports", distinct=True)
    )
    if status == "open":
        cases = cases.filter(status__in=OPEN_CASE_STATES)
    elif status in CaseStatus.values:
        cases = cases.filter(status=status)
    if category:
        cases = cases.filter(reports__category=category).distinct()
    if target_kind:
        cases = cases.filter(target_kind=target_kind)
    if overdue:
        cases = cases.filter(status__in=OPEN_CASE_STATES, due_date__lt=local_today())
    if assignee is not None:
        cases = cases.filter(assignee=assignee)
    return cases.order_by("due_date", "created_at")


def case_for_operator(case_id: Id) -> ReportCase:
    return one_of(
        ReportCase.objects.select_related(
            "assignee", "decided_by", "subject_organisation", "subject_user"
        ),
        case_id,
    )


def case_reports(case: ReportCase) -> list[Report]:
    return list(
        case.reports.select_related("reporter")
        .prefetch_related(
            Prefetch("evidence", queryset=ReportEvidence.objects.select_related("file")),
            Prefetch("updates", queryset=ReportStatusUpdate.objects.order_by("created_at")),
        )
        .order_by("received_at")
    )


def account_reports(case: ReportCase) -> QuerySet[Report]:
    """For a case about an organisation or a user: every report about the account's
    content (what the complaint-concentration trigger counted)."""
    if case.target_kind == "organisation" and case.subject_organisation_id:
        condition = Q(case__subject_organisation_id=case.subject_organisation_id)
    elif case.target_kind == "user" and case.subject_user_id:
        condition = Q(case__subject_user_id=case.subject_user_id)
    else:
        return Report.objects.none()
    return (
        Report.objects.filter(condition)
        .exclude(case=case)
        .select_related("case")
        .order_by("-received_at")
    )


def evidence_for_operator(evidence_id: Id) -> ReportEvidence:
    return one_of(
        ReportEvidence.objects.select_related("file", "report").filter(file__isnull=False),
        evidence_id,
    )


def queue_counts() -> dict[str, Any]:
    open_cases = ReportCase.objects.filter(status__in=OPEN_CASE_STATES)
    return {
        "open": open_cases.count(),
        "overdue": open_cases.filter(due_date__lt=local_today()).count(),
        "under_review": open_cases.filter(account_review=True).count(),
    }

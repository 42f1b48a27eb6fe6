"""The complaints dataset of the regulator's inspection (REG-02, CMP-01): one row per
report with its case, category, what was reported, dates, status and outcome. Registered
by ``ModerationConfig.ready``.

Reporters are not identified: a row says only whether the reporter was signed in or an
anonymous visitor; the anonymous contact and the details (which may name people) stay in
the case, which the regulator opens read-only (``/regulator/cases/<id>/``)."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rencai.accounts.models import User
from rencai.core.choices import choice_label
from rencai.core.timeutil import local_today
from rencai.inspection.builtin_datasets import choices_of, fmt_date, fmt_datetime, yes_no
from rencai.inspection.datasets import Cell, ChoiceFilter, Column, Dataset, register
from rencai.moderation.choices import (
    CaseOutcome,
    CaseStatus,
    ReportCategory,
    ReportStatus,
    TargetKind,
)
from rencai.moderation.models import Report


def _complaints(viewer: User) -> QuerySet[Report]:
    return (
        Report.objects.select_related("case__subject_organisation")
        .annotate(sanction_count=Count("case__sanction_links", distinct=True))
        .order_by("-received_at", "pk")
    )


def _late(report: Report) -> bool:
    """Closed after its due date, or still open past it."""
    if report.closed_at is not None:
        return timezone.localdate(report.closed_at) > report.due_date
    return local_today() > report.due_date


def _complaint_row(report: Report) -> Mapping[str, Cell]:
    case = report.case
    org = case.subject_organisation
    return {
        "reference": report.reference,
        "case": str(case.pk),
        "category": choice_label(ReportCategory, report.category),
        "target_kind": choice_label(TargetKind, case.target_kind),
        "target": case.target_label,
        "organisation": org.legal_name if org else "",
        "uscc": org.uscc if org else "",
        "reporter": str(_("signed-in user") if report.reporter_id else _("anonymous visitor")),
        "received_at": fmt_datetime(report.received_at),
        "due_date": fmt_date(report.due_date),
        "status": choice_label(ReportStatus, report.status),
        "case_status": choice_label(CaseStatus, case.status),
        "outcome": choice_label(CaseOutcome, case.outcome) if case.outcome else "",
        "decided_at": fmt_datetime(case.decided_at),
        "overdue": yes_no(_late(report)),
        "sanctions": getattr(report, "sanction_count", 0),
    }


def regulator_case_url(case_id: object) -> str:
    return reverse("moderation_reports:regulator_case", args=[case_id])


COMPLAINTS = Dataset(
    key="complaints",
    title=_("Complaints and their handling"),
    description=_(
        "Every report, one row each, with its case: category, what was reported, received, "
        "due, status, outcome and decision time, and how many sanctions followed. Reporters "
        "are not identified. A row opens the case."
    ),
    columns=(
        Column("reference", _("Reference")),
        Column("case", _("Case")),
        Column("category", _("Category")),
        Column("target_kind", _("Reported")),
        Column("target", _("What was reported")),
        Column("organisation", _("Organisation")),
        Column("uscc", _("Unified social credit code")),
        Column("reporter", _("Reporter")),
        Column("received_at", _("Received")),
        Column("due_date", _("Due by")),
        Column("status", _("Status")),
        Column("case_status", _("Case status")),
        Column("outcome", _("Outcome")),
        Column("decided_at", _("Decided at")),
        Column("overdue", _("Overdue")),
        Column("sanctions", _("Sanctions")),
    ),
    queryset=_complaints,
    row=_complaint_row,
    date_field="received_at",
    search_fields=(
        "reference",
        "case__target_label",
        "case__subject_organisation__legal_name",
        "case__subject_organisation__uscc",
    ),
    filters=(
        ChoiceFilter("category", _("Category"), "category", choices_of(ReportCategory)),
        ChoiceFilter("target_kind", _("Reported"), "case__target_kind", choices_of(TargetKind)),
        ChoiceFilter("status", _("Status"), "status", choices_of(ReportStatus)),
        ChoiceFilter("outcome", _("Outcome"), "case__outcome", choices_of(CaseOutcome)),
    ),
    detail_url=lambda report: regulator_case_url(report.case_id),
    position=80,
)


def register_datasets() -> None:
    register(COMPLAINTS)

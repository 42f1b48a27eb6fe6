"""The sanctions and appeals datasets of the regulator's inspection (REG-02, FRD-02,
REG-03). Registered by ``SanctionsConfig.ready``.

Rows carry no phone or ID numbers (GOV-05): organisations by name and USCC, people and
operators by display name (the regulator supervises who decided, as on the other
datasets). A sanction that followed a report case opens the case
(``/regulator/cases/<id>/``); another one opens the organisation's dossier."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rencai.accounts.models import User
from rencai.core.choices import choice_label
from rencai.inspection.builtin_datasets import choices_of, fmt_datetime
from rencai.inspection.datasets import Cell, ChoiceFilter, Column, Dataset, register
from rencai.sanctions.choices import (
    AppealStatus,
    Authority,
    AuthorityReportStatus,
    SanctionKind,
    SanctionStatus,
)
from rencai.sanctions.models import Appeal, AuthorityReport, Sanction
from rencai.sanctions.rules import RULE_CHOICES, get_rule


def _rule(code: str) -> str:
    rule = get_rule(code)
    return str(rule.title) if rule else code


def _subject(sanction: Sanction) -> tuple[str, str, str]:
    """(kind of subject, name, USCC)."""
    if sanction.organisation is not None:
        return (
            str(_("Organisation")),
            sanction.organisation.legal_name,
            sanction.organisation.uscc,
        )
    assert sanction.user is not None
    return str(_("Person")), sanction.user.display_name, ""


def _case_id(sanction: Sanction) -> str:
    link = getattr(sanction, "report_case_link", None)
    return str(link.case_id) if link is not None else ""


def detail_url(sanction: Sanction) -> str:
    case_id = _case_id(sanction)
    if case_id:
        return reverse("moderation_reports:regulator_case", args=[case_id])
    if sanction.organisation_id:
        return reverse("inspection:dossier", args=[sanction.organisation_id])
    return ""


# --- sanctions ------------------------------------------------------------------------------


def _sanctions(viewer: User) -> QuerySet[Sanction]:
    return (
        Sanction.objects.select_related(
            "organisation", "user", "imposed_by", "appeal", "report_case_link"
        )
        .prefetch_related(
            Prefetch("authority_reports", queryset=AuthorityReport.objects.order_by("authority"))
        )
        .order_by("-starts_at", "pk")
    )


def _authority_text(sanction: Sanction) -> str:
    parts = []
    for report in sanction.authority_reports.all():
        authority = choice_label(Authority, report.authority)
        text = f"{authority}：{choice_label(AuthorityReportStatus, report.status)}"
        if report.submission_reference:
            text += f"（{report.submission_reference}）"
        parts.append(text)
    return "；".join(parts)


def _sanction_row(sanction: Sanction) -> Mapping[str, Cell]:
    kind, name, uscc = _subject(sanction)
    appeal: Appeal | None = getattr(sanction, "appeal", None)
    return {
        "sanction": str(sanction.pk),
        "subject_kind": kind,
        "subject": name,
        "uscc": uscc,
        "posting": sanction.evidence.get("posting", {}).get("title", "")
        if sanction.posting_id
        else "",
        "kind": choice_label(SanctionKind, sanction.kind),
        "rule": _rule(sanction.rule),
        "severity": sanction.severity,
        "reason": sanction.reason,
        "imposed_by": sanction.imposed_by.display_name,
        "starts_at": fmt_datetime(sanction.starts_at),
        "ends_at": fmt_datetime(sanction.ends_at) or str(_("Permanent")),
        "status": choice_label(SanctionStatus, sanction.status),
        "appeal": choice_label(AppealStatus, appeal.status) if appeal is not None else "",
        "authority_reports": _authority_text(sanction),
        "case": _case_id(sanction),
        "evidence_sha256": sanction.evidence_sha256,
    }


SANCTIONS = Dataset(
    key="sanctions",
    title=_("Sanctions"),
    description=_(
        "Every sanction: who, which measure under which rule, severity, the operator, "
        "start and end, status, the appeal's outcome and the reports to the authorities, "
        "with the SHA-256 of the evidence bundle. A row opens the report case it followed, "
        "or the organisation's dossier."
    ),
    columns=(
        Column("sanction", _("Sanction")),
        Column("subject_kind", _("Subject")),
        Column("subject", _("Name")),
        Column("uscc", _("Unified social credit code")),
        Column("posting", _("Posting")),
        Column("kind", _("Measure")),
        Column("rule", _("Rule broken")),
        Column("severity", _("Severity")),
        Column("reason", _("Reason")),
        Column("imposed_by", _("Imposed by")),
        Column("starts_at", _("Starts")),
        Column("ends_at", _("Ends")),
        Column("status", _("Status")),
        Column("appeal", _("Appeal")),
        Column("authority_reports", _("Reports to authorities")),
        Column("case", _("Report case")),
        Column("evidence_sha256", _("SHA-256 of the evidence")),
    ),
    queryset=_sanctions,
    row=_sanction_row,
    date_field="starts_at",
    search_fields=("organisation__legal_name", "organisation__uscc", "user__display_name"),
    filters=(
        ChoiceFilter("kind", _("Measure"), "kind", choices_of(SanctionKind)),
        ChoiceFilter("status", _("Status"), "status", choices_of(SanctionStatus)),
        ChoiceFilter(
            "rule", _("Rule broken"), "rule", tuple((code, title) for code, title in RULE_CHOICES)
        ),
    ),
    detail_url=detail_url,
    position=81,
)


# --- appeals --------------------------------------------------------------------------------


def _appeals(viewer: User) -> QuerySet[Appeal]:
    return Appeal.objects.select_related(
        "sanction__organisation",
        "sanction__user",
        "sanction__imposed_by",
        "sanction__report_case_link",
        "appellant",
        "decided_by",
    ).order_by("-created_at", "pk")


def _appeal_row(appeal: Appeal) -> Mapping[str, Cell]:
    sanction = appeal.sanction
    kind, name, uscc = _subject(sanction)
    return {
        "sanction": str(sanction.pk),
        "subject": name,
        "uscc": uscc,
        "kind": choice_label(SanctionKind, sanction.kind),
        "imposed_by": sanction.imposed_by.display_name,
        "appellant": appeal.appellant.display_name,
        "submitted_at": fmt_datetime(appeal.created_at),
        "status": choice_label(AppealStatus, appeal.status),
        "decided_by": appeal.decided_by.display_name if appeal.decided_by else "",
        "decided_at": fmt_datetime(appeal.decided_at),
        "decision_reason": appeal.decision_reason,
        "sanction_status": choice_label(SanctionStatus, sanction.status),
    }


APPEALS = Dataset(
    key="appeals",
    title=_("Appeals against sanctions"),
    description=_(
        "Every appeal: the sanction, who appealed and when, the decision, who decided "
        "(never the operator who imposed the sanction) and the reasons."
    ),
    columns=(
        Column("sanction", _("Sanction")),
        Column("subject", _("Name")),
        Column("uscc", _("Unified social credit code")),
        Column("kind", _("Measure")),
        Column("imposed_by", _("Imposed by")),
        Column("appellant", _("Appellant")),
        Column("submitted_at", _("Submitted")),
        Column("status", _("Status")),
        Column("decided_by", _("Decided by")),
        Column("decided_at", _("Decided at")),
        Column("decision_reason", _("Reasons for the decision")),
        Column("sanction_status", _("Sanction status")),
    ),
    queryset=_appeals,
    row=_appeal_row,
    date_field="created_at",
    search_fields=("sanction__organisation__legal_name", "sanction__organisation__uscc"),
    filters=(ChoiceFilter("status", _("Status"), "status", choices_of(AppealStatus)),),
    detail_url=lambda appeal: detail_url(appeal.sanction),
    position=82,
)


def register_datasets() -> None:
    register(SANCTIONS)
    register(APPEALS)

"""The regulator's read-only view of one report case (REG-02, CMP-01): its reports
(reporters not identified, anonymous contacts never shown), the evidence hashes, the
decision, the sanctions that followed with their appeals and outcomes. Linked from the
complaints and sanctions datasets and from the organisation dossier; every view is logged
in the inspection's access log (kind ``dossier``, dataset ``complaints``, the case id)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render

from rencai.core.http import AuthedRequest, require, web_actor
from rencai.core.models import Id
from rencai.inspection.actions import record_access
from rencai.inspection.choices import AccessKind
from rencai.inspection.permissions import can_inspect
from rencai.moderation.choices import EvidenceKind
from rencai.moderation.models import ReportCase
from rencai.moderation.report_queries import case_reports
from rencai.moderation.report_sanctions import case_sanctions
from rencai.sanctions.rules import get_rule


@require(can_inspect)
def regulator_case_view(request: AuthedRequest, case_id: Id) -> HttpResponse:
    case = (
        ReportCase.objects.select_related("subject_organisation", "decided_by")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise Http404
    reports = case_reports(case)
    sanctions = case_sanctions(case)
    for sanction in sanctions:
        rule = get_rule(sanction.rule)
        sanction.rule_title = str(rule.title) if rule else sanction.rule
    record_access(
        actor=web_actor(request),
        kind=AccessKind.DOSSIER,
        dataset="complaints",
        object_id=str(case.pk),
        row_count=len(reports),
    )
    return render(
        request,
        "moderation/regulator/case.html",
        {
            "case": case,
            "reports": reports,
            "sanctions": sanctions,
            "snapshot_kind": EvidenceKind.SNAPSHOT,
        },
    )

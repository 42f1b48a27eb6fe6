"""The organisation dossier's complaints and sanctions section (REG-02), for the
regulator's inspection pages: ``{% dossier_complaints org %}``."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Count

from rencai.moderation.models import ReportCase
from rencai.orgs.models import Organisation

register = template.Library()

LIMIT = 50


@register.inclusion_tag("moderation/regulator/_dossier_complaints.html")
def dossier_complaints(org: Organisation) -> dict[str, Any]:
    """The organisation's report cases (newest first, with their number of reports) and
    the sanctions imposed on it or its postings, each with its appeal."""
    from rencai.sanctions.models import Sanction

    cases = list(
        ReportCase.objects.filter(subject_organisation=org)
        .annotate(report_count=Count("reports", distinct=True))
        .order_by("-created_at", "pk")[:LIMIT]
    )
    sanctions = list(
        Sanction.objects.filter(organisation=org)
        .select_related("appeal", "report_case_link")
        .order_by("-starts_at", "pk")[:LIMIT]
    )
    return {"cases": cases, "sanctions": sanctions}

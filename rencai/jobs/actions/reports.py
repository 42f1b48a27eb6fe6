"""Reports about postings from the public (CMP-01)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from rencai.audit.actions import record_event
from rencai.core.actors import Actor
from rencai.core.ratelimit import hit
from rencai.jobs.choices import ReportCategory
from rencai.jobs.errors import JobErrorCode, job_error
from rencai.jobs.models import JobPosting, PostingReport


def report_posting(
    posting: JobPosting, *, category: str, details: str, actor: Actor
) -> PostingReport:
    """Keep a report and give the reporter a reference number. Anonymous visitors may
    report too; each network may send a limited number per hour."""
    if category not in ReportCategory.values:
        raise job_error(JobErrorCode.FIELD_INVALID, field="category")
    text = details.strip()
    if not 5 <= len(text) <= 2000:
        raise job_error(JobErrorCode.FIELD_REQUIRED, field="details")
    hit(
        "job-report",
        actor.ip or "unknown",
        limit=settings.JOBS_REPORTS_HOURLY_LIMIT_PER_IP,
        window=3600,
        code="report_rate_limited",
        message=_("Too many reports from your network. Try again later."),
    )
    with transaction.atomic():
        report = PostingReport.objects.create(
            posting=posting,
            reporter=actor.user,
            reference="JB" + secrets.token_hex(5).upper(),
            category=category,
            details=text,
        )
        record_event(
            actor,
            "jobs.posting_reported",
            report,
            after={"posting": str(posting.pk), "category": category},
        )
    return report

"""Reads of risk assessments for operators (reviewers, trust & safety, auditors, the
regulator); the views and the API check ``can_view_risk`` first."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, IntegerField, QuerySet, Value, When

from rencai.core.errors import not_found
from rencai.core.models import Id
from rencai.risk.choices import RiskLevel, SubjectKind
from rencai.risk.errors import RiskErrorCode, risk_error
from rencai.risk.models import RiskAssessment

RELATED = ("posting", "posting__organisation", "posting__live_version", "organisation", "user")


def assessments_for_operator(
    *, kind: str = "", level: str = "", unreviewed: bool = False, history: bool = False
) -> QuerySet[RiskAssessment]:
    """The risk queue: current assessments (``history``: every one), highest level first,
    then highest score, newest first; filters by subject kind, level, not yet reviewed."""
    if kind and kind not in SubjectKind.values:
        raise risk_error(RiskErrorCode.FILTER_INVALID, field="kind")
    if level and level not in RiskLevel.values:
        raise risk_error(RiskErrorCode.FILTER_INVALID, field="level")
    rows = RiskAssessment.objects.select_related(*RELATED)
    if not history:
        rows = rows.filter(is_current=True)
    if kind:
        rows = rows.filter(subject_kind=kind)
    if level:
        rows = rows.filter(level=level)
    if unreviewed:
        rows = rows.filter(review_outcome="")
    rank = Case(
        When(level=RiskLevel.HIGH, then=Value(0)),
        When(level=RiskLevel.MEDIUM, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return rows.annotate(level_rank=rank).order_by("level_rank", "-score", "-computed_at", "pk")


def assessment_for_operator(assessment_id: Id) -> RiskAssessment:
    found = RiskAssessment.objects.select_related(*RELATED, "reviewed_by").filter(pk=assessment_id)
    assessment = found.first()
    if assessment is None:
        raise not_found()
    return assessment


def history_of(assessment: RiskAssessment) -> list[RiskAssessment]:
    """Earlier assessments of the same subject, newest first (at most 20)."""
    subject = {
        SubjectKind.POSTING: {"posting_id": assessment.posting_id},
        SubjectKind.ORGANISATION: {"organisation_id": assessment.organisation_id},
        SubjectKind.USER: {"user_id": assessment.user_id},
    }[SubjectKind(assessment.subject_kind)]
    rows = RiskAssessment.objects.filter(subject_kind=assessment.subject_kind, **subject)
    return list(rows.exclude(pk=assessment.pk).select_related("reviewed_by")[:20])


@dataclass(frozen=True)
class DashboardCounts:
    high_unreviewed: int
    medium_unreviewed: int


def dashboard_counts() -> DashboardCounts:
    rows = RiskAssessment.objects.filter(is_current=True, review_outcome="")
    return DashboardCounts(
        high_unreviewed=rows.filter(level=RiskLevel.HIGH).count(),
        medium_unreviewed=rows.filter(level=RiskLevel.MEDIUM).count(),
    )


def subject_labels(assessments: list[RiskAssessment]) -> dict[Id, str]:
    """What each assessment is about, for lists (one query for the titles of postings not
    public yet): the posting's title and organisation, the organisation's name, or the
    person's display name and masked phone."""
    from rencai.jobs.models import JobPostingVersion

    waiting = [
        a.posting_id
        for a in assessments
        if a.posting is not None and a.posting.live_version is None
    ]
    titles: dict[Id, str] = {}
    if waiting:
        versions = JobPostingVersion.objects.filter(posting_id__in=waiting).order_by("number")
        titles = dict(versions.values_list("posting_id", "title"))
    labels: dict[Id, str] = {}
    for assessment in assessments:
        labels[assessment.pk] = _label(assessment, titles)
    return labels


def _label(assessment: RiskAssessment, titles: dict[Id, str]) -> str:
    posting = assessment.posting
    if posting is not None:
        version = posting.live_version
        title = version.title if version is not None else titles.get(posting.pk, "")
        return f"{title} · {posting.organisation.legal_name}"
    if assessment.organisation is not None:
        return assessment.organisation.legal_name
    if assessment.user is not None:
        user = assessment.user
        return f"{user.display_name} {user.masked_phone}".strip()
    return ""

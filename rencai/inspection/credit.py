"""Credit grading of organisations (A/B/C/D) for the regulator (issue 9, REG-02).

Transparent rules: every organisation starts at 100 points; each factor below takes points
off, and the grade follows from the score through :data:`GRADE_THRESHOLDS`. The same rule
table is used twice: as database expressions (so the list can be filtered by grade, sorted
by score and paginated in one query, whatever the number of organisations) and in Python
(to explain each factor with its points). Nothing is stored: the grade is computed when it
is read.

Factors (the windows end now):

- verification standing — the worst that applies: on the abnormal list (FRD-04), display
  suspended, not verified, re-verification overdue;
- complaints upheld (fully or partly) against the organisation in the last 12 months;
- sanctions on the organisation in the last 24 months, weighted by their rung on the
  ladder (1 warning … 5 closure); sanctions overturned on appeal do not count;
- postings taken down in the last 12 months;
- posting versions rejected in the last 12 months for discrimination, fees/fraud, false
  information or bait;
- a current high risk assessment of the account (``rencai.risk``) that no one cleared.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rencai.accounts.models import User
from rencai.core.choices import choice_label
from rencai.core.errors import not_found, permission_denied
from rencai.core.models import Id
from rencai.inspection.builtin_datasets import choices_of
from rencai.inspection.datasets import (
    MAX_SEARCH_CHARS,
    Cell,
    ChoiceFilter,
    Column,
    Dataset,
    register,
)
from rencai.inspection.errors import InspectionErrorCode, inspection_error
from rencai.inspection.permissions import can_inspect
from rencai.jobs.choices import EventKind, ReviewReason, VersionStatus
from rencai.jobs.models import JobPostingVersion, PostingEvent
from rencai.moderation.choices import CaseOutcome, CaseStatus, SubjectKind
from rencai.moderation.models import AbnormalListEntry, ReportCase
from rencai.orgs.choices import AccountClass, OrgStatus
from rencai.orgs.models import Organisation
from rencai.risk.choices import ReviewOutcome, RiskLevel
from rencai.risk.choices import SubjectKind as RiskSubject
from rencai.risk.models import RiskAssessment
from rencai.sanctions.choices import SanctionStatus
from rencai.sanctions.models import Sanction

START_SCORE = 100
COMPLAINT_WINDOW_DAYS = 365
SANCTION_WINDOW_DAYS = 730
POSTING_WINDOW_DAYS = 365
# Rejection reasons that count as a posting violation.
VIOLATION_REASONS = (
    ReviewReason.DISCRIMINATION,
    ReviewReason.FEES,
    ReviewReason.FALSE_INFORMATION,
    ReviewReason.BAIT,
)


class Grade:
    A = "A"
    B = "B"
    C = "C"
    D = "D"


# (grade, lowest score of the grade, meaning) — best first; below the last threshold is D.
GRADE_THRESHOLDS: tuple[tuple[str, int, Promise], ...] = (
    (Grade.A, 90, _("Trustworthy: no or only minor findings.")),
    (Grade.B, 75, _("Generally compliant: some findings; watch.")),
    (Grade.C, 60, _("Attention: repeated findings; inspect with priority.")),
    (Grade.D, 0, _("Serious: listed, suspended or heavily sanctioned; risk warning.")),
)
GRADES = tuple(grade for grade, _minimum, _text in GRADE_THRESHOLDS)
WARNING_GRADES = (Grade.C, Grade.D)


def grade_of(score: int) -> str:
    """The grade of ``score`` by :data:`GRADE_THRESHOLDS`."""
    for grade, minimum, _text in GRADE_THRESHOLDS:
        if score >= minimum:
            return grade
    return Grade.D


# --- verification standing ---------------------------------------------------------------------

# (state, points, explanation) — the first that applies, worst first.
STANDING_RULES: tuple[tuple[str, int, Promise], ...] = (
    ("abnormal_listed", -60, _("The organisation is on the abnormal list.")),
    ("display_suspended", -30, _("The organisation's public display is suspended.")),
    ("not_verified", -20, _("The organisation is not verified.")),
    ("reverification_overdue", -15, _("The six-monthly re-verification is overdue.")),
)
STANDING_OK = _("Verified and re-verified on time.")


@dataclass(frozen=True)
class CountRule:
    """A factor counted from records: ``per`` points off for each, at most ``cap``."""

    code: str
    title: Promise
    per: int
    cap: int
    explanation: Promise  # with %(count)s

    def points(self, count: int) -> int:
        return -min(count * self.per, self.cap)

    def expression(self, name: str) -> Case:
        limit = -(-self.cap // self.per)  # the count at which the cap is reached
        return Case(
            When(**{f"{name}__gte": limit}, then=Value(-self.cap)),
            default=ExpressionWrapper(F(name) * -self.per, output_field=IntegerField()),
            output_field=IntegerField(),
        )


COUNT_RULES: tuple[CountRule, ...] = (
    CountRule(
        "complaints_upheld",
        _("Complaints upheld (12 months)"),
        10,
        40,
        _(
            "%(count)s complaint(s) upheld or partly upheld in the last 12 months: 10 points "
            "each, at most 40."
        ),
    ),
    CountRule(
        "sanction_severity",
        _("Sanctions (24 months)"),
        5,
        50,
        _(
            "Sanctions in the last 24 months with a total severity of %(count)s (1 warning … 5 "
            "closure; overturned ones do not count): 5 points per severity step, at most 50."
        ),
    ),
    CountRule(
        "takedowns",
        _("Postings taken down (12 months)"),
        8,
        40,
        _("%(count)s posting(s) taken down in the last 12 months: 8 points each, at most 40."),
    ),
    CountRule(
        "rejected_violations",
        _("Posting versions rejected for violations (12 months)"),
        4,
        20,
        _(
            "%(count)s posting version(s) rejected in the last 12 months for discrimination, "
            "fees or fraud, false information or bait: 4 points each, at most 20."
        ),
    ),
)
HIGH_RISK_POINTS = -20
HIGH_RISK_TITLE = _("Risk assessment")
HIGH_RISK_TEXT = _("The account's current risk assessment is high and was not cleared.")
STANDING_TITLE = _("Verification standing")


# --- the annotated queryset ----------------------------------------------------------------------


def _count(rows: QuerySet[Any], link: str, *, total: str = "") -> Coalesce:
    """A correlated subquery counting (or summing ``total`` of) ``rows`` per organisation
    (``link`` = the field pointing at the organisation)."""
    aggregate = Sum(total) if total else Count("pk")
    grouped = (
        rows.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(n=aggregate)
        .values("n")
    )
    return Coalesce(Subquery(grouped, output_field=IntegerField()), Value(0))


def _violation_condition() -> Q:
    reasons = Q()
    for reason in VIOLATION_REASONS:
        reasons |= Q(reasons_text__contains=f'"{reason.value}"')
    return reasons


def annotate_credit(
    rows: QuerySet[Organisation], *, now: dt.datetime | None = None
) -> QuerySet[Organisation]:
    """``rows`` with every factor's value, the points, ``credit_score`` and ``credit_grade``
    (each factor is one correlated subquery: one query for the whole page)."""
    now = now or timezone.now()
    complaints = ReportCase.objects.filter(
        status=CaseStatus.DECIDED,
        outcome__in=(CaseOutcome.UPHELD, CaseOutcome.PARTLY),
        decided_at__gte=now - dt.timedelta(days=COMPLAINT_WINDOW_DAYS),
    )
    sanctions = Sanction.objects.filter(
        starts_at__gte=now - dt.timedelta(days=SANCTION_WINDOW_DAYS), starts_at__lte=now
    ).exclude(status=SanctionStatus.OVERTURNED)
    posting_since = now - dt.timedelta(days=POSTING_WINDOW_DAYS)
    takedowns = PostingEvent.objects.filter(
        kind=EventKind.TAKEN_DOWN, created_at__gte=posting_since
    )
    rejected = (
        JobPostingVersion.objects.filter(
            status=VersionStatus.REJECTED, decided_at__gte=posting_since
        )
        .annotate(reasons_text=Cast("reasons", TextField()))
        .filter(_violation_condition())
    )
    high_risk = RiskAssessment.objects.filter(
        subject_kind=RiskSubject.ORGANISATION,
        organisation=OuterRef("pk"),
        is_current=True,
        level=RiskLevel.HIGH,
    ).exclude(review_outcome=ReviewOutcome.CLEARED)
    listed = AbnormalListEntry.objects.filter(
        subject_kind=SubjectKind.USCC, match_key=OuterRef("uscc"), lifted_at__isnull=True
    )
    overdue = Q(reverification_required=True) | Q(reverification_due_at__lt=now)
    rows = rows.annotate(
        credit_abnormal=Exists(listed),
        credit_overdue=ExpressionWrapper(overdue, output_field=BooleanField()),
        credit_high_risk=Exists(high_risk),
        complaints_upheld=_count(complaints, "subject_organisation"),
        sanction_severity=_count(sanctions, "organisation", total="severity"),
        takedowns=_count(takedowns, "posting__organisation"),
        rejected_violations=_count(rejected, "posting__organisation"),
    )
    standing = Case(
        When(credit_abnormal=True, then=Value(STANDING_RULES[0][1])),
        When(display_suspended=True, then=Value(STANDING_RULES[1][1])),
        When(~Q(status=OrgStatus.VERIFIED), then=Value(STANDING_RULES[2][1])),
        When(overdue, then=Value(STANDING_RULES[3][1])),
        default=Value(0),
        output_field=IntegerField(),
    )
    risk = Case(
        When(credit_high_risk=True, then=Value(HIGH_RISK_POINTS)),
        default=Value(0),
        output_field=IntegerField(),
    )
    score: Any = Value(START_SCORE) + standing + risk
    for rule in COUNT_RULES:
        score = score + rule.expression(rule.code)
    rows = rows.annotate(credit_score=ExpressionWrapper(score, output_field=IntegerField()))
    grade = Case(
        *[
            When(credit_score__gte=minimum, then=Value(g))
            for g, minimum, _text in GRADE_THRESHOLDS[:-1]
        ],
        default=Value(Grade.D),
    )
    return rows.annotate(credit_grade=grade)


def credit_rows(*, now: dt.datetime | None = None) -> QuerySet[Organisation]:
    """Every organisation with its credit, worst first (then by name)."""
    return annotate_credit(Organisation.objects.all(), now=now).order_by(
        "credit_score", "legal_name", "pk"
    )


def risk_warning_rows(*, now: dt.datetime | None = None) -> QuerySet[Organisation]:
    """Organisations graded C or D, or with a current uncleared high risk assessment,
    most severe first (lowest score, then a high risk before none)."""
    return (
        credit_rows(now=now)
        .filter(Q(credit_grade__in=WARNING_GRADES) | Q(credit_high_risk=True))
        .order_by("credit_score", "-credit_high_risk", "legal_name", "pk")
    )


# --- explanation -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Factor:
    """One factor of a grade: a stable ``code``, its value, the points it takes off and a
    plain explanation."""

    code: str
    title: str
    value: int
    points: int
    explanation: str


def _standing(org: Organisation) -> tuple[str, int, str]:
    states = {
        "abnormal_listed": bool(getattr(org, "credit_abnormal", False)),
        "display_suspended": org.display_suspended,
        "not_verified": org.status != OrgStatus.VERIFIED,
        "reverification_overdue": bool(getattr(org, "credit_overdue", False)),
    }
    for state, points, text in STANDING_RULES:
        if states[state]:
            return state, points, str(text)
    return "verified", 0, str(STANDING_OK)


def factors_of(org: Organisation) -> list[Factor]:
    """The factors of an organisation read by :func:`annotate_credit`, each with its points
    (0 for a factor that took nothing off), in the order of the rules."""
    state, points, text = _standing(org)
    factors = [
        Factor("standing", str(STANDING_TITLE), 0 if state == "verified" else 1, points, text)
    ]
    for rule in COUNT_RULES:
        count = int(getattr(org, rule.code))
        factors.append(
            Factor(
                rule.code,
                str(rule.title),
                count,
                rule.points(count),
                str(rule.explanation) % {"count": count},
            )
        )
    high = bool(getattr(org, "credit_high_risk", False))
    factors.append(
        Factor(
            "high_risk",
            str(HIGH_RISK_TITLE),
            int(high),
            HIGH_RISK_POINTS if high else 0,
            str(HIGH_RISK_TEXT) if high else "",
        )
    )
    return factors


@dataclass(frozen=True)
class Credit:
    """An organisation's grade, score and factors."""

    organisation: Organisation
    score: int
    grade: str
    factors: list[Factor]

    @property
    def top_factors(self) -> list[Factor]:
        """The factors that took points off, heaviest first (at most three)."""
        hits = sorted((f for f in self.factors if f.points < 0), key=lambda f: f.points)
        return hits[:3]


def credit_of(org: Organisation) -> Credit:
    """The credit of an organisation annotated by :func:`annotate_credit`. The score is
    recomputed from the factors (it equals the database's ``credit_score``)."""
    factors = factors_of(org)
    score = START_SCORE + sum(f.points for f in factors)
    return Credit(org, score, grade_of(score), factors)


def rules_table() -> list[Mapping[str, str]]:
    """The rules as shown on the page: each factor with its points."""
    rows: list[Mapping[str, str]] = [
        {"factor": str(STANDING_TITLE), "points": str(points), "rule": str(text)}
        for _state, points, text in STANDING_RULES
    ]
    rows += [
        {
            "factor": str(rule.title),
            "points": f"-{rule.per} … -{rule.cap}",
            "rule": str(rule.explanation) % {"count": "N"},
        }
        for rule in COUNT_RULES
    ]
    rows.append(
        {
            "factor": str(HIGH_RISK_TITLE),
            "points": str(HIGH_RISK_POINTS),
            "rule": str(HIGH_RISK_TEXT),
        }
    )
    return rows


# --- reads scoped to the viewer --------------------------------------------------------------


def _inspector(viewer: User) -> User:
    if not can_inspect(viewer):
        raise permission_denied()
    return viewer


def credit_list(
    viewer: User, *, grade: str = "", account_class: str = "", q: str = ""
) -> QuerySet[Organisation]:
    """Organisations with their credit for the regulator, worst first; ``grade`` and
    ``account_class`` narrow it (``filter_invalid`` for a value not offered)."""
    _inspector(viewer)
    rows = credit_rows()
    if grade:
        if grade not in GRADES:
            raise inspection_error(InspectionErrorCode.FILTER_INVALID, field="grade")
        rows = rows.filter(Q(credit_grade=grade))
    if account_class:
        if account_class not in AccountClass.values:
            raise inspection_error(InspectionErrorCode.FILTER_INVALID, field="account_class")
        rows = rows.filter(account_class=account_class)
    if q:
        if len(q) > MAX_SEARCH_CHARS:
            raise inspection_error(InspectionErrorCode.SEARCH_TOO_LONG, field="q")
        rows = rows.filter(Q(legal_name__icontains=q) | Q(uscc__icontains=q))
    return rows


def credit_for(viewer: User, org_id: Id) -> Credit:
    """One organisation's credit (``not_found`` if there is none)."""
    _inspector(viewer)
    org = annotate_credit(Organisation.objects.filter(pk=org_id)).first()
    if org is None:
        raise not_found()
    return credit_of(org)


def risk_warnings(viewer: User) -> QuerySet[Organisation]:
    """The risk-warning list for the regulator (see :func:`risk_warning_rows`)."""
    _inspector(viewer)
    return risk_warning_rows()


# --- the "credit" dataset (page, API and CSV/XLSX export through the registry) ----------------


def _credit_queryset(viewer: User) -> QuerySet[Organisation]:
    return credit_rows()


def _factor_text(credit: Credit) -> str:
    return "\n".join(f"{f.title} ({f.points}): {f.explanation}" for f in credit.top_factors)


def _credit_row(org: Organisation) -> Mapping[str, Cell]:
    credit = credit_of(org)
    return {
        "organisation": org.legal_name,
        "uscc": org.uscc,
        "account_class": choice_label(AccountClass, org.account_class),
        "grade": credit.grade,
        "score": credit.score,
        "factors": _factor_text(credit),
    }


def _dossier_url(org: Organisation) -> str:
    return reverse("inspection:dossier", args=[org.pk])


CREDIT = Dataset(
    key="credit",
    title=_("Credit grades of organisations"),
    description=_(
        "Every organisation's grade (A–D) and score from the published rules, with the "
        "factors that took points off. Computed when read; the date range applies to the "
        "registration date."
    ),
    columns=(
        Column("organisation", _("Organisation")),
        Column("uscc", _("Unified social credit code")),
        Column("account_class", _("Account class")),
        Column("grade", _("Credit grade")),
        Column("score", _("Score")),
        Column("factors", _("Main factors")),
    ),
    queryset=_credit_queryset,
    row=_credit_row,
    date_field="created_at",
    search_fields=("legal_name", "uscc"),
    filters=(
        ChoiceFilter("grade", _("Credit grade"), "credit_grade", tuple((g, g) for g in GRADES)),
        ChoiceFilter(
            "account_class", _("Account class"), "account_class", choices_of(AccountClass)
        ),
    ),
    detail_url=_dossier_url,
    position=25,
)


def register_credit() -> None:
    register(CREDIT)

"""Risk scores of postings and accounts (FRD-01, FRD-06, JOB-09).

:func:`assess_posting` and :func:`assess_account` gather the facts, let
:mod:`rencai.risk.signals` turn them into factors, and write a new
:class:`~rencai.risk.models.RiskAssessment` (with an audit event) only when the score or its
factors changed. :func:`account_risk` is the contract other apps read.

Triggers: the jobs app calls :func:`review_required` when a posting is submitted (a high
score keeps it from being published without a person's review); the messaging app calls
:func:`note_messages_sent` after a message is sent (one count query, a full assessment only
when the sender's velocity fires); :func:`recompute` runs periodically
(``tasks.recompute_risk_task``) and from ``manage.py assess_risk``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from rencai.audit.actions import record_event
from rencai.core.actors import Actor, system_actor
from rencai.core.models import Id
from rencai.risk import constants
from rencai.risk import signals as sig
from rencai.risk.choices import ReviewOutcome, RiskLevel, SubjectKind, Trigger
from rencai.risk.models import RiskAssessment

if TYPE_CHECKING:
    from rencai.accounts.models import User
    from rencai.jobs.models import JobPosting, JobPostingVersion
    from rencai.orgs.models import Organisation

# Postings assessed by the periodic recompute.
ASSESSED_POSTING_STATES = ("in_review", "published", "paused")


# --- facts ---------------------------------------------------------------------------------


def _assessed_version(posting: JobPosting) -> JobPostingVersion | None:
    """The version waiting for review if there is one, else the public one."""
    from rencai.jobs.choices import VersionStatus

    pending = posting.versions.filter(status=VersionStatus.PENDING).first()
    return pending or posting.live_version


def posting_signals(posting: JobPosting, *, now: dt.datetime | None = None) -> list[sig.Signal]:
    """The factors of a posting's risk (the version under review, else the live one)."""
    from rencai.jobs.actions.postings import monthly_pay
    from rencai.jobs.content import content_of

    now = now or timezone.now()
    version = _assessed_version(posting)
    if version is None:
        return []
    content = content_of(version)
    pay = monthly_pay(content)
    categories = [str(f.get("category", "")) for f in version.findings or [] if f.get("category")]
    org = posting.organisation
    verified = org.first_verified_at
    verified_days = (now - verified).days if verified is not None else None
    text = " ".join(content.screened_text().values())
    text += " " + " ".join(str(loc.get("address", "")) for loc in version.locations or [])
    account = current_assessment(organisation=org)
    return sig.present(
        [
            sig.screening_signal(posting.risk_score, categories),
            sig.pay_outlier_signal(pay, content.category),
            sig.new_account_signal(
                verified_days=verified_days,
                monthly_pay=pay,
                employment_type=content.employment_type,
            ),
            sig.overseas_bait_signal(text, monthly_pay=pay),
            sig.account_signal(account.score if account is not None else None),
        ]
    )


def _posting_velocity(
    *, user: User | None, organisation: Organisation | None, now: dt.datetime
) -> int:
    from rencai.jobs.models import JobPosting

    since = now - dt.timedelta(minutes=constants.posting_velocity_minutes())
    rows = JobPosting.objects.filter(created_at__gte=since, created_at__lte=now)
    if organisation is not None:
        return rows.filter(organisation=organisation).count()
    return rows.filter(owner__user=user).count()


def message_velocity(
    *, user: User | None = None, organisation: Organisation | None = None, now: dt.datetime
) -> int:
    """Different seekers written to by the account within ``RISK_MESSAGE_VELOCITY_MINUTES``."""
    from rencai.messaging.choices import Side
    from rencai.messaging.models import Message

    since = now - dt.timedelta(minutes=constants.message_velocity_minutes())
    rows = Message.objects.filter(
        side=Side.ORGANISATION, created_at__gte=since, created_at__lte=now
    )
    rows = (
        rows.filter(conversation__organisation=organisation)
        if organisation is not None
        else rows.filter(sender=user)
    )
    return rows.values("conversation__seeker").distinct().count()


def reports_against(
    *, user: User | None = None, organisation: Organisation | None = None, now: dt.datetime
) -> int:
    """Different signed-in people who reported the account (any of its content) in the last
    ``RISK_REPORTS_WINDOW_DAYS`` (``rencai.moderation.reports.distinct_reporters``)."""
    from rencai.moderation.reports import distinct_reporters

    since = now - dt.timedelta(days=constants.reports_window_days())
    return distinct_reporters(user=user, organisation=organisation, since=since)


def sanctions_against(
    *, user: User | None = None, organisation: Organisation | None = None, now: dt.datetime
) -> int:
    """Sanctions on the account that started in ``RISK_SANCTIONS_WINDOW_DAYS`` and were not
    revoked or overturned."""
    from rencai.sanctions.choices import SanctionStatus
    from rencai.sanctions.queries import sanctions_for_operator

    subject = organisation if organisation is not None else user
    assert subject is not None
    since = now - dt.timedelta(days=constants.sanctions_window_days())
    return (
        sanctions_for_operator(subject=str(subject.pk))
        .filter(starts_at__gte=since, starts_at__lte=now)
        .exclude(status__in=[SanctionStatus.REVOKED, SanctionStatus.OVERTURNED])
        .count()
    )


def account_signals(
    *,
    user: User | None = None,
    organisation: Organisation | None = None,
    now: dt.datetime | None = None,
) -> list[sig.Signal]:
    """The factors of an account's risk: velocity, reports, sanctions."""
    now = now or timezone.now()
    who: dict[str, Any] = {"user": user, "organisation": organisation, "now": now}
    return sig.present(
        [
            sig.posting_velocity_signal(_posting_velocity(**who)),
            sig.message_velocity_signal(message_velocity(**who)),
            sig.reports_signal(reports_against(**who)),
            sig.sanctions_signal(sanctions_against(**who)),
        ]
    )


# --- assessments ---------------------------------------------------------------------------


def _subject(
    *, posting: JobPosting | None = None, user: User | None = None, organisation: Any = None
) -> tuple[str, dict[str, Any]]:
    if posting is not None:
        return SubjectKind.POSTING, {"posting": posting}
    if organisation is not None:
        return SubjectKind.ORGANISATION, {"organisation": organisation}
    if user is not None:
        return SubjectKind.USER, {"user": user}
    raise ValueError("an assessment needs a posting, an organisation or a user")


def current_assessment(
    *,
    posting: JobPosting | None = None,
    user: User | None = None,
    organisation: Organisation | None = None,
) -> RiskAssessment | None:
    """The subject's newest assessment, if it was ever assessed."""
    kind, subject = _subject(posting=posting, user=user, organisation=organisation)
    return RiskAssessment.objects.filter(subject_kind=kind, is_current=True, **subject).first()


def _codes(factors: list[dict[str, Any]]) -> list[tuple[str, int]]:
    return sorted((str(f.get("code")), int(f.get("weight", 0))) for f in factors)


@dataclass(frozen=True)
class Outcome:
    """What an assessment found: the score, and whether it differs from the current one."""

    kind: str
    subject: Any
    score: int
    level: str
    signals: list[sig.Signal]
    previous: int | None
    changed: bool


def _evaluate(
    kind: str, subject: dict[str, Any], found: list[sig.Signal]
) -> tuple[Outcome, RiskAssessment | None]:
    score = sig.total(found)
    current = RiskAssessment.objects.filter(subject_kind=kind, is_current=True, **subject).first()
    factors = [signal.as_json() for signal in found]
    if current is None:
        changed = score > 0
    else:
        changed = current.score != score or _codes(current.signals) != _codes(factors)
    outcome = Outcome(
        kind,
        next(iter(subject.values())),
        score,
        sig.level_of(score),
        found,
        current.score if current is not None else None,
        changed,
    )
    return outcome, current


def _store(
    kind: str,
    subject: dict[str, Any],
    found: list[sig.Signal],
    *,
    trigger: str,
    actor: Actor,
) -> RiskAssessment | None:
    """Write a new current assessment when the score or the factors changed (named action,
    audit event in the same transaction). The current one (or None) otherwise."""
    outcome, current = _evaluate(kind, subject, found)
    if not outcome.changed:
        return current
    try:
        return _write(kind, subject, found, outcome, trigger=trigger, actor=actor)
    except IntegrityError:
        # Another process assessed the same subject a moment ago (first assessment of a
        # subject, nothing to lock): its row is as current as ours.
        return RiskAssessment.objects.filter(subject_kind=kind, is_current=True, **subject).first()


def _write(
    kind: str,
    subject: dict[str, Any],
    found: list[sig.Signal],
    outcome: Outcome,
    *,
    trigger: str,
    actor: Actor,
) -> RiskAssessment:
    with transaction.atomic():
        RiskAssessment.objects.select_for_update().filter(
            subject_kind=kind, is_current=True, **subject
        ).update(is_current=False)
        assessment = RiskAssessment.objects.create(
            subject_kind=kind,
            score=outcome.score,
            level=outcome.level,
            signals=[signal.as_json() for signal in found],
            trigger=trigger,
            computed_at=timezone.now(),
            is_current=True,
            **subject,
        )
        record_event(
            actor,
            "risk.assessed",
            assessment,
            before={"score": outcome.previous},
            after={
                "subject_kind": kind,
                "subject_id": str(assessment.subject_id),
                "score": outcome.score,
                "level": outcome.level,
                "factors": [signal.code for signal in found],
                "trigger": trigger,
            },
        )
    return assessment


def assess_posting(
    posting: JobPosting, *, trigger: str = Trigger.MANUAL, actor: Actor | None = None
) -> RiskAssessment | None:
    """Assess a posting; a new assessment when its score changed, else the current one
    (None: never risky at all)."""
    return _store(
        SubjectKind.POSTING,
        {"posting": posting},
        posting_signals(posting),
        trigger=trigger,
        actor=actor or system_actor(),
    )


def assess_account(
    user: User | None = None,
    organisation: Organisation | None = None,
    *,
    trigger: str = Trigger.MANUAL,
    actor: Actor | None = None,
) -> RiskAssessment | None:
    """Assess a person's or an organisation's account (give one of them)."""
    kind, subject = _subject(user=user, organisation=organisation)
    found = account_signals(user=user, organisation=organisation)
    return _store(kind, subject, found, trigger=trigger, actor=actor or system_actor())


@dataclass(frozen=True)
class Factor:
    """A factor as shown to people: code, points, evidence, title and explanation."""

    code: str
    weight: int
    evidence: dict[str, Any]
    title: str
    explanation: str

    @property
    def evidence_rows(self) -> list[tuple[str, str]]:
        """The evidence as (name, value) with lists joined, for pages."""
        return [
            (name, "、".join(map(str, value)) if isinstance(value, list) else str(value))
            for name, value in self.evidence.items()
        ]


def factors_of(stored: list[dict[str, Any]]) -> list[Factor]:
    """Stored factors explained in the active language."""
    rows = []
    for item in stored:
        code = str(item.get("code", ""))
        evidence = dict(item.get("evidence") or {})
        rows.append(
            Factor(
                code=code,
                weight=int(item.get("weight", 0)),
                evidence=evidence,
                title=sig.title(code),
                explanation=sig.explain(code, evidence),
            )
        )
    return rows


@dataclass(frozen=True)
class AccountRisk:
    """An account's current risk: the score (0–100), its level and the factors."""

    score: int
    level: str
    factors: list[Factor] = field(default_factory=list)
    assessed_at: dt.datetime | None = None
    review_outcome: str = ""


def account_risk(user: User | None = None, organisation: Organisation | None = None) -> AccountRisk:
    """Contract for other apps: the account's current score and factors — its current
    assessment, or (never assessed) the factors computed now, without writing anything."""
    current = current_assessment(user=user, organisation=organisation)
    if current is not None:
        return AccountRisk(
            current.score,
            current.level,
            factors_of(current.signals),
            current.computed_at,
            current.review_outcome,
        )
    found = account_signals(user=user, organisation=organisation)
    score = sig.total(found)
    return AccountRisk(score, sig.level_of(score), factors_of([s.as_json() for s in found]))


# --- triggers ------------------------------------------------------------------------------


def review_required(posting: JobPosting, *, actor: Actor | None = None) -> bool:
    """Hook of ``rencai.jobs.actions.postings.submit_posting``: assess the organisation's
    account and the submitted posting; True when the posting's risk is high (FRD-01, FRD-06),
    so that it waits for a person's review instead of being published at once."""
    assess_account(organisation=posting.organisation, trigger=Trigger.SUBMITTED, actor=actor)
    assessment = assess_posting(posting, trigger=Trigger.SUBMITTED, actor=actor)
    return assessment is not None and assessment.level == RiskLevel.HIGH


def note_messages_sent(user_id: Id, organisation_id: Id | None = None) -> None:
    """Hook of ``rencai.messaging`` after a message is sent: one count of the sender's
    recent seekers; the sender's (and the organisation's) account is assessed only when the
    velocity signal fires."""
    from rencai.accounts.models import User
    from rencai.orgs.models import Organisation

    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return
    if message_velocity(user=user, now=timezone.now()) < constants.message_velocity_count():
        return
    assess_account(user=user, trigger=Trigger.MESSAGES)
    org = Organisation.objects.filter(pk=organisation_id).first() if organisation_id else None
    if org is not None:
        assess_account(organisation=org, trigger=Trigger.MESSAGES)


def high_risk_posting_ids() -> QuerySet[RiskAssessment]:
    """Postings whose current assessment is high and was not cleared by a person."""
    return RiskAssessment.objects.filter(
        subject_kind=SubjectKind.POSTING, is_current=True, level=RiskLevel.HIGH
    ).exclude(review_outcome=ReviewOutcome.CLEARED)


def exclude_high_risk(postings: QuerySet[JobPosting]) -> QuerySet[JobPosting]:
    """JOB-09: ``postings`` without the risky ones, for every recommendation or boost —
    a screening score at ``RISK_HIGH_SCORE`` or more, or a current high assessment that no
    one cleared."""
    risky = high_risk_posting_ids().filter(posting=OuterRef("pk"))
    return postings.exclude(Q(risk_score__gte=constants.high_score()) | Q(Exists(risky)))


# --- periodic recompute --------------------------------------------------------------------


def _subjects(now: dt.datetime) -> Iterator[tuple[str, Any]]:
    """Live postings, organisations with live postings or recent messages, and people who
    wrote to seekers in the last day, plus everything currently assessed above low."""
    from rencai.accounts.models import User
    from rencai.jobs.models import JobPosting
    from rencai.messaging.choices import Side
    from rencai.messaging.models import Message
    from rencai.orgs.models import Organisation

    day = now - dt.timedelta(days=1)
    flagged = RiskAssessment.objects.filter(is_current=True).exclude(level=RiskLevel.LOW)
    postings = JobPosting.objects.filter(
        Q(status__in=ASSESSED_POSTING_STATES)
        | Q(pk__in=flagged.filter(subject_kind=SubjectKind.POSTING).values("posting"))
    ).select_related("organisation", "live_version")
    recent = Message.objects.filter(side=Side.ORGANISATION, created_at__gte=day)
    orgs = Organisation.objects.filter(
        Q(postings__status__in=ASSESSED_POSTING_STATES)
        | Q(pk__in=recent.values("conversation__organisation"))
        | Q(pk__in=flagged.filter(subject_kind=SubjectKind.ORGANISATION).values("organisation"))
    ).distinct()
    users = User.objects.filter(
        Q(pk__in=recent.values("sender"))
        | Q(pk__in=flagged.filter(subject_kind=SubjectKind.USER).values("user"))
    )
    # Accounts first: a posting's score includes its organisation's.
    for org in orgs.order_by("pk"):
        yield SubjectKind.ORGANISATION, org
    for user in users.order_by("pk"):
        yield SubjectKind.USER, user
    for posting in postings.order_by("pk"):
        yield SubjectKind.POSTING, posting


def recompute(*, dry_run: bool = False, actor: Actor | None = None) -> list[Outcome]:
    """Assess every live posting and active account again. ``dry_run``: compute and report
    what would change, write nothing. Returns the outcomes that changed."""
    actor = actor or system_actor()
    now = timezone.now()
    changed: list[Outcome] = []
    for kind, subject in _subjects(now):
        if kind == SubjectKind.POSTING:
            found = posting_signals(subject, now=now)
        elif kind == SubjectKind.ORGANISATION:
            found = account_signals(organisation=subject, now=now)
        else:
            found = account_signals(user=subject, now=now)
        key = {kind: subject}
        outcome, _current = _evaluate(kind, key, found)
        if not outcome.changed:
            continue
        changed.append(outcome)
        if not dry_run:
            _store(kind, key, found, trigger=Trigger.PERIODIC, actor=actor)
    return changed

"""Trust & safety and the regulator benchmark (issue 9): reports, the queue, credit grades,
the regulator's exports and the annual report.

Usage::

    .venv/bin/python bench/trust.py [--organisations 2000] [--postings 20000]
        [--reports 20000] [--sanctions 2000] [--timed-reports 200] [--seed 1]

What it does, in a throw-away directory (own ``VAR_DIR``, SQLite database migrated there,
Huey immediate so tasks run in this process as soon as their transaction commits):

1. **Data.** Through the real actions: the demo organisations and postings
   (``testing.jobs.demo_postings``) and the trust & safety demo (``testing.trust``: three
   reports in two cases, a warning to company B); Oscar takes a posting down, rejects a
   new version of another for discrimination, decides the fees case (upheld) and takes
   Yan's case. Then bulk inserts copying those rows, spread over the last 12 months:
   organisations (copies of company A, 5 % agencies, a few overdue or suspended),
   postings with their version and events (live 90 days: about a quarter still
   published; 3 % taken down, 5 % with a rejected version), report cases of one to three
   reports each (a quarter anonymous; cases older than 20 days decided, 5 % still open past
   their due date), each report with its snapshot evidence and timeline, and sanctions of
   every kind. ``ANALYZE`` at the end, as after any bulk load.
2. **Filing reports** (CMP-01, FRD-03): N reports through
   ``moderation.reports.file_report`` on public postings (10 % on organisations), three
   quarters signed in (each by another person), a quarter anonymous; each runs the
   complaint-concentration check. Then the trigger itself: distinct people report one
   organisation until it goes under review (its published postings paused).
3. **The trust & safety queue** (``report_queries.cases_for_operator``, page 1 of 25 as
   ``/ops/reports/`` shows it, with ``queue_counts``) and the page itself; median of 20
   and the number of SQL queries.
4. **Credit grades** (``inspection.credit``): page 1 of ``credit_list`` (25 organisations,
   worst first, with their factors), the same filtered by grade, one organisation's
   ``credit_for``, and the ``/regulator/credit/`` page; median of 20 and SQL queries.
5. **Regulator export** of the ``postings`` dataset (every version) to CSV and XLSX through
   ``inspection.exports.export_response``: rows/s and file size.
6. **Annual report** (``inspection.annual_report``) of the current year: build, PDF and
   XLSX render.

The last line is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

if TYPE_CHECKING:
    from django.db import models

    from rencai.accounts.models import User
    from rencai.orgs.models import Organisation

BATCH = 1000
DAY = dt.timedelta(days=1)
YEAR_DAYS = 365
POSTING_VALID_DAYS = 90
DECIDE_AFTER_DAYS = 20  # cases older than this are decided (5 % stay open, overdue)
REPEATS = 20
TIME_BUDGET_S = 15.0  # per timed function
PAGE_SIZE = 25  # the queue's and the credit page's page size


def say(text: str = "") -> None:
    print(text, flush=True)


def line(label: str, value: str) -> None:
    say(f"  {label:<52} {value}")


def _copy(row: models.Model, **changes: Any) -> dict[str, Any]:
    """The column values of ``row`` for a new row (a fresh id, ``changes`` applied)."""
    values = {
        field.attname: getattr(row, field.attname)
        for field in row._meta.concrete_fields
        if not field.primary_key
    }
    values.update(changes)
    values.setdefault("id", uuid.uuid4())
    return values


@contextlib.contextmanager
def own_timestamps(*model_classes: type[models.Model]) -> Iterator[None]:
    """Let bulk inserts keep the ``created_at``/``updated_at`` they were given (the rows
    are spread over the last 12 months) instead of the time of the insert."""
    fields = [
        field
        for model in model_classes
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def timed(count: int, func: Callable[[], object]) -> tuple[float, int, int]:
    """Median milliseconds of up to ``count`` calls after one warm-up (fewer, but at least
    5, when they would take more than ``TIME_BUDGET_S``), the SQL queries of one call and
    the number of calls timed."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    started = time.perf_counter()
    func()
    first = time.perf_counter() - started
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        func()
    queries = len(captured)  # read now: a request clears the log the context slices
    repeats = max(5, min(count, int(TIME_BUDGET_S / max(first, 1e-6))))
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        func()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), queries, repeats


# --- the data ------------------------------------------------------------------------------------


@dataclass
class World:
    oscar: User
    rita: User
    orgs: list[Organisation]
    reporters: list[User]  # for the bulk reports
    fresh_reporters: list[User]  # who never reported anything: the timed reports
    counts: dict[str, int]


def _uscc(i: int) -> str:
    from stdnum.cn import uscc as stdnum_uscc

    from rencai.core.identifiers import org_code_check_character

    code = f"{i:08d}"
    body = "91440300" + code + org_code_check_character(code)
    return body + stdnum_uscc.calc_check_digit(body)


def real_rows() -> dict[str, Any]:
    """One of each thing through the real actions."""
    from django.conf import settings

    from rencai.core.actors import cli_actor
    from rencai.core.errors import DomainError
    from rencai.jobs.actions import reject_version, submit_posting, take_down, update_posting
    from rencai.moderation.choices import CaseOutcome
    from rencai.moderation.reports import assign_case, decide_case
    from rencai.testing import jobs as job_seeds
    from rencai.testing import orgs as org_seeds
    from rencai.testing import personas
    from rencai.testing.trust import demo_trust

    postings = job_seeds.demo_postings()
    company_a = org_seeds.build_org(org_seeds.COMPANY_A)
    trust = demo_trust()
    oscar = personas.build(personas.OSCAR)
    rita = personas.build(personas.RITA)
    by_a = [p for p in postings if p.organisation_id == company_a.pk]
    template = by_a[0]
    # A take-down and a version rejected for discrimination (credit factors, exports).
    taken = take_down(
        by_a[1],
        oscar,
        reasons=["false_information"],
        note="岗位信息与实际不符。",
        actor=cli_actor(oscar),
    )
    edited = next(p for p in postings if p.organisation_id != company_a.pk)
    dave = personas.build(personas.DAVE)
    auto_publish = settings.JOBS_AUTO_PUBLISH
    settings.JOBS_AUTO_PUBLISH = False  # the new version waits for Oscar
    rejected = None
    try:
        for requirements in ("限男性，35岁以下，本地户口优先。", "中专及以上学历，能适应倒班。"):
            try:
                update_posting(
                    edited,
                    job_seeds.sample_content(requirements=requirements),
                    actor=cli_actor(dave),
                )
                pending = submit_posting(edited, justification="岗位需要。", actor=cli_actor(dave))
            except DomainError:  # screening refused it: submit a plain one instead
                continue
            rejected = reject_version(
                pending, oscar, reasons=["discrimination"], actor=cli_actor(oscar)
            )
            break
    finally:
        settings.JOBS_AUTO_PUBLISH = auto_publish
    # Decide the fees case (upheld) and take the other one: a decided and an open case.
    cases = list({report.case_id: report.case for report in trust.reports}.values())
    fees = next(c for c in cases if c.reports.count() > 1)
    other = next(c for c in cases if c.pk != fees.pk)
    decide_case(
        fees,
        outcome=CaseOutcome.UPHELD,
        reasons="查实收取培训费，已警告。",
        note_to_reporters="经核实，举报属实，平台已处理。",
        sanction_reference=str(trust.warning.pk),
        actor=cli_actor(oscar),
    )
    assign_case(other, assignee=oscar, actor=cli_actor(oscar))
    return {
        "template": template,
        "company_a": company_a,
        "taken": taken,
        "rejected": rejected,
        "decided_case": fees,
        "open_case": other,
        "sanction": trust.warning,
        "oscar": oscar,
        "rita": rita,
    }


def build_world(args: argparse.Namespace) -> tuple[World, float]:
    from django.db import connection, transaction
    from django.utils import timezone

    from rencai.accounts.models import RoleGrant, User
    from rencai.jobs.choices import EventKind, PostingStatus, VersionStatus
    from rencai.jobs.models import JobPosting, JobPostingVersion, PostingEvent
    from rencai.moderation.choices import (
        CaseOutcome,
        CaseStatus,
        ReportCategory,
        ReportStatus,
        TargetKind,
    )
    from rencai.moderation.models import Report, ReportCase, ReportEvidence, ReportStatusUpdate
    from rencai.orgs.choices import AccountClass, OrgStatus
    from rencai.orgs.models import Organisation
    from rencai.sanctions.choices import (
        PERIOD_KINDS,
        SEVERITY,
        SanctionKind,
        SanctionStatus,
    )
    from rencai.sanctions.models import Sanction
    from rencai.testing import personas

    started = time.perf_counter()
    rng = random.Random(args.seed)
    real = real_rows()
    oscar, rita = real["oscar"], real["rita"]
    now = timezone.now()
    today = timezone.localdate(now)

    def moment() -> dt.datetime:
        """A random moment of the last 12 months."""
        return now - dt.timedelta(seconds=rng.uniform(0, YEAR_DAYS * 86400))

    company_a: Organisation = real["company_a"]
    template: JobPosting = real["template"]
    versions_real = list(
        JobPostingVersion.objects.filter(status=VersionStatus.APPROVED, number=1).order_by(
            "created_at"
        )
    )
    template_events = list(PostingEvent.objects.filter(posting=template).order_by("created_at"))
    takedown_event = PostingEvent.objects.get(posting=real["taken"], kind=EventKind.TAKEN_DOWN)
    rejected_version = real["rejected"]
    rejected_event = (
        PostingEvent.objects.filter(version=rejected_version, kind=EventKind.REJECTED).first()
        if rejected_version is not None
        else None
    )
    decided_case: ReportCase = real["decided_case"]
    open_case: ReportCase = real["open_case"]
    decided_reports = list(decided_case.reports.order_by("received_at"))
    signed_report = next(r for r in decided_reports if r.reporter_id is not None)
    anonymous_report = next((r for r in decided_reports if r.reporter_id is None), signed_report)
    evidence = ReportEvidence.objects.filter(report=signed_report).first()
    assert evidence is not None
    update_received = ReportStatusUpdate.objects.filter(
        report=signed_report, status=ReportStatus.RECEIVED
    ).first()
    update_closed = ReportStatusUpdate.objects.filter(
        report=signed_report, status=ReportStatus.CLOSED
    ).first()
    assert update_received is not None
    assert update_closed is not None
    sanction: Sanction = real["sanction"]
    alice = personas.build(personas.ALICE)
    alice_grants = list(RoleGrant.objects.filter(user=alice, revoked_at__isnull=True))
    counts: dict[str, int] = {}

    models_with_times = (
        Organisation,
        JobPosting,
        JobPostingVersion,
        PostingEvent,
        ReportCase,
        Report,
        ReportEvidence,
        ReportStatusUpdate,
        Sanction,
        User,
        RoleGrant,
    )
    with own_timestamps(*models_with_times), transaction.atomic():
        # People who report: copies of Alice (no phone, e-mail or ID number of their own).
        reporter_count = max(args.reports // 20, 50) + args.timed_reports + 20
        users = []
        for i in range(reporter_count):
            joined = moment() - dt.timedelta(days=30)
            users.append(
                User(
                    **_copy(
                        alice,
                        display_name=f"举报人{i:05d}",
                        phone="",
                        phone_index=None,
                        email=None,
                        real_name="",
                        id_number="",
                        id_number_index=None,
                        real_name_status="unverified",
                        real_name_verified_at=None,
                        date_joined=joined,
                        last_login=None,
                    )
                )
            )
        User.objects.bulk_create(users, batch_size=BATCH)
        RoleGrant.objects.bulk_create(
            [
                RoleGrant(**_copy(grant, user_id=user.pk, created_at=user.date_joined))
                for user in users
                for grant in alice_grants
            ],
            batch_size=BATCH,
        )
        fresh = users[: args.timed_reports + 20]
        reporters = users[args.timed_reports + 20 :]
        counts["reporters"] = len(users)

        # Organisations: copies of company A.
        orgs = []
        for i in range(max(args.organisations - 2, 0)):
            created = now - dt.timedelta(days=rng.uniform(30, 2 * YEAR_DAYS))
            verified = now - dt.timedelta(days=rng.uniform(1, 175))
            kind = i % 100
            values = {
                "legal_name": f"基准测试{'人力资源' if kind < 5 else '科技'}有限公司{i:05d}",
                "uscc": _uscc(i),
                "account_class": AccountClass.AGENCY if kind < 5 else AccountClass.EMPLOYER,
                "created_at": created,
                "updated_at": verified,
                "first_verified_at": created + DAY,
                "last_verified_at": verified,
                "reverification_due_at": verified + dt.timedelta(days=183),
                "legal_rep_id_index": "",
            }
            if kind in (10, 11, 12):  # re-verification overdue
                values["reverification_due_at"] = now - dt.timedelta(days=rng.uniform(1, 30))
            if kind == 13:
                values["display_suspended"] = True
            if kind == 14:
                values["status"] = OrgStatus.PENDING
            orgs.append(Organisation(**_copy(company_a, **values)))
        Organisation.objects.bulk_create(orgs, batch_size=BATCH)
        all_orgs = [
            company_a,
            *orgs,
            *Organisation.objects.exclude(pk=company_a.pk).filter(
                pk__in=JobPosting.objects.values("organisation")
            ),
        ]
        counts["organisations"] = Organisation.objects.count()

        # Postings: a copy of a real posting, its approved version and its events each.
        postings, versions, events = [], [], []
        existing_postings = JobPosting.objects.count()
        base_created = template.created_at
        for i in range(max(args.postings - existing_postings, 0)):
            org = all_orgs[i % len(all_orgs)] if i < len(all_orgs) else rng.choice(all_orgs)
            created = moment()
            published = created + dt.timedelta(hours=2)
            valid_until = timezone.localdate(published) + dt.timedelta(days=POSTING_VALID_DAYS)
            status = PostingStatus.PUBLISHED if valid_until >= today else PostingStatus.EXPIRED
            roll = rng.random()
            if roll < 0.03:
                status = PostingStatus.TAKEN_DOWN
            elif roll < 0.05 and status == PostingStatus.PUBLISHED:
                status = PostingStatus.PAUSED
            elif roll < 0.06:
                status = PostingStatus.CLOSED
            source = versions_real[i % len(versions_real)]
            version_id = uuid.uuid4()
            posting = JobPosting(
                **_copy(
                    template,
                    organisation_id=org.pk,
                    status=status,
                    live_version_id=version_id,
                    published_at=published,
                    valid_until=valid_until,
                    risk_score=rng.choice((0, 0, 0, 5, 10, 20, 35, 60)),
                    view_count=rng.randrange(0, 500),
                    created_at=created,
                    updated_at=published,
                )
            )
            postings.append(posting)
            versions.append(
                JobPostingVersion(
                    **_copy(
                        source,
                        id=version_id,
                        posting_id=posting.pk,
                        valid_until=valid_until,
                        created_at=created,
                        updated_at=published,
                        submitted_at=created + dt.timedelta(minutes=30),
                        decided_at=published,
                    )
                )
            )
            for event in template_events:
                shift = event.created_at - base_created
                events.append(
                    PostingEvent(
                        **_copy(
                            event,
                            posting_id=posting.pk,
                            version_id=version_id if event.version_id else None,
                            created_at=created + shift,
                            updated_at=created + shift,
                        )
                    )
                )
            if status == PostingStatus.TAKEN_DOWN:
                down = published + dt.timedelta(days=rng.uniform(0.5, 20))
                events.append(
                    PostingEvent(
                        **_copy(
                            takedown_event,
                            posting_id=posting.pk,
                            version_id=version_id,
                            created_at=down,
                            updated_at=down,
                        )
                    )
                )
            if rejected_version is not None and rng.random() < 0.05:
                when = published + dt.timedelta(days=rng.uniform(1, 30))
                second = JobPostingVersion(
                    **_copy(
                        rejected_version,
                        posting_id=posting.pk,
                        number=2,
                        valid_until=valid_until,
                        created_at=when,
                        updated_at=when,
                        submitted_at=when,
                        decided_at=when + dt.timedelta(hours=3),
                    )
                )
                versions.append(second)
                if rejected_event is not None:
                    events.append(
                        PostingEvent(
                            **_copy(
                                rejected_event,
                                posting_id=posting.pk,
                                version_id=second.pk,
                                created_at=second.decided_at,
                                updated_at=second.decided_at,
                            )
                        )
                    )
        JobPosting.objects.bulk_create(postings, batch_size=BATCH)
        JobPostingVersion.objects.bulk_create(versions, batch_size=BATCH)
        PostingEvent.objects.bulk_create(events, batch_size=BATCH)
        counts["postings"] = JobPosting.objects.count()
        counts["posting_versions"] = JobPostingVersion.objects.count()
        counts["posting_events"] = PostingEvent.objects.count()

        # Report cases of one to three reports, on distinct postings (10 % organisations).
        by_org = {org.pk: org for org in all_orgs}
        targets = list(postings)
        rng.shuffle(targets)
        org_targets = list(orgs)
        rng.shuffle(org_targets)
        categories = list(ReportCategory.values)
        weights = [18, 22, 20, 10, 8, 8, 2, 2, 10]
        outcomes = [CaseOutcome.UPHELD] * 3 + [CaseOutcome.PARTLY] + [CaseOutcome.DISMISSED] * 6
        due_days = (decided_case.due_date - timezone.localdate(decided_case.created_at)).days
        cases, reports, proofs, updates = [], [], [], []
        existing_reports = Report.objects.count()
        wanted = max(args.reports - existing_reports, 0)
        made = 0
        case_index = 0
        while made < wanted:
            size = min(rng.choice((1, 1, 2, 2, 3)), wanted - made)
            opened = moment()
            age = (now - opened).days
            decided = age > DECIDE_AFTER_DAYS and rng.random() >= 0.05
            on_org = case_index % 10 == 9 and case_index // 10 < len(org_targets)
            if on_org:
                org = org_targets[case_index // 10]
                kind, target_id, label, subject = (
                    TargetKind.ORGANISATION,
                    org.pk,
                    org.legal_name,
                    org.pk,
                )
            else:
                posting = targets[case_index % len(targets)]
                kind, target_id, label, subject = (
                    TargetKind.POSTING,
                    posting.pk,
                    "Python 后端开发工程师",
                    posting.organisation_id,
                )
                if case_index >= len(targets):  # a second case on a posting: decided only
                    decided = True
            case_index += 1
            decided_at = opened + dt.timedelta(days=rng.uniform(1, 18)) if decided else None
            under_review = not decided and rng.random() < 0.4
            case_model = decided_case if decided else open_case
            case = ReportCase(
                **_copy(
                    case_model,
                    target_kind=kind,
                    target_id=target_id,
                    target_label=label[:200],
                    subject_organisation_id=subject,
                    subject_user_id=None,
                    status=(
                        CaseStatus.DECIDED
                        if decided
                        else CaseStatus.UNDER_REVIEW
                        if under_review
                        else CaseStatus.OPEN
                    ),
                    assignee_id=oscar.pk if decided or under_review else None,
                    due_date=timezone.localdate(opened) + dt.timedelta(days=due_days),
                    outcome=rng.choice(outcomes) if decided else "",
                    decision_reasons=decided_case.decision_reasons if decided else "",
                    decided_by_id=oscar.pk if decided else None,
                    decided_at=decided_at,
                    sanction_reference="",
                    account_review=False,
                    review_started_at=None,
                    paused_postings=[],
                    created_at=opened,
                    updated_at=decided_at or opened,
                )
            )
            cases.append(case)
            category = rng.choices(categories, weights)[0]
            for k in range(size):
                received = opened + dt.timedelta(hours=rng.uniform(0, 48) * k)
                if decided_at is not None and received > decided_at:
                    received = decided_at - dt.timedelta(hours=1)
                anonymous = rng.random() < 0.25
                source = anonymous_report if anonymous else signed_report
                status = (
                    ReportStatus.CLOSED
                    if decided
                    else ReportStatus.IN_PROGRESS
                    if under_review
                    else ReportStatus.RECEIVED
                )
                report = Report(
                    **_copy(
                        source,
                        reference=f"RB{existing_reports + made:010d}",
                        case_id=case.pk,
                        reporter_id=None if anonymous else rng.choice(reporters).pk,
                        token_hash=uuid.uuid4().hex * 2 if anonymous else "",
                        contact="demo@example.com" if anonymous else "",
                        category=category,
                        received_at=received,
                        due_date=timezone.localdate(received) + dt.timedelta(days=due_days),
                        due_provisional=False,
                        status=status,
                        closed_at=decided_at,
                        created_at=received,
                        updated_at=decided_at or received,
                    )
                )
                reports.append(report)
                proofs.append(
                    ReportEvidence(
                        **_copy(
                            evidence, report_id=report.pk, created_at=received, updated_at=received
                        )
                    )
                )
                updates.append(
                    ReportStatusUpdate(
                        **_copy(
                            update_received,
                            report_id=report.pk,
                            created_at=received,
                            updated_at=received,
                        )
                    )
                )
                if decided_at is not None:
                    updates.append(
                        ReportStatusUpdate(
                            **_copy(
                                update_closed,
                                report_id=report.pk,
                                created_at=decided_at,
                                updated_at=decided_at,
                            )
                        )
                    )
                made += 1
        ReportCase.objects.bulk_create(cases, batch_size=BATCH)
        Report.objects.bulk_create(reports, batch_size=BATCH)
        ReportEvidence.objects.bulk_create(proofs, batch_size=BATCH)
        ReportStatusUpdate.objects.bulk_create(updates, batch_size=BATCH)
        counts["report_cases"] = ReportCase.objects.count()
        counts["open_cases"] = ReportCase.objects.exclude(status=CaseStatus.DECIDED).count()
        counts["reports"] = Report.objects.count()

        # Sanctions of every kind on organisations.
        kinds = [
            (SanctionKind.WARNING, 50),
            (SanctionKind.RESTRICTION, 15),
            (SanctionKind.TAKE_DOWN, 10),
            (SanctionKind.SUSPEND_POSTING, 10),
            (SanctionKind.ACCOUNT_SUSPENSION, 8),
            (SanctionKind.ACCOUNT_CLOSURE, 4),
            (SanctionKind.REREGISTRATION_BAN, 3),
        ]
        postings_of: dict[Any, Any] = {}
        for posting in postings:
            postings_of.setdefault(posting.organisation_id, posting.pk)
        rows = []
        for _ in range(max(args.sanctions - Sanction.objects.count(), 0)):
            kind = rng.choices([k for k, _w in kinds], [w for _k, w in kinds])[0]
            org = rng.choice(all_orgs)
            starts = moment()
            ends = starts + dt.timedelta(days=30) if kind in PERIOD_KINDS else None
            status = SanctionStatus.ACTIVE if ends is None or ends > now else SanctionStatus.EXPIRED
            roll = rng.random()
            if roll < 0.03:
                status = SanctionStatus.OVERTURNED
            elif roll < 0.05:
                status = SanctionStatus.REVOKED
            rows.append(
                Sanction(
                    **_copy(
                        sanction,
                        user_id=None,
                        organisation_id=by_org[org.pk].pk,
                        posting_id=(
                            postings_of.get(org.pk) if kind == SanctionKind.TAKE_DOWN else None
                        ),
                        kind=kind,
                        severity=SEVERITY[kind],
                        starts_at=starts,
                        ends_at=ends,
                        status=status,
                        acknowledged_at=(starts + DAY if kind == SanctionKind.WARNING else None),
                        ended_at=ends if status == SanctionStatus.EXPIRED else None,
                        effects={},
                        created_at=starts,
                        updated_at=starts,
                    )
                )
            )
        Sanction.objects.bulk_create(rows, batch_size=BATCH)
        counts["sanctions"] = Sanction.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    world = World(
        oscar=oscar,
        rita=rita,
        orgs=all_orgs,
        reporters=reporters,
        fresh_reporters=fresh,
        counts=counts,
    )
    return world, time.perf_counter() - started


# --- 1. filing reports ----------------------------------------------------------------------------


def filing(world: World, count: int, seed: int) -> dict[str, Any]:
    from django.conf import settings

    from rencai.core.actors import Actor, Channel
    from rencai.jobs.queries import public_postings
    from rencai.moderation.choices import ReportCategory
    from rencai.moderation.models import ReportCase
    from rencai.moderation.reports import file_report
    from rencai.orgs.queries import public_organisations

    settings.JOBS_REPORTS_HOURLY_LIMIT_PER_IP = 10**6
    settings.REPORTS_DAILY_LIMIT_PER_USER = 10**6
    rng = random.Random(seed)
    posting_ids = list(public_postings().values_list("pk", flat=True))
    org_ids = list(public_organisations().values_list("pk", flat=True))
    categories = list(ReportCategory.values)
    details = "招聘时要求先交培训费，并且只招本地户口，与岗位描述不符。"
    reviews_before = ReportCase.objects.filter(account_review=True).count()
    plan = []
    for i in range(count):
        on_org = i % 10 == 9
        anonymous = i % 4 == 3
        plan.append(
            {
                "target_kind": "organisation" if on_org else "posting",
                "target_id": rng.choice(org_ids if on_org else posting_ids),
                "category": rng.choice(categories),
                "details": details,
                "contact": "13900000000" if anonymous else "",
                "actor": Actor(
                    None if anonymous else world.fresh_reporters[i],
                    ip=f"198.51.100.{i % 250 + 1}",
                    channel=Channel.WEB,
                ),
            }
        )
    samples = []
    for kwargs in plan:
        # A posting paused meanwhile (its organisation went under review) is no longer
        # public: report another one (checked outside the clock).
        if (
            kwargs["target_kind"] == "posting"
            and not public_postings().filter(pk=kwargs["target_id"]).exists()
        ):
            posting_ids = list(public_postings().values_list("pk", flat=True))
            if posting_ids:
                kwargs["target_id"] = rng.choice(posting_ids)
            else:
                kwargs["target_kind"], kwargs["target_id"] = "organisation", rng.choice(org_ids)
        t0 = time.perf_counter()
        file_report(**kwargs)
        samples.append((time.perf_counter() - t0) * 1000)
    elapsed = sum(samples) / 1000
    reviews_during = ReportCase.objects.filter(account_review=True).count() - reviews_before
    samples.sort()

    trigger = _trigger(world, count, details)
    say(f"\n-- filing reports ({count} through file_report, one at a time) --")
    line("file_report", f"{count / elapsed:8.1f} reports/s   ({elapsed:.2f} s)")
    line(
        "per report",
        f"p50 {statistics.median(samples):.1f} ms, p95 {samples[int(len(samples) * 0.95) - 1]:.1f}"
        f" ms, max {samples[-1]:.1f} ms",
    )
    line("accounts put under review during them", f"{reviews_during:8}")
    if trigger is None:
        line("trigger", "skipped (every organisation is already under review)")
    else:
        line(
            f"trigger: report no. {trigger['reports']} on one organisation",
            f"{trigger['ms']:8.1f} ms   (under review; {trigger['paused']} postings paused)",
        )
    return {
        "reports": count,
        "seconds": round(elapsed, 2),
        "reports_per_s": round(count / elapsed, 1),
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 1),
        "max_ms": round(samples[-1], 1),
        "reviews_started": reviews_during,
        "trigger": trigger,
    }


def _trigger(world: World, count: int, details: str) -> dict[str, Any] | None:
    """Distinct people report the postings of the organisation with the most public
    postings until it goes under review; the time of the report that tips it."""
    from django.db.models import Count, Q

    from rencai.core.actors import Actor, Channel
    from rencai.jobs.choices import PostingStatus
    from rencai.jobs.queries import public_postings
    from rencai.moderation.choices import OPEN_CASE_STATES
    from rencai.moderation.models import ReportCase
    from rencai.moderation.reports import file_report
    from rencai.orgs.queries import public_organisations

    reviewed = ReportCase.objects.filter(
        account_review=True, status__in=OPEN_CASE_STATES, target_kind="organisation"
    ).values("target_id")
    candidates = (
        public_organisations()
        .exclude(pk__in=reviewed)
        .annotate(live=Count("postings", filter=Q(postings__status=PostingStatus.PUBLISHED)))
        .order_by("-live")
        .values_list("pk", flat=True)
    )
    for org_id in candidates[:20]:
        org_postings = list(public_postings().filter(organisation_id=org_id))
        if org_postings:
            break
    else:
        return None
    for j, person in enumerate(world.fresh_reporters[count:]):
        t0 = time.perf_counter()
        file_report(
            target_kind="posting",
            target_id=org_postings[j % len(org_postings)].pk,
            category="fraud_or_fees",
            details=details,
            actor=Actor(person, ip="203.0.113.9", channel=Channel.WEB),
        )
        elapsed_ms = (time.perf_counter() - t0) * 1000
        case = ReportCase.objects.filter(
            account_review=True, target_id=org_id, status__in=OPEN_CASE_STATES
        ).first()
        if case is not None:
            return {
                "reports": j + 1,
                "ms": round(elapsed_ms, 1),
                "paused": len(case.paused_postings),
            }
    raise SystemExit("the complaint-concentration trigger did not fire")


# --- 2. the queue --------------------------------------------------------------------------------


def _client(user: User) -> Any:
    from django.conf import settings
    from django.test import Client

    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(user, backend="rencai.accounts.backends.RencaiBackend")
    return client


def queue(world: World) -> dict[str, Any]:
    from django.core.paginator import Paginator

    from rencai.moderation import report_queries as queries
    from rencai.moderation.choices import CaseStatus, ReportCategory

    def first_page(**filters: Any) -> Callable[[], object]:
        def run() -> object:
            page = Paginator(queries.cases_for_operator(**filters), PAGE_SIZE).get_page(1)
            rows = list(page.object_list)
            return page.paginator.count, rows

        return run

    client = _client(world.oscar)

    def html() -> None:
        response = client.get("/ops/reports/")
        assert response.status_code == 200, response.status_code

    from rencai.moderation.models import ReportCase

    open_cases = ReportCase.objects.exclude(status=CaseStatus.DECIDED).count()
    say(f"\n-- trust & safety queue ({open_cases:,} open cases; page 1 of {PAGE_SIZE}) --")
    results: dict[str, Any] = {"open_cases": open_cases}
    for key, label, func in (
        ("open", "cases_for_operator() page 1 (count + rows)", first_page()),
        (
            "category",
            "… category=fraud_or_fees",
            first_page(category=ReportCategory.FRAUD_OR_FEES),
        ),
        ("overdue", "… overdue", first_page(overdue=True)),
        ("all", "… status=all", first_page(status="all")),
        ("counts", "queue_counts()", queries.queue_counts),
        ("page", "/ops/reports/ (HTML, Oscar)", html),
    ):
        ms, sql, n = timed(REPEATS, func)
        line(label, f"{ms:8.2f} ms   ({sql} queries, n={n})")
        results[key] = {"median_ms": round(ms, 2), "queries": sql, "n": n}
    return results


# --- 3. credit grades ----------------------------------------------------------------------------


def credit_grades(world: World) -> dict[str, Any]:
    from django.core.paginator import Paginator

    from rencai.inspection import credit

    rita = world.rita

    def first_page(**filters: str) -> Callable[[], object]:
        def run() -> object:
            rows = credit.credit_list(rita, **filters)
            page = Paginator(rows, PAGE_SIZE).get_page(1)
            return [credit.credit_of(org) for org in page.object_list]

        return run

    grades: dict[str, int] = {}
    for org in credit.credit_rows().values_list("credit_grade", flat=True):
        grades[org] = grades.get(org, 0) + 1
    worst = first_page()()
    assert isinstance(worst, list)
    assert worst
    target = worst[0].organisation.pk
    client = _client(rita)

    def html() -> None:
        response = client.get("/regulator/credit/")
        assert response.status_code == 200, response.status_code

    say(
        f"\n-- credit grades ({world.counts['organisations']:,} organisations: "
        + ", ".join(f"{g} {grades.get(g, 0):,}" for g in credit.GRADES)
        + ") --"
    )
    results: dict[str, Any] = {"grades": grades}
    for key, label, func in (
        ("list", "credit_list page 1 (25, worst first, with factors)", first_page()),
        ("list_grade_c", "… grade=C", first_page(grade="C")),
        ("one", "credit_for (one organisation, factors)", lambda: credit.credit_for(rita, target)),
        ("warnings", "risk_warnings page 1", lambda: list(credit.risk_warnings(rita)[:PAGE_SIZE])),
        ("page", "/regulator/credit/ (HTML, Rita)", html),
    ):
        ms, sql, n = timed(REPEATS, func)
        line(label, f"{ms:8.2f} ms   ({sql} queries, n={n})")
        results[key] = {"median_ms": round(ms, 2), "queries": sql, "n": n}
    return results


# --- 4. the regulator's export -------------------------------------------------------------------


def export(world: World) -> dict[str, Any]:
    from django.conf import settings

    from rencai.inspection import exports, queries
    from rencai.inspection.choices import ExportFormat
    from rencai.inspection.datasets import Criteria, get_dataset

    dataset = get_dataset("postings")
    rows = queries.dataset_rows(world.rita, dataset, Criteria())
    total = rows.count()
    if total > exports.max_export_rows():
        settings.INSPECTION_MAX_EXPORT_ROWS = total
    say(f"\n-- regulator export: postings dataset, {total:,} rows (every version) --")
    results: dict[str, Any] = {"rows": total}
    for fmt in (ExportFormat.CSV, ExportFormat.XLSX):
        started = time.perf_counter()
        count = exports.check_size(rows)
        response = exports.export_response(dataset, rows, fmt)
        size = sum(len(chunk) for chunk in response.streaming_content)  # type: ignore[attr-defined]
        response.close()
        elapsed = time.perf_counter() - started
        line(
            fmt.value.upper(),
            f"{count / elapsed:8,.0f} rows/s   ({elapsed:.2f} s, {size / 1e6:.2f} MB)",
        )
        results[fmt.value] = {
            "seconds": round(elapsed, 2),
            "rows_per_s": round(count / elapsed),
            "bytes": size,
        }
    return results


# --- 5. the annual report ------------------------------------------------------------------------


def annual(world: World) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from pypdf import PdfReader

    from rencai.core.timeutil import local_today
    from rencai.inspection.annual_report import build_annual_report, render_pdf, render_xlsx

    year = local_today().year
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        report = build_annual_report(year)
    build_s = time.perf_counter() - started
    started = time.perf_counter()
    pdf = render_pdf(report)
    pdf_s = time.perf_counter() - started
    started = time.perf_counter()
    xlsx = render_xlsx(report)
    xlsx_s = time.perf_counter() - started
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    complaints = report.section("complaints")
    say(f"\n-- annual report {year} --")
    line(
        "build_annual_report",
        f"{build_s:8.2f} s   ({len(captured)} queries; "
        f"{complaints.value('received')} complaints, {complaints.value('decided')} decided)",
    )
    line("render_pdf", f"{pdf_s:8.2f} s   ({pages} pages, {len(pdf) / 1e3:.0f} kB)")
    line("render_xlsx", f"{xlsx_s:8.2f} s   ({len(xlsx) / 1e3:.0f} kB)")
    return {
        "year": year,
        "build_s": round(build_s, 2),
        "build_queries": len(captured),
        "pdf_s": round(pdf_s, 2),
        "pdf_pages": pages,
        "pdf_bytes": len(pdf),
        "xlsx_s": round(xlsx_s, 2),
        "xlsx_bytes": len(xlsx),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--organisations", type=int, default=2000)
    parser.add_argument("--postings", type=int, default=20000)
    parser.add_argument("--reports", type=int, default=20000)
    parser.add_argument("--sanctions", type=int, default=2000)
    parser.add_argument(
        "--timed-reports", type=int, default=200, help="reports filed through file_report"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if min(args.organisations, args.postings, args.reports, args.sanctions) < 10:
        parser.error("every size must be at least 10")
    if args.timed_reports < 1:
        parser.error("--timed-reports must be positive")

    workdir = Path(tempfile.mkdtemp(prefix="trust-bench-"))
    for name in ("DATABASE_URL", "SEARCH_DIR", "HUEY_URL", "HUEY_NAME", "CACHE_URL"):
        os.environ.pop(name, None)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "rencai.settings",
            "VAR_DIR": str(workdir),
            "SEARCH_DIR": str(workdir / "search"),
            "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
            "HUEY_URL": f"sqlite:///{workdir / 'huey.sqlite3'}",
            "HUEY_NAME": "rencai-bench",
            "HUEY_IMMEDIATE": "true",
            "CACHE_URL": "locmem://",
            "LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()
    import logging

    from django.conf import settings
    from django.core.management import call_command

    # As in production: no query log kept in memory, templates without debug information
    # (the start-up checks of DEBUG=false are not needed in this process).
    settings.DEBUG = False
    logging.getLogger("huey").setLevel(logging.WARNING)
    # No search index is built here; pausing postings would warn about it.
    logging.getLogger("rencai.search.indexing").setLevel(logging.ERROR)
    say(f"trust & safety benchmark in {workdir}")
    say(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    run_started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)

    world, seed_s = build_world(args)
    say(
        "  data: "
        + ", ".join(f"{value:,} {key.replace('_', ' ')}" for key, value in world.counts.items())
        + f" (built in {seed_s:.1f} s)"
    )
    summary: dict[str, Any] = {
        "sizes": world.counts,
        "seed_s": round(seed_s, 1),
        "filing": filing(world, args.timed_reports, args.seed),
        "queue": queue(world),
        "credit": credit_grades(world),
        "export": export(world),
        "annual_report": annual(world),
    }
    summary["total_s"] = round(time.perf_counter() - run_started, 1)
    say(f"\n  total {summary['total_s']:.1f} s")
    print(json.dumps(summary, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()

"""Privacy and data-lifecycle benchmark (issue 8): copy export, erasure, archive check, retention.

Usage::

    .venv/bin/python bench/privacy.py [--applications 200] [--messages 2000]
        [--notifications 1000] [--archive 20000] [--security-logs 50000]

What it does, in a throw-away directory (own ``VAR_DIR``, SQLite database migrated there,
Huey immediate so tasks run in this process as soon as their transaction commits):

1. **One heavy seeker.** Alice (``personas.build(personas.ALICE)``) applies to a posting of
   the demo company (``testing.jobs.demo_postings``) through the real action, opens the
   conversation with Bob and they exchange two messages (real actions, which also notify
   her). Then, with bulk inserts copying those real rows: N - 1 more postings of the same
   company (a copy of the posting and its live version each) and her applications to them
   (20 % still active, 50 % not suitable, 30 % withdrawn), the conversation filled up to M
   messages, and notifications up to the given number.
2. **Copy export** (PI-12): ``request_export`` for Alice; the build runs in the same call
   (immediate Huey, after the commit). Printed: the time, the ZIP size, its entries and the
   page count of ``personal-data.pdf`` (pypdf).
3. **Erasure** (PI-19): ``cancel_account`` (timed; the erasure task it schedules is queued,
   not run), then ``erase_account`` (timed): rows archived (``audit.ArchiveRecord``),
   deleted and anonymised.
4. **Restricted archive**: K more records appended with ``archive_record`` in one
   transaction (records/s; each one is also an audit event), then ``verify_archive`` over
   the whole archive (records/s).
5. **Retention**: S ``accounts.LoginFailure`` rows 200 days old (bulk-created, then
   ``created_at`` moved back with ``update``), the dry run of every enabled rule, then
   ``run_retention(categories=["security_log"])`` deleting them in batches of
   ``RETENTION_BATCH_SIZE``.

The last line is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import sys
import tempfile
import time
import uuid
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

if TYPE_CHECKING:
    from django.db import models

    from rencai.accounts.models import User

BATCH = 1000
SECURITY_LOG_AGE_DAYS = 200  # past the 183-day security_log rule


def say(text: str = "") -> None:
    print(text, flush=True)


def line(label: str, value: str) -> None:
    say(f"  {label:<46} {value}")


def _copy(row: models.Model, **changes: Any) -> dict[str, Any]:
    """The column values of ``row`` for a new row (a fresh id, ``changes`` applied)."""
    values = {
        field.attname: getattr(row, field.attname)
        for field in row._meta.concrete_fields
        if not field.primary_key
    }
    values.update(changes)
    values["id"] = uuid.uuid4()
    return values


def build_seeker(applications: int, messages: int, notifications: int) -> tuple[User, float]:
    """Alice with ``applications`` applications, one conversation of ``messages`` messages
    and ``notifications`` notifications; returns her and the seconds it took."""
    from django.db import transaction
    from django.utils import timezone

    from rencai.applications.choices import ApplicationStatus
    from rencai.applications.models import Application
    from rencai.core.actors import cli_actor
    from rencai.jobs.models import JobPosting, JobPostingVersion
    from rencai.messaging.actions import send_message
    from rencai.messaging.models import Conversation, Message
    from rencai.notifications.models import Notification
    from rencai.testing import jobs as job_seeds
    from rencai.testing import orgs as org_seeds
    from rencai.testing import personas
    from rencai.testing.applications import apply, sample_resume
    from rencai.testing.messaging import conversation

    started = time.perf_counter()
    postings = job_seeds.demo_postings()
    company = org_seeds.build_org(org_seeds.COMPANY_A)
    alice, bob = personas.build(personas.ALICE), personas.build(personas.BOB)
    template = next(p for p in postings if p.organisation_id == company.pk)
    resume = sample_resume(alice)
    first = apply(alice, template, resume, cover_note="您好，我对这个岗位很感兴趣。")
    chat = conversation(first, bob)
    send_message(chat, "王女士您好，看了您的简历，想约您聊一聊。", actor=cli_actor(bob))
    send_message(chat, "您好，谢谢！我这周都有时间。", actor=cli_actor(alice))

    assert template.live_version_id is not None
    version = JobPostingVersion.objects.get(pk=template.live_version_id)
    now = timezone.now()
    statuses = [ApplicationStatus.ACTIVE] * 2 + [ApplicationStatus.REJECTED] * 5
    statuses += [ApplicationStatus.WITHDRAWN] * 3
    with transaction.atomic():
        copies = [
            JobPosting(**_copy(template, live_version_id=None)) for _ in range(applications - 1)
        ]
        JobPosting.objects.bulk_create(copies, batch_size=BATCH)
        versions = [
            JobPostingVersion(**_copy(version, posting_id=posting.pk, number=1))
            for posting in copies
        ]
        JobPostingVersion.objects.bulk_create(versions, batch_size=BATCH)
        for posting, posting_version in zip(copies, versions, strict=True):
            posting.live_version_id = posting_version.pk
        JobPosting.objects.bulk_update(copies, ["live_version_id"], batch_size=BATCH)
        rows = []
        for i, posting in enumerate(copies):
            status = statuses[i % len(statuses)]
            closed = None if status == ApplicationStatus.ACTIVE else now
            rows.append(
                Application(**_copy(first, posting_id=posting.pk, status=status, closed_at=closed))
            )
        Application.objects.bulk_create(rows, batch_size=BATCH)

        real = list(Message.objects.filter(conversation=chat).order_by("created_at"))
        extra = []
        for i in range(max(messages - len(real), 0)):
            sample = real[i % len(real)]
            body = f"{sample.body}（第{i + 1}条）"
            extra.append(Message(**_copy(sample, body=body, read_at=now)))
        Message.objects.bulk_create(extra, batch_size=BATCH)
        Conversation.objects.filter(pk=chat.pk).update(last_message_at=now)

        sample_notice = Notification.objects.filter(recipient=alice).first()
        assert sample_notice is not None  # send_message notified her of Bob's message
        have = Notification.objects.filter(recipient=alice).count()
        notices = [
            Notification(**_copy(sample_notice, dedupe_key="", read_at=now if i % 3 else None))
            for i in range(max(notifications - have, 0))
        ]
        Notification.objects.bulk_create(notices, batch_size=BATCH)
    return alice, time.perf_counter() - started


def copy_export(alice: User) -> dict[str, Any]:
    from pypdf import PdfReader

    from rencai.core.actors import cli_actor
    from rencai.files.actions import read_bytes
    from rencai.privacy.choices import ExportStatus
    from rencai.privacy.exports import request_export

    started = time.perf_counter()
    export = request_export(alice, actor=cli_actor(alice))
    elapsed = time.perf_counter() - started
    export.refresh_from_db()
    if export.status != ExportStatus.READY or export.file is None:
        raise SystemExit(f"the export did not finish: {export.status} {export.error}")
    data = read_bytes(export.file)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        pdf = archive.read("personal-data.pdf")
        data_json = archive.getinfo("data.json").file_size
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    figures = {
        "seconds": round(elapsed, 2),
        "zip_bytes": len(data),
        "zip_entries": len(names),
        "data_json_bytes": data_json,
        "pdf_bytes": len(pdf),
        "pdf_pages": pages,
    }
    say("\n-- copy export (request_export + the build, immediate Huey) --")
    line("build", f"{elapsed:8.2f} s")
    line("ZIP", f"{len(data) / 1e6:8.2f} MB ({len(names)} entries)")
    line("data.json (uncompressed)", f"{data_json / 1e6:8.2f} MB")
    line("personal-data.pdf", f"{pages:8,} pages ({len(pdf) / 1e6:.2f} MB)")
    return figures


def erasure(alice: User) -> dict[str, Any]:
    from huey.contrib.djhuey import HUEY

    from rencai.accounts.actions import cancel_account
    from rencai.audit.models import ArchiveRecord
    from rencai.core.actors import cli_actor, system_actor
    from rencai.privacy.erasure import erase_account

    before = ArchiveRecord.objects.count()
    # The cancellation schedules the erasure after its commit; with immediate Huey it would
    # run inside cancel_account. Queue it instead, and time the erasure on its own.
    HUEY.immediate = False
    try:
        started = time.perf_counter()
        cancel_account(alice, actor=cli_actor(alice))
        cancel_s = time.perf_counter() - started
    finally:
        HUEY.immediate = True
    started = time.perf_counter()
    report = erase_account(alice, actor=system_actor())
    erase_s = time.perf_counter() - started
    archived = ArchiveRecord.objects.count() - before
    deleted = sum(report.deleted.values())
    anonymised = sum(report.anonymised.values())
    say("\n-- cancellation and erasure --")
    line("cancel_account", f"{cancel_s:8.2f} s")
    line("erase_account", f"{erase_s:8.2f} s")
    line("rows archived (audit.ArchiveRecord)", f"{archived:8,}")
    line("rows deleted / anonymised", f"{deleted:8,} / {anonymised:,}")
    for label, count in sorted(report.archived.items()):
        line(f"  archived {label}", f"{count:8,}")
    return {
        "cancel_s": round(cancel_s, 2),
        "erase_s": round(erase_s, 2),
        "archived": archived,
        "deleted": deleted,
        "anonymised": anonymised,
        "files_deleted": report.files_deleted,
    }


def archive_check(alice: User, records: int) -> dict[str, Any]:
    from django.db import transaction

    from rencai.applications.models import Application
    from rencai.audit.archive import archive_record
    from rencai.audit.archive_verify import verify_archive
    from rencai.core.actors import system_actor
    from rencai.core.timeutil import local_today

    actor = system_actor()
    sources = list(Application.objects.filter(seeker=alice)[:100])
    retain_until = local_today() + dt.timedelta(days=1095)
    started = time.perf_counter()
    with transaction.atomic():
        for i in range(records):
            source = sources[i % len(sources)]
            archive_record(
                "service_record",
                source,
                alice,
                {"status": "rejected", "posting": str(source.posting_id), "n": i},
                retain_until=retain_until,
                actor=actor,
            )
    append_s = time.perf_counter() - started
    started = time.perf_counter()
    report = verify_archive()
    verify_s = time.perf_counter() - started
    if not report.ok:
        raise SystemExit(f"archive verification failed: {report}")
    say(f"\n-- restricted archive ({records:,} appended in one transaction) --")
    line(
        "archive_record (+ its audit event)",
        f"{records / append_s:8,.0f} /s   ({append_s:.2f} s)",
    )
    line(
        f"verify_archive ({report.checked:,} records)",
        f"{report.checked / verify_s:8,.0f} /s   ({verify_s:.2f} s, ok={report.ok})",
    )
    return {
        "appended": records,
        "append_s": round(append_s, 2),
        "append_per_s": round(records / append_s),
        "verified": report.checked,
        "verify_s": round(verify_s, 2),
        "verify_per_s": round(report.checked / verify_s),
    }


def retention(rows: int) -> dict[str, Any]:
    from django.conf import settings
    from django.utils import timezone

    from rencai.accounts.models import LoginFailure
    from rencai.core.actors import system_actor
    from rencai.privacy.retention import run_retention

    LoginFailure.objects.bulk_create(
        [
            LoginFailure(
                subject_index=f"{i:064x}", method="sms", ip=f"10.0.{i // 250 % 250}.{i % 250}"
            )
            for i in range(rows)
        ],
        batch_size=BATCH,
    )
    old = timezone.now() - dt.timedelta(days=SECURITY_LOG_AGE_DAYS)
    LoginFailure.objects.update(created_at=old)
    started = time.perf_counter()
    dry = run_retention(actor=system_actor(), dry_run=True)
    dry_s = time.perf_counter() - started
    started = time.perf_counter()
    run = run_retention(actor=system_actor(), categories=["security_log"])
    run_s = time.perf_counter() - started
    totals = run.report.get("totals", {})
    acted = int(totals.get("acted", 0))
    left = LoginFailure.objects.count()
    say(f"\n-- retention ({rows:,} failed sign-ins {SECURITY_LOG_AGE_DAYS} days old) --")
    line(
        f"dry run, all {len(dry.report.get('rules', []))} rules",
        f"{dry_s:8.2f} s   (candidates {dry.report.get('totals', {}).get('candidates', 0):,})",
    )
    line(
        f"security_log run (batches of {settings.RETENTION_BATCH_SIZE})",
        f"{run_s:8.2f} s   ({acted:,} deleted, {acted / run_s:,.0f} rows/s, {left} left)",
    )
    if run.status != "finished" or left:
        raise SystemExit(f"retention run {run.status}: {left} rows left")
    return {
        "rows": rows,
        "dry_run_s": round(dry_s, 2),
        "dry_run_rules": len(dry.report.get("rules", [])),
        "run_s": round(run_s, 2),
        "deleted": acted,
        "deleted_per_s": round(acted / run_s),
        "batch_size": settings.RETENTION_BATCH_SIZE,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applications", type=int, default=200, help="the seeker's applications")
    parser.add_argument("--messages", type=int, default=2000, help="messages in her conversation")
    parser.add_argument("--notifications", type=int, default=1000, help="her notifications")
    parser.add_argument("--archive", type=int, default=20000, help="archive records to append")
    parser.add_argument(
        "--security-logs", type=int, default=50000, help="old failed sign-ins to delete"
    )
    args = parser.parse_args()
    if args.applications < 1:
        parser.error("--applications must be at least 1")
    if args.messages < 2:
        parser.error("--messages must be at least 2 (the two real ones)")
    if args.notifications < 1:
        parser.error("--notifications must be at least 1")
    if args.archive < 1 or args.security_logs < 1:
        parser.error("--archive and --security-logs must be positive")

    workdir = Path(tempfile.mkdtemp(prefix="privacy-bench-"))
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

    logging.getLogger("huey").setLevel(logging.WARNING)
    # No search index is built here; the erasure's index updates would warn about it.
    logging.getLogger("rencai.search.indexing").setLevel(logging.ERROR)
    say(f"privacy benchmark in {workdir}")
    say(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)

    alice, seed_s = build_seeker(args.applications, args.messages, args.notifications)
    say(
        f"  seeker: {args.applications:,} applications, {args.messages:,} messages, "
        f"{args.notifications:,} notifications (built in {seed_s:.1f} s)"
    )
    summary: dict[str, Any] = {
        "applications": args.applications,
        "messages": args.messages,
        "notifications": args.notifications,
        "export": copy_export(alice),
        "erasure": erasure(alice),
        "archive": archive_check(alice, args.archive),
        "retention": retention(args.security_logs),
    }
    print(json.dumps(summary, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()

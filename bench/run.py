"""Foundation benchmarks: print the figures (docs/benchmarks.md records a run).

Runs against a throw-away SQLite WAL database (or DATABASE_URL if set) so the numbers
include real commits. Usage: ``make bench`` or ``.venv/bin/python bench/run.py [--events N]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rate(label: str, count: int, func: Callable[[int], object]) -> float:
    start = time.perf_counter()
    for i in range(count):
        func(i)
    elapsed = time.perf_counter() - start
    per_second = count / elapsed
    print(
        f"{label:<48} {per_second:>12,.0f} /s   ({elapsed * 1000 / count:.3f} ms each, n={count})"
    )
    return per_second


def latencies(label: str, count: int, func: Callable[[int], object]) -> None:
    samples = []
    for i in range(count):
        start = time.perf_counter()
        func(i)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p50 = statistics.median(samples)
    p95 = samples[int(len(samples) * 0.95) - 1]
    p99 = samples[int(len(samples) * 0.99) - 1]
    print(f"{label:<48} p50 {p50:6.2f} ms  p95 {p95:6.2f} ms  p99 {p99:6.2f} ms  (n={count})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=5000, help="audit events to append")
    parser.add_argument("--logins", type=int, default=200, help="SMS sign-ins to run")
    parser.add_argument("--orgs", type=int, default=5000, help="organisations for the queue/clock")
    args = parser.parse_args()
    if args.events < 1 or args.logins < 1 or args.orgs < 1:
        parser.error("--events, --logins and --orgs must be positive")

    workdir = tempfile.mkdtemp(prefix="rencai-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ.setdefault("HUEY_IMMEDIATE", "true")
    os.environ["VAR_DIR"] = workdir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rencai.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction
    from django.test import Client

    from rencai.audit.actions import record_event
    from rencai.audit.verify import verify_chain
    from rencai.core import crypto
    from rencai.core.actors import cli_actor
    from rencai.core.identifiers import validate_id_number, validate_uscc
    from rencai.testing.sms import latest_code

    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    settings.HUEY["immediate"] = True
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True

    print("\n-- pure functions --")
    rate(
        "ID number validation (GB 11643 + our checks)",
        20000,
        lambda i: validate_id_number("11010519491231002X"),
    )
    rate(
        "USCC validation (GB 32100 + GB 11714)",
        20000,
        lambda i: validate_uscc("91110000600037341L"),
    )
    token = crypto.encrypt("110105199805120020", context="bench")
    rate(
        "AES-GCM encrypt (field)",
        20000,
        lambda i: crypto.encrypt("110105199805120020", context="bench"),
    )
    rate("AES-GCM decrypt (field)", 20000, lambda i: crypto.decrypt(token, context="bench"))
    rate("HMAC blind index", 20000, lambda i: crypto.blind_index("+8613800138000", context="phone"))

    print("\n-- audit chain (one transaction per event, as actions do) --")
    actor = cli_actor()

    def append(i: int) -> None:
        with transaction.atomic():
            record_event(actor, "bench.event", object_id=str(i), after={"i": i})

    rate("append hash-chained audit event", args.events, append)
    start = time.perf_counter()
    report = verify_chain()
    elapsed = time.perf_counter() - start
    print(
        f"{'verify whole chain':<48} {report.checked / elapsed:>12,.0f} /s   "
        f"({report.checked} events, ok={report.ok})"
    )

    print("\n-- SMS sign-in through the API (send code + sign in, new session each) --")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.SMS_RESEND_INTERVAL_SECONDS = 0
    settings.SMS_DAILY_LIMIT_PER_PHONE = 10**6
    settings.SMS_HOURLY_LIMIT_PER_IP = 10**6

    def sign_in(i: int) -> None:
        client = Client()
        phone = f"139{i % 100_000_000:08d}"
        client.post("/api/v1/auth/sms-code", {"phone": phone}, content_type="application/json")
        response = client.post(
            "/api/v1/auth/sms-login",
            {"phone": phone, "code": latest_code(phone)},
            content_type="application/json",
        )
        assert response.status_code == 200, response.content

    latencies("sms-code + sms-login (new number)", args.logins, sign_in)
    organisations(args.orgs)


def organisations(count: int) -> None:
    """Upload checks, the verification queue and the nightly clock at ``count`` orgs."""
    import datetime as dt
    import io

    from django.test import Client
    from django.utils import timezone
    from PIL import Image

    from rencai.core.identifiers import org_code_check_character
    from rencai.files.choices import DOCUMENT_KINDS
    from rencai.files.inspect import check_bytes
    from rencai.orgs.actions import run_org_clock
    from rencai.orgs.models import Organisation, VerificationRequest
    from rencai.testing import orgs as seeds
    from rencai.testing import personas

    print("\n-- uploads (magic bytes, decode, re-encode without metadata) --")
    licence_png = seeds.demo_image("LICENCE", size=(1600, 1100))
    photo = io.BytesIO()
    Image.new("RGB", (3000, 2000), (120, 160, 200)).save(photo, format="JPEG", quality=90)
    latencies(
        "check 1600x1100 PNG licence scan",
        30,
        lambda i: check_bytes(licence_png, "a.png", accept=DOCUMENT_KINDS),
    )
    latencies(
        "check 3000x2000 JPEG phone photo",
        30,
        lambda i: check_bytes(photo.getvalue(), "a.jpg", accept=DOCUMENT_KINDS),
    )

    print(f"\n-- organisations ({count:,} verified + {count // 10:,} pending requests) --")
    from stdnum.cn import uscc as stdnum_uscc

    owner = personas.build(personas.BOB)
    reviewer = personas.build(personas.OSCAR)
    now = timezone.now()
    rows = []
    for i in range(count):
        code = f"{i:08d}"
        body = "91440300" + code + org_code_check_character(code)
        rows.append(
            Organisation(
                legal_name=f"基准测试公司{i}",
                uscc=body + stdnum_uscc.calc_check_digit(body),
                legal_representative="张三",
                registered_address="广东省深圳市南山区科苑路1号",
                account_class="employer",
                industry="65",
                size="20_99",
                status="verified" if i % 10 else "pending",
                last_verified_at=now - dt.timedelta(days=i % 200),
                reverification_due_at=now - dt.timedelta(days=i % 200) + dt.timedelta(days=183),
                created_by=owner,
            )
        )
    Organisation.objects.bulk_create(rows, batch_size=1000)
    pending = Organisation.objects.filter(status="pending")
    VerificationRequest.objects.bulk_create(
        [
            VerificationRequest(
                organisation=org,
                number=1,
                kind="initial",
                submitted_by=owner,
                snapshot={"legal_name": org.legal_name},
                authority_method="letter",
                submitted_at=now,
            )
            for org in pending
        ],
        batch_size=1000,
    )
    client = Client()
    client.force_login(reviewer, backend="rencai.accounts.backends.RencaiBackend")

    def queue(i: int) -> None:
        response = client.get(f"/api/v1/operator/verifications?page={i % 5 + 1}")
        assert response.status_code == 200, response.content

    latencies("operator queue page (API, 20 rows + counts)", 50, queue)

    def queue_page(i: int) -> None:
        response = client.get(f"/ops/verifications/?page={i % 5 + 1}")
        assert response.status_code == 200

    latencies("operator queue page (HTML)", 50, queue_page)
    start = time.perf_counter()
    report = run_org_clock()
    elapsed = time.perf_counter() - start
    print(
        f"{'nightly org clock':<48} {elapsed:8.2f} s   "
        f"({count:,} orgs: {len(report.warned)} warned, {len(report.flagged)} flagged)"
    )


if __name__ == "__main__":
    main()

"""Job search through HTTP: gunicorn (2 workers) serving ``GET /api/v1/jobs/search``.

Usage::

    .venv/bin/python bench/http.py --jobs 100000 [--requests 4000] [--duration 60]
        [--concurrency 8] [--keep DIR] [--worker-class sync|gthread] [--answer-cache N]

Builds a corpus and its tantivy index in a throw-away directory as ``bench/search.py`` does
(``--keep DIR`` reuses a directory made by ``bench/search.py --keep DIR`` with the same
``--jobs`` and ``--seed``, or makes one and leaves it), starts gunicorn on a free loopback port
with ``VAR_DIR``/``SEARCH_DIR`` pointing there and the production settings
(``DEBUG=false``: the checks of ``rencai.core.config_checks`` pass with bench-only values, the
development encryption keys so that the rows written by the generator stay readable), warms
every worker up, then sends the realistic queries of ``bench/queries.json`` from a pool of
``--concurrency`` client threads, each with its own ``http.client`` connection, until
``--requests`` requests are answered or ``--duration`` seconds have passed (a closed loop: a
thread sends its next request when the previous answer arrived). It prints requests per
second, latency percentiles as the client sees them, errors (anything but 200, or a failed
connection), and the resident memory of the gunicorn workers, and always stops gunicorn.

The requests cycle through the 1,000 realistic queries in order, so the default 4,000 ask each
one four times, as popular searches are asked again and again. Each worker keeps finished
answers (``SEARCH_ANSWER_CACHE``, checked against the database before reuse);
``--answer-cache 0`` makes the server answer every request from scratch.

Worker class: ``sync`` (the default). A search is CPU-bound Python (segmentation, the ORM,
JSON) apart from the engine call, so threads inside one worker would take turns on the GIL and
add queueing to the tail without adding throughput; two sync workers run two searches at once
on two cores. Sync workers close the connection after each response (the client reconnects;
a loopback connect costs tens of microseconds and is included in the latency); in production a
reverse proxy holds the clients' keep-alive connections. ``--worker-class gthread`` (4 threads
per worker, keep-alive) is there for comparison.

The last line of output is one JSON object with the figures.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __name__ == "http":
    # A script in bench/ has this directory first on sys.path, so ``import http`` (Django
    # imports http.cookies) finds this file: hand the name over to the standard library's
    # package. Nothing below has side effects (the bench imports happen in main()).
    import importlib.machinery
    import importlib.util
    import sysconfig

    _spec = importlib.machinery.PathFinder.find_spec(__name__, [sysconfig.get_paths()["stdlib"]])
    if _spec is None or _spec.loader is None:
        raise ImportError(f"the standard library's {__name__} package was not found")
    _stdlib = importlib.util.module_from_spec(_spec)
    sys.modules[__name__] = _stdlib
    _spec.loader.exec_module(_stdlib)

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
if __name__ == "__main__":
    sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != BENCH]
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import contextlib  # noqa: E402
import http.client  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import secrets  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from typing import TYPE_CHECKING, Any  # noqa: E402
from urllib.parse import urlencode  # noqa: E402

if TYPE_CHECKING:
    from bench.search_queries import Query

PATH = "/api/v1/jobs/search"
DEGRADED = re.compile(rb'"degraded":\s*true')
WARM_UP_PER_WORKER = 50
TARGET_RPS, TARGET_P99, TARGET_RSS_MB = 200.0, 200.0, 500.0
# Bench-only values that satisfy the DEBUG=false start-up checks (as `make checks` does).
PRODUCTION_ENV = {
    "DEBUG": "false",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "OPERATOR_USCC": "91110000600037341L",
    "HR_LICENCE_NO": "bench",
    "ICP_LICENCE_NO": "bench",
    "SMS_PROVIDER": "rencai.providers.sms.sandbox.SandboxSmsProvider",
    "IDENTITY_PROVIDER": "rencai.providers.identity.sandbox.SandboxIdentityProvider",
    "FACE_PROVIDER": "rencai.providers.face.sandbox.SandboxFaceProvider",
    "VIRTUAL_NUMBER_PROVIDER": (
        "rencai.providers.virtual_number.sandbox.SandboxVirtualNumberProvider"
    ),
    "EMAIL_PROVIDER": "django",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "LOG_LEVEL": "WARNING",
}


def say(text: str = "") -> None:
    print(text, flush=True)


def server_env(env: dict[str, str]) -> dict[str, str]:
    from rencai import settings as project_settings

    dev_key = project_settings._dev_key
    return {
        **env,
        **PRODUCTION_ENV,
        # Tasks go to the queue as in production (no worker runs here): an outdated index must
        # show as degraded answers, not be rebuilt inside a request.
        "HUEY_IMMEDIATE": "false",
        "SECRET_KEY": "bench-only-" + secrets.token_urlsafe(40),
        # The development keys the corpus was written with (encrypted fields stay readable).
        "FIELD_ENCRYPTION_KEYS": f"dev1:{dev_key('field')}",
        "BLIND_INDEX_KEYS": f"dev1:{dev_key('blind')}",
    }


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_gunicorn(
    env: dict[str, str], port: int, workers: int, worker_class: str, log: Path
) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "rencai.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        worker_class,
        "--timeout",
        "120",
        "--graceful-timeout",
        "5",
        "--log-level",
        "warning",
    ]
    if worker_class == "gthread":
        command += ["--threads", "4"]
    with open(log, "ab") as handle:
        return subprocess.Popen(  # noqa: S603
            command,
            cwd=ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop_gunicorn(process: subprocess.Popen[bytes]) -> None:
    """TERM the master (it stops its workers), then KILL the whole group if it lingers."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=15)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)


def worker_pids(master: int) -> list[int]:
    """The master's children (the workers), from /proc."""
    children = Path(f"/proc/{master}/task/{master}/children")
    with contextlib.suppress(OSError):
        return [int(pid) for pid in children.read_text().split()]
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == master:
                pids.append(int(stat.parent.name))
    return pids


def url_of(query: Query) -> str:
    from bench.search_queries import as_query_params

    return f"{PATH}?{urlencode(as_query_params(query))}"


def get(connection: http.client.HTTPConnection, url: str) -> tuple[int, bytes]:
    connection.request("GET", url, headers={"Accept": "application/json"})
    response = connection.getresponse()
    return response.status, response.read()


def wait_until_serving(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"gunicorn exited ({process.returncode}):\n{log.read_text()[-3000:]}"
            )
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            status, body = get(connection, f"{PATH}?q=%E9%94%80%E5%94%AE")
            if status == 200:
                return
            raise RuntimeError(f"{PATH} answered {status}: {body[:500]!r}")
        except OSError:
            time.sleep(0.2)
        finally:
            connection.close()
    raise RuntimeError("gunicorn did not answer within 120 s")


class Load:
    """A closed loop of client threads sharing one request counter."""

    def __init__(
        self, port: int, queries: list[Query], *, requests: int, duration: float, threads: int
    ) -> None:
        self.port = port
        self.urls = [url_of(query) for query in queries]
        self.requests = requests
        self.duration = duration
        self.threads = threads
        self.lock = threading.Lock()
        self.next = 0
        self.latencies: list[float] = []
        self.statuses: Counter[str] = Counter()
        self.examples: list[str] = []
        self.deadline = 0.0

    def _take(self) -> int | None:
        with self.lock:
            if self.next >= self.requests or time.monotonic() >= self.deadline:
                return None
            self.next += 1
            return self.next - 1

    def _client(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        samples: list[float] = []
        statuses: Counter[str] = Counter()
        try:
            while (number := self._take()) is not None:
                url = self.urls[number % len(self.urls)]
                started = time.perf_counter()
                try:
                    status, body = get(connection, url)
                except (OSError, http.client.HTTPException) as error:
                    connection.close()
                    statuses[type(error).__name__] += 1
                    self._example(f"{url}: {error!r}")
                    continue
                samples.append((time.perf_counter() - started) * 1000)
                if status == 200 and DEGRADED.search(body):
                    # Answered by the database fallback: the index is missing or outdated.
                    statuses["degraded"] += 1
                    self._example(f"{url}: degraded (the database answered, not the index)")
                    continue
                statuses[str(status)] += 1
                if status != 200:
                    self._example(f"{url}: {status} {body[:200]!r}")
        finally:
            connection.close()
            with self.lock:
                self.latencies.extend(samples)
                self.statuses.update(statuses)

    def _example(self, text: str) -> None:
        with self.lock:
            if len(self.examples) < 5:
                self.examples.append(text)

    def run(self) -> float:
        self.deadline = time.monotonic() + self.duration
        workers = [threading.Thread(target=self._client) for _ in range(self.threads)]
        started = time.perf_counter()
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        return time.perf_counter() - started

    @property
    def errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status != "200")


def prepared_directory(args: argparse.Namespace, workdir: Path) -> dict[str, str]:
    """Corpus and tantivy index in ``workdir``, reused when a kept one matches."""
    from bench.search import bench_env, prepare, read_marker, rebuild_index, write_marker

    env = bench_env(workdir)
    marker = read_marker(workdir)
    reused = (
        marker.get("jobs") == args.jobs
        and marker.get("seed") == args.seed
        and marker.get("tantivy")
        and (workdir / "search" / "current.json").is_file()
    )
    prepare(args, workdir, env)
    if reused:
        from rencai.search.backends import get_backend

        status = get_backend("tantivy").status()
        reused = status.ready
        say("  reusing the tantivy index" if reused else f"  index not usable: {status.detail}")
    if not reused:
        rebuild_index("tantivy")
        write_marker(workdir, tantivy=True)
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, required=True)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--duration", type=float, default=60.0, help="time limit, seconds")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="sync")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", metavar="DIR")
    parser.add_argument("--no-analyze", dest="analyze", action="store_false")
    parser.add_argument(
        "--answer-cache",
        type=int,
        metavar="N",
        help="SEARCH_ANSWER_CACHE of the server (0: every request is answered from scratch)",
    )
    args = parser.parse_args()
    if min(args.jobs, args.requests, args.concurrency, args.workers) < 1 or args.duration <= 0:
        parser.error("--jobs, --requests, --concurrency, --workers and --duration must be positive")
    if args.answer_cache is not None and args.answer_cache < 0:
        parser.error("--answer-cache must not be negative")
    from bench.search_queries import load

    queries, _broad = load(1000, 1)
    workdir = Path(args.keep).resolve() if args.keep else None
    if workdir is None:
        workdir = Path(tempfile.mkdtemp(prefix="rencai-bench-http-"))
    workdir.mkdir(parents=True, exist_ok=True)
    say(
        f"HTTP search benchmark: {args.jobs:,} postings, gunicorn {args.workers} "
        f"{args.worker_class} workers, {args.concurrency} client threads, at most "
        f"{args.requests:,} requests or {args.duration:.0f} s; in {workdir}"
    )
    say(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    try:
        say("\n-- corpus and index --")
        env = prepared_directory(args, workdir)
        served = server_env(env)
        if args.answer_cache is not None:
            served["SEARCH_ANSWER_CACHE"] = str(args.answer_cache)
        result = serve_and_load(args, workdir, served, queries)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(result), flush=True)


def serve_and_load(
    args: argparse.Namespace, workdir: Path, env: dict[str, str], queries: list[Query]
) -> dict[str, Any]:
    from bench.search import JUDGE_FROM, Stats, mark, rss_mb

    port = free_port()
    log = workdir / "gunicorn.log"
    say(f"\n-- gunicorn on 127.0.0.1:{port} (log {log}) --")
    server = start_gunicorn(env, port, args.workers, args.worker_class, log)
    try:
        started = time.perf_counter()
        wait_until_serving(port, server, log)
        say(f"  serving after {time.perf_counter() - started:.1f} s")
        # Warm-up: enough requests, concurrently, that every worker has opened the index.
        warm = Load(
            port,
            queries[-200:],
            requests=WARM_UP_PER_WORKER * args.workers,
            duration=120,
            threads=max(args.workers * 2, 2),
        )
        warm.run()
        say(f"  warm-up: {sum(warm.statuses.values())} requests, {warm.errors} errors")
        load = Load(
            port, queries, requests=args.requests, duration=args.duration, threads=args.concurrency
        )
        elapsed = load.run()
        workers = worker_pids(server.pid)
        memory = {pid: rss_mb(pid) for pid in workers}
        master_rss, _hwm = rss_mb(server.pid)
    finally:
        stop_gunicorn(server)
    answered = sum(load.statuses.values())
    stats = Stats.of(load.latencies)
    rps = answered / elapsed if elapsed else 0.0
    worker_rss = max((rss for rss, _hwm in memory.values()), default=0.0)
    say("\n== results ==")
    say(f"requests {answered:,} in {elapsed:.1f} s: {rps:,.1f} requests/s")
    say(f"latency  {stats.line()}")
    say(f"statuses {dict(load.statuses)}; errors {load.errors}")
    for example in load.examples:
        say(f"  error: {example}")
    for pid, (rss, hwm) in memory.items():
        say(f"worker {pid}: RSS {rss:.0f} MB (peak {hwm:.0f} MB)")
    say(f"master: RSS {master_rss:.0f} MB")
    say(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    say(f"\n== targets (PERFORMANCE.md, for 1,000,000 postings; this run: {args.jobs:,}) ==")
    judged = args.jobs >= JUDGE_FROM
    verdict = mark(rps >= TARGET_RPS) if judged else "n/a"
    say(f"throughput {rps:.0f}/s >= {TARGET_RPS:.0f}   {verdict}")
    say(f"p99 {stats.p99:.1f} ms <= {TARGET_P99:.0f}   {mark(stats.p99 <= TARGET_P99)}")
    say(f"errors {load.errors} == 0   {mark(load.errors == 0)}")
    verdict = mark(worker_rss <= TARGET_RSS_MB)
    say(f"worker RSS {worker_rss:.0f} MB <= {TARGET_RSS_MB:.0f}   {verdict}")
    return {
        "jobs": args.jobs,
        "requests": answered,
        "rps": round(rps, 1),
        "p50_ms": round(stats.p50, 3),
        "p95_ms": round(stats.p95, 3),
        "p99_ms": round(stats.p99, 3),
        "max_ms": round(stats.max, 3),
        "errors": load.errors,
        "worker_rss_mb": round(worker_rss, 1),
        "workers": args.workers,
        "worker_class": args.worker_class,
        "answer_cache": env.get("SEARCH_ANSWER_CACHE", "default"),
        "concurrency": args.concurrency,
        "seconds": round(elapsed, 2),
    }


if __name__ == "__main__":
    main()

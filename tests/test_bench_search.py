"""The search benchmarks work: ``bench/search.py`` and ``bench/http.py`` run end to end on a
small corpus and end with a JSON line of positive figures (CI proves the benchmarks run; the
figures themselves are recorded in docs/benchmarks.md, never asserted against targets here).

Each runs as a subprocess in its own throw-away directory and database, so the test database
is not touched. On the PostgreSQL leg (``DATABASE_URL=postgres://…``) the search benchmark also
measures the postgres backend, in a fresh database on the same server that it drops again.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_SECONDS = 240  # each run takes 20–60 s; the margin is for a busy CI machine
SEARCH_FIGURES = ("p50_ms", "p95_ms", "p99_ms", "max_ms", "broad_max_ms", "build_s", "index_mb")
HTTP_FIGURES = ("requests", "rps", "p50_ms", "p95_ms", "p99_ms", "worker_rss_mb")


def _on_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def _run(*args: str) -> dict[str, Any]:
    completed = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output[-4000:]
    lines = [line for line in completed.stdout.splitlines() if line.strip()]
    assert lines, output[-4000:]
    result = json.loads(lines[-1])
    assert isinstance(result, dict), lines[-1]
    return result


def _positive(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0


def test_search_benchmark_runs_and_reports_every_backend() -> None:
    backends = ["tantivy", "fts5", *(["postgres"] if _on_postgres() else [])]
    result = _run(
        "bench/search.py",
        "--jobs",
        "300",
        "--queries",
        "40",
        "--broad",
        "10",
        "--freshness",
        "1",
        "--backends",
        ",".join(backends),
    )

    assert result["jobs"] == 300
    assert sorted(result["backends"]) == sorted(backends), result.get("skipped")
    for name in backends:
        figures = result["backends"][name]
        for key in SEARCH_FIGURES:
            assert _positive(figures[key]), (name, key, figures[key])
        assert figures["p50_ms"] <= figures["p95_ms"] <= figures["p99_ms"] <= figures["max_ms"]
        assert figures["documents"] > 0
        assert figures["degraded_answers"] == 0, name
    for name in ("tantivy", *(["postgres"] if _on_postgres() else [])):
        freshness = result["backends"][name]["freshness_max_s"]
        assert _positive(freshness) and math.isfinite(freshness), (name, freshness)
    assert _positive(result["fts5_over_tantivy_p95"])
    assert _positive(result["rss_mb"])


def test_http_benchmark_serves_every_request() -> None:
    result = _run("bench/http.py", "--jobs", "300", "--requests", "100", "--duration", "20")

    assert result["jobs"] == 300
    for key in HTTP_FIGURES:
        assert _positive(result[key]), (key, result[key])
    assert result["requests"] == 100
    assert result["errors"] == 0
    assert result["answer_cache"] == "default"

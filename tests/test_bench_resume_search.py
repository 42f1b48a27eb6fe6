"""The resume search benchmark works: ``bench/resume_search.py`` runs end to end on a small
corpus (seekers, resumes with a visibility mix and hidden-company lists, a parallel index
rebuild, the seeker's rules in every query, freshness through a real Huey worker) and ends
with a JSON line of positive figures. The figures themselves are recorded in
docs/benchmarks.md, never asserted against targets here.

It runs as a subprocess in its own throw-away directory and database. On the PostgreSQL leg
it measures the postgres backend, in a fresh database on the same server that it drops
again.
"""

from __future__ import annotations

import math
import os

from tests.test_bench_search import _positive, _run

FIGURES = ("p50", "p95", "p99", "max", "mean")


def test_resume_search_benchmark_runs_and_reports_its_figures() -> None:
    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    backend = "postgres" if on_postgres else "tantivy"
    result = _run(
        "bench/resume_search.py",
        "--resumes",
        "600",
        "--jobs",
        "300",
        "--queries",
        "40",
        "--broad",
        "10",
        "--backend",
        backend,
    )

    assert (result["backend"], result["resumes"]) == (backend, 600)
    assert 0 < result["findable"] < 600  # some resumes are invisible
    assert result["employer_hidden_by"] > 0  # the searching employer's rule excludes some
    assert result["degraded"] == 0
    for key in ("build_s", "corpus_s", "index_mb"):
        assert _positive(result[key]), key
    for name in ("headline", "facets", "engine", "broad", "agency", "freshness_ms"):
        figures = result[name]
        assert all(_positive(figures[key]) for key in FIGURES), (name, figures)
        assert figures["p50"] <= figures["p95"] <= figures["p99"] <= figures["max"]
    for label, figures in result["freshness_worker_ms"].items():
        assert math.isfinite(figures["max"]) and figures["max"] >= 0, label

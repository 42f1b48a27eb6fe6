"""``manage.py generate_corpus``: a deterministic synthetic corpus for search benchmarks."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rencai.search.corpus import MAX_JOBS, CorpusError, generate_corpus


class Command(BaseCommand):
    help = (
        "Insert N published synthetic Chinese job postings (with about N/25 verified employers, "
        "each with one administrator) and M synthetic job seekers with one resume each (work "
        "history, school, skills, intention; visibility employers 45 %, public 35 %, invisible "
        "20 %; 12 % of seekers hide from some companies). The same --jobs/--resumes and --seed "
        "give the same rows, ids included; timestamps are relative to the time of generation. "
        "Rows are bulk-inserted (no actions, no index updates: run rebuild_search_index "
        "afterwards). Needs Faker (a development dependency). Writes one audit event, "
        "search.corpus_generated."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--jobs", type=int, default=0, help=f"postings to insert (0 to {MAX_JOBS:,})"
        )
        parser.add_argument(
            "--resumes", type=int, default=0, help="seekers with one resume each (0 or more)"
        )
        parser.add_argument("--seed", type=int, default=1, help="seed of the corpus (default 1)")
        parser.add_argument(
            "--quiet", action="store_true", help="print nothing (as does --verbosity 0)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        quiet: bool = options["quiet"] or options["verbosity"] == 0
        started = time.perf_counter()

        def printer(label: str) -> Callable[[int, int], None]:
            def progress(done: int, total: int) -> None:
                elapsed = max(time.perf_counter() - started, 1e-9)
                self.stdout.write(f"{label} {done:,}/{total:,}  {done / elapsed:,.0f} rows/s")

            return progress

        try:
            report = generate_corpus(
                jobs=options["jobs"],
                resumes=options["resumes"],
                seed=options["seed"],
                progress=None if quiet else printer("postings"),
                resume_progress=None if quiet else printer("resumes"),
            )
        except CorpusError as exc:
            raise CommandError(str(exc)) from exc
        if quiet:
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"seed {report.seed}: {report.jobs:,} postings, {report.organisations:,} "
                f"organisations ({report.minor_prohibited:,} postings not for minors), "
                f"{report.resumes:,} resumes ({report.resumes_findable:,} findable, "
                f"{report.seekers_hiding:,} seekers hiding from companies) in "
                f"{report.seconds:,.1f} s"
            )
        )

"""``manage.py generate_corpus``: a deterministic synthetic corpus for search benchmarks."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rencai.search.corpus import MAX_JOBS, CorpusError, generate_corpus


class Command(BaseCommand):
    help = (
        "Insert N published synthetic Chinese job postings (with about N/25 verified employers, "
        "each with one administrator) and write M synthetic resumes as JSON Lines. The same "
        "--jobs/--resumes and --seed give the same rows, ids included; timestamps are relative "
        "to the time of generation. Resumes go to --resumes-file (default: "
        "<VAR_DIR>/corpus/resumes-<seed>.jsonl), one JSON object per line with id, name, "
        "division, education, experience_years, intention {title, category, employment_type, "
        "city}, skills, expected_pay {min, max, period}, work_history [{company, title, start, "
        "end, description}] and summary. Needs Faker (a development dependency). Writes one "
        "audit event, search.corpus_generated."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--jobs", type=int, default=0, help=f"postings to insert (0 to {MAX_JOBS:,})"
        )
        parser.add_argument("--resumes", type=int, default=0, help="resumes to write (0 or more)")
        parser.add_argument("--seed", type=int, default=1, help="seed of the corpus (default 1)")
        parser.add_argument(
            "--resumes-file",
            type=Path,
            default=None,
            help="where to write the resumes (default <VAR_DIR>/corpus/resumes-<seed>.jsonl)",
        )
        parser.add_argument(
            "--quiet", action="store_true", help="print nothing (as does --verbosity 0)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        quiet: bool = options["quiet"] or options["verbosity"] == 0
        started = time.perf_counter()

        def progress(done: int, total: int) -> None:
            elapsed = max(time.perf_counter() - started, 1e-9)
            self.stdout.write(f"postings {done:,}/{total:,}  {done / elapsed:,.0f} rows/s")

        try:
            report = generate_corpus(
                jobs=options["jobs"],
                resumes=options["resumes"],
                seed=options["seed"],
                progress=None if quiet else progress,
                resumes_file=options["resumes_file"],
            )
        except CorpusError as exc:
            raise CommandError(str(exc)) from exc
        if quiet:
            return
        where = f" to {report.resumes_file}" if report.resumes_file else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"seed {report.seed}: {report.jobs:,} postings, {report.organisations:,} "
                f"organisations ({report.minor_prohibited:,} postings not for minors), "
                f"{report.resumes:,} resumes{where} in {report.seconds:,.1f} s"
            )
        )

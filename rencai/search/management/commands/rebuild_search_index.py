"""``manage.py rebuild_search_index``: rebuild the search indexes from the database: the
job index and the resume index (``--index jobs`` or ``--index resumes`` for one of them).

The new index is built beside the live one and swapped in when complete, so search keeps
working (on the old index) for the whole run. Changes made while it builds are replayed.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from rencai.core.actors import cli_actor
from rencai.search import indexing
from rencai.search.backends import get_backend, get_resume_backend
from rencai.search.backends.base import IndexUnavailable

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Rebuild the job and resume search indexes from the database without downtime."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--backend",
            choices=["tantivy", "postgres"],
            help="The backend to rebuild (default: SEARCH_BACKEND).",
        )
        parser.add_argument(
            "--index",
            choices=["all", "jobs", "resumes"],
            default="all",
            help="Which index to rebuild (default: both).",
        )
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="Processes that build documents in parallel (e.g. the number of cores).",
        )
        parser.add_argument(
            "--if-needed",
            action="store_true",
            help="Only if the index is missing, unreadable or built with another dictionary.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        backend = options["backend"] or settings.SEARCH_BACKEND
        if backend == "postgres" and not _is_postgres():
            raise CommandError(_("The postgres search backend needs a PostgreSQL database."))
        workers = options["workers"]
        if not 1 <= workers <= 64:
            raise CommandError(_("--workers must be between 1 and 64."))
        which = options["index"]
        if which in ("all", "jobs"):
            if options["if_needed"] and get_backend(backend).status().ready:
                self.stdout.write(_("The %(backend)s index is up to date.") % {"backend": backend})
            else:
                self._rebuild_jobs(backend, workers, quiet=bool(options["quiet"]))
        if which in ("all", "resumes"):
            if options["if_needed"] and get_resume_backend(backend).status().ready:
                self.stdout.write(
                    _("The %(backend)s resume index is up to date.") % {"backend": backend}
                )
            else:
                self._rebuild_resumes(backend, workers, quiet=bool(options["quiet"]))
        sys.stdout.flush()

    def _progress(self, *, quiet: bool) -> Callable[[int, int], None]:
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            if quiet:
                return
            share = done / total if total else 1.0
            filled = int(share * BAR_WIDTH)
            rate = done / max(time.monotonic() - started, 1e-6)
            bar = "█" * filled + "░" * (BAR_WIDTH - filled)
            self.stdout.write(f"\r{bar} {share:6.1%}  {done:,}/{total:,}  {rate:,.0f}/s", ending="")
            self.stdout.flush()

        return progress

    def _run(
        self,
        rebuild: Callable[..., indexing.RebuildReport],
        backend: str,
        workers: int,
        *,
        quiet: bool,
    ) -> indexing.RebuildReport:
        """Run ``indexing.rebuild`` or ``indexing.rebuild_resumes`` with a progress bar; an
        unavailable index is a command error."""
        progress = self._progress(quiet=quiet)
        try:
            report = rebuild(
                backend_name=backend,
                progress=progress,
                actor=cli_actor(),
                reason="command",
                workers=workers,
            )
        except IndexUnavailable as error:
            message = _("The index could not be rebuilt: %(error)s") % {"error": error}
            raise CommandError(message) from error
        if not quiet:
            self.stdout.write("")
        return report

    def _rebuild_jobs(self, backend: str, workers: int, *, quiet: bool) -> None:
        report = self._run(indexing.rebuild, backend, workers, quiet=quiet)
        self.stdout.write(
            _(
                "Rebuilt the %(backend)s index: %(documents)s postings in %(seconds).1f s, "
                "%(replayed)s changes made meanwhile replayed."
            )
            % {
                "backend": report.backend,
                "documents": f"{report.documents:,}",
                "seconds": report.seconds,
                "replayed": report.replayed,
            }
        )

    def _rebuild_resumes(self, backend: str, workers: int, *, quiet: bool) -> None:
        report = self._run(indexing.rebuild_resumes, backend, workers, quiet=quiet)
        self.stdout.write(
            _(
                "Rebuilt the %(backend)s resume index: %(documents)s resumes in "
                "%(seconds).1f s, %(replayed)s changes made meanwhile replayed."
            )
            % {
                "backend": backend,
                "documents": f"{report.documents:,}",
                "seconds": report.seconds,
                "replayed": report.replayed,
            }
        )


def _is_postgres() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"

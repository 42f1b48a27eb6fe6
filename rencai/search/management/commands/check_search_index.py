"""``manage.py check_search_index``: compare a search index with the database.

Lists postings (``--index resumes``: resumes) that are public (findable) but missing from the
index, indexed but no longer public (findable), and indexed with outdated content.
``--repair`` fixes them; the exit status is 1 when the index was inconsistent and not
repaired (for monitoring).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from rencai.core.actors import cli_actor
from rencai.search import indexing
from rencai.search.backends import get_backend, get_resume_backend
from rencai.search.backends.base import IndexUnavailable

SHOWN = 10


class Command(BaseCommand):
    help = "Compare a search index with the database (and optionally repair it)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--backend",
            choices=["tantivy", "postgres"],
            help="The backend to check (default: SEARCH_BACKEND).",
        )
        parser.add_argument(
            "--index",
            choices=["jobs", "resumes"],
            default="jobs",
            help="Which index to check (default: the job index).",
        )
        parser.add_argument("--repair", action="store_true", help="Fix what is found.")

    def handle(self, *args: Any, **options: Any) -> None:
        backend = options["backend"] or settings.SEARCH_BACKEND
        resumes = options["index"] == "resumes"
        status = (get_resume_backend(backend) if resumes else get_backend(backend)).status()
        if not status.ready:
            raise CommandError(
                _("The %(backend)s index is not usable: %(detail)s. Run rebuild_search_index.")
                % {"backend": backend, "detail": status.detail}
            )
        try:
            report = (
                indexing.check_resumes(backend_name=backend)
                if resumes
                else indexing.check(backend_name=backend)
            )
        except IndexUnavailable as error:
            raise CommandError(str(error)) from error
        headline = (
            _(
                "%(backend)s resume index (dictionary %(version)s): "
                "%(indexed)s indexed, %(expected)s findable"
            )
            if resumes
            else _(
                "%(backend)s index (dictionary %(version)s): "
                "%(indexed)s indexed, %(expected)s public"
            )
        )
        self.stdout.write(
            headline
            % {
                "backend": backend,
                "version": status.dictionary_version,
                "indexed": f"{report.indexed:,}",
                "expected": f"{report.expected:,}",
            }
        )
        for label, ids in (
            (_("missing from the index"), report.missing),
            (
                _("indexed but not findable") if resumes else _("indexed but not public"),
                report.extra,
            ),
            (_("indexed with outdated content"), report.stale),
        ):
            if ids:
                shown = ", ".join(ids[:SHOWN]) + (" …" if len(ids) > SHOWN else "")
                self.stdout.write(f"  {len(ids):,} {label}: {shown}")
        if report.consistent:
            self.stdout.write(self.style.SUCCESS(_("The index matches the database.")))
            return
        if options["repair"] and resumes:
            touched = indexing.repair_resumes(report, backend_name=backend, actor=cli_actor())
            self.stdout.write(
                self.style.SUCCESS(_("Repaired %(count)s resumes.") % {"count": touched})
            )
            return
        if options["repair"]:
            touched = indexing.repair(report, backend_name=backend, actor=cli_actor())
            self.stdout.write(
                self.style.SUCCESS(_("Repaired %(count)s postings.") % {"count": touched})
            )
            return
        raise CommandError(_("The index differs from the database; run with --repair."))

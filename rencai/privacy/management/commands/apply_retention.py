"""``manage.py apply_retention [--dry-run] [--rule CATEGORY]``: apply the retention rules
now (the daily Huey task does the same) and print the report. Exit code 2 on bad
arguments, with a message (no traceback)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rencai.core.actors import cli_actor
from rencai.privacy.models import RetentionRule
from rencai.privacy.retention import format_report, run_retention


class Command(BaseCommand):
    help = "Apply the retention rules (RET-01…RET-07) and print the report."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Change nothing; report what would be deleted, anonymised or purged.",
        )
        parser.add_argument(
            "--rule",
            action="append",
            dest="rules",
            metavar="CATEGORY",
            help="Apply only this rule's category (repeatable), e.g. security_log.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        categories: list[str] | None = options.get("rules")
        if categories:
            enabled = set(
                RetentionRule.objects.filter(enabled=True).values_list("category", flat=True)
            )
            unknown = sorted(set(categories) - enabled)
            if unknown:
                raise CommandError(
                    f"no enabled retention rule for: {', '.join(unknown)} "
                    f"(known: {', '.join(sorted(enabled))})",
                    returncode=2,
                )
        run = run_retention(
            actor=cli_actor(), dry_run=bool(options.get("dry_run")), categories=categories
        )
        for line in format_report(run):
            self.stdout.write(line)
        if run.status != "finished":
            raise CommandError(f"retention run {run.pk} failed; see the log", returncode=1)

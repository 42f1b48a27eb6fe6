"""``manage.py assess_risk [--dry-run]``: assess live postings and active accounts again
(the Huey task does the same every 30 minutes) and print every score that changed.
``--dry-run`` prints what would change and writes nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from rencai.core.actors import cli_actor
from rencai.risk.scores import recompute


class Command(BaseCommand):
    help = "Recompute the risk scores of live postings and active accounts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the changes without writing them."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = bool(options["dry_run"])
        changed = recompute(dry_run=dry_run, actor=cli_actor())
        for outcome in changed:
            previous = "-" if outcome.previous is None else str(outcome.previous)
            codes = ",".join(signal.code for signal in outcome.signals) or "-"
            self.stdout.write(
                f"{outcome.kind} {outcome.subject.pk} {previous} -> {outcome.score} "
                f"{outcome.level} [{codes}]"
            )
        prefix = "dry run: " if dry_run else ""
        self.stdout.write(f"{prefix}{len(changed)} risk scores changed")

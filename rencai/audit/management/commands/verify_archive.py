"""``manage.py verify_archive``: exit 1 and name the first problem if the restricted
archive was tampered with (RET-01)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rencai.audit.archive_verify import run_verification
from rencai.core.actors import cli_actor


class Command(BaseCommand):
    help = (
        "Verify the hash chain of the restricted archive; fails on a changed payload, a "
        "changed, deleted or reordered row, or a chain head that does not match."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args: Any, **options: Any) -> None:
        report = run_verification(actor=cli_actor(), batch_size=max(options["batch_size"], 1))
        if not report.ok:
            raise CommandError(
                f"archive chain broken at record #{report.broken_at}: {report.problem} "
                f"({report.checked} records verified before it)"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"archive intact: {report.checked} records ({report.purged} purged at expiry)"
            )
        )

"""``manage.py run_org_clock``: run the nightly re-verification pass now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from rencai.core.actors import cli_actor
from rencai.orgs.actions import run_org_clock


class Command(BaseCommand):
    help = "Warn, flag and suspend organisations by the re-verification and notice clocks."

    def handle(self, *args: Any, **options: Any) -> None:
        report = run_org_clock(actor=cli_actor())
        self.stdout.write(
            f"warned {len(report.warned)}, flagged {len(report.flagged)}, "
            f"noticed {len(report.noticed)}, suspended {len(report.suspended)}"
        )

"""``manage.py run_compliance_calendar``: run the daily compliance-calendar pass now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from rencai.core.actors import cli_actor
from rencai.core.compliance import run_compliance_calendar


class Command(BaseCommand):
    help = "Flag overdue registration-change reports and remind the security administrators."

    def handle(self, *args: Any, **options: Any) -> None:
        run = run_compliance_calendar(actor=cli_actor())
        self.stdout.write(
            f"overdue {run.overdue} (newly {len(run.newly_overdue)}), "
            f"due soon {run.due_soon}, notifications {run.notified}"
        )

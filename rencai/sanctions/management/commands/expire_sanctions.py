"""``manage.py expire_sanctions``: end the sanctions whose period is over (the Huey task
does the same every 10 minutes) and print how many ended."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from rencai.core.actors import cli_actor
from rencai.sanctions.actions import expire_sanctions


class Command(BaseCommand):
    help = "End the sanctions whose period is over."

    def handle(self, *args: Any, **options: Any) -> None:
        count = expire_sanctions(actor=cli_actor())
        self.stdout.write(f"{count} sanctions ended")

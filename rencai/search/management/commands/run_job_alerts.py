"""``manage.py run_job_alerts --frequency instant|daily``: send saved-search alerts now.

The same run the Huey schedule starts (instant every 5 minutes, daily at 08:00 Beijing
time); useful after an outage or on a machine without the worker. Running it twice in a
row sends nothing the second time: each search's window has moved on.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from rencai.core.actors import cli_actor
from rencai.search.alerts import ALERT_FREQUENCIES, run_alerts


class Command(BaseCommand):
    help = "Send the job alerts of saved searches with the given frequency."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--frequency",
            required=True,
            choices=[str(frequency) for frequency in ALERT_FREQUENCIES],
            help="Which alerts to send: instant or daily.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = run_alerts(options["frequency"], actor=cli_actor())
        self.stdout.write(
            _(
                "%(frequency)s alerts: %(checked)s saved searches checked, %(sent)s alerts "
                "sent (%(emailed)s by e-mail) about %(postings)s postings, %(skipped)s "
                "skipped, %(failed)s failed."
            )
            % {
                "frequency": report.frequency,
                "checked": report.checked,
                "sent": report.sent,
                "emailed": report.emailed,
                "postings": report.postings,
                "skipped": report.skipped,
                "failed": report.failed,
            }
        )
        if report.failed:
            self.stderr.write(_("Some alerts failed; see the log for details."))

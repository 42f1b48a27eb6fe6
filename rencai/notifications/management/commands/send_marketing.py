"""``manage.py send_marketing``: send the general promotional message ``marketing.news`` to
everyone who consented to promotional e-mails and/or text messages (PI-11).

Only people whose marketing consent for the channel is granted and who are 18 or over get
it; every message names the sender and carries a one-step unsubscribe link. ``--dry-run``
counts the recipients without sending.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rencai.core.actors import cli_actor
from rencai.notifications.actions import NotificationParamsError
from rencai.notifications.marketing import send_campaign
from rencai.notifications.notices import NEWS


class Command(BaseCommand):
    help = "Send a promotional message to everyone who consented to it (PI-11)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--headline", required=True, help="Short title (≤ 200 characters).")
        parser.add_argument("--text", required=True, help="The message (≤ 200 characters).")
        parser.add_argument("--url", default="", help="A path on this site to link to.")
        parser.add_argument("--email", action="store_true", help="Send by e-mail.")
        parser.add_argument("--sms", action="store_true", help="Send by text message.")
        parser.add_argument("--dry-run", action="store_true", help="Only count recipients.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not (options["email"] or options["sms"]):
            raise CommandError("Choose --email and/or --sms.")
        try:
            report = send_campaign(
                NEWS,
                params={"headline": options["headline"], "text": options["text"]},
                url=options["url"],
                sms=options["sms"],
                email=options["email"],
                dry_run=options["dry_run"],
                actor=cli_actor(),
            )
        except NotificationParamsError as error:
            raise CommandError(str(error)) from error
        if options["dry_run"]:
            self.stdout.write(f"{report.candidates} people consented; nothing sent (dry run).")
        else:
            self.stdout.write(
                f"{report.candidates} people consented; sent {report.email} e-mails "
                f"and {report.sms} text messages."
            )

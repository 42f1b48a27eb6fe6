"""``manage.py email_outbox``: print the latest sandbox e-mails (codes and links included)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from rencai.providers.email.base import address_index_candidates, normalise_address
from rencai.providers.models import SandboxEmailMessage
from rencai.providers.registry import is_sandbox


class Command(BaseCommand):
    help = "Show the latest e-mails stored by the sandbox e-mail backend."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--to", default="", help="only e-mails to this address")
        parser.add_argument("--limit", type=int, default=10, help="how many (1-200, default 10)")

    def handle(self, *args: Any, **options: Any) -> None:
        if not is_sandbox("email"):
            raise CommandError("EMAIL_PROVIDER is not 'sandbox': e-mails are sent, not stored.")
        limit = options["limit"]
        if not 1 <= limit <= 200:
            raise CommandError("--limit must be between 1 and 200")
        queryset = SandboxEmailMessage.objects.order_by("-created_at")
        if options["to"]:
            address = normalise_address(options["to"])
            queryset = queryset.filter(address_index__in=address_index_candidates(address))
        rows = list(queryset[:limit])
        if not rows:
            self.stdout.write("no e-mails")
            return
        for message in rows:
            when = timezone.localtime(message.created_at).strftime("%Y-%m-%d %H:%M:%S")
            self.stdout.write(f"{when}  {message.address}  {message.subject}")
            for line in message.text.splitlines():
                self.stdout.write(f"    {line}")

"""``manage.py sms_outbox``: print the latest sandbox text messages (codes included)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from rencai.core.errors import DomainError
from rencai.core.phones import national_digits, normalise_mobile, phone_index_candidates
from rencai.providers.models import SandboxSmsMessage
from rencai.providers.registry import is_sandbox


class Command(BaseCommand):
    help = "Show the latest text messages stored by the sandbox SMS backend."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--phone", default="", help="only messages to this mobile number")
        parser.add_argument("--limit", type=int, default=10, help="how many (1-200, default 10)")

    def handle(self, *args: Any, **options: Any) -> None:
        if not is_sandbox("sms"):
            raise CommandError("SMS_PROVIDER is not 'sandbox': messages are sent, not stored.")
        limit = options["limit"]
        if not 1 <= limit <= 200:
            raise CommandError("--limit must be between 1 and 200")
        queryset = SandboxSmsMessage.objects.order_by("-created_at")
        if options["phone"]:
            try:
                phone = normalise_mobile(options["phone"])
            except DomainError as exc:
                raise CommandError(str(exc.message)) from exc
            queryset = queryset.filter(phone_index__in=phone_index_candidates(phone))
        rows = list(queryset[:limit])
        if not rows:
            self.stdout.write("no messages")
            return
        for message in rows:
            when = timezone.localtime(message.created_at).strftime("%Y-%m-%d %H:%M:%S")
            self.stdout.write(f"{when}  {national_digits(message.phone)}  {message.text}")

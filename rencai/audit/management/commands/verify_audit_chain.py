"""``manage.py verify_audit_chain``: exit 1 and name the first broken event if tampered."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from rencai.audit.verify import verify_chain


class Command(BaseCommand):
    help = "Verify the hash chain of the audit trail; fails on a modified or deleted event."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if not report.ok:
            raise CommandError(
                f"audit chain broken at event #{report.broken_at}: {report.problem} "
                f"({report.checked} events verified before it)"
            )
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {report.checked} events"))

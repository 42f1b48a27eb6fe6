"""Offline e-mail backend: messages are stored in the database instead of being sent."""

from __future__ import annotations

from rencai.providers.email.base import EmailMessage, EmailReceipt
from rencai.providers.models import SandboxEmailMessage


class SandboxEmailProvider:
    """Stores each message in ``SandboxEmailMessage``; read them at ``/dev/outbox/`` (DEBUG)
    or with ``manage.py email_outbox``."""

    name = "sandbox"

    def send(self, message: EmailMessage) -> EmailReceipt:
        stored = SandboxEmailMessage.store(message)
        return EmailReceipt(provider=self.name, reference=str(stored.pk))

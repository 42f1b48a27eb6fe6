"""Offline SMS backend: messages are stored in the database instead of being sent."""

from __future__ import annotations

from rencai.providers.models import SandboxSmsMessage
from rencai.providers.sms.base import SmsMessage, SmsReceipt


class SandboxSmsProvider:
    """Stores each message in ``SandboxSmsMessage``; read them at ``/dev/outbox/`` (DEBUG) or
    with ``manage.py sms_outbox``."""

    name = "sandbox"

    def send(self, message: SmsMessage) -> SmsReceipt:
        stored = SandboxSmsMessage.store(message)
        return SmsReceipt(provider=self.name, reference=str(stored.pk))

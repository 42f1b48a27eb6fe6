"""E-mail through Django's mail framework: SMTP or any other ``EMAIL_BACKEND`` is
configuration (``EMAIL_HOST``, ``EMAIL_PORT``, ``EMAIL_USE_TLS``, ``DEFAULT_FROM_EMAIL``…)."""

from __future__ import annotations

import smtplib
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMessage as DjangoEmailMessage

from rencai.providers.email.base import EmailDeliveryError, EmailMessage, EmailReceipt


class DjangoMailProvider:
    """Sends through ``django.core.mail`` from ``DEFAULT_FROM_EMAIL``; the receipt's reference
    is the message's ``Message-ID``."""

    name = "django"

    def send(self, message: EmailMessage) -> EmailReceipt:
        message_id = make_msgid(domain=_sender_domain())
        mail = DjangoEmailMessage(
            subject=message.subject,
            body=message.text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to],
            headers={**dict(message.headers), "Message-ID": message_id},
        )
        try:
            sent = mail.send(fail_silently=False)
        except (smtplib.SMTPException, OSError) as exc:
            # Only the error's class name: SMTP errors quote the recipient's address, and
            # the task runner logs the exception with its chain (GOV-05).
            raise EmailDeliveryError(type(exc).__name__) from None
        if sent != 1:
            raise EmailDeliveryError("the mail backend did not accept the message")
        return EmailReceipt(provider=self.name, reference=message_id)


def _sender_domain() -> str:
    """The domain of ``DEFAULT_FROM_EMAIL`` (``rencai <noreply@x.example>`` → ``x.example``)."""
    address = str(settings.DEFAULT_FROM_EMAIL).rstrip(">")
    return address.rpartition("@")[2] or "localhost"

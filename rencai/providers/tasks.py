"""Background delivery through outside services (Huey tasks, queued after commit)."""

from __future__ import annotations

import logging

from huey.contrib.djhuey import task

from rencai.providers.email.base import ALLOWED_HEADERS, EmailDeliveryError, EmailMessage
from rencai.providers.registry import provider
from rencai.providers.sms.base import SmsDeliveryError, SmsMessage

logger = logging.getLogger(__name__)


@task(retries=3, retry_delay=10)  # type: ignore[untyped-decorator]
def deliver_sms(phone: str, template: str, text: str, params: dict[str, str]) -> str:
    """Send one SMS through the configured gateway; retried on delivery errors.

    The log line names the template only: numbers and codes never reach logs (GOV-05).
    """
    try:
        receipt = provider("sms").send(SmsMessage(phone, template, text, params))
    except SmsDeliveryError:
        logger.warning("sms delivery failed for template %s; will retry", template)
        raise
    logger.info("sms sent: template=%s provider=%s", template, receipt.provider)
    return str(receipt.reference)


@task(retries=3, retry_delay=10)  # type: ignore[untyped-decorator]
def deliver_email(to: str, subject: str, text: str, headers: dict[str, str] | None = None) -> str:
    """Send one e-mail through the configured backend; retried on delivery errors.

    Logs name the backend only: addresses and texts never reach logs (GOV-05).
    """
    try:
        extra = tuple(
            (name, value) for name, value in (headers or {}).items() if name in ALLOWED_HEADERS
        )
        receipt = provider("email").send(EmailMessage(to, subject, text, extra))
    except EmailDeliveryError:
        logger.warning("e-mail delivery failed; will retry")
        raise
    logger.info("e-mail sent: provider=%s", receipt.provider)
    return str(receipt.reference)

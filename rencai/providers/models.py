"""Storage of the sandbox backends."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from rencai.core.fields import EncryptedTextField
from rencai.core.models import BaseModel
from rencai.core.phones import phone_index
from rencai.providers.email import base as email_base
from rencai.providers.sms.base import SmsMessage


class SandboxSmsMessage(BaseModel):
    """A text message the sandbox SMS backend "sent": kept for developers and tests."""

    phone = EncryptedTextField(
        _("phone"), blind_index_field="phone_index", blind_index_context="phone"
    )
    phone_index = models.CharField(max_length=64, db_index=True)
    template = models.CharField(_("template"), max_length=64)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("sandbox text message")
        verbose_name_plural = _("sandbox text messages")

    def __str__(self) -> str:
        return f"{self.template} @ {self.created_at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def store(cls, message: SmsMessage) -> SandboxSmsMessage:
        """Keep ``message`` as the sandbox's record of delivery."""
        return cls.objects.create(
            phone=message.phone,
            phone_index=phone_index(message.phone),
            template=message.template,
            text=message.text,
        )


class SandboxEmailMessage(BaseModel):
    """An e-mail the sandbox e-mail backend "sent": kept for developers and tests.

    The address is stored normalised (trimmed, lower case) so that its blind index can be
    recomputed from it when keys rotate.
    """

    address = EncryptedTextField(
        _("address"),
        blind_index_field="address_index",
        blind_index_context=email_base.ADDRESS_INDEX_CONTEXT,
    )
    address_index = models.CharField(max_length=64, db_index=True)
    subject = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("text"))
    headers = models.JSONField(_("extra headers"), default=dict, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("sandbox e-mail")
        verbose_name_plural = _("sandbox e-mails")

    def __str__(self) -> str:
        return f"{self.subject} @ {self.created_at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def store(cls, message: email_base.EmailMessage) -> SandboxEmailMessage:
        """Keep ``message`` as the sandbox's record of delivery."""
        address = email_base.normalise_address(message.to)
        return cls.objects.create(
            address=address,
            address_index=email_base.address_index(address),
            subject=message.subject[:200],
            text=message.text,
            headers=dict(message.headers),
        )

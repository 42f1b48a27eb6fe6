"""Notifications shown in the site (and the record of which other channels were used)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rencai.core.models import BaseModel
from rencai.notifications.categories import Category
from rencai.notifications.kinds import display_texts


class Notification(BaseModel):
    """One message to one person, created by ``rencai.notifications.actions.notify``.

    Only the kind's key and short string ``params`` are stored, never rendered text, so the
    title and body are rendered when read, in the reader's language. ``params`` never hold
    personal data (phone or ID numbers, e-mail addresses). ``channels`` lists where it was
    sent: ``site`` always, ``sms``/``email`` when a message was queued. A non-empty
    ``dedupe_key`` is unique per recipient ("warn once, 30 days before").

    ``category`` is the kind's category when it was sent (the centre filters on it).
    ``in_site`` is false when the recipient switched the in-site channel of that category
    off: the row then only records what was sent elsewhere (and keeps ``dedupe_key``
    working); it is never listed or counted, and is stored as read.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=64)
    category = models.CharField(
        _("category"), max_length=16, choices=Category.choices, default=Category.OTHER
    )
    in_site = models.BooleanField(_("shown in the site"), default=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    dedupe_key = models.CharField(_("deduplication key"), max_length=100, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(
                fields=["recipient", "read_at", "created_at"],
                name="notif_recipient_read_created",
            ),
            models.Index(
                fields=["recipient", "category", "created_at"],
                name="notif_recipient_cat_created",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notifications_unique_dedupe_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def title(self) -> str:
        """The title in the active language."""
        return display_texts(self.kind, self.params)[0]

    @property
    def body(self) -> str:
        """The body in the active language."""
        return display_texts(self.kind, self.params)[1]


class NotificationPreference(BaseModel):
    """What one person chose for one category: which channels they receive.

    Written only by ``rencai.notifications.actions.set_preferences``. A person without a row
    for a category gets ``categories.DEFAULTS``. There is no row for the marketing
    category: its e-mail and SMS switches are the consents in the privacy ledger.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    site = models.BooleanField(_("in the site"))
    email = models.BooleanField(_("by e-mail"))
    sms = models.BooleanField(_("by text message"))

    class Meta:
        ordering = ("category",)
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "category"], name="notification_preference_unique_category"
            ),
            models.CheckConstraint(
                condition=~Q(category=Category.MARKETING),
                name="notification_preference_not_marketing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} for {self.user_id}"

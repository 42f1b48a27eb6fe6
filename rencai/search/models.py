"""Saved searches of job seekers and the job alerts they subscribe to.

The search index itself has no models: it is derived data (``rencai.search.backends``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rencai.core.models import BaseModel

SAVED_SEARCH_NAME_MAX_LENGTH = 60
SAVED_SEARCH_QUERY_MAX_LENGTH = 2000


class AlertFrequency(models.TextChoices):
    """How often a saved search is checked for new postings."""

    INSTANT = "instant", pgettext_lazy("alert frequency", "As soon as possible")
    DAILY = "daily", pgettext_lazy("alert frequency", "Once a day")
    OFF = "off", pgettext_lazy("alert frequency", "Off")


class SavedSearch(BaseModel):
    """A job search a seeker saved, and the alert that tells them about new postings.

    ``query`` is the canonical query string of the search
    (``SearchParams.query_string(paging=False)``), so one search is saved once per person.
    Alerts are always in-site; ``by_email`` adds an e-mail when the person has an address.
    ``last_checked_at`` is a whole second: the alert has covered every posting published
    before it, and the next run looks at postings published from it on.
    ``unsubscribed_at`` records the one-click unsubscribe from an alert (which also turns
    ``frequency`` off); choosing a frequency again clears it.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_searches",
        verbose_name=_("owner"),
    )
    name = models.CharField(_("name"), max_length=SAVED_SEARCH_NAME_MAX_LENGTH)
    query = models.CharField(_("search"), max_length=SAVED_SEARCH_QUERY_MAX_LENGTH)
    frequency = models.CharField(
        _("alert frequency"),
        max_length=16,
        choices=AlertFrequency.choices,
        default=AlertFrequency.DAILY,
    )
    by_email = models.BooleanField(_("also by e-mail"), default=False)
    last_checked_at = models.DateTimeField(_("last checked at"))
    last_sent_at = models.DateTimeField(_("last alert sent at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "query"], name="search_saved_search_once_per_owner"
            )
        ]
        indexes = [models.Index(fields=["frequency", "last_checked_at"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        """Whether alerts are sent for this search."""
        return self.frequency != AlertFrequency.OFF and self.unsubscribed_at is None

    @property
    def channels(self) -> list[str]:
        """Where alerts go: always ``site``, plus ``email`` when chosen."""
        return ["site", "email"] if self.by_email else ["site"]

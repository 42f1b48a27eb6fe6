from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvidersConfig(AppConfig):
    name = "rencai.providers"
    label = "providers"
    verbose_name = _("Outside services")

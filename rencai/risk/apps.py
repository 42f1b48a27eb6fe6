from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    name = "rencai.risk"
    label = "risk"
    verbose_name = _("Risk signals")

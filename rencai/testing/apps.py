from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TestingConfig(AppConfig):
    name = "rencai.testing"
    label = "testing"
    verbose_name = _("Testing and demo data")

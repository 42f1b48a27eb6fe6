from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "rencai.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from rencai.core import compliance_notices

        compliance_notices.register_kinds()

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    name = "rencai.inspection"
    label = "inspection"
    verbose_name = _("Regulator inspection")

    def ready(self) -> None:
        from rencai.inspection import notices
        from rencai.inspection.builtin_datasets import register_builtin
        from rencai.inspection.credit import register_credit

        register_builtin()
        register_credit()
        notices.register_all()

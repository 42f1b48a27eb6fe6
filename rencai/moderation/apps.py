from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "rencai.moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        from rencai.moderation import inspection_datasets, report_notices

        report_notices.register_kinds()
        inspection_datasets.register_datasets()

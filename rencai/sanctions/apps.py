from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SanctionsConfig(AppConfig):
    name = "rencai.sanctions"
    label = "sanctions"
    verbose_name = _("Sanctions and appeals")

    def ready(self) -> None:
        from rencai.sanctions import (  # noqa: F401 - registers kinds and tasks
            inspection_datasets,
            notices,
            tasks,
        )

        notices.register_kinds()
        inspection_datasets.register_datasets()

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "rencai.orgs"
    label = "orgs"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from rencai.orgs import handover, notices  # noqa: F401 - registers handlers

        notices.register_kinds()

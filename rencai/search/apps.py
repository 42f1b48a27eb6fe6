from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "rencai.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from rencai.search import notices

        notices.register_kinds()

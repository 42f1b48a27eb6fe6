from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "rencai.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        from rencai.privacy import export_notices, governance_notices, request_notices

        request_notices.register_kinds()
        export_notices.register_kinds()
        governance_notices.register_kinds()

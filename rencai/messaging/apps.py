from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "rencai.messaging"
    label = "messaging"
    verbose_name = _("Interviews and messages")

    def ready(self) -> None:
        from rencai.messaging import notices, tasks  # noqa: F401 - registers kinds and tasks

        notices.register_kinds()

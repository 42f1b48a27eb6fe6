from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "rencai.jobs"
    label = "jobs"
    verbose_name = _("Job postings")

    def ready(self) -> None:
        from rencai.jobs.handover import PostingsHandler
        from rencai.orgs.handover import register_handover

        register_handover(PostingsHandler())

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "rencai.reviews"
    label = "reviews"
    verbose_name = _("Reviews and ratings")

    def ready(self) -> None:
        from rencai.reviews import notices

        notices.register_kinds()

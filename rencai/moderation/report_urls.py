"""The complaints and reports pages (HTML): reporting, the reporter's status page, the trust and safety queue. Included at "" by ``rencai/urls.py``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "moderation_reports"

urlpatterns: list[URLPattern | URLResolver] = []

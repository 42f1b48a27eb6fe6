"""The regulator's read-only inspection pages (HTML). Included at "" by ``rencai/urls.py``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "inspection"

urlpatterns: list[URLPattern | URLResolver] = []

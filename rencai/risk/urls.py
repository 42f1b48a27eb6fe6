"""Risk signals for operators (HTML). Included at "" by ``rencai/urls.py``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "risk"

urlpatterns: list[URLPattern | URLResolver] = []

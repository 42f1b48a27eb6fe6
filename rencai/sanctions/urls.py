"""Sanctions, notices and appeals (HTML). Included at "" by ``rencai/urls.py``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "sanctions"

urlpatterns: list[URLPattern | URLResolver] = []

"""The abnormal-list pages (HTML). Included at "" by ``rencai/urls.py``."""

from __future__ import annotations

from django.urls import path

from rencai.moderation import views

app_name = "moderation"

urlpatterns = [
    path("ops/abnormal-list/", views.abnormal_list_view, name="abnormal_list"),
    path("ops/abnormal-list/<uuid:entry_id>/lift/", views.lift_view, name="lift"),
]

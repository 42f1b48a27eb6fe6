"""Risk signals for operators (HTML). Included at "" by ``rencai/urls.py``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from rencai.risk import views

app_name = "risk"

urlpatterns: list[URLPattern | URLResolver] = [
    path("ops/risk/", views.queue_view, name="queue"),
    path("ops/risk/<uuid:assessment_id>/", views.detail_view, name="detail"),
    path("ops/risk/<uuid:assessment_id>/review/", views.review_view, name="review"),
]

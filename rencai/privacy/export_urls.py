"""URL patterns of the privacy app: copies of one's data (helper B, PI-12)."""

from __future__ import annotations

from django.urls import URLPattern, path

from rencai.privacy import export_views

urlpatterns: list[URLPattern] = [
    path("account/privacy/exports/", export_views.exports_view, name="exports"),
    path("account/privacy/exports/new/", export_views.export_new_view, name="export_new"),
    path(
        "account/privacy/exports/<uuid:export_id>/status/",
        export_views.export_status_view,
        name="export_status",
    ),
    path(
        "account/privacy/exports/<uuid:export_id>/download/",
        export_views.export_download_view,
        name="export_download",
    ),
]

"""URL patterns of the privacy app: operator governance pages (helper D)."""

from __future__ import annotations

from django.urls import URLPattern, path

from rencai.privacy import ops_views

urlpatterns: list[URLPattern] = [
    path("ops/privacy/retention/", ops_views.retention_view, name="ops_retention"),
    path(
        "ops/privacy/retention/runs/<uuid:run_id>/",
        ops_views.retention_run_view,
        name="ops_retention_run",
    ),
    path(
        "ops/privacy/self-inspections/",
        ops_views.self_inspections_view,
        name="ops_self_inspections",
    ),
    path(
        "ops/privacy/self-inspections/<int:year>/",
        ops_views.self_inspection_view,
        name="ops_self_inspection",
    ),
    path("ops/privacy/bulk-exports/", ops_views.bulk_exports_view, name="ops_bulk_exports"),
    path(
        "ops/privacy/bulk-exports/<uuid:export_id>/download/",
        ops_views.bulk_export_download_view,
        name="ops_bulk_export_download",
    ),
    path("ops/privacy/pi-access/", ops_views.pi_access_view, name="ops_pi_access"),
]

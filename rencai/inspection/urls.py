"""The regulator's inspection pages (HTML). Included at "" by ``rencai/urls.py``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from rencai.inspection import credit_views, views

app_name = "inspection"

urlpatterns: list[URLPattern | URLResolver] = [
    path("regulator/", views.index_view, name="index"),
    path("regulator/access-log/", views.access_log_view, name="access_log"),
    path("regulator/archive/verify/", views.archive_verify_view, name="archive_verify"),
    path("regulator/organisations/<uuid:org_id>/", views.dossier_view, name="dossier"),
    path("regulator/files/<uuid:request_id>/", views.file_view, name="file"),
    path("regulator/datasets/<slug:key>/", views.dataset_view, name="dataset"),
    path("regulator/datasets/<slug:key>/export", views.export_view, name="export"),
    path("regulator/credit/", credit_views.credit_list_view, name="credit"),
    path("regulator/risk-warnings/", credit_views.risk_warnings_view, name="risk_warnings"),
    path("regulator/annual-report/", credit_views.annual_report_view, name="annual_report"),
    path(
        "regulator/annual-report/download",
        credit_views.annual_report_download_view,
        name="annual_report_download",
    ),
]

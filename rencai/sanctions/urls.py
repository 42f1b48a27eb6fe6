"""Sanctions, notices and appeals (HTML). Included at "" by ``rencai/urls.py``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from rencai.sanctions import views

app_name = "sanctions"

urlpatterns: list[URLPattern | URLResolver] = [
    path("account/sanctions/", views.mine_view, name="mine"),
    path("account/sanctions/<uuid:sanction_id>/", views.mine_detail_view, name="mine_detail"),
    path(
        "account/sanctions/<uuid:sanction_id>/acknowledge/",
        views.acknowledge_view,
        name="mine_acknowledge",
    ),
    path("account/sanctions/<uuid:sanction_id>/appeal/", views.appeal_view, name="mine_appeal"),
    path("ops/sanctions/", views.ops_list_view, name="ops_list"),
    path("ops/sanctions/new/", views.ops_new_view, name="ops_new"),
    path("ops/sanctions/appeals/", views.ops_appeals_view, name="ops_appeals"),
    path(
        "ops/sanctions/appeals/<uuid:appeal_id>/decide/",
        views.ops_decide_view,
        name="ops_decide",
    ),
    path("ops/sanctions/authority-reports/", views.ops_reports_view, name="ops_reports"),
    path(
        "ops/sanctions/authority-reports/<uuid:report_id>/submit/",
        views.ops_report_submit_view,
        name="ops_report_submit",
    ),
    path("ops/sanctions/<uuid:sanction_id>/", views.ops_detail_view, name="ops_detail"),
    path("ops/sanctions/<uuid:sanction_id>/revoke/", views.ops_revoke_view, name="ops_revoke"),
    path(
        "ops/sanctions/<uuid:sanction_id>/files/<uuid:file_id>/",
        views.ops_file_view,
        name="ops_file",
    ),
]

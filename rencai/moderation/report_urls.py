"""The complaints and reports pages (HTML): reporting, the reporter's status pages, the
trust and safety queue. Included at "" by ``rencai/urls.py``."""

from __future__ import annotations

from django.urls import path

from rencai.moderation import regulator_views
from rencai.moderation import report_views as views

app_name = "moderation_reports"

urlpatterns = [
    path("report/<str:kind>/<uuid:target_id>/", views.report_form_view, name="report"),
    path("reports/status/", views.status_lookup_view, name="status"),
    path("reports/mine/", views.my_reports_view, name="mine"),
    path("reports/mine/<str:reference>/", views.my_report_view, name="mine_detail"),
    path("ops/reports/", views.queue_view, name="queue"),
    path("ops/reports/<uuid:case_id>/", views.case_view, name="case"),
    path("ops/reports/<uuid:case_id>/assign/", views.assign_view, name="assign"),
    path("ops/reports/<uuid:case_id>/note/", views.note_view, name="note"),
    path("ops/reports/<uuid:case_id>/decide/", views.decide_view, name="decide"),
    path("ops/reports/<uuid:case_id>/sanction/", views.sanction_view, name="sanction"),
    path(
        "regulator/cases/<uuid:case_id>/",
        regulator_views.regulator_case_view,
        name="regulator_case",
    ),
    path("ops/reports/evidence/<uuid:evidence_id>/", views.evidence_view, name="evidence"),
]

from __future__ import annotations

from django.urls import path

from rencai.jobs import report_views

app_name = "jobs_report"

urlpatterns = [
    path("jobs/<uuid:posting_id>/report/", report_views.report_view, name="report"),
]

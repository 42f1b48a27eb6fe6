"""The operator's posting review desk (HTML). Included at "" by ``rencai/urls.py``."""

from __future__ import annotations

from django.urls import path

from rencai.jobs import ops_views

app_name = "jobs_ops"

urlpatterns = [
    path("ops/jobs/", ops_views.queue_view, name="queue"),
    path(
        "ops/jobs/postings/<uuid:posting_id>/take-down/",
        ops_views.take_down_view,
        name="take_down",
    ),
    path("ops/jobs/<uuid:version_id>/", ops_views.review_view, name="review"),
]

"""The operator's verification desk (HTML). Included at "" by ``rencai/urls.py``."""

from __future__ import annotations

from django.urls import path

from rencai.orgs import ops_views

app_name = "orgs_ops"

urlpatterns = [
    path("ops/verifications/", ops_views.queue_view, name="queue"),
    path("ops/verifications/<uuid:request_id>/", ops_views.review_view, name="review"),
    path(
        "ops/verifications/<uuid:request_id>/documents/<uuid:document_id>",
        ops_views.document_view,
        name="document",
    ),
]

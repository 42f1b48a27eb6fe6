from __future__ import annotations

from django.urls import path

from rencai.audit import archive_views, views

app_name = "audit"

urlpatterns = [
    path("ops/audit/", views.events_view, name="events"),
    path("ops/audit/archive/", archive_views.archive_view, name="archive"),
    path("ops/audit/archive/verify/", archive_views.verify_view, name="archive_verify"),
    path("ops/audit/archive/holds/", archive_views.place_hold_view, name="archive_hold_place"),
    path(
        "ops/audit/archive/holds/<int:hold_id>/release/",
        archive_views.release_hold_view,
        name="archive_hold_release",
    ),
]

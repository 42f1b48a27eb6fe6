"""URL patterns of the privacy app: rights requests (helper A)."""

from __future__ import annotations

from django.urls import URLPattern, path

from rencai.privacy import request_views as views

urlpatterns: list[URLPattern] = [
    path("account/privacy/requests/", views.requests_view, name="requests"),
    path(
        "account/privacy/requests/relative/",
        views.relative_request_view,
        name="request_relative",
    ),
    path("account/privacy/requests/<str:reference>/", views.request_view, name="request"),
    path(
        "account/privacy/requests/<str:reference>/withdraw/",
        views.withdraw_view,
        name="request_withdraw",
    ),
    path("ops/privacy/requests/", views.ops_requests_view, name="ops_requests"),
    path("ops/privacy/requests/<str:reference>/", views.ops_request_view, name="ops_request"),
    path(
        "ops/privacy/requests/<str:reference>/evidence/<slug:which>/",
        views.ops_evidence_view,
        name="ops_request_evidence",
    ),
    path(
        "ops/privacy/requests/<str:reference>/<slug:step>/",
        views.ops_step_view,
        name="ops_request_step",
    ),
]

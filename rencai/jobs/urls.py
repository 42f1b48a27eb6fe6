"""HTML routes of job postings: the employer's pages under /employer/jobs/, the public
job pages under /jobs/ (included at "" by rencai/urls.py)."""

from __future__ import annotations

from django.urls import path

from rencai.jobs import views

app_name = "jobs"

urlpatterns = [
    path("employer/jobs/", views.employer_list_view, name="employer_list"),
    path("employer/jobs/new/", views.create_view, name="create"),
    path("employer/jobs/screen/", views.screen_partial_view, name="screen_partial"),
    path("employer/jobs/<uuid:posting_id>/", views.employer_detail_view, name="employer_detail"),
    path("employer/jobs/<uuid:posting_id>/edit/", views.edit_view, name="edit"),
    path(
        "employer/jobs/<uuid:posting_id>/<slug:action>/",
        views.posting_action_view,
        name="posting_action",
    ),
    path("jobs/", views.list_view, name="list"),
    path("jobs/<uuid:posting_id>/", views.detail_view, name="detail"),
]

"""HTML routes of saved searches and job alerts (included at "" by rencai/urls.py)."""

from __future__ import annotations

from django.urls import path

from rencai.search import alerts_views, resume_views

app_name = "search"

urlpatterns = [
    path("jobs/saved-searches/", alerts_views.saved_searches_view, name="saved_searches"),
    path(
        "jobs/saved-searches/<uuid:saved_search_id>/",
        alerts_views.update_view,
        name="saved_search_update",
    ),
    path(
        "jobs/saved-searches/<uuid:saved_search_id>/delete/",
        alerts_views.delete_view,
        name="saved_search_delete",
    ),
    path("jobs/alerts/unsubscribe/<str:token>/", alerts_views.unsubscribe_view, name="unsubscribe"),
    # Not under /employer/resumes/: that prefix is the resumes app's (/employer/resumes/<id>/).
    path("employer/resume-search/", resume_views.resume_search_view, name="resume_search"),
]

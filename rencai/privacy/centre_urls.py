"""URL patterns of the privacy app: the privacy centre (helper E)."""

from __future__ import annotations

from django.urls import URLPattern, path

from rencai.privacy import centre_views

urlpatterns: list[URLPattern] = [
    path("account/privacy/", centre_views.centre_view, name="centre"),
    path("account/privacy/settings/", centre_views.settings_view, name="centre_settings"),
    path("account/privacy/access-log/", centre_views.access_view, name="access_log"),
    path(
        "account/privacy/recommendations/",
        centre_views.about_recommendations_view,
        name="about_recommendations",
    ),
]

"""URL map: HTML pages per app, the guardian page, /api/v1/, language switching."""

from __future__ import annotations

from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from rencai.accounts.guardian_views import guardian_page
from rencai.api import api
from rencai.jobs.sitemaps import SITEMAPS

urlpatterns = [
    # First: the API is the busiest prefix, and every request walks the list until a match.
    path("api/v1/", api.urls),
    path("", include("rencai.core.urls")),
    path("", include("rencai.accounts.urls")),
    path("", include("rencai.privacy.urls")),
    path("", include("rencai.audit.urls")),
    path("", include("rencai.notifications.urls")),
    path("", include("rencai.core.reference_urls")),
    path("", include("rencai.orgs.urls")),
    path("", include("rencai.orgs.ops_urls")),
    path("", include("rencai.moderation.urls")),
    path("", include("rencai.moderation.report_urls")),
    path("", include("rencai.sanctions.urls")),
    path("", include("rencai.reviews.urls")),
    path("", include("rencai.risk.urls")),
    path("", include("rencai.inspection.urls")),
    path("", include("rencai.jobs.rules_urls")),
    path("", include("rencai.jobs.ops_urls")),
    path("", include("rencai.jobs.report_urls")),
    path("", include("rencai.resumes.urls")),
    path("", include("rencai.search.urls")),
    path("", include("rencai.jobs.urls")),
    path("", include("rencai.applications.urls")),
    path("", include("rencai.messaging.urls")),
    path("guardian/", guardian_page, name="guardian"),
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
]

"""The site's URL map plus the saved-search pages and API, for the alert tests.

``rencai/urls.py`` and ``rencai/api.py`` mount them (``rencai.search.urls`` and the
``alerts_api`` router at ``/api/v1/me/saved-searches``); until they do, this map adds
them, with the site API's error handlers, so the tests hold before and after.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path
from ninja import NinjaAPI

from rencai.api import api
from rencai.search.alerts_api import router
from rencai.urls import urlpatterns as site_urlpatterns


def _site_mounts_router() -> bool:
    return any(mounted is router for _prefix, mounted in api._routers)  # noqa: SLF001


def _site_has_pages() -> bool:
    return any(getattr(entry, "namespace", None) == "search" for entry in site_urlpatterns)


extra: list[URLPattern | URLResolver] = []
if not _site_mounts_router():
    alerts_api = NinjaAPI(title="saved searches (tests)", urls_namespace="alerts_test_api")
    alerts_api._exception_handlers = dict(api._exception_handlers)  # noqa: SLF001
    alerts_api.add_router("/me/saved-searches", router)
    extra.append(path("api/v1/", alerts_api.urls))
if not _site_has_pages():
    extra.append(path("", include("rencai.search.urls")))

urlpatterns = [*extra, *site_urlpatterns]

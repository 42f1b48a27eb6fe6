"""Every access of the regulator is logged (REG-02). The inspection pages and API log their
own reads with the dataset, filters and row counts; this middleware logs what the
regulator reads on the operators' desks (``/ops/…`` pages and the operator and admin API,
which the regulator may read but which keep no log of their own): who, which path, with
which query."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from rencai.accounts.choices import Role
from rencai.core.api_support import api_actor
from rencai.core.http import web_actor
from rencai.inspection.actions import record_access
from rencai.inspection.choices import AccessKind

DESK_PREFIXES = ("/ops/", "/api/v1/operator/", "/api/v1/admin/")
QUERY_LIMIT = 500


class RegulatorAccessMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.method == "GET"
            and response.status_code == 200
            and request.path.startswith(DESK_PREFIXES)
        ):
            user = getattr(request, "user", None)  # API calls set it when they authenticate
            if user is not None and user.is_authenticated and user.has_role(Role.REGULATOR):
                api = request.path.startswith("/api/")
                record_access(
                    actor=api_actor(request) if api else web_actor(request),
                    kind=AccessKind.DESK_PAGE,
                    filters={
                        "path": request.path,
                        "query": request.META.get("QUERY_STRING", "")[:QUERY_LIMIT],
                    },
                )
        return response

"""HTML pages of copies of one's data (PI-12): the list with a button to ask for a copy,
the htmx status fragment (polls while the copy is being prepared) and the download behind
a fresh identity check (PI-18). Everything else is the actions and queries."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rencai.accounts.reauth import recent_auth_required
from rencai.core.errors import DomainError
from rencai.core.http import AuthedRequest, signed_in, web_actor
from rencai.core.models import Id
from rencai.files.serving import file_response
from rencai.privacy import export_queries, exports
from rencai.privacy.models import DataExport

PAGE_SIZE = 20


def _own(request: AuthedRequest, export_id: Id) -> DataExport:
    try:
        return export_queries.export_of(request.user, export_id)
    except DomainError as error:
        raise Http404 from error


def status_context(export: DataExport) -> dict[str, object]:
    return {"export": export, "active": export_queries.is_active(export)}


@signed_in
@require_GET
def exports_view(request: AuthedRequest) -> HttpResponse:
    """The person's copies, newest first, each with its status fragment."""
    page_obj = Paginator(export_queries.exports_of(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [status_context(export) for export in page_obj.object_list]
    running = any(row["active"] for row in rows)
    return render(
        request,
        "privacy/exports.html",
        {
            "page_obj": page_obj,
            "rows": rows,
            "running": running,
            "export_days": settings.PRIVACY_EXPORT_DAYS,
        },
    )


@signed_in
@require_POST
def export_new_view(request: AuthedRequest) -> HttpResponse:
    """Ask for a copy directly (the rights-request form can do the same)."""
    try:
        exports.request_export(request.user, actor=web_actor(request))
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("We are preparing your copy. This page shows the progress; we will also notify you."),
        )
    return redirect("privacy:exports")


@signed_in
@require_GET
def export_status_view(request: AuthedRequest, export_id: Id) -> HttpResponse:
    """The status fragment of one copy (htmx polls it every 2 s while it is prepared)."""
    export = _own(request, export_id)
    return render(request, "privacy/_export_status.html", status_context(export))


@recent_auth_required
@require_GET
def export_download_view(request: AuthedRequest, export_id: Id) -> Any:
    """Download the archive: owner only (404 otherwise), after a fresh SMS code."""
    export = _own(request, export_id)
    try:
        stored = exports.ensure_downloadable(export)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("privacy:exports")
    exports.record_download(export, actor=web_actor(request))
    return file_response(stored, as_attachment=True)

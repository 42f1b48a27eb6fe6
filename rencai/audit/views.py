"""Operator pages for auditors: the audit trail and its integrity check."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from rencai.accounts.permissions import can_view_audit_trail
from rencai.audit.queries import audit_events_for
from rencai.audit.verify import verify_chain
from rencai.core.http import AuthedRequest, require


@require(can_view_audit_trail)
def events_view(request: AuthedRequest) -> HttpResponse:
    action = request.GET.get("action", "").strip()[:80]
    object_id = request.GET.get("object_id", "").strip()[:64]
    queryset = audit_events_for(request.user, action=action, object_id=object_id)
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    report = verify_chain() if request.GET.get("verify") == "1" else None
    query = f"action={action}&object_id={object_id}"
    return render(
        request,
        "audit/events.html",
        {
            "page_obj": page,
            "action": action,
            "object_id": object_id,
            "report": report,
            "query": query,
        },
    )

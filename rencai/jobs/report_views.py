"""The "report this posting" page: the report form of the trust & safety queue
(``rencai.moderation``, CMP-01) for a posting; anyone, signed in or not, may report a
public posting and gets a reference number."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from rencai.moderation.report_views import report_form_view


def report_view(request: HttpRequest, posting_id: str) -> HttpResponse:
    return report_form_view(request, "posting", posting_id)

"""Asks signed-in people to accept updated legal documents before continuing (LIC-06,
PI-02): a changed agreement needs a fresh, explicit acceptance, never continued use."""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from rencai.privacy.queries import current_documents, pending_documents

EXEMPT_PREFIXES = (
    "/legal/",
    "/accounts/logout/",
    "/static/",
    "/media/",
    "/api/",
    "/i18n/",
    "/dev/",
    "/guardian/",
    "/about/",
)
CURRENT_KEY = "privacy:current-document-ids"
SESSION_KEY = "rencai_accepted_documents"


def current_document_ids() -> str:
    """A fingerprint of the documents in effect (cached for a minute)."""
    value = cache.get(CURRENT_KEY)
    if value is None:
        value = ",".join(sorted(str(doc.pk) for doc in current_documents().values()))
        cache.set(CURRENT_KEY, value, 60)
    return str(value)


class LegalDocumentMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.user.is_authenticated
            and request.method == "GET"
            and not request.path.startswith(EXEMPT_PREFIXES)
        ):
            fingerprint = current_document_ids()
            if request.session.get(SESSION_KEY) != fingerprint:
                user = request.user
                if pending_documents(user.pk, user.role_set):
                    return redirect(f"{reverse('privacy:review')}?next={request.get_full_path()}")
                request.session[SESSION_KEY] = fingerprint
        return self.get_response(request)

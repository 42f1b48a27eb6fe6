"""HTML pages of the privacy app: legal documents, accepting updates, consents."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rencai.accounts.actions import withdraw_real_name
from rencai.accounts.permissions import can_publish_legal_documents
from rencai.core.errors import DomainError
from rencai.core.forms_support import apply_domain_error
from rencai.core.http import AuthedRequest, require, signed_in, web_actor
from rencai.privacy import actions
from rencai.privacy.choices import (
    OPTIONAL_PURPOSES,
    WITHDRAWABLE_PURPOSES,
    ConsentChannel,
    ConsentPurpose,
    DocumentKind,
)
from rencai.privacy.forms import AcceptDocumentsForm, PublishDocumentForm
from rencai.privacy.models import LegalDocument
from rencai.privacy.queries import (
    consent_history,
    consent_states,
    current_document,
    document_versions,
    pending_documents,
    upcoming_documents,
)
from rencai.privacy.texts import OPTIONAL_CONSENT_PROMPTS, render_document


def _render_document(document: LegalDocument) -> dict[str, object]:
    html, is_translation = render_document(document)
    return {"document": document, "html": html, "is_translation": is_translation}


def document_view(request: HttpRequest, kind: str, version: str | None = None) -> HttpResponse:
    """A legal document: the version in effect, or a given version (archive)."""
    if kind not in DocumentKind.values:
        raise Http404
    if version is None:
        document = current_document(kind)
    else:
        document = LegalDocument.objects.filter(kind=kind, version=version).first()
    if document is None:
        raise Http404
    context = _render_document(document)
    context["versions"] = list(document_versions(kind))
    context["upcoming"] = upcoming_documents([kind])
    return render(request, "privacy/document.html", context)


@signed_in
def review_view(request: AuthedRequest) -> HttpResponse:
    """Accept documents that changed since the person last agreed."""
    user = request.user
    pending = pending_documents(user.pk, user.role_set)
    next_url = request.GET.get("next") or request.POST.get("next") or "/dashboard/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = "/dashboard/"
    if not pending:
        return redirect(next_url)
    form = AcceptDocumentsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            for document in pending:
                actions.grant_document_consent(
                    user, document, actor=web_actor(request), channel=ConsentChannel.WEB
                )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("Thank you. You have accepted the updated documents."))
            return redirect(next_url)
    return render(
        request,
        "privacy/review.html",
        {"form": form, "pending": [_render_document(doc) for doc in pending], "next": next_url},
    )


@signed_in
def consents_view(request: AuthedRequest) -> HttpResponse:
    """Every consent with its state, switches for optional ones, withdrawal in one click,
    and the full ledger history."""
    user = request.user
    states = consent_states(user.pk)
    minor = actions.is_minor(user)
    optional = [
        {
            "purpose": p,
            "label": ConsentPurpose(p).label,
            "prompt": OPTIONAL_CONSENT_PROMPTS[ConsentPurpose(p)],
            "on": states[p],
            # No marketing to people under 18 (PI-11): shown, but cannot be switched on.
            "blocked_for_minor": minor and p in actions.MARKETING_PURPOSES,
        }
        for p in ConsentPurpose.values
        if p in OPTIONAL_PURPOSES
    ]
    documents = [
        {
            "purpose": p,
            "label": ConsentPurpose(p).label,
            "on": states[p],
            "withdrawable": p in WITHDRAWABLE_PURPOSES,
        }
        for p in ConsentPurpose.values
        if p not in OPTIONAL_PURPOSES
    ]
    paginator = Paginator(consent_history(user.pk), 20)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "privacy/consents.html",
        {"optional": optional, "documents": documents, "page_obj": page},
    )


@signed_in
@require_POST
def set_consent_view(request: AuthedRequest, purpose: str) -> HttpResponse:
    """Switch an optional consent on or off, or withdraw a document consent."""
    user, actor = request.user, web_actor(request)
    try:
        if purpose in OPTIONAL_PURPOSES:
            granted = request.POST.get("granted") == "1"
            actions.set_optional_consent(
                user, purpose, granted, actor=actor, channel=ConsentChannel.WEB
            )
        elif purpose == ConsentPurpose.REAL_NAME:
            withdraw_real_name(user, actor=actor)
        else:
            actions.withdraw_consent(user, purpose, actor=actor, channel=ConsentChannel.WEB)
        messages.success(request, _("Your choice was saved and applies immediately."))
    except DomainError as error:
        messages.error(request, str(error.message))
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        return redirect(next_url)  # back to the privacy centre when switched there
    return redirect("privacy:consents")


@require(can_publish_legal_documents)
def publish_view(request: AuthedRequest) -> HttpResponse:
    """Operators publish a new version of a legal document (7-day notice for changes)."""
    form = PublishDocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = actions.publish_legal_document(actor=web_actor(request), **data)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The new version is published."))
            return redirect(
                "privacy:document_version", kind=document.kind, version=document.version
            )
    recent = LegalDocument.objects.order_by("-published_at")[:20]
    return render(request, "privacy/publish.html", {"form": form, "recent": recent})

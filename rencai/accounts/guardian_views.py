"""The public guardian page: a parent verifies their phone by SMS, then confirms or
withdraws consent for their 16–17-year-old's account. No account is needed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from rencai.accounts import actions
from rencai.accounts.forms import PhoneForm, SmsLoginForm
from rencai.accounts.queries import guardian_links_for_phone
from rencai.core.errors import DomainError
from rencai.core.forms_support import apply_domain_error
from rencai.core.http import web_actor
from rencai.core.masking import mask_name, mask_phone
from rencai.core.phones import phone_index_candidates
from rencai.privacy.choices import DocumentKind
from rencai.privacy.queries import current_document

TOKEN_KEY = "rencai_guardian_token"


def _verified_phone(request: HttpRequest) -> str | None:
    token = request.session.get(TOKEN_KEY)
    if not token:
        return None
    try:
        return actions.guardian_phone_from_token(token)
    except DomainError:
        request.session.pop(TOKEN_KEY, None)
        return None


def guardian_page(request: HttpRequest) -> HttpResponse:
    form = SmsLoginForm(request.POST if request.POST.get("action") == "verify" else None)
    action = request.POST.get("action", "")
    context: dict[str, Any] = {"sent_to": None}
    if request.method == "POST":
        try:
            if action == "send_code":
                phone_form = PhoneForm(request.POST)
                form = SmsLoginForm(initial={"phone": request.POST.get("phone", "")})
                if phone_form.is_valid():
                    context["sent_to"] = actions.request_guardian_code(
                        phone_form.cleaned_data["phone"], actor=web_actor(request)
                    )
            elif action == "verify" and form.is_valid():
                request.session[TOKEN_KEY] = actions.verify_guardian_phone(
                    form.cleaned_data["phone"], form.cleaned_data["code"], actor=web_actor(request)
                )
                return redirect("guardian")
            elif action in ("confirm", "withdraw"):
                token = request.session.get(TOKEN_KEY, "")
                link_id = request.POST.get("link_id", "")
                if action == "confirm":
                    actions.confirm_guardian(token, link_id, actor=web_actor(request))
                    messages.success(request, _("Thank you. You have confirmed as guardian."))
                else:
                    actions.withdraw_guardian(token, link_id, actor=web_actor(request))
                    messages.info(
                        request, _("Your consent is withdrawn; the account is restricted.")
                    )
                return redirect("guardian")
            elif action == "forget":
                request.session.pop(TOKEN_KEY, None)
                return redirect("guardian")
        except DomainError as error:
            if action in ("confirm", "withdraw"):
                messages.error(request, str(error.message))
                return redirect("guardian")
            apply_domain_error(form, error)
    phone = _verified_phone(request)
    links = []
    if phone:
        links = [
            {"link": link, "minor_name": mask_name(link.minor.display_name)}
            for link in guardian_links_for_phone(phone_index_candidates(phone)).order_by(
                "-created_at"
            )
        ]
    context.update(
        {
            "form": form,
            "verified_phone": mask_phone(phone) if phone else None,
            "links": links,
            "notice": current_document(DocumentKind.GUARDIAN_NOTICE),
        }
    )
    return render(request, "accounts/guardian_public.html", context)

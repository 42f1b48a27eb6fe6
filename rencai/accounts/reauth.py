"""Web side of the identity re-check: a signed-in person who confirmed a fresh SMS code
within ``REAUTH_VALID_MINUTES`` may take sensitive steps (``recent_auth_required``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from rencai.accounts import actions
from rencai.accounts.forms import SecondFactorForm
from rencai.core.errors import DomainError
from rencai.core.forms_support import apply_domain_error
from rencai.core.http import AuthedRequest, signed_in, web_actor

REAUTH_SESSION_KEY = "rencai_reauth_at"
F = TypeVar("F", bound=Callable[..., HttpResponse])


def recently_confirmed(request: HttpRequest) -> bool:
    """Whether this session confirmed a fresh SMS code within the validity window."""
    stamp = request.session.get(REAUTH_SESSION_KEY)
    if not stamp:
        return False
    try:
        confirmed_at = dt.datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return False
    window = dt.timedelta(minutes=settings.REAUTH_VALID_MINUTES)
    return timezone.now() - confirmed_at < window


def mark_confirmed(request: HttpRequest) -> None:
    request.session[REAUTH_SESSION_KEY] = timezone.now().isoformat()


def confirm_url(next_url: str) -> str:
    return f"{reverse('accounts:confirm_identity')}?{urlencode({'next': next_url})}"


def recent_auth_required(view: F) -> F:
    """Send the person to the confirmation page first (then back) unless they confirmed a
    code recently. Applies to GET and POST; a POST is not replayed, the page is shown again."""

    @wraps(view)
    def wrapped(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not recently_confirmed(request):
            return redirect(confirm_url(request.get_full_path()))
        return view(request, *args, **kwargs)

    return signed_in(wrapped)  # type: ignore[return-value]


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("accounts:dashboard")


@signed_in
def confirm_identity_view(request: AuthedRequest) -> HttpResponse:
    """Send a code to the account's number, then accept it and go back to ``next``."""
    next_url = _safe_next(request)
    form = SecondFactorForm()
    sent_to = ""
    if request.method == "POST":
        actor = web_actor(request)
        if "send" in request.POST:
            try:
                sent_to = actions.send_reauth_code(request.user, actor=actor).masked_phone
            except DomainError as error:  # too soon, daily limit, no number
                messages.error(request, str(error.message))
        else:
            form = SecondFactorForm(request.POST)
            if form.is_valid():
                try:
                    actions.confirm_identity(request.user, form.cleaned_data["code"], actor=actor)
                except DomainError as error:
                    apply_domain_error(form, error)
                else:
                    mark_confirmed(request)
                    messages.success(request, _("Thank you. You confirmed it is you."))
                    return redirect(next_url)
    context = {
        "form": form,
        "next": next_url,
        "sent_to": sent_to,
        "masked_phone": request.user.masked_phone,
    }
    return render(request, "accounts/confirm_identity.html", context)

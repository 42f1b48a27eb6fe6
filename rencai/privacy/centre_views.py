"""HTML pages of the privacy centre (PI-12, PI-20, ALG-01, ALG-03, ALG-05): what we hold,
consents, switches, who read the user's data, sign-ins and the rights the user can
exercise; the access log in full; the page explaining recommendations."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rencai.accounts.queries import sessions_of
from rencai.core.errors import DomainError
from rencai.core.http import AuthedRequest, signed_in, web_actor
from rencai.privacy import centre
from rencai.privacy.choices import ConsentPurpose, PosthumousInstruction
from rencai.privacy.recommendations import CATEGORY_WEIGHT, CITY_WEIGHT, SKILL_WEIGHT
from rencai.privacy.settings_actions import privacy_settings_of, update_privacy_settings
from rencai.privacy.texts import OPTIONAL_CONSENT_PROMPTS

CENTRE_ACCESS_ROWS = 5
CENTRE_SESSIONS = 5
SWITCH_PURPOSES = (
    ConsentPurpose.PERSONALISED_RECOMMENDATION,
    ConsentPurpose.MARKETING_SMS,
    ConsentPurpose.MARKETING_EMAIL,
)


def _requests(request: AuthedRequest) -> list[object]:
    """The user's open and recent rights requests, once helper A's queries exist."""
    try:
        from rencai.privacy.request_queries import requests_of
    except ImportError:  # pragma: no cover - the requests part is installed with the centre
        return []
    return list(requests_of(request.user)[:5])


@signed_in
def centre_view(request: AuthedRequest) -> HttpResponse:
    """The privacy centre: one page for every right (≤ 4 taps from the dashboard, PI-01)."""
    from rencai.resumes.queries import resumes_of

    user = request.user
    consents = centre.consents_of(user)
    by_purpose = {state.purpose: state for state in consents}
    switches = [
        {
            "state": by_purpose[purpose],
            "prompt": OPTIONAL_CONSENT_PROMPTS[ConsentPurpose(purpose)],
        }
        for purpose in SWITCH_PURPOSES
    ]
    settings = privacy_settings_of(user)
    return render(
        request,
        "privacy/centre.html",
        {
            "sections": centre.held_data(user),
            "consents": [state for state in consents if not state.optional],
            "switches": switches,
            "settings": settings,
            "posthumous_choices": PosthumousInstruction.choices,
            "resumes": list(resumes_of(user).only("title", "visibility", "is_primary")),
            "access": centre.access_log(user, 1, CENTRE_ACCESS_ROWS),
            "sessions": sessions_of(user)[:CENTRE_SESSIONS],
            "rights_requests": _requests(request),
        },
    )


def _flag(value: str | None) -> bool | None:
    if value in ("1", "0"):
        return value == "1"
    return None


@signed_in
@require_POST
def settings_view(request: AuthedRequest) -> HttpResponse:
    """Switch talent insight or the activity status, or choose the posthumous instruction
    (each one click; audited; effective at once)."""
    try:
        update_privacy_settings(
            request.user,
            actor=web_actor(request),
            talent_insight=_flag(request.POST.get("talent_insight")),
            show_activity_status=_flag(request.POST.get("show_activity_status")),
            posthumous_instruction=request.POST.get("posthumous_instruction") or None,
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Your choice was saved and applies immediately."))
    return redirect(reverse("privacy:centre") + "#settings")


@signed_in
def access_view(request: AuthedRequest) -> HttpResponse:
    """Every read of the user's personal information, newest first, 20 per page."""
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    log = centre.access_log(request.user, page)
    return render(request, "privacy/centre_access.html", {"log": log})


def about_recommendations_view(request: HttpRequest) -> HttpResponse:
    """The basic principles of job recommendations and how to switch them off (ALG-03);
    public, so anyone can read it before signing up."""
    return render(
        request,
        "privacy/centre_recommendations.html",
        {
            "weights": {
                "category": CATEGORY_WEIGHT,
                "city": CITY_WEIGHT,
                "skill": SKILL_WEIGHT,
            }
        },
    )

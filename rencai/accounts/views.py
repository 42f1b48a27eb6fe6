"""HTML pages of the accounts app. Each view parses a form, calls the same action as the
API, and renders a template; domain errors are shown on the form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rencai.accounts import actions
from rencai.accounts.actions.registration import phone_from_registration_token
from rencai.accounts.choices import Role, SeekerStanding
from rencai.accounts.forms import (
    ConsentForm,
    FaceForm,
    GuardianRequestForm,
    PasswordLoginForm,
    PhoneForm,
    ProfileForm,
    RealNameForm,
    RegisterForm,
    SecondFactorForm,
    SmsLoginForm,
    TakeRoleForm,
    TokenForm,
)
from rencai.accounts.models import User
from rencai.accounts.permissions import is_operator
from rencai.accounts.presentation import device_label, sign_in_method_label
from rencai.accounts.queries import (
    needs_guardian,
    open_guardian_link,
    real_name_checks_today,
    seeker_age,
    seeker_standing,
    sessions_of,
    tokens_of,
)
from rencai.core.errors import DomainError
from rencai.core.forms_support import apply_domain_error
from rencai.core.http import AuthedRequest, signed_in, web_actor
from rencai.core.masking import mask_phone
from rencai.privacy.actions import grant_document_consent
from rencai.privacy.choices import ConsentChannel, ConsentPurpose, DocumentKind
from rencai.privacy.queries import (
    current_document,
    current_documents,
    has_consent,
    required_document_kinds,
)
from rencai.privacy.texts import render_document

REGISTRATION_SESSION_KEY = "rencai_registration_token"
CHALLENGE_SESSION_KEY = "rencai_second_factor"


def _next_url(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()}):
        return candidate
    return default


def _sign_in(request: HttpRequest, user: User, method: str) -> HttpResponse:
    """Start the session and send the person where they need to go next."""
    actions.start_session(request, user, method=method, actor=web_actor(request))
    return _after_sign_in(request, user)


def _after_sign_in(request: HttpRequest, user: User) -> HttpResponse:
    if (
        user.has_role(Role.SEEKER)
        and needs_guardian(user)
        and seeker_standing(user) != SeekerStanding.ACTIVE
    ):
        return redirect("accounts:guardian")
    return redirect(_next_url(request, reverse("accounts:dashboard")))


# --- phone + SMS code -------------------------------------------------------------------


def login_view(request: HttpRequest) -> HttpResponse:
    """Sign in or register with a mainland mobile number and an SMS code."""
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    form = SmsLoginForm(request.POST or None)
    sent: str | None = None
    if request.method == "POST":
        if request.POST.get("action") == "send_code":
            phone_form = PhoneForm(request.POST)
            form = SmsLoginForm(initial={"phone": request.POST.get("phone", "")})
            if phone_form.is_valid():
                try:
                    phone = actions.request_login_code(
                        phone_form.cleaned_data["phone"], actor=web_actor(request)
                    )
                    sent = mask_phone(phone)
                except DomainError as error:
                    apply_domain_error(form, error)
        elif form.is_valid():
            try:
                result = actions.sign_in_with_sms(
                    form.cleaned_data["phone"], form.cleaned_data["code"], actor=web_actor(request)
                )
            except DomainError as error:
                apply_domain_error(form, error)
            else:
                if result.user is not None:
                    return _sign_in(request, result.user, "sms")
                request.session[REGISTRATION_SESSION_KEY] = result.registration_token
                return redirect("accounts:register")
    return render(
        request,
        "accounts/login.html",
        {"form": form, "sent_to": sent, "next": _next_url(request, "")},
    )


@require_POST
def send_code_view(request: HttpRequest) -> HttpResponse:
    """htmx: send a sign-in code and return the status fragment."""
    form = PhoneForm(request.POST)
    context: dict[str, Any] = {"error": None, "sent_to": None}
    if form.is_valid():
        try:
            phone = actions.request_login_code(form.cleaned_data["phone"], actor=web_actor(request))
            context["sent_to"] = mask_phone(phone)
        except DomainError as error:
            context["error"] = error.message
    else:
        context["error"] = _("Please enter your mobile number.")
    status = 200 if context["error"] is None else 400
    response = render(request, "accounts/_sms_status.html", context, status=status)
    if status != 200:
        response["HX-Reswap"] = "innerHTML"
        response.status_code = 200  # htmx swaps only 2xx responses; the fragment shows the error
    return response


def register_view(request: HttpRequest) -> HttpResponse:
    """Finish registering a phone number verified by SMS: role, name, age gate, consent."""
    token = request.session.get(REGISTRATION_SESSION_KEY)
    if not token:
        return redirect("accounts:login")
    try:
        phone = phone_from_registration_token(token)
    except DomainError as error:
        messages.error(request, str(error.message))
        request.session.pop(REGISTRATION_SESSION_KEY, None)
        return redirect("accounts:login")
    form = RegisterForm(request.POST or None)
    role = request.POST.get("role") or Role.SEEKER
    documents = current_documents(required_document_kinds([role]))
    refused = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = actions.register(
                registration_token=token,
                role=data["role"],
                display_name=data["display_name"],
                accepted_document_ids=[doc.pk for doc in documents.values()]
                if data["accept"]
                else [],
                birth_date=data["birth_date"],
                email=data["email"] or "",
                password=data["password"] or "",
                actor=web_actor(request),
            )
        except DomainError as error:
            refused = error.code == "under_minimum_age"
            apply_domain_error(form, error)
        else:
            request.session.pop(REGISTRATION_SESSION_KEY, None)
            messages.success(request, _("Welcome to rencai! Your account is ready."))
            return _sign_in(request, user, "sms")
    staff_kinds = required_document_kinds([Role.EMPLOYER_STAFF])
    in_effect = current_documents(staff_kinds)
    all_documents = {kind: in_effect[kind] for kind in staff_kinds if kind in in_effect}
    return render(
        request,
        "accounts/register.html",
        {
            "form": form,
            "masked_phone": mask_phone(phone),
            "documents": all_documents,
            "refused": refused,
        },
    )


def password_login_view(request: HttpRequest) -> HttpResponse:
    """E-mail and password for agency staff, operators and regulators."""
    form = PasswordLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = actions.sign_in_with_password(
                form.cleaned_data["email"], form.cleaned_data["password"], actor=web_actor(request)
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            if result.user is not None:
                return _sign_in(request, result.user, "password")
            request.session[CHALLENGE_SESSION_KEY] = result.challenge
            request.session["rencai_second_factor_phone"] = result.masked_phone
            return redirect("accounts:second_factor")
    return render(
        request, "accounts/password_login.html", {"form": form, "next": _next_url(request, "")}
    )


def second_factor_view(request: HttpRequest) -> HttpResponse:
    challenge = request.session.get(CHALLENGE_SESSION_KEY)
    if not challenge:
        return redirect("accounts:password_login")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.complete_second_factor(
                challenge, form.cleaned_data["code"], actor=web_actor(request)
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            request.session.pop(CHALLENGE_SESSION_KEY, None)
            return _sign_in(request, user, "password+sms")
    return render(
        request,
        "accounts/second_factor.html",
        {"form": form, "masked_phone": request.session.get("rencai_second_factor_phone", "")},
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    actions.end_session(request, actor=web_actor(request))
    messages.info(request, _("You have signed out."))
    return redirect("core:home")


# --- dashboard --------------------------------------------------------------------------


@signed_in
def dashboard_view(request: AuthedRequest) -> HttpResponse:
    """The person's home after signing in: what to do next for each role they hold."""
    user = request.user
    is_seeker = user.has_role(Role.SEEKER)
    context: dict[str, object] = {
        "is_seeker": is_seeker,
        "is_staff_member": user.has_role(Role.EMPLOYER_STAFF, Role.AGENCY_STAFF),
        "is_operator": is_operator(user),
        "is_regulator": user.has_role(Role.REGULATOR),
        "standing": seeker_standing(user) if is_seeker else None,
        "age": seeker_age(user),
        "needs_guardian": needs_guardian(user),
        "guardian_link": open_guardian_link(user),
        "role_labels": [Role(role).label for role in sorted(user.role_set)],
        "last_sessions": [
            {"session": s, "method": sign_in_method_label(s.method)}
            for s, _a in sessions_of(user)[:3]
        ],
    }
    if is_seeker:
        context["progress"] = _seeker_progress(user)
        context["jobs_feed"] = _jobs_feed(user)
    return render(request, "accounts/dashboard.html", context)


def _jobs_feed(user: User) -> object:
    """ "Jobs for you": personalised only with the consent (ALG-01; privacy answers)."""
    from rencai.privacy.recommendations import recommended_jobs

    return recommended_jobs(user)


def _seeker_progress(user: User) -> dict[str, object]:
    """The job-search card: resume, applications, invitations, interviews, messages (the
    apps above accounts answer; imported here to keep accounts below them)."""
    from rencai.applications.queries import seeker_progress
    from rencai.messaging.choices import Side
    from rencai.messaging.queries import open_interviews_of_seeker, unread_total

    progress: dict[str, object] = seeker_progress(user)
    progress["open_interviews"] = open_interviews_of_seeker(user)
    progress["unread_messages"] = unread_total(user, Side.SEEKER)
    return progress


# --- account and security ---------------------------------------------------------------


@signed_in
def security_view(request: AuthedRequest) -> HttpResponse:
    """Profile settings, sign-in history and active sessions, API tokens."""
    user = request.user
    profile_form = ProfileForm(
        request.POST if request.POST.get("form") == "profile" else None,
        initial={
            "display_name": user.display_name,
            "preferred_language": user.preferred_language,
            "sms_second_factor": user.sms_second_factor,
        },
    )
    token_form = TokenForm(request.POST if request.POST.get("form") == "token" else None)
    new_token: str | None = None
    if request.method == "POST":
        try:
            if request.POST.get("form") == "profile" and profile_form.is_valid():
                data = profile_form.cleaned_data
                actions.update_profile(
                    user,
                    actor=web_actor(request),
                    display_name=data["display_name"],
                    preferred_language=data["preferred_language"],
                    sms_second_factor=data["sms_second_factor"],
                )
                if data["preferred_language"]:
                    request.session["_language"] = data["preferred_language"]
                messages.success(request, _("Your settings were saved."))
                return redirect("accounts:security")
            if request.POST.get("form") == "token" and token_form.is_valid():
                _token, new_token = actions.create_api_token(
                    user,
                    name=token_form.cleaned_data["name"],
                    expires_in_days=token_form.cleaned_data["expires_in_days"],
                    actor=web_actor(request),
                )
                token_form = TokenForm()
        except DomainError as error:
            apply_domain_error(
                profile_form if request.POST.get("form") == "profile" else token_form, error
            )
    sessions = [
        {
            "session": s,
            "active": active,
            "device": device_label(s.user_agent),
            "current": s.session_key == request.session.session_key,
        }
        for s, active in sessions_of(user)
    ]
    return render(
        request,
        "accounts/security.html",
        {
            "profile_form": profile_form,
            "token_form": token_form,
            "new_token": new_token,
            "sessions": sessions,
            "tokens": list(tokens_of(user)),
        },
    )


@signed_in
@require_POST
def revoke_session_view(request: AuthedRequest, session_id: str) -> HttpResponse:
    try:
        actions.revoke_session(request.user, session_id, actor=web_actor(request))
        messages.success(request, _("The session was ended."))
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("accounts:security")


@signed_in
@require_POST
def logout_everywhere_view(request: AuthedRequest) -> HttpResponse:
    actions.logout_everywhere(request.user, actor=web_actor(request))
    messages.info(request, _("You have been signed out on every device."))
    return redirect("accounts:login")


@signed_in
@require_POST
def revoke_token_view(request: AuthedRequest, token_id: str) -> HttpResponse:
    try:
        actions.revoke_api_token(request.user, token_id, actor=web_actor(request))
        messages.success(request, _("The token was revoked."))
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("accounts:security")


@signed_in
def roles_view(request: AuthedRequest) -> HttpResponse:
    """Add a self-service role (e.g. a recruiter who is also looking for work)."""
    form = TakeRoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.take_role(
                request.user,
                data["role"],
                actor=web_actor(request),
                birth_date=data["birth_date"],
                email=data["email"] or "",
                password=data["password"] or "",
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The role was added to your account."))
            return redirect("accounts:dashboard")
    held = [Role(role).label for role in sorted(request.user.role_set)]
    return render(request, "accounts/roles.html", {"form": form, "held": held})


# --- real name and face -----------------------------------------------------------------


def _consent_step(request: AuthedRequest, kind: str, form: ConsentForm) -> bool:
    """Handle the separate-consent form; True when consent was just given."""
    document = current_document(kind)
    if document is None or not form.is_valid():
        return False
    try:
        grant_document_consent(
            request.user, document, actor=web_actor(request), channel=ConsentChannel.WEB
        )
    except DomainError as error:
        apply_domain_error(form, error)
        return False
    return True


def _notice_context(kind: str) -> dict[str, Any]:
    notice = current_document(kind)
    if notice is None:
        return {"notice": None, "notice_html": ""}
    return {"notice": notice, "notice_html": render_document(notice)[0]}


@signed_in
def real_name_view(request: AuthedRequest) -> HttpResponse:
    """Verify name + ID number, after the separate real-name consent (PI-04)."""
    user = request.user
    consented = has_consent(user.pk, ConsentPurpose.REAL_NAME)
    consent_form = ConsentForm(request.POST if request.POST.get("form") == "consent" else None)
    form = RealNameForm(request.POST if request.POST.get("form") == "verify" else None)
    if request.method == "POST":
        if request.POST.get("form") == "consent":
            if _consent_step(request, DocumentKind.REAL_NAME_NOTICE, consent_form):
                return redirect("accounts:real_name")
        elif form.is_valid():
            try:
                actions.verify_real_name(
                    user,
                    name=form.cleaned_data["name"],
                    id_number=form.cleaned_data["id_number"],
                    actor=web_actor(request),
                )
            except DomainError as error:
                apply_domain_error(form, error)
                if error.code == "consent_required":
                    consented = False
            else:
                messages.success(request, _("Your real name is verified."))
                return redirect("accounts:real_name")
    return render(
        request,
        "accounts/real_name.html",
        {
            "consented": consented,
            "consent_form": consent_form,
            "form": form,
            **_notice_context(DocumentKind.REAL_NAME_NOTICE),
            "attempts_left": max(0, 5 - real_name_checks_today(user)),
            "biometrics": has_consent(user.pk, ConsentPurpose.BIOMETRICS),
        },
    )


@signed_in
def face_view(request: AuthedRequest) -> HttpResponse:
    """Optional face verification, only after the separate biometric consent (VER-11)."""
    user = request.user
    consented = has_consent(user.pk, ConsentPurpose.BIOMETRICS)
    consent_form = ConsentForm(request.POST if request.POST.get("form") == "consent" else None)
    form = FaceForm(
        request.POST if request.POST.get("form") == "face" else None,
        request.FILES if request.POST.get("form") == "face" else None,
    )
    if request.method == "POST":
        if request.POST.get("form") == "consent":
            if _consent_step(request, DocumentKind.BIOMETRIC_NOTICE, consent_form):
                return redirect("accounts:face")
        elif form.is_valid():
            try:
                actions.verify_face(
                    user, image=form.cleaned_data["image"].read(), actor=web_actor(request)
                )
            except DomainError as error:
                apply_domain_error(form, error)
            else:
                messages.success(request, _("Face verification passed."))
                return redirect("accounts:real_name")
    return render(
        request,
        "accounts/face.html",
        {
            "consented": consented,
            "consent_form": consent_form,
            "form": form,
            **_notice_context(DocumentKind.BIOMETRIC_NOTICE),
        },
    )


# --- guardian (the minor's side) --------------------------------------------------------


@signed_in
def guardian_view(request: AuthedRequest) -> HttpResponse:
    """A 16–17-year-old seeker asks a guardian to confirm, and follows the request."""
    user = request.user
    form = GuardianRequestForm(request.POST if request.POST.get("form") == "request" else None)
    if request.method == "POST":
        try:
            if request.POST.get("form") == "cancel":
                actions.cancel_guardian_request(user, actor=web_actor(request))
                messages.info(request, _("The request was cancelled."))
                return redirect("accounts:guardian")
            if form.is_valid():
                actions.request_guardian(user, actor=web_actor(request), **form.cleaned_data)
                messages.success(request, _("We sent your guardian a text message."))
                return redirect("accounts:guardian")
        except DomainError as error:
            apply_domain_error(form, error)
    link = open_guardian_link(user)
    return render(
        request,
        "accounts/guardian.html",
        {
            "form": form,
            "link": link,
            "guardian_phone_masked": mask_phone(link.guardian_phone) if link else "",
            "needs_guardian": needs_guardian(user),
            "standing": seeker_standing(user) if user.has_role(Role.SEEKER) else None,
            "history": list(user.guardian_links.all()[:10]),
        },
    )

"""REST endpoints of the accounts app: sign-in, registration, own account, guardians,
and role administration. Each endpoint parses, checks permission, calls the same action
or query as the HTML pages, and returns a schema."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.http import HttpRequest
from ninja import File, Router, Status
from ninja.files import UploadedFile

from rencai.accounts import actions
from rencai.accounts.errors import AccountsErrorCode, accounts_error
from rencai.accounts.models import User
from rencai.accounts.permissions import can_manage_roles
from rencai.accounts.presentation import me_payload
from rencai.accounts.queries import (
    guardian_links_for_phone,
    needs_guardian,
    open_guardian_link,
    real_name_checks_today,
    seeker_standing,
    sessions_of,
    tokens_of,
    users_for_security_admin,
)
from rencai.accounts.schemas import (
    FaceOut,
    GuardianCodeIn,
    GuardianIn,
    GuardianLinkOut,
    GuardianRequestOut,
    GuardianStatusOut,
    GuardianTokenIn,
    GuardianVerifyIn,
    GuardianVerifyOut,
    LogoutEverywhereOut,
    MeOut,
    NewTokenOut,
    PasswordLoginIn,
    ProfileIn,
    RealNameIn,
    RealNameOut,
    RegisterIn,
    RoleIn,
    SecondFactorIn,
    SessionOut,
    SignInOut,
    SmsCodeIn,
    SmsCodeOut,
    SmsLoginIn,
    TakeRoleIn,
    TokenIn,
    TokenOut,
    UserAdminOut,
    session_out,
)
from rencai.core.api_support import AUTH, ERRORS, Page, api_actor, paginate
from rencai.core.errors import not_found, permission_denied
from rencai.core.masking import mask_name, mask_phone
from rencai.core.phones import normalise_mobile, phone_index_candidates

auth_router = Router(tags=["auth"])
me_router = Router(tags=["me"], auth=AUTH)
guardian_router = Router(tags=["guardian"])
admin_router = Router(tags=["admin"], auth=AUTH)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _me(user: User) -> MeOut:
    return MeOut(**me_payload(user))  # type: ignore[arg-type]


def _code_sent(masked_phone: str) -> SmsCodeOut:
    return SmsCodeOut(
        masked_phone=masked_phone,
        resend_after=settings.SMS_RESEND_INTERVAL_SECONDS,
        expires_in=settings.SMS_CODE_TTL_SECONDS,
    )


def _signed_in(request: HttpRequest, user: User, method: str) -> SignInOut:
    actions.start_session(request, user, method=method, actor=api_actor(request))
    return SignInOut(status="signed_in", user=_me(user))


# --- sign-in and registration -----------------------------------------------------------


@auth_router.post("/sms-code", response={200: SmsCodeOut, **ERRORS}, summary="Send a sign-in code")
def send_login_code(request: HttpRequest, payload: SmsCodeIn) -> SmsCodeOut:
    """Send a 6-digit code to any mainland mobile number; the answer is the same whether or
    not the number is registered. Limited to 1 per minute and 10 per day per number."""
    phone = actions.request_login_code(payload.phone, actor=api_actor(request))
    return _code_sent(mask_phone(phone))


@auth_router.post("/sms-login", response={200: SignInOut, **ERRORS}, summary="Sign in with a code")
def sms_login(request: HttpRequest, payload: SmsLoginIn) -> SignInOut:
    """A correct code signs the account in (session cookie), or returns a registration
    token for a number without an account."""
    result = actions.sign_in_with_sms(payload.phone, payload.code, actor=api_actor(request))
    if result.user is not None:
        return _signed_in(request, result.user, "sms")
    return SignInOut(
        status="registration_required",
        registration_token=result.registration_token,
        masked_phone=result.masked_phone,
    )


@auth_router.post("/register", response={201: SignInOut, **ERRORS}, summary="Create an account")
def register(request: HttpRequest, payload: RegisterIn) -> Status[SignInOut]:
    """Create an account for a verified number, accepting the current documents.
    Seekers give a birth date: under 16 is refused (``under_minimum_age``)."""
    user = actions.register(
        registration_token=payload.registration_token,
        role=payload.role,
        display_name=payload.display_name,
        accepted_document_ids=payload.accept_documents,
        birth_date=payload.birth_date,
        email=payload.email,
        password=payload.password,
        actor=api_actor(request),
    )
    return Status(201, _signed_in(request, user, "sms"))


@auth_router.post("/password-login", response={200: SignInOut, **ERRORS}, summary="E-mail sign-in")
def password_login(request: HttpRequest, payload: PasswordLoginIn) -> SignInOut:
    """E-mail and password (agency staff, operators, regulators). Locks after repeated
    failures; with the SMS second factor on, returns a challenge instead."""
    result = actions.sign_in_with_password(
        payload.email, payload.password, actor=api_actor(request)
    )
    if result.user is not None:
        return _signed_in(request, result.user, "password")
    return SignInOut(
        status="second_factor_required",
        challenge=result.challenge,
        masked_phone=result.masked_phone,
    )


@auth_router.post("/second-factor", response={200: SignInOut, **ERRORS}, summary="SMS second step")
def second_factor(request: HttpRequest, payload: SecondFactorIn) -> SignInOut:
    user = actions.complete_second_factor(payload.challenge, payload.code, actor=api_actor(request))
    return _signed_in(request, user, "password+sms")


@auth_router.post("/logout", response={204: None, **ERRORS}, auth=AUTH, summary="Sign out")
def logout(request: HttpRequest) -> Status[None]:
    actions.end_session(request, actor=api_actor(request))
    return Status(204, None)


@auth_router.post(
    "/logout-everywhere",
    response={200: LogoutEverywhereOut, **ERRORS},
    auth=AUTH,
    summary="Sign out on every device",
)
def logout_everywhere(request: HttpRequest) -> LogoutEverywhereOut:
    ended = actions.logout_everywhere(_user(request), actor=api_actor(request))
    return LogoutEverywhereOut(ended=ended)


# --- own account ------------------------------------------------------------------------


@me_router.get("", response={200: MeOut, **ERRORS}, summary="My account")
def me(request: HttpRequest) -> MeOut:
    return _me(_user(request))


@me_router.patch("", response={200: MeOut, **ERRORS}, summary="Change my settings")
def update_me(request: HttpRequest, payload: ProfileIn) -> MeOut:
    user = actions.update_profile(
        _user(request),
        actor=api_actor(request),
        display_name=payload.display_name,
        preferred_language=payload.preferred_language,
        sms_second_factor=payload.sms_second_factor,
    )
    return _me(user)


@me_router.post(
    "/reauth-code", response={200: SmsCodeOut, **ERRORS}, summary="Send a code to confirm it is me"
)
def send_reauth_code(request: HttpRequest) -> SmsCodeOut:
    """Text a one-time code to the account's own number. Sensitive requests (rights
    requests, downloading a copy of my data, cancelling the account) take it as ``sms_code``."""
    sent = actions.send_reauth_code(_user(request), actor=api_actor(request))
    return _code_sent(sent.masked_phone)


@me_router.post("/roles", response={200: MeOut, **ERRORS}, summary="Take on a role")
def take_role(request: HttpRequest, payload: TakeRoleIn) -> MeOut:
    user = _user(request)
    actions.take_role(
        user,
        payload.role,
        actor=api_actor(request),
        birth_date=payload.birth_date,
        email=payload.email,
        password=payload.password,
    )
    return _me(user)


def _real_name_out(user: User) -> RealNameOut:
    return RealNameOut(
        status=user.real_name_status,
        masked_name=user.masked_real_name,
        masked_id_number=user.masked_id_number,
        document_type=user.id_document_type,
        verified_at=user.real_name_verified_at,
        face_verified_at=user.face_verified_at,
        attempts_today=real_name_checks_today(user),
    )


@me_router.get("/real-name", response={200: RealNameOut, **ERRORS}, summary="Real-name status")
def real_name_status(request: HttpRequest) -> RealNameOut:
    return _real_name_out(_user(request))


@me_router.post("/real-name", response={200: RealNameOut, **ERRORS}, summary="Verify real name")
def verify_real_name(request: HttpRequest, payload: RealNameIn) -> RealNameOut:
    """Needs the ``real_name`` consent (HTTP 412 ``consent_required`` otherwise)."""
    user = actions.verify_real_name(
        _user(request), name=payload.name, id_number=payload.id_number, actor=api_actor(request)
    )
    return _real_name_out(user)


@me_router.post("/face-verification", response={200: FaceOut, **ERRORS}, summary="Face check")
def verify_face(request: HttpRequest, image: File[UploadedFile]) -> FaceOut:
    """Needs the ``biometrics`` consent and a verified real name. The photo is not kept."""
    if image.size is not None and image.size > 5 * 1024 * 1024:
        raise accounts_error(AccountsErrorCode.FACE_INVALID_IMAGE, field="image")
    check = actions.verify_face(_user(request), image=image.read(), actor=api_actor(request))
    return FaceOut(outcome=check.outcome, score=check.score)


def _guardian_status(user: User) -> GuardianStatusOut:
    link = open_guardian_link(user) or user.guardian_links.first()
    return GuardianStatusOut(
        required=needs_guardian(user),
        standing=seeker_standing(user) if user.birth_date else None,
        link=GuardianLinkOut.build(link) if link else None,
    )


@me_router.get("/guardian", response={200: GuardianStatusOut, **ERRORS}, summary="Guardian")
def guardian_status(request: HttpRequest) -> GuardianStatusOut:
    return _guardian_status(_user(request))


@me_router.post("/guardian", response={201: GuardianStatusOut, **ERRORS}, summary="Ask a guardian")
def request_guardian(request: HttpRequest, payload: GuardianIn) -> Status[GuardianStatusOut]:
    user = _user(request)
    actions.request_guardian(
        user,
        guardian_name=payload.guardian_name,
        guardian_phone=payload.guardian_phone,
        relationship=payload.relationship,
        actor=api_actor(request),
    )
    return Status(201, _guardian_status(user))


@me_router.delete("/guardian", response={204: None, **ERRORS}, summary="Cancel guardian request")
def cancel_guardian(request: HttpRequest) -> Status[None]:
    actions.cancel_guardian_request(_user(request), actor=api_actor(request))
    return Status(204, None)


@me_router.get("/sessions", response={200: list[SessionOut], **ERRORS}, summary="My sign-ins")
def list_sessions(request: HttpRequest) -> list[SessionOut]:
    """Recent sign-ins (time, IP, device) and which are still active."""
    current = request.session.session_key if hasattr(request, "session") else None
    return [
        session_out(session, active=active, current_key=current)
        for session, active in sessions_of(_user(request))
    ]


@me_router.delete("/sessions/{session_id}", response={204: None, **ERRORS}, summary="End a session")
def end_session(request: HttpRequest, session_id: uuid.UUID) -> Status[None]:
    actions.revoke_session(_user(request), session_id, actor=api_actor(request))
    return Status(204, None)


@me_router.get("/tokens", response={200: list[TokenOut], **ERRORS}, summary="My API tokens")
def list_tokens(request: HttpRequest) -> list[TokenOut]:
    return [TokenOut.build(token) for token in tokens_of(_user(request))]


@me_router.post("/tokens", response={201: NewTokenOut, **ERRORS}, summary="Create an API token")
def create_token(request: HttpRequest, payload: TokenIn) -> Status[NewTokenOut]:
    token, plaintext = actions.create_api_token(
        _user(request),
        name=payload.name,
        expires_in_days=payload.expires_in_days,
        actor=api_actor(request),
    )
    return Status(201, NewTokenOut(**TokenOut.build(token).model_dump(), token=plaintext))


@me_router.delete("/tokens/{token_id}", response={204: None, **ERRORS}, summary="Revoke a token")
def revoke_token(request: HttpRequest, token_id: uuid.UUID) -> Status[None]:
    actions.revoke_api_token(_user(request), token_id, actor=api_actor(request))
    return Status(204, None)


# --- guardians (no account needed: the guardian proves their phone) --------------------


@guardian_router.post("/sms-code", response={200: SmsCodeOut, **ERRORS}, summary="Guardian code")
def guardian_code(request: HttpRequest, payload: GuardianCodeIn) -> SmsCodeOut:
    return _code_sent(actions.request_guardian_code(payload.phone, actor=api_actor(request)))


def _requests_for(phone: str) -> list[GuardianRequestOut]:
    links = guardian_links_for_phone(phone_index_candidates(phone)).order_by("-created_at")
    return [
        GuardianRequestOut(
            id=link.pk,
            minor_masked_name=mask_name(link.minor.display_name),
            relationship=link.relationship,
            status=link.status,
            requested_at=link.created_at,
        )
        for link in links
    ]


@guardian_router.post(
    "/verify", response={200: GuardianVerifyOut, **ERRORS}, summary="Verify phone"
)
def guardian_verify(request: HttpRequest, payload: GuardianVerifyIn) -> GuardianVerifyOut:
    token = actions.verify_guardian_phone(payload.phone, payload.code, actor=api_actor(request))
    return GuardianVerifyOut(token=token, links=_requests_for(normalise_mobile(payload.phone)))


@guardian_router.post(
    "/links/{link_id}/confirm", response={200: GuardianVerifyOut, **ERRORS}, summary="Confirm"
)
def guardian_confirm(
    request: HttpRequest, link_id: uuid.UUID, payload: GuardianTokenIn
) -> GuardianVerifyOut:
    actions.confirm_guardian(payload.token, link_id, actor=api_actor(request))
    phone = actions.guardian_phone_from_token(payload.token)
    return GuardianVerifyOut(token=payload.token, links=_requests_for(phone))


@guardian_router.post(
    "/links/{link_id}/withdraw", response={200: GuardianVerifyOut, **ERRORS}, summary="Withdraw"
)
def guardian_withdraw(
    request: HttpRequest, link_id: uuid.UUID, payload: GuardianTokenIn
) -> GuardianVerifyOut:
    actions.withdraw_guardian(payload.token, link_id, actor=api_actor(request))
    phone = actions.guardian_phone_from_token(payload.token)
    return GuardianVerifyOut(token=payload.token, links=_requests_for(phone))


# --- role administration (security administrators) -------------------------------------


def _require_role_admin(request: HttpRequest) -> User:
    user = _user(request)
    if not can_manage_roles(user):
        raise permission_denied()
    return user


@admin_router.get("/users", response={200: Page[UserAdminOut], **ERRORS}, summary="Accounts")
def admin_users(
    request: HttpRequest, search: str = "", page: int = 1, page_size: int = 20
) -> Page[UserAdminOut]:
    _require_role_admin(request)
    items, total, page, page_size = paginate(users_for_security_admin(search[:60]), page, page_size)
    return Page[UserAdminOut](
        items=[UserAdminOut.build(user) for user in items],
        total=total,
        page=page,
        page_size=page_size,
    )


def _target(user_id: uuid.UUID) -> User:
    target = users_for_security_admin().filter(pk=user_id).first()
    if target is None:
        raise not_found()
    return target


@admin_router.post(
    "/users/{user_id}/roles", response={200: UserAdminOut, **ERRORS}, summary="Grant"
)
def admin_grant_role(request: HttpRequest, user_id: uuid.UUID, payload: RoleIn) -> UserAdminOut:
    _require_role_admin(request)
    target = _target(user_id)
    actions.grant_role(target, payload.role, actor=api_actor(request))
    return UserAdminOut.build(_target(user_id))


@admin_router.delete(
    "/users/{user_id}/roles/{role}", response={200: UserAdminOut, **ERRORS}, summary="Revoke"
)
def admin_revoke_role(request: HttpRequest, user_id: uuid.UUID, role: str) -> UserAdminOut:
    _require_role_admin(request)
    target = _target(user_id)
    actions.revoke_role(target, role, actor=api_actor(request))
    return UserAdminOut.build(_target(user_id))

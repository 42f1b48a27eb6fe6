"""Signing in and out, the sessions list, and API tokens."""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib.auth import login, logout
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rencai.accounts.choices import SessionEndReason
from rencai.accounts.constants import API_TOKEN_MAX_DAYS, API_TOKEN_PREFIX
from rencai.accounts.errors import AccountsErrorCode, accounts_error
from rencai.accounts.models import ApiToken, User, UserSession
from rencai.accounts.queries import get_session_of, get_token_of, hash_token_secret
from rencai.audit.actions import record_event
from rencai.core.actors import Actor
from rencai.core.errors import DomainError
from rencai.core.models import Id

BACKEND = "rencai.accounts.backends.RencaiBackend"


def start_session(request: HttpRequest, user: User, *, method: str, actor: Actor) -> UserSession:
    """Log ``user`` in on this request (new session key) and record the sign-in."""
    with transaction.atomic():
        login(request, user, backend=BACKEND)
        if user.preferred_language:
            request.session["_language"] = user.preferred_language
        session = UserSession.objects.create(
            user=user,
            session_key=request.session.session_key or "",
            ip=actor.ip,
            user_agent=actor.user_agent,
            method=method,
        )
        record_event(actor.with_user(user), "accounts.login", session, after={"method": method})
    return session


def end_session(request: HttpRequest, *, actor: Actor) -> None:
    """Sign out of this browser."""
    key = request.session.session_key
    with transaction.atomic():
        if actor.user is not None and key:
            session = UserSession.objects.filter(
                user=actor.user, session_key=key, ended_at__isnull=True
            ).first()
            if session is not None:
                session.ended_at = timezone.now()
                session.end_reason = SessionEndReason.LOGOUT
                session.save(update_fields=["ended_at", "end_reason"])
            record_event(actor, "accounts.logout", actor.user)
        logout(request)


def _end(sessions: list[UserSession], reason: str) -> None:
    now = timezone.now()
    Session.objects.filter(session_key__in=[s.session_key for s in sessions]).delete()
    UserSession.objects.filter(pk__in=[s.pk for s in sessions]).update(
        ended_at=now, end_reason=reason
    )


def logout_everywhere(user: User, *, actor: Actor) -> int:
    """End every session of ``user`` on every device; returns how many were open."""
    with transaction.atomic():
        open_sessions = list(UserSession.objects.filter(user=user, ended_at__isnull=True))
        _end(open_sessions, SessionEndReason.LOGOUT_EVERYWHERE)
        record_event(
            actor, "accounts.logout_everywhere", user, after={"sessions": len(open_sessions)}
        )
    return len(open_sessions)


def revoke_session(user: User, session_id: Id, *, actor: Actor) -> UserSession:
    """End one session from the user's sessions list."""
    with transaction.atomic():
        session = get_session_of(user, session_id)
        if session is None or session.ended_at is not None:
            raise accounts_error(AccountsErrorCode.SESSION_NOT_FOUND)
        _end([session], SessionEndReason.REVOKED)
        session.refresh_from_db()
        record_event(actor, "accounts.session_revoked", session)
    return session


def create_api_token(
    user: User, *, name: str, expires_in_days: int | None, actor: Actor
) -> tuple[ApiToken, str]:
    """Create a bearer token; the plaintext is returned once and never stored."""
    clean_name = name.strip()
    if not 1 <= len(clean_name) <= 60:
        raise accounts_error(AccountsErrorCode.NAME_INVALID, field="name")
    if expires_in_days is not None and not 1 <= expires_in_days <= API_TOKEN_MAX_DAYS:
        message = _("Choose a validity between 1 and 365 days.")
        raise DomainError("token_expiry_invalid", message, fields={"expires_in_days": message})
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32).replace("_", "-")
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=clean_name,
            prefix=prefix,
            token_hash=hash_token_secret(secret),
            expires_at=(
                timezone.now() + dt.timedelta(days=expires_in_days) if expires_in_days else None
            ),
        )
        record_event(actor, "accounts.api_token_created", token, after={"name": clean_name})
    return token, f"{API_TOKEN_PREFIX}_{prefix}_{secret}"


def revoke_api_token(user: User, token_id: Id, *, actor: Actor) -> ApiToken:
    """Revoke one of the user's tokens at once."""
    with transaction.atomic():
        token = get_token_of(user, token_id)
        if token is None or token.revoked_at is not None:
            raise accounts_error(AccountsErrorCode.TOKEN_NOT_FOUND)
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_event(actor, "accounts.api_token_revoked", token, after={"name": token.name})
    return token

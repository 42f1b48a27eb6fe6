"""Reads of accounts data, scoped to the person asking."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from django.contrib.sessions.models import Session
from django.db.models import QuerySet
from django.utils import timezone

from rencai.accounts.choices import GuardianStatus, Role, SeekerStanding
from rencai.accounts.constants import ADULT_AGE, API_TOKEN_PREFIX
from rencai.accounts.models import ApiToken, GuardianLink, RealNameCheck, User, UserSession
from rencai.core.identifiers import age_on
from rencai.core.models import Id
from rencai.core.phones import phone_index_candidates
from rencai.core.timeutil import local_start_of_day, local_today
from rencai.sanctions.enforcement import may_log_in


def find_user_by_phone(phone: str) -> User | None:
    """The account registered with a normalised mobile number, if any."""
    return User.objects.filter(phone_index__in=phone_index_candidates(phone)).first()


def seeker_age(user: User, today: dt.date | None = None) -> int | None:
    """Completed years of age, or None if no birth date is known."""
    if user.birth_date is None:
        return None
    return age_on(user.birth_date, today or local_today())


def confirmed_guardian(user: User) -> GuardianLink | None:
    return user.guardian_links.filter(status=GuardianStatus.CONFIRMED).first()


def open_guardian_link(user: User) -> GuardianLink | None:
    """The pending or confirmed guardian link of a minor, if any."""
    return user.guardian_links.filter(
        status__in=[GuardianStatus.PENDING, GuardianStatus.CONFIRMED]
    ).first()


def seeker_standing(user: User, today: dt.date | None = None) -> str:
    """Whether a seeker may use seeker functions: a birth date is known and, for 16–17,
    a guardian has confirmed (MIN-02). 18 and over are active without a guardian."""
    age = seeker_age(user, today)
    if age is None:
        return SeekerStanding.BIRTH_DATE_REQUIRED
    if age < ADULT_AGE and confirmed_guardian(user) is None:
        return SeekerStanding.GUARDIAN_REQUIRED
    return SeekerStanding.ACTIVE


def needs_guardian(user: User, today: dt.date | None = None) -> bool:
    """A seeker aged 16 or 17."""
    age = seeker_age(user, today)
    return user.has_role(Role.SEEKER) and age is not None and age < ADULT_AGE


def sessions_of(user: User) -> list[tuple[UserSession, bool]]:
    """The user's sign-ins, newest first, each with whether it is still active (2 queries)."""
    sessions = list(UserSession.objects.filter(user=user).order_by("-created_at")[:50])
    open_keys = [s.session_key for s in sessions if s.ended_at is None]
    live = set(
        Session.objects.filter(
            session_key__in=open_keys, expire_date__gt=timezone.now()
        ).values_list("session_key", flat=True)
    )
    return [(session, session.session_key in live) for session in sessions]


def get_session_of(user: User, session_id: Id) -> UserSession | None:
    return UserSession.objects.filter(user=user, pk=session_id).first()


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def get_token_of(user: User, token_id: Id) -> ApiToken | None:
    return ApiToken.objects.filter(user=user, pk=token_id).first()


def hash_token_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def user_for_api_token(raw: str) -> User | None:
    """The active user behind a bearer token ``rc_<prefix>_<secret>``, or None."""
    parts = raw.split("_")
    if len(parts) != 3 or parts[0] != API_TOKEN_PREFIX:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1]).first()
    if token is None or not token.is_usable or not token.user.is_active:
        return None
    if not hmac.compare_digest(token.token_hash, hash_token_secret(parts[2])):
        return None
    return token.user if may_log_in(token.user) else None  # FRD-02: suspended accounts


def guardian_links_for_phone(phone_indexes: list[str]) -> QuerySet[GuardianLink]:
    """Links naming a guardian's verified phone (for the guardian's own page)."""
    return GuardianLink.objects.filter(guardian_phone_index__in=phone_indexes).select_related(
        "minor"
    )


def real_name_checks_today(user: User) -> int:
    start = local_start_of_day(local_today())
    return RealNameCheck.objects.filter(user=user, created_at__gte=start).count()


def users_for_security_admin(search: str = "") -> QuerySet[User]:
    """Accounts listed to a security administrator (roles prefetched)."""
    queryset = User.objects.prefetch_related("role_grants").order_by("-date_joined")
    if search:
        queryset = queryset.filter(display_name__icontains=search) | queryset.filter(
            email__icontains=search
        )
    return queryset

"""What a sanction in force stops (FRD-02). Other apps call these predicates with one line:

- ``ensure_may_log_in(user)`` in ``rencai.accounts`` (sign-in and API tokens):
  ``account_suspended`` with the end date;
- ``ensure_may_post(org)`` in ``rencai.jobs`` (create, submit, resume a posting):
  ``posting_suspended`` or ``daily_limit_reached``;
- ``ensure_may_apply(user)`` in ``rencai.applications``: ``applying_suspended`` or
  ``daily_limit_reached``;
- ``ensure_may_message(user)`` in ``rencai.messaging``: ``messaging_suspended`` or
  ``daily_limit_reached``;
- ``pending_warning(user)`` for the warning modal in every page.

A restriction keeps an account working within daily limits (``constants``) and lowers
its ranking through ``ranking_penalty``, which callers that rank results multiply in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from rencai.accounts.models import User
from rencai.core.errors import DomainError
from rencai.core.timeutil import local_start_of_day, local_today
from rencai.orgs.models import Organisation
from rencai.sanctions.choices import (
    APPLYING_BLOCKING,
    LOGIN_BLOCKING,
    POSTING_BLOCKING,
    SanctionKind,
)
from rencai.sanctions.constants import ranking_factor, setting
from rencai.sanctions.errors import SanctionErrorCode, sanction_error
from rencai.sanctions.models import Sanction
from rencai.sanctions.queries import in_force, subject_q

RESTRICTING = frozenset({SanctionKind.RESTRICTION})


def until_label(ends_at: dt.datetime | None) -> str:
    """The end of a sanction for people: a local date and time, or "further notice"."""
    if ends_at is None:
        return _("further notice")
    return formats.date_format(timezone.localtime(ends_at), "Y-m-d H:i")


def _in_force_kinds(kinds: frozenset[str], **subject: object) -> list[Sanction]:
    """The subject's sanctions in force of ``kinds`` (one query)."""
    return list(Sanction.objects.filter(in_force(), kind__in=kinds, **subject))


def _blocking(rows: list[Sanction], kinds: frozenset[str]) -> Sanction | None:
    """Of ``rows``, the sanction of one of ``kinds`` that ends last (permanent first)."""
    matching = [row for row in rows if row.kind in kinds]
    if not matching:
        return None
    permanent = [row for row in matching if row.ends_at is None]
    if permanent:
        return permanent[0]
    return max(matching, key=lambda row: row.ends_at or timezone.now())


def _restricted(rows: list[Sanction]) -> bool:
    return any(row.kind == SanctionKind.RESTRICTION for row in rows)


def _today_start() -> dt.datetime:
    return local_start_of_day(local_today())


def _refuse(code: SanctionErrorCode, sanction: Sanction) -> None:
    until = until_label(sanction.ends_at)
    raise sanction_error(
        code,
        params={"until": until},
        extra={
            "until": sanction.ends_at.isoformat() if sanction.ends_at else None,
            "sanction_id": str(sanction.pk),
        },
    )


def _limit(limit: int, done: int) -> None:
    if done >= limit:
        raise sanction_error(
            SanctionErrorCode.DAILY_LIMIT, params={"limit": limit}, extra={"limit": limit}
        )


# --- signing in --------------------------------------------------------------------------


def login_block(user: User) -> Sanction | None:
    """The suspension, closure or ban that keeps ``user`` out, if any."""
    return _blocking(_in_force_kinds(LOGIN_BLOCKING, user=user), LOGIN_BLOCKING)


def may_log_in(user: User) -> bool:
    return login_block(user) is None


def ensure_may_log_in(user: User) -> None:
    """Refuse a sanctioned account with ``account_suspended`` (and until when). On a
    successful sign-in, the warning flag is derived again from the database."""
    block = login_block(user)
    if block is not None:
        _refuse(SanctionErrorCode.ACCOUNT_SUSPENDED, block)
    refresh_warning_flag(user)


# --- posting -----------------------------------------------------------------------------


def posting_block(org: Organisation) -> Sanction | None:
    return _blocking(_in_force_kinds(POSTING_BLOCKING, organisation=org), POSTING_BLOCKING)


def _postings_submitted_today(org: Organisation) -> int:
    from rencai.jobs.choices import EventKind
    from rencai.jobs.models import PostingEvent

    return PostingEvent.objects.filter(
        posting__organisation=org, kind=EventKind.SUBMITTED, created_at__gte=_today_start()
    ).count()


def may_post(org: Organisation) -> bool:
    try:
        ensure_may_post(org)
    except DomainError:
        return False
    return True


def ensure_may_post(org: Organisation) -> None:
    """Refuse an organisation whose posting is suspended (or closed), or a restricted one
    past its daily number of postings sent to review."""
    rows = _in_force_kinds(POSTING_BLOCKING | RESTRICTING, organisation=org)
    block = _blocking(rows, POSTING_BLOCKING)
    if block is not None:
        _refuse(SanctionErrorCode.POSTING_SUSPENDED, block)
    if _restricted(rows):
        _limit(setting("SANCTION_DAILY_POSTINGS"), _postings_submitted_today(org))


# --- applying ----------------------------------------------------------------------------


def _applications_today(user: User) -> int:
    from rencai.applications.models import Application

    return Application.objects.filter(seeker=user, created_at__gte=_today_start()).count()


def may_apply(user: User) -> bool:
    try:
        ensure_may_apply(user)
    except DomainError:
        return False
    return True


def ensure_may_apply(user: User) -> None:
    rows = _in_force_kinds(APPLYING_BLOCKING | RESTRICTING, user=user)
    block = _blocking(rows, APPLYING_BLOCKING)
    if block is not None:
        _refuse(SanctionErrorCode.APPLYING_SUSPENDED, block)
    if _restricted(rows):
        _limit(setting("SANCTION_DAILY_APPLICATIONS"), _applications_today(user))


# --- messages ----------------------------------------------------------------------------


def _messages_today(user: User) -> int:
    from rencai.messaging.models import Message

    return Message.objects.filter(sender=user, created_at__gte=_today_start()).count()


def may_message(user: User) -> bool:
    try:
        ensure_may_message(user)
    except DomainError:
        return False
    return True


def ensure_may_message(user: User) -> None:
    rows = _in_force_kinds(LOGIN_BLOCKING | RESTRICTING, user=user)
    block = _blocking(rows, LOGIN_BLOCKING)
    if block is not None:
        _refuse(SanctionErrorCode.MESSAGING_SUSPENDED, block)
    if _restricted(rows):
        _limit(setting("SANCTION_DAILY_MESSAGES"), _messages_today(user))


# --- warnings and ranking ----------------------------------------------------------------

# Pages ask ``has_warning_flag`` (a cache read, no query) before looking for the warning:
# the flag is set when a warning is imposed and derived again at every sign-in, and
# cleared once nothing is left to acknowledge.
WARNING_FLAG = "sanctions:warning:{user_id}"


def _flag_key(user_id: object) -> str:
    return WARNING_FLAG.format(user_id=user_id)


def set_warning_flag(user_ids: Iterable[object]) -> None:
    from django.core.cache import cache

    cache.set_many({_flag_key(user_id): True for user_id in user_ids}, timeout=None)


def has_warning_flag(user: User) -> bool:
    from django.core.cache import cache

    return bool(cache.get(_flag_key(user.pk)))


def refresh_warning_flag(user: User) -> Sanction | None:
    """Look for the pending warning and set or clear the flag accordingly."""
    from django.core.cache import cache

    warning = pending_warning(user)
    if warning is None:
        cache.delete(_flag_key(user.pk))
    else:
        cache.set(_flag_key(user.pk), True, timeout=None)
    return warning


def pending_warning(user: User) -> Sanction | None:
    """The oldest warning in force that the person (or, for an organisation's warning,
    one of its administrators) has not acknowledged yet."""
    return (
        Sanction.objects.filter(
            in_force(),
            subject_q(user, admins_only=True),
            kind=SanctionKind.WARNING,
            acknowledged_at__isnull=True,
        )
        .order_by("starts_at")
        .first()
    )


def ranking_penalty(*, user: User | None = None, organisation: Organisation | None = None) -> float:
    """The factor (≤ 1) to multiply a subject's ranking score with: lower for a
    restricted account or organisation, 1.0 otherwise."""
    subjects: list[dict[str, object]] = []
    if user is not None:
        subjects.append({"user": user})
    if organisation is not None:
        subjects.append({"organisation": organisation})
    if any(_restricted(_in_force_kinds(RESTRICTING, **subject)) for subject in subjects):
        return ranking_factor()
    return 1.0

"""Confirming it is really the signed-in person before a sensitive step (a rights request,
downloading a copy of one's data, cancelling the account): a fresh SMS code sent to the
account's own number (PI-18 identity re-check)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from rencai.accounts.actions.sms import SentCode, consume_code, send_code
from rencai.accounts.choices import SmsPurpose
from rencai.accounts.errors import AccountsErrorCode, accounts_error
from rencai.audit.actions import record_event
from rencai.core.actors import Actor

if TYPE_CHECKING:
    from rencai.accounts.models import User


def send_reauth_code(user: User, *, actor: Actor) -> SentCode:
    """Text a one-time code to the account's own mobile number."""
    if not user.phone:
        raise accounts_error(AccountsErrorCode.REAUTH_UNAVAILABLE)
    return send_code(user.phone, SmsPurpose.REAUTH, actor=actor)


def confirm_identity(user: User, code: str, *, actor: Actor) -> None:
    """Accept the code sent by ``send_reauth_code`` (once) or raise ``code_invalid``."""
    if not user.phone:
        raise accounts_error(AccountsErrorCode.REAUTH_UNAVAILABLE)
    consume_code(user.phone, SmsPurpose.REAUTH, code, actor=actor)
    with transaction.atomic():
        record_event(actor, "accounts.identity_confirmed", user)

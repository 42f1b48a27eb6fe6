"""Changes people make to their own account settings."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from rencai.accounts.actions.registration import clean_display_name
from rencai.accounts.errors import AccountsErrorCode, accounts_error
from rencai.accounts.models import User
from rencai.audit.actions import record_event
from rencai.core.actors import Actor
from rencai.core.errors import DomainError


def update_profile(
    user: User,
    *,
    actor: Actor,
    display_name: str | None = None,
    preferred_language: str | None = None,
    sms_second_factor: bool | None = None,
) -> User:
    """Change the display name, interface language or SMS second factor."""
    before = {
        "display_name": user.display_name,
        "preferred_language": user.preferred_language,
        "sms_second_factor": user.sms_second_factor,
    }
    fields: list[str] = []
    if display_name is not None:
        user.display_name = clean_display_name(display_name)
        fields.append("display_name")
    if preferred_language is not None:
        if preferred_language not in {code for code, _name in settings.LANGUAGES} | {""}:
            message = _("Unknown language.")
            raise DomainError("language_invalid", message, fields={"preferred_language": message})
        user.preferred_language = preferred_language
        fields.append("preferred_language")
    if sms_second_factor is not None:
        if sms_second_factor and not user.phone:
            raise accounts_error(AccountsErrorCode.IDENTITY_REQUIRED, field="sms_second_factor")
        user.sms_second_factor = sms_second_factor
        fields.append("sms_second_factor")
    if not fields:
        return user
    with transaction.atomic():
        user.save(update_fields=fields)
        record_event(
            actor,
            "accounts.profile_updated",
            user,
            before={name: before[name] for name in fields},
            after={name: getattr(user, name) for name in fields},
        )
    return user

"""The privacy switches that are not consents in the ledger (ALG-05, PI-17): talent insight
shown to recruiters, visibility of the activity status, and the instruction for after the
user's death. Each change is an audited action with the values before and after.

Personalised recommendation (ALG-01) and marketing (PI-11) are consents: they are switched
through ``rencai.privacy.actions.set_optional_consent``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from rencai.audit.actions import record_event
from rencai.core.actors import Actor
from rencai.core.errors import DomainError
from rencai.privacy.choices import PosthumousInstruction
from rencai.privacy.errors import CentreErrorCode
from rencai.privacy.models import PrivacySettings

if TYPE_CHECKING:
    from rencai.accounts.models import User

SETTING_FIELDS = ("talent_insight", "show_activity_status", "posthumous_instruction")


def privacy_settings_of(user: User) -> PrivacySettings:
    """The user's switches; an unsaved row with the defaults when they never changed one."""
    found = PrivacySettings.objects.filter(user=user).first()
    return found if found is not None else PrivacySettings(user=user)


def _values(settings: PrivacySettings) -> dict[str, Any]:
    return {name: getattr(settings, name) for name in SETTING_FIELDS}


def update_privacy_settings(
    user: User,
    *,
    actor: Actor,
    talent_insight: bool | None = None,
    show_activity_status: bool | None = None,
    posthumous_instruction: str | None = None,
) -> PrivacySettings:
    """Change some of the user's switches (``None`` = leave as is). Takes effect at once:
    recruiters' pages and the API read the switches on every request (ALG-05). Audited as
    ``privacy.settings_changed`` with the values before and after; a call that changes
    nothing writes nothing."""
    if (
        posthumous_instruction is not None
        and posthumous_instruction not in PosthumousInstruction.values
    ):
        message = _("Choose one of the instructions offered.")
        raise DomainError(
            CentreErrorCode.SETTING_INVALID, message, fields={"posthumous_instruction": message}
        )
    changes: dict[str, Any] = {
        name: value
        for name, value in (
            ("talent_insight", talent_insight),
            ("show_activity_status", show_activity_status),
            ("posthumous_instruction", posthumous_instruction),
        )
        if value is not None
    }
    with transaction.atomic():
        settings, _created = PrivacySettings.objects.select_for_update().get_or_create(user=user)
        before = _values(settings)
        changed = [name for name, value in changes.items() if before[name] != value]
        if not changed:
            return settings
        for name in changed:
            setattr(settings, name, changes[name])
        settings.save(update_fields=[*changed, "updated_at"])
        record_event(
            actor,
            "privacy.settings_changed",
            user,
            before={name: before[name] for name in changed},
            after={name: changes[name] for name in changed},
        )
    return settings

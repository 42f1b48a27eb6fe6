"""How accounts data is shown to its owner (shared by pages and the API)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from user_agents import parse

from rencai.accounts.choices import RealNameStatus, Role
from rencai.accounts.models import User
from rencai.accounts.queries import needs_guardian, seeker_standing


def device_label(user_agent: str) -> str:
    """``Chrome 120 · Windows 10`` from a User-Agent header."""
    if not user_agent:
        return _("Unknown device")
    agent = parse(user_agent)
    browser = f"{agent.browser.family} {agent.browser.version_string}".strip()
    system = f"{agent.os.family} {agent.os.version_string}".strip()
    return f"{browser} · {system}"


def sign_in_method_label(method: str) -> str:
    """``password+sms`` → "Password and SMS code" (translated)."""
    labels = {
        "sms": _("SMS code"),
        "password": _("Password"),
        "password+sms": _("Password and SMS code"),
    }
    return labels.get(method, method)


def me_payload(user: User) -> dict[str, object]:
    """The owner's view of their account, masked where sensitive (IDV-01)."""
    is_seeker = user.has_role(Role.SEEKER)
    return {
        "id": user.pk,
        "display_name": user.display_name,
        "masked_phone": user.masked_phone,
        "email": user.email,
        "roles": sorted(user.role_set),
        "real_name_status": user.real_name_status,
        "masked_real_name": user.masked_real_name,
        "masked_id_number": user.masked_id_number,
        "face_verified": user.face_verified_at is not None,
        "birth_date": user.birth_date,
        "seeker_standing": seeker_standing(user) if is_seeker else None,
        "needs_guardian": needs_guardian(user),
        "preferred_language": user.preferred_language,
        "sms_second_factor": user.sms_second_factor,
    }


def real_name_label(user: User) -> str:
    return str(RealNameStatus(user.real_name_status).label)

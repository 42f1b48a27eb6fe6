"""Template context: the signed-in staff member's organisation, looked up only when a
template asks for it (navigation, dashboard)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from rencai.accounts.choices import Role
from rencai.orgs.models import Membership


def organisation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"is_org_staff": False, "my_membership": None}

    def load() -> Membership | None:
        from rencai.orgs.queries import active_membership

        return active_membership(user)

    return {
        "is_org_staff": user.has_role(Role.EMPLOYER_STAFF, Role.AGENCY_STAFF),
        "my_membership": SimpleLazyObject(load),
    }

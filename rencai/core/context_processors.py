"""Template context every page needs: the operator's licences for the footer (LIC-02)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def platform(request: HttpRequest) -> dict[str, Any]:
    return {
        "platform": {
            "operator_name": settings.OPERATOR_NAME,
            "operator_uscc": settings.OPERATOR_USCC,
            "operator_phone": settings.OPERATOR_PHONE,
            "operator_email": settings.OPERATOR_EMAIL,
            "hr_licence_no": settings.HR_LICENCE_NO,
            "icp_licence_no": settings.ICP_LICENCE_NO,
            "icp_filing_no": settings.ICP_FILING_NO,
            "mode": settings.PLATFORM_MODE,
            "debug": settings.DEBUG,
        }
    }


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Roles for the navigation and the notice of upcoming legal changes (signed-in only).

    Anonymous visitors get nothing computed about them (browse mode, PI-03)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_roles": frozenset(), "is_operator": False, "legal_notices": []}
    # Imported here: core sits below accounts and privacy in the layering.
    from rencai.accounts.permissions import is_operator
    from rencai.privacy.queries import required_document_kinds, upcoming_documents

    roles = user.role_set
    kinds = required_document_kinds(roles)
    return {
        "nav_roles": roles,
        "is_operator": is_operator(user),
        "legal_notices": upcoming_documents(kinds) if kinds else [],
    }

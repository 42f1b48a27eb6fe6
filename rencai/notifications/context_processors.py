"""Template context for the navigation: the signed-in person's unread notifications."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from rencai.notifications.queries import unread_count

_CACHE_ATTRIBUTE = "_rencai_unread_notifications"


def remember_unread(request: HttpRequest, count: int) -> None:
    """A view that has counted the unread notifications already (the centre, per
    category) saves the navigation its own COUNT."""
    setattr(request, _CACHE_ATTRIBUTE, count)


def notifications(request: HttpRequest) -> dict[str, Any]:
    """``unread_notifications``: a callable the template engine calls on first use, so the
    COUNT runs only on pages that show it, only for signed-in people, once per request."""

    def unread() -> int:
        cached: int | None = getattr(request, _CACHE_ATTRIBUTE, None)
        if cached is None:
            user = getattr(request, "user", None)
            cached = unread_count(user) if user is not None and user.is_authenticated else 0
            setattr(request, _CACHE_ATTRIBUTE, cached)
        return cached

    return {"unread_notifications": unread}

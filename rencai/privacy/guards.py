"""Consent guards: refuse with ``consent_required`` (HTTP 412) unless the signed-in user
currently consents to the purpose."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.http import HttpRequest

from rencai.core.models import Id
from rencai.privacy.errors import ConsentRequired
from rencai.privacy.queries import has_consent

F = TypeVar("F", bound=Callable[..., Any])


def ensure_consent(user_id: Id, purpose: str) -> None:
    """Raise ``ConsentRequired`` unless the user consents to ``purpose`` right now."""
    if not has_consent(user_id, purpose):
        raise ConsentRequired(purpose)


def require_consent(purpose: str) -> Callable[[F], F]:
    """Decorator for views and API endpoints whose first argument is the request."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if request.user.pk is None:
                raise ConsentRequired(purpose)
            ensure_consent(request.user.pk, purpose)
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator

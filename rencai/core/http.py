"""Typed requests and small view helpers shared by all apps."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rencai.core.actors import Actor, actor_from_request

if TYPE_CHECKING:
    from rencai.accounts.models import User


class AuthedRequest(HttpRequest):
    """A request whose user is signed in (use with ``@signed_in``)."""

    user: User


F = TypeVar("F", bound=Callable[..., HttpResponse])


def signed_in(view: F) -> F:
    """``login_required`` with the typed request."""
    return login_required(view)


def require(predicate: Callable[[User], bool]) -> Callable[[F], F]:
    """Allow the view only for signed-in users for whom ``predicate`` holds (else 403 page)."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not predicate(request.user):
                return render(request, "403.html", status=403)
            return view(request, *args, **kwargs)

        return login_required(wrapped)  # type: ignore[return-value]

    return decorator


def web_actor(request: HttpRequest) -> Actor:
    return actor_from_request(request)


def viewer(request: HttpRequest) -> User | None:
    """The signed-in person looking at a public page, or None for an anonymous visitor."""
    return request.user if request.user.is_authenticated else None

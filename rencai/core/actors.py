"""Who is acting: the user (or the system) plus request context for the audit trail."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from rencai.accounts.models import User


class Channel:
    """How an action reached the platform."""

    WEB = "web"
    API = "api"
    CLI = "cli"
    SYSTEM = "system"


@dataclass(frozen=True)
class Actor:
    """The person or process performing an action.

    ``user`` is None for anonymous visitors and for the system itself (scheduled jobs).
    ``ip`` and ``request_id`` go into the audit trail; ``channel`` says web, API or CLI.
    """

    user: User | None
    ip: str | None = None
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    channel: str = Channel.SYSTEM
    user_agent: str = ""

    @property
    def label(self) -> str:
        if self.user is None:
            return "anonymous" if self.channel in (Channel.WEB, Channel.API) else "system"
        return f"user:{self.user.pk}"

    def with_user(self, user: User) -> Actor:
        """The same request context acting as ``user`` (after login or registration)."""
        return Actor(user, self.ip, self.request_id, self.channel, self.user_agent)


def system_actor() -> Actor:
    """The platform itself, for scheduled jobs and data migrations."""
    return Actor(user=None, channel=Channel.SYSTEM)


def cli_actor(user: User | None = None) -> Actor:
    """A management command run by an operator on the server."""
    return Actor(user=user, channel=Channel.CLI)


def actor_from_request(request: HttpRequest, *, channel: str = Channel.WEB) -> Actor:
    """Build the actor for an HTTP request (the request-id middleware has run)."""
    user = request.user if request.user.is_authenticated else None
    return Actor(
        user=user,
        ip=client_ip(request),
        request_id=getattr(request, "request_id", uuid.uuid4().hex),
        channel=channel,
        user_agent=request.headers.get("User-Agent", "")[:400],
    )


def client_ip(request: HttpRequest) -> str | None:
    """The client address; behind a proxy, the proxy must set ``REMOTE_ADDR`` correctly
    (for example gunicorn's ``--forwarded-allow-ips``); forwarded headers are not trusted."""
    return request.META.get("REMOTE_ADDR") or None

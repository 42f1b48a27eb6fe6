"""Domain errors with stable codes.

Every app defines its own ``ErrorCode`` values; actions raise ``DomainError`` (or a subclass)
with one of them. The API maps the error to ``{"code", "message", "fields"}`` with the HTTP
status the error carries; HTML views show ``message`` (already translated) next to the form.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule of the platform refused the operation.

    ``code`` is stable and machine-readable (tests and API clients rely on it),
    ``message`` is a translatable text for people, ``fields`` maps form/API field
    names to translated messages about that field.
    """

    status: int = 400

    def __init__(
        self,
        code: str,
        message: str | Promise,
        *,
        fields: Mapping[str, str | Promise] | None = None,
        status: int | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.fields: dict[str, str | Promise] = dict(fields or {})
        if status is not None:
            self.status = status
        self.extra: dict[str, Any] = dict(extra or {})

    def as_dict(self) -> dict[str, Any]:
        """The JSON envelope for this error, with messages rendered in the active language."""
        body: dict[str, Any] = {
            "code": self.code,
            "message": str(self.message),
            "fields": {name: str(text) for name, text in self.fields.items()},
        }
        body.update(self.extra)
        return body


class PermissionDenied(DomainError):
    """The actor may not do this (HTTP 403)."""

    status = 403


class NotFound(DomainError):
    """The object does not exist or is not visible to the actor (HTTP 404)."""

    status = 404


class RateLimited(DomainError):
    """Too many attempts; ``retry_after`` seconds until the next one is allowed (HTTP 429)."""

    status = 429

    def __init__(self, code: str, message: str | Promise, *, retry_after: int) -> None:
        super().__init__(code, message, extra={"retry_after": retry_after})
        self.retry_after = retry_after


def not_found() -> NotFound:
    """The standard 404: the object does not exist or the actor may not see it."""
    return NotFound("not_found", _("This item does not exist or is not visible to you."))


def permission_denied() -> PermissionDenied:
    """The standard 403 for an actor without the required role."""
    return PermissionDenied("permission_denied", _("You do not have permission to do this."))


def coded_error(
    code: str,
    messages: Mapping[Any, str | Promise],
    statuses: Mapping[Any, int],
    *,
    field: str = "",
    params: Mapping[str, object] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> DomainError:
    """An app's error for ``code``: its message from ``messages`` (``params`` fill the
    placeholders), on ``field`` if given, with the status from ``statuses`` (400 by
    default)."""
    message: str | Promise = messages[code]
    if params:
        message = str(message) % dict(params)
    fields = {field: message} if field else None
    return DomainError(code, message, fields=fields, status=statuses.get(code, 400), extra=extra)

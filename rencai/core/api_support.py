"""Shared API plumbing: authentication, the error envelope, pagination."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Schema
from ninja.security import APIKeyCookie, HttpBearer
from pydantic import ConfigDict

from rencai.core.actors import Actor, Channel, actor_from_request
from rencai.core.errors import DomainError

T = TypeVar("T")
MAX_PAGE_SIZE = 100


class StrictSchema(Schema):
    """Request bodies: unknown fields are an error (422), not silently ignored."""

    model_config = ConfigDict(extra="forbid")


class ErrorOut(Schema):
    """Every error response: a stable code, a translated message, per-field messages."""

    code: str
    message: str
    fields: dict[str, str] = {}


# Every endpoint documents the error envelope for these statuses.
ERROR_STATUSES = (400, 401, 403, 404, 409, 412, 422, 429, 503)
ERRORS: dict[int, type[ErrorOut]] = dict.fromkeys(ERROR_STATUSES, ErrorOut)


class BearerTokenAuth(HttpBearer):
    """``Authorization: Bearer rc_<prefix>_<secret>`` for programs."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from rencai.accounts.queries import user_for_api_token

        user = user_for_api_token(token)
        if user is None:
            return None
        request.user = user
        request.auth_method = "token"  # type: ignore[attr-defined]
        return user


class SessionCookieAuth(APIKeyCookie):
    """The site's session cookie (with Django's CSRF check on unsafe methods)."""

    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if request.user.is_authenticated:
            request.auth_method = "session"  # type: ignore[attr-defined]
            return request.user
        return None


AUTH = [BearerTokenAuth(), SessionCookieAuth()]


def api_actor(request: HttpRequest) -> Actor:
    return actor_from_request(request, channel=Channel.API)


class Page(Schema, Generic[T]):
    items: list[T]
    total: int
    page: int
    page_size: int


def paginate(queryset: QuerySet[Any], page: int, page_size: int) -> tuple[list[Any], int, int, int]:
    """Slice ``queryset`` for one page (two queries: count and rows)."""
    if page < 1 or not 1 <= page_size <= MAX_PAGE_SIZE:
        message = _("The page must be 1 or more and the page size between 1 and 100.")
        raise DomainError("pagination_invalid", message, fields={"page_size": message})
    total = queryset.count()
    start = (page - 1) * page_size
    return list(queryset[start : start + page_size]), total, page, page_size

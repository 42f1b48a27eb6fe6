"""Session authentication backend: resolves the session's user; sign-in itself happens in
``rencai.accounts.actions`` (SMS code or password), never through ``authenticate()``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend
from django.http import HttpRequest

from rencai.accounts.models import User


class RencaiBackend(BaseBackend):
    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> None:
        return None

    def get_user(self, user_id: Any) -> User | None:
        return User.objects.filter(pk=user_id, is_active=True).first()

"""Typed readers for configuration from the environment (Healthchecks' envbool/envint style).

Every helper rejects malformed values with ``ImproperlyConfigured`` instead of silently
falling back, so a typo in production configuration stops the process at start-up.
A ``<NAME>_FILE`` variable, when set, is read instead of ``<NAME>`` (for secrets mounted
as files).
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _raw(name: str) -> str | None:
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={file_name!r} cannot be read: {exc}") from exc
    return os.environ.get(name)


def envstr(name: str, default: str = "") -> str:
    """A string setting; empty when unset and no default is given."""
    value = _raw(name)
    return default if value is None else value.strip()


def envbool(name: str, default: bool) -> bool:
    """A boolean setting: one of 1/0, true/false, yes/no, on/off (case-insensitive)."""
    value = _raw(name)
    if value is None or value.strip() == "":
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use true or false)")


def envint(name: str, default: int, *, minimum: int | None = None) -> int:
    """An integer setting, optionally with a lower bound."""
    value = _raw(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value.strip())
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={value!r} is not an integer") from exc
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} must be at least {minimum}")
    return number


def envlist(name: str, default: list[str] | None = None) -> list[str]:
    """A comma-separated list setting; blank items are dropped."""
    value = _raw(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def envchoice(name: str, default: str, choices: tuple[str, ...]) -> str:
    """A setting restricted to a fixed set of values."""
    value = envstr(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} must be one of: {', '.join(choices)}")
    return value

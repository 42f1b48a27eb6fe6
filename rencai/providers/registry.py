"""Selecting the backend of each outside service from ``settings.PROVIDERS``.

A setting is either a short name listed in ``BUILTIN`` (``sandbox``) or the dotted path of a
class implementing the service's interface, so adding a real gateway is configuration.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

BUILTIN: dict[str, dict[str, str]] = {
    "sms": {"sandbox": "rencai.providers.sms.sandbox.SandboxSmsProvider"},
    "identity": {"sandbox": "rencai.providers.identity.sandbox.SandboxIdentityProvider"},
    "face": {"sandbox": "rencai.providers.face.sandbox.SandboxFaceProvider"},
}


@cache
def _load(service: str, backend: str) -> Any:
    path = BUILTIN.get(service, {}).get(backend, backend)
    try:
        return import_string(path)()
    except ImportError as exc:
        raise ImproperlyConfigured(f"{service} provider {backend!r} cannot be loaded") from exc


def provider(service: str) -> Any:
    """The configured backend instance for ``service`` (``sms``, ``identity``, ``face``)."""
    try:
        backend = settings.PROVIDERS[service]
    except KeyError as exc:
        raise ImproperlyConfigured(f"no provider configured for {service!r}") from exc
    return _load(service, backend)


def is_sandbox(service: str) -> bool:
    """Whether ``service`` runs on the offline sandbox backend."""
    return bool(settings.PROVIDERS.get(service) == "sandbox")

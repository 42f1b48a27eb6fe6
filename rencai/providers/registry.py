"""Selecting the backend of each outside service from ``settings.PROVIDERS``.

A setting is either a short name listed in ``BUILTIN`` (``sandbox``; for e-mail also
``django``, which sends through Django's ``EMAIL_*`` settings) or the dotted path of a class
implementing the service's interface, so adding a real gateway is configuration.
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
    "virtual_number": {
        "sandbox": "rencai.providers.virtual_number.sandbox.SandboxVirtualNumberProvider"
    },
    "email": {
        "sandbox": "rencai.providers.email.sandbox.SandboxEmailProvider",
        "django": "rencai.providers.email.django_mail.DjangoMailProvider",
    },
}


@cache
def _load(service: str, backend: str) -> Any:
    path = BUILTIN.get(service, {}).get(backend, backend)
    try:
        return import_string(path)()
    except ImportError as exc:
        raise ImproperlyConfigured(f"{service} provider {backend!r} cannot be loaded") from exc


def provider(service: str) -> Any:
    """The configured backend for ``service`` (``sms``, ``identity``, ``face``, ``email``,
    ``virtual_number``)."""
    try:
        backend = settings.PROVIDERS[service]
    except KeyError as exc:
        raise ImproperlyConfigured(f"no provider configured for {service!r}") from exc
    return _load(service, backend)


def is_sandbox(service: str) -> bool:
    """Whether ``service`` runs on the offline sandbox backend."""
    return bool(settings.PROVIDERS.get(service) == "sandbox")

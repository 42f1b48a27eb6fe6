"""Start-up guards for production configuration (STYLE.md rule 6, LIC-01).

``production_problems`` is a pure function so tests can check every rule; ``settings.py``
calls it and raises ``ImproperlyConfigured`` listing all problems at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class DeploymentConfig:
    """The values the guard looks at."""

    debug: bool
    secret_key_set: bool
    encryption_key_set: bool
    blind_index_key_set: bool
    allowed_hosts: list[str]
    providers: Mapping[str, str]
    platform_mode: str
    hr_licence_no: str
    icp_licence_no: str
    business_licence_uscc: str
    email_backend: str = ""


# Django mail backends that never deliver anything.
NON_DELIVERING_MAIL = frozenset(
    {
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
        "django.core.mail.backends.filebased.EmailBackend",
    }
)


def production_problems(config: DeploymentConfig) -> list[str]:
    """Every reason the configuration is unfit for ``DEBUG=False`` (empty when fit)."""
    if config.debug:
        return []
    problems: list[str] = []
    if not config.secret_key_set:
        problems.append("SECRET_KEY must be set")
    if not config.encryption_key_set:
        problems.append("FIELD_ENCRYPTION_KEYS must be set")
    if not config.blind_index_key_set:
        problems.append("BLIND_INDEX_KEYS must be set")
    if not config.allowed_hosts or "*" in config.allowed_hosts:
        problems.append("ALLOWED_HOSTS must list the site's host names (no '*')")
    for service, backend in sorted(config.providers.items()):
        if backend == "sandbox":
            problems.append(
                f"{service.upper()}_PROVIDER is 'sandbox'; configure a real provider backend"
            )
    if config.providers.get("email") == "django" and config.email_backend in NON_DELIVERING_MAIL:
        problems.append(
            "EMAIL_PROVIDER=django needs a delivering EMAIL_BACKEND (e.g. SMTP), not "
            f"{config.email_backend.rsplit('.', 2)[-2]}"
        )
    if config.platform_mode == "commercial":
        # LIC-01: a commercial operator needs an HR-service licence and an ICP licence.
        if not config.hr_licence_no:
            problems.append("HR_LICENCE_NO is required in commercial mode (LIC-01)")
        if not config.icp_licence_no:
            problems.append("ICP_LICENCE_NO is required in commercial mode (LIC-01)")
    if not config.business_licence_uscc:
        problems.append("OPERATOR_USCC is required: the footer must show it (LIC-02)")
    return problems

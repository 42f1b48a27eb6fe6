"""Configuration: typed env helpers and the production start-up guard (LIC-01)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from rencai.core.config_checks import DeploymentConfig, production_problems
from rencai.core.env import envbool, envchoice, envint, envlist, envstr

ROOT = Path(__file__).resolve().parents[3]


def test_env_helpers_read_and_reject(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("X_BOOL", "yes")
    assert envbool("X_BOOL", False) is True
    monkeypatch.setenv("X_BOOL", "maybe")
    with pytest.raises(ImproperlyConfigured, match="not a boolean"):
        envbool("X_BOOL", False)
    monkeypatch.setenv("X_INT", "12a")
    with pytest.raises(ImproperlyConfigured, match="not an integer"):
        envint("X_INT", 1)
    monkeypatch.setenv("X_INT", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        envint("X_INT", 1, minimum=1)
    monkeypatch.setenv("X_LIST", "a, b,,c ")
    assert envlist("X_LIST") == ["a", "b", "c"]
    monkeypatch.setenv("X_CHOICE", "other")
    with pytest.raises(ImproperlyConfigured, match="must be one of"):
        envchoice("X_CHOICE", "a", ("a", "b"))
    secret = tmp_path / "secret"
    secret.write_text("from-file\n")
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    assert envstr("X_SECRET") == "from-file"
    monkeypatch.setenv("X_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="cannot be read"):
        envstr("X_SECRET")


def _config(**overrides: object) -> DeploymentConfig:
    values: dict[str, object] = {
        "debug": False,
        "secret_key_set": True,
        "encryption_key_set": True,
        "blind_index_key_set": True,
        "allowed_hosts": ["rencai.example"],
        "providers": {"sms": "acme.Sms", "identity": "acme.Id", "face": "acme.Face"},
        "platform_mode": "commercial",
        "hr_licence_no": "（京）人服证字〔2026〕第1号",
        "icp_licence_no": "京B2-1",
        "business_licence_uscc": "91110000600037341L",
    }
    values.update(overrides)
    return DeploymentConfig(**values)


def test_complete_production_config_passes() -> None:
    assert production_problems(_config()) == []


def test_debug_skips_the_guard() -> None:
    assert production_problems(_config(debug=True, secret_key_set=False)) == []


@pytest.mark.parametrize(
    ("override", "problem"),
    [
        ({"secret_key_set": False}, "SECRET_KEY must be set"),
        ({"encryption_key_set": False}, "FIELD_ENCRYPTION_KEYS must be set"),
        ({"blind_index_key_set": False}, "BLIND_INDEX_KEYS must be set"),
        ({"allowed_hosts": []}, "ALLOWED_HOSTS"),
        ({"allowed_hosts": ["*"]}, "ALLOWED_HOSTS"),
        ({"providers": {"sms": "sandbox"}}, "SMS_PROVIDER is 'sandbox'"),
        ({"hr_licence_no": ""}, "HR_LICENCE_NO is required in commercial mode (LIC-01)"),
        ({"icp_licence_no": ""}, "ICP_LICENCE_NO is required in commercial mode (LIC-01)"),
        ({"business_licence_uscc": ""}, "OPERATOR_USCC is required"),
    ],
)
def test_each_missing_piece_is_named(override: dict[str, object], problem: str) -> None:
    problems = production_problems(_config(**override))
    assert any(problem in p for p in problems), problems


def test_public_mode_needs_no_commercial_licences() -> None:
    assert (
        production_problems(_config(platform_mode="public", hr_licence_no="", icp_licence_no=""))
        == []
    )


def _start_django(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Import the real settings in a fresh interpreter with ``env``."""
    return subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "rencai.settings"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_process_refuses_to_start_with_debug_false_and_no_secrets() -> None:
    secrets = ("SECRET_KEY", "FIELD_", "BLIND_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(secrets)}
    result = _start_django({**env, "DEBUG": "false"})
    assert result.returncode != 0
    assert "DEBUG=False but" in result.stderr
    assert "SECRET_KEY must be set" in result.stderr
    assert "SMS_PROVIDER is 'sandbox'" in result.stderr


def test_malformed_database_url_is_refused() -> None:
    result = _start_django({**os.environ, "DATABASE_URL": "mysql://x/y"})
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_malformed_encryption_key_is_refused() -> None:
    result = _start_django({**os.environ, "FIELD_ENCRYPTION_KEYS": "k1:short"})
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS" in result.stderr


def test_django_mail_provider_needs_a_delivering_backend() -> None:
    providers = {"sms": "acme.Sms", "identity": "acme.Id", "face": "acme.Face", "email": "django"}
    console = "django.core.mail.backends.console.EmailBackend"
    problems = production_problems(_config(providers=providers, email_backend=console))
    assert problems == [
        "EMAIL_PROVIDER=django needs a delivering EMAIL_BACKEND (e.g. SMTP), not console"
    ]
    smtp = "django.core.mail.backends.smtp.EmailBackend"
    assert production_problems(_config(providers=providers, email_backend=smtp)) == []

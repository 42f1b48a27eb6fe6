"""The e-mail provider: sandbox, Django mail, the task, the outbox command and page, and
the production guard."""

from __future__ import annotations

import base64
import io
import logging
import os
import smtplib
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from rencai.core import crypto
from rencai.core.config_checks import DeploymentConfig, production_problems
from rencai.providers import registry
from rencai.providers.email.base import EmailDeliveryError, EmailMessage
from rencai.providers.email.django_mail import DjangoMailProvider
from rencai.providers.email.sandbox import SandboxEmailProvider
from rencai.providers.models import SandboxEmailMessage
from rencai.providers.tasks import deliver_email
from rencai.testing.mail import latest_code, latest_email

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]
ADDRESS = "Carol@Agency.example"


def _raw_address(message: SandboxEmailMessage) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT address FROM providers_sandboxemailmessage WHERE id = %s", [message.pk.hex]
        )
        return str(cursor.fetchone()[0])


def test_the_sandbox_is_the_default_and_django_mail_is_built_in(settings) -> None:
    assert isinstance(registry.provider("email"), SandboxEmailProvider)
    assert registry.is_sandbox("email")
    settings.PROVIDERS = {**settings.PROVIDERS, "email": "django"}
    assert isinstance(registry.provider("email"), DjangoMailProvider)
    assert not registry.is_sandbox("email")


def test_deliver_email_stores_the_message_encrypted_in_the_sandbox() -> None:
    reference = deliver_email(ADDRESS, "登录验证码", "您的验证码为 204816，5 分钟内有效。")
    assert reference is not None
    message = SandboxEmailMessage.objects.get()
    assert message.address == "carol@agency.example"
    assert (message.subject, message.text) == ("登录验证码", "您的验证码为 204816，5 分钟内有效。")
    raw = _raw_address(message)
    assert crypto.is_encrypted(raw) and "carol" not in raw
    assert latest_email("carol@agency.example") == message
    assert latest_code("CAROL@agency.example") == "204816"
    assert latest_email("someone@else.example") is None
    assert latest_code("someone@else.example") is None


def test_latest_code_is_none_without_a_code() -> None:
    deliver_email("dan@example.com", "通知", "订单 12345 已更新；编号 1234567 不是验证码。")
    assert latest_code("dan@example.com") is None


def test_sandbox_messages_survive_key_rotation(settings) -> None:
    deliver_email(ADDRESS, "主题", "正文")
    new_key = base64.b64encode(b"n" * 32).decode()
    settings.FIELD_ENCRYPTION_KEYS = {
        "new": base64.b64decode(new_key),
        **settings.FIELD_ENCRYPTION_KEYS,
    }
    settings.BLIND_INDEX_KEYS = {"new": base64.b64decode(new_key), **settings.BLIND_INDEX_KEYS}
    call_command("rotate_field_encryption", stdout=io.StringIO())
    settings.FIELD_ENCRYPTION_KEYS = {"new": base64.b64decode(new_key)}
    settings.BLIND_INDEX_KEYS = {"new": base64.b64decode(new_key)}
    message = latest_email(ADDRESS)
    assert message is not None and message.address == "carol@agency.example"


def test_django_mail_sends_through_the_configured_backend(settings) -> None:
    settings.DEFAULT_FROM_EMAIL = "rencai <noreply@rencai.example>"
    receipt = DjangoMailProvider().send(EmailMessage(ADDRESS, "主题", "正文"))
    [sent] = mail.outbox
    assert (sent.to, sent.subject, sent.body) == ([ADDRESS], "主题", "正文")
    assert sent.from_email == "rencai <noreply@rencai.example>"
    assert receipt.provider == "django"
    assert receipt.reference == sent.extra_headers["Message-ID"]
    assert receipt.reference.endswith("@rencai.example>")


def test_allowed_headers_reach_the_message_and_others_are_dropped(settings) -> None:
    headers = {
        "List-Unsubscribe": "<https://rencai.example/jobs/alerts/unsubscribe/t/>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Bcc": "someone@else.example",
    }
    deliver_email(ADDRESS, "职位提醒", "正文", headers)
    stored = SandboxEmailMessage.objects.get()
    assert set(stored.headers) == {"List-Unsubscribe", "List-Unsubscribe-Post"}
    settings.PROVIDERS = {**settings.PROVIDERS, "email": "django"}
    deliver_email(ADDRESS, "职位提醒", "正文", headers)
    [sent] = mail.outbox
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Bcc" not in sent.extra_headers and sent.bcc == []


def test_django_mail_errors_do_not_carry_the_address(monkeypatch) -> None:
    def refuse(self, fail_silently: bool = False) -> int:
        raise smtplib.SMTPRecipientsRefused({ADDRESS: (550, b"no such user")})

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with pytest.raises(EmailDeliveryError) as caught:
        DjangoMailProvider().send(EmailMessage(ADDRESS, "主题", "正文"))
    assert ADDRESS not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_a_backend_that_accepts_nothing_is_a_delivery_error(monkeypatch) -> None:
    monkeypatch.setattr("django.core.mail.EmailMessage.send", lambda self, **kw: 0)
    with pytest.raises(EmailDeliveryError):
        DjangoMailProvider().send(EmailMessage(ADDRESS, "主题", "正文"))


def test_the_task_never_logs_the_address(settings, monkeypatch, caplog) -> None:
    settings.PROVIDERS = {**settings.PROVIDERS, "email": "django"}

    def refuse(self, fail_silently: bool = False) -> int:
        raise smtplib.SMTPRecipientsRefused({ADDRESS: (550, b"no such user")})

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    caplog.set_level(logging.INFO)
    with pytest.raises(EmailDeliveryError):
        deliver_email.call_local(ADDRESS, "主题", "正文")
    assert "e-mail delivery failed" in caplog.text
    monkeypatch.undo()
    settings.PROVIDERS = {**settings.PROVIDERS, "email": "django"}
    deliver_email.call_local(ADDRESS, "主题", "正文")
    assert "e-mail sent: provider=django" in caplog.text
    assert ADDRESS.lower() not in caplog.text.lower() and "正文" not in caplog.text


def test_email_outbox_command(capsys) -> None:
    call_command("email_outbox")
    assert "no e-mails" in capsys.readouterr().out
    deliver_email(ADDRESS, "登录验证码", "您的验证码为 204816。\n请勿告诉他人。")
    deliver_email("dan@example.com", "另一封", "正文")
    call_command("email_outbox", "--to", "CAROL@agency.example")
    out = capsys.readouterr().out
    assert "carol@agency.example  登录验证码" in out
    assert "    您的验证码为 204816。\n    请勿告诉他人。" in out
    assert "另一封" not in out
    call_command("email_outbox", "--limit", "1")
    assert capsys.readouterr().out.count("@") == 1
    with pytest.raises(CommandError, match="--limit"):
        call_command("email_outbox", "--limit", "0")


def test_email_outbox_command_needs_the_sandbox(settings) -> None:
    settings.PROVIDERS = {**settings.PROVIDERS, "email": "django"}
    with pytest.raises(CommandError, match="EMAIL_PROVIDER"):
        call_command("email_outbox")


def test_dev_outbox_shows_emails(client: Client, settings) -> None:
    settings.DEBUG = True
    deliver_email(ADDRESS, "登录验证码", "您的验证码为 204816。\n请勿告诉他人。")
    sms_page = client.get("/dev/outbox/").content.decode()
    assert 'id="outbox"' in sms_page or "empty-state" in sms_page  # SMS stays the default
    assert 'href="?channel=email"' in sms_page
    html = client.get("/dev/outbox/?channel=email").content.decode()
    assert 'id="email-outbox"' in html
    assert 'data-to="carol@agency.example"' in html
    assert "登录验证码" in html and "您的验证码为 204816。<br>请勿告诉他人。" in html


def test_dev_outbox_offers_only_sandbox_channels(client: Client, settings) -> None:
    settings.DEBUG = True
    settings.PROVIDERS = {**settings.PROVIDERS, "sms": "acme.Sms"}
    html = client.get("/dev/outbox/").content.decode()
    assert "?channel=sms" not in html and "empty-state" in html
    settings.PROVIDERS = {**settings.PROVIDERS, "email": "django"}
    assert client.get("/dev/outbox/").status_code == 404
    settings.PROVIDERS = {**settings.PROVIDERS, "sms": "sandbox"}
    settings.DEBUG = False
    assert client.get("/dev/outbox/?channel=email").status_code == 404


def _config(**providers: str) -> DeploymentConfig:
    return DeploymentConfig(
        debug=False,
        secret_key_set=True,
        encryption_key_set=True,
        blind_index_key_set=True,
        allowed_hosts=["rencai.example"],
        providers={"sms": "acme.Sms", "identity": "acme.Id", "face": "acme.Face", **providers},
        platform_mode="commercial",
        hr_licence_no="（京）人服证字〔2026〕第1号",
        icp_licence_no="京B2-1",
        business_licence_uscc="91110000600037341L",
    )


def test_production_refuses_the_sandbox_email_provider() -> None:
    assert production_problems(_config(email="sandbox")) == [
        "EMAIL_PROVIDER is 'sandbox'; configure a real provider backend"
    ]
    assert production_problems(_config(email="django")) == []


def _start(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    production = {
        "DEBUG": "false",
        "SECRET_KEY": "test-only-0123456789abcdefghijklmnopqrstuvwxyz",
        "FIELD_ENCRYPTION_KEYS": "t1:" + base64.b64encode(b"f" * 32).decode(),
        "BLIND_INDEX_KEYS": "t1:" + base64.b64encode(b"b" * 32).decode(),
        "ALLOWED_HOSTS": "rencai.example",
        "OPERATOR_USCC": "91110000600037341L",
        "HR_LICENCE_NO": "test",
        "ICP_LICENCE_NO": "test",
        "SMS_PROVIDER": "rencai.providers.sms.sandbox.SandboxSmsProvider",
        "IDENTITY_PROVIDER": "rencai.providers.identity.sandbox.SandboxIdentityProvider",
        "FACE_PROVIDER": "rencai.providers.face.sandbox.SandboxFaceProvider",
        "VIRTUAL_NUMBER_PROVIDER": (
            "rencai.providers.virtual_number.sandbox.SandboxVirtualNumberProvider"
        ),
    }
    base = {k: v for k, v in os.environ.items() if k not in production and k != "EMAIL_PROVIDER"}
    return subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**base, **production, **env, "DJANGO_SETTINGS_MODULE": "rencai.settings"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_real_settings_refuse_to_start_with_the_sandbox_email_provider() -> None:
    refused = _start({})
    assert refused.returncode != 0
    assert "EMAIL_PROVIDER is 'sandbox'" in refused.stderr
    started = _start(
        {
            "EMAIL_PROVIDER": "django",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        }
    )
    assert started.returncode == 0, started.stderr
    console = _start({"EMAIL_PROVIDER": "django"})  # the default backend only prints
    assert "needs a delivering EMAIL_BACKEND" in console.stderr

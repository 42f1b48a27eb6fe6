"""Provider selection, the sandbox backends, Huey wiring and the demo data command."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from rencai.providers import registry
from rencai.providers.face.sandbox import SandboxFaceProvider
from rencai.providers.identity.base import IdentityServiceError
from rencai.providers.identity.sandbox import SandboxIdentityProvider
from rencai.providers.models import SandboxSmsMessage
from rencai.providers.tasks import deliver_sms

pytestmark = pytest.mark.django_db


def test_backends_are_chosen_by_configuration(settings) -> None:
    assert isinstance(registry.provider("identity"), SandboxIdentityProvider)
    settings.PROVIDERS = {
        **settings.PROVIDERS,
        "face": "rencai.providers.face.sandbox.SandboxFaceProvider",
    }
    assert isinstance(registry.provider("face"), SandboxFaceProvider)
    assert registry.is_sandbox("face") is False  # a dotted path counts as a real backend
    settings.PROVIDERS = {**settings.PROVIDERS, "sms": "no.such.Backend"}
    with pytest.raises(ImproperlyConfigured, match="cannot be loaded"):
        registry.provider("sms")
    with pytest.raises(ImproperlyConfigured, match="no provider configured"):
        registry.provider("payment")


def test_sandbox_identity_answers_are_deterministic() -> None:
    backend = SandboxIdentityProvider()
    first = backend.verify(name="王爱丽", id_number="110105199805120020")
    assert first == backend.verify(name="王爱丽", id_number="110105199805120020")
    assert first.status == "match"
    assert backend.verify(name="假王", id_number="110105199805120020").status == "mismatch"
    assert backend.verify(name="王", id_number="412723199010050012").status == "not_found"
    with pytest.raises(IdentityServiceError):
        backend.verify(name="王", id_number="110102199101010078")


def test_sms_task_goes_through_the_configured_queue() -> None:
    from huey.contrib.djhuey import HUEY

    expected = "RedisStorage" if settings.HUEY_URL.startswith("redis") else "MemoryStorage"
    assert type(HUEY.storage).__name__ == expected
    result = deliver_sms("+8613900139123", "test", "【人才】测试消息", {})
    assert result is not None
    assert SandboxSmsMessage.objects.get().text == "【人才】测试消息"


def test_seed_demo_is_idempotent(capsys) -> None:
    from rencai.accounts.models import User

    call_command("seed_demo")
    count = User.objects.count()
    call_command("seed_demo")
    assert User.objects.count() == count == 11
    out = capsys.readouterr().out
    assert "alice" in out and "demo data ready" in out
    yan = User.objects.get(display_name__startswith="Yan")
    from rencai.accounts.queries import seeker_standing

    assert seeker_standing(yan) == "active"

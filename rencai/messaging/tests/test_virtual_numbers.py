"""Protected call numbers (PI-07): the sandbox provider, allocation, reuse, expiry and
release, and the production configuration check."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from rencai.accounts.models import User
from rencai.audit.models import AuditEvent
from rencai.core.actors import cli_actor
from rencai.core.config_checks import DeploymentConfig, production_problems
from rencai.core.errors import DomainError
from rencai.messaging import actions
from rencai.messaging.models import Conversation, VirtualNumber
from rencai.providers.registry import provider
from rencai.providers.virtual_number.base import Allocation, VirtualNumberError
from rencai.providers.virtual_number.sandbox import SANDBOX_PREFIX, SandboxVirtualNumberProvider


def test_sandbox_numbers_are_deterministic_and_expire(time_machine: Any) -> None:
    time_machine.move_to(dt.datetime(2026, 12, 10, 1, 0, tzinfo=dt.UTC), tick=False)
    backend = SandboxVirtualNumberProvider()
    ttl = dt.timedelta(minutes=30)
    first = backend.allocate("+8613800138003", "+8613800138001", ttl)
    again = backend.allocate("+8613800138003", "+8613800138001", ttl)
    assert first == again
    assert first.number.startswith(SANDBOX_PREFIX) and len(first.number) == 13
    assert first.expires_at == dt.datetime(2026, 12, 10, 1, 30, tzinfo=dt.UTC)
    assert backend.resolve(first.reference) == (
        first.number,
        "+8613800138003",
        "+8613800138001",
    )
    backend.release(first.reference)
    assert backend.resolve(first.reference) is None


def test_registry_knows_the_sandbox() -> None:
    assert isinstance(provider("virtual_number"), SandboxVirtualNumberProvider)


def test_production_refuses_the_sandbox_virtual_number_provider() -> None:
    config = DeploymentConfig(
        debug=False,
        secret_key_set=True,
        encryption_key_set=True,
        blind_index_key_set=True,
        allowed_hosts=["rencai.example"],
        providers={"sms": "acme.Sms", "virtual_number": "sandbox"},
        platform_mode="public",
        hr_licence_no="x",
        icp_licence_no="x",
        business_licence_uscc="91110000600037341L",
    )
    assert production_problems(config) == [
        "VIRTUAL_NUMBER_PROVIDER is 'sandbox'; configure a real provider backend"
    ]


def test_number_is_allocated_reused_and_released_after_expiry(
    conversation: Conversation, alice: User, bob: User, time_machine: Any, settings: Any
) -> None:
    settings.VIRTUAL_NUMBER_TTL_MINUTES = 30
    start = dt.datetime(2026, 12, 10, 1, 0, tzinfo=dt.UTC)
    time_machine.move_to(start, tick=False)
    number = actions.request_call_number(conversation, actor=cli_actor(bob))
    assert number.expires_at == start + dt.timedelta(minutes=30)
    assert actions.request_call_number(conversation, actor=cli_actor(bob)).pk == number.pk
    backend = provider("virtual_number")
    assert backend.resolve(number.provider_reference)[1:] == (bob.phone, alice.phone)

    time_machine.move_to(start + dt.timedelta(minutes=29), tick=False)
    assert actions.release_expired_numbers() == 0

    time_machine.move_to(start + dt.timedelta(minutes=31), tick=False)
    assert actions.release_expired_numbers() == 1
    number.refresh_from_db()
    assert number.released_at == start + dt.timedelta(minutes=31)
    assert backend.resolve(number.provider_reference) is None
    assert actions.release_expired_numbers() == 0
    assert AuditEvent.objects.filter(action="messaging.virtual_number_released").count() == 1

    fresh = actions.request_call_number(conversation, actor=cli_actor(bob))
    assert fresh.pk != number.pk
    assert VirtualNumber.objects.count() == 2


def test_the_seeker_cannot_request_a_number(conversation: Conversation, alice: User) -> None:
    with pytest.raises(DomainError) as caught:
        actions.request_call_number(conversation, actor=cli_actor(alice))
    assert caught.value.code == "virtual_number_application_only"
    assert VirtualNumber.objects.count() == 0


class _Failing:
    name = "failing"

    def allocate(self, party_a: str, party_b: str, ttl: dt.timedelta) -> Allocation:
        raise VirtualNumberError("down")

    def release(self, reference: str) -> None:
        raise VirtualNumberError("down")


def test_provider_failure_is_a_503(
    conversation: Conversation, bob: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("rencai.messaging.actions.numbers.provider", lambda service: _Failing())
    with pytest.raises(DomainError) as caught:
        actions.request_call_number(conversation, actor=cli_actor(bob))
    assert (caught.value.code, caught.value.status) == ("virtual_number_unavailable", 503)
    assert VirtualNumber.objects.count() == 0

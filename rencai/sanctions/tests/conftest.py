"""Fixtures of the sanctions tests: a second trust & safety operator (Tess), Bob's
company A with a published posting."""

from __future__ import annotations

import pytest

from rencai.accounts import actions as account_actions
from rencai.accounts.choices import Role
from rencai.accounts.models import User
from rencai.core.actors import cli_actor
from rencai.jobs.models import JobPosting
from rencai.orgs.models import Organisation
from rencai.testing import orgs as org_seeds
from rencai.testing.jobs import publish


@pytest.fixture
def tess(db: None) -> User:
    """A second trust & safety operator, to decide appeals of Oscar's sanctions."""
    return account_actions.create_staff_account(
        email="tess@rencai.example",
        display_name="Tess 谭思",
        password="rencai-demo-2026",
        roles=[Role.OPERATOR_TRUST_SAFETY],
        actor=cli_actor(),
    )


@pytest.fixture
def org_a(bob: User) -> Organisation:
    return org_seeds.build_org(org_seeds.COMPANY_A)


@pytest.fixture
def job_a(org_a: Organisation, bob: User, oscar: User) -> JobPosting:
    return publish(org_a, bob, oscar)

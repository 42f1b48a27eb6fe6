"""Fixtures of the messaging tests: Bob's company A with a published posting, Alice's
application to it, and their conversation; Dave's company B is the outsider."""

from __future__ import annotations

import pytest

from rencai.accounts.models import User
from rencai.applications.models import Application
from rencai.jobs.models import JobPosting
from rencai.messaging.models import Conversation
from rencai.orgs.models import Organisation
from rencai.testing import messaging as builders
from rencai.testing import orgs as org_seeds
from rencai.testing.jobs import publish


@pytest.fixture
def company_a(db: None) -> Organisation:
    return org_seeds.build_org(org_seeds.COMPANY_A)


@pytest.fixture
def company_b(db: None) -> Organisation:
    return org_seeds.build_org(org_seeds.COMPANY_B)


@pytest.fixture
def posting(company_a: Organisation, bob: User, oscar: User) -> JobPosting:
    return publish(company_a, bob, oscar)


@pytest.fixture
def application(alice: User, posting: JobPosting) -> Application:
    return builders.application(alice, posting)


@pytest.fixture
def conversation(application: Application, alice: User) -> Conversation:
    return builders.conversation(application, alice)


@pytest.fixture
def agency(db: None) -> Organisation:
    return org_seeds.build_org(org_seeds.AGENCY)


@pytest.fixture
def outsiders(company_b: Organisation, agency: Organisation) -> None:
    """Dave's company B and Carol's agency exist, so Dave and Carol are members of an
    organisation (not merely people without one)."""

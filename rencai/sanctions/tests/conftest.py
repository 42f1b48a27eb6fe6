"""Fixtures of the sanctions tests: Bob's company A with a published posting (the second
trust & safety operator, Tess, is the root ``tess`` persona fixture)."""

from __future__ import annotations

import pytest

from rencai.accounts.models import User
from rencai.jobs.models import JobPosting
from rencai.orgs.models import Organisation
from rencai.testing import orgs as org_seeds
from rencai.testing.jobs import publish


@pytest.fixture
def org_a(bob: User) -> Organisation:
    return org_seeds.build_org(org_seeds.COMPANY_A)


@pytest.fixture
def job_a(org_a: Organisation, bob: User, oscar: User) -> JobPosting:
    return publish(org_a, bob, oscar)

"""Fixtures of the applications tests: the demo organisations, a published posting of
Bob's company A and one of Dave's company B, and Alice's resume."""

from __future__ import annotations

import pytest

from rencai.accounts.models import User
from rencai.jobs.models import JobPosting
from rencai.orgs.models import Organisation
from rencai.resumes.models import Resume
from rencai.testing import applications as application_seeds
from rencai.testing import jobs as job_seeds
from rencai.testing import orgs as org_seeds


@pytest.fixture
def company_a(db: None) -> Organisation:
    return org_seeds.build_org(org_seeds.COMPANY_A)


@pytest.fixture
def company_b(db: None) -> Organisation:
    return org_seeds.build_org(org_seeds.COMPANY_B)


@pytest.fixture
def agency(db: None) -> Organisation:
    return org_seeds.build_org(org_seeds.AGENCY)


@pytest.fixture
def posting(company_a: Organisation, bob: User, oscar: User) -> JobPosting:
    return job_seeds.publish(company_a, bob, oscar)


@pytest.fixture
def posting_b(company_b: Organisation, dave: User, oscar: User) -> JobPosting:
    return job_seeds.publish(
        company_b, dave, oscar, title="食品检验员", category="6-02", skills=["理化检验"]
    )


@pytest.fixture
def resume(alice: User) -> Resume:
    return application_seeds.sample_resume(alice)

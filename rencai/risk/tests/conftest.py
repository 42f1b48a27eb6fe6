"""Fixtures of the risk tests: Bob's company A (verified today, so a "new account") and
helpers to create and submit postings through the real actions."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from rencai.accounts.models import User
from rencai.core.actors import cli_actor
from rencai.jobs import actions as job_actions
from rencai.jobs.models import JobPosting
from rencai.orgs.models import Organisation
from rencai.orgs.queries import active_membership
from rencai.testing import orgs as org_seeds
from rencai.testing.jobs import sample_content

Submit = Callable[..., JobPosting]


@pytest.fixture
def company_a(bob: User) -> Organisation:
    return org_seeds.build_org(org_seeds.COMPANY_A)


@pytest.fixture
def create(company_a: Organisation, bob: User) -> Submit:
    """A draft posting of company A with ``sample_content(**changes)``."""

    def make(**changes: object) -> JobPosting:
        membership = active_membership(bob)
        assert membership is not None
        return job_actions.create_posting(
            company_a, membership, sample_content(**changes), actor=cli_actor(bob)
        )

    return make


@pytest.fixture
def submit(create: Submit, bob: User) -> Submit:
    """Create and submit a posting (with a justification, for contested findings)."""

    def make(**changes: object) -> JobPosting:
        posting = create(**changes)
        job_actions.submit_posting(posting, justification="岗位确需。", actor=cli_actor(bob))
        posting.refresh_from_db()
        return posting

    return make

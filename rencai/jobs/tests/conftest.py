"""Fixtures of the jobs tests."""

from __future__ import annotations

import pytest

from rencai.orgs.models import Organisation
from rencai.testing import orgs as org_seeds


@pytest.fixture
def company_a(db: None) -> Organisation:
    return org_seeds.build_org(org_seeds.COMPANY_A)


@pytest.fixture
def agency(db: None) -> Organisation:
    return org_seeds.build_org(org_seeds.AGENCY)

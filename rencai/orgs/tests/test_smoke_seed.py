from __future__ import annotations

from rencai.orgs.models import Organisation
from rencai.orgs.queries import posting_block_reason


def test_demo_organisations_are_verified(
    company_a: Organisation, company_b: Organisation, agency: Organisation
) -> None:
    for org in (company_a, company_b, agency):
        assert org.status == "verified"
        assert posting_block_reason(org) is None
    assert agency.agency_licence.number

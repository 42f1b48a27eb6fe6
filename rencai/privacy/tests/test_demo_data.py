"""The privacy demo data (seed_demo): built through the real actions, safe to run again."""

from __future__ import annotations

import pytest

from rencai.privacy.models import RightsRequest, SelfInspection
from rencai.privacy.queries import has_consent
from rencai.testing.privacy import demo_privacy

pytestmark = pytest.mark.django_db


def test_demo_privacy_is_idempotent() -> None:
    first = demo_privacy()
    again = demo_privacy()
    assert first["request"] == again["request"]
    request = RightsRequest.objects.get()
    assert request.kind == "correction" and request.state == "received"
    assert request.identity_verified_at is not None
    inspection = SelfInspection.objects.get()
    assert inspection.findings.count() == 2
    assert inspection.findings.filter(resolved_at__isnull=True).count() == 1
    assert has_consent(request.subject_id, "personalised_recommendation")

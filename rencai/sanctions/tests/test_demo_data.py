"""The trust & safety demo data (seed_demo): built through the real actions, safe to run
again, and what the demo accounts see."""

from __future__ import annotations

import pytest

from rencai.moderation.models import Report, ReportCase
from rencai.reviews.choices import ReviewStatus
from rencai.reviews.models import EmployerReview
from rencai.sanctions.enforcement import pending_warning
from rencai.sanctions.models import Sanction
from rencai.testing import personas
from rencai.testing.trust import demo_trust

pytestmark = pytest.mark.django_db


def test_demo_trust_builds_once_and_dave_has_a_warning_to_acknowledge() -> None:
    first = demo_trust()
    again = demo_trust()
    assert Report.objects.count() == 3 and ReportCase.objects.count() == 2
    assert EmployerReview.objects.get().status == ReviewStatus.PUBLISHED
    assert Sanction.objects.count() == 1
    assert first.warning == again.warning
    warning = pending_warning(personas.build(personas.DAVE))
    assert warning is not None and warning.pk == first.warning.pk
    assert pending_warning(personas.build(personas.BOB)) is None

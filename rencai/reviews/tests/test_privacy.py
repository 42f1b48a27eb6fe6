"""Reviews are personal data: catalogued, in the copy (PI-12), anonymised on erasure."""

from __future__ import annotations

import pytest
from django.utils import timezone

from rencai.accounts.models import User
from rencai.core.actors import system_actor
from rencai.privacy.catalogue import Erase, entry_for
from rencai.privacy.erasure import erase_account
from rencai.privacy.export import rows_of
from rencai.reviews import queries
from rencai.reviews.tests.scene import application_to_company_a, review_of

pytestmark = pytest.mark.django_db


def test_reviews_are_catalogued_and_in_the_copy() -> None:
    entry = entry_for("reviews.EmployerReview")
    assert entry is not None and entry.erase == Erase.ANONYMISE
    review = review_of(application_to_company_a())
    assert list(rows_of(entry, review.author).values_list("pk", flat=True)) == [review.pk]
    assert entry_for("reviews.ReviewReply") is None  # the organisation's record


def test_erasure_blanks_the_text_and_keeps_the_scores() -> None:
    review = review_of(application_to_company_a())
    review.anonymous = False
    review.save(update_fields=["anonymous"])
    User.objects.filter(pk=review.author_id).update(cancelled_at=timezone.now())
    report = erase_account(review.author, actor=system_actor())
    assert report.anonymised.get("reviews.EmployerReview") == 1
    review.refresh_from_db()
    assert review.text == "" and review.display_text == "" and review.screening_findings == []
    assert review.anonymous is True
    assert review.score_overall == 4
    assert queries.aggregate(review.organisation).count == 1

"""Browser journey of reviews (issue 9): Alice writes a review from her viewed application,
it appears on the company page with the aggregate (also on a phone), and Bob replies once
from his organisation's review page. Screenshots in var/screenshots/reviews-*.png."""

from __future__ import annotations

from typing import Any

import pytest

from rencai.reviews.models import EmployerReview, ReviewReply
from rencai.reviews.tests.scene import application_to_company_a
from rencai.testing import personas
from rencai.testing.browser import screenshot, second_person, sms_sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PHONE = {"width": 390, "height": 844}


def test_alice_reviews_company_a_and_bob_replies(page: Any) -> None:
    application = application_to_company_a()
    sms_sign_in(page, personas.ALICE.phone)
    page.goto(f"/me/applications/{application.pk}/")
    page.click("#review-link")
    for name, stars in (("overall", "4"), ("interview", "5"), ("honesty", "4")):
        page.check(f"input[name=score_{name}][value='{stars}']")
    page.fill("textarea[name=text]", "面试流程清晰，面试官准时且专业，岗位描述和实际工作一致。")
    screenshot(page, "reviews-write")
    page.click("#review-form button[type=submit]")
    page.wait_for_selector("#my-reviews tr[data-status=published]")
    review = EmployerReview.objects.get()

    page.goto(f"/companies/{application.organisation_id}/#reviews")
    assert page.get_attribute("#review-aggregate", "data-count") == "1"
    screenshot(page, "reviews-company")
    page.set_viewport_size(PHONE)
    screenshot(page, "reviews-company-phone")

    bob = second_person(page)
    sms_sign_in(bob, personas.BOB.phone)
    bob.goto("/employer/reviews/")
    bob.click(f"[data-review='{review.pk}'] ~ details summary, details.review-reply-form summary")
    bob.fill("textarea[name=text]", "感谢您的反馈，我们会继续改进面试安排。")
    bob.click("details.review-reply-form button[type=submit]")
    bob.click("dialog.confirm-dialog button.btn-primary, dialog.confirm-dialog button.btn-danger")
    bob.wait_for_selector("[data-reply]")
    screenshot(bob, "reviews-employer")
    assert ReviewReply.objects.get().is_published
    bob.close()

"""Review pages: the company page section, writing from the application page, the
employer's reply form, trust & safety's removal, and who may open what."""

from __future__ import annotations

import pytest
from django.test import Client

from rencai.accounts.models import User
from rencai.reviews.choices import ReviewStatus
from rencai.reviews.models import EmployerReview, ReviewReply
from rencai.reviews.tests.scene import application_to_company_a, review_of
from rencai.testing import personas

pytestmark = pytest.mark.django_db


def _client(user: User | None = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend="rencai.accounts.backends.RencaiBackend")
    return client


def test_the_company_page_shows_the_aggregate_and_published_reviews() -> None:
    review = review_of(application_to_company_a())
    hidden = review_of(application_to_company_a(), text="面试官是傻逼，浪费我一下午时间。")
    page = _client().get(f"/companies/{review.organisation_id}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="review-aggregate" data-count="1"' in html
    assert f'data-review="{review.pk}"' in html and f'data-review="{hidden.pk}"' not in html
    assert review.author.display_name not in html


def test_the_company_page_without_reviews_has_an_empty_state() -> None:
    application = application_to_company_a()
    html = _client().get(f"/companies/{application.organisation_id}/").content.decode()
    assert 'id="reviews"' in html and 'data-count="0"' in html


def test_alice_writes_a_review_from_her_application_page() -> None:
    application = application_to_company_a()
    alice = _client(application.seeker)
    detail = alice.get(f"/me/applications/{application.pk}/").content.decode()
    assert f"/me/applications/{application.pk}/review/" in detail
    response = alice.post(
        f"/me/applications/{application.pk}/review/",
        {
            "score_overall": "4",
            "score_interview": "5",
            "score_honesty": "3",
            "text": "面试流程清晰，面试官准时且专业，岗位描述和实际工作一致。",
            "anonymous": "on",
        },
    )
    assert response.status_code == 302
    review = EmployerReview.objects.get()
    assert review.status == ReviewStatus.PUBLISHED and review.score_interview == 5
    assert alice.get("/me/reviews/").status_code == 200
    assert (
        f'data-review="{review.pk}"'
        in alice.get(f"/me/applications/{application.pk}/").content.decode()
    )


def test_an_unviewed_application_offers_no_review() -> None:
    application = application_to_company_a(seen=False)
    alice = _client(application.seeker)
    assert "review-link" not in alice.get(f"/me/applications/{application.pk}/").content.decode()
    page = alice.get(f"/me/applications/{application.pk}/review/")
    assert page.status_code == 200 and 'id="review-form"' not in page.content.decode()


def test_a_hidden_review_shows_its_findings_to_the_author() -> None:
    review = review_of(application_to_company_a(), text="有问题打13912345678问面试官就行。")
    html = _client(review.author).get(f"/me/reviews/{review.pk}/edit/").content.decode()
    assert 'data-code="REV-PI-PHONE"' in html
    assert _client().get(f"/reviews/{review.pk}/").status_code == 404


def test_bob_replies_on_the_employer_page() -> None:
    review = review_of(application_to_company_a())
    bob = _client(personas.build(personas.BOB))
    page = bob.get("/employer/reviews/")
    assert page.status_code == 200
    assert f"/employer/reviews/{review.pk}/reply/" in page.content.decode()
    assert review.author.display_name not in page.content.decode()
    response = bob.post(f"/employer/reviews/{review.pk}/reply/", {"text": "感谢反馈，我们会改进。"})
    assert response.status_code == 302
    assert ReviewReply.objects.get().is_published
    assert (
        f"/employer/reviews/{review.pk}/reply/"
        not in bob.get("/employer/reviews/").content.decode()
    )


def test_oscar_removes_a_review_from_its_detail_page() -> None:
    review = review_of(application_to_company_a())
    oscar = _client(personas.build(personas.OSCAR))
    page = oscar.get(f"/reviews/{review.pk}/")
    assert page.status_code == 200 and 'id="remove"' in page.content.decode()
    refused = oscar.post(f"/reviews/{review.pk}/remove/", {"note": ""})
    assert 'data-error-code="review_removal_reasons_required"' in refused.content.decode()
    done = oscar.post(f"/reviews/{review.pk}/remove/", {"reasons": ["abusive"], "note": ""})
    assert done.status_code == 302
    assert EmployerReview.objects.get().status == ReviewStatus.REMOVED
    assert oscar.get("/ops/reviews/?status=removed").status_code == 200


def test_who_may_open_the_operator_and_employer_pages() -> None:
    review = review_of(application_to_company_a())
    rita = _client(personas.build(personas.RITA))
    assert rita.get("/ops/reviews/").status_code == 200
    page = rita.get(f"/reviews/{review.pk}/")
    assert 'id="remove"' not in page.content.decode()
    assert rita.post(f"/reviews/{review.pk}/remove/", {"reasons": ["abusive"]}).status_code == 403
    assert _client(review.author).get("/ops/reviews/").status_code == 403
    assert _client(review.author).get("/employer/reviews/").status_code == 403
    assert EmployerReview.objects.get().status == ReviewStatus.PUBLISHED


def test_published_reviews_link_to_the_report_form_and_hidden_ones_cannot_be_reported() -> None:
    from django.urls import reverse

    review = review_of(application_to_company_a())
    url = reverse("moderation_reports:report", args=["review", review.pk])
    detail = _client().get(f"/reviews/{review.pk}/").content.decode()
    assert f'href="{url}"' in detail
    company = _client().get(f"/companies/{review.organisation_id}/").content.decode()
    assert f'data-report-review="{review.pk}"' in company
    hidden = review_of(application_to_company_a(), text="有问题打13912345678问面试官就行。")
    hidden_url = reverse("moderation_reports:report", args=["review", hidden.pk])
    assert hidden_url not in _client(hidden.author).get(f"/reviews/{hidden.pk}/").content.decode()
    bob = _client(personas.build(personas.BOB))
    assert bob.get(hidden_url).status_code == 404


def test_the_dashboard_card_counts_held_reviews_and_the_menus_link_the_pages() -> None:
    held = review_of(application_to_company_a(), text="面试时要求先交三百元押金，说入职后退还。")
    assert held.status == ReviewStatus.PENDING_SCREENING
    oscar = personas.build(personas.OSCAR)
    dashboard = _client(oscar).get("/ops/").content.decode()
    assert 'id="reviews-held" data-count="1"' in dashboard
    seeker_page = _client(held.author).get("/dashboard/").content.decode()
    assert 'id="nav-my-reviews"' in seeker_page and 'id="nav-employer-reviews"' not in seeker_page
    assert 'id="nav-my-reports"' in seeker_page and 'id="nav-my-sanctions"' in seeker_page
    bob_page = _client(personas.build(personas.BOB)).get("/dashboard/").content.decode()
    assert 'id="nav-employer-reviews"' in bob_page and 'id="nav-my-reviews"' not in bob_page

"""The reviews API: create, edit, withdraw, the public list with its aggregate, the
organisation's reply and trust & safety's removal; employer-facing responses never carry
the author's name or id."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conftest import ApiClient
from rencai.accounts.models import User
from rencai.reviews.models import EmployerReview
from rencai.reviews.tests.scene import (
    EMPLOYER_SCORES,
    GOOD_TEXT,
    application_to_company_a,
    review_of,
)
from rencai.testing import orgs as org_seeds
from rencai.testing import personas

pytestmark = pytest.mark.django_db
Api = Callable[[User | None], ApiClient]


def test_alice_writes_edits_and_withdraws_a_review(api_as: Api) -> None:
    application = application_to_company_a()
    client = api_as(application.seeker)
    body = {"application_id": str(application.pk), "scores": EMPLOYER_SCORES, "text": GOOD_TEXT}
    created = client.post("me/reviews", body)
    assert created.status_code == 201, created.content
    review = created.json()
    assert review["status"] == "published" and review["anonymous"] is True
    assert client.post("me/reviews", body).json()["code"] == "review_already_exists"

    edited = client.patch(f"me/reviews/{review['id']}", {"text": "电话13912345678，面试体验很好。"})
    assert edited.status_code == 200
    assert edited.json()["status"] == "hidden_by_screening"
    assert [f["code"] for f in edited.json()["findings"]] == ["REV-PI-PHONE"]
    assert edited.json()["findings"][0]["explanation"]

    assert client.get("me/reviews").json()["total"] == 1
    assert client.delete(f"me/reviews/{review['id']}").status_code == 204
    assert not EmployerReview.objects.exists()


def test_without_an_application_the_review_is_refused(api_as: Api) -> None:
    alice = personas.build(personas.ALICE)
    other = application_to_company_a()
    other.seeker = personas.build(personas.YAN)  # not hers: the query must not find it
    response = api_as(alice).post(
        "me/reviews",
        {
            "application_id": "5f0c2d1e-9a7b-4c3d-8e6f-0a1b2c3d4e5f",
            "scores": EMPLOYER_SCORES,
            "text": GOOD_TEXT,
        },
    )
    assert response.status_code == 400
    assert response.json()["code"] == "review_no_application"
    yan = api_as(personas.build(personas.YAN)).post(
        "me/reviews",
        {"application_id": str(other.pk), "scores": EMPLOYER_SCORES, "text": GOOD_TEXT},
    )
    assert yan.json()["code"] == "review_no_application"


def test_the_public_list_has_the_aggregate_and_hides_held_reviews(api: ApiClient) -> None:
    review = review_of(application_to_company_a())
    review_of(application_to_company_a(), text="面试官是傻逼，浪费我一下午时间。")
    response = api.get(f"reviews?organisation={review.organisation_id}")
    assert response.status_code == 200
    data = response.json()
    assert data["total"] == 1 and [item["id"] for item in data["items"]] == [str(review.pk)]
    assert data["aggregate"]["count"] == 1
    assert data["aggregate"]["averages"]["overall"] == 4.0
    assert data["aggregate"]["distribution"]["4"] == 1
    assert api.get(f"reviews/{review.pk}").status_code == 200
    hidden = EmployerReview.objects.exclude(pk=review.pk).get()
    assert api.get(f"reviews/{hidden.pk}").status_code == 404


def test_employer_responses_never_carry_the_authors_name_or_id(api_as: Api) -> None:
    review = review_of(application_to_company_a())
    alice = review.author
    bob = api_as(personas.build(personas.BOB))
    secrets = [str(alice.pk), alice.display_name, alice.real_name, "王爱丽", "13800138001"]
    for shown in (False, True):  # also when Alice chose to show her (masked) name
        EmployerReview.objects.filter(pk=review.pk).update(anonymous=not shown)
        responses = [
            bob.get(f"reviews?organisation={review.organisation_id}"),
            bob.get(f"reviews/{review.pk}"),
        ]
        for response in responses:
            assert response.status_code == 200
            text = response.content.decode()
            assert not [secret for secret in secrets if secret and secret in text]
    reply = bob.post(f"reviews/{review.pk}/reply", {"text": "感谢王爱丽的反馈，我们会改进。"})
    assert reply.status_code == 201
    assert not [s for s in secrets if s and s in reply.content.decode()]


def test_reply_once_and_only_by_the_reviewed_organisation(api_as: Api) -> None:
    review = review_of(application_to_company_a())
    bob = api_as(personas.build(personas.BOB))
    first = bob.post(f"reviews/{review.pk}/reply", {"text": "感谢反馈，我们会改进。"})
    assert first.status_code == 201 and first.json()["status"] == "published"
    again = bob.post(f"reviews/{review.pk}/reply", {"text": "再次感谢。"})
    assert again.status_code == 409 and again.json()["code"] == "review_reply_exists"
    org_seeds.build_org(org_seeds.COMPANY_B)  # Dave is a member of another organisation
    dave = api_as(personas.build(personas.DAVE)).post(
        f"reviews/{review.pk}/reply", {"text": "我们不是这家公司。"}
    )
    assert dave.status_code == 404
    shown = api_as(None).get(f"reviews/{review.pk}").json()
    assert shown["reply"]["text"] == "感谢反馈，我们会改进。"


def test_trust_and_safety_removes_and_the_regulator_cannot(api_as: Api) -> None:
    review = review_of(application_to_company_a())
    body = {"reasons": ["abusive"], "note": ""}
    rita = api_as(personas.build(personas.RITA)).post(f"reviews/{review.pk}/remove", body)
    assert rita.status_code == 403 and rita.json()["code"] == "permission_denied"
    oscar = api_as(personas.build(personas.OSCAR))
    bad = oscar.post(f"reviews/{review.pk}/remove", {"reasons": ["nonsense"]})
    assert bad.json()["code"] == "review_removal_reasons_required"
    removed = oscar.post(f"reviews/{review.pk}/remove", body)
    assert removed.status_code == 200 and removed.json()["status"] == "removed"
    assert api_as(None).get(f"reviews/{review.pk}").status_code == 404
    mine = api_as(review.author).get(f"me/reviews/{review.pk}").json()
    assert mine["removal_reasons"] == ["abusive"]


def test_the_public_list_and_the_company_page_do_not_grow_queries_per_review(
    api: ApiClient,
) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    first = review_of(application_to_company_a())
    org_id = first.organisation_id

    def counts() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as listed:
            assert api.get(f"reviews?organisation={org_id}").status_code == 200
        with CaptureQueriesContext(connection) as page:
            assert Client().get(f"/companies/{org_id}/").status_code == 200
        # Other apps' parts of the company page (banners, caches) are not this test's.
        ours = [q for q in page.captured_queries if "reviews_" in q["sql"]]
        return len(listed.captured_queries), len(ours)

    one = counts()
    second = review_of(application_to_company_a())
    bob = personas.build(personas.BOB)
    api_as_bob = ApiClient(bob)
    api_as_bob.post(f"reviews/{second.pk}/reply", {"text": "感谢反馈，我们会改进。"})
    review_of(application_to_company_a())
    assert counts() == one

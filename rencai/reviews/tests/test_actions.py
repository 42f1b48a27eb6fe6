"""Reviews: eligibility, one per application, screening, aggregates, the one reply,
removal by trust & safety, and the audit rows."""

from __future__ import annotations

import pytest

from rencai.audit.models import AuditEvent
from rencai.core.actors import cli_actor
from rencai.core.errors import DomainError
from rencai.orgs.queries import active_membership
from rencai.reviews import actions, queries
from rencai.reviews.choices import ReplyStatus, ReviewKind, ReviewStatus
from rencai.reviews.models import EmployerReview, ReviewReply
from rencai.reviews.tests.scene import (
    EMPLOYER_SCORES,
    GOOD_TEXT,
    HEADHUNTER_SCORES,
    application_to_agency,
    application_to_company_a,
    review_of,
)
from rencai.testing import personas

pytestmark = pytest.mark.django_db


def _code(excinfo: pytest.ExceptionInfo[DomainError]) -> str:
    return excinfo.value.code


def test_a_viewed_application_entitles_one_published_employer_review() -> None:
    application = application_to_company_a()
    review = review_of(application)
    assert review.kind == ReviewKind.EMPLOYER
    assert review.status == ReviewStatus.PUBLISHED and review.published_at is not None
    assert review.organisation_id == application.posting.organisation_id
    assert review.anonymous is True
    event = AuditEvent.objects.get(action="reviews.review_submitted", object_id=str(review.pk))
    assert event.after["status"] == "published"
    assert GOOD_TEXT not in str(event.after)  # the text never goes into the audit trail
    with pytest.raises(DomainError) as excinfo:
        review_of(application)
    assert _code(excinfo) == "review_already_exists"
    assert excinfo.value.status == 409


def test_an_application_nobody_viewed_does_not_entitle_a_review() -> None:
    application = application_to_company_a(seen=False)
    with pytest.raises(DomainError) as excinfo:
        review_of(application)
    assert _code(excinfo) == "review_not_yet_eligible"
    assert not EmployerReview.objects.exists()


def test_someone_elses_application_is_refused() -> None:
    application = application_to_company_a()
    yan = personas.build(personas.YAN)
    with pytest.raises(DomainError) as excinfo:
        review_of(application, author=yan)
    assert _code(excinfo) == "review_no_application"
    assert queries.application_for_review(yan, application.pk) is None


def test_scores_must_be_one_to_five_for_every_dimension() -> None:
    application = application_to_company_a()
    for scores in ({"overall": 6, "interview": 5, "honesty": 3}, {"overall": 4, "honesty": 3}):
        with pytest.raises(DomainError) as excinfo:
            actions.submit_review(
                application, scores=scores, text=GOOD_TEXT, actor=cli_actor(application.seeker)
            )
        assert _code(excinfo) == "review_score_invalid"
    with pytest.raises(DomainError) as excinfo:
        review_of(application, text="很好")
    assert _code(excinfo) == "review_text_invalid"


def test_an_agency_posting_makes_a_headhunter_rating_of_the_agency() -> None:
    application = application_to_agency()
    review = actions.submit_review(
        application,
        scores=HEADHUNTER_SCORES,
        text=GOOD_TEXT,
        actor=cli_actor(application.seeker),
    )
    assert review.kind == ReviewKind.HEADHUNTER
    assert review.organisation.is_agency
    assert review.headhunter == active_membership(personas.build(personas.CAROL))
    assert review.score_professionalism == 4 and review.score_interview is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("面试官很好，有问题可以打他电话13912345678咨询。", "REV-PI-PHONE"),
        ("面试官说这个岗位只招男性，女生不要来了。", "DIS-GENDER-01"),
        ("这家公司就是一群傻逼，千万别来浪费时间。", "REV-ABUSE-01"),
    ],
)
def test_screening_hides_personal_information_discrimination_and_abuse(
    text: str, code: str
) -> None:
    review = review_of(application_to_company_a(), text=text)
    assert review.status == ReviewStatus.HIDDEN_BY_SCREENING
    assert code in {f["code"] for f in review.screening_findings}
    assert review.published_at is None
    assert not queries.published_reviews(review.organisation).exists()
    # The author sees the findings and edits; the clean text is published.
    edited = actions.edit_review(review, text=GOOD_TEXT, actor=cli_actor(review.author))
    assert edited.status == ReviewStatus.PUBLISHED and edited.screening_findings == []


def test_a_deposit_mentioned_as_a_warning_waits_for_trust_and_safety() -> None:
    review = review_of(application_to_company_a(), text="面试时要求先交押金500元，大家注意。")
    assert review.status == ReviewStatus.PENDING_SCREENING
    oscar = personas.build(personas.OSCAR)
    published = actions.publish_held_review(review, actor=cli_actor(oscar))
    assert published.status == ReviewStatus.PUBLISHED
    with pytest.raises(DomainError) as excinfo:
        actions.publish_held_review(review, actor=cli_actor(oscar))
    assert _code(excinfo) == "review_not_pending"


def test_staff_names_are_masked_in_the_shown_text() -> None:
    application = application_to_company_a()
    bob = personas.build(personas.BOB)
    name = bob.display_name.split()[-1]
    review = review_of(application, text=f"面试官{name}很专业，王经理也很耐心，整体不错。")
    assert review.status == ReviewStatus.PUBLISHED
    assert name not in review.display_text and "王经理" not in review.display_text
    assert name in review.text  # the author's own text is kept for editing


def test_aggregate_averages_count_and_distribution() -> None:
    first = review_of(application_to_company_a())
    org = first.organisation
    second_app = application_to_company_a()
    actions.submit_review(
        second_app,
        scores={"overall": 2, "interview": 3, "honesty": 4},
        text=GOOD_TEXT,
        actor=cli_actor(second_app.seeker),
    )
    review_of(application_to_company_a(), text="联系电话13912345678，面试体验很好。")  # hidden
    agg = queries.aggregate(org)
    assert agg.count == 2
    assert agg.averages == {"overall": 3.0, "interview": 4.0, "honesty": 3.5}
    assert agg.distribution == {4: 1, 2: 1}
    assert [bar["count"] for bar in agg.bars()] == [0, 1, 0, 1, 0]


def test_the_organisation_replies_once_and_only_its_administrators() -> None:
    review = review_of(application_to_company_a())
    bob = personas.build(personas.BOB)
    membership = active_membership(bob)
    assert membership is not None and membership.is_admin
    reply = actions.reply_to_review(
        review,
        membership=membership,
        text="感谢反馈，我们会继续改进面试流程。",
        actor=cli_actor(bob),
    )
    assert reply.status == ReplyStatus.PUBLISHED
    assert AuditEvent.objects.filter(action="reviews.reply_submitted").count() == 1
    with pytest.raises(DomainError) as excinfo:
        actions.reply_to_review(
            review, membership=membership, text="再补充一句。", actor=cli_actor(bob)
        )
    assert _code(excinfo) == "review_reply_exists"
    assert ReviewReply.objects.count() == 1


def test_a_recruiter_may_not_speak_for_the_organisation() -> None:
    review = review_of(application_to_company_a())
    bob = personas.build(personas.BOB)
    membership = active_membership(bob)
    assert membership is not None
    membership.role = "recruiter"
    with pytest.raises(DomainError) as excinfo:
        actions.reply_to_review(
            review, membership=membership, text="感谢反馈。", actor=cli_actor(bob)
        )
    assert _code(excinfo) == "review_reply_not_allowed"


def test_a_reply_naming_the_reviewer_is_masked_and_a_blocked_reply_may_be_rewritten() -> None:
    review = review_of(application_to_company_a())
    bob = personas.build(personas.BOB)
    membership = active_membership(bob)
    assert membership is not None
    reply = actions.reply_to_review(
        review, membership=membership, text="王爱丽同学，感谢你的反馈。", actor=cli_actor(bob)
    )
    assert "王爱丽" not in reply.display_text
    blocked = actions.reply_to_review(
        EmployerReview.objects.get(pk=review_of(application_to_company_a()).pk),
        membership=membership,
        text="有问题请打13912345678联系我们。",
        actor=cli_actor(bob),
    )
    assert blocked.status == ReplyStatus.HIDDEN_BY_SCREENING
    again = actions.reply_to_review(
        blocked.review,
        membership=membership,
        text="感谢反馈，欢迎在平台内联系我们。",
        actor=cli_actor(bob),
    )
    assert again.pk == blocked.pk and again.status == ReplyStatus.PUBLISHED


def test_trust_and_safety_removes_with_reasons_and_the_author_can_no_longer_edit() -> None:
    review = review_of(application_to_company_a())
    oscar = personas.build(personas.OSCAR)
    with pytest.raises(DomainError) as excinfo:
        actions.remove_review(review, reasons=[], actor=cli_actor(oscar))
    assert _code(excinfo) == "review_removal_reasons_required"
    with pytest.raises(DomainError) as excinfo:
        actions.remove_review(review, reasons=["other"], note="", actor=cli_actor(oscar))
    assert _code(excinfo) == "review_removal_note_required"
    removed = actions.remove_review(
        review, reasons=["false_information"], note="与事实不符", actor=cli_actor(oscar)
    )
    assert removed.status == ReviewStatus.REMOVED and removed.removed_by == oscar
    event = AuditEvent.objects.get(action="reviews.review_removed")
    assert event.after["reasons"] == ["false_information"]
    assert not queries.published_reviews(review.organisation).exists()
    for attempt in (
        lambda: actions.edit_review(removed, text=GOOD_TEXT, actor=cli_actor(review.author)),
        lambda: actions.withdraw_review(removed, actor=cli_actor(review.author)),
    ):
        with pytest.raises(DomainError) as excinfo:
            attempt()
        assert _code(excinfo) == "review_removed"


def test_only_trust_and_safety_removes() -> None:
    review = review_of(application_to_company_a())
    for persona in (personas.RITA, personas.BOB, personas.AUDREY):
        with pytest.raises(DomainError) as excinfo:
            actions.remove_review(
                review, reasons=["abusive"], actor=cli_actor(personas.build(persona))
            )
        assert excinfo.value.status == 403
    assert EmployerReview.objects.get(pk=review.pk).status == ReviewStatus.PUBLISHED


def test_the_author_withdraws_and_may_review_again() -> None:
    review = review_of(application_to_company_a())
    application = review.application
    actions.withdraw_review(review, actor=cli_actor(review.author))
    assert not EmployerReview.objects.exists()
    assert AuditEvent.objects.filter(action="reviews.review_withdrawn").exists()
    assert review_of(application).status == ReviewStatus.PUBLISHED
    with pytest.raises(DomainError):
        actions.withdraw_review(
            EmployerReview.objects.get(), actor=cli_actor(personas.build(personas.YAN))
        )
    assert EMPLOYER_SCORES["overall"] == EmployerReview.objects.get().score_overall


def test_notifications_to_the_organisation_and_the_author() -> None:
    from rencai.notifications.models import Notification

    review = review_of(application_to_company_a())
    bob = personas.build(personas.BOB)
    assert Notification.objects.filter(recipient=bob, kind="reviews.new_review").count() == 1
    actions.remove_review(
        review, reasons=["abusive"], actor=cli_actor(personas.build(personas.OSCAR))
    )
    assert Notification.objects.filter(recipient=review.author, kind="reviews.removed").exists()
    held = review_of(application_to_company_a(), text="面试时要求先交押金500元，大家注意。")
    assert Notification.objects.filter(recipient=bob, kind="reviews.new_review").count() == 1
    actions.publish_held_review(held, actor=cli_actor(personas.build(personas.OSCAR)))
    assert Notification.objects.filter(
        recipient=held.author, kind="reviews.published_after_check"
    ).exists()
    assert Notification.objects.filter(recipient=bob, kind="reviews.new_review").count() == 2

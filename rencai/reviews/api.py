"""API routers (mounted in ``rencai/api.py``): public reviews of an organisation with their
aggregate, the seeker's own reviews, the organisation's reply and trust & safety's
removal. The same actions and queries as the pages."""

from __future__ import annotations

import uuid

from django.http import HttpRequest
from ninja import Router, Status

from rencai.accounts.models import User
from rencai.core.api_support import AUTH, ERRORS, Page, api_actor, paginate
from rencai.core.errors import permission_denied
from rencai.reviews import actions, queries
from rencai.reviews.errors import ReviewErrorCode, review_error
from rencai.reviews.permissions import can_moderate_reviews, can_write_reviews
from rencai.reviews.schemas import (
    AggregateOut,
    FindingOut,
    MyReviewOut,
    OrgReviewsOut,
    RemoveIn,
    ReplyIn,
    ReplyResultOut,
    ReviewIn,
    ReviewOut,
    ReviewPatch,
)
from rencai.reviews.screening import explained

reviews_router = Router(tags=["reviews"])
me_reviews_router = Router(tags=["reviews"], auth=AUTH)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _writer(request: HttpRequest) -> User:
    user = _user(request)
    if not can_write_reviews(user):
        raise permission_denied()
    return user


def _moderator(request: HttpRequest) -> User:
    user = _user(request)
    if not can_moderate_reviews(user):
        raise permission_denied()
    return user


# --- public ------------------------------------------------------------------------------


@reviews_router.get(
    "", response={200: OrgReviewsOut, **ERRORS}, summary="Reviews of an organisation"
)
def organisation_reviews(
    request: HttpRequest, organisation: uuid.UUID, page: int = 1, page_size: int = 25
) -> OrgReviewsOut:
    """Published reviews of a verified organisation, newest first, with the aggregate
    (average per dimension, count, distribution of the overall score). 404 for an
    unknown or unverified organisation."""
    org = queries.public_org(organisation)
    rows, total, page, page_size = paginate(
        queries.published_reviews(org).select_related("organisation"), page, page_size
    )
    return OrgReviewsOut(
        organisation_id=org.pk,
        aggregate=AggregateOut.build(queries.aggregate(org)),
        items=[ReviewOut.build(review) for review in rows],
        total=total,
        page=page,
        page_size=page_size,
    )


@reviews_router.get("/{review_id}", response={200: ReviewOut, **ERRORS}, summary="One review")
def review_detail(request: HttpRequest, review_id: uuid.UUID) -> ReviewOut:
    """A published review (its author and operators also see it in other states)."""
    user = request.user if request.user.is_authenticated else None
    assert user is None or isinstance(user, User)
    return ReviewOut.build(queries.review_for_viewer(user, review_id))


@reviews_router.post(
    "/{review_id}/reply",
    response={201: ReplyResultOut, **ERRORS},
    auth=AUTH,
    summary="Reply for the organisation",
)
def reply(request: HttpRequest, review_id: uuid.UUID, payload: ReplyIn) -> Status[ReplyResultOut]:
    """Administrators of the reviewed organisation reply once to a published review; the
    reply is screened (``status`` ``hidden_by_screening`` with ``findings`` means: rewrite
    and send again). 403 ``review_reply_not_allowed`` for recruiters; 404 for a review of
    another organisation; 409 ``review_reply_exists``, ``review_not_published``; 400
    ``review_reply_text_invalid``."""
    user = _user(request)
    review, membership = queries.review_of_my_org(user, review_id)
    answer = actions.reply_to_review(
        review, membership=membership, text=payload.text, actor=api_actor(request)
    )
    return Status(
        201,
        ReplyResultOut(
            review_id=review.pk,
            status=answer.status,
            text=answer.display_text,
            findings=[FindingOut(**f) for f in explained(answer.screening_findings)],
        ),
    )


@reviews_router.post(
    "/{review_id}/remove",
    response={200: MyReviewOut, **ERRORS},
    auth=AUTH,
    summary="Remove a review (trust & safety)",
)
def remove(request: HttpRequest, review_id: uuid.UUID, payload: RemoveIn) -> MyReviewOut:
    """400 ``review_removal_reasons_required``, ``review_removal_note_required``; 409
    ``review_removed``."""
    _moderator(request)
    review = queries.review_for_operator(review_id)
    removed = actions.remove_review(
        review, reasons=payload.reasons, note=payload.note, actor=api_actor(request)
    )
    return MyReviewOut.build_mine(queries.review_for_operator(removed.pk))


@reviews_router.post(
    "/{review_id}/publish",
    response={200: MyReviewOut, **ERRORS},
    auth=AUTH,
    summary="Publish a held review (trust & safety)",
)
def publish(request: HttpRequest, review_id: uuid.UUID) -> MyReviewOut:
    """A review that screening held for a check (``pending_screening``) is published.
    409 ``review_not_pending``."""
    _moderator(request)
    review = actions.publish_held_review(
        queries.review_for_operator(review_id), actor=api_actor(request)
    )
    return MyReviewOut.build_mine(queries.review_for_operator(review.pk))


# --- the seeker's own reviews -----------------------------------------------------------------


@me_reviews_router.get("", response={200: Page[MyReviewOut], **ERRORS}, summary="My reviews")
def my_reviews(request: HttpRequest, page: int = 1, page_size: int = 25) -> Page[MyReviewOut]:
    rows, total, page, page_size = paginate(
        queries.reviews_of_author(_user(request)), page, page_size
    )
    return Page(
        items=[MyReviewOut.build_mine(r) for r in rows], total=total, page=page, page_size=page_size
    )


@me_reviews_router.post("", response={201: MyReviewOut, **ERRORS}, summary="Write a review")
def create_review(request: HttpRequest, payload: ReviewIn) -> Status[MyReviewOut]:
    """Review the organisation of one of your applications once it has been viewed.
    ``status`` says what screening decided: ``published``, ``pending_screening`` (the
    platform checks it) or ``hidden_by_screening`` (see ``findings``, then edit).
    400 ``review_no_application``, ``review_not_yet_eligible``, ``review_score_invalid``,
    ``review_text_invalid``; 409 ``review_already_exists``."""
    user = _writer(request)
    application = queries.application_for_review(user, payload.application_id)
    if application is None:
        raise review_error(ReviewErrorCode.NO_APPLICATION, field="application_id")
    review = actions.submit_review(
        application,
        scores=payload.scores,
        text=payload.text,
        anonymous=payload.anonymous,
        actor=api_actor(request),
    )
    return Status(201, MyReviewOut.build_mine(queries.review_of_author(user, review.pk)))


@me_reviews_router.get("/{review_id}", response={200: MyReviewOut, **ERRORS}, summary="My review")
def my_review(request: HttpRequest, review_id: uuid.UUID) -> MyReviewOut:
    return MyReviewOut.build_mine(queries.review_of_author(_user(request), review_id))


@me_reviews_router.patch(
    "/{review_id}", response={200: MyReviewOut, **ERRORS}, summary="Edit my review"
)
def edit(request: HttpRequest, review_id: uuid.UUID, payload: ReviewPatch) -> MyReviewOut:
    """Screened again. 409 ``review_removed``."""
    user = _writer(request)
    review = actions.edit_review(
        queries.review_of_author(user, review_id),
        scores=payload.scores,
        text=payload.text,
        anonymous=payload.anonymous,
        actor=api_actor(request),
    )
    return MyReviewOut.build_mine(queries.review_of_author(user, review.pk))


@me_reviews_router.delete(
    "/{review_id}", response={204: None, **ERRORS}, summary="Withdraw my review"
)
def withdraw(request: HttpRequest, review_id: uuid.UUID) -> Status[None]:
    """Deletes the review and the organisation's reply. 409 ``review_removed``."""
    user = _writer(request)
    actions.withdraw_review(queries.review_of_author(user, review_id), actor=api_actor(request))
    return Status(204, None)

"""Writes of the reviews app; each writes an audit event in its transaction.

Audit events carry the scores, the status and the screening codes, never the text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from rencai.accounts.models import User
from rencai.applications.models import Application
from rencai.audit.actions import record_event
from rencai.core.actors import Actor
from rencai.core.errors import permission_denied
from rencai.notifications.actions import notify
from rencai.orgs.choices import MemberRole, MembershipStatus
from rencai.orgs.models import Membership, Organisation
from rencai.reviews import notices
from rencai.reviews.choices import (
    RemovalReason,
    ReplyStatus,
    ReviewKind,
    ReviewStatus,
    dimensions_of,
)
from rencai.reviews.errors import ReviewErrorCode, review_error
from rencai.reviews.models import SCORE_FIELDS, EmployerReview, ReviewReply
from rencai.reviews.permissions import (
    application_entitles_review,
    can_moderate_reviews,
    can_speak_for_org,
    can_write_reviews,
)
from rencai.reviews.screening import ReviewScreening, screen_review_text

TEXT_MIN, TEXT_MAX = 10, 2000
REPLY_MIN, REPLY_MAX = 5, 1000

_STATUS_OF_VERDICT = {
    "pass": ReviewStatus.PUBLISHED,
    "review": ReviewStatus.PENDING_SCREENING,
    "block": ReviewStatus.HIDDEN_BY_SCREENING,
}


def _names(words: Iterable[str]) -> set[str]:
    """Name-like words of display names and real names (two characters or more)."""
    found: set[str] = set()
    for value in words:
        for part in (value or "").split():
            if len(part) >= 2:
                found.add(part)
    return found


def staff_names(org: Organisation) -> set[str]:
    """Names of the organisation's active staff, masked when a review mentions them."""
    users = User.objects.filter(
        memberships__organisation=org, memberships__status=MembershipStatus.ACTIVE
    ).values_list("display_name", "real_name")
    return _names(name for pair in users for name in pair)


def _author_names(review: EmployerReview) -> set[str]:
    """The reviewer's names (account and the resume as sent), masked in a reply so an
    anonymous review cannot be de-anonymised by the organisation's answer."""
    author = review.author
    snapshot = review.application.snapshot or {}
    full_name = str(snapshot.get("full_name", "")) if isinstance(snapshot, dict) else ""
    return _names([author.display_name, author.real_name, full_name])


def _scores(kind: str, scores: Mapping[str, Any]) -> dict[str, int | None]:
    """The score columns for ``kind`` (``{"overall": 4, ...}`` in), validated 1–5."""
    columns: dict[str, int | None] = dict.fromkeys(SCORE_FIELDS)
    for column, name in dimensions_of(kind):
        value = scores.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise review_error(ReviewErrorCode.SCORE_INVALID, field=name)
        columns[column] = value
    return columns


def _text(text: str) -> str:
    cleaned = (text or "").strip()
    if not TEXT_MIN <= len(cleaned) <= TEXT_MAX:
        raise review_error(ReviewErrorCode.TEXT_INVALID, field="text")
    return cleaned


def _apply_screening(review: EmployerReview, result: ReviewScreening) -> bool:
    """Set status, findings and shown text from ``result``; True when this publishes the
    review for the first time."""
    review.status = _STATUS_OF_VERDICT[result.verdict]
    review.screening_findings = result.findings
    review.display_text = result.display_text
    if review.status == ReviewStatus.PUBLISHED and review.published_at is None:
        review.published_at = timezone.now()
        return True
    return False


def _tell_admins(review: EmployerReview, *, actor: Actor) -> None:
    """The organisation's administrators hear of a newly published review (no author)."""
    admins = Membership.objects.filter(
        organisation_id=review.organisation_id,
        status=MembershipStatus.ACTIVE,
        role=MemberRole.ADMIN,
    ).select_related("user", "organisation")
    for membership in admins:
        notify(
            membership.user,
            notices.NEW_REVIEW,
            params={"org": membership.organisation.legal_name},
            url="/employer/reviews/",
            dedupe_key=f"review:{review.pk}",
            actor=actor,
        )


def _summary(review: EmployerReview) -> dict[str, Any]:
    return {
        "kind": review.kind,
        "status": review.status,
        "organisation": str(review.organisation_id),
        "anonymous": review.anonymous,
        "scores": {column: getattr(review, column) for column in SCORE_FIELDS},
        "findings": sorted({str(f.get("code")) for f in review.screening_findings}),
    }


def submit_review(
    application: Application,
    *,
    scores: Mapping[str, Any],
    text: str,
    anonymous: bool = True,
    actor: Actor,
) -> EmployerReview:
    """The seeker reviews the organisation of one of their applications (one review per
    application). An agency's posting makes it a headhunter rating of the agency (and of
    the staff member who owned the posting); any other posting an employer review.
    Screening decides the status: published, pending_screening (an operator checks) or
    hidden_by_screening (the author must edit)."""
    user = actor.user
    if user is None or not can_write_reviews(user):
        raise permission_denied()
    if application.seeker_id != user.pk:
        raise review_error(ReviewErrorCode.NO_APPLICATION, field="application_id")
    if not application_entitles_review(application):
        raise review_error(ReviewErrorCode.NOT_YET_ELIGIBLE, field="application_id")
    posting = application.posting
    org = posting.organisation
    kind = ReviewKind.HEADHUNTER if org.is_agency else ReviewKind.EMPLOYER
    columns = _scores(kind, scores)
    cleaned = _text(text)
    result = screen_review_text(cleaned, names=staff_names(org))
    try:
        with transaction.atomic():
            Application.objects.select_for_update().filter(pk=application.pk).first()
            if EmployerReview.objects.filter(application=application).exists():
                raise review_error(ReviewErrorCode.ALREADY_REVIEWED)
            review = EmployerReview(
                organisation=org,
                author=user,
                application=application,
                headhunter=posting.owner if kind == ReviewKind.HEADHUNTER else None,
                kind=kind,
                text=cleaned,
                anonymous=anonymous,
                **columns,
            )
            first_publication = _apply_screening(review, result)
            review.save()
            record_event(actor, "reviews.review_submitted", review, after=_summary(review))
            if first_publication:
                _tell_admins(review, actor=actor)
    except IntegrityError as exc:
        raise review_error(ReviewErrorCode.ALREADY_REVIEWED) from exc
    return review


def edit_review(
    review: EmployerReview,
    *,
    scores: Mapping[str, Any] | None = None,
    text: str | None = None,
    anonymous: bool | None = None,
    actor: Actor,
) -> EmployerReview:
    """The author changes scores, text or the name display of a review that the platform
    has not removed; the text is screened again (a published review whose new text is
    held goes back to pending or hidden)."""
    user = actor.user
    if user is None or review.author_id != user.pk:
        raise permission_denied()
    with transaction.atomic():
        review = EmployerReview.objects.select_for_update().get(pk=review.pk)
        if review.status == ReviewStatus.REMOVED:
            raise review_error(ReviewErrorCode.REMOVED)
        before = _summary(review)
        if scores is not None:
            for column, value in _scores(review.kind, scores).items():
                setattr(review, column, value)
        if text is not None:
            review.text = _text(text)
        if anonymous is not None:
            review.anonymous = anonymous
        first_publication = _apply_screening(
            review, screen_review_text(review.text, names=staff_names(review.organisation))
        )
        review.save()
        record_event(actor, "reviews.review_edited", review, before=before, after=_summary(review))
        if first_publication:
            _tell_admins(review, actor=actor)
    return review


def withdraw_review(review: EmployerReview, *, actor: Actor) -> None:
    """The author deletes their review (and the organisation's reply with it). A removed
    review stays as the moderation record."""
    user = actor.user
    if user is None or review.author_id != user.pk:
        raise permission_denied()
    with transaction.atomic():
        review = EmployerReview.objects.select_for_update().get(pk=review.pk)
        if review.status == ReviewStatus.REMOVED:
            raise review_error(ReviewErrorCode.REMOVED)
        record_event(actor, "reviews.review_withdrawn", review, before=_summary(review))
        review.delete()


def reply_to_review(
    review: EmployerReview, *, membership: Membership, text: str, actor: Actor
) -> ReviewReply:
    """An administrator of the reviewed organisation replies once to a published review.
    The reply is screened (the reviewer's names are masked); a reply hidden by screening
    may be rewritten, a published one not."""
    user = actor.user
    if (
        user is None
        or membership.user_id != user.pk
        or membership.organisation_id != (review.organisation_id)
    ):
        raise permission_denied()
    if not can_speak_for_org(membership):
        raise review_error(ReviewErrorCode.REPLY_NOT_ALLOWED)
    cleaned = (text or "").strip()
    if not REPLY_MIN <= len(cleaned) <= REPLY_MAX:
        raise review_error(ReviewErrorCode.REPLY_TEXT_INVALID, field="text")
    with transaction.atomic():
        review = (
            EmployerReview.objects.select_for_update()
            .select_related("author", "application")
            .get(pk=review.pk)
        )
        if review.status != ReviewStatus.PUBLISHED:
            raise review_error(ReviewErrorCode.NOT_PUBLISHED)
        reply = ReviewReply.objects.filter(review=review).first()
        if reply is not None and reply.status == ReplyStatus.PUBLISHED:
            raise review_error(ReviewErrorCode.REPLY_EXISTS)
        result = screen_review_text(cleaned, names=_author_names(review))
        if reply is None:
            reply = ReviewReply(review=review)
        reply.membership = membership
        reply.author = user
        reply.text = cleaned
        reply.display_text = result.display_text
        reply.screening_findings = result.findings
        reply.status = (
            ReplyStatus.PUBLISHED if result.verdict == "pass" else ReplyStatus.HIDDEN_BY_SCREENING
        )
        reply.save()
        record_event(
            actor,
            "reviews.reply_submitted",
            reply,
            after={
                "review": str(review.pk),
                "status": reply.status,
                "findings": sorted({str(f["code"]) for f in result.findings}),
            },
        )
    return reply


def remove_review(
    review: EmployerReview, *, reasons: Iterable[str], note: str = "", actor: Actor
) -> EmployerReview:
    """Trust & safety removes a review with reasons from the controlled list (``other``
    needs a note). The review stays, hidden, as the moderation record."""
    user = actor.user
    if user is None or not can_moderate_reviews(user):
        raise permission_denied()
    chosen = sorted({str(reason) for reason in reasons})
    if not chosen or not set(chosen) <= set(RemovalReason.values):
        raise review_error(ReviewErrorCode.REASONS_REQUIRED, field="reasons")
    cleaned = (note or "").strip()
    if RemovalReason.OTHER in chosen and len(cleaned) < 5:
        raise review_error(ReviewErrorCode.NOTE_REQUIRED, field="note")
    with transaction.atomic():
        review = EmployerReview.objects.select_for_update().get(pk=review.pk)
        if review.status == ReviewStatus.REMOVED:
            raise review_error(ReviewErrorCode.REMOVED)
        before = _summary(review)
        review.status = ReviewStatus.REMOVED
        review.removed_at = timezone.now()
        review.removed_by = user
        review.removal_reasons = chosen
        review.removal_note = cleaned
        review.save()
        record_event(
            actor,
            "reviews.review_removed",
            review,
            before=before,
            after={**_summary(review), "reasons": chosen, "note": cleaned},
        )
        notify(
            review.author,
            notices.REMOVED,
            params={
                "org": review.organisation.legal_name,
                "reasons": "; ".join(review.removal_reason_labels),
            },
            url=f"/me/reviews/{review.pk}/edit/",
            actor=actor,
        )
    return review


def publish_held_review(review: EmployerReview, *, actor: Actor) -> EmployerReview:
    """Trust & safety publishes a review that screening held for a check (its findings
    were "review" level, e.g. a deposit mentioned as a warning)."""
    user = actor.user
    if user is None or not can_moderate_reviews(user):
        raise permission_denied()
    with transaction.atomic():
        review = EmployerReview.objects.select_for_update().get(pk=review.pk)
        if review.status != ReviewStatus.PENDING_SCREENING:
            raise review_error(ReviewErrorCode.NOT_PENDING)
        first_publication = review.published_at is None
        review.status = ReviewStatus.PUBLISHED
        review.published_at = review.published_at or timezone.now()
        review.save(update_fields=["status", "published_at", "updated_at"])
        record_event(actor, "reviews.review_published", review, after=_summary(review))
        notify(
            review.author,
            notices.PUBLISHED_AFTER_CHECK,
            params={"org": review.organisation.legal_name},
            url="/me/reviews/",
            actor=actor,
        )
        if first_publication:
            _tell_admins(review, actor=actor)
    return review

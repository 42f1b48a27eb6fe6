"""Actor-scoped reads of reviews, and the aggregate scores of an organisation."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q, QuerySet

from rencai.accounts.models import User
from rencai.applications.choices import StageKind
from rencai.applications.models import Application
from rencai.core.errors import NotFound, not_found, permission_denied
from rencai.core.lookups import one_of
from rencai.core.models import Id
from rencai.orgs.models import Membership, Organisation
from rencai.orgs.queries import active_membership, public_organisation
from rencai.reviews.choices import ReviewKind, ReviewStatus, dimensions_of
from rencai.reviews.models import EmployerReview
from rencai.reviews.permissions import can_inspect_reviews, is_org_staff


def _with_reply(reviews: QuerySet[EmployerReview]) -> QuerySet[EmployerReview]:
    return reviews.select_related("reply", "author")


def published_reviews(org: Organisation) -> QuerySet[EmployerReview]:
    """The organisation's published reviews, newest first (public)."""
    return _with_reply(
        EmployerReview.objects.filter(organisation=org, status=ReviewStatus.PUBLISHED)
    ).order_by("-published_at", "-created_at")


def public_org(org_id: Id) -> Organisation:
    """A verified organisation whose reviews are public; 404 otherwise."""
    return public_organisation(org_id)


@dataclass
class Aggregate:
    """Published reviews of one organisation in numbers."""

    kind: str
    count: int
    averages: dict[str, float | None] = field(default_factory=dict)
    distribution: dict[int, int] = field(default_factory=dict)

    @property
    def overall(self) -> float | None:
        return self.averages.get("overall")

    def bars(self) -> list[dict[str, object]]:
        """Rows of the distribution (5 stars first) with their share in percent."""
        return [
            {
                "stars": stars,
                "count": self.distribution.get(stars, 0),
                "percent": round(100 * self.distribution.get(stars, 0) / self.count)
                if self.count
                else 0,
            }
            for stars in range(5, 0, -1)
        ]


def aggregate(org: Organisation) -> Aggregate:
    """Average per dimension, count and distribution of the overall score over the
    organisation's published reviews (two queries; the index on organisation and status
    keeps them cheap, so nothing is cached). Agencies are rated on the headhunter
    dimensions, employers on the employer dimensions."""
    kind = ReviewKind.HEADHUNTER if org.is_agency else ReviewKind.EMPLOYER
    dimensions = dimensions_of(kind)
    published = EmployerReview.objects.filter(organisation=org, status=ReviewStatus.PUBLISHED)
    numbers = published.aggregate(
        count=Count("pk"), **{name: Avg(column) for column, name in dimensions}
    )
    distribution = {
        row["score_overall"]: row["n"]
        for row in published.order_by().values("score_overall").annotate(n=Count("pk"))
    }
    averages = {
        name: round(float(numbers[name]), 1) if numbers[name] is not None else None
        for _column, name in dimensions
    }
    return Aggregate(kind, numbers["count"], averages, distribution)


def review_for_viewer(user: User | None, review_id: Id) -> EmployerReview:
    """A published review for anyone; the author's own and, for inspectors, any review."""
    reviews = _with_reply(EmployerReview.objects.select_related("organisation"))
    review = one_of(reviews, review_id)
    if review.status == ReviewStatus.PUBLISHED:
        return review
    if user is not None and (review.author_id == user.pk or can_inspect_reviews(user)):
        return review
    raise not_found()


def reviews_of_author(user: User) -> QuerySet[EmployerReview]:
    return _with_reply(
        EmployerReview.objects.filter(author=user).select_related("organisation")
    ).order_by("-created_at")


def review_of_author(user: User, review_id: Id) -> EmployerReview:
    return one_of(reviews_of_author(user), review_id)


def application_for_review(user: User, application_id: Id) -> Application | None:
    """One of ``user``'s applications (with what the review needs), or None."""
    applications = Application.objects.filter(seeker=user).select_related(
        "stage", "posting", "posting__organisation", "posting__owner", "organisation"
    )
    try:
        return one_of(applications, application_id)
    except NotFound:
        return None


def review_of_application(application: Application) -> EmployerReview | None:
    return EmployerReview.objects.filter(application=application).first()


def staff_org(user: User) -> tuple[Organisation, Membership]:
    """The organisation of a member of staff (403 for anyone else)."""
    membership = active_membership(user) if is_org_staff(user) else None
    if membership is None:
        raise permission_denied()
    return membership.organisation, membership


def reviews_of_my_org(user: User) -> tuple[Organisation, Membership, QuerySet[EmployerReview]]:
    """The published reviews of the member's organisation (what the public sees)."""
    org, membership = staff_org(user)
    return org, membership, published_reviews(org)


def review_of_my_org(user: User, review_id: Id) -> tuple[EmployerReview, Membership]:
    """A published review of the member's organisation; 404 for any other."""
    org, membership = staff_org(user)
    return one_of(published_reviews(org), review_id), membership


def reviews_for_operator(status: str = "") -> QuerySet[EmployerReview]:
    """Every review for trust & safety and the regulator, optionally of one status."""
    reviews = EmployerReview.objects.select_related("organisation", "reply").order_by("-created_at")
    if status in ReviewStatus.values:
        reviews = reviews.filter(status=status)
    return reviews


def review_for_operator(review_id: Id) -> EmployerReview:
    return one_of(reviews_for_operator(), review_id)


def pending_count() -> int:
    return EmployerReview.objects.filter(status=ReviewStatus.PENDING_SCREENING).count()


def reviewable_applications(user: User) -> QuerySet[Application]:
    """The seeker's applications that entitle a review not written yet (see
    ``permissions.application_entitles_review``)."""
    return (
        Application.objects.filter(seeker=user, review__isnull=True)
        .filter(Q(seen_by_org_at__isnull=False) | ~Q(stage__kind=StageKind.NEW))
        .select_related("posting__live_version", "posting__organisation", "stage")
        .order_by("-created_at")
    )

"""Actor-scoped reads of organisations, their files and their members."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from rencai.accounts.models import User
from rencai.core.errors import not_found, permission_denied
from rencai.core.lookups import one_of
from rencai.core.models import Id
from rencai.moderation.queries import listing_for
from rencai.orgs.choices import (
    DocumentKind,
    InvitationStatus,
    JoinRequestStatus,
    MembershipStatus,
    OrgStatus,
    RequestStatus,
)
from rencai.orgs.models import (
    DisplayNotice,
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
    OrgDocument,
    VerificationRequest,
)
from rencai.orgs.permissions import can_inspect_organisations, can_manage_members


def active_membership(user: User) -> Membership | None:
    """The person's one active membership, with its organisation."""
    return (
        Membership.objects.select_related("organisation")
        .filter(user=user, status=MembershipStatus.ACTIVE)
        .first()
    )


def member_org(user: User, org_id: Id) -> tuple[Organisation, Membership]:
    """The organisation ``user`` belongs to; 404 for anyone else (existence is not leaked)."""
    membership = active_membership(user)
    if membership is None or str(membership.organisation_id) != str(org_id):
        raise not_found()
    return membership.organisation, membership


def admin_org(user: User, org_id: Id) -> tuple[Organisation, Membership]:
    """As ``member_org``, and the member must be an administrator (else 403)."""
    org, membership = member_org(user, org_id)
    if not can_manage_members(membership):
        raise permission_denied()
    return org, membership


def viewable_org(user: User, org_id: Id) -> tuple[Organisation, Membership | None]:
    """Members see their organisation; reviewers and the regulator see any (REG-01)."""
    if can_inspect_organisations(user):
        org = one_of(Organisation.objects.all(), org_id)
        membership = active_membership(user)
        same = membership is not None and membership.organisation_id == org.pk
        return org, membership if same else None
    return member_org(user, org_id)


def public_organisation(org_id: Id) -> Organisation:
    """A verified organisation for its public company page; 404 otherwise."""
    verified = Organisation.objects.filter(status=OrgStatus.VERIFIED)
    return one_of(
        verified.select_related("agency_licence", "logo").prefetch_related("locations", "services"),
        org_id,
    )


def public_organisations(search: str = "") -> QuerySet[Organisation]:
    orgs = Organisation.objects.filter(status=OrgStatus.VERIFIED)
    if search.strip():
        orgs = orgs.filter(legal_name__icontains=search.strip())
    return orgs.order_by("legal_name")


def find_by_uscc(uscc: str) -> Organisation | None:
    return Organisation.objects.filter(uscc=uscc.upper()).first()


def current_documents(org: Organisation) -> dict[str, OrgDocument]:
    """The newest, not superseded document of each kind."""
    documents = OrgDocument.objects.filter(organisation=org, superseded_at__isnull=True)
    return {doc.kind: doc for doc in documents.select_related("file")}


def document_of(org: Organisation, document_id: Id) -> OrgDocument:
    return one_of(OrgDocument.objects.filter(organisation=org).select_related("file"), document_id)


def required_documents(org: Organisation) -> list[str]:
    kinds: list[str] = [DocumentKind.BUSINESS_LICENCE]
    if org.is_agency:
        kinds.append(DocumentKind.HR_LICENCE)
    return kinds


def open_request(org: Organisation) -> VerificationRequest | None:
    return org.verification_requests.filter(status=RequestStatus.PENDING).first()


def latest_request(org: Organisation) -> VerificationRequest | None:
    return org.verification_requests.order_by("-number").first()


def requests_of(org: Organisation) -> QuerySet[VerificationRequest]:
    """The registration file (登记档案): every request, newest first, with its evidence."""
    return (
        org.verification_requests.select_related("submitted_by", "decided_by")
        .prefetch_related(
            Prefetch("documents", queryset=OrgDocument.objects.select_related("file")),
            "checks",
        )
        .order_by("-number")
    )


def open_display_notices(org: Organisation) -> QuerySet[DisplayNotice]:
    return org.display_notices.filter(resolved_at__isnull=True)


def posting_block_reason(org: Organisation) -> str | None:
    """Why ``org`` may not publish right now, or None (VER-02, VER-05, VER-07, FRD-04).

    The jobs app calls this before a posting is submitted or published."""
    if org.status != OrgStatus.VERIFIED:
        return "org_not_verified"
    due = org.reverification_due_at
    if org.reverification_required or (due is not None and due <= timezone.now()):
        return "reverification_required"
    if org.display_suspended:
        return "display_suspended"
    if listing_for(uscc=org.uscc, id_indexes=[org.legal_rep_id_index]) is not None:
        return "abnormal_listed"
    return None


def members_of(org: Organisation) -> QuerySet[Membership]:
    return org.memberships.filter(status=MembershipStatus.ACTIVE).select_related("user")


def member_of(org: Organisation, membership_id: Id) -> Membership:
    return one_of(org.memberships.select_related("user"), membership_id)


def open_invitations(org: Organisation) -> QuerySet[Invitation]:
    return org.invitations.filter(
        status=InvitationStatus.PENDING, expires_at__gt=timezone.now()
    ).select_related("invited_by__user")


def invitations_for(user: User) -> QuerySet[Invitation]:
    """Open invitations sent to the phone number the person signed in with."""
    if not user.phone_index:
        return Invitation.objects.none()
    return Invitation.objects.filter(
        phone_index=user.phone_index,
        status=InvitationStatus.PENDING,
        expires_at__gt=timezone.now(),
    ).select_related("organisation")


def invitation_for(user: User, invitation_id: Id) -> Invitation:
    mine = Invitation.objects.filter(phone_index=user.phone_index or "-")
    return one_of(mine.select_related("organisation"), invitation_id)


def invitation_of(org: Organisation, invitation_id: Id) -> Invitation:
    return one_of(org.invitations.all(), invitation_id)


def pending_join_requests(org: Organisation) -> QuerySet[JoinRequest]:
    return org.join_requests.filter(status=JoinRequestStatus.PENDING).select_related("user")


def join_request_of(org: Organisation, request_id: Id) -> JoinRequest:
    return one_of(org.join_requests.select_related("user"), request_id)


def join_requests_by(user: User) -> QuerySet[JoinRequest]:
    return JoinRequest.objects.filter(user=user).select_related("organisation")


def verification_queue(
    *, status: str = "", kind: str = "", account_class: str = "", search: str = ""
) -> QuerySet[VerificationRequest]:
    """Requests for reviewers, oldest pending first (first come, first served)."""
    requests = VerificationRequest.objects.select_related("organisation", "submitted_by")
    if status:
        requests = requests.filter(status=status)
    if kind:
        requests = requests.filter(kind=kind)
    if account_class:
        requests = requests.filter(organisation__account_class=account_class)
    if search.strip():
        term = search.strip()
        requests = requests.filter(
            Q(organisation__legal_name__icontains=term) | Q(organisation__uscc=term.upper())
        )
    return requests.order_by("submitted_at")


def queue_counts() -> dict[str, int]:
    """Requests per status for the queue's filter tabs (one query)."""
    rows = VerificationRequest.objects.values("status").annotate(n=Count("id"))
    counts = {status.value: 0 for status in RequestStatus}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def request_for_review(request_id: Id) -> VerificationRequest:
    requests = VerificationRequest.objects.select_related(
        "organisation", "submitted_by", "decided_by", "contact__user"
    ).prefetch_related(
        Prefetch("documents", queryset=OrgDocument.objects.select_related("file")),
        "checks__performed_by",
    )
    return one_of(requests, request_id)

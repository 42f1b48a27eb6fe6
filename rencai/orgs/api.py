"""REST endpoints of the orgs app: own organisation, onboarding and verification, members,
public company pages, and the operator's verification desk and abnormal list. Each
endpoint checks permission, calls the same action or query as the HTML pages, and returns
a schema."""

from __future__ import annotations

import uuid

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from rencai.accounts.models import User
from rencai.core.api_support import AUTH, ERRORS, Page, api_actor, paginate
from rencai.core.errors import not_found, permission_denied
from rencai.core.industries import short_name
from rencai.core.masking import mask_email
from rencai.files.choices import DOCUMENT_KINDS, IMAGE_KINDS
from rencai.files.inspect import check_upload
from rencai.files.serving import file_response
from rencai.moderation import actions as moderation_actions
from rencai.moderation.models import AbnormalListEntry
from rencai.moderation.permissions import can_manage_abnormal_list, can_view_abnormal_list
from rencai.moderation.queries import entries_for_operator
from rencai.orgs import actions, queries
from rencai.orgs.constants import EMAIL_CODE_VALID
from rencai.orgs.handover import owned_items
from rencai.orgs.models import Membership, Organisation
from rencai.orgs.permissions import can_inspect_organisations, can_review_verifications
from rencai.orgs.schemas import (
    CheckIn,
    CheckOut,
    CodeIn,
    CompanyListItem,
    CompanyOut,
    DecisionIn,
    DocumentKindIn,
    DocumentOut,
    EmailCodeIn,
    EmailCodeOut,
    EndMembershipIn,
    HandoverOut,
    InvitationOut,
    InviteIn,
    JoinDecisionIn,
    JoinIn,
    JoinRequestOut,
    LicenceIn,
    LiftIn,
    ListingIn,
    ListingOut,
    LocationsIn,
    MemberOut,
    MembershipOut,
    NoticeIn,
    NoticeOut,
    OrgCreateIn,
    OrgOut,
    ProfileIn,
    QueueItem,
    QueueOut,
    RequestOut,
    RoleChangeIn,
    ServicesIn,
    SubmitIn,
)

orgs_router = Router(tags=["organisations"], auth=AUTH)
companies_router = Router(tags=["companies"])
operator_router = Router(tags=["operator"], auth=AUTH)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _out(org: Organisation, membership: Membership | None) -> OrgOut:
    return OrgOut.build(org, membership)


# --- own organisation -----------------------------------------------------------------


@orgs_router.post("", response={201: OrgOut, **ERRORS}, summary="Register an organisation")
def create_org(request: HttpRequest, payload: OrgCreateIn) -> Status[OrgOut]:
    """Creates a draft with the caller as administrator. A USCC that is already registered
    gives 409 ``uscc_taken`` with ``organisation_id`` so the caller can ask to join."""
    user = _user(request)
    org = actions.create_organisation(
        user, actions.RegisteredDetails(**payload.model_dump()), actor=api_actor(request)
    )
    return Status(201, _out(org, queries.active_membership(user)))


@orgs_router.get("/mine", response={200: MembershipOut, **ERRORS}, summary="My organisation")
def my_org(request: HttpRequest) -> MembershipOut:
    membership = queries.active_membership(_user(request))
    if membership is None:
        raise not_found()
    return MembershipOut(
        membership_id=membership.pk, organisation=_out(membership.organisation, membership)
    )


@orgs_router.get(
    "/invitations", response={200: list[InvitationOut], **ERRORS}, summary="Invitations to me"
)
def my_invitations(request: HttpRequest) -> list[InvitationOut]:
    return [InvitationOut.build(inv) for inv in queries.invitations_for(_user(request))]


@orgs_router.post(
    "/invitations/{invitation_id}/accept", response={200: MembershipOut, **ERRORS}, summary="Accept"
)
def accept_invitation(request: HttpRequest, invitation_id: uuid.UUID) -> MembershipOut:
    user = _user(request)
    invitation = queries.invitation_for(user, invitation_id)
    membership = actions.accept_invitation(invitation, user, actor=api_actor(request))
    return MembershipOut(
        membership_id=membership.pk, organisation=_out(membership.organisation, membership)
    )


@orgs_router.post(
    "/invitations/{invitation_id}/decline",
    response={200: InvitationOut, **ERRORS},
    summary="Decline",
)
def decline_invitation(request: HttpRequest, invitation_id: uuid.UUID) -> InvitationOut:
    user = _user(request)
    invitation = queries.invitation_for(user, invitation_id)
    return InvitationOut.build(
        actions.decline_invitation(invitation, user, actor=api_actor(request))
    )


@orgs_router.get(
    "/join-requests", response={200: list[JoinRequestOut], **ERRORS}, summary="My join requests"
)
def my_join_requests(request: HttpRequest) -> list[JoinRequestOut]:
    return [JoinRequestOut.build(join) for join in queries.join_requests_by(_user(request))]


@orgs_router.get("/{org_id}", response={200: OrgOut, **ERRORS}, summary="Organisation")
def get_org(request: HttpRequest, org_id: uuid.UUID) -> OrgOut:
    """Members see their own organisation; reviewers and the regulator see any."""
    org, membership = queries.viewable_org(_user(request), org_id)
    return _out(org, membership)


@orgs_router.put(
    "/{org_id}/registered-details",
    response={200: OrgOut, **ERRORS},
    summary="Correct registered details",
)
def put_registered(request: HttpRequest, org_id: uuid.UUID, payload: OrgCreateIn) -> OrgOut:
    """Before verification only; a verified organisation submits a change request."""
    org, membership = queries.admin_org(_user(request), org_id)
    details = actions.RegisteredDetails(**payload.model_dump())
    return _out(
        actions.update_registered_details(org, details, actor=api_actor(request)), membership
    )


@orgs_router.put("/{org_id}/profile", response={200: OrgOut, **ERRORS}, summary="Profile")
def put_profile(request: HttpRequest, org_id: uuid.UUID, payload: ProfileIn) -> OrgOut:
    org, membership = queries.admin_org(_user(request), org_id)
    profile = actions.ProfileDetails(**payload.model_dump())
    return _out(actions.update_profile(org, profile, actor=api_actor(request)), membership)


@orgs_router.put(
    "/{org_id}/locations", response={200: OrgOut, **ERRORS}, summary="Office locations"
)
def put_locations(request: HttpRequest, org_id: uuid.UUID, payload: LocationsIn) -> OrgOut:
    org, membership = queries.admin_org(_user(request), org_id)
    locations = [actions.LocationInput(**item.model_dump()) for item in payload.locations]
    actions.set_locations(org, locations, actor=api_actor(request))
    return _out(org, membership)


@orgs_router.put(
    "/{org_id}/agency-licence", response={200: OrgOut, **ERRORS}, summary="HR service licence"
)
def put_licence(request: HttpRequest, org_id: uuid.UUID, payload: LicenceIn) -> OrgOut:
    org, membership = queries.admin_org(_user(request), org_id)
    actions.set_agency_licence(
        org, actions.LicenceInput(**payload.model_dump()), actor=api_actor(request)
    )
    return _out(org, membership)


@orgs_router.put(
    "/{org_id}/services", response={200: OrgOut, **ERRORS}, summary="Services and fees"
)
def put_services(request: HttpRequest, org_id: uuid.UUID, payload: ServicesIn) -> OrgOut:
    org, membership = queries.admin_org(_user(request), org_id)
    services = [actions.ServiceInput(**item.model_dump()) for item in payload.services]
    actions.set_services(org, services, actor=api_actor(request))
    return _out(org, membership)


@orgs_router.post(
    "/{org_id}/documents", response={201: DocumentOut, **ERRORS}, summary="Upload evidence"
)
def upload_document(
    request: HttpRequest,
    org_id: uuid.UUID,
    kind: Form[DocumentKindIn],
    file: File[UploadedFile],
) -> Status[DocumentOut]:
    """Multipart: ``kind`` and ``file`` (PNG, JPEG, WebP or PDF, checked by content)."""
    org, _membership = queries.admin_org(_user(request), org_id)
    checked = check_upload(file, accept=DOCUMENT_KINDS, field="file")
    document = actions.upload_document(org, kind, checked, actor=api_actor(request))
    return Status(201, DocumentOut.build(document))


@orgs_router.get(
    "/{org_id}/documents/{document_id}/file",
    response={200: None, **ERRORS},
    summary="Evidence file",
)
def document_file(
    request: HttpRequest, org_id: uuid.UUID, document_id: uuid.UUID
) -> HttpResponseBase:
    """Served only to members, reviewers and the regulator; never from a public URL."""
    org, membership = queries.viewable_org(_user(request), org_id)
    document = queries.document_of(org, document_id)
    if membership is None:  # an inspector, not a member: keep a trace
        actions.record_evidence_view(document, actor=api_actor(request))
    return file_response(document.file)


@orgs_router.post("/{org_id}/logo", response={200: OrgOut, **ERRORS}, summary="Logo")
def upload_logo(request: HttpRequest, org_id: uuid.UUID, file: File[UploadedFile]) -> OrgOut:
    org, membership = queries.admin_org(_user(request), org_id)
    checked = check_upload(file, accept=IMAGE_KINDS, field="file")
    return _out(actions.set_logo(org, checked, actor=api_actor(request)), membership)


@orgs_router.post(
    "/{org_id}/authority/email",
    response={200: EmailCodeOut, **ERRORS},
    summary="Send a company e-mail code",
)
def send_email_code(request: HttpRequest, org_id: uuid.UUID, payload: EmailCodeIn) -> EmailCodeOut:
    user = _user(request)
    org, _membership = queries.admin_org(user, org_id)
    challenge = actions.send_email_code(org, user, payload.email, actor=api_actor(request))
    return EmailCodeOut(
        masked_email=mask_email(challenge.email),
        expires_in=int(EMAIL_CODE_VALID.total_seconds()),
    )


@orgs_router.post(
    "/{org_id}/authority/email/confirm",
    response={200: None, **ERRORS},
    summary="Confirm the e-mail code",
)
def confirm_email_code(request: HttpRequest, org_id: uuid.UUID, payload: CodeIn) -> None:
    user = _user(request)
    org, _membership = queries.admin_org(user, org_id)
    actions.confirm_email_code(org, user, payload.code, actor=api_actor(request))


@orgs_router.post(
    "/{org_id}/verification",
    response={201: RequestOut, **ERRORS},
    summary="Submit for verification",
)
def submit(request: HttpRequest, org_id: uuid.UUID, payload: SubmitIn) -> Status[RequestOut]:
    """First verification, six-monthly re-verification, or (for a verified organisation) a
    change of registered details with ``changes``."""
    org, membership = queries.admin_org(_user(request), org_id)
    changes = None
    if payload.changes is not None:
        data = payload.changes.model_dump()
        licence = data.pop("agency_licence")
        changes = actions.ProposedChanges(
            **data, agency_licence=actions.LicenceInput(**licence) if licence else None
        )
    submitted = actions.submit_verification(
        org,
        membership,
        authority_method=payload.authority_method,
        changes=changes,
        actor=api_actor(request),
    )
    return Status(201, RequestOut.build(submitted))


@orgs_router.get(
    "/{org_id}/verification",
    response={200: list[RequestOut], **ERRORS},
    summary="Registration file",
)
def verification_file(request: HttpRequest, org_id: uuid.UUID) -> list[RequestOut]:
    """Every request with its snapshot, documents, checks and decision (登记档案)."""
    org, _membership = queries.viewable_org(_user(request), org_id)
    return [RequestOut.build(item) for item in queries.requests_of(org)]


@orgs_router.post(
    "/{org_id}/verification/withdraw",
    response={200: RequestOut, **ERRORS},
    summary="Withdraw the open request",
)
def withdraw(request: HttpRequest, org_id: uuid.UUID) -> RequestOut:
    org, _membership = queries.admin_org(_user(request), org_id)
    open_request = queries.open_request(org)
    if open_request is None:
        raise not_found()
    return RequestOut.build(actions.withdraw_request(open_request, actor=api_actor(request)))


@orgs_router.get("/{org_id}/members", response={200: list[MemberOut], **ERRORS}, summary="Members")
def members(request: HttpRequest, org_id: uuid.UUID) -> list[MemberOut]:
    org, membership = queries.member_org(_user(request), org_id)
    return [MemberOut.build(m, membership, owned_items(m)) for m in queries.members_of(org)]


@orgs_router.patch(
    "/{org_id}/members/{member_id}",
    response={200: MemberOut, **ERRORS},
    summary="Change a member's role",
)
def change_role(
    request: HttpRequest, org_id: uuid.UUID, member_id: uuid.UUID, payload: RoleChangeIn
) -> MemberOut:
    org, me = queries.admin_org(_user(request), org_id)
    membership = actions.change_role(
        queries.member_of(org, member_id), payload.role, actor=api_actor(request)
    )
    return MemberOut.build(membership, me, owned_items(membership))


def _successor(org: Organisation, successor_id: uuid.UUID | None) -> Membership | None:
    return queries.member_of(org, successor_id) if successor_id else None


@orgs_router.post(
    "/{org_id}/members/{member_id}/remove",
    response={200: HandoverOut, **ERRORS},
    summary="Remove a member",
)
def remove_member(
    request: HttpRequest, org_id: uuid.UUID, member_id: uuid.UUID, payload: EndMembershipIn
) -> HandoverOut:
    """The member's work goes to ``successor_id``; their access ends at once."""
    org, me = queries.admin_org(_user(request), org_id)
    target = queries.member_of(org, member_id)
    if target.pk == me.pk:
        raise permission_denied()
    record = actions.end_membership(
        target,
        successor=_successor(org, payload.successor_id),
        reason="removed",
        actor=api_actor(request),
    )
    return HandoverOut(id=record.pk, successor_id=record.successor_id, counts=record.counts)


@orgs_router.post(
    "/{org_id}/leave", response={200: HandoverOut, **ERRORS}, summary="Leave the organisation"
)
def leave(request: HttpRequest, org_id: uuid.UUID, payload: EndMembershipIn) -> HandoverOut:
    org, me = queries.member_org(_user(request), org_id)
    record = actions.end_membership(
        me, successor=_successor(org, payload.successor_id), reason="left", actor=api_actor(request)
    )
    return HandoverOut(id=record.pk, successor_id=record.successor_id, counts=record.counts)


@orgs_router.get(
    "/{org_id}/invitations",
    response={200: list[InvitationOut], **ERRORS},
    summary="Open invitations",
)
def org_invitations(request: HttpRequest, org_id: uuid.UUID) -> list[InvitationOut]:
    org, _me = queries.admin_org(_user(request), org_id)
    return [InvitationOut.build(inv) for inv in queries.open_invitations(org)]


@orgs_router.post(
    "/{org_id}/invitations", response={201: InvitationOut, **ERRORS}, summary="Invite by phone"
)
def invite(request: HttpRequest, org_id: uuid.UUID, payload: InviteIn) -> Status[InvitationOut]:
    org, me = queries.admin_org(_user(request), org_id)
    invitation = actions.invite(org, me, payload.phone, payload.role, actor=api_actor(request))
    return Status(201, InvitationOut.build(invitation))


@orgs_router.post(
    "/{org_id}/invitations/{invitation_id}/revoke",
    response={200: InvitationOut, **ERRORS},
    summary="Revoke an invitation",
)
def revoke(request: HttpRequest, org_id: uuid.UUID, invitation_id: uuid.UUID) -> InvitationOut:
    org, _me = queries.admin_org(_user(request), org_id)
    invitation = queries.invitation_of(org, invitation_id)
    return InvitationOut.build(actions.revoke_invitation(invitation, actor=api_actor(request)))


@orgs_router.post(
    "/{org_id}/join-requests", response={201: JoinRequestOut, **ERRORS}, summary="Ask to join"
)
def request_join(
    request: HttpRequest, org_id: uuid.UUID, payload: JoinIn
) -> Status[JoinRequestOut]:
    """For someone whose company is already registered (found through ``uscc_taken``)."""
    org = Organisation.objects.filter(pk=org_id).first()
    if org is None:
        raise not_found()
    join = actions.request_to_join(org, _user(request), payload.message, actor=api_actor(request))
    return Status(201, JoinRequestOut.build(join))


@orgs_router.get(
    "/{org_id}/join-requests",
    response={200: list[JoinRequestOut], **ERRORS},
    summary="Pending join requests",
)
def join_requests(request: HttpRequest, org_id: uuid.UUID) -> list[JoinRequestOut]:
    org, _me = queries.admin_org(_user(request), org_id)
    return [JoinRequestOut.build(join) for join in queries.pending_join_requests(org)]


@orgs_router.post(
    "/{org_id}/join-requests/{request_id}/decision",
    response={200: JoinRequestOut, **ERRORS},
    summary="Approve or decline",
)
def decide_join(
    request: HttpRequest, org_id: uuid.UUID, request_id: uuid.UUID, payload: JoinDecisionIn
) -> JoinRequestOut:
    org, me = queries.admin_org(_user(request), org_id)
    join = actions.decide_join_request(
        queries.join_request_of(org, request_id),
        me,
        approve=payload.approve,
        role=payload.role,
        actor=api_actor(request),
    )
    return JoinRequestOut.build(join)


# --- public company pages -------------------------------------------------------------


@companies_router.get(
    "", response={200: Page[CompanyListItem], **ERRORS}, summary="Verified organisations"
)
def companies(
    request: HttpRequest, q: str = "", page: int = 1, page_size: int = 20
) -> Page[CompanyListItem]:
    rows, total, page, page_size = paginate(queries.public_organisations(q[:50]), page, page_size)
    items = [
        CompanyListItem(
            id=org.pk,
            name=org.legal_name,
            account_class=org.account_class,
            industry_name=short_name(org.industry),
            verified_at=org.last_verified_at,
        )
        for org in rows
    ]
    return Page(items=items, total=total, page=page, page_size=page_size)


@companies_router.get("/{org_id}", response={200: CompanyOut, **ERRORS}, summary="Company page")
def company(request: HttpRequest, org_id: uuid.UUID) -> CompanyOut:
    return CompanyOut.build(queries.public_organisation(org_id))


# --- operator: verification desk, display notices, abnormal list ------------------------


def _reviewer(request: HttpRequest) -> User:
    user = _user(request)
    if not can_review_verifications(user):
        raise permission_denied()
    return user


def _inspector(request: HttpRequest) -> User:
    user = _user(request)
    if not can_inspect_organisations(user):
        raise permission_denied()
    return user


@operator_router.get(
    "/verifications", response={200: QueueOut, **ERRORS}, summary="Verification queue"
)
def queue(
    request: HttpRequest,
    status: str = "pending",
    kind: str = "",
    account_class: str = "",
    q: str = "",
    page: int = 1,
    page_size: int = 20,
) -> QueueOut:
    """Oldest first; ``counts`` gives the number of requests per status."""
    _inspector(request)
    requests = queries.verification_queue(
        status=status, kind=kind, account_class=account_class, search=q[:50]
    )
    rows, total, page, page_size = paginate(requests, page, page_size)
    items = [
        QueueItem(
            id=r.pk,
            organisation_id=r.organisation_id,
            organisation_name=r.organisation.legal_name,
            uscc=r.organisation.uscc,
            account_class=r.organisation.account_class,
            number=r.number,
            kind=r.kind,
            status=r.status,
            submitted_at=r.submitted_at,
        )
        for r in rows
    ]
    return QueueOut(
        items=items, total=total, page=page, page_size=page_size, counts=queries.queue_counts()
    )


@operator_router.get(
    "/verifications/{request_id}",
    response={200: RequestOut, **ERRORS},
    summary="Verification request",
)
def request_detail(request: HttpRequest, request_id: uuid.UUID) -> RequestOut:
    _inspector(request)
    return RequestOut.build(queries.request_for_review(request_id))


@operator_router.post(
    "/verifications/{request_id}/checks",
    response={201: CheckOut, **ERRORS},
    summary="Record an independent check",
)
def add_check(request: HttpRequest, request_id: uuid.UUID, payload: CheckIn) -> Status[CheckOut]:
    reviewer = _reviewer(request)
    check = actions.record_check(
        queries.request_for_review(request_id),
        reviewer,
        actions.CheckInput(**payload.model_dump()),
        actor=api_actor(request),
    )
    return Status(201, CheckOut.build(check))


@operator_router.post(
    "/verifications/{request_id}/decision", response={200: RequestOut, **ERRORS}, summary="Decide"
)
def decide(request: HttpRequest, request_id: uuid.UUID, payload: DecisionIn) -> RequestOut:
    reviewer = _reviewer(request)
    decided = actions.decide(
        queries.request_for_review(request_id),
        reviewer,
        decision=payload.decision,
        reasons=payload.reasons,
        note=payload.note,
        actor=api_actor(request),
    )
    return RequestOut.build(queries.request_for_review(decided.pk))


@operator_router.post(
    "/orgs/{org_id}/display-notices",
    response={201: NoticeOut, **ERRORS},
    summary="Issue a display notice",
)
def issue_notice(request: HttpRequest, org_id: uuid.UUID, payload: NoticeIn) -> Status[NoticeOut]:
    """The organisation has 10 working days to update what it displays (VER-07)."""
    reviewer = _reviewer(request)
    org, _m = queries.viewable_org(reviewer, org_id)
    notice = actions.issue_display_notice(org, payload.reason, actor=api_actor(request))
    return Status(201, NoticeOut.build(notice))


@operator_router.post(
    "/orgs/{org_id}/display-notices/{notice_id}/resolve",
    response={200: NoticeOut, **ERRORS},
    summary="Resolve a display notice",
)
def resolve_notice(request: HttpRequest, org_id: uuid.UUID, notice_id: uuid.UUID) -> NoticeOut:
    reviewer = _reviewer(request)
    org, _m = queries.viewable_org(reviewer, org_id)
    notice = org.display_notices.filter(pk=notice_id).first()
    if notice is None:
        raise not_found()
    return NoticeOut.build(actions.resolve_display_notice(notice, actor=api_actor(request)))


def _listing_out(entry: AbnormalListEntry) -> ListingOut:
    return ListingOut(
        id=entry.pk,
        subject_kind=entry.subject_kind,
        label=entry.label,
        reason=entry.reason,
        listed_at=entry.created_at,
        lifted_at=entry.lifted_at,
    )


@operator_router.get(
    "/abnormal-list", response={200: Page[ListingOut], **ERRORS}, summary="Abnormal list"
)
def abnormal_list(
    request: HttpRequest, active: bool = True, page: int = 1, page_size: int = 20
) -> Page[ListingOut]:
    if not can_view_abnormal_list(_user(request)):
        raise permission_denied()
    rows, total, page, page_size = paginate(
        entries_for_operator(active_only=active), page, page_size
    )
    return Page(items=[_listing_out(e) for e in rows], total=total, page=page, page_size=page_size)


@operator_router.post(
    "/abnormal-list", response={201: ListingOut, **ERRORS}, summary="List a subject"
)
def add_listing(request: HttpRequest, payload: ListingIn) -> Status[ListingOut]:
    """FRD-04: a listed USCC, ID or phone number cannot register or join an organisation."""
    if not can_manage_abnormal_list(_user(request)):
        raise permission_denied()
    entry = moderation_actions.list_subject(
        payload.subject_kind, payload.value, reason=payload.reason, actor=api_actor(request)
    )
    return Status(201, _listing_out(entry))


@operator_router.post(
    "/abnormal-list/{entry_id}/lift", response={200: ListingOut, **ERRORS}, summary="Lift a listing"
)
def lift_listing(request: HttpRequest, entry_id: uuid.UUID, payload: LiftIn) -> ListingOut:
    if not can_manage_abnormal_list(_user(request)):
        raise permission_denied()
    entry = entries_for_operator(active_only=False).filter(pk=entry_id).first()
    if entry is None:
        raise not_found()
    return _listing_out(
        moderation_actions.lift_listing(entry, reason=payload.reason, actor=api_actor(request))
    )

"""API contract of the orgs app (django-ninja / Pydantic). Request bodies reject unknown
fields."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from rencai.core import divisions, industries
from rencai.core.api_support import StrictSchema
from rencai.orgs.models import (
    AgencyLicence,
    DisplayNotice,
    IndependentCheck,
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
    OrgDocument,
    VerificationRequest,
)

AccountClassIn = Literal["employer", "agency", "public_service"]
SizeIn = Literal["lt20", "20_99", "100_499", "500_999", "1000_9999", "10000_plus"]
DocumentKindIn = Literal["business_licence", "authorisation_letter", "hr_licence"]
MemberRoleIn = Literal["admin", "recruiter"]


class OrgCreateIn(StrictSchema):
    legal_name: str = Field(..., max_length=100)
    uscc: str = Field(..., max_length=40, description="Unified social credit code (GB 32100)")
    legal_representative: str = Field(..., max_length=50)
    legal_rep_id_number: str = Field("", max_length=40, description="Optional; kept hashed")
    registered_address: str = Field(..., max_length=200)
    account_class: AccountClassIn


class ProfileIn(StrictSchema):
    industry: str = Field(..., max_length=4, description="GB/T 4754-2017 division code")
    size: SizeIn
    introduction: str = Field("", max_length=2000)
    website: str = Field("", max_length=200)


class LocationIn(StrictSchema):
    division: str = Field(..., max_length=6, description="GB/T 2260 code")
    address: str = Field(..., max_length=200)
    is_headquarters: bool = False


class LocationsIn(StrictSchema):
    locations: list[LocationIn] = Field(..., max_length=20)


class LicenceIn(StrictSchema):
    number: str = Field(..., max_length=60)
    issuing_authority: str = Field(..., max_length=100)
    valid_from: dt.date
    valid_until: dt.date
    scope: str = Field(..., max_length=1000)
    supervisor_name: str = Field(..., max_length=100)
    supervisor_phone: str = Field(..., max_length=30)


class ServiceIn(StrictSchema):
    name: str = Field(..., max_length=100)
    description: str = Field("", max_length=300)
    is_free: bool = False
    fee_standard: str = Field("", max_length=200)


class ServicesIn(StrictSchema):
    services: list[ServiceIn] = Field(..., max_length=30)


class EmailCodeIn(StrictSchema):
    email: str = Field(..., max_length=254)


class CodeIn(StrictSchema):
    code: str = Field(..., max_length=12)


class ChangesIn(StrictSchema):
    legal_name: str = Field("", max_length=100)
    legal_representative: str = Field("", max_length=50)
    registered_address: str = Field("", max_length=200)
    agency_licence: LicenceIn | None = None


class SubmitIn(StrictSchema):
    authority_method: Literal["letter", "email", "legal_rep"]
    changes: ChangesIn | None = None


class InviteIn(StrictSchema):
    phone: str = Field(..., max_length=32)
    role: MemberRoleIn = "recruiter"


class JoinIn(StrictSchema):
    message: str = Field("", max_length=300)


class JoinDecisionIn(StrictSchema):
    approve: bool
    role: MemberRoleIn = "recruiter"


class RoleChangeIn(StrictSchema):
    role: MemberRoleIn


class EndMembershipIn(StrictSchema):
    successor_id: uuid.UUID | None = None


class CheckIn(StrictSchema):
    kind: Literal["registry", "email_domain", "micro_deposit"]
    result: Literal["confirmed", "contradicts", "inconclusive"]
    registry_name: str = Field("", max_length=100)
    registry_status: str = Field("", max_length=40)
    reference: str = Field("", max_length=100)
    email_domain: str = Field("", max_length=100)
    bank_name: str = Field("", max_length=60)
    account_last4: str = Field("", max_length=4)
    amount_fen: int | None = Field(None, ge=1, le=99)
    note: str = Field("", max_length=300)


class DecisionIn(StrictSchema):
    decision: Literal["approve", "reject", "request_more"]
    reasons: list[str] = Field(default_factory=list, max_length=12)
    note: str = Field("", max_length=2000)


class NoticeIn(StrictSchema):
    reason: str = Field(..., max_length=300)


class LocationOut(Schema):
    division: str
    division_name: str
    address: str
    is_headquarters: bool


class LicenceOut(Schema):
    number: str
    issuing_authority: str
    valid_from: dt.date
    valid_until: dt.date
    scope: str
    supervisor_name: str
    supervisor_phone: str

    @staticmethod
    def build(licence: AgencyLicence) -> LicenceOut:
        return LicenceOut.model_validate(licence, from_attributes=True)


class ServiceOut(Schema):
    name: str
    description: str
    is_free: bool
    fee_standard: str


class DocumentOut(Schema):
    id: uuid.UUID
    kind: str
    file_name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: dt.datetime
    current: bool

    @staticmethod
    def build(document: OrgDocument) -> DocumentOut:
        return DocumentOut(
            id=document.pk,
            kind=document.kind,
            file_name=document.file.original_name,
            content_type=document.file.content_type,
            size=document.file.size,
            sha256=document.file.sha256,
            uploaded_at=document.created_at,
            current=document.superseded_at is None,
        )


class NoticeOut(Schema):
    id: uuid.UUID
    reason: str
    deadline: dt.date
    deadline_provisional: bool
    resolved_at: dt.datetime | None
    lapsed_at: dt.datetime | None

    @staticmethod
    def build(notice: DisplayNotice) -> NoticeOut:
        return NoticeOut.model_validate(notice, from_attributes=True)


def _locations(org: Organisation) -> list[LocationOut]:
    return [
        LocationOut(
            division=loc.division,
            division_name=divisions.display_name(loc.division),
            address=loc.address,
            is_headquarters=loc.is_headquarters,
        )
        for loc in org.locations.all()
    ]


def _services(org: Organisation) -> list[ServiceOut]:
    return [ServiceOut.model_validate(s, from_attributes=True) for s in org.services.all()]


def _licence(org: Organisation) -> LicenceOut | None:
    licence = AgencyLicence.objects.filter(organisation=org).first()
    return LicenceOut.build(licence) if licence else None


class OrgOut(Schema):
    """An organisation as its members, reviewers and the regulator see it."""

    id: uuid.UUID
    legal_name: str
    uscc: str
    legal_representative: str
    registered_address: str
    account_class: str
    industry: str
    industry_name: str
    size: str
    introduction: str
    website: str
    has_logo: bool
    status: str
    authority_method: str
    first_verified_at: dt.datetime | None
    last_verified_at: dt.datetime | None
    reverification_due_at: dt.datetime | None
    reverification_required: bool
    display_suspended: bool
    posting_blocked_reason: str | None
    locations: list[LocationOut]
    agency_licence: LicenceOut | None
    services: list[ServiceOut]
    documents: list[DocumentOut]
    open_notices: list[NoticeOut]
    my_role: str | None

    @staticmethod
    def build(org: Organisation, membership: Membership | None) -> OrgOut:
        from rencai.orgs.queries import (
            current_documents,
            open_display_notices,
            posting_block_reason,
        )

        return OrgOut(
            id=org.pk,
            legal_name=org.legal_name,
            uscc=org.uscc,
            legal_representative=org.legal_representative,
            registered_address=org.registered_address,
            account_class=org.account_class,
            industry=org.industry,
            industry_name=industries.short_name(org.industry),
            size=org.size,
            introduction=org.introduction,
            website=org.website,
            has_logo=org.logo_id is not None,
            status=org.status,
            authority_method=org.authority_method,
            first_verified_at=org.first_verified_at,
            last_verified_at=org.last_verified_at,
            reverification_due_at=org.reverification_due_at,
            reverification_required=org.reverification_required,
            display_suspended=org.display_suspended,
            posting_blocked_reason=posting_block_reason(org),
            locations=_locations(org),
            agency_licence=_licence(org),
            services=_services(org),
            documents=[DocumentOut.build(doc) for doc in current_documents(org).values()],
            open_notices=[NoticeOut.build(n) for n in open_display_notices(org)],
            my_role=membership.role if membership else None,
        )


class CompanyOut(Schema):
    """The public company page (VER-07): label, verification date, and for agencies the
    licence, services and fees with the supervisory authority (LIC-07)."""

    id: uuid.UUID
    name: str
    label: str
    account_class: str
    industry: str
    industry_name: str
    size: str
    introduction: str
    website: str
    logo_url: str | None
    verified_at: dt.datetime | None
    service_suspended: bool
    locations: list[LocationOut]
    agency_licence: LicenceOut | None
    services: list[ServiceOut]

    @staticmethod
    def build(org: Organisation) -> CompanyOut:
        return CompanyOut(
            id=org.pk,
            name=org.legal_name,
            label="招聘服务类",
            account_class=org.account_class,
            industry=org.industry,
            industry_name=industries.short_name(org.industry),
            size=org.size,
            introduction=org.introduction,
            website=org.website,
            logo_url=f"/companies/{org.pk}/logo" if org.logo_id else None,
            verified_at=org.last_verified_at,
            service_suspended=org.display_suspended,
            locations=_locations(org),
            agency_licence=_licence(org) if org.is_agency else None,
            services=_services(org) if org.is_agency else [],
        )


class CompanyListItem(Schema):
    id: uuid.UUID
    name: str
    account_class: str
    industry_name: str
    verified_at: dt.datetime | None


class MemberOut(Schema):
    id: uuid.UUID
    display_name: str
    role: str
    title: str
    joined_at: dt.datetime
    is_me: bool
    owned_items: dict[str, int]

    @staticmethod
    def build(membership: Membership, me: Membership | None, owned: dict[str, int]) -> MemberOut:
        return MemberOut(
            id=membership.pk,
            display_name=membership.user.display_name,
            role=membership.role,
            title=membership.title,
            joined_at=membership.created_at,
            is_me=me is not None and me.pk == membership.pk,
            owned_items=owned,
        )


class InvitationOut(Schema):
    id: uuid.UUID
    organisation_id: uuid.UUID
    organisation_name: str
    masked_phone: str
    role: str
    status: str
    expires_at: dt.datetime

    @staticmethod
    def build(invitation: Invitation) -> InvitationOut:
        from rencai.core.masking import mask_phone

        return InvitationOut(
            id=invitation.pk,
            organisation_id=invitation.organisation_id,
            organisation_name=invitation.organisation.legal_name,
            masked_phone=mask_phone(invitation.phone),
            role=invitation.role,
            status=invitation.status,
            expires_at=invitation.expires_at,
        )


class JoinRequestOut(Schema):
    id: uuid.UUID
    organisation_id: uuid.UUID
    organisation_name: str
    display_name: str
    message: str
    status: str
    created_at: dt.datetime

    @staticmethod
    def build(join: JoinRequest) -> JoinRequestOut:
        return JoinRequestOut(
            id=join.pk,
            organisation_id=join.organisation_id,
            organisation_name=join.organisation.legal_name,
            display_name=join.user.display_name,
            message=join.message,
            status=join.status,
            created_at=join.created_at,
        )


class MembershipOut(Schema):
    membership_id: uuid.UUID
    organisation: OrgOut


class HandoverOut(Schema):
    id: uuid.UUID
    successor_id: uuid.UUID | None
    counts: dict[str, int]


class CheckOut(Schema):
    id: uuid.UUID
    kind: str
    result: str
    registry_name: str
    registry_status: str
    reference: str
    email_domain: str
    bank_name: str
    account_last4: str
    amount_fen: int | None
    note: str
    performed_at: dt.datetime

    @staticmethod
    def build(check: IndependentCheck) -> CheckOut:
        data: dict[str, Any] = {
            name: getattr(check, name)
            for name in CheckOut.model_fields
            if name not in ("performed_at",)
        }
        return CheckOut(**data, performed_at=check.created_at)


class RequestOut(Schema):
    id: uuid.UUID
    organisation_id: uuid.UUID
    organisation_name: str
    number: int
    kind: str
    status: str
    submitted_at: dt.datetime
    authority_method: str
    authority_detail: dict[str, Any]
    snapshot: dict[str, Any]
    documents: list[DocumentOut]
    checks: list[CheckOut]
    decided_at: dt.datetime | None
    reasons: list[str]
    note: str

    @staticmethod
    def build(request: VerificationRequest) -> RequestOut:
        return RequestOut(
            id=request.pk,
            organisation_id=request.organisation_id,
            organisation_name=request.organisation.legal_name,
            number=request.number,
            kind=request.kind,
            status=request.status,
            submitted_at=request.submitted_at,
            authority_method=request.authority_method,
            authority_detail=request.authority_detail,
            snapshot=request.snapshot,
            documents=[DocumentOut.build(doc) for doc in request.documents.all()],
            checks=[CheckOut.build(check) for check in request.checks.all()],
            decided_at=request.decided_at,
            reasons=list(request.reasons),
            note=request.note,
        )


class QueueItem(Schema):
    id: uuid.UUID
    organisation_id: uuid.UUID
    organisation_name: str
    uscc: str
    account_class: str
    number: int
    kind: str
    status: str
    submitted_at: dt.datetime


class QueueOut(Schema):
    items: list[QueueItem]
    total: int
    page: int
    page_size: int
    counts: dict[str, int]


class EmailCodeOut(Schema):
    masked_email: str
    expires_in: int


class ListingIn(StrictSchema):
    subject_kind: Literal["uscc", "id_number", "phone"]
    value: str = Field(..., max_length=40)
    reason: str = Field(..., max_length=2000)


class LiftIn(StrictSchema):
    reason: str = Field(..., max_length=2000)


class ListingOut(Schema):
    id: uuid.UUID
    subject_kind: str
    label: str
    reason: str
    listed_at: dt.datetime
    lifted_at: dt.datetime | None

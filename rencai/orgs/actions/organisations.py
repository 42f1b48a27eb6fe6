"""Creating an organisation and editing its details, documents, licence and services."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone

from rencai.accounts.models import User
from rencai.audit.actions import record_event
from rencai.core.actors import Actor
from rencai.core.divisions import validate_division
from rencai.core.identifiers import (
    IdentifierError,
    id_number_index,
    validate_id_number,
    validate_uscc,
)
from rencai.core.industries import validate_industry
from rencai.core.masking import mask_id_number
from rencai.files.actions import store_checked
from rencai.files.choices import DOCUMENT_KINDS, IMAGE_KINDS, FileKind
from rencai.files.errors import FileErrorCode, file_error
from rencai.files.inspect import CheckedUpload
from rencai.moderation.errors import ModerationErrorCode, moderation_error
from rencai.moderation.queries import listing_for
from rencai.orgs.choices import AccountClass, DocumentKind, MemberRole, OrgSize, OrgStatus
from rencai.orgs.constants import MAX_LOCATIONS, MAX_SERVICES
from rencai.orgs.errors import OrgErrorCode, org_error
from rencai.orgs.models import (
    AgencyLicence,
    AgencyService,
    Membership,
    Organisation,
    OrgDocument,
    OrgLocation,
)
from rencai.orgs.permissions import can_create_organisation
from rencai.orgs.queries import active_membership, find_by_uscc
from rencai.search import indexing

EDITABLE_STATUSES = frozenset({OrgStatus.DRAFT, OrgStatus.MORE_INFO, OrgStatus.REJECTED})
_PHONE_RE = re.compile(r"^[0-9][0-9\- ]{4,19}$")


@dataclass(frozen=True)
class RegisteredDetails:
    """What the business licence says; changes after verification go through review."""

    legal_name: str
    uscc: str
    legal_representative: str
    registered_address: str
    account_class: str
    legal_rep_id_number: str = ""


@dataclass(frozen=True)
class ProfileDetails:
    industry: str
    size: str
    introduction: str = ""
    website: str = ""


@dataclass(frozen=True)
class LocationInput:
    division: str
    address: str
    is_headquarters: bool = False


@dataclass(frozen=True)
class LicenceInput:
    number: str
    issuing_authority: str
    valid_from: dt.date
    valid_until: dt.date
    scope: str
    supervisor_name: str
    supervisor_phone: str


@dataclass(frozen=True)
class ServiceInput:
    name: str
    description: str = ""
    is_free: bool = False
    fee_standard: str = ""


@dataclass
class CleanDetails:
    legal_name: str
    uscc: str
    legal_representative: str
    registered_address: str
    account_class: str
    legal_rep_id_index: str = ""
    legal_rep_id_masked: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def _text(value: str, *, field_name: str, low: int, high: int, code: OrgErrorCode) -> str:
    cleaned = " ".join(value.split())
    if not low <= len(cleaned) <= high:
        raise org_error(code, field=field_name)
    return cleaned


def clean_legal_name(value: str) -> str:
    """The legal name as the licence prints it: full-width brackets, single spaces."""
    return _text(
        value.replace("(", "（").replace(")", "）"),
        field_name="legal_name",
        low=2,
        high=100,
        code=OrgErrorCode.NAME_INVALID,
    )


def clean_details(details: RegisteredDetails) -> CleanDetails:
    """Validate registered details (VER-03: USCC format and check characters)."""
    name = clean_legal_name(details.legal_name)
    uscc = validate_uscc(details.uscc)
    rep = _text(
        details.legal_representative,
        field_name="legal_representative",
        low=2,
        high=50,
        code=OrgErrorCode.NAME_INVALID,
    )
    address = _text(
        details.registered_address,
        field_name="registered_address",
        low=5,
        high=200,
        code=OrgErrorCode.TEXT_TOO_LONG,
    )
    if details.account_class not in AccountClass.values:
        raise org_error(OrgErrorCode.CHOICE_INVALID, field="account_class")
    clean = CleanDetails(name, uscc, rep, address, details.account_class)
    if details.legal_rep_id_number.strip():
        try:
            number = validate_id_number(details.legal_rep_id_number).number
        except IdentifierError as exc:
            fields = {"legal_rep_id_number": exc.message}
            raise IdentifierError(exc.code, exc.message, fields=fields) from exc
        clean.legal_rep_id_index = id_number_index(number)
        clean.legal_rep_id_masked = mask_id_number(number)
    return clean


def ensure_not_listed(*, uscc: str = "", user: User | None = None, id_index: str = "") -> None:
    """Refuse subjects on the abnormal list, whatever account they use (FRD-04)."""
    id_indexes = [id_index]
    phone_indexes: list[str] = []
    if user is not None:
        id_indexes.append(user.id_number_index or "")
        phone_indexes.append(user.phone_index or "")
    if listing_for(uscc=uscc, id_indexes=id_indexes, phone_indexes=phone_indexes):
        raise moderation_error(ModerationErrorCode.ABNORMAL_LISTED)


def _uscc_taken(uscc: str) -> None:
    existing = find_by_uscc(uscc)
    if existing is not None:
        raise org_error(
            OrgErrorCode.USCC_TAKEN,
            field="uscc",
            extra={"organisation_id": str(existing.pk), "organisation_name": existing.legal_name},
        )


def create_organisation(user: User, details: RegisteredDetails, *, actor: Actor) -> Organisation:
    """Register a new organisation as a draft, with its creator as administrator.

    A second organisation with the same USCC is refused with ``uscc_taken`` (the answer
    names the existing one so the person can ask to join it)."""
    if not can_create_organisation(user):
        raise org_error(OrgErrorCode.ROLE_REQUIRED)
    if active_membership(user) is not None:
        raise org_error(OrgErrorCode.ALREADY_MEMBER)
    clean = clean_details(details)
    ensure_not_listed(uscc=clean.uscc, user=user, id_index=clean.legal_rep_id_index)
    _uscc_taken(clean.uscc)
    try:
        with transaction.atomic():
            org = Organisation.objects.create(
                legal_name=clean.legal_name,
                uscc=clean.uscc,
                legal_representative=clean.legal_representative,
                legal_rep_id_index=clean.legal_rep_id_index,
                registered_address=clean.registered_address,
                account_class=clean.account_class,
                created_by=user,
            )
            membership = Membership.objects.create(
                organisation=org, user=user, role=MemberRole.ADMIN
            )
            record_event(
                actor,
                "orgs.organisation_created",
                org,
                after={
                    "legal_name": org.legal_name,
                    "uscc": org.uscc,
                    "account_class": org.account_class,
                    "admin": str(membership.pk),
                },
            )
    except IntegrityError as exc:  # a concurrent registration of the same USCC
        _uscc_taken(clean.uscc)
        raise org_error(OrgErrorCode.ALREADY_MEMBER) from exc
    return org


def _require_editable(org: Organisation) -> None:
    if org.status not in EDITABLE_STATUSES:
        raise org_error(OrgErrorCode.NOT_EDITABLE)


def update_registered_details(
    org: Organisation, details: RegisteredDetails, *, actor: Actor
) -> Organisation:
    """Correct registered details before verification (or after a rejection or a request
    for more material). A verified organisation proposes changes for review instead."""
    _require_editable(org)
    clean = clean_details(details)
    if clean.uscc != org.uscc:
        ensure_not_listed(uscc=clean.uscc)
        _uscc_taken(clean.uscc)
    before = {
        "legal_name": org.legal_name,
        "uscc": org.uscc,
        "legal_representative": org.legal_representative,
        "registered_address": org.registered_address,
        "account_class": org.account_class,
    }
    with transaction.atomic():
        org.legal_name = clean.legal_name
        org.uscc = clean.uscc
        org.legal_representative = clean.legal_representative
        org.registered_address = clean.registered_address
        org.account_class = clean.account_class
        if clean.legal_rep_id_index:
            org.legal_rep_id_index = clean.legal_rep_id_index
        org.save()
        after = {key: getattr(org, key) for key in before}
        record_event(actor, "orgs.registered_details_updated", org, before=before, after=after)
    return org


def update_profile(org: Organisation, profile: ProfileDetails, *, actor: Actor) -> Organisation:
    """Industry (GB/T 4754), size, introduction and website: shown on the company page."""
    industry = validate_industry(profile.industry, field="industry").code
    if profile.size not in OrgSize.values:
        raise org_error(OrgErrorCode.CHOICE_INVALID, field="size")
    introduction = profile.introduction.strip()
    if len(introduction) > 2000:
        raise org_error(OrgErrorCode.TEXT_TOO_LONG, field="introduction")
    website = profile.website.strip()
    if website:
        try:
            URLValidator(schemes=["http", "https"])(website)
        except ValidationError as exc:
            raise org_error(OrgErrorCode.WEBSITE_INVALID, field="website") from exc
    before = {"industry": org.industry, "size": org.size, "website": org.website}
    with transaction.atomic():
        org.industry, org.size = industry, profile.size
        org.introduction, org.website = introduction, website
        org.save(update_fields=["industry", "size", "introduction", "website", "updated_at"])
        indexing.organisation_changed(org.pk)
        record_event(
            actor,
            "orgs.profile_updated",
            org,
            before=before,
            after={"industry": industry, "size": org.size, "website": website},
        )
    return org


def set_locations(
    org: Organisation, locations: list[LocationInput], *, actor: Actor
) -> list[OrgLocation]:
    """Replace the office list: 1–20 offices with division codes, exactly one headquarters."""
    if not 1 <= len(locations) <= MAX_LOCATIONS:
        raise org_error(OrgErrorCode.LOCATIONS_INVALID, field="locations")
    cleaned: list[LocationInput] = []
    for index, location in enumerate(locations):
        division = validate_division(location.division, field=f"locations.{index}.division")
        address = " ".join(location.address.split())
        if not 2 <= len(address) <= 200:
            raise org_error(OrgErrorCode.LOCATIONS_INVALID, field=f"locations.{index}.address")
        cleaned.append(LocationInput(division.code, address, location.is_headquarters))
    if sum(1 for location in cleaned if location.is_headquarters) != 1:
        raise org_error(OrgErrorCode.HEADQUARTERS_REQUIRED, field="locations")
    with transaction.atomic():
        org.locations.all().delete()
        rows = OrgLocation.objects.bulk_create(
            OrgLocation(
                organisation=org,
                division=location.division,
                address=location.address,
                is_headquarters=location.is_headquarters,
            )
            for location in cleaned
        )
        record_event(
            actor,
            "orgs.locations_set",
            org,
            after={"divisions": [location.division for location in cleaned]},
        )
    return rows


def _accepted(upload: CheckedUpload, kinds: frozenset[FileKind], field: str) -> CheckedUpload:
    """A checked upload of one of ``kinds`` (the caller may have checked a wider set)."""
    if upload.kind not in kinds:
        raise file_error(FileErrorCode.TYPE_NOT_ALLOWED, field=field, accept=kinds)
    return upload


def set_logo(org: Organisation, upload: CheckedUpload, *, actor: Actor) -> Organisation:
    with transaction.atomic():
        stored = store_checked(
            _accepted(upload, IMAGE_KINDS, "logo"),
            purpose="org_logo",
            owner=actor.user,
            actor=actor,
        )
        before = str(org.logo_id) if org.logo_id else None
        org.logo = stored
        org.save(update_fields=["logo", "updated_at"])
        record_event(
            actor, "orgs.logo_set", org, before={"logo": before}, after={"logo": str(stored.pk)}
        )
    return org


def upload_document(
    org: Organisation, kind: str, upload: CheckedUpload, *, actor: Actor
) -> OrgDocument:
    """Keep a new piece of evidence; it supersedes the previous one of its kind, which stays
    in the registration file with the requests that used it."""
    assert actor.user is not None
    if kind not in DocumentKind.values:
        raise org_error(OrgErrorCode.DOCUMENT_MISSING, field="kind")
    if kind == DocumentKind.HR_LICENCE and not org.is_agency:
        raise org_error(OrgErrorCode.NOT_AGENCY, field="kind")
    with transaction.atomic():
        stored = store_checked(
            _accepted(upload, DOCUMENT_KINDS, "file"),
            purpose=f"org_{kind}",
            owner=actor.user,
            actor=actor,
        )
        OrgDocument.objects.filter(organisation=org, kind=kind, superseded_at__isnull=True).update(
            superseded_at=timezone.now()
        )
        document = OrgDocument.objects.create(
            organisation=org, kind=kind, file=stored, uploaded_by=actor.user
        )
        record_event(
            actor,
            "orgs.document_uploaded",
            document,
            after={"organisation": str(org.pk), "kind": kind, "sha256": stored.sha256},
        )
    return document


# (field, shortest, longest) of the licence texts; all are required.
_LICENCE_TEXTS = (
    ("number", 4, 60),
    ("issuing_authority", 4, 100),
    ("scope", 2, 1000),
    ("supervisor_name", 4, 100),
)
LICENCE_FIELDS = (
    "number",
    "issuing_authority",
    "valid_from",
    "valid_until",
    "scope",
    "supervisor_name",
    "supervisor_phone",
)


def clean_licence(licence: LicenceInput) -> LicenceInput:
    """Every licence field present and plausible; the validity must end after it starts."""
    texts = {
        name: _text(
            getattr(licence, name),
            field_name=name,
            low=low,
            high=high,
            code=OrgErrorCode.AGENCY_LICENCE_MISSING,
        )
        for name, low, high in _LICENCE_TEXTS
    }
    phone = licence.supervisor_phone.strip()
    if not _PHONE_RE.match(phone):
        raise org_error(OrgErrorCode.AGENCY_LICENCE_MISSING, field="supervisor_phone")
    if licence.valid_until <= licence.valid_from:
        raise org_error(OrgErrorCode.AGENCY_LICENCE_DATES, field="valid_until")
    return LicenceInput(
        valid_from=licence.valid_from,
        valid_until=licence.valid_until,
        supervisor_phone=phone,
        **texts,
    )


def licence_snapshot_fields(licence: LicenceInput | AgencyLicence) -> dict[str, Any]:
    """The licence as model field values."""
    return {name: getattr(licence, name) for name in LICENCE_FIELDS}


def licence_snapshot(licence: LicenceInput | AgencyLicence) -> dict[str, str]:
    """The licence as JSON for the registration file and the audit trail."""
    return {
        name: value.isoformat() if isinstance(value, dt.date) else str(value)
        for name, value in licence_snapshot_fields(licence).items()
    }


def set_agency_licence(org: Organisation, licence: LicenceInput, *, actor: Actor) -> AgencyLicence:
    """The HR service licence of an agency (VER-06); after verification, changes go
    through a change request instead."""
    if not org.is_agency:
        raise org_error(OrgErrorCode.NOT_AGENCY)
    _require_editable(org)
    clean = clean_licence(licence)
    with transaction.atomic():
        row, _created = AgencyLicence.objects.update_or_create(
            organisation=org, defaults=licence_snapshot_fields(clean)
        )
        record_event(actor, "orgs.agency_licence_set", org, after=licence_snapshot(clean))
    return row


def set_services(
    org: Organisation, services: list[ServiceInput], *, actor: Actor
) -> list[AgencyService]:
    """Replace an agency's public list of services and fee standards (LIC-07): every paid
    service needs its fee standard."""
    if not org.is_agency:
        raise org_error(OrgErrorCode.NOT_AGENCY)
    if not 1 <= len(services) <= MAX_SERVICES:
        raise org_error(OrgErrorCode.SERVICES_MISSING, field="services")
    cleaned: list[ServiceInput] = []
    for index, service in enumerate(services):
        name = _text(
            service.name,
            field_name=f"services.{index}.name",
            low=2,
            high=100,
            code=OrgErrorCode.SERVICES_MISSING,
        )
        fee = " ".join(service.fee_standard.split())
        if not service.is_free and not fee:
            raise org_error(OrgErrorCode.FEE_MISSING, field=f"services.{index}.fee_standard")
        if len(fee) > 200 or len(service.description) > 300:
            raise org_error(OrgErrorCode.TEXT_TOO_LONG, field=f"services.{index}")
        cleaned.append(ServiceInput(name, service.description.strip(), service.is_free, fee))
    with transaction.atomic():
        org.services.all().delete()
        rows = AgencyService.objects.bulk_create(
            AgencyService(
                organisation=org,
                name=service.name,
                description=service.description,
                is_free=service.is_free,
                fee_standard=service.fee_standard,
                position=index,
            )
            for index, service in enumerate(cleaned)
        )
        record_event(
            actor,
            "orgs.services_set",
            org,
            after={"services": [[s.name, s.fee_standard or "free"] for s in cleaned]},
        )
    return rows

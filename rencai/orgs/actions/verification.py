"""Proving authority, submitting for verification, and the reviewer's checks and decisions
(VER-02…VER-07)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from rencai.accounts.models import User
from rencai.audit.actions import record_event
from rencai.core.actors import Actor
from rencai.core.masking import mask_email
from rencai.core.timeutil import local_start_of_day, local_today
from rencai.notifications.actions import notify_many
from rencai.orgs import notices
from rencai.orgs.actions.organisations import (
    LicenceInput,
    clean_legal_name,
    clean_licence,
    ensure_not_listed,
    licence_snapshot,
    licence_snapshot_fields,
)
from rencai.orgs.choices import (
    AuthorityMethod,
    CheckKind,
    CheckResult,
    Decision,
    DecisionReason,
    DocumentKind,
    OrgStatus,
    RequestKind,
    RequestStatus,
)
from rencai.orgs.constants import (
    EMAIL_CODE_ATTEMPTS,
    EMAIL_CODE_VALID,
    EMAIL_CODES_PER_DAY,
    PUBLIC_MAIL_DOMAINS,
    REVERIFY_AFTER,
)
from rencai.orgs.errors import OrgErrorCode, org_error
from rencai.orgs.models import (
    AgencyLicence,
    EmailChallenge,
    IndependentCheck,
    Membership,
    Organisation,
    OrgDocument,
    VerificationRequest,
)
from rencai.orgs.queries import active_membership, current_documents, open_request
from rencai.providers.tasks import deliver_email
from rencai.search import indexing

EMAIL_PROOF_VALID = dt.timedelta(days=30)


# --- proving authority ----------------------------------------------------------------


def _code_hash(challenge_id: object, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{challenge_id}:{code}".encode(), hashlib.sha256).hexdigest()


def _website_domain(org: Organisation) -> str:
    from urllib.parse import urlsplit

    host = (urlsplit(org.website).hostname or "").lower()
    return host.removeprefix("www.")


def send_email_code(org: Organisation, user: User, email: str, *, actor: Actor) -> EmailChallenge:
    """Send a 6-digit code to an address at the company's own domain (VER-04).

    Public mailboxes are refused; when the organisation gives a website, the address must
    be at its domain (or a subdomain)."""
    address = email.strip().lower()
    local, _sep, domain = address.rpartition("@")
    if not local or "." not in domain or len(address) > 254:
        raise org_error(OrgErrorCode.EMAIL_DOMAIN_MISMATCH, field="email")
    if domain in PUBLIC_MAIL_DOMAINS:
        raise org_error(OrgErrorCode.EMAIL_PUBLIC_DOMAIN, field="email")
    site = _website_domain(org)
    if site and not (domain == site or domain.endswith("." + site) or site.endswith("." + domain)):
        raise org_error(OrgErrorCode.EMAIL_DOMAIN_MISMATCH, field="email")
    today_start = local_start_of_day(local_today())
    sent_today = EmailChallenge.objects.filter(user=user, created_at__gte=today_start).count()
    if sent_today >= EMAIL_CODES_PER_DAY:
        raise org_error(OrgErrorCode.EMAIL_TOO_MANY, field="email")
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        challenge = EmailChallenge(
            organisation=org,
            user=user,
            email=address,
            domain=domain,
            expires_at=timezone.now() + EMAIL_CODE_VALID,
        )
        challenge.code_hash = _code_hash(challenge.pk, code)
        challenge.save()
        record_event(
            actor,
            "orgs.email_code_sent",
            challenge,
            after={"organisation": str(org.pk), "email": mask_email(address)},
        )
        subject = f"人才平台企业邮箱验证码 {code}"
        text = (
            f"您正在为“{org.legal_name}”验证企业邮箱，验证码为 {code}，30分钟内有效。\n"
            "如非本人操作，请忽略本邮件。"
        )
        transaction.on_commit(lambda: deliver_email(address, subject, text))
    return challenge


def confirm_email_code(org: Organisation, user: User, code: str, *, actor: Actor) -> EmailChallenge:
    """Check the newest code sent by ``user`` for ``org``; five wrong tries void it."""
    with transaction.atomic():
        challenge = (
            EmailChallenge.objects.select_for_update()
            .filter(organisation=org, user=user, verified_at__isnull=True)
            .order_by("-created_at")
            .first()
        )
        if (
            challenge is None
            or challenge.expires_at <= timezone.now()
            or challenge.failed_attempts >= EMAIL_CODE_ATTEMPTS
        ):
            raise org_error(OrgErrorCode.EMAIL_CODE_INVALID, field="code")
        if not hmac.compare_digest(challenge.code_hash, _code_hash(challenge.pk, code.strip())):
            challenge.failed_attempts += 1
            challenge.save(update_fields=["failed_attempts", "updated_at"])
            record_event(
                actor,
                "orgs.email_code_failed",
                challenge,
                after={"failed_attempts": challenge.failed_attempts},
            )
        else:
            challenge.verified_at = timezone.now()
            challenge.save(update_fields=["verified_at", "updated_at"])
            record_event(
                actor, "orgs.email_verified", challenge, after={"domain": challenge.domain}
            )
            return challenge
    raise org_error(OrgErrorCode.EMAIL_CODE_INVALID, field="code")


def verified_email(org: Organisation, user: User) -> EmailChallenge | None:
    """The person's company-address proof for ``org`` if it is recent enough."""
    return (
        EmailChallenge.objects.filter(
            organisation=org,
            user=user,
            verified_at__gte=timezone.now() - EMAIL_PROOF_VALID,
        )
        .order_by("-verified_at")
        .first()
    )


def _legal_rep_matches(legal_representative: str, legal_rep_id_index: str, user: User) -> bool:
    if not user.is_real_name_verified:
        return False
    if "".join(user.real_name.split()) != "".join(legal_representative.split()):
        return False
    return not legal_rep_id_index or legal_rep_id_index == user.id_number_index


# --- submitting -----------------------------------------------------------------------


@dataclass(frozen=True)
class ProposedChanges:
    """Registered details a verified organisation asks to change (reviewed first)."""

    legal_name: str = ""
    legal_representative: str = ""
    registered_address: str = ""
    agency_licence: LicenceInput | None = None

    def is_empty(self) -> bool:
        return not any(
            (
                self.legal_name,
                self.legal_representative,
                self.registered_address,
                self.agency_licence,
            )
        )


def _snapshot(org: Organisation, changes: ProposedChanges | None) -> dict[str, Any]:
    """The registered and displayed details as submitted (immutable once stored)."""
    licence: dict[str, str] | None = None
    current_licence = AgencyLicence.objects.filter(organisation=org).first()
    if current_licence is not None:
        licence = licence_snapshot(current_licence)
    data: dict[str, Any] = {
        "legal_name": org.legal_name,
        "uscc": org.uscc,
        "legal_representative": org.legal_representative,
        "registered_address": org.registered_address,
        "account_class": org.account_class,
        "industry": org.industry,
        "size": org.size,
        "website": org.website,
        "introduction": org.introduction,
        "locations": [
            {"division": loc.division, "address": loc.address, "hq": loc.is_headquarters}
            for loc in org.locations.all()
        ],
        "agency_licence": licence,
        "services": [
            {"name": s.name, "is_free": s.is_free, "fee_standard": s.fee_standard}
            for s in org.services.all()
        ],
    }
    if changes is not None:
        if changes.legal_name:
            data["legal_name"] = clean_legal_name(changes.legal_name)
        if changes.legal_representative:
            data["legal_representative"] = " ".join(changes.legal_representative.split())
        if changes.registered_address:
            data["registered_address"] = " ".join(changes.registered_address.split())
        if changes.agency_licence is not None:
            data["agency_licence"] = licence_snapshot(clean_licence(changes.agency_licence))
        data["changed"] = [key for key, value in asdict(changes).items() if value]
    return data


def _check_complete(org: Organisation, data: dict[str, Any], kind: str) -> list[OrgDocument]:
    """Refuse an incomplete submission with the first missing item; return the documents."""
    documents = current_documents(org)
    if DocumentKind.BUSINESS_LICENCE not in documents:
        raise org_error(OrgErrorCode.DOCUMENT_MISSING, field=DocumentKind.BUSINESS_LICENCE)
    licence_doc = documents[DocumentKind.BUSINESS_LICENCE]
    if (
        kind == RequestKind.REVERIFICATION
        and org.last_verified_at
        and licence_doc.created_at < org.last_verified_at
    ):
        # A re-verification looks at the licence as it is today.
        raise org_error(OrgErrorCode.DOCUMENT_MISSING, field=DocumentKind.BUSINESS_LICENCE)
    if not data["industry"] or not data["size"]:
        raise org_error(OrgErrorCode.CHOICE_INVALID, field="industry")
    if not any(location["hq"] for location in data["locations"]):
        raise org_error(OrgErrorCode.HEADQUARTERS_REQUIRED, field="locations")
    if org.is_agency:
        licence = data["agency_licence"]
        if licence is None or DocumentKind.HR_LICENCE not in documents:
            raise org_error(OrgErrorCode.AGENCY_LICENCE_MISSING, field=DocumentKind.HR_LICENCE)
        if dt.date.fromisoformat(licence["valid_until"]) < local_today():
            raise org_error(OrgErrorCode.AGENCY_LICENCE_EXPIRED, field=DocumentKind.HR_LICENCE)
        if not data["services"]:
            raise org_error(OrgErrorCode.SERVICES_MISSING, field="services")
    return list(documents.values())


def _authority(org: Organisation, user: User, method: str, data: dict[str, Any]) -> dict[str, Any]:
    """Check the chosen proof of the submitter's authority (VER-02 (3))."""
    if method == AuthorityMethod.LETTER:
        if DocumentKind.AUTHORISATION_LETTER not in current_documents(org):
            raise org_error(
                OrgErrorCode.AUTHORITY_UNPROVEN, field=DocumentKind.AUTHORISATION_LETTER
            )
        return {"document": "authorisation_letter"}
    if method == AuthorityMethod.EMAIL:
        challenge = verified_email(org, user)
        if challenge is None:
            raise org_error(OrgErrorCode.AUTHORITY_UNPROVEN, field="email")
        return {
            "email": mask_email(challenge.email),
            "domain": challenge.domain,
            "verified_at": challenge.verified_at.isoformat() if challenge.verified_at else "",
        }
    if method == AuthorityMethod.LEGAL_REPRESENTATIVE:
        if not _legal_rep_matches(data["legal_representative"], org.legal_rep_id_index, user):
            raise org_error(OrgErrorCode.LEGAL_REP_MISMATCH, field="authority_method")
        return {"legal_representative_is_submitter": True}
    raise org_error(OrgErrorCode.CHOICE_INVALID, field="authority_method")


def _request_kind(org: Organisation, changes: ProposedChanges | None) -> str:
    if org.status != OrgStatus.VERIFIED:
        if org.status == OrgStatus.PENDING:
            raise org_error(OrgErrorCode.REQUEST_OPEN)
        return RequestKind.INITIAL
    due_soon = org.reverification_due_at is not None and org.reverification_due_at <= (
        timezone.now() + dt.timedelta(days=30)
    )
    if org.reverification_required or due_soon:
        return RequestKind.REVERIFICATION
    if changes is None or changes.is_empty():
        raise org_error(OrgErrorCode.NO_CHANGES)
    return RequestKind.CHANGE


def submit_verification(
    org: Organisation,
    membership: Membership,
    *,
    authority_method: str,
    changes: ProposedChanges | None = None,
    actor: Actor,
) -> VerificationRequest:
    """File a verification request with everything the reviewer needs (VER-02, VER-05,
    VER-06): the person acting must have verified their real name; the business licence
    (and an agency's HR licence, services and fees) must be uploaded; the submitter's
    authority must be proven. The snapshot and documents become part of the file."""
    user = membership.user
    if not user.is_real_name_verified:
        raise org_error(OrgErrorCode.IDENTITY_REQUIRED)
    kind = _request_kind(org, changes)
    if open_request(org) is not None:
        raise org_error(OrgErrorCode.REQUEST_OPEN)
    ensure_not_listed(uscc=org.uscc, user=user, id_index=org.legal_rep_id_index)
    data = _snapshot(org, changes)
    documents = _check_complete(org, data, kind)
    detail = _authority(org, user, authority_method, data)
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=org.pk)
        number = (locked.verification_requests.aggregate(n=Max("number"))["n"] or 0) + 1
        request = VerificationRequest.objects.create(
            organisation=locked,
            number=number,
            kind=kind,
            submitted_by=user,
            contact=membership,
            snapshot=data,
            authority_method=authority_method,
            authority_detail=detail,
            submitted_at=timezone.now(),
        )
        request.documents.set(documents)
        update = ["authority_method", "updated_at"]
        locked.authority_method = authority_method
        if authority_method == AuthorityMethod.LEGAL_REPRESENTATIVE and user.id_number_index:
            locked.legal_rep_id_index = user.id_number_index
            update.append("legal_rep_id_index")
        if kind == RequestKind.INITIAL:
            locked.status = OrgStatus.PENDING
            update.append("status")
        locked.save(update_fields=update)
        record_event(
            actor,
            "orgs.verification_submitted",
            request,
            after={
                "organisation": str(org.pk),
                "number": number,
                "kind": kind,
                "authority_method": authority_method,
                "documents": [str(document.pk) for document in documents],
            },
        )
    org.refresh_from_db()
    return request


def withdraw_request(request: VerificationRequest, *, actor: Actor) -> VerificationRequest:
    with transaction.atomic():
        request = VerificationRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != RequestStatus.PENDING:
            raise org_error(OrgErrorCode.REQUEST_STATE)
        request.status = RequestStatus.WITHDRAWN
        request.save(update_fields=["status", "updated_at"])
        org = request.organisation
        if request.kind == RequestKind.INITIAL:
            org.status = OrgStatus.DRAFT
            org.save(update_fields=["status", "updated_at"])
        record_event(actor, "orgs.verification_withdrawn", request, after={"status": "withdrawn"})
    return request


# --- reviewing ------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckInput:
    kind: str
    result: str
    registry_name: str = ""
    registry_status: str = ""
    reference: str = ""
    email_domain: str = ""
    bank_name: str = ""
    account_last4: str = ""
    amount_fen: int | None = None
    note: str = ""


def _require_pending(request: VerificationRequest) -> None:
    if request.status != RequestStatus.PENDING:
        raise org_error(OrgErrorCode.NOT_REVIEWABLE)


def _not_own(request: VerificationRequest, reviewer: User) -> None:
    membership = active_membership(reviewer)
    if membership is not None and membership.organisation_id == request.organisation_id:
        raise org_error(OrgErrorCode.SELF_REVIEW)


def _clean_check(check: CheckInput) -> CheckInput:
    """Each kind of check has its own required fields (typed records, VER-04)."""
    if check.result not in CheckResult.values:
        raise org_error(OrgErrorCode.CHOICE_INVALID, field="result")
    missing = ""
    if check.kind == CheckKind.REGISTRY:
        if not check.registry_name.strip():
            missing = "registry_name"
        elif not check.registry_status.strip():
            missing = "registry_status"
    elif check.kind == CheckKind.EMAIL_DOMAIN:
        if "." not in check.email_domain.strip():
            missing = "email_domain"
    elif check.kind == CheckKind.MICRO_DEPOSIT:
        if not check.bank_name.strip():
            missing = "bank_name"
        elif not (len(check.account_last4) == 4 and check.account_last4.isdigit()):
            missing = "account_last4"
        elif check.amount_fen is None or not 1 <= check.amount_fen <= 99:
            missing = "amount_fen"
        elif not check.reference.strip():
            missing = "reference"
    else:
        raise org_error(OrgErrorCode.CHOICE_INVALID, field="kind")
    if missing:
        raise org_error(OrgErrorCode.CHECK_FIELDS, field=missing)
    return check


def record_check(
    request: VerificationRequest, reviewer: User, check: CheckInput, *, actor: Actor
) -> IndependentCheck:
    """Keep the result of an independent verification channel with the request."""
    _require_pending(request)
    _not_own(request, reviewer)
    clean = _clean_check(check)
    with transaction.atomic():
        row = IndependentCheck.objects.create(
            request=request,
            kind=clean.kind,
            result=clean.result,
            registry_name=" ".join(clean.registry_name.split())[:100],
            registry_status=clean.registry_status.strip()[:40],
            reference=clean.reference.strip()[:100],
            email_domain=clean.email_domain.strip().lower()[:100],
            bank_name=clean.bank_name.strip()[:60],
            account_last4=clean.account_last4,
            amount_fen=clean.amount_fen,
            note=clean.note.strip()[:300],
            performed_by=reviewer,
        )
        record_event(
            actor,
            "orgs.independent_check_recorded",
            row,
            after={"request": str(request.pk), "kind": clean.kind, "result": clean.result},
        )
    return row


def _apply_snapshot(org: Organisation, data: dict[str, Any]) -> None:
    org.legal_name = data["legal_name"]
    org.legal_representative = data["legal_representative"]
    org.registered_address = data["registered_address"]
    licence = data.get("agency_licence")
    if org.is_agency and licence:
        fields = licence_snapshot_fields(
            LicenceInput(
                number=licence["number"],
                issuing_authority=licence["issuing_authority"],
                valid_from=dt.date.fromisoformat(licence["valid_from"]),
                valid_until=dt.date.fromisoformat(licence["valid_until"]),
                scope=licence["scope"],
                supervisor_name=licence["supervisor_name"],
                supervisor_phone=licence["supervisor_phone"],
            )
        )
        AgencyLicence.objects.update_or_create(organisation=org, defaults=fields)


def _clean_reasons(reasons: list[str], note: str, decision: str) -> list[str]:
    if decision == Decision.APPROVE:
        return []
    chosen = list(dict.fromkeys(reasons))
    if not chosen or any(reason not in DecisionReason.values for reason in chosen):
        raise org_error(OrgErrorCode.REASONS_REQUIRED, field="reasons")
    if (DecisionReason.OTHER in chosen or decision == Decision.REQUEST_MORE) and not note.strip():
        raise org_error(OrgErrorCode.NOTE_REQUIRED, field="note")
    return chosen


def decide(
    request: VerificationRequest,
    reviewer: User,
    *,
    decision: str,
    reasons: list[str] | None = None,
    note: str = "",
    actor: Actor,
) -> VerificationRequest:
    """Approve, reject (reasons from the controlled list) or ask for more material.

    Approval needs at least one independent check that confirms the details (VER-04), and
    a registry check whose name differs from the submitted name blocks it (VER-03). It
    applies the submitted details, starts the six-month clock (VER-05) and closes any
    display notice (VER-07). The applicant's administrators are told by notification and
    SMS."""
    if decision not in Decision.values:
        raise org_error(OrgErrorCode.CHOICE_INVALID, field="decision")
    _not_own(request, reviewer)
    chosen = _clean_reasons(reasons or [], note, decision)
    with transaction.atomic():
        request = VerificationRequest.objects.select_for_update().get(pk=request.pk)
        _require_pending(request)
        org = Organisation.objects.select_for_update().get(pk=request.organisation_id)
        now = timezone.now()
        if decision == Decision.APPROVE:
            checks = list(request.checks.all())
            if not any(check.result == CheckResult.CONFIRMED for check in checks):
                raise org_error(OrgErrorCode.CHECK_REQUIRED)
            wanted = "".join(request.snapshot["legal_name"].split())
            for check in checks:
                if (
                    check.kind == CheckKind.REGISTRY
                    and "".join(check.registry_name.split()) != wanted
                ):
                    raise org_error(OrgErrorCode.REGISTRY_NAME_MISMATCH)
            _apply_snapshot(org, request.snapshot)
            org.status = OrgStatus.VERIFIED
            org.first_verified_at = org.first_verified_at or now
            org.last_verified_at = now
            org.reverification_due_at = now + REVERIFY_AFTER
            org.reverification_required = False
            org.display_suspended = False
            org.display_notices.filter(resolved_at__isnull=True).update(resolved_at=now)
            request.status = RequestStatus.APPROVED
        elif decision == Decision.REJECT:
            request.status = RequestStatus.REJECTED
            if request.kind == RequestKind.INITIAL:
                org.status = OrgStatus.REJECTED
        else:
            request.status = RequestStatus.MORE_INFO
            if request.kind == RequestKind.INITIAL:
                org.status = OrgStatus.MORE_INFO
        org.save()
        indexing.organisation_changed(org.pk)
        request.decided_by, request.decided_at = reviewer, now
        request.reasons, request.note = chosen, note.strip()
        request.save()
        record_event(
            actor,
            "orgs.verification_decided",
            request,
            after={
                "organisation": str(org.pk),
                "number": request.number,
                "decision": decision,
                "reasons": chosen,
                "status": org.status,
            },
        )
        kind = {
            Decision.APPROVE: notices.APPROVED,
            Decision.REJECT: notices.REJECTED,
            Decision.REQUEST_MORE: notices.MORE_INFO,
        }[Decision(decision)]
        reason_labels = "、".join(str(DecisionReason(reason).label) for reason in chosen)
        notify_many(
            [request.submitted_by, *notices.admins_of(org)],
            kind,
            params={"org": org.legal_name, "reasons": reason_labels, "note": note.strip()[:200]},
            url=f"/orgs/{org.pk}/",
            sms=True,
            actor=actor,
        )
    return request


def record_evidence_view(document: OrgDocument, *, actor: Actor) -> None:
    """Keep a trace of an operator or the regulator opening a piece of evidence (it shows
    the legal representative's and staff members' personal information)."""
    with transaction.atomic():
        record_event(
            actor,
            "orgs.evidence_viewed",
            document,
            after={"organisation": str(document.organisation_id), "kind": document.kind},
        )

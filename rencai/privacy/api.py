"""REST endpoints of the privacy app: legal documents and the consent ledger."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Status

from rencai.accounts.actions import withdraw_real_name
from rencai.accounts.models import User
from rencai.accounts.permissions import can_publish_legal_documents
from rencai.core.api_support import AUTH, ERRORS, api_actor
from rencai.core.errors import DomainError, not_found, permission_denied
from rencai.privacy import actions
from rencai.privacy.choices import (
    OPTIONAL_PURPOSES,
    PURPOSE_DOCUMENT,
    ConsentChannel,
    ConsentPurpose,
)
from rencai.privacy.errors import PrivacyErrorCode
from rencai.privacy.models import LegalDocument
from rencai.privacy.queries import (
    consent_history,
    consent_states,
    current_document,
    current_documents,
    pending_documents,
)
from rencai.privacy.schemas import (
    ConsentIn,
    ConsentRecordOut,
    ConsentsOut,
    DocumentOut,
    DocumentSummaryOut,
    PublishDocumentIn,
)

legal_router = Router(tags=["legal"])
consent_router = Router(tags=["consents"], auth=AUTH)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _document_out(document: LegalDocument) -> DocumentOut:
    return DocumentOut(
        **DocumentSummaryOut.build(document).model_dump(),
        body=document.body,
        body_en=document.body_en,
    )


@legal_router.get("/documents", response={200: list[DocumentSummaryOut]}, summary="In effect")
def list_documents(request: HttpRequest) -> list[DocumentSummaryOut]:
    """Every legal document version in effect now (public, no sign-in)."""
    return [DocumentSummaryOut.build(doc) for doc in current_documents().values()]


@legal_router.get(
    "/documents/{kind}", response={200: DocumentOut, **ERRORS}, summary="One document in effect"
)
def get_document(request: HttpRequest, kind: str) -> DocumentOut:
    document = current_document(kind)
    if document is None:
        raise not_found()
    return _document_out(document)


@legal_router.get(
    "/pending",
    response={200: list[DocumentSummaryOut], **ERRORS},
    auth=AUTH,
    summary="Documents I still need to accept",
)
def pending(request: HttpRequest) -> list[DocumentSummaryOut]:
    user = _user(request)
    return [DocumentSummaryOut.build(doc) for doc in pending_documents(user.pk, user.role_set)]


@legal_router.post(
    "/documents", response={201: DocumentOut, **ERRORS}, auth=AUTH, summary="Publish a version"
)
def publish_document(request: HttpRequest, payload: PublishDocumentIn) -> Status[DocumentOut]:
    """Security administrators publish a new version; a change takes effect ≥ 7 days later
    (``legal_notice_period``)."""
    if not can_publish_legal_documents(_user(request)):
        raise permission_denied()
    document = actions.publish_legal_document(actor=api_actor(request), **payload.model_dump())
    return Status(201, _document_out(document))


def _consents(user: User) -> ConsentsOut:
    return ConsentsOut(
        states=consent_states(user.pk),
        history=[ConsentRecordOut.build(r) for r in consent_history(user.pk)[:200]],
    )


@consent_router.get("", response={200: ConsentsOut, **ERRORS}, summary="My consents")
def my_consents(request: HttpRequest) -> ConsentsOut:
    return _consents(_user(request))


@consent_router.post("", response={200: ConsentsOut, **ERRORS}, summary="Give or change a consent")
def set_consent(request: HttpRequest, payload: ConsentIn) -> ConsentsOut:
    """Document-bound purposes (agreement, privacy policy, platform rules, real name,
    biometrics) are granted by naming the current document; optional purposes (marketing,
    personalised recommendation) are switched with ``granted``."""
    user, actor = _user(request), api_actor(request)
    if payload.purpose in OPTIONAL_PURPOSES:
        actions.set_optional_consent(
            user, payload.purpose, payload.granted, actor=actor, channel=ConsentChannel.API
        )
        return _consents(user)
    kind = PURPOSE_DOCUMENT.get(payload.purpose)
    if kind is None or payload.purpose == ConsentPurpose.GUARDIAN or not payload.granted:
        message = (
            _("Withdraw a consent with its withdraw action.")
            if not payload.granted
            else _("This consent cannot be given here.")
        )
        raise DomainError(PrivacyErrorCode.NOT_GRANTABLE, message, fields={"purpose": message})
    document = current_document(kind)
    if document is None or document.pk != payload.document_id:
        message = _("This is not the version in effect. Please read the current version.")
        raise DomainError("documents_changed", message, fields={"document_id": message})
    actions.grant_document_consent(user, document, actor=actor, channel=ConsentChannel.API)
    return _consents(user)


@consent_router.post(
    "/{purpose}/withdraw", response={200: ConsentsOut, **ERRORS}, summary="Withdraw a consent"
)
def withdraw(request: HttpRequest, purpose: str) -> ConsentsOut:
    """One step, effective at once (PI-20). Withdrawing ``real_name`` erases the stored name
    and ID number."""
    user, actor = _user(request), api_actor(request)
    if purpose == ConsentPurpose.REAL_NAME:
        withdraw_real_name(user, actor=actor)
    else:
        actions.withdraw_consent(user, purpose, actor=actor, channel=ConsentChannel.API)
    return _consents(user)

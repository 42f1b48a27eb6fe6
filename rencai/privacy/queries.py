"""Reads of legal documents and consents."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils import timezone

from rencai.accounts.choices import OPERATOR_ROLES, Role
from rencai.core.models import Id
from rencai.privacy.choices import PURPOSE_DOCUMENT, ConsentPurpose, DocumentKind
from rencai.privacy.models import ConsentRecord, LegalDocument

SEEKER_DOCUMENTS = (DocumentKind.USER_AGREEMENT, DocumentKind.PRIVACY_POLICY)
STAFF_DOCUMENTS = (*SEEKER_DOCUMENTS, DocumentKind.PLATFORM_RULES)
STAFF_ROLES = frozenset({Role.EMPLOYER_STAFF, Role.AGENCY_STAFF})


def current_documents(kinds: Iterable[str] | None = None) -> dict[str, LegalDocument]:
    """The version of each kind in effect now (one query)."""
    now = timezone.now()
    queryset = LegalDocument.objects.filter(effective_at__lte=now)
    if kinds is not None:
        queryset = queryset.filter(kind__in=list(kinds))
    current: dict[str, LegalDocument] = {}
    for document in queryset.order_by("kind", "-effective_at", "-published_at"):
        current.setdefault(document.kind, document)
    return current


def current_document(kind: str) -> LegalDocument | None:
    """The version of ``kind`` in effect now."""
    return current_documents([kind]).get(kind)


def upcoming_documents(kinds: Iterable[str]) -> list[LegalDocument]:
    """Published versions that have not taken effect yet (shown as a notice of changes)."""
    return list(
        LegalDocument.objects.filter(
            kind__in=list(kinds), effective_at__gt=timezone.now()
        ).order_by("effective_at")
    )


def document_versions(kind: str) -> QuerySet[LegalDocument]:
    """Every published version of ``kind``, newest first (public archive)."""
    return LegalDocument.objects.filter(kind=kind).order_by("-effective_at")


def required_document_kinds(roles: Iterable[str]) -> tuple[str, ...]:
    """Which documents a person with ``roles`` must have accepted."""
    role_set = set(roles)
    if role_set & STAFF_ROLES:
        return STAFF_DOCUMENTS
    if role_set & OPERATOR_ROLES or Role.REGULATOR in role_set:
        return ()
    return SEEKER_DOCUMENTS


def latest_consents(user_id: Id) -> dict[str, ConsentRecord]:
    """The latest ledger entry per purpose for a user (one query)."""
    latest: dict[str, ConsentRecord] = {}
    for record in ConsentRecord.objects.filter(user_id=user_id).select_related("document"):
        latest.setdefault(record.purpose, record)  # ordered newest first
    return latest


def consent_is_current(
    record: ConsentRecord | None, purpose: str, current: dict[str, LegalDocument]
) -> bool:
    """Whether ``record`` is a grant that still covers ``purpose`` today."""
    if record is None or not record.granted:
        return False
    kind = PURPOSE_DOCUMENT.get(purpose)
    if kind is None:
        return True
    document = current.get(kind)
    return document is not None and record.document_id == document.pk


def has_consent(user_id: Id, purpose: str) -> bool:
    """Does this user currently consent to ``purpose``? Document-bound purposes need the
    version currently in effect."""
    record = (
        ConsentRecord.objects.filter(user_id=user_id, purpose=purpose)
        .select_related("document")
        .first()
    )
    kind = PURPOSE_DOCUMENT.get(purpose)
    current = current_documents([kind]) if kind else {}
    return consent_is_current(record, purpose, current)


def pending_documents(user_id: Id, roles: Iterable[str]) -> list[LegalDocument]:
    """Documents in effect that the user must accept and has not (e.g. after an update)."""
    kinds = required_document_kinds(roles)
    if not kinds:
        return []
    current = current_documents(kinds)
    latest = latest_consents(user_id)
    purpose_of_kind = {kind: purpose for purpose, kind in PURPOSE_DOCUMENT.items()}
    return [
        document
        for kind, document in current.items()
        if not consent_is_current(latest.get(purpose_of_kind[kind]), purpose_of_kind[kind], current)
    ]


def consent_history(user_id: Id) -> QuerySet[ConsentRecord]:
    """Every ledger entry of the user, newest first."""
    return ConsentRecord.objects.filter(user_id=user_id).select_related("document")


def consent_states(user_id: Id) -> dict[str, bool]:
    """Current yes/no for every purpose (for settings pages and the API)."""
    current = current_documents()
    latest = latest_consents(user_id)
    return {
        purpose: consent_is_current(latest.get(purpose), purpose, current)
        for purpose in ConsentPurpose.values
    }

"""Writes of the privacy app: publishing legal documents and the consent ledger."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rencai.audit.actions import record_event
from rencai.core.actors import Actor
from rencai.core.crypto import fingerprint
from rencai.core.errors import DomainError
from rencai.privacy.choices import (
    OPTIONAL_PURPOSES,
    PURPOSE_DOCUMENT,
    WITHDRAWABLE_PURPOSES,
    ConsentChannel,
    ConsentPurpose,
    DocumentKind,
)
from rencai.privacy.errors import CentreErrorCode, PrivacyErrorCode
from rencai.privacy.models import ConsentRecord, LegalDocument
from rencai.privacy.queries import current_document, latest_consents
from rencai.privacy.texts import OPTIONAL_CONSENT_PROMPTS

if TYPE_CHECKING:
    from rencai.accounts.models import User

NOTICE_PERIOD = dt.timedelta(days=7)  # LIC-06, ECL Art 34
MARKETING_PURPOSES = frozenset({ConsentPurpose.MARKETING_SMS, ConsentPurpose.MARKETING_EMAIL})


def is_minor(user: User) -> bool:
    """A person under 18 by the birth date we know (no marketing to minors, PI-11)."""
    from rencai.accounts.constants import ADULT_AGE
    from rencai.accounts.queries import seeker_age

    age = seeker_age(user)
    return age is not None and age < ADULT_AGE


def publish_legal_document(
    *,
    actor: Actor,
    kind: str,
    version: str,
    title: str,
    body: str,
    body_en: str = "",
    change_summary: str = "",
    effective_at: dt.datetime,
) -> LegalDocument:
    """Publish a new version of a legal document.

    The first version of a kind may take effect at once. Any later version must take effect
    at least 7 days after publication (code ``legal_notice_period``), so users can read the
    changes and leave if they disagree (LIC-06).
    """
    if kind not in DocumentKind.values:
        message = _("Unknown document kind.")
        raise DomainError("legal_kind_invalid", message, fields={"kind": message})
    now = timezone.now()
    with transaction.atomic():
        if LegalDocument.objects.filter(kind=kind, version=version).exists():
            message = _("This version number is already used.")
            raise DomainError(PrivacyErrorCode.VERSION_EXISTS, message, fields={"version": message})
        has_previous = LegalDocument.objects.filter(kind=kind).exists()
        if has_previous and effective_at < now + NOTICE_PERIOD:
            message = _(
                "A changed document must be published at least 7 days before it takes effect."
            )
            raise DomainError(
                PrivacyErrorCode.NOTICE_PERIOD, message, fields={"effective_at": message}
            )
        if not has_previous and effective_at < now - dt.timedelta(minutes=5):
            message = _("The effective time cannot be in the past.")
            raise DomainError(
                PrivacyErrorCode.EFFECTIVE_IN_PAST, message, fields={"effective_at": message}
            )
        document = LegalDocument.objects.create(
            kind=kind,
            version=version,
            title=title,
            body=body,
            body_en=body_en,
            change_summary=change_summary,
            text_hash=fingerprint(body),
            published_at=now,
            effective_at=max(effective_at, now) if not has_previous else effective_at,
            published_by=actor.user,
        )
        record_event(
            actor,
            "privacy.legal_document_published",
            document,
            after={
                "kind": kind,
                "version": version,
                "text_hash": document.text_hash,
                "effective_at": document.effective_at.isoformat(),
            },
        )
    return document


def _append(
    user: User,
    purpose: str,
    *,
    granted: bool,
    document: LegalDocument | None,
    text_hash: str,
    actor: Actor,
    channel: str,
) -> ConsentRecord:
    record = ConsentRecord.objects.create(
        user=user,
        purpose=purpose,
        document=document,
        document_version=document.version if document else "",
        text_hash=text_hash,
        granted=granted,
        channel=channel,
        ip=actor.ip,
    )
    record_event(
        actor,
        "privacy.consent_granted" if granted else "privacy.consent_withdrawn",
        user,
        after={
            "purpose": purpose,
            "document_version": record.document_version,
            "text_hash": text_hash,
            "channel": channel,
        },
    )
    return record


def grant_document_consent(
    user: User, document: LegalDocument, *, actor: Actor, channel: str
) -> ConsentRecord:
    """Record that ``user`` accepted ``document`` (must be the version in effect).

    Runs inside the caller's transaction when there is one.
    """
    purpose = next(p for p, kind in PURPOSE_DOCUMENT.items() if kind == document.kind)
    current = current_document(document.kind)
    if current is None or current.pk != document.pk:
        raise DomainError(
            "documents_changed",
            _("The documents were updated while you were reading. Please review the new versions."),
        )
    with transaction.atomic():
        return _append(
            user,
            purpose,
            granted=True,
            document=document,
            text_hash=document.text_hash,
            actor=actor,
            channel=channel,
        )


def set_optional_consent(
    user: User, purpose: str, granted: bool, *, actor: Actor, channel: str
) -> ConsentRecord | None:
    """Switch an optional consent (marketing, personalised recommendation) on or off.

    Returns the new ledger entry, or None when the state was already as requested.
    """
    if purpose not in OPTIONAL_PURPOSES:
        message = _("This consent cannot be switched here.")
        raise DomainError(PrivacyErrorCode.NOT_GRANTABLE, message, fields={"purpose": message})
    if granted and purpose in MARKETING_PURPOSES and is_minor(user):
        message = _("Promotional messages are never sent to people under 18.")
        raise DomainError(CentreErrorCode.MARKETING_MINOR, message, fields={"purpose": message})
    with transaction.atomic():
        latest = latest_consents(user.pk).get(purpose)
        if (latest is not None and latest.granted) == granted:
            return None
        prompt = str(OPTIONAL_CONSENT_PROMPTS[ConsentPurpose(purpose)])
        return _append(
            user,
            purpose,
            granted=granted,
            document=None,
            text_hash=fingerprint(prompt),
            actor=actor,
            channel=channel,
        )


def withdraw_consent(
    user: User,
    purpose: str,
    *,
    actor: Actor,
    channel: str = ConsentChannel.WEB,
    effects: Callable[[], None] | None = None,
) -> ConsentRecord:
    """Withdraw a consent in one step (PI-20); ``effects`` stop the related processing in
    the same transaction (e.g. erasing real-name data). Past processing stays lawful."""
    if purpose not in WITHDRAWABLE_PURPOSES:
        message = _("This consent is part of using the platform; to end it, cancel your account.")
        raise DomainError(PrivacyErrorCode.NOT_WITHDRAWABLE, message, fields={"purpose": message})
    return record_consent_withdrawal(user, purpose, actor=actor, channel=channel, effects=effects)


def record_consent_withdrawal(
    user: User,
    purpose: str,
    *,
    actor: Actor,
    channel: str,
    effects: Callable[[], None] | None = None,
) -> ConsentRecord:
    """Append a withdrawal for ``purpose`` whoever withdraws it (the user, or a guardian for
    a minor's guardian consent), then run ``effects`` in the same transaction."""
    with transaction.atomic():
        latest = latest_consents(user.pk).get(purpose)
        record = _append(
            user,
            purpose,
            granted=False,
            document=latest.document if latest else None,
            text_hash=latest.text_hash if latest else "",
            actor=actor,
            channel=channel,
        )
        if effects is not None:
            effects()
    return record

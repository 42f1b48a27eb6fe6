"""Real-name verification (name + ID number) and face verification."""

from __future__ import annotations

import hashlib

from django.db import IntegrityError, transaction
from django.utils import timezone

from rencai.accounts.choices import BirthDateSource, CheckOutcome, FaceOutcome, RealNameStatus
from rencai.accounts.constants import FACE_DAILY_ATTEMPTS, MINIMUM_AGE, REAL_NAME_DAILY_ATTEMPTS
from rencai.accounts.errors import AccountsErrorCode, accounts_error
from rencai.accounts.models import FaceCheck, RealNameCheck, User
from rencai.accounts.queries import real_name_checks_today
from rencai.audit.actions import record_event
from rencai.core.actors import Actor
from rencai.core.identifiers import (
    id_number_index,
    id_number_index_candidates,
    validate_id_number,
)
from rencai.core.masking import mask_id_number, mask_name
from rencai.core.timeutil import local_start_of_day, local_today
from rencai.privacy.actions import withdraw_consent
from rencai.privacy.choices import ConsentPurpose
from rencai.privacy.guards import ensure_consent
from rencai.providers.face.base import FaceServiceError, FaceStatus
from rencai.providers.identity.base import IdentityServiceError, IdentityStatus
from rencai.providers.registry import provider

# The columns that hold a verified identity; erased together when the consent is withdrawn.
IDENTITY_FIELDS = [
    "real_name",
    "id_number",
    "id_number_index",
    "id_document_type",
    "real_name_status",
    "real_name_verified_at",
]

_OUTCOME_ERRORS = {
    CheckOutcome.MISMATCH: AccountsErrorCode.REAL_NAME_MISMATCH,
    CheckOutcome.NOT_FOUND: AccountsErrorCode.REAL_NAME_NOT_FOUND,
    CheckOutcome.UNAVAILABLE: AccountsErrorCode.REAL_NAME_UNAVAILABLE,
    CheckOutcome.UNDER_AGE: AccountsErrorCode.UNDER_MINIMUM_AGE,
    CheckOutcome.IN_USE: AccountsErrorCode.ID_NUMBER_IN_USE,
}


def _clean_name(name: str) -> str:
    cleaned = "".join(name.split())
    if not 2 <= len(cleaned) <= 30:
        raise accounts_error(AccountsErrorCode.NAME_INVALID, field="name")
    return cleaned


def _record_check(user: User, outcome: str, reference: str, id_index: str, *, actor: Actor) -> None:
    with transaction.atomic():
        check = RealNameCheck.objects.create(
            user=user,
            outcome=outcome,
            provider=str(provider("identity").name),
            provider_reference=reference,
            id_number_index=id_index,
        )
        if outcome != CheckOutcome.MATCH and user.real_name_status != RealNameStatus.VERIFIED:
            user.real_name_status = RealNameStatus.FAILED
            user.save(update_fields=["real_name_status"])
        record_event(actor, "accounts.real_name_checked", check, after={"outcome": outcome})


def verify_real_name(user: User, *, name: str, id_number: str, actor: Actor) -> User:
    """Check name + ID number with the identity provider and keep them encrypted (IDV-01).

    Needs the separate real-name consent (PI-04, code ``consent_required``). Every attempt is
    recorded; at most five a day. A number of someone under 16 is refused (MIN-01); the birth
    date from a verified number replaces a declared one.
    """
    ensure_consent(user.pk, ConsentPurpose.REAL_NAME)
    if user.real_name_status == RealNameStatus.VERIFIED:
        raise accounts_error(AccountsErrorCode.REAL_NAME_ALREADY_VERIFIED)
    if real_name_checks_today(user) >= REAL_NAME_DAILY_ATTEMPTS:
        raise accounts_error(AccountsErrorCode.REAL_NAME_TOO_MANY)
    clean = _clean_name(name)
    today = local_today()
    parsed = validate_id_number(id_number, today=today)
    id_index = id_number_index(parsed.number)
    outcome, reference = "", ""
    if parsed.age_on(today) < MINIMUM_AGE:
        outcome = CheckOutcome.UNDER_AGE
    elif (
        User.objects.filter(id_number_index__in=id_number_index_candidates(parsed.number))
        .exclude(pk=user.pk)
        .exists()
    ):
        outcome = CheckOutcome.IN_USE
    else:
        try:
            result = provider("identity").verify(name=clean, id_number=parsed.number)
            reference = result.reference
            outcome = {
                IdentityStatus.MATCH: CheckOutcome.MATCH,
                IdentityStatus.MISMATCH: CheckOutcome.MISMATCH,
                IdentityStatus.NOT_FOUND: CheckOutcome.NOT_FOUND,
            }[result.status]
        except IdentityServiceError:
            outcome = CheckOutcome.UNAVAILABLE
    if outcome != CheckOutcome.MATCH:
        _record_check(user, outcome, reference, id_index, actor=actor)
        raise accounts_error(_OUTCOME_ERRORS[CheckOutcome(outcome)], field="id_number")
    try:
        with transaction.atomic():
            _record_check(user, outcome, reference, id_index, actor=actor)
            user.real_name = clean
            user.id_number = parsed.number
            user.id_number_index = id_index
            user.id_document_type = parsed.document_type
            user.real_name_status = RealNameStatus.VERIFIED
            user.real_name_verified_at = timezone.now()
            birth_changed = user.birth_date != parsed.birth_date
            user.birth_date = parsed.birth_date
            user.birth_date_source = BirthDateSource.ID_NUMBER
            user.save(update_fields=[*IDENTITY_FIELDS, "birth_date", "birth_date_source"])
            record_event(
                actor,
                "accounts.real_name_verified",
                user,
                after={
                    "name": mask_name(clean),
                    "id_number": mask_id_number(parsed.number),
                    "document_type": parsed.document_type,
                    "birth_date_changed": birth_changed,
                },
            )
    except IntegrityError as exc:  # the same number verified concurrently on another account
        raise accounts_error(AccountsErrorCode.ID_NUMBER_IN_USE, field="id_number") from exc
    return user


def withdraw_real_name(user: User, *, actor: Actor) -> None:
    """Withdraw the real-name consent: the name and ID number are erased at once (PI-20).

    The birth date stays, because the age gate needs it; the checks history stays as a
    record of past processing."""

    def erase() -> None:
        user.real_name = ""
        user.id_number = ""
        user.id_number_index = None
        user.id_document_type = ""
        user.real_name_status = RealNameStatus.UNVERIFIED
        user.real_name_verified_at = None
        if user.birth_date_source == BirthDateSource.ID_NUMBER:
            user.birth_date_source = BirthDateSource.DECLARED
        user.save(update_fields=[*IDENTITY_FIELDS, "birth_date_source"])
        record_event(actor, "accounts.real_name_erased", user)

    withdraw_consent(user, ConsentPurpose.REAL_NAME, actor=actor, effects=erase)


def verify_face(user: User, *, image: bytes, actor: Actor) -> FaceCheck:
    """Compare a live photo with the verified identity (VER-11).

    Only after the separate biometric consent. The image goes to the provider and is not
    kept: only the outcome, score, reference and the image's SHA-256 (SEC-02).
    """
    ensure_consent(user.pk, ConsentPurpose.BIOMETRICS)
    if user.real_name_status != RealNameStatus.VERIFIED:
        raise accounts_error(AccountsErrorCode.REAL_NAME_REQUIRED)
    start = local_start_of_day(local_today())
    if FaceCheck.objects.filter(user=user, created_at__gte=start).count() >= FACE_DAILY_ATTEMPTS:
        raise accounts_error(AccountsErrorCode.REAL_NAME_TOO_MANY)
    digest = hashlib.sha256(image).hexdigest()
    try:
        result = provider("face").verify(name=user.real_name, id_number=user.id_number, image=image)
        outcome = {
            FaceStatus.PASS: FaceOutcome.PASS,
            FaceStatus.FAIL: FaceOutcome.FAIL,
            FaceStatus.INVALID_IMAGE: FaceOutcome.INVALID_IMAGE,
        }[result.status]
        score, reference = result.score, result.reference
    except FaceServiceError:
        outcome, score, reference = FaceOutcome.UNAVAILABLE, 0, ""
    with transaction.atomic():
        check = FaceCheck.objects.create(
            user=user,
            outcome=outcome,
            score=score,
            provider=str(provider("face").name),
            provider_reference=reference,
            image_sha256=digest,
        )
        if outcome == FaceOutcome.PASS:
            user.face_verified_at = timezone.now()
            user.save(update_fields=["face_verified_at"])
        record_event(
            actor, "accounts.face_checked", check, after={"outcome": outcome, "score": score}
        )
    errors = {
        FaceOutcome.FAIL: AccountsErrorCode.FACE_NOT_MATCHED,
        FaceOutcome.INVALID_IMAGE: AccountsErrorCode.FACE_INVALID_IMAGE,
        FaceOutcome.UNAVAILABLE: AccountsErrorCode.FACE_UNAVAILABLE,
    }
    if outcome in errors:
        raise accounts_error(errors[FaceOutcome(outcome)], field="image")
    return check

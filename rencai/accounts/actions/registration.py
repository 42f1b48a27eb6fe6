"""Phone sign-in, registration with the age gate and consent, password sign-in."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rencai.accounts.actions.sms import (
    check_ip_failure_limit,
    consume_code,
    record_login_failure,
    send_code,
)
from rencai.accounts.choices import BirthDateSource, Role, SmsPurpose
from rencai.accounts.constants import (
    CHALLENGE_MAX_AGE,
    MINIMUM_AGE,
    REGISTRATION_TOKEN_MAX_AGE,
)
from rencai.accounts.errors import AccountsErrorCode, accounts_error
from rencai.accounts.models import LoginFailure, RoleGrant, User
from rencai.accounts.permissions import can_take_role_self_service
from rencai.accounts.queries import find_user_by_phone
from rencai.audit.actions import record_event
from rencai.core import crypto
from rencai.core.actors import Actor
from rencai.core.errors import DomainError, RateLimited
from rencai.core.identifiers import age_on
from rencai.core.masking import mask_email, mask_phone
from rencai.core.phones import normalise_mobile, phone_index, phone_index_candidates
from rencai.core.timeutil import local_today
from rencai.moderation.queries import listing_for
from rencai.privacy.actions import grant_document_consent
from rencai.privacy.choices import ConsentChannel
from rencai.privacy.models import LegalDocument
from rencai.privacy.queries import current_documents, required_document_kinds
from rencai.sanctions.enforcement import ensure_may_log_in

REGISTRATION_SALT = "rencai.accounts.registration"
CHALLENGE_SALT = "rencai.accounts.second-factor"
EMAIL_INDEX_CONTEXT = "email"


@dataclass(frozen=True)
class SmsSignIn:
    """Result of a correct SMS code: an existing user, or a token to finish registering."""

    user: User | None
    registration_token: str | None
    masked_phone: str


@dataclass(frozen=True)
class PasswordSignIn:
    """Result of a correct password: the user, or a challenge for the SMS second factor."""

    user: User | None
    challenge: str | None
    masked_phone: str = ""


def request_login_code(phone_input: str, *, actor: Actor) -> str:
    """Send a sign-in code to any valid mainland number (registered or not); returns the
    normalised number. The same answer for every number keeps registrations private."""
    phone = normalise_mobile(phone_input)
    send_code(phone, SmsPurpose.LOGIN, actor=actor)
    return phone


def sign_in_with_sms(phone_input: str, code: str, *, actor: Actor) -> SmsSignIn:
    """Check the code; return the account, or a registration token for a new number."""
    phone = normalise_mobile(phone_input)
    consume_code(phone, SmsPurpose.LOGIN, code, actor=actor)
    user = find_user_by_phone(phone)
    if user is not None:
        if not user.is_active:  # cancelled (PI-19): refused at once, before erasure too
            raise accounts_error(AccountsErrorCode.ACCOUNT_CANCELLED, field="phone")
        ensure_may_log_in(user)  # FRD-02: suspended or closed by the platform
        return SmsSignIn(user, None, mask_phone(phone))
    return SmsSignIn(None, registration_token(phone), mask_phone(phone))


def registration_token(phone: str) -> str:
    """A signed proof that ``phone`` (normalised) passed an SMS check, for registering."""
    return signing.dumps({"phone": phone}, salt=REGISTRATION_SALT)


def phone_from_registration_token(token: str) -> str:
    """The verified number inside a registration token, or ``registration_token_invalid``."""
    try:
        data = signing.loads(token, salt=REGISTRATION_SALT, max_age=REGISTRATION_TOKEN_MAX_AGE)
    except signing.BadSignature as exc:
        raise accounts_error(AccountsErrorCode.TOKEN_INVALID) from exc
    return str(data["phone"])


def check_birth_date(birth_date: dt.date | None, *, actor: Actor) -> dt.date:
    """The seeker age gate (MIN-01): a real date and at least 16 years old today.

    A refusal is audited (without the date) so the platform can show it refused minors.
    """
    if birth_date is None:
        raise accounts_error(AccountsErrorCode.BIRTH_DATE_REQUIRED, field="birth_date")
    today = local_today()
    if birth_date > today or birth_date < dt.date(1900, 1, 1):
        raise accounts_error(AccountsErrorCode.BIRTH_DATE_INVALID, field="birth_date")
    if age_on(birth_date, today) < MINIMUM_AGE:
        with transaction.atomic():
            record_event(actor, "accounts.seeker_refused_under_age", after={"rule": "MIN-01"})
        raise accounts_error(AccountsErrorCode.UNDER_MINIMUM_AGE, field="birth_date")
    return birth_date


def _check_documents(
    roles: Iterable[str], accepted_ids: Iterable[uuid.UUID]
) -> list[LegalDocument]:
    """The current documents for ``roles``, all of which must be among ``accepted_ids``."""
    kinds = required_document_kinds(roles)
    current = current_documents(kinds)
    if set(current) != set(kinds):
        # A deployment without its agreement or privacy policy must not take sign-ups.
        raise DomainError(
            "legal_document_missing",
            _("Registration is closed until the platform's documents are published."),
            status=503,
        )
    accepted = {str(doc_id) for doc_id in accepted_ids}
    if any(str(document.pk) not in accepted for document in current.values()):
        accepted_kinds = set(
            LegalDocument.objects.filter(pk__in=list(accepted)).values_list("kind", flat=True)
        )
        if set(current) <= accepted_kinds:
            raise accounts_error(AccountsErrorCode.DOCUMENTS_CHANGED)
        raise accounts_error(AccountsErrorCode.DOCUMENTS_NOT_ACCEPTED, field="accept_documents")
    return list(current.values())


def clean_display_name(display_name: str) -> str:
    name = display_name.strip()
    if not 1 <= len(name) <= 40:
        raise accounts_error(AccountsErrorCode.NAME_INVALID, field="display_name")
    return name


def normalise_email(email: str) -> str:
    return email.strip().lower()


def check_new_password(password: str, user: User | None = None) -> None:
    if not password:
        raise accounts_error(AccountsErrorCode.PASSWORD_REQUIRED, field="password")
    try:
        validate_password(password, user)
    except ValidationError as exc:
        message = " ".join(str(m) for m in exc.messages)
        raise DomainError(
            AccountsErrorCode.PASSWORD_WEAK.value, message, fields={"password": message}
        ) from exc


def register(
    *,
    registration_token: str,
    role: str,
    display_name: str,
    accepted_document_ids: Iterable[uuid.UUID],
    birth_date: dt.date | None = None,
    email: str = "",
    password: str = "",
    actor: Actor,
) -> User:
    """Create an account for a phone number verified by SMS.

    Seekers pass the age gate first (under 16 refused, nothing stored); agency staff also
    give a work e-mail and password. The current user agreement and privacy policy (and the
    platform rules for staff) must be accepted; acceptance goes to the consent ledger.
    """
    phone = phone_from_registration_token(registration_token)
    if not can_take_role_self_service(role):
        raise accounts_error(AccountsErrorCode.ROLE_NOT_ALLOWED, field="role")
    name = clean_display_name(display_name)
    if role == Role.SEEKER:
        birth_date = check_birth_date(birth_date, actor=actor)
    else:
        birth_date = None
    email_norm = normalise_email(email) if email else ""
    if role == Role.AGENCY_STAFF:
        if not email_norm:
            raise accounts_error(AccountsErrorCode.EMAIL_REQUIRED, field="email")
        check_new_password(password)
    elif password:
        check_new_password(password)
    documents = _check_documents([role], accepted_document_ids)
    # A number on the abnormal list (FRD-04) may not open an account, not even again after
    # a cancellation freed it (PI-19).
    if listing_for(phone_indexes=phone_index_candidates(phone)) is not None:
        raise accounts_error(AccountsErrorCode.PHONE_LISTED, field="phone")
    try:
        with transaction.atomic():
            if find_user_by_phone(phone) is not None:
                raise accounts_error(AccountsErrorCode.PHONE_REGISTERED, field="phone")
            if email_norm and User.objects.filter(email=email_norm).exists():
                raise accounts_error(AccountsErrorCode.EMAIL_REGISTERED, field="email")
            user = User(
                phone=phone,
                phone_index=phone_index(phone),
                email=email_norm or None,
                display_name=name,
                birth_date=birth_date,
                birth_date_source=BirthDateSource.DECLARED if birth_date else "",
            )
            if password:
                user.set_password(password)
            else:
                user.set_unusable_password()
            user.save()
            RoleGrant.objects.create(user=user, role=role)
            actor = actor.with_user(user)
            record_event(
                actor,
                "accounts.user_registered",
                user,
                after={
                    "phone": mask_phone(phone),
                    "email": mask_email(email_norm) if email_norm else "",
                    "role": role,
                    "birth_date_declared": birth_date is not None,
                },
            )
            record_event(actor, "accounts.role_granted", user, after={"role": role})
            channel = {"api": ConsentChannel.API, "cli": ConsentChannel.CLI}.get(
                actor.channel, ConsentChannel.WEB
            )
            for document in documents:
                grant_document_consent(user, document, actor=actor, channel=channel)
    except IntegrityError as exc:  # a concurrent registration of the same number or e-mail
        raise accounts_error(AccountsErrorCode.PHONE_REGISTERED, field="phone") from exc
    return user


def _lockout_window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.PASSWORD_LOCKOUT_MINUTES)


def sign_in_with_password(email: str, password: str, *, actor: Actor) -> PasswordSignIn:
    """E-mail + password for agency staff, operators and regulators.

    After ``PASSWORD_LOCKOUT_THRESHOLD`` failures within ``PASSWORD_LOCKOUT_MINUTES`` the
    e-mail is locked for the rest of that window, whether or not an account uses it (so the
    lock does not reveal which e-mails are registered). With the SMS second factor on, a
    correct password yields a challenge and a code sent to the account's phone.
    """
    check_ip_failure_limit(actor)
    email_norm = normalise_email(email)
    subject = crypto.blind_index(email_norm, context=EMAIL_INDEX_CONTEXT)
    now = timezone.now()
    recent = list(
        LoginFailure.objects.filter(
            subject_index=subject, method="password", created_at__gte=now - _lockout_window()
        )
        .order_by("created_at")
        .values_list("created_at", flat=True)
    )
    if len(recent) >= settings.PASSWORD_LOCKOUT_THRESHOLD:
        unlock = recent[-settings.PASSWORD_LOCKOUT_THRESHOLD] + _lockout_window()
        raise RateLimited(
            AccountsErrorCode.ACCOUNT_LOCKED.value,
            accounts_error(AccountsErrorCode.ACCOUNT_LOCKED).message,
            retry_after=max(int((unlock - now).total_seconds()), 1),
        )
    user = User.objects.filter(email=email_norm, is_active=True).first() if email_norm else None
    if user is None:
        make_password(password)  # spend the same time as a real check
        valid = False
    else:
        valid = user.check_password(password)
    if not valid:
        record_login_failure(subject, "password", actor=actor, reason="wrong_credentials")
        raise accounts_error(AccountsErrorCode.CREDENTIALS_INVALID, field="password")
    assert user is not None
    ensure_may_log_in(user)  # FRD-02: suspended or closed by the platform
    if user.sms_second_factor and user.phone:
        send_code(user.phone, SmsPurpose.SECOND_FACTOR, actor=actor.with_user(user))
        challenge = signing.dumps({"uid": str(user.pk)}, salt=CHALLENGE_SALT)
        return PasswordSignIn(None, challenge, mask_phone(user.phone))
    return PasswordSignIn(user, None)


def complete_second_factor(challenge: str, code: str, *, actor: Actor) -> User:
    """Finish a password sign-in with the SMS code sent to the account's phone."""
    try:
        data = signing.loads(challenge, salt=CHALLENGE_SALT, max_age=CHALLENGE_MAX_AGE)
    except signing.BadSignature as exc:
        raise accounts_error(AccountsErrorCode.CHALLENGE_INVALID) from exc
    user = User.objects.filter(pk=data["uid"], is_active=True).first()
    if user is None or not user.phone:
        raise accounts_error(AccountsErrorCode.CHALLENGE_INVALID)
    consume_code(user.phone, SmsPurpose.SECOND_FACTOR, code, actor=actor.with_user(user))
    ensure_may_log_in(user)  # FRD-02: suspended or closed by the platform
    return user

"""Granting and revoking roles; staff accounts created by operators."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from rencai.accounts.actions.registration import (
    check_birth_date,
    check_new_password,
    clean_display_name,
    normalise_email,
)
from rencai.accounts.choices import BirthDateSource, Role
from rencai.accounts.errors import AccountsErrorCode, accounts_error
from rencai.accounts.models import RoleGrant, User
from rencai.accounts.permissions import (
    can_grant_role,
    can_manage_roles,
    can_take_role_self_service,
)
from rencai.audit.actions import record_event
from rencai.core.actors import Actor
from rencai.core.masking import mask_email, mask_phone
from rencai.core.phones import normalise_mobile, phone_index


def _grant(user: User, role: str, *, actor: Actor) -> RoleGrant:
    if role not in Role.values:
        raise accounts_error(AccountsErrorCode.ROLE_NOT_ALLOWED, field="role")
    if RoleGrant.objects.filter(user=user, role=role, revoked_at__isnull=True).exists():
        raise accounts_error(AccountsErrorCode.ROLE_ALREADY_HELD, field="role")
    grant = RoleGrant.objects.create(user=user, role=role, granted_by=actor.user)
    record_event(actor, "accounts.role_granted", user, after={"role": role})
    user.forget_roles()
    return grant


def grant_role(target: User, role: str, *, actor: Actor) -> RoleGrant:
    """A security administrator gives ``target`` a role (never an operator role to self)."""
    if actor.user is None or not can_manage_roles(actor.user):
        raise accounts_error(AccountsErrorCode.ROLE_NOT_ALLOWED)
    if not can_grant_role(actor.user, target, role):
        raise accounts_error(AccountsErrorCode.SELF_GRANT)
    with transaction.atomic():
        return _grant(target, role, actor=actor)


def revoke_role(target: User, role: str, *, actor: Actor) -> RoleGrant:
    """A security administrator takes a role away; the grant is kept with ``revoked_at``."""
    if actor.user is None or not can_manage_roles(actor.user):
        raise accounts_error(AccountsErrorCode.ROLE_NOT_ALLOWED)
    with transaction.atomic():
        grant = RoleGrant.objects.filter(user=target, role=role, revoked_at__isnull=True).first()
        if grant is None:
            raise accounts_error(AccountsErrorCode.ROLE_NOT_HELD, field="role")
        grant.revoked_at = timezone.now()
        grant.save(update_fields=["revoked_at"])
        record_event(actor, "accounts.role_revoked", target, after={"role": role})
        target.forget_roles()
    return grant


def take_role(
    user: User,
    role: str,
    *,
    actor: Actor,
    birth_date: dt.date | None = None,
    email: str = "",
    password: str = "",
) -> RoleGrant:
    """A person adds a self-service role to their own account (e.g. a recruiter who also
    looks for work). Becoming a seeker passes the age gate; agency staff need an e-mail and
    password for their sign-in."""
    if not can_take_role_self_service(role):
        raise accounts_error(AccountsErrorCode.ROLE_NOT_ALLOWED, field="role")
    update: list[str] = []
    if role == Role.SEEKER and user.birth_date is None:
        user.birth_date = check_birth_date(birth_date, actor=actor)
        user.birth_date_source = BirthDateSource.DECLARED
        update += ["birth_date", "birth_date_source"]
    elif role == Role.SEEKER:
        check_birth_date(user.birth_date, actor=actor)
    if role == Role.AGENCY_STAFF and not user.has_usable_password():
        if not email:
            raise accounts_error(AccountsErrorCode.EMAIL_REQUIRED, field="email")
        check_new_password(password, user)
        user.email = normalise_email(email)
        user.set_password(password)
        update += ["email", "password"]
    with transaction.atomic():
        if user.email and User.objects.filter(email=user.email).exclude(pk=user.pk).exists():
            raise accounts_error(AccountsErrorCode.EMAIL_REGISTERED, field="email")
        if update:
            user.save(update_fields=update)
        return _grant(user, role, actor=actor)


def create_staff_account(
    *,
    email: str,
    display_name: str,
    password: str,
    roles: list[str],
    phone: str = "",
    actor: Actor,
) -> User:
    """Create an operator, regulator or hall-staff account (command line or security admin).

    Roles are granted by ``actor``; a command run on the server acts as the system.
    """
    email_norm = normalise_email(email)
    if not email_norm:
        raise accounts_error(AccountsErrorCode.EMAIL_REQUIRED, field="email")
    name = clean_display_name(display_name)
    normalised_phone = normalise_mobile(phone) if phone else ""
    for role in roles:
        if role not in Role.values:
            raise accounts_error(AccountsErrorCode.ROLE_NOT_ALLOWED, field="roles")
    with transaction.atomic():
        if User.objects.filter(email=email_norm).exists():
            raise accounts_error(AccountsErrorCode.EMAIL_REGISTERED, field="email")
        user = User(
            email=email_norm,
            display_name=name,
            phone=normalised_phone,
            phone_index=phone_index(normalised_phone) if normalised_phone else None,
        )
        check_new_password(password, user)
        user.set_password(password)
        user.save()
        record_event(
            actor,
            "accounts.staff_account_created",
            user,
            after={
                "email": mask_email(email_norm),
                "phone": mask_phone(normalised_phone) if normalised_phone else "",
            },
        )
        for role in roles:
            _grant(user, role, actor=actor)
    return user

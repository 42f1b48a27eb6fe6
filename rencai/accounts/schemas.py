"""API contract of the accounts app (django-ninja / Pydantic)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from ninja import Schema
from pydantic import Field

from rencai.accounts.models import ApiToken, GuardianLink, User, UserSession
from rencai.accounts.presentation import device_label
from rencai.core.masking import mask_name, mask_phone


class SmsCodeIn(Schema):
    phone: str = Field(..., max_length=32, description="Mainland mobile number")


class SmsCodeOut(Schema):
    masked_phone: str
    resend_after: int = Field(..., description="Seconds before another code may be requested")
    expires_in: int = Field(..., description="Seconds the code stays valid")


class SmsLoginIn(Schema):
    phone: str = Field(..., max_length=32)
    code: str = Field(..., max_length=12)


class MeOut(Schema):
    """The signed-in person's own account. Sensitive values appear masked only."""

    id: uuid.UUID
    display_name: str
    masked_phone: str
    email: str | None
    roles: list[str]
    real_name_status: str
    masked_real_name: str
    masked_id_number: str
    face_verified: bool
    birth_date: dt.date | None
    seeker_standing: str | None
    needs_guardian: bool
    preferred_language: str
    sms_second_factor: bool


class SignInOut(Schema):
    status: Literal["signed_in", "registration_required", "second_factor_required"]
    user: MeOut | None = None
    registration_token: str | None = None
    challenge: str | None = None
    masked_phone: str | None = None


class RegisterIn(Schema):
    registration_token: str = Field(..., max_length=400)
    role: Literal["seeker", "employer_staff", "agency_staff", "hall_applicant"]
    display_name: str = Field(..., max_length=40)
    accept_documents: list[uuid.UUID] = Field(
        ..., description="Ids of the current documents the person accepted"
    )
    birth_date: dt.date | None = Field(None, description="Required for seekers (age gate)")
    email: str = Field("", max_length=254, description="Required for agency staff")
    password: str = Field("", max_length=128, description="Required for agency staff")


class PasswordLoginIn(Schema):
    email: str = Field(..., max_length=254)
    password: str = Field(..., max_length=128)


class SecondFactorIn(Schema):
    challenge: str = Field(..., max_length=400)
    code: str = Field(..., max_length=12)


class ProfileIn(Schema):
    display_name: str | None = Field(None, max_length=40)
    preferred_language: Literal["zh-hans", "en", ""] | None = None
    sms_second_factor: bool | None = None


class TakeRoleIn(Schema):
    role: Literal["seeker", "employer_staff", "agency_staff", "hall_applicant"]
    birth_date: dt.date | None = None
    email: str = Field("", max_length=254)
    password: str = Field("", max_length=128)


class RealNameIn(Schema):
    name: str = Field(..., max_length=30)
    id_number: str = Field(..., max_length=24)


class RealNameOut(Schema):
    status: str
    masked_name: str
    masked_id_number: str
    document_type: str
    verified_at: dt.datetime | None
    face_verified_at: dt.datetime | None
    attempts_today: int


class FaceOut(Schema):
    outcome: str
    score: int


class GuardianIn(Schema):
    guardian_name: str = Field(..., max_length=30)
    guardian_phone: str = Field(..., max_length=32)
    relationship: Literal["father", "mother", "other"]


class GuardianLinkOut(Schema):
    id: uuid.UUID
    masked_guardian_name: str
    masked_guardian_phone: str
    relationship: str
    status: str
    requested_at: dt.datetime
    confirmed_at: dt.datetime | None
    withdrawn_at: dt.datetime | None

    @staticmethod
    def build(link: GuardianLink) -> GuardianLinkOut:
        return GuardianLinkOut(
            id=link.pk,
            masked_guardian_name=mask_name(link.guardian_name),
            masked_guardian_phone=mask_phone(link.guardian_phone),
            relationship=link.relationship,
            status=link.status,
            requested_at=link.created_at,
            confirmed_at=link.confirmed_at,
            withdrawn_at=link.withdrawn_at,
        )


class GuardianStatusOut(Schema):
    required: bool
    standing: str | None
    link: GuardianLinkOut | None


class SessionOut(Schema):
    id: uuid.UUID
    created_at: dt.datetime
    ip: str | None
    device: str
    method: str
    active: bool
    current: bool
    ended_at: dt.datetime | None
    end_reason: str


class TokenIn(Schema):
    name: str = Field(..., max_length=60)
    expires_in_days: int | None = Field(None, ge=1, le=365)


class TokenOut(Schema):
    id: uuid.UUID
    name: str
    prefix: str
    created_at: dt.datetime
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None

    @staticmethod
    def build(token: ApiToken) -> TokenOut:
        return TokenOut(
            id=token.pk,
            name=token.name,
            prefix=token.prefix,
            created_at=token.created_at,
            expires_at=token.expires_at,
            revoked_at=token.revoked_at,
        )


class NewTokenOut(TokenOut):
    token: str = Field(..., description="Shown only once; store it safely")


class LogoutEverywhereOut(Schema):
    ended: int


class GuardianCodeIn(Schema):
    phone: str = Field(..., max_length=32)


class GuardianVerifyIn(Schema):
    phone: str = Field(..., max_length=32)
    code: str = Field(..., max_length=12)


class GuardianRequestOut(Schema):
    id: uuid.UUID
    minor_masked_name: str
    relationship: str
    status: str
    requested_at: dt.datetime


class GuardianVerifyOut(Schema):
    token: str
    links: list[GuardianRequestOut]


class GuardianTokenIn(Schema):
    token: str = Field(..., max_length=400)


class UserAdminOut(Schema):
    id: uuid.UUID
    display_name: str
    masked_phone: str
    email: str | None
    roles: list[str]
    is_active: bool
    date_joined: dt.datetime
    real_name_status: str

    @staticmethod
    def build(user: User) -> UserAdminOut:
        return UserAdminOut(
            id=user.pk,
            display_name=user.display_name,
            masked_phone=user.masked_phone,
            email=user.email,
            roles=sorted(user.role_set),
            is_active=user.is_active,
            date_joined=user.date_joined,
            real_name_status=user.real_name_status,
        )


class RoleIn(Schema):
    role: str = Field(..., max_length=32)


def session_out(session: UserSession, *, active: bool, current_key: str | None) -> SessionOut:
    return SessionOut(
        id=session.pk,
        created_at=session.created_at,
        ip=session.ip,
        device=device_label(session.user_agent),
        method=session.method,
        active=active,
        current=session.session_key == current_key,
        ended_at=session.ended_at,
        end_reason=session.end_reason,
    )

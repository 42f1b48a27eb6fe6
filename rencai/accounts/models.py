"""People, their roles, sign-in credentials, sessions, real-name checks and guardians."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rencai.accounts.choices import (
    BirthDateSource,
    CheckOutcome,
    FaceOutcome,
    GuardianRelationship,
    GuardianStatus,
    RealNameStatus,
    Role,
    SessionEndReason,
    SmsPurpose,
)
from rencai.core.fields import EncryptedTextField
from rencai.core.masking import mask_id_number, mask_name, mask_phone
from rencai.core.models import BaseModel


class UserManager(BaseUserManager["User"]):
    """Users are created by ``rencai.accounts.actions`` only; this manager adds no shortcuts."""

    use_in_migrations = True


class User(AbstractBaseUser):
    """A natural person with an account.

    Seekers and employer staff sign in with a mainland mobile number and an SMS code;
    agency staff, operators and regulators with e-mail and password. The phone number, real
    name and ID number are stored encrypted (IDV-01) with blind indexes for exact lookup.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    phone = EncryptedTextField(
        _("mobile number"), blank=True, blind_index_field="phone_index", blind_index_context="phone"
    )
    phone_index = models.CharField(max_length=64, unique=True, null=True, blank=True)
    email = models.EmailField(_("e-mail"), unique=True, null=True, blank=True)
    display_name = models.CharField(_("display name"), max_length=40)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    preferred_language = models.CharField(_("language"), max_length=10, blank=True)

    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    birth_date_source = models.CharField(
        _("birth date source"), max_length=16, choices=BirthDateSource.choices, blank=True
    )

    real_name_status = models.CharField(
        _("real-name status"),
        max_length=16,
        choices=RealNameStatus.choices,
        default=RealNameStatus.UNVERIFIED,
    )
    real_name = EncryptedTextField(_("real name"), blank=True)
    id_number = EncryptedTextField(
        _("ID number"),
        blank=True,
        blind_index_field="id_number_index",
        blind_index_context="id_number",
    )
    id_number_index = models.CharField(max_length=64, unique=True, null=True, blank=True)
    id_document_type = models.CharField(_("ID document type"), max_length=32, blank=True)
    real_name_verified_at = models.DateTimeField(_("real name verified at"), null=True, blank=True)
    face_verified_at = models.DateTimeField(_("face verified at"), null=True, blank=True)

    sms_second_factor = models.BooleanField(_("SMS second factor"), default=False)

    # Account cancellation (PI-19): sign-in stops at ``cancelled_at``; the erasure task sets
    # ``erased_at`` once personal data is deleted or anonymised (RET-06).
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)
    # Deceased users (PI-17): recorded when a relative's request proves the death.
    deceased_at = models.DateTimeField(_("recorded as deceased at"), null=True, blank=True)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "id"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ("-date_joined",)
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or str(self.pk)

    # Roles are loaded once per request object; actions that change roles reset the cache.
    @property
    def role_set(self) -> frozenset[str]:
        cached: frozenset[str] | None = getattr(self, "_role_cache", None)
        if cached is None:
            if "role_grants" in getattr(self, "_prefetched_objects_cache", {}):
                grants = self.role_grants.all()
                cached = frozenset(g.role for g in grants if g.revoked_at is None)
            else:
                cached = frozenset(
                    self.role_grants.filter(revoked_at__isnull=True).values_list("role", flat=True)
                )
            self._role_cache = cached
        return cached

    def forget_roles(self) -> None:
        """Drop the cached role set after a grant or revocation."""
        self.__dict__.pop("_role_cache", None)

    def has_role(self, *roles: str) -> bool:
        return any(role in self.role_set for role in roles)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone) if self.phone else ""

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number) if self.id_number else ""

    @property
    def masked_real_name(self) -> str:
        return mask_name(self.real_name) if self.real_name else ""

    @property
    def is_real_name_verified(self) -> bool:
        return self.real_name_status == RealNameStatus.VERIFIED


class RoleGrant(BaseModel):
    """A role a user holds (or held: ``revoked_at`` set). Every change is audited."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    granted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ("role",)
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(revoked_at__isnull=True),
                name="accounts_one_active_grant_per_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.role}"


class SmsCode(BaseModel):
    """A one-time code sent by SMS. Only its HMAC is stored; it is single use, expires after
    ``SMS_CODE_TTL_SECONDS`` and dies after ``MAX_CODE_ATTEMPTS`` wrong guesses."""

    phone_index = models.CharField(max_length=64, db_index=True)
    purpose = models.CharField(max_length=16, choices=SmsPurpose.choices)
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    consumed_at = models.DateTimeField(null=True, blank=True)
    requester_ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("SMS code")
        verbose_name_plural = _("SMS codes")
        indexes = [
            models.Index(fields=["phone_index", "purpose", "created_at"]),
            models.Index(fields=["requester_ip", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} code {self.pk}"


class UserSession(BaseModel):
    """A sign-in: one browser session, with where it came from, until it ends."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sessions")
    session_key = models.CharField(max_length=40, unique=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=400, blank=True)
    method = models.CharField(_("sign-in method"), max_length=32)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=32, choices=SessionEndReason.choices, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return f"session of {self.user_id} from {self.created_at:%Y-%m-%d %H:%M}"


class ApiToken(BaseModel):
    """A bearer token for programmatic access, shown once, stored as a SHA-256 hash."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=60)
    prefix = models.CharField(max_length=12, unique=True)
    token_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()


class LoginFailure(BaseModel):
    """A failed sign-in step, kept for lockout and per-IP limits (and the audit trail).

    ``subject_index`` is a blind index of the phone number or e-mail tried, whether or not
    an account exists for it, so limits do not reveal which identifiers are registered.
    """

    subject_index = models.CharField(max_length=64, db_index=True)
    method = models.CharField(max_length=32)
    ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("failed sign-in")
        verbose_name_plural = _("failed sign-ins")

    def __str__(self) -> str:
        return f"{self.method} failure at {self.created_at:%Y-%m-%d %H:%M:%S}"


class RealNameCheck(BaseModel):
    """One real-name verification attempt and its outcome (the number itself is not kept
    here; a blind index allows finding repeated attempts with the same number)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="real_name_checks")
    outcome = models.CharField(max_length=16, choices=CheckOutcome.choices)
    provider = models.CharField(max_length=32)
    provider_reference = models.CharField(max_length=80, blank=True)
    id_number_index = models.CharField(max_length=64, db_index=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("real-name check")
        verbose_name_plural = _("real-name checks")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.outcome}"


class FaceCheck(BaseModel):
    """One face-verification attempt: the vendor result and the image's SHA-256, never the
    image (SEC-02)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="face_checks")
    outcome = models.CharField(max_length=16, choices=FaceOutcome.choices)
    score = models.PositiveSmallIntegerField(default=0)
    provider = models.CharField(max_length=32)
    provider_reference = models.CharField(max_length=80, blank=True)
    image_sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("face check")
        verbose_name_plural = _("face checks")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.outcome}"


class GuardianLink(BaseModel):
    """A 16–17-year-old seeker's guardian, who confirms (and may withdraw) by SMS (MIN-02)."""

    minor = models.ForeignKey(User, on_delete=models.CASCADE, related_name="guardian_links")
    guardian_name = EncryptedTextField(_("guardian's name"))
    guardian_phone = EncryptedTextField(
        _("guardian's mobile"),
        blind_index_field="guardian_phone_index",
        blind_index_context="phone",
    )
    guardian_phone_index = models.CharField(max_length=64, db_index=True)
    relationship = models.CharField(
        _("relationship"), max_length=16, choices=GuardianRelationship.choices
    )
    status = models.CharField(
        _("status"), max_length=16, choices=GuardianStatus.choices, default=GuardianStatus.PENDING
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("guardian link")
        verbose_name_plural = _("guardian links")
        constraints = [
            models.UniqueConstraint(
                fields=["minor"],
                condition=Q(status__in=["pending", "confirmed"]),
                name="accounts_one_open_guardian_link",
            )
        ]

    def __str__(self) -> str:
        return f"guardian of {self.minor_id}: {self.status}"

    def audit_view(self) -> dict[str, Any]:
        """Masked fields for audit rows."""
        return {
            "guardian_name": mask_name(self.guardian_name),
            "guardian_phone": mask_phone(self.guardian_phone),
            "relationship": self.relationship,
            "status": self.status,
        }

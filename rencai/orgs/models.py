"""Organisations (employers, agencies, public employment services), their verification file,
staff membership and invitations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rencai.core.fields import EncryptedTextField
from rencai.core.models import BaseModel
from rencai.files.models import StoredFile
from rencai.orgs.choices import (
    AccountClass,
    AuthorityMethod,
    CheckKind,
    CheckResult,
    DocumentKind,
    InvitationStatus,
    JoinRequestStatus,
    MemberRole,
    MembershipEndReason,
    MembershipStatus,
    OrgSize,
    OrgStatus,
    RequestKind,
    RequestStatus,
)


class Organisation(BaseModel):
    """A recruiting unit identified by its USCC. Registered details (name, legal
    representative, address, class, licence) change only through review once verified;
    profile details (industry, size, introduction, logo, locations) are edited directly."""

    legal_name = models.CharField(_("legal name"), max_length=100)
    uscc = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    legal_representative = models.CharField(_("legal representative"), max_length=50)
    legal_rep_id_index = models.CharField(max_length=64, blank=True, db_index=True)
    registered_address = models.CharField(_("registered address"), max_length=200)
    account_class = models.CharField(
        _("account class"), max_length=16, choices=AccountClass.choices
    )
    industry = models.CharField(_("industry"), max_length=4, blank=True)
    size = models.CharField(_("size"), max_length=12, choices=OrgSize.choices, blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        StoredFile, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=OrgStatus.choices, default=OrgStatus.DRAFT
    )
    authority_method = models.CharField(
        _("authority proof"), max_length=12, choices=AuthorityMethod.choices, blank=True
    )
    first_verified_at = models.DateTimeField(_("first verified at"), null=True, blank=True)
    last_verified_at = models.DateTimeField(_("last verified at"), null=True, blank=True)
    reverification_due_at = models.DateTimeField(
        _("re-verification due at"), null=True, blank=True, db_index=True
    )
    reverification_required = models.BooleanField(_("re-verification required"), default=False)
    display_suspended = models.BooleanField(
        _("suspended for outdated displayed details"), default=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ("legal_name",)
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.legal_name

    @property
    def is_agency(self) -> bool:
        return self.account_class == AccountClass.AGENCY

    @property
    def is_verified(self) -> bool:
        return self.status == OrgStatus.VERIFIED


class OrgLocation(BaseModel):
    """An office: administrative-division code (GB/T 2260) and street address."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="locations"
    )
    division = models.CharField(_("division code"), max_length=6, db_index=True)
    address = models.CharField(_("address"), max_length=200)
    is_headquarters = models.BooleanField(_("headquarters"), default=False)

    class Meta:
        ordering = ("-is_headquarters", "created_at")
        verbose_name = _("office location")
        verbose_name_plural = _("office locations")

    def __str__(self) -> str:
        return f"{self.division} {self.address}"


class AgencyLicence(BaseModel):
    """The HR service licence and supervisor an agency must show (VER-06, LIC-07)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="agency_licence"
    )
    number = models.CharField(_("licence number"), max_length=60)
    issuing_authority = models.CharField(_("issuing authority"), max_length=100)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    scope = models.TextField(_("licensed scope"))
    supervisor_name = models.CharField(_("supervisory authority"), max_length=100)
    supervisor_phone = models.CharField(_("supervisory authority's phone"), max_length=30)

    class Meta:
        verbose_name = _("HR service licence")
        verbose_name_plural = _("HR service licences")

    def __str__(self) -> str:
        return self.number


class AgencyService(BaseModel):
    """A service an agency offers and its fee standard, shown publicly (LIC-07)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="services"
    )
    name = models.CharField(_("service"), max_length=100)
    description = models.CharField(_("description"), max_length=300, blank=True)
    is_free = models.BooleanField(_("free of charge"), default=False)
    fee_standard = models.CharField(_("fee standard"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("position", "created_at")
        verbose_name = _("agency service")
        verbose_name_plural = _("agency services")

    def __str__(self) -> str:
        return self.name


class OrgDocument(BaseModel):
    """An uploaded piece of evidence. Never deleted: a newer upload of the same kind
    supersedes it, and requests keep pointing at the versions they were decided on."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=DocumentKind.choices)
    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("organisation document")
        verbose_name_plural = _("organisation documents")

    def __str__(self) -> str:
        return f"{self.kind} {self.created_at:%Y-%m-%d}"


class VerificationRequest(BaseModel):
    """One entry of the registration file (登记档案): what was submitted (an immutable
    snapshot and the documents), by whom, and the reviewer's decision."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="verification_requests"
    )
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=16, choices=RequestKind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    contact = models.ForeignKey(
        "Membership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    snapshot = models.JSONField(_("submitted details"))
    documents = models.ManyToManyField(OrgDocument, related_name="requests")
    authority_method = models.CharField(
        _("authority proof"), max_length=12, choices=AuthorityMethod.choices
    )
    authority_detail = models.JSONField(_("authority proof details"), default=dict)
    submitted_at = models.DateTimeField(_("submitted at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reasons = models.JSONField(_("reasons"), default=list)
    note = models.TextField(_("reviewer's note"), blank=True)

    class Meta:
        ordering = ("-submitted_at",)
        verbose_name = _("verification request")
        verbose_name_plural = _("verification requests")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="orgs_request_number_unique"
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status="pending"),
                name="orgs_one_open_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} #{self.number} {self.kind} {self.status}"

    @property
    def is_open(self) -> bool:
        """Only a pending request is open; asking for more material closes it and the
        applicant submits a new version."""
        return self.status == RequestStatus.PENDING


class IndependentCheck(BaseModel):
    """A reviewer's check through a channel independent of the applicant (VER-04).

    Typed by ``kind``: a registry lookup records the name and status the registry shows;
    an e-mail domain check the domain; a micro-deposit the bank, account tail and amount."""

    request = models.ForeignKey(
        VerificationRequest, on_delete=models.PROTECT, related_name="checks"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CheckKind.choices)
    result = models.CharField(_("result"), max_length=16, choices=CheckResult.choices)
    registry_name = models.CharField(_("name in the registry"), max_length=100, blank=True)
    registry_status = models.CharField(_("status in the registry"), max_length=40, blank=True)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    email_domain = models.CharField(_("e-mail domain"), max_length=100, blank=True)
    bank_name = models.CharField(_("bank"), max_length=60, blank=True)
    account_last4 = models.CharField(_("account ends in"), max_length=4, blank=True)
    amount_fen = models.PositiveIntegerField(_("amount (fen)"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ("created_at",)
        verbose_name = _("independent check")
        verbose_name_plural = _("independent checks")

    def __str__(self) -> str:
        return f"{self.kind}: {self.result}"


class EmailChallenge(BaseModel):
    """A code sent to an address at the company's domain to prove the sender works there."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="email_challenges"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    email = EncryptedTextField(_("e-mail"))
    domain = models.CharField(_("domain"), max_length=100)
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("e-mail domain challenge")
        verbose_name_plural = _("e-mail domain challenges")

    def __str__(self) -> str:
        return f"{self.domain} {'verified' if self.verified_at else 'open'}"


class Membership(BaseModel):
    """A person's staff role in an organisation. One active membership per person."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=12, choices=MemberRole.choices)
    title = models.CharField(_("job title"), max_length=40, blank=True)
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=MembershipStatus.choices,
        default=MembershipStatus.ACTIVE,
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_reason = models.CharField(
        _("end reason"), max_length=12, choices=MembershipEndReason.choices, blank=True
    )
    successor = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("created_at",)
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status="active"),
                name="orgs_one_active_membership",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.organisation_id} ({self.role})"

    @property
    def is_active(self) -> bool:
        return self.status == MembershipStatus.ACTIVE

    @property
    def is_admin(self) -> bool:
        return self.is_active and self.role == MemberRole.ADMIN


class Invitation(BaseModel):
    """An administrator invites a phone number; the person accepts after signing in with it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    phone = EncryptedTextField(
        _("phone"), blind_index_field="phone_index", blind_index_context="phone"
    )
    phone_index = models.CharField(max_length=64, db_index=True)
    role = models.CharField(_("role"), max_length=12, choices=MemberRole.choices)
    invited_by = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="invitations_sent"
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=InvitationStatus.choices,
        default=InvitationStatus.PENDING,
    )
    expires_at = models.DateTimeField(_("expires at"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.role} {self.status}"


class JoinRequest(BaseModel):
    """Someone whose company is already registered asks its administrators to let them in."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="join_requests"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    message = models.CharField(_("message"), max_length=300, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=JoinRequestStatus.choices,
        default=JoinRequestStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(status="pending"),
                name="orgs_one_pending_join_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.organisation_id} ({self.status})"


class DisplayNotice(BaseModel):
    """A notice that displayed qualification data is outdated (VER-07): update within 10
    working days or posting is suspended and the account page shows a warning."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="display_notices"
    )
    reason = models.CharField(_("what must be updated"), max_length=300)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    deadline = models.DateField(_("deadline"))
    deadline_provisional = models.BooleanField(default=False)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    lapsed_at = models.DateTimeField(_("lapsed at"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("display notice")
        verbose_name_plural = _("display notices")

    def __str__(self) -> str:
        return f"{self.organisation_id} by {self.deadline}"


class Handover(BaseModel):
    """What a departing member's work was handed to (Seed-000: nothing is orphaned)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="handovers"
    )
    departing = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    successor = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    counts = models.JSONField(_("items handed over"), default=dict)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("hand-over")
        verbose_name_plural = _("hand-overs")

    def __str__(self) -> str:
        return f"{self.departing_id} → {self.successor_id}"

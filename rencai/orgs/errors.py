"""Error codes of the orgs app (stable: API clients and tests rely on them)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rencai.core.errors import DomainError, PermissionDenied


class OrgErrorCode(StrEnum):
    USCC_TAKEN = "uscc_taken"
    ALREADY_MEMBER = "already_member"
    ROLE_REQUIRED = "org_role_required"
    IDENTITY_REQUIRED = "identity_required"
    NOT_EDITABLE = "org_not_editable"
    NAME_INVALID = "org_name_invalid"
    TEXT_TOO_LONG = "text_too_long"
    LOCATIONS_INVALID = "locations_invalid"
    HEADQUARTERS_REQUIRED = "headquarters_required"
    DOCUMENT_MISSING = "document_missing"
    AGENCY_LICENCE_MISSING = "agency_licence_missing"
    AGENCY_LICENCE_DATES = "agency_licence_dates"
    AGENCY_LICENCE_EXPIRED = "agency_licence_expired"
    SERVICES_MISSING = "services_missing"
    FEE_MISSING = "fee_missing"
    NOT_AGENCY = "not_agency"
    AUTHORITY_UNPROVEN = "authority_unproven"
    LEGAL_REP_MISMATCH = "legal_rep_mismatch"
    EMAIL_PUBLIC_DOMAIN = "email_public_domain"
    EMAIL_DOMAIN_MISMATCH = "email_domain_mismatch"
    EMAIL_CODE_INVALID = "email_code_invalid"
    EMAIL_TOO_MANY = "email_too_many"
    REQUEST_OPEN = "verification_request_open"
    REQUEST_STATE = "verification_request_state"
    NOT_REVIEWABLE = "not_reviewable"
    REASONS_REQUIRED = "reasons_required"
    NOTE_REQUIRED = "note_required"
    CHECK_REQUIRED = "independent_check_required"
    CHECK_FIELDS = "check_fields_invalid"
    SELF_REVIEW = "self_review_forbidden"
    NO_CHANGES = "no_changes"
    INVITATION_STATE = "invitation_state"
    INVITATION_PENDING = "invitation_pending"
    INVITATION_TOO_MANY = "invitation_too_many"
    JOIN_STATE = "join_request_state"
    SUCCESSOR_REQUIRED = "successor_required"
    SUCCESSOR_INVALID = "successor_invalid"
    MEMBER_STATE = "member_state"
    LAST_ADMIN = "last_admin"
    NOT_REVERIFIABLE = "not_reverifiable"
    NOTICE_STATE = "display_notice_state"
    NOT_VERIFIED = "org_not_verified"
    CHOICE_INVALID = "choice_invalid"
    WEBSITE_INVALID = "website_invalid"
    REGISTRY_NAME_MISMATCH = "registry_name_mismatch"


MESSAGES: dict[OrgErrorCode, Promise] = {
    OrgErrorCode.USCC_TAKEN: _(
        "An organisation with this credit code is already registered. You can ask its "
        "administrators to let you join instead."
    ),
    OrgErrorCode.ALREADY_MEMBER: _(
        "You already belong to an organisation. Leave it before creating or joining another."
    ),
    OrgErrorCode.ROLE_REQUIRED: _(
        "Only employer recruiters and HR agency staff can register an organisation."
    ),
    OrgErrorCode.IDENTITY_REQUIRED: _(
        "Verify your real name first: the platform must know who acts for the organisation."
    ),
    OrgErrorCode.NOT_EDITABLE: _("These details cannot be changed while the review is open."),
    OrgErrorCode.NAME_INVALID: _(
        "Enter the full legal name exactly as on the business licence (2 to 100 characters)."
    ),
    OrgErrorCode.TEXT_TOO_LONG: _("This text is too long."),
    OrgErrorCode.LOCATIONS_INVALID: _(
        "Check the office locations: each needs a district and an address."
    ),
    OrgErrorCode.HEADQUARTERS_REQUIRED: _("Mark exactly one office as the headquarters."),
    OrgErrorCode.DOCUMENT_MISSING: _("Upload the required document first."),
    OrgErrorCode.AGENCY_LICENCE_MISSING: _(
        "HR service agencies must give their HR service licence (number, authority, dates, "
        "scope and an image)."
    ),
    OrgErrorCode.AGENCY_LICENCE_DATES: _("The licence must end after it starts."),
    OrgErrorCode.AGENCY_LICENCE_EXPIRED: _("This HR service licence has expired."),
    OrgErrorCode.SERVICES_MISSING: _("List at least one service with its fee standard."),
    OrgErrorCode.FEE_MISSING: _("Give the fee standard of every paid service."),
    OrgErrorCode.NOT_AGENCY: _("Only HR service agencies have a licence and fee list."),
    OrgErrorCode.AUTHORITY_UNPROVEN: _(
        "Prove that you may act for the organisation: upload an authorisation letter, confirm "
        "a company e-mail address, or confirm you are the legal representative."
    ),
    OrgErrorCode.LEGAL_REP_MISMATCH: _(
        "Your verified real name does not match the legal representative's name, or the ID "
        "number given for the legal representative is not yours."
    ),
    OrgErrorCode.EMAIL_PUBLIC_DOMAIN: _(
        "Use an address at your company's own domain, not a public mailbox."
    ),
    OrgErrorCode.EMAIL_DOMAIN_MISMATCH: _(
        "The address must be at the domain of the company's website."
    ),
    OrgErrorCode.EMAIL_CODE_INVALID: _("The e-mail code is wrong or has expired."),
    OrgErrorCode.EMAIL_TOO_MANY: _("Too many e-mail codes today. Try again tomorrow."),
    OrgErrorCode.REQUEST_OPEN: _("A verification request is already waiting for review."),
    OrgErrorCode.REQUEST_STATE: _("This request is not in a state that allows this."),
    OrgErrorCode.NOT_REVIEWABLE: _("This request has already been decided."),
    OrgErrorCode.REASONS_REQUIRED: _("Choose at least one reason."),
    OrgErrorCode.NOTE_REQUIRED: _("Explain in the note what is missing or wrong."),
    OrgErrorCode.CHECK_REQUIRED: _(
        "Record at least one independent check that confirms the details before approving."
    ),
    OrgErrorCode.CHECK_FIELDS: _("Fill in the fields this kind of check needs."),
    OrgErrorCode.SELF_REVIEW: _("You cannot review an organisation you belong to."),
    OrgErrorCode.NO_CHANGES: _("Nothing was changed."),
    OrgErrorCode.INVITATION_STATE: _("This invitation is no longer open."),
    OrgErrorCode.INVITATION_PENDING: _("This number already has an open invitation."),
    OrgErrorCode.INVITATION_TOO_MANY: _("Too many open invitations. Revoke some first."),
    OrgErrorCode.JOIN_STATE: _("This request is no longer open."),
    OrgErrorCode.SUCCESSOR_REQUIRED: _(
        "Choose a colleague to take over this person's work, so nothing is left without an owner."
    ),
    OrgErrorCode.SUCCESSOR_INVALID: _(
        "The successor must be another active member of the same organisation."
    ),
    OrgErrorCode.MEMBER_STATE: _("This person is no longer a member."),
    OrgErrorCode.LAST_ADMIN: _("The organisation needs at least one administrator."),
    OrgErrorCode.NOT_REVERIFIABLE: _("Only verified organisations can be re-verified."),
    OrgErrorCode.NOTICE_STATE: _("This notice is already closed."),
    OrgErrorCode.NOT_VERIFIED: _("This organisation is not verified."),
    OrgErrorCode.CHOICE_INVALID: _("Choose one of the options."),
    OrgErrorCode.WEBSITE_INVALID: _("Enter a full web address starting with http:// or https://."),
    OrgErrorCode.REGISTRY_NAME_MISMATCH: _(
        "The name found in the registry differs from the submitted legal name (VER-03): ask "
        "for the correct name or reject."
    ),
}

_CONFLICTS = frozenset(
    {
        OrgErrorCode.USCC_TAKEN,
        OrgErrorCode.ALREADY_MEMBER,
        OrgErrorCode.REQUEST_OPEN,
        OrgErrorCode.INVITATION_PENDING,
    }
)
_FORBIDDEN = frozenset(
    {OrgErrorCode.ROLE_REQUIRED, OrgErrorCode.IDENTITY_REQUIRED, OrgErrorCode.SELF_REVIEW}
)


def org_error(
    code: OrgErrorCode, *, field: str = "", extra: dict[str, Any] | None = None
) -> DomainError:
    """The domain error for ``code``; ``field`` attaches the message to a form field."""
    message = MESSAGES[code]
    fields = {field: message} if field else None
    if code in _FORBIDDEN:
        return PermissionDenied(code, message, fields=fields, extra=extra)
    status = 409 if code in _CONFLICTS else 400
    return DomainError(code, message, fields=fields, status=status, extra=extra)

"""Error codes of the accounts app (stable: API clients and tests rely on them)."""

from __future__ import annotations

from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rencai.core.errors import DomainError, PermissionDenied


class AccountsErrorCode(StrEnum):
    CODE_INVALID = "code_invalid"
    SMS_TOO_SOON = "sms_too_soon"
    SMS_DAILY_LIMIT = "sms_daily_limit"
    SMS_IP_LIMIT = "sms_ip_limit"
    SMS_UNAVAILABLE = "sms_unavailable"
    LOGIN_IP_LIMIT = "login_ip_limit"
    CREDENTIALS_INVALID = "credentials_invalid"
    ACCOUNT_LOCKED = "account_locked"
    TOKEN_INVALID = "registration_token_invalid"
    CHALLENGE_INVALID = "challenge_invalid"
    PHONE_REGISTERED = "phone_registered"
    EMAIL_REGISTERED = "email_registered"
    ROLE_NOT_ALLOWED = "role_not_allowed"
    ROLE_ALREADY_HELD = "role_already_held"
    ROLE_NOT_HELD = "role_not_held"
    BIRTH_DATE_REQUIRED = "birth_date_required"
    BIRTH_DATE_INVALID = "birth_date_invalid"
    UNDER_MINIMUM_AGE = "under_minimum_age"
    DOCUMENTS_NOT_ACCEPTED = "documents_not_accepted"
    DOCUMENTS_CHANGED = "documents_changed"
    PASSWORD_REQUIRED = "password_required"
    PASSWORD_WEAK = "password_weak"
    EMAIL_REQUIRED = "email_required"
    GUARDIAN_NOT_NEEDED = "guardian_not_needed"
    GUARDIAN_ALREADY_OPEN = "guardian_already_open"
    GUARDIAN_SAME_PHONE = "guardian_same_phone"
    GUARDIAN_LINK_STATE = "guardian_link_state"
    GUARDIAN_TOKEN_INVALID = "guardian_token_invalid"
    REAL_NAME_ALREADY_VERIFIED = "real_name_already_verified"
    REAL_NAME_MISMATCH = "real_name_mismatch"
    REAL_NAME_NOT_FOUND = "real_name_not_found"
    REAL_NAME_UNAVAILABLE = "real_name_unavailable"
    REAL_NAME_TOO_MANY = "real_name_too_many"
    ID_NUMBER_IN_USE = "id_number_in_use"
    REAL_NAME_REQUIRED = "real_name_required"
    FACE_NOT_MATCHED = "face_not_matched"
    FACE_INVALID_IMAGE = "face_invalid_image"
    FACE_UNAVAILABLE = "face_unavailable"
    SESSION_NOT_FOUND = "session_not_found"
    TOKEN_NOT_FOUND = "token_not_found"
    IDENTITY_REQUIRED = "identity_required"
    SELF_GRANT = "self_grant_forbidden"
    NAME_INVALID = "name_invalid"
    REAUTH_REQUIRED = "reauth_required"
    REAUTH_UNAVAILABLE = "reauth_unavailable"
    ACCOUNT_CANCELLED = "account_cancelled"
    PHONE_LISTED = "phone_abnormal_listed"


MESSAGES: dict[AccountsErrorCode, Promise] = {
    AccountsErrorCode.CODE_INVALID: _("The verification code is wrong or has expired."),
    AccountsErrorCode.SMS_TOO_SOON: _("Please wait a minute before requesting another code."),
    AccountsErrorCode.SMS_DAILY_LIMIT: _(
        "This number has received the maximum number of codes for today. Please try tomorrow."
    ),
    AccountsErrorCode.SMS_IP_LIMIT: _("Too many codes requested from your network. Try later."),
    AccountsErrorCode.SMS_UNAVAILABLE: _("The text message could not be sent. Please try again."),
    AccountsErrorCode.LOGIN_IP_LIMIT: _("Too many failed attempts from your network. Try later."),
    AccountsErrorCode.CREDENTIALS_INVALID: _("The e-mail address or password is wrong."),
    AccountsErrorCode.ACCOUNT_LOCKED: _(
        "Too many failed attempts. Sign-in is paused for this account; please try again later."
    ),
    AccountsErrorCode.TOKEN_INVALID: _(
        "Your phone verification has expired. Please verify your number again."
    ),
    AccountsErrorCode.CHALLENGE_INVALID: _("The sign-in step has expired. Please start again."),
    AccountsErrorCode.PHONE_REGISTERED: _("An account already exists for this number."),
    AccountsErrorCode.EMAIL_REGISTERED: _("An account already uses this e-mail address."),
    AccountsErrorCode.ROLE_NOT_ALLOWED: _("You cannot take on this role."),
    AccountsErrorCode.ROLE_ALREADY_HELD: _("The account already has this role."),
    AccountsErrorCode.ROLE_NOT_HELD: _("The account does not have this role."),
    AccountsErrorCode.BIRTH_DATE_REQUIRED: _("Please enter your date of birth."),
    AccountsErrorCode.BIRTH_DATE_INVALID: _("Please enter a real date of birth."),
    AccountsErrorCode.UNDER_MINIMUM_AGE: _(
        "Job seekers must be at least 16 years old. The law does not allow us to introduce "
        "work to anyone younger, so we cannot create this account."
    ),
    AccountsErrorCode.DOCUMENTS_NOT_ACCEPTED: _(
        "Please read and accept the user agreement and the privacy policy."
    ),
    AccountsErrorCode.DOCUMENTS_CHANGED: _(
        "The documents were updated while you were reading. Please review the new versions."
    ),
    AccountsErrorCode.PASSWORD_REQUIRED: _("Please choose a password."),
    AccountsErrorCode.PASSWORD_WEAK: _("Please choose a stronger password."),
    AccountsErrorCode.EMAIL_REQUIRED: _("Please enter your work e-mail address."),
    AccountsErrorCode.GUARDIAN_NOT_NEEDED: _("Only job seekers aged 16 or 17 need a guardian."),
    AccountsErrorCode.GUARDIAN_ALREADY_OPEN: _(
        "A guardian request is already open. Cancel it before asking someone else."
    ),
    AccountsErrorCode.GUARDIAN_SAME_PHONE: _("Your guardian must confirm with their own phone."),
    AccountsErrorCode.GUARDIAN_LINK_STATE: _("This guardian request cannot be changed any more."),
    AccountsErrorCode.GUARDIAN_TOKEN_INVALID: _(
        "Your phone verification has expired. Please verify your number again."
    ),
    AccountsErrorCode.REAL_NAME_ALREADY_VERIFIED: _("Your real name is already verified."),
    AccountsErrorCode.REAL_NAME_MISMATCH: _(
        "The name and ID number do not match. Please check both and try again."
    ),
    AccountsErrorCode.REAL_NAME_NOT_FOUND: _(
        "This ID number could not be found. Please check it and try again."
    ),
    AccountsErrorCode.REAL_NAME_UNAVAILABLE: _(
        "The verification service is not available right now. Please try again later."
    ),
    AccountsErrorCode.REAL_NAME_TOO_MANY: _(
        "You have tried too many times today. Please try again tomorrow."
    ),
    AccountsErrorCode.ID_NUMBER_IN_USE: _(
        "This ID number is already verified on another account. If it is yours, please "
        "contact customer service."
    ),
    AccountsErrorCode.REAL_NAME_REQUIRED: _("Please verify your real name first."),
    AccountsErrorCode.FACE_NOT_MATCHED: _("The photo did not match. Please try again."),
    AccountsErrorCode.FACE_INVALID_IMAGE: _("Please upload a clear JPEG or PNG photo."),
    AccountsErrorCode.FACE_UNAVAILABLE: _(
        "The face verification service is not available right now. Please try again later."
    ),
    AccountsErrorCode.SESSION_NOT_FOUND: _("This session does not exist or has ended."),
    AccountsErrorCode.TOKEN_NOT_FOUND: _("This token does not exist or was revoked."),
    AccountsErrorCode.IDENTITY_REQUIRED: _("Please verify your identity to use this function."),
    AccountsErrorCode.SELF_GRANT: _("Operator roles must be granted by another administrator."),
    AccountsErrorCode.NAME_INVALID: _("Please enter a name of 1 to 40 characters."),
    AccountsErrorCode.REAUTH_REQUIRED: _(
        "For your safety, please confirm it is you with a text-message code first."
    ),
    AccountsErrorCode.REAUTH_UNAVAILABLE: _(
        "This account has no mobile number to confirm it is you. Please contact customer service."
    ),
    AccountsErrorCode.ACCOUNT_CANCELLED: _(
        "This account has been cancelled and can no longer sign in. Its data is being deleted; "
        "you can register again with this number afterwards."
    ),
    AccountsErrorCode.PHONE_LISTED: _(
        "This mobile number is on the platform's abnormal list and cannot be used to register. "
        "Contact customer service if you believe this is a mistake."
    ),
}

_STATUS = {
    AccountsErrorCode.REAL_NAME_UNAVAILABLE: 503,
    AccountsErrorCode.FACE_UNAVAILABLE: 503,
    AccountsErrorCode.SMS_UNAVAILABLE: 503,
    AccountsErrorCode.SESSION_NOT_FOUND: 404,
    AccountsErrorCode.TOKEN_NOT_FOUND: 404,
    AccountsErrorCode.PHONE_REGISTERED: 409,
    AccountsErrorCode.EMAIL_REGISTERED: 409,
    AccountsErrorCode.ID_NUMBER_IN_USE: 409,
    AccountsErrorCode.ACCOUNT_LOCKED: 429,
    AccountsErrorCode.LOGIN_IP_LIMIT: 429,
    AccountsErrorCode.REAL_NAME_TOO_MANY: 429,
    AccountsErrorCode.CREDENTIALS_INVALID: 401,
    AccountsErrorCode.UNDER_MINIMUM_AGE: 403,
    AccountsErrorCode.IDENTITY_REQUIRED: 403,
    AccountsErrorCode.ROLE_NOT_ALLOWED: 403,
    AccountsErrorCode.SELF_GRANT: 403,
    AccountsErrorCode.REAUTH_REQUIRED: 403,
    AccountsErrorCode.REAUTH_UNAVAILABLE: 409,
    AccountsErrorCode.ACCOUNT_CANCELLED: 403,
    AccountsErrorCode.PHONE_LISTED: 403,
}


def accounts_error(code: AccountsErrorCode, *, field: str | None = None) -> DomainError:
    """The ``DomainError`` for ``code`` with its translated message (on ``field`` if given)."""
    message = MESSAGES[code]
    status = _STATUS.get(code, 400)
    fields = {field: message} if field else None
    if status == 403:
        return PermissionDenied(code.value, message, fields=fields)
    return DomainError(code.value, message, fields=fields, status=status)

"""Every write of the accounts app (STYLE.md rule 1), grouped by subject.

Each action takes the ``Actor`` as a keyword, opens its transaction, writes the audit
event inside it and schedules side effects (text messages) after commit.
"""

from rencai.accounts.actions.cancellation import cancel_account
from rencai.accounts.actions.guardians import (
    cancel_guardian_request,
    confirm_guardian,
    guardian_phone_from_token,
    request_guardian,
    request_guardian_code,
    verify_guardian_phone,
    withdraw_guardian,
)
from rencai.accounts.actions.profile import update_profile
from rencai.accounts.actions.realname import verify_face, verify_real_name, withdraw_real_name
from rencai.accounts.actions.reauth import confirm_identity, send_reauth_code
from rencai.accounts.actions.registration import (
    complete_second_factor,
    register,
    request_login_code,
    sign_in_with_password,
    sign_in_with_sms,
)
from rencai.accounts.actions.roles import create_staff_account, grant_role, revoke_role, take_role
from rencai.accounts.actions.sessions import (
    create_api_token,
    end_session,
    logout_everywhere,
    revoke_api_token,
    revoke_session,
    start_session,
)

__all__ = [
    "cancel_account",
    "cancel_guardian_request",
    "complete_second_factor",
    "confirm_guardian",
    "confirm_identity",
    "create_api_token",
    "create_staff_account",
    "end_session",
    "grant_role",
    "guardian_phone_from_token",
    "logout_everywhere",
    "register",
    "request_guardian",
    "request_guardian_code",
    "request_login_code",
    "revoke_api_token",
    "revoke_role",
    "revoke_session",
    "send_reauth_code",
    "sign_in_with_password",
    "sign_in_with_sms",
    "start_session",
    "take_role",
    "update_profile",
    "verify_face",
    "verify_guardian_phone",
    "verify_real_name",
    "withdraw_guardian",
    "withdraw_real_name",
]

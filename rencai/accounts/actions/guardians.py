"""Guardian confirmation for seekers aged 16–17 (MIN-02).

The minor names a guardian and their mobile number. The guardian proves control of that
number with an SMS code on the public guardian page, reads the guardian notice and
confirms; later they can withdraw the same way, which restricts the minor's account again.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rencai.accounts.actions.sms import consume_code, send_code
from rencai.accounts.choices import GuardianRelationship, GuardianStatus, SmsPurpose
from rencai.accounts.constants import GUARDIAN_TOKEN_MAX_AGE
from rencai.accounts.errors import AccountsErrorCode, accounts_error
from rencai.accounts.models import GuardianLink, User
from rencai.accounts.queries import guardian_links_for_phone, needs_guardian, open_guardian_link
from rencai.audit.actions import record_event
from rencai.core.actors import Actor
from rencai.core.errors import DomainError
from rencai.core.masking import mask_name, mask_phone
from rencai.core.models import Id
from rencai.core.phones import normalise_mobile, phone_index, phone_index_candidates
from rencai.core.timeutil import local_start_of_day, local_today
from rencai.privacy.actions import grant_document_consent, record_consent_withdrawal
from rencai.privacy.choices import ConsentChannel, ConsentPurpose, DocumentKind
from rencai.privacy.queries import current_document
from rencai.providers.tasks import deliver_sms

GUARDIAN_SALT = "rencai.accounts.guardian"
DAILY_GUARDIAN_REQUESTS = 3  # per minor: stops using the request to spam a number


def request_guardian(
    minor: User, *, guardian_name: str, guardian_phone: str, relationship: str, actor: Actor
) -> GuardianLink:
    """Ask a guardian to confirm; they get a text message pointing to the guardian page."""
    if not needs_guardian(minor):
        raise accounts_error(AccountsErrorCode.GUARDIAN_NOT_NEEDED)
    name = "".join(guardian_name.split())
    if not 2 <= len(name) <= 30:
        raise accounts_error(AccountsErrorCode.NAME_INVALID, field="guardian_name")
    if relationship not in GuardianRelationship.values:
        raise accounts_error(AccountsErrorCode.GUARDIAN_LINK_STATE, field="relationship")
    phone = normalise_mobile(guardian_phone, field="guardian_phone")
    if phone == minor.phone:
        raise accounts_error(AccountsErrorCode.GUARDIAN_SAME_PHONE, field="guardian_phone")
    with transaction.atomic():
        if open_guardian_link(minor) is not None:
            raise accounts_error(AccountsErrorCode.GUARDIAN_ALREADY_OPEN)
        start = local_start_of_day(local_today())
        if minor.guardian_links.filter(created_at__gte=start).count() >= DAILY_GUARDIAN_REQUESTS:
            raise accounts_error(AccountsErrorCode.SMS_DAILY_LIMIT)
        link = GuardianLink.objects.create(
            minor=minor,
            guardian_name=name,
            guardian_phone=phone,
            guardian_phone_index=phone_index(phone),
            relationship=relationship,
        )
        record_event(actor, "accounts.guardian_requested", link, after=link.audit_view())
        text = (
            f"【人才】{mask_name(minor.display_name)}申请由您作为监护人确认其求职账号。"
            f"请访问 {settings.SITE_URL}/guardian/ 用本手机号验证后确认或拒绝。"
        )
        transaction.on_commit(lambda: deliver_sms(phone, "guardian_request", text, {}))
    return link


def cancel_guardian_request(minor: User, *, actor: Actor) -> GuardianLink:
    """The minor cancels a request the guardian has not answered yet."""
    with transaction.atomic():
        link = minor.guardian_links.filter(status=GuardianStatus.PENDING).first()
        if link is None:
            raise accounts_error(AccountsErrorCode.GUARDIAN_LINK_STATE)
        link.status = GuardianStatus.CANCELLED
        link.save(update_fields=["status"])
        record_event(actor, "accounts.guardian_request_cancelled", link, after=link.audit_view())
    return link


def request_guardian_code(phone_input: str, *, actor: Actor) -> str:
    """Send a guardian code, but only to a number some minor named as guardian. The answer
    is the same either way, so the page does not reveal whose guardian anyone is."""
    phone = normalise_mobile(phone_input)
    if guardian_links_for_phone(phone_index_candidates(phone)).exists():
        send_code(phone, SmsPurpose.GUARDIAN, actor=actor)
    return mask_phone(phone)


def verify_guardian_phone(phone_input: str, code: str, *, actor: Actor) -> str:
    """Check the guardian's code; returns a short-lived token proving the verified number."""
    phone = normalise_mobile(phone_input)
    consume_code(phone, SmsPurpose.GUARDIAN, code, actor=actor)
    return guardian_token(phone)


def guardian_token(phone: str) -> str:
    """A short-lived signed proof that a guardian controls ``phone`` (normalised)."""
    return signing.dumps({"phone": phone}, salt=GUARDIAN_SALT)


def guardian_phone_from_token(token: str) -> str:
    try:
        data = signing.loads(token, salt=GUARDIAN_SALT, max_age=GUARDIAN_TOKEN_MAX_AGE)
    except signing.BadSignature as exc:
        raise accounts_error(AccountsErrorCode.GUARDIAN_TOKEN_INVALID) from exc
    return str(data["phone"])


def _guardian_link(token: str, link_id: Id) -> GuardianLink:
    phone = guardian_phone_from_token(token)
    link = (
        guardian_links_for_phone(phone_index_candidates(phone))
        .select_for_update()
        .filter(pk=link_id)
        .first()
    )
    if link is None:
        raise accounts_error(AccountsErrorCode.GUARDIAN_LINK_STATE)
    return link


def confirm_guardian(token: str, link_id: Id, *, actor: Actor) -> GuardianLink:
    """The guardian, with a verified phone, confirms after reading the guardian notice.

    The confirmation is the minor's ``guardian`` consent in the ledger (channel ``sms``).
    """
    with transaction.atomic():
        link = _guardian_link(token, link_id)
        if link.status != GuardianStatus.PENDING:
            raise accounts_error(AccountsErrorCode.GUARDIAN_LINK_STATE)
        notice = current_document(DocumentKind.GUARDIAN_NOTICE)
        if notice is None:
            raise DomainError(
                "legal_document_missing", _("The guardian notice has not been published.")
            )
        link.status = GuardianStatus.CONFIRMED
        link.confirmed_at = timezone.now()
        link.save(update_fields=["status", "confirmed_at"])
        record_event(actor, "accounts.guardian_confirmed", link, after=link.audit_view())
        grant_document_consent(link.minor, notice, actor=actor, channel=ConsentChannel.SMS)
    return link


def withdraw_guardian(token: str, link_id: Id, *, actor: Actor) -> GuardianLink:
    """The guardian withdraws (or declines a pending request); the minor's seeker functions
    stop until another guardian confirms or the minor turns 18."""
    with transaction.atomic():
        link = _guardian_link(token, link_id)
        if link.status not in (GuardianStatus.PENDING, GuardianStatus.CONFIRMED):
            raise accounts_error(AccountsErrorCode.GUARDIAN_LINK_STATE)
        was_confirmed = link.status == GuardianStatus.CONFIRMED
        link.status = GuardianStatus.WITHDRAWN
        link.withdrawn_at = timezone.now()
        link.save(update_fields=["status", "withdrawn_at"])
        record_event(actor, "accounts.guardian_withdrawn", link, after=link.audit_view())
        if was_confirmed:
            record_consent_withdrawal(
                link.minor, ConsentPurpose.GUARDIAN, actor=actor, channel=ConsentChannel.SMS
            )
    return link

"""SMS one-time codes: sending with limits, and checking with attempt counting."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _gettext

from rencai.accounts.choices import SmsPurpose
from rencai.accounts.constants import CODE_DIGITS, MAX_CODE_ATTEMPTS
from rencai.accounts.errors import AccountsErrorCode, accounts_error
from rencai.accounts.models import LoginFailure, SmsCode
from rencai.audit.actions import record_event
from rencai.core.actors import Actor
from rencai.core.errors import RateLimited
from rencai.core.masking import mask_phone
from rencai.core.phones import phone_index
from rencai.core.timeutil import local_start_of_day, local_today
from rencai.providers.tasks import deliver_sms

SMS_TEXTS = {
    SmsPurpose.LOGIN: "【人才】您的登录验证码为{code}，5分钟内有效。请勿告诉他人。",
    SmsPurpose.SECOND_FACTOR: (
        "【人才】您正在登录，验证码为{code}，5分钟内有效。如非本人操作请修改密码。"
    ),
    SmsPurpose.GUARDIAN: "【人才】您正在以监护人身份进行确认，验证码为{code}，5分钟内有效。",
    SmsPurpose.REAUTH: "【人才】您正在进行身份确认，验证码为{code}，5分钟内有效。",
}


@dataclass(frozen=True)
class SentCode:
    """What the person is told after a code is sent."""

    masked_phone: str
    resend_after: int
    expires_in: int


def _code_hash(phone_idx: str, purpose: str, code: str) -> str:
    key = hashlib.sha256(f"sms-code|{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, f"{phone_idx}|{purpose}|{code}".encode(), hashlib.sha256).hexdigest()


def _check_send_limits(phone_idx: str, actor: Actor) -> None:
    now = timezone.now()
    last = SmsCode.objects.filter(phone_index=phone_idx).order_by("-created_at").first()
    interval = settings.SMS_RESEND_INTERVAL_SECONDS
    if last is not None and (now - last.created_at).total_seconds() < interval:
        wait = interval - int((now - last.created_at).total_seconds())
        raise RateLimited(
            AccountsErrorCode.SMS_TOO_SOON.value,
            _gettext("Please wait %(seconds)s seconds before requesting another code.")
            % {"seconds": wait},
            retry_after=max(wait, 1),
        )
    day_start = local_start_of_day(local_today())
    sent_today = SmsCode.objects.filter(phone_index=phone_idx, created_at__gte=day_start).count()
    if sent_today >= settings.SMS_DAILY_LIMIT_PER_PHONE:
        tomorrow = day_start + dt.timedelta(days=1)
        raise RateLimited(
            AccountsErrorCode.SMS_DAILY_LIMIT.value,
            accounts_error(AccountsErrorCode.SMS_DAILY_LIMIT).message,
            retry_after=int((tomorrow - now).total_seconds()) + 1,
        )
    if actor.ip:
        hour_ago = now - dt.timedelta(hours=1)
        from_ip = SmsCode.objects.filter(requester_ip=actor.ip, created_at__gte=hour_ago).count()
        if from_ip >= settings.SMS_HOURLY_LIMIT_PER_IP:
            raise RateLimited(
                AccountsErrorCode.SMS_IP_LIMIT.value,
                accounts_error(AccountsErrorCode.SMS_IP_LIMIT).message,
                retry_after=3600,
            )


def send_code(phone: str, purpose: str, *, actor: Actor) -> SentCode:
    """Create a code for a normalised ``phone`` and queue the text message after commit.

    Limits: one code per number per ``SMS_RESEND_INTERVAL_SECONDS``, ``SMS_DAILY_LIMIT_PER_PHONE``
    per local day, ``SMS_HOURLY_LIMIT_PER_IP`` per requesting address. The answer is the same
    whether or not an account exists for the number.
    """
    phone_idx = phone_index(phone)
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    ttl = settings.SMS_CODE_TTL_SECONDS
    with transaction.atomic():
        _check_send_limits(phone_idx, actor)
        sms_code = SmsCode.objects.create(
            phone_index=phone_idx,
            purpose=purpose,
            code_hash=_code_hash(phone_idx, purpose, code),
            expires_at=timezone.now() + dt.timedelta(seconds=ttl),
            requester_ip=actor.ip,
        )
        record_event(
            actor,
            "accounts.sms_code_sent",
            sms_code,
            after={"purpose": purpose, "phone": mask_phone(phone)},
        )
        text = SMS_TEXTS[SmsPurpose(purpose)].format(code=code)
        transaction.on_commit(lambda: deliver_sms(phone, f"code_{purpose}", text, {"code": code}))
    return SentCode(mask_phone(phone), settings.SMS_RESEND_INTERVAL_SECONDS, ttl)


def record_login_failure(subject_index: str, method: str, *, actor: Actor, reason: str) -> None:
    """Keep a failed sign-in step (for lockout and per-IP limits) and audit it."""
    with transaction.atomic():
        failure = LoginFailure.objects.create(
            subject_index=subject_index, method=method, ip=actor.ip
        )
        record_event(
            actor, "accounts.login_failed", failure, after={"method": method, "reason": reason}
        )


def check_ip_failure_limit(actor: Actor) -> None:
    """Refuse further sign-in attempts from an address with too many recent failures."""
    if not actor.ip:
        return
    hour_ago = timezone.now() - dt.timedelta(hours=1)
    failures = LoginFailure.objects.filter(ip=actor.ip, created_at__gte=hour_ago).count()
    if failures >= settings.LOGIN_HOURLY_FAILURES_PER_IP:
        raise RateLimited(
            AccountsErrorCode.LOGIN_IP_LIMIT.value,
            accounts_error(AccountsErrorCode.LOGIN_IP_LIMIT).message,
            retry_after=3600,
        )


def consume_code(phone: str, purpose: str, code: str, *, actor: Actor) -> None:
    """Accept ``code`` for ``phone`` once, or raise ``code_invalid``.

    Only the newest code for the number and purpose counts. A wrong guess is counted (and
    committed, even though the caller sees an error); the fifth wrong guess voids the code.
    """
    check_ip_failure_limit(actor)
    phone_idx = phone_index(phone)
    now = timezone.now()
    failure_reason = ""
    with transaction.atomic():
        latest = (
            SmsCode.objects.select_for_update()
            .filter(phone_index=phone_idx, purpose=purpose)
            .order_by("-created_at")
            .first()
        )
        cleaned = "".join(code.split())
        if latest is None or latest.consumed_at is not None or latest.expires_at <= now:
            failure_reason = "no_live_code"
        elif latest.failed_attempts >= MAX_CODE_ATTEMPTS:
            failure_reason = "attempts_exhausted"
        elif not hmac.compare_digest(latest.code_hash, _code_hash(phone_idx, purpose, cleaned)):
            latest.failed_attempts += 1
            fields = ["failed_attempts"]
            if latest.failed_attempts >= MAX_CODE_ATTEMPTS:
                latest.consumed_at = now
                fields.append("consumed_at")
            latest.save(update_fields=fields)
            failure_reason = "wrong_code"
        else:
            latest.consumed_at = now
            latest.save(update_fields=["consumed_at"])
            record_event(actor, "accounts.sms_code_used", latest, after={"purpose": purpose})
        if failure_reason:
            record_login_failure(phone_idx, f"sms_{purpose}", actor=actor, reason=failure_reason)
    if failure_reason:
        raise accounts_error(AccountsErrorCode.CODE_INVALID, field="code")

"""Every write of the notifications app: sending a notification and marking it read.

Other apps call ``notify`` from their own actions, inside their transaction, with their
actor; SMS and e-mail are queued only after that transaction commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from rencai.accounts.models import User
from rencai.audit.actions import record_event
from rencai.core.actors import Actor
from rencai.core.errors import not_found, permission_denied
from rencai.notifications.constants import (
    DEDUPE_KEY_MAX_LENGTH,
    LOOKS_PERSONAL,
    MAX_PARAMS,
    PARAM_KEY,
    PARAM_VALUE_MAX_LENGTH,
    SMS_SIGNATURE,
)
from rencai.notifications.kinds import (
    SEND_LANGUAGE,
    NotificationKind,
    get_kind,
    missing_params,
    render,
)
from rencai.notifications.links import is_site_path
from rencai.notifications.models import Notification
from rencai.providers.email.base import ALLOWED_HEADERS
from rencai.providers.tasks import deliver_email, deliver_sms


class NotificationParamsError(ValueError):
    """``params`` are not short strings under simple keys, miss a placeholder of the
    kind's texts, or look like personal data (a programming error, not a user's)."""


def _checked_params(kind: NotificationKind, params: Mapping[str, object]) -> dict[str, str]:
    if len(params) > MAX_PARAMS:
        raise NotificationParamsError(f"at most {MAX_PARAMS} params")
    checked: dict[str, str] = {}
    for key, value in params.items():
        if not isinstance(key, str) or not PARAM_KEY.match(key):
            raise NotificationParamsError(f"param name {key!r} must be lower-case letters/_")
        if not isinstance(value, str):
            raise NotificationParamsError(f"param {key!r} must be a string")
        if len(value) > PARAM_VALUE_MAX_LENGTH:
            raise NotificationParamsError(f"param {key!r} is longer than allowed")
        if LOOKS_PERSONAL.search(value):
            raise NotificationParamsError(f"param {key!r} looks like personal data")
        checked[key] = value
    missing = missing_params(kind, checked)
    if missing:
        raise NotificationParamsError(f"{kind.key!r} needs params {sorted(missing)}")
    return checked


def _sms_text(kind: NotificationKind, params: Mapping[str, str]) -> str:
    assert kind.sms_text is not None
    with translation.override(SEND_LANGUAGE):
        return SMS_SIGNATURE + render(kind.sms_text, params)


def _email(kind: NotificationKind, params: Mapping[str, str], url: str) -> tuple[str, str]:
    with translation.override(SEND_LANGUAGE):
        subject = render(kind.email_subject or kind.title, params)
        text = render(kind.email_text or kind.body, params)
    if url:
        text = f"{text}\n\n{settings.SITE_URL.rstrip('/')}{url}"
    return " ".join(subject.split()), text


def notify(
    recipient: User,
    kind: str,
    *,
    params: Mapping[str, str] | None = None,
    url: str = "",
    sms: bool = False,
    email: bool = False,
    email_headers: Mapping[str, str] | None = None,
    dedupe_key: str = "",
    actor: Actor,
) -> Notification | None:
    """Store an in-site notification of ``kind`` for ``recipient`` and audit it.

    With ``sms`` (and an SMS text in the kind) a text message goes to the recipient's phone,
    with ``email`` an e-mail to their address (carrying ``email_headers`` from the
    providers' ``ALLOWED_HEADERS``, e.g. one-click unsubscribe), both queued after commit
    and rendered in Chinese; closed accounts get neither. ``url`` must be a path on this
    site. With a ``dedupe_key`` the recipient already has, nothing is stored or sent and
    None is returned. Raises ``UnknownKindError`` or ``NotificationParamsError`` for wrong input.
    """
    spec = get_kind(kind)
    checked = _checked_params(spec, params or {})
    if url and not is_site_path(url):
        raise NotificationParamsError("url must be a path on this site, starting with '/'")
    if set(email_headers or {}) - ALLOWED_HEADERS:
        raise NotificationParamsError("only the allowed e-mail headers may be set")
    if len(dedupe_key) > DEDUPE_KEY_MAX_LENGTH:
        raise NotificationParamsError("dedupe_key is too long")
    reachable = recipient.is_active
    sms_text = (
        _sms_text(spec, checked)
        if sms and spec.sms_text is not None and recipient.phone and reachable
        else None
    )
    mail = _email(spec, checked, url) if email and recipient.email and reachable else None
    channels = ["site"] + (["sms"] if sms_text else []) + (["email"] if mail else [])
    with transaction.atomic():
        duplicate = Notification.objects.filter(recipient=recipient, dedupe_key=dedupe_key)
        if dedupe_key and duplicate.exists():
            return None
        try:
            with transaction.atomic():  # a concurrent duplicate loses without breaking ours
                notification = Notification.objects.create(
                    recipient=recipient,
                    kind=kind,
                    params=checked,
                    url=url,
                    channels=channels,
                    dedupe_key=dedupe_key,
                )
        except IntegrityError:
            if not dedupe_key:
                raise
            return None
        record_event(
            actor,
            "notifications.sent",
            notification,
            after={"kind": kind, "recipient": str(recipient.pk), "channels": channels},
        )
        if sms_text:
            template = spec.sms_template or spec.key
            transaction.on_commit(
                partial(deliver_sms, recipient.phone, template, sms_text, dict(checked))
            )
        if mail and recipient.email:
            headers = dict(email_headers or {})
            transaction.on_commit(partial(deliver_email, recipient.email, *mail, headers))
    return notification


def text_number(phone: str, kind: str, *, params: Mapping[str, str] | None = None) -> None:
    """Send a kind's SMS to a number that has no account yet (an invitation, say): the
    same checked parameters, signature and template as ``notify``, queued after commit.
    The caller's action records the audit event."""
    spec = get_kind(kind)
    if spec.sms_text is None:
        raise NotificationParamsError(f"{kind!r} has no SMS text")
    checked = _checked_params(spec, params or {})
    text = _sms_text(spec, checked)
    template = spec.sms_template or spec.key
    transaction.on_commit(partial(deliver_sms, phone, template, text, dict(checked)))


def notify_many(
    recipients: Iterable[User],
    kind: str,
    *,
    params: Mapping[str, str] | None = None,
    url: str = "",
    sms: bool = False,
    email: bool = False,
    dedupe_key: str = "",
    actor: Actor,
) -> list[Notification]:
    """``notify`` each distinct recipient once, in one transaction; returns the
    notifications stored (recipients who already had ``dedupe_key`` are skipped)."""
    sent: list[Notification] = []
    seen: set[object] = set()
    with transaction.atomic():
        for recipient in recipients:
            if recipient.pk in seen:
                continue
            seen.add(recipient.pk)
            notification = notify(
                recipient,
                kind,
                params=params,
                url=url,
                sms=sms,
                email=email,
                dedupe_key=dedupe_key,
                actor=actor,
            )
            if notification is not None:
                sent.append(notification)
    return sent


def mark_read(notification: Notification, *, actor: Actor) -> Notification:
    """The recipient has read ``notification`` (no change and no event if already read).

    Only the recipient may; anyone else gets ``not_found``.
    """
    if actor.user is None or actor.user.pk != notification.recipient_id:
        raise not_found()
    if notification.read_at is not None:
        return notification
    now = timezone.now()
    with transaction.atomic():
        updated = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=now, updated_at=now
        )
        if updated:
            record_event(
                actor, "notifications.read", notification, after={"kind": notification.kind}
            )
    if updated:
        notification.read_at = now
    else:
        notification.refresh_from_db(fields=["read_at"])
    return notification


def mark_all_read(user: User, *, actor: Actor) -> int:
    """Mark every unread notification of ``user`` read; one audit event for the lot (none
    when nothing was unread). Returns how many were marked. Only ``user`` may."""
    if actor.user is None or actor.user.pk != user.pk:
        raise permission_denied()
    now = timezone.now()
    with transaction.atomic():
        count = Notification.objects.filter(recipient=user, read_at__isnull=True).update(
            read_at=now, updated_at=now
        )
        if count:
            record_event(actor, "notifications.all_read", user, after={"count": count})
    return count

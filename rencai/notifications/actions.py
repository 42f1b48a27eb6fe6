"""Every write of the notifications app: sending a notification, marking it read, and the
recipient's preferences.

Other apps call ``notify`` from their own actions, inside their transaction, with their
actor; SMS and e-mail are queued only after that transaction commits. ``notify`` follows
the recipient's preferences for the kind's category; marketing goes through
``rencai.notifications.marketing.notify_marketing`` instead (PI-11).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from rencai.accounts.models import User
from rencai.audit.actions import record_event
from rencai.core.actors import Actor
from rencai.core.errors import not_found, permission_denied
from rencai.notifications.categories import (
    DEFAULTS,
    Category,
    Channel,
    Choice,
    channels_of,
    site_is_locked,
)
from rencai.notifications.constants import (
    DEDUPE_KEY_MAX_LENGTH,
    LOOKS_PERSONAL,
    MAX_PARAMS,
    PARAM_KEY,
    PARAM_VALUE_MAX_LENGTH,
    SMS_SIGNATURE,
)
from rencai.notifications.errors import NotificationErrorCode, notification_error
from rencai.notifications.kinds import (
    SEND_LANGUAGE,
    NotificationKind,
    get_kind,
    missing_params,
    render,
)
from rencai.notifications.links import is_site_path
from rencai.notifications.models import Notification, NotificationPreference
from rencai.notifications.permissions import may_receive_marketing
from rencai.notifications.queries import choice_for
from rencai.providers.email.base import ALLOWED_HEADERS
from rencai.providers.tasks import deliver_email, deliver_sms


class NotificationParamsError(ValueError):
    """``params`` are not short strings under simple keys, miss a placeholder of the
    kind's texts, or look like personal data (a programming error, not a user's)."""


def checked_params(kind: NotificationKind, params: Mapping[str, object]) -> dict[str, str]:
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

    The recipient's preferences for the kind's category decide which channels are used:
    a channel switched off is not (``sms``/``email`` only ask). The in-site copy of a
    mandatory kind (a service or security notice) is always shown; for other kinds with
    the site channel off the row is stored hidden and read (``in_site=False``), recording
    the other channels and keeping ``dedupe_key`` working. Marketing kinds are refused:
    they go through ``notify_marketing``.
    """
    spec = get_kind(kind)
    if spec.marketing:
        raise NotificationParamsError(f"{kind!r} is marketing: send it with notify_marketing")
    checked = checked_params(spec, params or {})
    if url and not is_site_path(url):
        raise NotificationParamsError("url must be a path on this site, starting with '/'")
    if set(email_headers or {}) - ALLOWED_HEADERS:
        raise NotificationParamsError("only the allowed e-mail headers may be set")
    if len(dedupe_key) > DEDUPE_KEY_MAX_LENGTH:
        raise NotificationParamsError("dedupe_key is too long")
    reachable = recipient.is_active
    chosen = choice_for(recipient, spec.category) if (sms or email or not spec.mandatory) else None
    in_site = bool(spec.mandatory or chosen is None or chosen.site)
    sms_text = (
        _sms_text(spec, checked)
        if sms
        and chosen is not None
        and chosen.sms
        and spec.sms_text is not None
        and recipient.phone
        and reachable
        else None
    )
    wants_mail = email and chosen is not None and chosen.email
    mail = _email(spec, checked, url) if wants_mail and recipient.email and reachable else None
    channels = (
        (["site"] if in_site else []) + (["sms"] if sms_text else []) + (["email"] if mail else [])
    )
    with transaction.atomic():
        duplicate = Notification.objects.filter(recipient=recipient, dedupe_key=dedupe_key)
        if dedupe_key and duplicate.exists():
            return None
        try:
            with transaction.atomic():  # a concurrent duplicate loses without breaking ours
                notification = Notification.objects.create(
                    recipient=recipient,
                    kind=kind,
                    category=spec.category,
                    in_site=in_site,
                    read_at=None if in_site else timezone.now(),
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
    checked = checked_params(spec, params or {})
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


# --- preferences --------------------------------------------------------------------------


def _checked_changes(
    user: User, changes: Mapping[str, Mapping[str, bool | None]]
) -> dict[str, dict[str, bool]]:
    """``changes`` without the ``None`` values, or the first error: an unknown category or
    channel, the site channel of a mandatory category switched off, the site channel of
    marketing, marketing switched on for someone who may not receive it."""
    checked: dict[str, dict[str, bool]] = {}
    for category, channels in changes.items():
        if category not in Category.values:
            raise notification_error(NotificationErrorCode.CATEGORY_UNKNOWN, field=str(category))
        wanted = {channel: on for channel, on in channels.items() if on is not None}
        for channel, on in wanted.items():
            if channel not in Channel.values:
                raise notification_error(NotificationErrorCode.CATEGORY_UNKNOWN, field=category)
            if channel not in channels_of(category):
                raise notification_error(
                    NotificationErrorCode.CHANNEL_UNAVAILABLE, field=f"{category}.{channel}"
                )
            if channel == Channel.SITE and not on and site_is_locked(category):
                raise notification_error(
                    NotificationErrorCode.SITE_REQUIRED, field=f"{category}.{channel}"
                )
        if (
            category == Category.MARKETING
            and any(wanted.values())
            and not may_receive_marketing(user)
        ):
            raise notification_error(NotificationErrorCode.MARKETING_MINOR, field=category)
        if wanted:
            checked[category] = wanted
    return checked


def _set_marketing(user: User, wanted: Mapping[str, bool], *, actor: Actor) -> dict[str, bool]:
    """Switch the marketing consents in the privacy ledger (each switch its own audited
    ledger entry); returns the channels that changed."""
    from rencai.privacy.actions import set_optional_consent
    from rencai.privacy.choices import ConsentChannel, ConsentPurpose

    purposes: dict[str, str] = {
        Channel.EMAIL: ConsentPurpose.MARKETING_EMAIL,
        Channel.SMS: ConsentPurpose.MARKETING_SMS,
    }
    channel = ConsentChannel.API if actor.channel == ConsentChannel.API else ConsentChannel.WEB
    changed: dict[str, bool] = {}
    for name, on in wanted.items():
        if set_optional_consent(user, purposes[name], on, actor=actor, channel=channel):
            changed[name] = on
    return changed


def set_preferences(
    user: User, changes: Mapping[str, Mapping[str, bool | None]], *, actor: Actor
) -> None:
    """Change which channels ``user`` receives per category: ``{"messages": {"email":
    False}, ...}``; channels left out or ``None`` stay as they are. Everything is checked
    before anything changes (``notification_category_unknown``,
    ``notification_site_required``, ``notification_channel_unavailable``,
    ``marketing_not_for_minors``). The marketing channels are the marketing consents of the
    privacy ledger (PI-11). One audit event ``notifications.preferences_changed`` with
    before and after of what changed (none if nothing did). Only ``user`` may.
    """
    if actor.user is None or actor.user.pk != user.pk:
        raise permission_denied()
    checked = _checked_changes(user, changes)
    before: dict[str, dict[str, bool]] = {}
    after: dict[str, dict[str, bool]] = {}
    with transaction.atomic():
        rows = {
            row.category: row
            for row in NotificationPreference.objects.select_for_update().filter(user=user)
        }
        for category, wanted in checked.items():
            if category == Category.MARKETING:
                changed = _set_marketing(user, wanted, actor=actor)
                if changed:
                    before[category] = {name: not on for name, on in changed.items()}
                    after[category] = changed
                continue
            row = rows.get(category)
            old = (
                Choice(site=row.site, email=row.email, sms=row.sms)
                if row is not None
                else DEFAULTS[category]
            )
            new = replace(old, **wanted)
            if site_is_locked(category):
                new = replace(new, site=True)
            if new == old:
                continue
            if row is None:
                NotificationPreference.objects.create(user=user, category=category, **new.as_dict())
            else:
                NotificationPreference.objects.filter(pk=row.pk).update(
                    **new.as_dict(), updated_at=timezone.now()
                )
            diff = [name for name, on in new.as_dict().items() if old.as_dict()[name] != on]
            before[category] = {name: old.as_dict()[name] for name in diff}
            after[category] = {name: new.as_dict()[name] for name in diff}
        if after:
            record_event(
                actor, "notifications.preferences_changed", user, before=before, after=after
            )

"""Marketing messages (PI-11): only with consent, sender identified, one-step unsubscribe.

``notify_marketing`` sends a marketing kind (``NotificationKind(..., marketing=True)``) by
e-mail and/or SMS, each only while the recipient's marketing consent for that channel is
granted in the privacy ledger (``MARKETING_EMAIL`` / ``MARKETING_SMS``), never to anyone
under 18 (``may_receive_marketing``), never in the site's notification centre (which keeps
service notices apart from promotion). Every message is marked as an advertisement, names
the operator and its contact details, and carries a signed link that withdraws the consent
for that channel in one step without signing in; e-mails also carry ``List-Unsubscribe``
and ``List-Unsubscribe-Post`` (RFC 8058), so mail programs offer their own button.

The unsubscribe withdraws the consent through ``rencai.privacy.actions`` (a ledger entry
and its audit event): service notices keep arriving, promotions stop.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from rencai.accounts.models import User
from rencai.audit.actions import record_event
from rencai.core.actors import Actor
from rencai.notifications.actions import NotificationParamsError, checked_params
from rencai.notifications.categories import Channel
from rencai.notifications.constants import SMS_SIGNATURE
from rencai.notifications.errors import NotificationErrorCode, notification_error
from rencai.notifications.kinds import SEND_LANGUAGE, NotificationKind, get_kind, render
from rencai.notifications.links import is_site_path
from rencai.notifications.queries import marketing_choice
from rencai.privacy.choices import ConsentChannel, ConsentPurpose
from rencai.providers.tasks import deliver_email, deliver_sms

UNSUBSCRIBE_SALT = "rencai.notifications.marketing-unsubscribe"
PURPOSES: dict[str, str] = {
    Channel.EMAIL: ConsentPurpose.MARKETING_EMAIL,
    Channel.SMS: ConsentPurpose.MARKETING_SMS,
}
_CHANNEL_LETTER: dict[str, str] = {Channel.EMAIL: "e", Channel.SMS: "s"}
_LETTER_CHANNEL = {letter: channel for channel, letter in _CHANNEL_LETTER.items()}

# Texts every marketing message carries (rendered in Chinese when sent, like all SMS and
# e-mail). ADL Art 14: an advertisement is recognisable as one; ADL Art 43: it names the
# sender and its contact details and offers a way to refuse further messages.
AD_LABEL = _("[Ad]")
SMS_UNSUBSCRIBE = _("Unsubscribe: %(url)s")
EMAIL_FOOTER = _(
    "This advertisement is sent by %(operator)s (rencai), %(address)s, phone %(phone)s, "
    "e-mail %(email)s, because you agreed to receive offers by e-mail.\n"
    "Unsubscribe in one step (no sign-in needed): %(url)s\n"
    "You can also change this in your notification settings: %(settings_url)s"
)


# --- the one-step unsubscribe link --------------------------------------------------------


def unsubscribe_token(user: User, channel: str) -> str:
    """A signed token that withdraws ``user``'s marketing consent for ``channel`` without
    signing in (no expiry: old messages must keep working)."""
    compact = base64.urlsafe_b64encode(user.pk.bytes).rstrip(b"=").decode("ascii")
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(_CHANNEL_LETTER[channel] + compact)


@dataclass(frozen=True)
class Unsubscription:
    """Whose consent for which channel a token names (``user`` None: account deleted)."""

    user: User | None
    channel: str

    @property
    def purpose(self) -> str:
        return PURPOSES[self.channel]


def read_token(token: str) -> Unsubscription:
    """What an unsubscribe token names; ``unsubscribe_token_invalid`` for a token this
    site did not sign."""
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token[:200])
        channel = _LETTER_CHANNEL[value[:1]]
        compact = value[1:]
        user_id = uuid.UUID(bytes=base64.urlsafe_b64decode(compact + "=" * (-len(compact) % 4)))
    except (signing.BadSignature, binascii.Error, ValueError, KeyError):
        raise notification_error(NotificationErrorCode.TOKEN_INVALID) from None
    return Unsubscription(User.objects.filter(pk=user_id).first(), channel)


def is_subscribed(unsubscription: Unsubscription) -> bool:
    """Whether the consent the token names is granted now."""
    if unsubscription.user is None:
        return False
    choice = marketing_choice(unsubscription.user)
    return choice.email if unsubscription.channel == Channel.EMAIL else choice.sms


def unsubscribe(token: str, *, actor: Actor) -> Unsubscription:
    """Withdraw the marketing consent the token names (anyone holding the link may: it
    was sent to the person). A ledger entry and its audit event
    ``privacy.consent_withdrawn``; nothing changes if the consent is already withdrawn or
    the account is gone."""
    from rencai.privacy.actions import set_optional_consent

    found = read_token(token)
    if found.user is None:
        return found
    with transaction.atomic():
        # One person's unsubscribes queue behind each other (the mail program's POST and
        # the person's click often arrive together).
        User.objects.select_for_update().filter(pk=found.user.pk).values_list("pk").first()
        set_optional_consent(
            found.user, found.purpose, False, actor=actor, channel=ConsentChannel.WEB
        )
    return found


def unsubscribe_url(user: User, channel: str) -> str:
    """The full link of the one-step unsubscribe page for ``user`` and ``channel``."""
    path = reverse("notifications:unsubscribe", args=[unsubscribe_token(user, channel)])
    return f"{settings.SITE_URL.rstrip('/')}{path}"


# --- sending ------------------------------------------------------------------------------


def sms_text(kind: NotificationKind, params: Mapping[str, str], url: str) -> str:
    """The promotional SMS: signature, ad label, text and the unsubscribe instruction."""
    assert kind.sms_text is not None
    with translation.override(SEND_LANGUAGE):
        text = render(kind.sms_text, params)
        return f"{SMS_SIGNATURE}{AD_LABEL}{text} {SMS_UNSUBSCRIBE % {'url': url}}"


def email_message(
    kind: NotificationKind, params: Mapping[str, str], link: str, unsubscribe: str
) -> tuple[str, str]:
    """Subject and text of the promotional e-mail: the ad label in the subject, the
    sender's identity and the unsubscribe link at the end."""
    site = settings.SITE_URL.rstrip("/")
    with translation.override(SEND_LANGUAGE):
        subject = f"{AD_LABEL}{render(kind.email_subject or kind.title, params)}"
        text = render(kind.email_text or kind.body, params)
        footer = EMAIL_FOOTER % {
            "operator": settings.OPERATOR_NAME,
            "address": settings.OPERATOR_ADDRESS,
            "phone": settings.OPERATOR_PHONE,
            "email": settings.OPERATOR_EMAIL,
            "url": unsubscribe,
            "settings_url": f"{site}{reverse('notifications:preferences')}",
        }
    if link:
        text = f"{text}\n\n{site}{link}"
    return " ".join(subject.split()), f"{text}\n\n--\n{footer}"


def notify_marketing(
    recipient: User,
    kind: str,
    *,
    params: Mapping[str, str] | None = None,
    url: str = "",
    sms: bool = False,
    email: bool = False,
    actor: Actor,
) -> list[str]:
    """Send the marketing ``kind`` to ``recipient`` by e-mail and/or SMS, each only with
    the recipient's current marketing consent for that channel and never to someone who
    may not receive marketing (closed accounts, under 18). Queued after the caller's
    transaction commits; audit event ``notifications.marketing_sent`` (kind, channels,
    never texts) when anything is sent. Returns the channels used (empty: nothing sent).

    Raises ``NotificationParamsError`` for a kind that is not marketing, or for an SMS
    asked of a kind without an SMS text.
    """
    spec = get_kind(kind)
    if not spec.marketing:
        raise NotificationParamsError(f"{kind!r} is not a marketing kind")
    if sms and spec.sms_text is None:
        raise NotificationParamsError(f"{kind!r} has no SMS text")
    checked = checked_params(spec, params or {})
    if url and not is_site_path(url):
        raise NotificationParamsError("url must be a path on this site, starting with '/'")
    consent = marketing_choice(recipient)
    channels: list[str] = []
    with transaction.atomic():
        if sms and consent.sms and recipient.phone:
            link = unsubscribe_url(recipient, Channel.SMS)
            text = sms_text(spec, checked, link)
            template = spec.sms_template or spec.key
            transaction.on_commit(
                partial(
                    deliver_sms,
                    recipient.phone,
                    template,
                    text,
                    {**checked, "unsubscribe_url": link},
                )
            )
            channels.append(Channel.SMS)
        if email and consent.email and recipient.email:
            link = unsubscribe_url(recipient, Channel.EMAIL)
            subject, text = email_message(spec, checked, url, link)
            headers = {
                "List-Unsubscribe": f"<{link}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            }
            transaction.on_commit(partial(deliver_email, recipient.email, subject, text, headers))
            channels.append(Channel.EMAIL)
        if channels:
            record_event(
                actor,
                "notifications.marketing_sent",
                recipient,
                after={"kind": kind, "channels": channels},
            )
    return channels


@dataclass
class CampaignReport:
    """What ``send_campaign`` did (also the payload of its audit event)."""

    kind: str
    candidates: int = 0
    sms: int = 0
    email: int = 0


def send_campaign(
    kind: str,
    *,
    params: Mapping[str, str] | None = None,
    url: str = "",
    sms: bool = False,
    email: bool = False,
    dry_run: bool = False,
    actor: Actor,
) -> CampaignReport:
    """Send the marketing ``kind`` to everyone who consented to it on ``sms``/``email``
    (``marketing_audience``), one person per transaction (``notify_marketing`` checks
    consent and age again for each). With ``dry_run`` only counts the candidates. One
    audit event ``notifications.campaign_sent`` summarises the run."""
    from rencai.notifications.queries import marketing_audience

    spec = get_kind(kind)
    if not spec.marketing:
        raise NotificationParamsError(f"{kind!r} is not a marketing kind")
    checked_params(spec, params or {})  # refuse wrong params before anyone is contacted
    report = CampaignReport(kind)
    wanted = [name for name, on in ((Channel.SMS, sms), (Channel.EMAIL, email)) if on]
    candidates: dict[object, User] = {}
    for channel in wanted:
        for user in marketing_audience(channel).iterator(chunk_size=500):
            candidates.setdefault(user.pk, user)
    report.candidates = len(candidates)
    if dry_run:
        return report
    for user in candidates.values():
        with transaction.atomic():
            used = notify_marketing(
                user, kind, params=params, url=url, sms=sms, email=email, actor=actor
            )
        report.sms += Channel.SMS in used
        report.email += Channel.EMAIL in used
    with transaction.atomic():
        record_event(
            actor,
            "notifications.campaign_sent",
            object_type="notifications.campaign",
            object_id=kind,
            after={
                "kind": kind,
                "candidates": report.candidates,
                "sms": report.sms,
                "email": report.email,
            },
        )
    return report

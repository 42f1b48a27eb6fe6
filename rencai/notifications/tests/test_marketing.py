"""PI-11: marketing only with consent, sender identified, one-step unsubscribe in every
message (signed link that works signed out, RFC 8058 headers), audited withdrawal; never to
minors (MIN-02); service notices keep arriving after an unsubscribe."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from rencai.audit.models import AuditEvent
from rencai.core.actors import system_actor
from rencai.core.errors import DomainError
from rencai.notifications import actions
from rencai.notifications.actions import NotificationParamsError
from rencai.notifications.marketing import (
    SMS_UNSUBSCRIBE,
    notify_marketing,
    unsubscribe_token,
)
from rencai.notifications.models import Notification
from rencai.notifications.tests.conftest import INTERVIEW, PARAMS, PLAIN, PROMO
from rencai.privacy.models import ConsentRecord
from rencai.privacy.queries import has_consent
from rencai.providers.models import SandboxEmailMessage, SandboxSmsMessage
from rencai.testing.mail import latest_email
from rencai.testing.notifications import grant_marketing
from rencai.testing.sms import latest_message

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kinds")]
CITY = {"city": "深圳"}
LINK = re.compile(r"https?://\S+/notifications/unsubscribe/(?P<token>[^/\s]+)/")


def _promo(user, *, sms: bool = True, email: bool = True) -> list[str]:
    return notify_marketing(
        user, PROMO.key, params=CITY, sms=sms, email=email, actor=system_actor()
    )


def _counts() -> tuple[int, int]:
    return SandboxSmsMessage.objects.count(), SandboxEmailMessage.objects.count()


def _withdrawals(user) -> list[ConsentRecord]:
    return list(
        ConsentRecord.objects.filter(user=user, granted=False, purpose__startswith="marketing_")
    )


def test_pi_11_no_marketing_without_consent(carol) -> None:
    before = _counts()
    assert _promo(carol) == []
    assert _counts() == before
    assert not AuditEvent.objects.filter(action="notifications.marketing_sent").exists()
    assert not Notification.objects.exists()  # never in the notification centre


def test_pi_11_only_the_consented_channel_is_used(carol) -> None:
    grant_marketing(carol, sms=True)
    sms, mails = _counts()
    assert _promo(carol) == ["sms"]
    assert _counts() == (sms + 1, mails)
    [event] = AuditEvent.objects.filter(action="notifications.marketing_sent")
    assert event.object_id == str(carol.pk)
    assert event.after == {"kind": PROMO.key, "channels": ["sms"]}


def test_pi_11_promotional_sms_names_the_sender_and_says_how_to_unsubscribe(carol) -> None:
    grant_marketing(carol, sms=True)
    with translation.override("en"):
        _promo(carol, email=False)
    message = latest_message(carol.phone)
    assert message is not None and message.template == "SMS_PROMO"
    assert message.text.startswith("【人才】")  # the sender's signature
    assert "深圳 春季招聘会本周六开幕。" in message.text  # rendered in Chinese
    match = LINK.search(message.text)
    assert match is not None and match.group(0).startswith(settings.SITE_URL)
    with translation.override("zh-hans"):
        instruction = str(SMS_UNSUBSCRIBE) % {"url": match.group(0)}
    assert message.text.endswith(instruction)  # the unsubscribe instruction, with the link


def test_pi_11_promotional_email_identifies_the_sender_with_one_click_unsubscribe(
    carol,
) -> None:
    grant_marketing(carol, email=True)
    notify_marketing(carol, PROMO.key, params=CITY, url="/jobs/", email=True, actor=system_actor())
    mail = latest_email(carol.email)
    assert mail is not None
    assert mail.subject.endswith("春季招聘会邀请")
    assert settings.OPERATOR_NAME in mail.text and settings.OPERATOR_PHONE in mail.text
    assert f"{settings.SITE_URL}/jobs/" in mail.text
    match = LINK.search(mail.text)
    assert match is not None
    assert mail.headers == {
        "List-Unsubscribe": f"<{match.group(0)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _legacy_consent(user) -> None:
    """A marketing-SMS grant in the ledger written directly: the privacy actions no longer
    accept one from a minor, but an older or imported entry must still never be used."""
    ConsentRecord.objects.create(
        user=user, purpose="marketing_sms", text_hash="0" * 64, granted=True, channel="web"
    )


def test_min_02_no_marketing_to_minors_even_with_a_recorded_consent(yan) -> None:
    from rencai.core.actors import Actor, Channel
    from rencai.privacy.actions import set_optional_consent

    # the privacy pages refuse the consent for a minor (PI-11) ...
    with pytest.raises(DomainError) as refused:
        set_optional_consent(
            yan, "marketing_sms", True, actor=Actor(yan, channel=Channel.WEB), channel="web"
        )
    assert refused.value.code == "marketing_not_for_minors"
    # ... and one recorded anyway (e.g. before the rule, or imported) is never used
    _legacy_consent(yan)
    assert has_consent(yan.pk, "marketing_sms")
    before = _counts()
    assert _promo(yan) == []
    assert _counts() == before


def test_no_marketing_to_closed_accounts(carol) -> None:
    grant_marketing(carol, email=True, sms=True)
    carol.is_active = False
    carol.save(update_fields=["is_active"])
    assert _promo(carol) == []


def test_marketing_and_service_kinds_do_not_mix(carol) -> None:
    with pytest.raises(NotificationParamsError, match="notify_marketing"):
        actions.notify(carol, PROMO.key, params=CITY, actor=system_actor())
    with pytest.raises(NotificationParamsError, match="not a marketing kind"):
        notify_marketing(carol, PLAIN.key, email=True, actor=system_actor())
    with pytest.raises(NotificationParamsError, match="personal data"):
        notify_marketing(
            carol, PROMO.key, params={"city": "13800138000"}, email=True, actor=system_actor()
        )


@pytest.mark.real_on_commit
def test_marketing_leaves_only_after_commit(carol, django_capture_on_commit_callbacks) -> None:
    grant_marketing(carol, email=True, sms=True)
    before = _counts()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert _promo(carol) == ["sms", "email"]
    assert len(callbacks) == 2 and _counts() == before
    for callback in callbacks:
        callback()
    assert _counts() == (before[0] + 1, before[1] + 1)


# --- one-step unsubscribe -------------------------------------------------------------------


def _sms_link(user) -> str:
    grant_marketing(user, sms=True)
    _promo(user, email=False)
    message = latest_message(user.phone)
    assert message is not None
    match = LINK.search(message.text)
    assert match is not None
    return match.group(0).removeprefix(settings.SITE_URL.rstrip("/"))


def test_pi_11_the_sms_link_withdraws_the_consent_signed_out_and_is_audited(carol) -> None:
    path = _sms_link(carol)
    anonymous = Client()
    anonymous.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = anonymous.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-state="confirm"' in html and "Stop promotional text messages?" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert has_consent(carol.pk, "marketing_sms")  # opening the link changes nothing
    done = anonymous.post(path)
    assert done.status_code == 200
    assert 'data-state="done"' in done.content.decode()
    assert not has_consent(carol.pk, "marketing_sms")
    [record] = _withdrawals(carol)
    assert (record.purpose, record.channel) == ("marketing_sms", "web")
    event = AuditEvent.objects.filter(action="privacy.consent_withdrawn").latest("seq")
    assert event.actor_label == "anonymous" and event.object_id == str(carol.pk)
    assert event.after["purpose"] == "marketing_sms"
    # once more: nothing new, the page says it is done
    assert 'data-state="done"' in anonymous.post(path).content.decode()
    assert 'data-state="done"' in anonymous.get(path).content.decode()
    assert len(_withdrawals(carol)) == 1


def test_pi_11_unsubscribed_people_get_no_promotions_but_service_notices_still_arrive(
    carol,
) -> None:
    path = _sms_link(carol)
    Client().post(path)
    sms, _mails = _counts()
    assert _promo(carol, email=False) == []
    assert SandboxSmsMessage.objects.count() == sms
    notice = actions.notify(carol, INTERVIEW.key, params=PARAMS, sms=True, actor=system_actor())
    assert notice is not None and notice.channels == ["site", "sms"]
    assert SandboxSmsMessage.objects.count() == sms + 1


def test_rfc_8058_one_click_post_from_the_mail_program(carol) -> None:
    grant_marketing(carol, email=True, sms=True)
    _promo(carol, sms=False)
    mail = latest_email(carol.email)
    assert mail is not None
    url = mail.headers["List-Unsubscribe"].strip("<>")
    response = Client(enforce_csrf_checks=True).post(
        url.removeprefix(settings.SITE_URL.rstrip("/")), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200 and response.content == b"OK"
    assert not has_consent(carol.pk, "marketing_email")
    assert has_consent(carol.pk, "marketing_sms")  # only the channel of the message


def test_a_forged_or_damaged_token_gets_an_explaining_page(carol) -> None:
    grant_marketing(carol, email=True)
    token = unsubscribe_token(carol, "email")
    assert token.startswith("e")
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    # a changed signature, the channel switched to SMS, rubbish, an oversized token
    for bad in (token[:-2] + "xx", "s" + token[1:], "nonsense", "x" * 300):
        response = client.post(f"/notifications/unsubscribe/{bad}/")
        assert response.status_code == 400
        assert "This unsubscribe link is not valid." in response.content.decode()
    assert has_consent(carol.pk, "marketing_email")
    assert _withdrawals(carol) == []


def test_the_link_of_a_deleted_account_says_so(carol) -> None:
    token = unsubscribe_token(carol, "email")
    carol.delete()
    response = Client().post(f"/notifications/unsubscribe/{token}/")
    assert response.status_code == 200 and 'data-state="gone"' in response.content.decode()


# --- campaigns ------------------------------------------------------------------------------


def test_pi_11_a_campaign_reaches_only_consenting_adults(alice, yan, bob, carol) -> None:
    from io import StringIO

    from django.core.management import call_command

    from rencai.core.actors import Actor

    grant_marketing(carol, email=True, sms=True)
    grant_marketing(bob, sms=True)
    grant_marketing(alice, sms=True)
    actions.set_preferences(alice, {"marketing": {"sms": False}}, actor=Actor(alice))
    _legacy_consent(yan)  # recorded before the rule; never used for a minor
    before = _counts()
    out = StringIO()
    args = ["--headline", "春季招聘会", "--text", "本周六开幕", "--sms", "--email"]
    call_command("send_marketing", *args, "--dry-run", stdout=out)
    assert "3 people consented; nothing sent (dry run)." in out.getvalue()  # carol, bob, yan
    assert _counts() == before
    call_command("send_marketing", *args, stdout=out)
    assert "3 people consented; sent 1 e-mails and 2 text messages." in out.getvalue()
    assert _counts() == (before[0] + 2, before[1] + 1)
    for person in (alice, yan):  # withdrawn, and a minor
        last = latest_message(person.phone)
        assert last is None or "春季招聘会" not in last.text
    bob_sms = latest_message(bob.phone)
    assert bob_sms is not None and "春季招聘会" in bob_sms.text and "本周六开幕" in bob_sms.text
    assert LINK.search(bob_sms.text) is not None
    sent = AuditEvent.objects.filter(action="notifications.marketing_sent")
    assert sorted(event.object_id for event in sent) == sorted([str(bob.pk), str(carol.pk)])
    summary = AuditEvent.objects.get(action="notifications.campaign_sent")
    assert summary.actor_label == "system" and summary.after["candidates"] == 3
    assert not Notification.objects.exists()


def test_a_campaign_refuses_wrong_input_before_contacting_anyone(carol) -> None:
    from django.core.management import CommandError, call_command

    grant_marketing(carol, sms=True)
    before = _counts()
    with pytest.raises(CommandError, match="--email and/or --sms"):
        call_command("send_marketing", "--headline", "x", "--text", "y")
    with pytest.raises(CommandError, match="personal data"):
        call_command("send_marketing", "--headline", "call 13800138000", "--text", "y", "--sms")
    assert _counts() == before

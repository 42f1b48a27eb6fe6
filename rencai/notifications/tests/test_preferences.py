"""Per-user preferences per category and channel: defaults, notify follows them, mandatory
service notices always reach the site, the settings page."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from rencai.audit.models import AuditEvent
from rencai.core.actors import Actor, Channel, system_actor
from rencai.core.errors import DomainError, PermissionDenied
from rencai.notifications import actions
from rencai.notifications.categories import DEFAULTS, Category, Choice
from rencai.notifications.models import Notification, NotificationPreference
from rencai.notifications.queries import (
    choice_for,
    notifications_for,
    preferences_of,
    unread_count,
)
from rencai.notifications.tests.conftest import CHAT, INTERVIEW, PARAMS, PLAIN, SECURITY
from rencai.privacy.queries import has_consent
from rencai.providers.models import SandboxEmailMessage, SandboxSmsMessage
from rencai.testing.notifications import choose, grant_marketing

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kinds")]
LOGIN = "rencai.accounts.backends.RencaiBackend"


def _web(user) -> Actor:
    return Actor(user, channel=Channel.WEB)


def _client(user) -> Client:
    client = Client()
    client.force_login(user, backend=LOGIN)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _counts() -> tuple[int, int]:
    return SandboxSmsMessage.objects.count(), SandboxEmailMessage.objects.count()


# --- defaults -----------------------------------------------------------------------------


def test_defaults_service_on_sms_for_important_categories_marketing_off(carol) -> None:
    assert not NotificationPreference.objects.exists()
    lines = {line.category: line for line in preferences_of(carol)}
    assert list(lines) == list(Category.values)
    assert lines["interviews"].choice == Choice(site=True, email=True, sms=True)
    assert lines["messages"].choice == Choice(site=True, email=True, sms=False)
    assert lines["job_alerts"].choice.sms is False
    assert lines["marketing"].choice == Choice(site=False, email=False, sms=False)
    assert lines["marketing"].channels == ("email", "sms")
    assert lines["account"].site_locked and lines["organisation"].site_locked
    assert not lines["applications"].site_locked
    assert all(not line.chosen for key, line in lines.items() if key != "marketing")


def test_by_default_notify_uses_every_channel_asked_for(carol) -> None:
    sms, mails = _counts()
    sent = actions.notify(
        carol, INTERVIEW.key, params=PARAMS, sms=True, email=True, actor=system_actor()
    )
    assert sent is not None and sent.channels == ["site", "sms", "email"]
    assert sent.category == "interviews" and sent.in_site
    assert _counts() == (sms + 1, mails + 1)


def test_sms_stays_off_by_default_for_chatty_categories(carol) -> None:
    sms, _mails = _counts()
    sent = actions.notify(carol, CHAT.key, params=PARAMS, sms=True, actor=system_actor())
    assert sent is not None and sent.channels == ["site"]
    assert SandboxSmsMessage.objects.count() == sms


# --- notify follows the preferences ---------------------------------------------------------


def test_a_channel_switched_off_is_not_used(carol) -> None:
    choose(carol, "interviews", email=False)
    sms, mails = _counts()
    sent = actions.notify(
        carol, INTERVIEW.key, params=PARAMS, sms=True, email=True, actor=system_actor()
    )
    assert sent is not None and sent.channels == ["site", "sms"]
    assert _counts() == (sms + 1, mails)
    choose(carol, "interviews", sms=False)
    sent = actions.notify(
        carol, INTERVIEW.key, params=PARAMS, sms=True, email=True, actor=system_actor()
    )
    assert sent is not None and sent.channels == ["site"]
    assert _counts() == (sms + 1, mails)


def test_a_channel_switched_on_is_used_only_when_the_action_asks(carol) -> None:
    choose(carol, "messages", sms=True)
    sms, _mails = _counts()
    sent = actions.notify(carol, CHAT.key, params=PARAMS, actor=system_actor())
    assert sent is not None and sent.channels == ["site"]
    sent = actions.notify(carol, CHAT.key, params=PARAMS, sms=True, actor=system_actor())
    assert sent is not None and sent.channels == ["site", "sms"]
    assert SandboxSmsMessage.objects.count() == sms + 1


def test_site_switched_off_keeps_a_hidden_read_record_that_is_never_listed(carol) -> None:
    choose(carol, "interviews", site=False)
    sent = actions.notify(
        carol, INTERVIEW.key, params=PARAMS, email=True, dedupe_key="once", actor=system_actor()
    )
    assert sent is not None and sent.channels == ["email"]
    stored = Notification.objects.get()
    assert stored.in_site is False and stored.read_at is not None
    assert list(notifications_for(carol)) == [] and unread_count(carol) == 0
    event = AuditEvent.objects.get(action="notifications.sent")
    assert event.after["channels"] == ["email"]
    # the record keeps "once only" working
    again = actions.notify(
        carol, INTERVIEW.key, params=PARAMS, email=True, dedupe_key="once", actor=system_actor()
    )
    assert again is None and Notification.objects.count() == 1


def test_every_channel_off_sends_nothing(carol) -> None:
    choose(carol, "messages", site=False, email=False, sms=False)
    sms, mails = _counts()
    sent = actions.notify(
        carol, CHAT.key, params=PARAMS, sms=True, email=True, actor=system_actor()
    )
    assert sent is not None and sent.channels == [] and not sent.in_site
    assert _counts() == (sms, mails) and unread_count(carol) == 0


def test_mandatory_service_notices_are_always_stored_in_the_site(carol) -> None:
    # The site channel of a mandatory category cannot be switched off at all ...
    with pytest.raises(DomainError) as refused:
        choose(carol, "account", site=False)
    assert refused.value.code == "notification_site_required"
    # ... and a mandatory kind reaches the site whatever its category's choice.
    choose(carol, "other", site=False, email=False, sms=False)
    assert SECURITY.category == "other" and SECURITY.mandatory
    sms, mails = _counts()
    sent = actions.notify(carol, SECURITY.key, sms=True, email=True, actor=system_actor())
    assert sent is not None and sent.channels == ["site"] and sent.in_site
    assert _counts() == (sms, mails)  # e-mail and SMS still follow the choice
    assert unread_count(carol) == 1
    hidden = actions.notify(carol, PLAIN.key, actor=system_actor())
    assert hidden is not None and not hidden.in_site and unread_count(carol) == 1


def test_organisation_notices_reach_the_site_of_staff_who_switched_everything_off(bob) -> None:
    with pytest.raises(DomainError):
        choose(bob, "organisation", site=False)
    choose(bob, "organisation", email=False, sms=False)
    sent = actions.notify(
        bob,
        "orgs.verification_approved",
        params={"org": "蓝海科技"},
        sms=True,
        actor=system_actor(),
    )
    assert sent is not None and sent.channels == ["site"] and sent.in_site


# --- the action -----------------------------------------------------------------------------


def test_set_preferences_audits_what_changed_only(carol) -> None:
    actions.set_preferences(
        carol,
        {"messages": {"email": False, "sms": None}, "interviews": {"sms": True}},
        actor=_web(carol),
    )
    [event] = AuditEvent.objects.filter(action="notifications.preferences_changed")
    assert event.object_id == str(carol.pk)
    assert event.before == {"messages": {"email": True}}
    assert event.after == {"messages": {"email": False}}
    assert choice_for(carol, "messages") == Choice(site=True, email=False, sms=False)
    assert choice_for(carol, "interviews") == DEFAULTS["interviews"]
    actions.set_preferences(carol, {"messages": {"email": False}}, actor=_web(carol))
    assert AuditEvent.objects.filter(action="notifications.preferences_changed").count() == 1


def test_nothing_changes_when_one_change_is_refused(carol) -> None:
    with pytest.raises(DomainError) as refused:
        actions.set_preferences(
            carol,
            {"messages": {"email": False}, "organisation": {"site": False}},
            actor=_web(carol),
        )
    assert refused.value.code == "notification_site_required"
    assert not NotificationPreference.objects.exists()
    assert not AuditEvent.objects.filter(action="notifications.preferences_changed").exists()


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"holidays": {"email": True}}, "notification_category_unknown"),
        ({"messages": {"fax": True}}, "notification_category_unknown"),
        ({"marketing": {"site": True}}, "notification_channel_unavailable"),
        ({"account": {"site": False}}, "notification_site_required"),
    ],
)
def test_wrong_changes_have_stable_codes(carol, changes, code) -> None:
    with pytest.raises(DomainError) as refused:
        actions.set_preferences(carol, changes, actor=_web(carol))
    assert refused.value.code == code and refused.value.status == 400


def test_only_the_person_changes_their_preferences(alice, carol) -> None:
    with pytest.raises(PermissionDenied):
        actions.set_preferences(carol, {"messages": {"email": False}}, actor=_web(alice))
    with pytest.raises(PermissionDenied):
        actions.set_preferences(carol, {"messages": {"email": False}}, actor=system_actor())
    assert not NotificationPreference.objects.exists()


def _consent_events(action: str) -> list[AuditEvent]:
    return [
        event
        for event in AuditEvent.objects.filter(action=action).order_by("seq")
        if event.after.get("purpose", "").startswith("marketing_")
    ]


def test_marketing_switches_are_the_consents_of_the_privacy_ledger(carol) -> None:
    grant_marketing(carol, email=True)
    assert has_consent(carol.pk, "marketing_email") and not has_consent(carol.pk, "marketing_sms")
    assert not NotificationPreference.objects.filter(category="marketing").exists()
    [granted] = _consent_events("privacy.consent_granted")
    assert granted.after["purpose"] == "marketing_email" and granted.after["channel"] == "web"
    line = {x.category: x for x in preferences_of(carol)}["marketing"]
    assert line.choice == Choice(site=False, email=True, sms=False)
    actions.set_preferences(carol, {"marketing": {"email": False}}, actor=_web(carol))
    assert not has_consent(carol.pk, "marketing_email")
    [withdrawn] = _consent_events("privacy.consent_withdrawn")
    assert withdrawn.actor_label == f"user:{carol.pk}"


def test_min_02_a_minor_cannot_switch_marketing_on(yan) -> None:
    with pytest.raises(DomainError) as refused:
        grant_marketing(yan, email=True, sms=True)
    assert refused.value.code == "marketing_not_for_minors" and refused.value.status == 403
    assert not has_consent(yan.pk, "marketing_email")
    # switching it off is always possible
    actions.set_preferences(yan, {"marketing": {"email": False}}, actor=_web(yan))


# --- the settings page ----------------------------------------------------------------------


def test_settings_page_needs_a_signed_in_person(client: Client) -> None:
    response = client.get("/account/notifications/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_settings_page_shows_the_choices_with_fixed_ones_disabled(carol) -> None:
    html = _client(carol).get("/account/notifications/").content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert 'name="account-site" id="id_account-site" checked disabled' in html
    assert 'name="messages-sms" id="id_messages-sms">' in html
    assert 'name="interviews-sms" id="id_interviews-sms" checked>' in html
    assert 'name="marketing-email" id="id_marketing-email">' in html  # not pre-ticked (PI-02)
    assert 'name="marketing-site"' not in html
    assert 'href="/notifications/">Back to notifications</a>' in html


def test_settings_page_saves_the_form(carol) -> None:
    client = _client(carol)
    form = {
        "applications-site": "on", "applications-email": "on",
        "interviews-site": "on", "interviews-email": "on", "interviews-sms": "on",
        "messages-site": "on",
        "account-email": "on", "account-sms": "on",
        "organisation-email": "on", "organisation-sms": "on",
        "job_alerts-site": "on", "job_alerts-email": "on",
        "other-site": "on", "other-email": "on", "other-sms": "on",
        "marketing-sms": "on",
    }  # fmt: skip
    response = client.post("/account/notifications/", form, follow=True)
    assert "Your notification settings are saved." in response.content.decode()
    assert choice_for(carol, "messages") == Choice(site=True, email=False, sms=False)
    assert choice_for(carol, "applications") == Choice(site=True, email=True, sms=False)
    assert choice_for(carol, "account") == Choice(site=True, email=True, sms=True)
    assert has_consent(carol.pk, "marketing_sms") and not has_consent(carol.pk, "marketing_email")
    assert NotificationPreference.objects.filter(user=carol).count() == 2  # what changed


def test_a_minor_sees_marketing_disabled_and_the_form_ignores_it(yan) -> None:
    client = _client(yan)
    html = client.get("/account/notifications/").content.decode()
    assert 'id="marketing-not-allowed"' in html
    assert 'name="marketing-email" id="id_marketing-email" disabled' in html
    response = client.post(
        "/account/notifications/", {"marketing-email": "on", "messages-site": "on"}, follow=True
    )
    assert response.status_code == 200
    assert not has_consent(yan.pk, "marketing_email")

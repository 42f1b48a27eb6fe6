"""/api/v1/me/notification-preferences: everyone signed in reads and changes their own
preferences only; strict bodies; stable error codes; the centre's category filter."""

from __future__ import annotations

from typing import Any

import pytest

from rencai.audit.models import AuditEvent
from rencai.core.actors import Actor, Channel, system_actor
from rencai.notifications import actions
from rencai.notifications.models import NotificationPreference
from rencai.notifications.queries import choice_for
from rencai.notifications.tests.conftest import CHAT, INTERVIEW, PARAMS, PLAIN
from rencai.privacy.queries import has_consent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kinds")]
BASE = "me/notification-preferences"
PERSONAS = ["alice", "yan", "bob", "dave", "carol", "oscar", "sam", "audrey", "rita"]


def _by_category(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["category"]: item for item in body["categories"]}


def test_anonymous_callers_are_refused_and_nothing_changes(api) -> None:
    assert api.get(BASE).status_code == 401
    response = api.call("PUT", BASE, {"categories": [{"category": "messages", "email": False}]})
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"
    assert not NotificationPreference.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_role_matrix_everyone_reads_and_changes_only_their_own(
    persona, request, api_as, alice
) -> None:
    user = request.getfixturevalue(persona)
    client = api_as(user)
    body = client.get(BASE, HTTP_ACCEPT_LANGUAGE="en").json()
    lines = _by_category(body)
    assert lines["messages"] == {
        "category": "messages",
        "label": "Messages",
        "channels": ["site", "email", "sms"],
        "site": True,
        "email": True,
        "sms": False,
        "site_locked": False,
        "consent_based": False,
    }
    assert lines["marketing"]["site"] is None and lines["marketing"]["consent_based"] is True
    assert body["marketing_allowed"] is (persona != "yan")
    response = client.call("PUT", BASE, {"categories": [{"category": "messages", "email": False}]})
    assert response.status_code == 200
    assert _by_category(response.json())["messages"]["email"] is False
    assert choice_for(user, "messages").email is False
    if user != alice:
        assert choice_for(alice, "messages").email is True  # nobody else's changed
    assert NotificationPreference.objects.exclude(user=user).count() == 0


def test_put_changes_several_categories_and_marketing_consents(api_as, carol) -> None:
    response = api_as(carol).call(
        "PUT",
        BASE,
        {
            "categories": [
                {"category": "interviews", "sms": False},
                {"category": "job_alerts", "site": False, "email": None},
                {"category": "marketing", "email": True},
            ]
        },
    )
    assert response.status_code == 200
    lines = _by_category(response.json())
    assert (lines["interviews"]["sms"], lines["job_alerts"]["site"]) == (False, False)
    assert lines["job_alerts"]["email"] is True  # null leaves it as it was
    assert lines["marketing"]["email"] is True and has_consent(carol.pk, "marketing_email")
    consent = [
        event
        for event in AuditEvent.objects.filter(action="privacy.consent_granted")
        if event.after["purpose"] == "marketing_email"
    ]
    assert len(consent) == 1 and consent[0].after["channel"] == "api"
    event = AuditEvent.objects.get(action="notifications.preferences_changed")
    assert event.after == {
        "interviews": {"sms": False},
        "job_alerts": {"site": False},
        "marketing": {"email": True},
    }


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"categories": [{"category": "holidays", "email": True}]}, 400,
         "notification_category_unknown"),
        ({"categories": [{"category": "account", "site": False}]}, 400,
         "notification_site_required"),
        ({"categories": [{"category": "organisation", "site": False}]}, 400,
         "notification_site_required"),
        ({"categories": [{"category": "marketing", "site": True}]}, 400,
         "notification_channel_unavailable"),
        ({"categories": [{"category": "messages", "email": False},
                         {"category": "messages", "sms": True}]}, 400,
         "notification_category_repeated"),
        ({"categories": [{"category": "messages", "fax": True}]}, 422, "validation_error"),
        ({"categories": [], "extra": 1}, 422, "validation_error"),
        ({"categories": [{"category": "messages", "email": "perhaps"}]}, 422,
         "validation_error"),
        ({}, 422, "validation_error"),
    ],
)  # fmt: skip
def test_wrong_bodies_have_stable_codes_and_change_nothing(api_as, carol, body, status, code):
    response = api_as(carol).call("PUT", BASE, body)
    assert response.status_code == status and response.json()["code"] == code
    assert not NotificationPreference.objects.exists()
    assert not AuditEvent.objects.filter(action="notifications.preferences_changed").exists()


def test_min_02_minors_cannot_switch_marketing_on(api_as, yan) -> None:
    response = api_as(yan).call(
        "PUT", BASE, {"categories": [{"category": "marketing", "email": True, "sms": True}]}
    )
    assert response.status_code == 403 and response.json()["code"] == "marketing_not_for_minors"
    assert not has_consent(yan.pk, "marketing_email") and not has_consent(yan.pk, "marketing_sms")


def test_the_notification_list_filters_by_category(api_as, alice) -> None:
    actions.notify(alice, CHAT.key, params=PARAMS, actor=system_actor())
    actions.notify(alice, INTERVIEW.key, params=PARAMS, actor=system_actor())
    actions.notify(alice, PLAIN.key, actor=system_actor())
    client = api_as(alice)
    body = client.get("me/notifications?category=messages").json()
    assert body["total"] == 1 and body["items"][0]["kind"] == CHAT.key
    assert body["items"][0]["category"] == "messages"
    assert client.get("me/notifications").json()["total"] == 3
    wrong = client.get("me/notifications?category=holidays")
    assert wrong.status_code == 400 and wrong.json()["code"] == "notification_category_unknown"


def test_hidden_records_are_not_in_the_api(api_as, alice) -> None:
    actions.set_preferences(
        alice, {"messages": {"site": False}}, actor=Actor(alice, channel=Channel.WEB)
    )
    hidden = actions.notify(alice, CHAT.key, params=PARAMS, email=True, actor=system_actor())
    assert hidden is not None and not hidden.in_site
    client = api_as(alice)
    assert client.get("me/notifications").json()["total"] == 0
    assert client.get("me/notifications/unread-count").json() == {"unread": 0}
    assert client.post(f"me/notifications/{hidden.pk}/read").status_code == 404

"""/api/v1/me/notifications: own notifications only, texts in the request's language."""

from __future__ import annotations

import pytest

from rencai.core.actors import system_actor
from rencai.notifications import actions
from rencai.notifications.models import Notification
from rencai.notifications.tests.conftest import INTERVIEW, PARAMS, PLAIN

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kinds")]
BASE = "me/notifications"


def test_list_with_texts_in_the_request_language(api_as, alice, bob) -> None:
    older = actions.notify(alice, PLAIN.key, actor=system_actor())
    newer = actions.notify(
        alice, INTERVIEW.key, params=PARAMS, url="/applications/1/", actor=system_actor()
    )
    actions.notify(bob, PLAIN.key, actor=system_actor())
    client = api_as(alice)
    body = client.get(BASE, HTTP_ACCEPT_LANGUAGE="en").json()
    assert (body["total"], body["page"], body["page_size"]) == (2, 1, 20)
    first, second = body["items"]
    assert first == {
        "id": str(newer.pk),
        "kind": INTERVIEW.key,
        "category": "interviews",
        "title": "Interview invitation: Java 开发工程师",
        "body": "蓝海科技 invites you to an interview.",
        "url": "/applications/1/",
        "read": False,
        "created_at": first["created_at"],
    }
    assert second["id"] == str(older.pk) and second["title"] == "System notice"
    chinese = client.get(BASE).json()["items"][0]
    assert chinese["title"] == "面试邀请：Java 开发工程师"


def test_pagination(api_as, alice) -> None:
    for _ in range(5):
        actions.notify(alice, PLAIN.key, actor=system_actor())
    client = api_as(alice)
    body = client.get(f"{BASE}?page=3&page_size=2").json()
    assert (body["total"], len(body["items"])) == (5, 1)
    response = client.get(f"{BASE}?page_size=500")
    assert response.status_code == 400 and response.json()["code"] == "pagination_invalid"


def test_unread_count_read_one_and_read_all(api_as, alice) -> None:
    first, _second, _third = (
        actions.notify(alice, PLAIN.key, actor=system_actor()) for _ in range(3)
    )
    client = api_as(alice)
    assert client.get(f"{BASE}/unread-count").json() == {"unread": 3}
    read = client.post(f"{BASE}/{first.pk}/read")
    assert read.status_code == 200 and read.json()["read"] is True
    assert client.post(f"{BASE}/{first.pk}/read").json()["read"] is True  # idempotent
    assert client.get(f"{BASE}/unread-count").json() == {"unread": 2}
    assert client.post(f"{BASE}/read-all").json() == {"marked": 2}
    assert client.post(f"{BASE}/read-all").json() == {"marked": 0}
    assert client.get(f"{BASE}/unread-count").json() == {"unread": 0}


def test_someone_elses_notification_is_not_found(api_as, alice, bob) -> None:
    notification = actions.notify(alice, PLAIN.key, actor=system_actor())
    client = api_as(bob)
    response = client.post(f"{BASE}/{notification.pk}/read")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert Notification.objects.get().read_at is None
    assert client.get(BASE).json()["total"] == 0
    assert client.get(f"{BASE}/unread-count").json() == {"unread": 0}
    assert client.post(f"{BASE}/read-all").json() == {"marked": 0}
    assert Notification.objects.get().read_at is None
    assert client.post(f"{BASE}/not-a-uuid/read").status_code == 422


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", BASE),
        ("GET", f"{BASE}/unread-count"),
        ("POST", f"{BASE}/read-all"),
        ("POST", f"{BASE}/00000000-0000-0000-0000-000000000000/read"),
    ],
)
def test_anonymous_callers_are_refused(api, alice, method: str, path: str) -> None:
    actions.notify(alice, PLAIN.key, actor=system_actor())
    response = api.call(method, path, {} if method == "POST" else None)
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"
    assert Notification.objects.get().read_at is None

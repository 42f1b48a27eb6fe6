"""The notification centre: tabs per category with unread counts, filtering, empty states,
marking one read without leaving the page, constant queries however many notifications."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from rencai.core.actors import system_actor
from rencai.notifications import actions
from rencai.notifications.models import Notification
from rencai.notifications.tests.conftest import CHAT, INTERVIEW, PARAMS, PLAIN

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kinds")]
LOGIN = "rencai.accounts.backends.RencaiBackend"
HTMX = {"HTTP_HX_REQUEST": "true"}


def _client(user) -> Client:
    client = Client()
    client.force_login(user, backend=LOGIN)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _send(user, kind: str, n: int = 1, url: str = "") -> list[Notification]:
    params = PARAMS if kind in (INTERVIEW.key, CHAT.key) else None
    sent = [
        actions.notify(user, kind, params=params, url=url, actor=system_actor()) for _ in range(n)
    ]
    return [notification for notification in sent if notification is not None]


def test_tabs_show_unread_counts_per_category_and_filter(alice, bob) -> None:
    _send(alice, CHAT.key, 2)
    _send(alice, INTERVIEW.key)
    _send(bob, CHAT.key, 5)
    client = _client(alice)
    html = client.get("/notifications/").content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert 'aria-current="page" data-category="">All' in html
    assert 'data-category="messages">Messages <span class="tab-count nums"' in html
    assert 'aria-label="2 unread">2</span>' in html and 'aria-label="1 unread">1</span>' in html
    assert html.count('role="listitem"') == 3
    assert 'href="/account/notifications/" id="notification-settings"' in html
    filtered = client.get("/notifications/?category=messages").content.decode()
    assert filtered.count('role="listitem"') == 2
    assert 'aria-current="page" data-category="messages"' in filtered
    assert 'data-category="interviews"' in filtered  # the other tabs stay
    assert "3 unread notifications" in filtered  # the summary counts everything


def test_an_unknown_category_shows_everything(alice) -> None:
    _send(alice, CHAT.key)
    html = _client(alice).get("/notifications/?category=holidays").content.decode()
    assert html.count('role="listitem"') == 1


def test_an_empty_category_has_its_own_empty_state(alice) -> None:
    _send(alice, CHAT.key)
    html = _client(alice).get("/notifications/?category=interviews").content.decode()
    assert 'class="empty-state"' in html
    assert "You have no notifications about “Interviews”." in html
    assert 'href="/notifications/">Show all notifications' in html


def test_pagination_keeps_the_category(alice) -> None:
    _send(alice, CHAT.key, 21)
    _send(alice, PLAIN.key, 3)
    html = _client(alice).get("/notifications/?category=messages").content.decode()
    assert html.count('role="listitem"') == 20
    assert 'href="?category=messages&amp;page=2" rel="next"' in html
    second = _client(alice).get("/notifications/?category=messages&page=2").content.decode()
    assert second.count('role="listitem"') == 1


def test_mark_one_read_without_opening_its_link(alice) -> None:
    [first, _second] = _send(alice, CHAT.key, 2, url="/applications/1/")
    client = _client(alice)
    html = client.get("/notifications/?category=messages").content.decode()
    assert html.count("notification-mark-read") == 2
    response = client.post(
        f"/notifications/{first.pk}/open/?category=messages&page=1", {"stay": "1"}, **HTMX
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="notifications"' in page and "1 unread notification" in page
    assert page.count("notification-mark-read") == 1
    first.refresh_from_db()
    assert first.read_at is not None
    plain = client.post(f"/notifications/{_second.pk}/open/?category=messages", {"stay": "1"})
    assert plain.status_code == 302 and plain["Location"] == "/notifications/?category=messages"


def test_the_centre_takes_the_same_queries_however_many_notifications(
    alice, django_assert_num_queries
) -> None:
    _send(alice, CHAT.key, 2)
    client = _client(alice)
    client.get("/notifications/")  # warm caches (session, legal documents)
    # session, user, roles, legal notices, unread per category (the bell reuses it),
    # page count, page rows
    with django_assert_num_queries(7):
        assert client.get("/notifications/").status_code == 200
    _send(alice, INTERVIEW.key, 30)
    _send(alice, PLAIN.key, 30)
    with django_assert_num_queries(7):
        assert client.get("/notifications/").status_code == 200
    with django_assert_num_queries(7):
        assert client.get("/notifications/?category=interviews&page=2").status_code == 200


def test_the_page_works_on_small_screens(alice) -> None:
    _send(alice, CHAT.key)
    html = _client(alice).get("/notifications/").content.decode()
    assert '<meta name="viewport" content="width=device-width' in html
    assert '<nav class="tabs"' in html  # the tab bar scrolls sideways on narrow screens

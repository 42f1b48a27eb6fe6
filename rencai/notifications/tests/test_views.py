"""The notifications page, opening one, marking all read, the bell in the navigation."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from rencai.core.actors import system_actor
from rencai.notifications import actions
from rencai.notifications.context_processors import notifications as notifications_context
from rencai.notifications.models import Notification
from rencai.notifications.queries import unread_count
from rencai.notifications.tests.conftest import INTERVIEW, PARAMS, PLAIN

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kinds")]
LOGIN = "rencai.accounts.backends.RencaiBackend"


def _client(user) -> Client:
    client = Client()
    client.force_login(user, backend=LOGIN)
    return client


def _send(user, n: int = 1, *, kind: str = PLAIN.key, url: str = "") -> list[Notification | None]:
    params = PARAMS if kind == INTERVIEW.key else None
    return [
        actions.notify(user, kind, params=params, url=url, actor=system_actor()) for _ in range(n)
    ]


def test_the_page_needs_a_signed_in_person(client: Client) -> None:
    response = client.get("/notifications/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_empty_page_in_chinese_and_english(alice) -> None:
    client = _client(alice)
    html = client.get("/notifications/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert 'class="empty-state"' in html and 'id="mark-all-read"' not in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/notifications/").content.decode()
    assert '<html lang="en">' in html
    assert "No notifications yet" in html and "You have read all your notifications." in html


def test_old_notifications_follow_the_site_language(alice) -> None:
    _send(alice, kind=INTERVIEW.key)
    client = _client(alice)
    assert "面试邀请：Java 开发工程师" in client.get("/notifications/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/notifications/").content.decode()
    assert "Interview invitation: Java 开发工程师" in html
    assert "1 unread notification" in html


def test_list_is_paginated_newest_first_with_unread_marked(alice, bob) -> None:
    _send(alice, 24)
    newest = _send(alice, kind=INTERVIEW.key)[0]
    _send(bob, 3)
    client = _client(alice)
    html = client.get("/notifications/").content.decode()
    assert html.count('role="listitem"') == 20
    assert html.count('data-unread="true"') == 20
    assert html.index(f'id="notification-{newest.pk}"') < html.index("系统通知")
    assert 'class="pagination"' in html and "?page=2" in html
    page_two = client.get("/notifications/?page=2").content.decode()
    assert page_two.count('role="listitem"') == 5


def test_the_page_runs_a_constant_number_of_queries(alice) -> None:
    client = _client(alice)
    _send(alice, 3)
    client.get("/notifications/")  # warm the session and caches
    with CaptureQueriesContext(connection) as small:
        assert client.get("/notifications/").status_code == 200
    _send(alice, 17)
    with CaptureQueriesContext(connection) as large:
        assert client.get("/notifications/").status_code == 200
    assert len(small) == len(large)
    counts = [q["sql"] for q in large.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len([sql for sql in counts if "read_at" in sql]) == 1  # the bell and the header share it


def test_opening_marks_read_and_follows_the_link(alice) -> None:
    [notification] = _send(alice, url="/account/security/")
    client = _client(alice)
    response = client.post(f"/notifications/{notification.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/account/security/"
    assert Notification.objects.get().read_at is not None
    assert client.get(f"/notifications/{notification.pk}/open/").status_code == 405


def test_opening_without_a_link_returns_to_the_list(alice) -> None:
    [notification] = _send(alice)
    response = _client(alice).post(f"/notifications/{notification.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/notifications/"


@pytest.mark.parametrize(
    "url", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"]
)
def test_opening_never_redirects_off_the_site(alice, url: str) -> None:
    [notification] = _send(alice)
    Notification.objects.filter(pk=notification.pk).update(url=url)  # a row written elsewhere
    response = _client(alice).post(f"/notifications/{notification.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/notifications/"


def test_someone_elses_notification_is_not_found(alice, bob) -> None:
    [notification] = _send(alice, url="/account/security/")
    response = _client(bob).post(f"/notifications/{notification.pk}/open/")
    assert response.status_code == 404
    assert Notification.objects.get().read_at is None
    assert f"notification-{notification.pk}" not in _client(bob).get("/notifications/").text


def test_mark_all_read_with_and_without_htmx(alice, bob) -> None:
    _send(alice, 2)
    _send(bob, 1)
    client = _client(alice)
    response = client.post("/notifications/read-all/")
    assert response.status_code == 302 and response["Location"] == "/notifications/"
    assert unread_count(alice) == 0 and unread_count(bob) == 1
    _send(alice, 1)
    fragment = client.post("/notifications/read-all/", HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert fragment.status_code == 200
    assert 'id="notifications"' in html and 'data-unread="true"' not in html
    assert 'id="nav-notifications-badge"' not in html
    assert unread_count(alice) == 0


def test_the_bell_shows_the_unread_count(client: Client, alice) -> None:
    assert 'id="nav-notifications"' not in client.get("/").content.decode()
    signed_in = _client(alice)
    html = signed_in.get("/notifications/").content.decode()
    assert 'id="nav-notifications"' in html and 'id="nav-notifications-badge"' not in html
    _send(alice, 3)
    signed_in.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = signed_in.get("/account/security/").content.decode()
    assert 'id="nav-notifications-badge" aria-hidden="true">3<' in html
    assert 'aria-label="Notifications, 3 unread"' in html
    _send(alice, 100)
    assert 'aria-hidden="true">99+<' in signed_in.get("/account/security/").content.decode()


def test_unread_count_is_one_query_and_computed_once_per_request(
    alice, django_assert_num_queries
) -> None:
    _send(alice, 2)
    with django_assert_num_queries(1):
        assert unread_count(alice) == 2
    request = RequestFactory().get("/")
    request.user = alice
    with django_assert_num_queries(0):
        context = notifications_context(request)  # nothing happens until a template asks
    with django_assert_num_queries(1):
        assert context["unread_notifications"]() == 2
        assert context["unread_notifications"]() == 2
        assert notifications_context(request)["unread_notifications"]() == 2


def test_anonymous_visitors_cost_no_query(django_assert_num_queries) -> None:
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert notifications_context(request)["unread_notifications"]() == 0

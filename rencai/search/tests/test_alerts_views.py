"""The saved-search pages: the button on the search page, the list with its controls, and
who may use them. Texts are asserted through ids and attributes (they get translated)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import Client, RequestFactory

from rencai.accounts.models import User
from rencai.audit.models import AuditEvent
from rencai.core.actors import cli_actor
from rencai.search.alerts import save_search
from rencai.search.models import SavedSearch
from rencai.search.params import SearchParams, parse_params

pytestmark = pytest.mark.django_db

LIST = "/jobs/saved-searches/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def browser(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend="rencai.accounts.backends.RencaiBackend")
    return client


def button(user: User | None, params: SearchParams) -> str:
    request = RequestFactory().get("/jobs/", {"q": "Python"})
    request.user = user if user is not None else AnonymousUser()
    return render_to_string("search/_save_search.html", {"params": params}, request=request)


def save(user: User, **params: str) -> SavedSearch:
    return save_search(user, parse_params(params), actor=cli_actor(user))


# --- the button on the search page ------------------------------------------------------------


def test_seekers_get_the_save_button_with_the_search(alice: User) -> None:
    html = button(alice, parse_params({"q": "Python", "division": "440300", "page": "2"}))
    assert 'id="save-search-button"' in html
    assert 'action="/jobs/saved-searches/"' in html
    assert 'name="query" value="q=Python&amp;division=440300&amp;page=2"' in html


def test_a_blank_search_has_no_button(alice: User) -> None:
    html = button(alice, SearchParams())
    assert 'id="save-search"' in html
    assert "save-search-button" not in html


def test_visitors_get_a_sign_in_link_and_staff_nothing(bob: User) -> None:
    params = parse_params({"q": "Python"})
    visitor = button(None, params)
    assert 'href="/accounts/login/?next=/jobs/%3Fq%3DPython"' in visitor
    assert "save-search-button" not in visitor
    staff = button(bob, params)
    assert "save-search-button" not in staff
    assert "/accounts/login/" not in staff


def test_the_button_saves_with_htmx(alice: User) -> None:
    response = browser(alice).post(
        LIST, {"query": "q=Python&division=440300&page=2", "frequency": "daily"}, **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="save-search"' in html
    assert "alert-success" in html
    saved = SavedSearch.objects.get()
    assert (saved.owner_id, saved.query) == (alice.pk, "q=Python&division=440300")
    assert AuditEvent.objects.get(action="search.saved_search_created").channel == "web"


def test_the_button_reports_why_not(alice: User) -> None:
    client = browser(alice)
    client.post(LIST, {"query": "q=Python"}, **HTMX)
    again = client.post(LIST, {"query": "q=Python"}, **HTMX)
    assert again.status_code == 200
    assert "alert-warning" in again.content.decode()
    for query in (
        "pay_min=abc",
        "gender=male&q=x",
        "",
        "q=" + "x" * 200,
        "%FF%ZZ=1",
        "a&" * 1500,  # more fields than Django parses
        "q=x&" * 1200,  # longer than any saved search
    ):
        response = client.post(LIST, {"query": query}, **HTMX)
        assert response.status_code == 200, query
        assert "alert-warning" in response.content.decode()
    assert SavedSearch.objects.count() == 1


def test_without_htmx_saving_redirects_to_the_list(alice: User) -> None:
    response = browser(alice).post(LIST, {"query": "q=Python"}, follow=True)
    assert response.redirect_chain == [(LIST, 302)]
    assert 'class="alert alert-success"' in response.content.decode()
    refused = browser(alice).post(LIST, {"query": "q=Python"}, follow=True)
    assert 'class="alert alert-danger"' in refused.content.decode()


# --- the list ---------------------------------------------------------------------------------


def test_the_empty_list_invites_a_search(alice: User) -> None:
    response = browser(alice).get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="empty-state"' in html
    assert 'href="/jobs/"' in html


def test_the_list_shows_each_search_with_its_controls(alice: User) -> None:
    saved = save(alice, q="Python", division="440300")
    response = browser(alice).get(LIST)
    html = response.content.decode()
    assert f'id="saved-search-{saved.pk}"' in html
    assert "Python · 深圳市" in html
    assert 'href="/jobs/?q=Python&amp;division=440300&amp;sort=newest"' in html
    assert f'action="/jobs/saved-searches/{saved.pk}/delete/"' in html
    assert "data-confirm=" in html
    assert f'name="email" value="1" disabled aria-describedby="email-{saved.pk}-help"' in html


def test_the_list_takes_six_queries_however_many_searches(
    alice: User, django_assert_num_queries: object
) -> None:
    for number in range(5):
        save(alice, q=f"job{number}")
    client = browser(alice)
    client.get(LIST)  # warm caches (session, legal documents)
    # session, user, roles, saved searches, legal notices, unread notifications
    with django_assert_num_queries(6):  # type: ignore[operator]
        assert client.get(LIST).status_code == 200


def test_renaming_and_changing_the_alert(alice: User) -> None:
    saved = save(alice, q="Python")
    response = browser(alice).post(
        f"{LIST}{saved.pk}/", {"name": "  后端 Python ", "frequency": "instant"}, **HTMX
    )
    assert response.status_code == 200
    assert 'id="saved-searches"' in response.content.decode()
    saved.refresh_from_db()
    assert (saved.name, saved.frequency, saved.by_email) == ("后端 Python", "instant", False)


def test_changing_shows_errors_in_place(alice: User) -> None:
    saved = save(alice, q="Python")
    client = browser(alice)
    for data in (
        {"name": "", "frequency": "daily"},
        {"name": "ok", "frequency": "weekly"},
        {"name": "ok", "frequency": "daily", "email": "1"},  # no address
        {"name": "电话13800138000", "frequency": "daily"},
    ):
        response = client.post(f"{LIST}{saved.pk}/", data, **HTMX)
        assert response.status_code == 200, data
        assert 'class="alert alert-danger" role="alert"' in response.content.decode(), data
    plain = client.post(f"{LIST}{saved.pk}/", {"name": "", "frequency": "daily"})
    assert plain.status_code == 302
    saved.refresh_from_db()
    assert (saved.name, saved.frequency) == ("Python", "daily")


def test_email_can_be_chosen_with_an_address(alice: User) -> None:
    User.objects.filter(pk=alice.pk).update(email="alice@example.com")
    saved = save(alice, q="Python")
    browser(alice).post(
        f"{LIST}{saved.pk}/", {"name": "Python", "frequency": "daily", "email": "1"}
    )
    saved.refresh_from_db()
    assert saved.by_email is True


def test_deleting(alice: User) -> None:
    saved = save(alice, q="Python")
    response = browser(alice).post(f"{LIST}{saved.pk}/delete/", **HTMX)
    assert response.status_code == 200
    assert 'class="empty-state"' in response.content.decode()
    assert not SavedSearch.objects.exists()
    assert browser(alice).post(f"{LIST}{saved.pk}/delete/").status_code == 404


def test_another_persons_search_is_not_found(alice: User, yan: User) -> None:
    saved = save(alice, q="Python")
    client = browser(yan)
    assert client.post(f"{LIST}{saved.pk}/", {"name": "x", "frequency": "off"}).status_code == 404
    assert client.post(f"{LIST}{saved.pk}/delete/").status_code == 404
    assert SavedSearch.objects.get().name == "Python"


def test_pages_are_for_signed_in_seekers(bob: User, oscar: User) -> None:
    anonymous = Client().get(LIST)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")
    for user in (bob, oscar):
        response = browser(user).get(LIST)
        assert response.status_code == 403
        assert "error-page" in response.content.decode()
        assert browser(user).post(LIST, {"query": "q=Python"}).status_code == 403
    assert not SavedSearch.objects.exists()


def test_only_get_and_post(alice: User) -> None:
    assert browser(alice).put(LIST).status_code == 405
    assert browser(alice).get(f"{LIST}00000000-0000-0000-0000-000000000000/").status_code == 405

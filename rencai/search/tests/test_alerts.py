"""Saved searches and job alerts: saving, limits, the alert runs, e-mail, unsubscribing,
minors, audit events, and the API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext

from conftest import ApiClient
from rencai.accounts.models import User
from rencai.audit.models import AuditEvent
from rencai.core.actors import cli_actor
from rencai.core.errors import DomainError
from rencai.jobs.content import Location
from rencai.jobs.models import JobPosting
from rencai.notifications.models import Notification
from rencai.orgs.models import Organisation
from rencai.providers.models import SandboxEmailMessage
from rencai.search import alerts
from rencai.search.alerts import (
    MAX_SAVED_SEARCHES,
    run_alerts,
    save_search,
    unsubscribe_token,
    update_saved_search,
)
from rencai.search.models import AlertFrequency, SavedSearch
from rencai.search.notices import JOB_ALERT
from rencai.search.params import parse_params
from rencai.testing import orgs as org_seeds
from rencai.testing.jobs import publish

pytestmark = pytest.mark.django_db

SHENZHEN = "440300"
SHANGHAI_PUDONG = "310115"


@pytest.fixture
def company_a(db: None) -> Organisation:
    return org_seeds.build_org(org_seeds.COMPANY_A)


@pytest.fixture
def start() -> dt.datetime:
    return timezone.now().replace(microsecond=0)


@pytest.fixture
def clock(start: dt.datetime) -> Callable[[int], time_machine.travel]:
    """``with clock(n):`` runs the block ``n`` minutes after the test started."""

    def at(minutes: int) -> time_machine.travel:
        return time_machine.travel(start + dt.timedelta(minutes=minutes), tick=False)

    return at


@pytest.fixture
def post(company_a: Organisation, bob: User, oscar: User) -> Callable[..., JobPosting]:
    """Publish a posting of company A (Python developer in Shenzhen unless changed)."""

    def publish_one(title: str = "Python 后端开发工程师", **changes: object) -> JobPosting:
        return publish(company_a, bob, oscar, title=title, **changes)

    return publish_one


def save(user: User, query: str, **options: object) -> SavedSearch:
    return save_search(
        user,
        parse_params(dict(pair.split("=") for pair in query.split("&"))),
        actor=cli_actor(user),
        **options,
    )


def alerts_for(user: User) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind=JOB_ALERT).order_by("created_at"))


def give_email(user: User, address: str) -> User:
    User.objects.filter(pk=user.pk).update(email=address)
    user.refresh_from_db()
    return user


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


# --- saving ---------------------------------------------------------------------------------


def test_saving_stores_the_canonical_query_and_a_name_made_from_the_search(alice: User) -> None:
    params = parse_params({"page": "3", "sort": "newest", "division": SHENZHEN, "q": " Java开发 "})
    saved = save_search(alice, params, actor=cli_actor(alice))
    assert saved.query == "q=Java%E5%BC%80%E5%8F%91&division=440300&sort=newest"
    assert saved.query == params.query_string(paging=False)
    assert saved.name == "Java开发 · 深圳市"
    assert saved.frequency == AlertFrequency.DAILY
    assert saved.by_email is False
    assert saved.channels == ["site"]
    assert saved.last_checked_at.microsecond == 0
    [event] = events("search.saved_search_created")
    assert event.object_id == str(saved.pk)
    assert event.actor_id == alice.pk
    assert event.after == {
        "frequency": "daily",
        "email": False,
        "filters": ["division"],
        "has_words": True,
    }


def test_the_same_search_is_saved_once_whatever_the_page_or_parameter_order(alice: User) -> None:
    save(alice, "q=Python&division=440300")
    with pytest.raises(DomainError) as caught:
        save(alice, "division=440300&page=2&q=Python")
    assert caught.value.code == "saved_search_exists"
    assert caught.value.status == 409
    assert SavedSearch.objects.count() == 1


def test_a_person_keeps_at_most_twenty_saved_searches(alice: User, yan: User) -> None:
    for number in range(MAX_SAVED_SEARCHES):
        save(alice, f"q=job{number}")
    with pytest.raises(DomainError) as caught:
        save(alice, "q=one-more")
    assert caught.value.code == "saved_search_limit"
    assert SavedSearch.objects.filter(owner=alice).count() == MAX_SAVED_SEARCHES
    save(yan, "q=one-more")  # the limit is per person


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("x" * 61, "saved_search_name_invalid"),
        ("call 13800138000", "saved_search_name_invalid"),
        ("me@example.com jobs", "saved_search_name_invalid"),
        ("\u0000\u0007", "saved_search_name_invalid"),
    ],
)
def test_names_are_short_and_carry_no_contact_details(alice: User, name: str, code: str) -> None:
    with pytest.raises(DomainError) as caught:
        save(alice, "q=Python", name=name)
    assert caught.value.code == code
    assert "name" in caught.value.fields
    assert not SavedSearch.objects.exists()


def test_names_are_tidied(alice: User) -> None:
    assert save(alice, "q=Python", name="  我的\n  Python  ").name == "我的 Python"


def test_a_search_that_looks_like_a_phone_number_gets_a_neutral_name(alice: User) -> None:
    assert save(alice, "q=13800138000").name == gettext("My job search")


def test_a_blank_search_and_unknown_frequencies_are_refused(alice: User) -> None:
    with pytest.raises(DomainError) as caught:
        save_search(alice, parse_params({"sort": "newest"}), actor=cli_actor(alice))
    assert caught.value.code == "saved_search_blank"
    with pytest.raises(DomainError) as caught:
        save(alice, "q=Python", frequency="weekly")
    assert caught.value.code == "saved_search_frequency_invalid"
    assert not SavedSearch.objects.exists()


def test_email_alerts_need_an_address(alice: User) -> None:
    with pytest.raises(DomainError) as caught:
        save(alice, "q=Python", email=True)
    assert caught.value.code == "saved_search_email_missing"
    saved = save(give_email(alice, "alice@example.com"), "q=Python", email=True)
    assert saved.channels == ["site", "email"]


def test_only_seekers_save_searches(bob: User, oscar: User) -> None:
    for user in (bob, oscar):
        with pytest.raises(DomainError) as caught:
            save(user, "q=Python")
        assert caught.value.code == "permission_denied"
    assert not SavedSearch.objects.exists()


def test_nobody_saves_for_someone_else(alice: User, yan: User) -> None:
    with pytest.raises(DomainError) as caught:
        save_search(alice, parse_params({"q": "Python"}), actor=cli_actor(yan))
    assert caught.value.code == "permission_denied"


# --- changing and deleting ------------------------------------------------------------------


def test_renaming_and_changing_the_alert_are_audited(
    alice: User, clock: Callable[[int], time_machine.travel], start: dt.datetime
) -> None:
    with clock(0):
        saved = save(alice, "q=Python")
    with clock(5):
        saved = update_saved_search(saved, frequency="off", actor=cli_actor(alice))
    assert saved.is_active is False
    with clock(60):
        saved = update_saved_search(
            saved, name="Python 岗位", frequency="instant", actor=cli_actor(alice)
        )
    assert (saved.name, saved.frequency) == ("Python 岗位", "instant")
    # Back on: the alert starts from now, not from before it was turned off.
    assert saved.last_checked_at == start + dt.timedelta(minutes=60)
    first, second = events("search.saved_search_updated")
    assert (first.before, first.after) == (
        {"frequency": "daily"},
        {"frequency": "off", "fields": ["frequency"]},
    )
    assert second.after == {
        "frequency": "instant",
        "fields": ["frequency", "last_checked_at", "name", "unsubscribed_at"],
    }
    update_saved_search(saved, name="Python 岗位", actor=cli_actor(alice))  # no change
    assert len(events("search.saved_search_updated")) == 2


def test_others_cannot_change_or_delete_a_saved_search(alice: User, yan: User, bob: User) -> None:
    saved = save(alice, "q=Python")
    with pytest.raises(DomainError) as caught:
        update_saved_search(saved, name="mine now", actor=cli_actor(yan))
    assert caught.value.code == "not_found"
    with pytest.raises(DomainError) as caught:
        alerts.delete_saved_search(saved, actor=cli_actor(bob))
    assert caught.value.code == "permission_denied"
    saved.refresh_from_db()
    assert saved.name == "Python"


def test_deleting_is_audited(alice: User) -> None:
    saved = save(alice, "q=Python", frequency="instant")
    alerts.delete_saved_search(saved, actor=cli_actor(alice))
    assert not SavedSearch.objects.exists()
    [event] = events("search.saved_search_deleted")
    assert event.object_id == str(saved.pk)
    assert event.before == {"frequency": "instant", "email": False}


# --- the alert run --------------------------------------------------------------------------


def test_an_instant_run_sends_one_alert_with_the_count_and_titles(
    alice: User, clock: Callable[[int], time_machine.travel], post: Callable[..., JobPosting]
) -> None:
    with clock(0):
        saved = save(alice, f"q=Python&division={SHENZHEN}", frequency="instant")
    with clock(1):
        post("Python 后端开发工程师")
        post("Python 数据工程师")
        post("Python 测试开发")
        post("Python 运维", locations=[Location(SHANGHAI_PUDONG, "张江路88号")])  # elsewhere
    with clock(5):
        report = run_alerts("instant")
    assert (report.checked, report.sent, report.postings, report.emailed) == (1, 1, 3, 0)
    [notification] = alerts_for(alice)
    assert notification.channels == ["site"]
    assert notification.params["count"] == "3"
    assert notification.params["name"] == saved.name
    assert set(notification.params["titles"].split("、")) == {
        "Python 后端开发工程师",
        "Python 数据工程师",
        "Python 测试开发",
    }
    assert notification.url == "/jobs/?q=Python&division=440300&sort=newest"
    assert notification.params["search_url"].endswith(notification.url)
    assert "/jobs/alerts/unsubscribe/" in notification.params["unsubscribe_url"]
    saved.refresh_from_db()
    with clock(5):
        assert saved.last_checked_at == timezone.now().replace(microsecond=0)
        assert saved.last_sent_at == timezone.now()
    [event] = events("search.alerts_run")
    assert event.after == {
        "frequency": "instant",
        "checked": 1,
        "sent": 1,
        "emailed": 0,
        "postings": 3,
        "skipped": 0,
        "failed": 0,
    }
    # Nothing new since: the next run sends nothing but moves the window on.
    with clock(10):
        report = run_alerts("instant")
        now = timezone.now()
    assert (report.checked, report.sent) == (1, 0)
    assert len(alerts_for(alice)) == 1
    saved.refresh_from_db()
    assert saved.last_checked_at == now


def test_only_postings_published_since_the_last_check_count(
    alice: User, clock: Callable[[int], time_machine.travel], post: Callable[..., JobPosting]
) -> None:
    with clock(0):
        post("Python 老职位")
    with clock(1):
        saved = save(alice, "q=Python", frequency="instant")
    with clock(5):
        assert run_alerts("instant").sent == 0
    with clock(6):
        post("Python 新职位")
    with clock(10):
        assert run_alerts("instant").sent == 1
    [notification] = alerts_for(alice)
    assert (notification.params["count"], notification.params["titles"]) == ("1", "Python 新职位")
    saved.refresh_from_db()
    assert saved.last_sent_at is not None


def test_postings_of_the_current_second_wait_for_the_next_run(
    alice: User, clock: Callable[[int], time_machine.travel], post: Callable[..., JobPosting]
) -> None:
    with clock(0):
        save(alice, "q=Python", frequency="instant")
    with clock(1):
        post("Python 甲")
        assert run_alerts("instant").sent == 0  # published in this very second
    with clock(2):
        assert run_alerts("instant").sent == 1
    assert alerts_for(alice)[0].params["titles"] == "Python 甲"


def test_a_daily_run_sends_daily_alerts_only(
    alice: User, clock: Callable[[int], time_machine.travel], post: Callable[..., JobPosting]
) -> None:
    with clock(0):
        daily = save(alice, "q=Python", frequency="daily")
        save(alice, f"q=Python&division={SHENZHEN}", frequency="instant")
        save(alice, "q=Python&sort=newest", frequency="off")
    with clock(1):
        post()
        post("Python 数据工程师")
    with clock(60 * 24):
        report = run_alerts("daily")
    assert (report.checked, report.sent, report.postings) == (1, 1, 2)
    [notification] = alerts_for(alice)
    assert notification.params["name"] == daily.name
    assert notification.params["count"] == "2"


def test_at_most_ten_titles_are_named_but_all_are_counted(
    alice: User, clock: Callable[[int], time_machine.travel], post: Callable[..., JobPosting]
) -> None:
    with clock(0):
        save(alice, "q=Python", frequency="instant")
    for minute in range(12):
        with clock(1 + minute):
            post(f"Python 岗位{minute:02d}")
    with clock(30):
        run_alerts("instant")
    [notification] = alerts_for(alice)
    assert notification.params["count"] == "12"
    titles = notification.params["titles"].split("、")
    assert titles == [f"Python 岗位{minute:02d}" for minute in range(11, 1, -1)]  # newest first


def test_email_goes_only_to_searches_that_chose_it_and_people_with_an_address(
    alice: User, clock: Callable[[int], time_machine.travel], post: Callable[..., JobPosting]
) -> None:
    give_email(alice, "alice@example.com")
    with clock(0):
        by_email = save(alice, "q=Python", frequency="instant", email=True)
        save(alice, f"q=Python&division={SHENZHEN}", frequency="instant")
    with clock(1):
        post()
    with clock(5):
        report = run_alerts("instant")
    assert (report.sent, report.emailed) == (2, 1)
    [mail] = SandboxEmailMessage.objects.all()
    assert mail.address == "alice@example.com"
    assert "/jobs/alerts/unsubscribe/" in mail.text
    assert unsubscribe_token(by_email) in mail.text
    assert "/jobs/?q=Python&sort=newest" in mail.text
    # RFC 8058: mail clients offer their own one-click unsubscribe button.
    assert mail.headers["List-Unsubscribe"].startswith("<http")
    assert unsubscribe_token(by_email) in mail.headers["List-Unsubscribe"]
    assert mail.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    channels = sorted(tuple(n.channels) for n in alerts_for(alice))
    assert channels == [("site",), ("site", "email")]
    # The address is removed later: alerts stay in the site.
    User.objects.filter(pk=alice.pk).update(email=None)
    with clock(6):
        post("Python 数据工程师")
    with clock(10):
        assert run_alerts("instant").emailed == 0
    assert SandboxEmailMessage.objects.count() == 1


def test_minors_never_hear_of_jobs_forbidden_to_them(
    alice: User,
    yan: User,
    clock: Callable[[int], time_machine.travel],
    post: Callable[..., JobPosting],
) -> None:
    with clock(0):
        save(alice, f"division={SHENZHEN}", frequency="instant")
        save(yan, f"division={SHENZHEN}", frequency="instant")
    with clock(1):
        mining = post(
            "井下采掘工",
            category="6-16",
            occupational_hazards="井下粉尘、噪声，配发防护用品",
            requirements="身体健康，持特种作业证者优先。",
        )
        post("Python 后端开发工程师")
    assert mining.minor_prohibited
    with clock(5):
        assert run_alerts("instant").sent == 2
    [for_alice] = alerts_for(alice)
    [for_yan] = alerts_for(yan)
    assert for_alice.params["count"] == "2"
    assert "井下采掘工" in for_alice.params["titles"]
    assert for_yan.params["count"] == "1"
    assert for_yan.params["titles"] == "Python 后端开发工程师"


def test_a_minor_with_only_forbidden_news_gets_no_alert(
    yan: User, clock: Callable[[int], time_machine.travel], post: Callable[..., JobPosting]
) -> None:
    with clock(0):
        save(yan, f"division={SHENZHEN}", frequency="instant")
    with clock(1):
        post(
            "井下采掘工",
            category="6-16",
            occupational_hazards="井下粉尘、噪声，配发防护用品",
            requirements="身体健康，持特种作业证者优先。",
        )
    with clock(5):
        assert run_alerts("instant").sent == 0
    assert alerts_for(yan) == []


def test_closed_accounts_and_former_seekers_get_no_alerts(
    alice: User, clock: Callable[[int], time_machine.travel], post: Callable[..., JobPosting]
) -> None:
    with clock(0):
        save(alice, "q=Python", frequency="instant")
    alice.role_grants.update(revoked_at=timezone.now())
    with clock(1):
        post()
    with clock(5):
        report = run_alerts("instant")
    assert (report.checked, report.skipped, report.sent) == (1, 1, 0)
    User.objects.filter(pk=alice.pk).update(is_active=False)
    with clock(10):
        assert run_alerts("instant").checked == 0
    assert alerts_for(alice) == []


def test_a_broken_search_is_logged_and_the_others_go_on(
    alice: User,
    yan: User,
    clock: Callable[[int], time_machine.travel],
    post: Callable[..., JobPosting],
) -> None:
    with clock(0):
        broken = save(alice, "q=Python", frequency="instant")
        save(yan, "q=Python", frequency="instant")
    SavedSearch.objects.filter(pk=broken.pk).update(query="division=999999")
    with clock(1):
        post()
    with clock(5):
        report = run_alerts("instant")
    assert (report.checked, report.sent, report.failed) == (2, 1, 1)
    broken.refresh_from_db()
    assert broken.last_checked_at < timezone.now()  # left for a later run


def test_an_unknown_frequency_is_a_programming_error(db: None) -> None:
    with pytest.raises(ValueError, match="weekly"):
        run_alerts("weekly")


def test_the_command_runs_the_alerts(
    alice: User, clock: Callable[[int], time_machine.travel], post: Callable[..., JobPosting]
) -> None:
    with clock(0):
        save(alice, "q=Python", frequency="daily")
    with clock(1):
        post()
    out = StringIO()
    with clock(5):
        call_command("run_job_alerts", "--frequency", "daily", stdout=out)
    assert len(alerts_for(alice)) == 1
    assert out.getvalue()
    [event] = events("search.alerts_run")
    assert event.channel == "cli"


def test_the_scheduled_tasks_run_the_alerts(
    alice: User, clock: Callable[[int], time_machine.travel], post: Callable[..., JobPosting]
) -> None:
    from rencai.search import tasks

    with clock(0):
        save(alice, "q=Python", frequency="instant")
        save(alice, f"q=Python&division={SHENZHEN}", frequency="daily")
    with clock(1):
        post()
    with clock(5):
        tasks.send_instant_job_alerts.call_local()
    with clock(60):
        tasks.send_daily_job_alerts.call_local()
    assert len(alerts_for(alice)) == 2
    assert [event.after["frequency"] for event in events("search.alerts_run")] == [
        "instant",
        "daily",
    ]


def test_the_daily_schedule_is_eight_in_the_morning_beijing_time() -> None:
    from rencai.search.tasks import daily_at

    at_eight = daily_at(8, 0)
    assert at_eight(dt.datetime(2026, 3, 2, 0, 0))  # naive UTC, as Huey passes it
    assert not at_eight(dt.datetime(2026, 3, 2, 8, 0))
    assert at_eight(dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))))


# --- unsubscribing ----------------------------------------------------------------------------


def test_the_unsubscribe_link_works_without_signing_in(
    alice: User, clock: Callable[[int], time_machine.travel], post: Callable[..., JobPosting]
) -> None:
    with clock(0):
        saved = save(alice, "q=Python", frequency="instant")
    url = f"/jobs/alerts/unsubscribe/{unsubscribe_token(saved)}/"
    browser = Client()
    page = browser.get(url)
    assert page.status_code == 200
    assert 'id="unsubscribe-button"' in page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0")
    done = browser.post(url)
    assert done.status_code == 200
    saved.refresh_from_db()
    assert (saved.frequency, saved.is_active) == ("off", False)
    assert saved.unsubscribed_at is not None
    [event] = events("search.alert_unsubscribed")
    assert event.actor_id is None
    assert event.channel == "web"
    assert (event.before, event.after) == ({"frequency": "instant"}, {"frequency": "off"})
    assert browser.post(url).status_code == 200  # again: no change, no second event
    assert len(events("search.alert_unsubscribed")) == 1
    with clock(1):
        post()
    with clock(5):
        assert run_alerts("instant").checked == 0
    assert alerts_for(alice) == []


def test_the_rfc_8058_one_click_post_unsubscribes(alice: User) -> None:
    saved = save(alice, "q=Python")
    response = Client(enforce_csrf_checks=True).post(
        f"/jobs/alerts/unsubscribe/{unsubscribe_token(saved)}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert response.content == b"OK"
    saved.refresh_from_db()
    assert saved.frequency == "off"


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_token_gets_a_clear_error_page(alice: User, method: str) -> None:
    saved = save(alice, "q=Python")
    token = unsubscribe_token(saved)
    for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "x", "abc:def", "é"):
        response = getattr(Client(), method)(f"/jobs/alerts/unsubscribe/{bad}/")
        assert response.status_code == 400, bad
        assert 'data-state="invalid"' in response.content.decode()
    saved.refresh_from_db()
    assert saved.frequency == "daily"
    assert not events("search.alert_unsubscribed")


def test_the_link_of_a_deleted_search_says_the_alert_has_stopped(alice: User) -> None:
    saved = save(alice, "q=Python")
    url = f"/jobs/alerts/unsubscribe/{unsubscribe_token(saved)}/"
    alerts.delete_saved_search(saved, actor=cli_actor(alice))
    assert Client().get(url).status_code == 200
    assert Client().post(url).status_code == 200


def test_turning_an_alert_back_on_clears_the_unsubscribe(alice: User) -> None:
    saved = save(alice, "q=Python")
    alerts.unsubscribe(unsubscribe_token(saved), actor=cli_actor())
    saved = update_saved_search(
        SavedSearch.objects.get(pk=saved.pk), frequency="daily", actor=cli_actor(alice)
    )
    assert saved.is_active
    assert saved.unsubscribed_at is None


# --- the API ----------------------------------------------------------------------------------


def test_api_create_list_change_delete(
    alice: User, api_as: Callable[[User | None], ApiClient]
) -> None:
    client = api_as(alice)
    created = client.post(
        "me/saved-searches", {"search": "division=440300&q=Java&page=2", "frequency": "instant"}
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["search"] == "q=Java&division=440300"
    assert body["name"] == "Java · 深圳市"
    assert body["search_url"] == "/jobs/?q=Java&division=440300&sort=newest"
    assert (body["frequency"], body["email"], body["channels"], body["active"]) == (
        "instant",
        False,
        ["site"],
        True,
    )
    listed = client.get("me/saved-searches").json()
    assert listed["limit"] == 20
    assert [item["id"] for item in listed["items"]] == [body["id"]]
    changed = client.patch(
        f"me/saved-searches/{body['id']}", {"name": "深圳 Java", "frequency": "off"}
    )
    assert changed.status_code == 200
    assert (changed.json()["name"], changed.json()["active"]) == ("深圳 Java", False)
    assert client.delete(f"me/saved-searches/{body['id']}").status_code == 204
    assert client.get("me/saved-searches").json()["items"] == []
    mine = AuditEvent.objects.filter(action__startswith="search.").order_by("seq")
    actions = [event.action for event in mine]
    assert actions == [
        "search.saved_search_created",
        "search.saved_search_updated",
        "search.saved_search_deleted",
    ]
    assert {event.channel for event in mine} == {"api"}


def test_api_hides_another_persons_saved_search(
    alice: User, yan: User, api_as: Callable[[User | None], ApiClient]
) -> None:
    saved = save(alice, "q=Python")
    other = api_as(yan)
    for response in (
        other.patch(f"me/saved-searches/{saved.pk}", {"name": "mine"}),
        other.delete(f"me/saved-searches/{saved.pk}"),
        other.patch("me/saved-searches/not-a-uuid", {"name": "mine"}),
    ):
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    assert other.get("me/saved-searches").json()["items"] == []
    saved.refresh_from_db()
    assert saved.name == "Python"


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        ({"search": "q=Python&gender=male"}, 400, "search_invalid", "gender"),
        ({"search": "q=Python&colour=red"}, 400, "search_invalid", "colour"),
        ({"search": "pay_min=abc"}, 400, "search_invalid", "pay_min"),
        ({"search": "sort=newest"}, 400, "saved_search_blank", "search"),
        ({"search": "q=Python", "name": "x" * 61}, 400, "saved_search_name_invalid", "name"),
        ({"search": "q=Python", "email": True}, 400, "saved_search_email_missing", "email"),
        ({"search": "q=Python", "frequency": "weekly"}, 422, "validation_error", "frequency"),
        ({"search": "q=Python", "colour": "red"}, 422, "validation_error", "colour"),
        ({"name": "no search"}, 422, "validation_error", "search"),
        ({"search": "q=" + "x" * 5000}, 422, "validation_error", "search"),
    ],
)
def test_api_refuses_bad_input_with_stable_codes(
    alice: User,
    api_as: Callable[[User | None], ApiClient],
    body: dict[str, object],
    status: int,
    code: str,
    field: str,
) -> None:
    response = api_as(alice).post("me/saved-searches", body)
    assert response.status_code == status, response.content
    assert response.json()["code"] == code
    assert field in response.json()["fields"]
    assert not SavedSearch.objects.exists()


def test_api_conflicts_and_patch_validation(
    alice: User, api_as: Callable[[User | None], ApiClient]
) -> None:
    client = api_as(alice)
    saved = save(alice, "q=Python")
    again = client.post("me/saved-searches", {"search": "q=Python"})
    assert (again.status_code, again.json()["code"]) == (409, "saved_search_exists")
    for body, status, code in (
        ({"name": ""}, 400, "saved_search_name_invalid"),
        ({"frequency": "hourly"}, 422, "validation_error"),
        ({"email": True}, 400, "saved_search_email_missing"),
        ({"search": "q=Java"}, 422, "validation_error"),
    ):
        response = client.patch(f"me/saved-searches/{saved.pk}", body)
        assert (response.status_code, response.json()["code"]) == (status, code), body
    assert client.patch(f"me/saved-searches/{saved.pk}", {}).status_code == 200


def test_api_is_for_seekers(
    bob: User, api: ApiClient, api_as: Callable[[User | None], ApiClient]
) -> None:
    assert api.get("me/saved-searches").status_code == 401
    response = api_as(bob).post("me/saved-searches", {"search": "q=Python"})
    assert (response.status_code, response.json()["code"]) == (403, "permission_denied")
    assert not SavedSearch.objects.exists()

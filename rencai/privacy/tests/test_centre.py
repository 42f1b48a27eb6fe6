"""The privacy centre (PI-12, PI-08, SEC-03, PI-01): every catalogue section with what is
held, retention in plain words, the access log merging organisations' resume views and
staff reads, sign-ins, links to the rights pages, ≤ 4 taps from the main screen, and the
role matrix of ``/api/v1/me/privacy``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation

from conftest import ApiClient
from rencai.accounts.models import User
from rencai.audit.models import AuditEvent
from rencai.core.actors import cli_actor
from rencai.orgs.models import Organisation
from rencai.privacy import centre
from rencai.privacy.catalogue import CATALOGUE, Section
from rencai.privacy.choices import PiAccessPurpose, RetentionAction, RetentionTrigger
from rencai.privacy.models import PiAccessRecord, PrivacySettings, RetentionRule
from rencai.resumes import employer
from rencai.resumes.models import Resume, ResumeView
from rencai.testing import orgs as org_seeds
from rencai.testing import resumes as resume_seeds

pytestmark = pytest.mark.django_db
LOGIN = "rencai.accounts.backends.RencaiBackend"


@pytest.fixture
def company_a(bob: User) -> Organisation:
    return org_seeds.build_org(org_seeds.COMPANY_A)


@pytest.fixture
def resume(alice: User) -> Resume:
    return resume_seeds.build_resume(alice, visibility="employers")


def _staff_read(oscar: User, alice: User) -> PiAccessRecord:
    """A staff read of Alice's data, through D's action once it exists."""
    try:
        from rencai.privacy.governance import record_pi_access
    except ImportError:  # pragma: no cover - before the governance part lands
        return PiAccessRecord.objects.create(
            accessor=oscar,
            accessor_role="reviewer",
            subject=alice,
            purpose=PiAccessPurpose.COMPLAINT,
            categories=["resume"],
        )
    record = record_pi_access(
        oscar, alice, purpose=PiAccessPurpose.COMPLAINT, categories=["resume"]
    )
    assert record is not None
    return record


# --- what we hold ----------------------------------------------------------------------


def test_held_data_lists_every_catalogue_entry_by_section_with_counts(
    alice: User, resume: Resume, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(len(CATALOGUE) + 2):
        sections = centre.held_data(alice)
    assert [s.section for s in sections] == [
        s.value for s in Section if any(e.section == s for e in CATALOGUE)
    ]
    items = {item.model: item for section in sections for item in section.items}
    assert set(items) == {entry.model for entry in CATALOGUE}
    assert items["accounts.User"].count == 1
    assert items["accounts.User"].since == alice.date_joined
    assert items["resumes.Resume"].count == 1
    assert items["resumes.ResumeEntry"].count == resume.entries.count() > 0
    assert items["privacy.ConsentRecord"].count == alice.consents.count() > 0
    assert items["accounts.RealNameCheck"].count >= 1
    assert items["applications.Application"].count == 0
    assert items["resumes.Resume"].correct_url == "/me/resumes/"
    assert items["accounts.User"].correct_url == "/account/security/"


def test_retention_comes_from_the_rule_in_plain_words(alice: User) -> None:
    RetentionRule.objects.update_or_create(
        category="service_record",
        defaults={
            "label": "Service records",
            "trigger": RetentionTrigger.SERVICE_END,
            "min_days": 1095,
            "action": RetentionAction.ARCHIVE,
        },
    )
    RetentionRule.objects.update_or_create(
        category="security_log",
        defaults={
            "label": "Security logs",
            "trigger": RetentionTrigger.CREATED,
            "min_days": 183,
            "action": RetentionAction.DELETE,
        },
    )
    with translation.override("en"):
        items = {i.model: i for s in centre.held_data(alice) for i in s.items}
    application = items["applications.Application"].retention
    assert (application.from_rule, application.days, application.trigger) == (
        True,
        1095,
        "service_end",
    )
    assert application.text == (
        "Kept for 3 years after the service ends, then moved to the restricted archive"
    )
    sessions = items["accounts.UserSession"].retention
    assert sessions.text == "Kept for 183 days, then deleted"


def test_retention_falls_back_to_the_category_default_without_a_rule(alice: User) -> None:
    RetentionRule.objects.all().delete()
    with translation.override("en"):
        items = {i.model: i for s in centre.held_data(alice) for i in s.items}
        expected = str(centre.DEFAULT_RETENTION["account"])
    account = items["accounts.User"].retention
    assert (account.from_rule, account.days, account.text) == (False, None, expected)


def test_retention_text_of_an_account_rule_without_a_period() -> None:
    rule = RetentionRule(category="account", trigger="service_end", min_days=0, action="anonymise")
    with translation.override("en"):
        assert centre.retention_text(rule, "account") == str(centre.DEFAULT_RETENTION["account"])
        assert centre.retention_text(None, "unknown") == str(centre.FALLBACK_RETENTION)


# --- access log --------------------------------------------------------------------------


def test_access_log_merges_resume_views_and_staff_reads_newest_first(
    alice: User, bob: User, oscar: User, company_a: Organisation, resume: Resume
) -> None:
    employer.view_as_org(company_a, bob, resume.pk, actor=cli_actor(bob))
    record = _staff_read(oscar, alice)
    PiAccessRecord.objects.filter(pk=record.pk).update(
        created_at=timezone.now() + dt.timedelta(minutes=1)
    )
    log = centre.access_log(alice)
    assert log.total == 2
    staff, org = log.items
    assert (staff.kind, staff.action) == ("staff", "complaint")
    assert oscar.display_name not in (staff.who, staff.role)
    assert (org.kind, org.action, org.who) == ("organisation", "view", company_a.legal_name)
    assert org.role  # Bob's role in the organisation, not his name
    assert bob.display_name not in (org.who, org.role)


def test_access_log_pages(alice: User, bob: User, company_a: Organisation, resume: Resume) -> None:
    for minutes in range(5):
        ResumeView.objects.create(
            resume=resume,
            seeker=alice,
            organisation=company_a,
            viewer=bob,
            kind="view",
            source="search",
        )
        ResumeView.objects.filter(pk=ResumeView.objects.latest("created_at").pk).update(
            created_at=timezone.now() - dt.timedelta(minutes=minutes)
        )
    first, last = centre.access_log(alice, 1, 2), centre.access_log(alice, 3, 2)
    assert (first.total, first.pages, len(first.items), len(last.items)) == (5, 3, 2, 1)
    assert first.items[0].at > first.items[1].at > last.items[0].at
    assert not last.has_next and first.has_next


# --- the page ------------------------------------------------------------------------------


def test_centre_page_shows_every_section_consents_settings_log_and_rights(
    client: Client, alice: User, bob: User, oscar: User, company_a: Organisation, resume: Resume
) -> None:
    employer.view_as_org(company_a, bob, resume.pk, actor=cli_actor(bob))
    _staff_read(oscar, alice)
    client.force_login(alice, backend=LOGIN)
    response = client.get("/account/privacy/")
    assert response.status_code == 200
    html = response.content.decode()
    for entry in CATALOGUE:
        assert f'data-model="{entry.model}"' in html
    for section in {entry.section for entry in CATALOGUE}:
        assert f'data-section="{section}"' in html
    assert 'data-model="resumes.Resume" data-count="1"' in html
    for anchor in ("consents", "settings", "access", "sign-ins", "rights"):
        assert f'id="{anchor}"' in html
    assert f'id="centre-resume-{resume.pk}" data-visibility="employers"' in html
    assert f'id="stop-searchable-{resume.pk}"' in html
    assert 'data-kind="organisation" data-action="view"' in html
    assert 'data-kind="staff" data-action="complaint"' in html
    assert company_a.legal_name in html
    assert oscar.display_name not in html and "110105199805120020" not in html
    assert 'id="manage-sessions"' in html
    assert 'name="noindex' not in html and 'content="noindex, nofollow"' in html


def test_rights_links_appear_once_the_pages_exist(client: Client, alice: User) -> None:
    from django.urls import NoReverseMatch, reverse

    client.force_login(alice, backend=LOGIN)
    html = client.get("/account/privacy/").content.decode()
    for name, anchor in (
        ("privacy:requests", "rights-requests"),
        ("privacy:exports", "rights-export"),
    ):
        try:
            url = reverse(name)
        except NoReverseMatch:
            assert f'id="{anchor}"' not in html
        else:
            assert f'href="{url}" id="{anchor}"' in html


def test_centre_is_within_four_taps_from_the_main_screen_pi01(client: Client, alice: User) -> None:
    """Dashboard → account menu → privacy centre (2 taps); also from the dashboard card and
    the consents page."""
    client.force_login(alice, backend=LOGIN)
    dashboard = client.get("/dashboard/").content.decode()
    assert 'href="/account/privacy/" id="nav-privacy-centre"' in dashboard
    assert 'href="/account/privacy/" id="dashboard-privacy-centre"' in dashboard
    consents = client.get("/account/consents/").content.decode()
    assert 'href="/account/privacy/" id="consents-centre-link"' in consents


def test_full_access_log_page(
    client: Client, alice: User, bob: User, company_a: Organisation, resume: Resume
) -> None:
    client.force_login(alice, backend=LOGIN)
    empty = client.get("/account/privacy/access-log/").content.decode()
    assert "empty-state" in empty
    employer.view_as_org(company_a, bob, resume.pk, actor=cli_actor(bob))
    html = client.get("/account/privacy/access-log/?page=x").content.decode()
    assert 'data-kind="organisation"' in html


def test_centre_page_needs_sign_in(client: Client) -> None:
    response = client.get("/account/privacy/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_centre_page_query_count_is_bounded(
    client: Client, alice: User, resume: Resume, django_assert_max_num_queries: Any
) -> None:
    client.force_login(alice, backend=LOGIN)
    client.get("/account/privacy/")
    with django_assert_max_num_queries(len(CATALOGUE) + 25):
        assert client.get("/account/privacy/").status_code == 200


@pytest.mark.parametrize("who", ["alice", "yan", "bob", "carol", "oscar", "sam", "rita", "dana"])
def test_centre_renders_for_every_role(client: Client, request: Any, who: str) -> None:
    client.force_login(request.getfixturevalue(who), backend=LOGIN)
    assert client.get("/account/privacy/").status_code == 200


def test_about_recommendations_is_public(client: Client) -> None:
    response = client.get("/account/privacy/recommendations/")
    assert response.status_code == 200
    assert 'id="recommendation-principles"' in response.content.decode()


# --- API -----------------------------------------------------------------------------------


def test_api_summary_has_every_section_consents_and_settings(
    api_as: Callable[[User | None], ApiClient], alice: User, resume: Resume
) -> None:
    response = api_as(alice).get("me/privacy")
    assert response.status_code == 200, response.content
    body = response.json()
    models = {item["model"]: item for s in body["sections"] for item in s["items"]}
    assert set(models) == {entry.model for entry in CATALOGUE}
    assert models["resumes.Resume"]["count"] == 1
    assert models["resumes.Resume"]["retention"]["category"] == "resume"
    assert {c["purpose"] for c in body["consents"]} >= {"privacy_policy", "marketing_sms"}
    assert body["settings"] == {
        "talent_insight": True,
        "show_activity_status": True,
        "posthumous_instruction": "none",
    }
    assert "110105199805120020" not in response.content.decode()


def test_api_access_log(
    api_as: Callable[[User | None], ApiClient],
    alice: User,
    bob: User,
    oscar: User,
    company_a: Organisation,
    resume: Resume,
) -> None:
    employer.view_as_org(company_a, bob, resume.pk, actor=cli_actor(bob))
    _staff_read(oscar, alice)
    body = api_as(alice).get("me/privacy/access-log?page_size=1").json()
    assert (body["total"], len(body["items"])) == (2, 1)
    assert api_as(alice).get("me/privacy/access-log?page_size=0").status_code == 400
    raw = api_as(alice).get("me/privacy/access-log").content.decode()
    assert oscar.display_name not in raw and bob.display_name not in raw


ROLES = ["alice", "yan", "bob", "dave", "carol", "oscar", "sam", "audrey", "rita", "dana"]


@pytest.mark.parametrize("who", [None, *ROLES])
@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "me/privacy", None),
        ("GET", "me/privacy/access-log", None),
        ("PATCH", "me/privacy/settings", {"talent_insight": False}),
    ],
)
def test_api_role_matrix(
    api_as: Callable[[User | None], ApiClient],
    request: Any,
    who: str | None,
    method: str,
    path: str,
    body: Any,
) -> None:
    """Every signed-in person has a privacy centre about themselves (200); anonymous 401
    with nothing written."""
    user = request.getfixturevalue(who) if who else None
    events = AuditEvent.objects.count()
    response = api_as(user).call(method, path, body)
    if user is None:
        assert response.status_code == 401
        assert AuditEvent.objects.count() == events
        assert PrivacySettings.objects.count() == 0
        return
    assert response.status_code == 200, response.content
    if method == "PATCH":
        assert PrivacySettings.objects.get(user=user).talent_insight is False
    else:
        assert PrivacySettings.objects.filter(user=user).count() == 0

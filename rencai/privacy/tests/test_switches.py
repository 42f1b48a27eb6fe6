"""The privacy switches and their effects: talent insight and activity status shown to
recruiters (ALG-05), personalised vs non-personalised "jobs for you" (ALG-01, ALG-03),
marketing never for minors (PI-11), "stop being searchable" in one click (PI-20), each
change audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from conftest import ApiClient
from rencai.accounts.models import User
from rencai.applications.choices import InvitationStatus
from rencai.applications.models import Application, ApplyInvitation
from rencai.audit.models import AuditEvent
from rencai.core.actors import cli_actor
from rencai.core.errors import DomainError
from rencai.jobs.models import JobPosting
from rencai.jobs.queries import public_postings_for
from rencai.orgs.models import Organisation
from rencai.privacy import actions
from rencai.privacy.choices import ConsentChannel, ConsentPurpose, PosthumousInstruction
from rencai.privacy.insight import signals_for, signals_of
from rencai.privacy.models import ConsentRecord, PrivacySettings
from rencai.privacy.queries import has_consent
from rencai.privacy.recommendations import (
    NON_PERSONALISED,
    PERSONALISED,
    non_personalised,
    recommended_jobs,
)
from rencai.privacy.settings_actions import privacy_settings_of, update_privacy_settings
from rencai.resumes.models import Resume
from rencai.testing import applications as application_seeds
from rencai.testing import jobs as job_seeds
from rencai.testing import orgs as org_seeds
from rencai.testing import resumes as resume_seeds

pytestmark = pytest.mark.django_db
LOGIN = "rencai.accounts.backends.RencaiBackend"
SIGNAL_KEYS = {"activity", "talent_insight"}


@pytest.fixture
def company_a(bob: User) -> Organisation:
    return org_seeds.build_org(org_seeds.COMPANY_A)


@pytest.fixture
def resume(alice: User) -> Resume:
    return resume_seeds.build_resume(alice, visibility="employers")


@pytest.fixture
def posting(company_a: Organisation, bob: User, oscar: User) -> JobPosting:
    return job_seeds.publish(company_a, bob, oscar)


def _switch(user: User, **values: Any) -> PrivacySettings:
    return update_privacy_settings(user, actor=cli_actor(user), **values)


# --- the action ----------------------------------------------------------------------------


def test_defaults_without_a_row(alice: User) -> None:
    settings = privacy_settings_of(alice)
    assert settings.pk is not None and settings._state.adding
    assert (settings.talent_insight, settings.show_activity_status) == (True, True)
    assert settings.posthumous_instruction == PosthumousInstruction.NONE


def test_switches_are_audited_with_before_and_after(alice: User) -> None:
    _switch(alice, talent_insight=False, posthumous_instruction="delete")
    event = AuditEvent.objects.filter(action="privacy.settings_changed").get()
    assert event.object_id == str(alice.pk) and str(event.actor_id) == str(alice.pk)
    assert event.before == {"talent_insight": True, "posthumous_instruction": "none"}
    assert event.after == {"talent_insight": False, "posthumous_instruction": "delete"}
    stored = PrivacySettings.objects.get(user=alice)
    assert (stored.talent_insight, stored.show_activity_status) == (False, True)
    # The same values again change nothing and write nothing.
    _switch(alice, talent_insight=False, show_activity_status=True)
    assert AuditEvent.objects.filter(action="privacy.settings_changed").count() == 1


def test_unknown_posthumous_instruction_is_refused(alice: User) -> None:
    with pytest.raises(DomainError) as error:
        _switch(alice, posthumous_instruction="sell")
    assert error.value.code == "privacy_setting_invalid"
    assert not PrivacySettings.objects.exists()


def test_web_switches_are_one_click(client: Client, alice: User) -> None:
    client.force_login(alice, backend=LOGIN)
    response = client.post("/account/privacy/settings/", {"show_activity_status": "0"})
    assert response.status_code == 302 and response["Location"] == "/account/privacy/#settings"
    assert PrivacySettings.objects.get(user=alice).show_activity_status is False
    client.post("/account/privacy/settings/", {"posthumous_instruction": "no_relative_access"})
    client.post("/account/privacy/settings/", {"posthumous_instruction": "bogus"})
    settings = PrivacySettings.objects.get(user=alice)
    assert settings.posthumous_instruction == "no_relative_access"
    html = client.get("/account/privacy/").content.decode()
    assert 'id="switch-show_activity_status" data-on="0"' in html
    assert 'id="switch-talent_insight" data-on="1"' in html
    assert client.get("/account/privacy/settings/").status_code == 405


def test_api_patch_settings(api_as: Callable[[User | None], ApiClient], alice: User) -> None:
    api = api_as(alice)
    response = api.patch("me/privacy/settings", {"talent_insight": False})
    assert response.status_code == 200
    assert response.json() == {
        "talent_insight": False,
        "show_activity_status": True,
        "posthumous_instruction": "none",
    }
    bad = api.patch("me/privacy/settings", {"posthumous_instruction": "sell"})
    assert (bad.status_code, bad.json()["code"]) == (400, "privacy_setting_invalid")
    assert api.patch("me/privacy/settings", {"unknown": True}).status_code == 422


# --- ALG-05: what recruiters see ------------------------------------------------------------


def test_signals_follow_the_switches(alice: User, resume: Resume) -> None:
    on = signals_of(alice.pk)
    assert on.activity is not None and on.activity["code"] == "today"
    assert on.talent_insight is not None and on.talent_insight["job_search"] == "quiet"
    _switch(alice, talent_insight=False)
    assert signals_of(alice.pk).talent_insight is None
    assert signals_of(alice.pk).activity is not None
    _switch(alice, show_activity_status=False)
    assert signals_of(alice.pk).as_card() == {}


def test_activity_buckets_and_job_search_status(
    alice: User, resume: Resume, posting: JobPosting
) -> None:
    application_seeds.apply(alice, posting, resume)
    assert signals_of(alice.pk).talent_insight["job_search"] == "active"
    later = timezone.now() + dt.timedelta(days=20)
    assert signals_of(alice.pk, now=later).talent_insight["job_search"] == "open"
    assert signals_of(alice.pk, now=later).activity["code"] == "month"
    much_later = timezone.now() + dt.timedelta(days=45)
    signals = signals_of(alice.pk, now=much_later)
    assert signals.talent_insight["job_search"] == "quiet"
    assert signals.activity["code"] == "earlier"
    assert signals_of(alice.pk, now=later - dt.timedelta(days=18)).activity["code"] == "3_days"
    assert signals_of(alice.pk, now=later - dt.timedelta(days=14)).activity["code"] == "week"


def test_signals_for_a_page_take_one_query(
    alice: User, yan: User, bob: User, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        signals = signals_for([alice.pk, yan.pk, bob.pk])
    assert set(signals) == {alice.pk, yan.pk, bob.pk}
    _switch(alice, talent_insight=False)
    with django_assert_num_queries(1):
        assert signals_for([alice.pk, yan.pk])[alice.pk].talent_insight is None
    with django_assert_num_queries(0):
        assert signals_for([]) == {}


def test_invitation_response_speed(
    alice: User, bob: User, resume: Resume, company_a: Organisation, posting: JobPosting
) -> None:
    def answered(hours: int) -> None:
        invitation = ApplyInvitation.objects.create(
            organisation=company_a,
            posting=posting,
            resume=resume,
            seeker=alice,
            invited_by=bob,
            expires_at=timezone.now() + dt.timedelta(days=14),
            status=InvitationStatus.DECLINED,
        )
        ApplyInvitation.objects.filter(pk=invitation.pk).update(
            responded_at=invitation.created_at + dt.timedelta(hours=hours)
        )

    def speed() -> str:
        insight = signals_of(alice.pk).talent_insight
        assert insight is not None
        return insight["invitation_response"]

    assert speed() == "no_data"
    answered(2)
    assert speed() == "within_day"
    answered(50)
    assert speed() == "within_day"  # half of the answers within a day
    answered(60)
    assert speed() == "within_3_days"
    for hours in (200, 300, 400, 500):
        answered(hours)
    assert speed() == "slower"  # 3 of 8 within 3 days


def test_talent_insight_off_removes_the_keys_from_the_recruiter_resume_api_alg05(
    api_as: Callable[[User | None], ApiClient],
    alice: User,
    bob: User,
    company_a: Organisation,
    resume: Resume,
) -> None:
    api = api_as(bob)
    body = api.get(f"employer/resumes/{resume.pk}").json()
    assert set(body) >= SIGNAL_KEYS
    assert body["talent_insight"]["job_search"] == "quiet"
    _switch(alice, talent_insight=False)
    body = api.get(f"employer/resumes/{resume.pk}").json()
    assert "talent_insight" not in body and "activity" in body
    _switch(alice, show_activity_status=False)
    raw = api.get(f"employer/resumes/{resume.pk}").content.decode()
    assert '"activity"' not in raw and '"talent_insight"' not in raw


def test_recruiter_resume_page_shows_signals_only_when_allowed(
    client: Client, alice: User, bob: User, company_a: Organisation, resume: Resume
) -> None:
    client.force_login(bob, backend=LOGIN)
    html = client.get(f"/employer/resumes/{resume.pk}/").content.decode()
    assert 'data-activity="today"' in html and 'data-job-search="quiet"' in html
    _switch(alice, talent_insight=False, show_activity_status=False)
    html = client.get(f"/employer/resumes/{resume.pk}/").content.decode()
    assert "seeker-signals" not in html


def test_resume_search_cards_follow_the_switches(
    api_as: Callable[[User | None], ApiClient],
    client: Client,
    alice: User,
    bob: User,
    company_a: Organisation,
    resume: Resume,
) -> None:
    (card,) = api_as(bob).get("employer/resume-search").json()["items"]
    assert card["activity"]["code"] == "today"
    assert card["talent_insight"]["job_search"] == "quiet"
    _switch(alice, talent_insight=False)
    (card,) = api_as(bob).get("employer/resume-search").json()["items"]
    assert "talent_insight" not in card and "activity" in card
    _switch(alice, show_activity_status=False)
    (card,) = api_as(bob).get("employer/resume-search").json()["items"]
    assert not SIGNAL_KEYS & set(card)
    client.force_login(bob, backend=LOGIN)
    assert "seeker-signals" not in client.get("/employer/resume-search/").content.decode()


def test_application_detail_follows_the_switches(
    api_as: Callable[[User | None], ApiClient],
    client: Client,
    alice: User,
    bob: User,
    resume: Resume,
    posting: JobPosting,
) -> None:
    application = application_seeds.apply(alice, posting, resume)
    body = api_as(bob).get(f"employer/applications/{application.pk}").json()
    assert body["talent_insight"]["job_search"] == "active"
    client.force_login(bob, backend=LOGIN)
    html = client.get(f"/employer/applications/{application.pk}/").content.decode()
    assert 'data-job-search="active"' in html
    _switch(alice, talent_insight=False, show_activity_status=False)
    body = api_as(bob).get(f"employer/applications/{application.pk}").json()
    assert not SIGNAL_KEYS & set(body)
    html = client.get(f"/employer/applications/{application.pk}/").content.decode()
    assert "seeker-signals" not in html
    assert Application.objects.filter(pk=application.pk).exists()


# --- ALG-01: jobs for you ------------------------------------------------------------------


@pytest.fixture
def postings(company_a: Organisation, bob: User, oscar: User) -> list[JobPosting]:
    """Three public postings; the oldest one matches Alice's intention best."""
    with time_machine.travel(timezone.now() - dt.timedelta(hours=3)):
        matching = job_seeds.publish(company_a, bob, oscar)  # 4-04, Shenzhen, Python
    with time_machine.travel(timezone.now() - dt.timedelta(hours=2)):
        other = job_seeds.publish(
            company_a, bob, oscar, title="食品检验员", category="6-02", skills=["理化检验"]
        )
    newest = job_seeds.publish(
        company_a, bob, oscar, title="行政助理", category="3-01", skills=["Excel"]
    )
    return [matching, other, newest]


def _grant(user: User, purpose: str = ConsentPurpose.PERSONALISED_RECOMMENDATION) -> None:
    actions.set_optional_consent(
        user, purpose, True, actor=cli_actor(user), channel=ConsentChannel.WEB
    )


def test_without_consent_the_feed_is_exactly_the_non_personalised_ranking_alg01(
    alice: User, resume: Resume, postings: list[JobPosting]
) -> None:
    assert not has_consent(alice.pk, ConsentPurpose.PERSONALISED_RECOMMENDATION)
    feed = recommended_jobs(alice)
    assert feed.kind == NON_PERSONALISED
    assert feed.postings == list(public_postings_for(alice)[:5]) == non_personalised(alice)
    assert feed.postings[0] == postings[2]  # newest first


def test_with_consent_the_feed_ranks_by_the_resume_and_switches_back_at_once(
    client: Client, alice: User, resume: Resume, postings: list[JobPosting]
) -> None:
    _grant(alice)
    feed = recommended_jobs(alice)
    assert feed.kind == PERSONALISED and feed.personalised
    assert feed.postings[0] == postings[0]
    assert set(feed.basis) == {"intended_categories", "intended_cities", "skills"}
    client.force_login(alice, backend=LOGIN)
    html = client.get("/dashboard/").content.decode()
    assert 'id="jobs-for-you" data-feed="personalised"' in html
    assert 'id="about-recommendations"' in html
    # Withdrawn from the centre in one click: the next list is the non-personalised one.
    response = client.post(
        "/account/consents/personalised_recommendation/",
        {"granted": "0", "next": "/account/privacy/#settings"},
    )
    assert response["Location"] == "/account/privacy/#settings"
    assert recommended_jobs(alice).postings == non_personalised(alice)
    html = client.get("/dashboard/").content.decode()
    assert 'id="jobs-for-you" data-feed="non_personalised"' in html


def test_personalised_without_a_resume_falls_back_to_the_newest(
    yan: User, postings: list[JobPosting]
) -> None:
    _grant(yan)
    feed = recommended_jobs(yan)
    assert feed.kind == PERSONALISED and feed.postings == non_personalised(yan)


def test_dashboard_feed_empty_state(client: Client, alice: User) -> None:
    client.force_login(alice, backend=LOGIN)
    html = client.get("/dashboard/").content.decode()
    assert 'data-feed="non_personalised"' in html and "empty-state" in html


def test_next_must_stay_on_the_site(client: Client, alice: User) -> None:
    client.force_login(alice, backend=LOGIN)
    response = client.post(
        "/account/consents/marketing_sms/", {"granted": "1", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/account/consents/"


# --- PI-11: minors and marketing -----------------------------------------------------------


@pytest.mark.parametrize("purpose", ["marketing_sms", "marketing_email"])
def test_minors_cannot_switch_marketing_on(
    client: Client, api_as: Callable[[User | None], ApiClient], yan: User, purpose: str
) -> None:
    with pytest.raises(DomainError) as error:
        _grant(yan, purpose)
    assert error.value.code == "marketing_not_for_minors"
    client.force_login(yan, backend=LOGIN)
    client.post(f"/account/consents/{purpose}/", {"granted": "1"})
    response = api_as(yan).post("me/consents", {"purpose": purpose})
    assert response.status_code == 400
    assert response.json()["code"] == "marketing_not_for_minors"
    assert not ConsentRecord.objects.filter(user=yan, purpose=purpose).exists()
    consents = client.get("/account/consents/").content.decode()
    assert 'data-disabled="minor"' in consents
    centre_page = client.get("/account/privacy/").content.decode()
    assert f'id="switch-{purpose}" data-on="0" data-disabled="minor"' in centre_page
    # Personalised recommendation stays available to minors.
    _grant(yan)
    assert has_consent(yan.pk, ConsentPurpose.PERSONALISED_RECOMMENDATION)


def test_adults_may_switch_marketing_on(alice: User) -> None:
    _grant(alice, ConsentPurpose.MARKETING_SMS)
    assert has_consent(alice.pk, ConsentPurpose.MARKETING_SMS)


# --- PI-20: stop being searchable from the centre -------------------------------------------


def test_stop_being_searchable_in_one_click_from_the_centre(
    client: Client,
    api_as: Callable[[User | None], ApiClient],
    alice: User,
    bob: User,
    company_a: Organisation,
    resume: Resume,
) -> None:
    assert api_as(bob).get("employer/resume-search").json()["total"] == 1
    client.force_login(alice, backend=LOGIN)
    html = client.get("/account/privacy/").content.decode()
    assert f'action="/me/resumes/{resume.pk}/visibility/"' in html
    client.post(f"/me/resumes/{resume.pk}/visibility/", {"visibility": "hidden"})
    resume.refresh_from_db()
    assert resume.visibility == "hidden"
    assert api_as(bob).get("employer/resume-search").json()["total"] == 0
    html = client.get("/account/privacy/").content.decode()
    assert f'id="stop-searchable-{resume.pk}"' not in html

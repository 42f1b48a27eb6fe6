"""Invitations to apply: only searchable resumes (PI-05), own published postings, screened
messages, a daily limit; the seeker accepts through the same consent or declines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from rencai.accounts.models import User
from rencai.applications import actions
from rencai.applications.choices import ApplicationSource, InvitationStatus
from rencai.applications.models import Application, ApplyInvitation
from rencai.applications.snapshot import consent_notice
from rencai.audit.models import AuditEvent
from rencai.core.actors import cli_actor, system_actor
from rencai.core.errors import DomainError
from rencai.jobs.models import JobPosting
from rencai.notifications.models import Notification
from rencai.orgs.models import Organisation
from rencai.resumes.models import Resume

Client = Callable[[User | None], Any]
PERSONAS = ["anonymous", "alice", "yan", "bob", "dave", "carol", "oscar", "rita"]


@pytest.fixture
def people(
    alice: User,
    yan: User,
    bob: User,
    dave: User,
    carol: User,
    oscar: User,
    rita: User,
    company_b: Organisation,
    agency: Organisation,
) -> dict[str, User | None]:
    return {
        "anonymous": None,
        "alice": alice,
        "yan": yan,
        "bob": bob,
        "dave": dave,
        "carol": carol,
        "oscar": oscar,
        "rita": rita,
    }


@pytest.fixture
def invitation(bob: User, resume: Resume, posting: JobPosting) -> ApplyInvitation:
    return actions.invite_to_apply(resume, posting, message="欢迎投递！", actor=cli_actor(bob))


def test_invite_notifies_the_seeker_without_sharing_contact(
    invitation: ApplyInvitation, alice: User, company_a: Organisation
) -> None:
    assert invitation.status == InvitationStatus.PENDING
    assert invitation.seeker == alice and invitation.organisation == company_a
    notice = Notification.objects.get(recipient=alice, kind="applications.invited")
    assert notice.params["org"] == company_a.legal_name
    assert AuditEvent.objects.filter(action="applications.invitation_sent").count() == 1


def test_hidden_resume_cannot_be_invited(bob: User, resume: Resume, posting: JobPosting) -> None:
    Resume.objects.filter(pk=resume.pk).update(visibility="hidden")
    resume.refresh_from_db()
    with pytest.raises(DomainError) as error:
        actions.invite_to_apply(resume, posting, message="", actor=cli_actor(bob))
    assert error.value.code == "not_found"
    assert not ApplyInvitation.objects.exists()


def test_agency_cannot_invite_a_resume_hidden_from_headhunters(
    carol: User, agency: Organisation, company_b: Organisation, oscar: User, resume: Resume
) -> None:
    from rencai.jobs import actions as job_actions
    from rencai.orgs.queries import active_membership
    from rencai.testing import jobs as job_seeds

    membership = active_membership(carol)
    assert membership is not None
    posting = job_actions.create_posting(
        agency,
        membership,
        job_seeds.sample_content(),
        client=company_b,
        entrustment="委托招聘协议",
        actor=cli_actor(carol),
    )
    job_actions.approve_version(
        job_actions.submit_posting(posting, actor=cli_actor(carol)), oscar, actor=cli_actor(oscar)
    )
    posting.refresh_from_db()
    with pytest.raises(DomainError) as error:  # visibility "employers": not for agencies
        actions.invite_to_apply(resume, posting, message="", actor=cli_actor(carol))
    assert error.value.code == "not_found"


def test_only_own_published_postings(
    bob: User, resume: Resume, posting_b: JobPosting, posting: JobPosting
) -> None:
    with pytest.raises(DomainError) as foreign:
        actions.invite_to_apply(resume, posting_b, message="", actor=cli_actor(bob))
    assert foreign.value.code == "posting_not_open"


def test_invitation_message_is_screened(bob: User, resume: Resume, posting: JobPosting) -> None:
    with pytest.raises(DomainError) as error:
        actions.invite_to_apply(
            resume, posting, message="请加微信 hr2026 详谈，仅限男性", actor=cli_actor(bob)
        )
    assert error.value.code == "invitation_message_blocked"
    assert not ApplyInvitation.objects.exists()


def test_one_pending_invitation_per_job(invitation: ApplyInvitation, bob: User) -> None:
    with pytest.raises(DomainError) as error:
        actions.invite_to_apply(
            invitation.resume, invitation.posting, message="", actor=cli_actor(bob)
        )
    assert error.value.code == "invitation_exists"


def test_daily_rate_limit_per_organisation(
    bob: User,
    yan: User,
    resume: Resume,
    posting: JobPosting,
    settings: Any,
) -> None:
    from rencai.testing import applications as seeds

    settings.APPLICATION_INVITATIONS_PER_ORG_PER_DAY = 1
    actions.invite_to_apply(resume, posting, message="", actor=cli_actor(bob))
    other = seeds.sample_resume(yan, full_name="严小燕", phone="", email="")
    with pytest.raises(DomainError) as error:
        actions.invite_to_apply(other, posting, message="", actor=cli_actor(bob))
    assert error.value.code == "invitation_rate_limited" and error.value.status == 429
    assert ApplyInvitation.objects.count() == 1
    with time_machine.travel(timezone.now() + dt.timedelta(days=1), tick=False):
        actions.invite_to_apply(other, posting, message="", actor=cli_actor(bob))
    assert ApplyInvitation.objects.count() == 2


def test_accept_creates_an_application_with_consent(
    invitation: ApplyInvitation, alice: User, bob: User, posting: JobPosting, resume: Resume
) -> None:
    notice = consent_notice(posting, resume)
    application = actions.accept_invitation(
        invitation, notice_hash=notice.hash, actor=cli_actor(alice)
    )
    assert application.source == ApplicationSource.INVITATION
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert invitation.application == application
    assert AuditEvent.objects.filter(action="applications.consent_given").count() == 1
    assert Notification.objects.filter(
        recipient=bob, kind="applications.invitation_accepted"
    ).exists()
    with pytest.raises(DomainError) as again:
        actions.decline_invitation(invitation, actor=cli_actor(alice))
    assert again.value.code == "invitation_state"


def test_accept_without_consent_changes_nothing(invitation: ApplyInvitation, alice: User) -> None:
    with pytest.raises(DomainError) as error:
        actions.accept_invitation(invitation, notice_hash="", actor=cli_actor(alice))
    assert error.value.code == "consent_required"
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING
    assert not Application.objects.exists()


def test_decline_tells_the_inviter(invitation: ApplyInvitation, alice: User, bob: User) -> None:
    declined = actions.decline_invitation(invitation, actor=cli_actor(alice))
    assert declined.status == InvitationStatus.DECLINED and declined.responded_at is not None
    assert Notification.objects.filter(
        recipient=bob, kind="applications.invitation_declined"
    ).exists()


def test_expired_invitations(invitation: ApplyInvitation, alice: User, settings: Any) -> None:
    later = timezone.now() + dt.timedelta(days=settings.APPLICATION_INVITATION_DAYS, minutes=1)
    with time_machine.travel(later, tick=False):
        with pytest.raises(DomainError) as error:
            actions.decline_invitation(invitation, actor=cli_actor(alice))
        assert error.value.code == "invitation_state"
        assert actions.expire_invitations(actor=system_actor()) == 1
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.EXPIRED


# --- API ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", PERSONAS)
def test_create_invitation_role_matrix(
    who: str,
    people: dict[str, User | None],
    api_as: Client,
    resume: Resume,
    posting: JobPosting,
) -> None:
    response = api_as(people[who]).post(
        "employer/invitations",
        {"resume_id": str(resume.pk), "posting_id": str(posting.pk), "message": "欢迎投递"},
    )
    expected = {"anonymous": 401, "bob": 201, "dave": 404, "carol": 404}.get(who, 403)
    assert response.status_code == expected
    assert ApplyInvitation.objects.count() == (1 if who == "bob" else 0)
    if who == "bob":
        assert response.json()["candidate_name"] == "王**"  # masked until accepted (PI-07)


@pytest.mark.parametrize("who", PERSONAS)
def test_employer_invitation_list_and_withdraw_role_matrix(
    who: str, people: dict[str, User | None], api_as: Client, invitation: ApplyInvitation
) -> None:
    client = api_as(people[who])
    listing = client.get("employer/invitations")
    withdrawn = client.post(f"employer/invitations/{invitation.pk}/withdraw")
    invitation.refresh_from_db()
    if who == "bob":
        assert listing.json()["total"] == 1
        assert withdrawn.status_code == 200 and invitation.status == InvitationStatus.WITHDRAWN
    else:
        expected = {"anonymous": 401, "dave": 404, "carol": 404}.get(who, 403)
        assert withdrawn.status_code == expected
        if expected == 404:
            assert listing.json()["total"] == 0
        else:
            assert listing.status_code == expected
        assert invitation.status == InvitationStatus.PENDING


@pytest.mark.parametrize("who", PERSONAS)
def test_seeker_invitation_role_matrix(
    who: str,
    people: dict[str, User | None],
    api_as: Client,
    invitation: ApplyInvitation,
    posting: JobPosting,
    resume: Resume,
) -> None:
    client = api_as(people[who])
    listing = client.get("me/invitations")
    notice = client.get(f"me/invitations/{invitation.pk}/notice")
    accepted = client.post(
        f"me/invitations/{invitation.pk}/accept",
        {"notice_hash": consent_notice(posting, resume).hash},
    )
    invitation.refresh_from_db()
    if who == "alice":
        assert listing.json()["total"] == 1
        assert notice.status_code == 200
        assert accepted.status_code == 201 and accepted.json()["source"] == "invitation"
        assert invitation.status == InvitationStatus.ACCEPTED
    else:
        expected = 401 if who == "anonymous" else 404
        assert (notice.status_code, accepted.status_code) == (expected, expected)
        assert invitation.status == InvitationStatus.PENDING
        assert not Application.objects.exists()


def test_seeker_declines_over_api(
    api_as: Client, alice: User, yan: User, invitation: ApplyInvitation
) -> None:
    assert api_as(yan).post(f"me/invitations/{invitation.pk}/decline").status_code == 404
    response = api_as(alice).post(f"me/invitations/{invitation.pk}/decline")
    assert response.status_code == 200 and response.json()["status"] == "declined"


def test_hourly_task_expires_invitations(invitation: ApplyInvitation, settings: Any) -> None:
    from rencai.applications.tasks import expire_open_invitations

    expire_open_invitations.call_local()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING
    later = timezone.now() + dt.timedelta(days=settings.APPLICATION_INVITATION_DAYS, hours=1)
    with time_machine.travel(later, tick=False):
        expire_open_invitations.call_local()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.EXPIRED


@pytest.mark.parametrize("who", PERSONAS)
def test_decline_role_matrix(
    who: str, people: dict[str, User | None], api_as: Client, invitation: ApplyInvitation
) -> None:
    response = api_as(people[who]).post(f"me/invitations/{invitation.pk}/decline")
    invitation.refresh_from_db()
    if who == "alice":
        assert response.status_code == 200 and invitation.status == InvitationStatus.DECLINED
    else:
        assert response.status_code == (401 if who == "anonymous" else 404)
        assert invitation.status == InvitationStatus.PENDING

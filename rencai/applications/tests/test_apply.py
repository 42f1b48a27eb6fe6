"""Applying with consent (PI-05), the rules on who may apply (JOB-10, MIN-02), one active
application per job and reapplying after a rejection."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from rencai.accounts.models import User
from rencai.applications import actions
from rencai.applications.choices import ApplicationStatus, StageKind
from rencai.applications.models import Application, StageChange
from rencai.applications.snapshot import consent_notice, contact_of
from rencai.audit.models import AuditEvent
from rencai.core.actors import cli_actor
from rencai.core.errors import DomainError
from rencai.jobs.models import JobPosting
from rencai.notifications.models import Notification
from rencai.orgs.models import Organisation
from rencai.resumes.models import Resume
from rencai.testing import applications as seeds
from rencai.testing import jobs as job_seeds


def _apply(user: User, posting: JobPosting, resume: Resume, **kwargs: str) -> Application:
    notice = consent_notice(posting, resume)
    return actions.apply_to_job(
        posting,
        resume,
        notice_hash=notice.hash,
        actor=cli_actor(user),
        **kwargs,
    )


def test_pi05_apply_stores_snapshot_consent_and_audit_event_naming_the_organisation(
    alice: User, bob: User, posting: JobPosting, resume: Resume, company_a: Organisation
) -> None:
    application = _apply(alice, posting, resume, cover_note="期待与您沟通。")

    assert application.status == ApplicationStatus.ACTIVE
    assert application.stage.kind == StageKind.NEW and application.stage.name == "新投递"
    assert application.organisation == company_a
    assert application.consent_recipient == company_a.legal_name
    assert application.consent_recipient_uscc == company_a.uscc
    assert application.consent_categories == [
        "identity_contact",
        "basics",
        "intention",
        "work",
        "education",
        "skills",
        "self_assessment",
    ]
    assert application.consent_text_hash == consent_notice(posting, resume).hash
    assert application.snapshot["full_name"] == "王爱丽"
    assert "13800138001" not in str(application.snapshot)  # encrypted inside the snapshot
    assert contact_of(application.snapshot) == ("+8613800138001", "alice@example.com")
    assert "ethnicity" not in application.snapshot and "hukou_division" not in application.snapshot
    event = AuditEvent.objects.get(action="applications.consent_given")
    assert event.object_id == str(application.pk)
    assert event.after["organisation"] == company_a.legal_name
    assert event.after["uscc"] == company_a.uscc
    assert event.after["text_hash"] == application.consent_text_hash
    history = list(StageChange.objects.filter(application=application))
    assert [(h.from_stage, h.to_stage.kind, h.actor) for h in history] == [
        (None, StageKind.NEW, alice)
    ]
    notice = Notification.objects.get(recipient=bob, kind="applications.received")
    assert notice.url == f"/employer/applications/{application.pk}/"
    assert "王爱丽" not in str(notice.params)


def test_pi05_agency_posting_notice_names_agency_and_client(
    alice: User,
    carol: User,
    oscar: User,
    agency: Organisation,
    company_b: Organisation,
    resume: Resume,
) -> None:
    from rencai.jobs import actions as job_actions
    from rencai.orgs.queries import active_membership

    membership = active_membership(carol)
    assert membership is not None
    posting = job_actions.create_posting(
        agency,
        membership,
        job_seeds.sample_content(),
        client=company_b,
        entrustment="委托招聘协议 2026-01",
        actor=cli_actor(carol),
    )
    version = job_actions.submit_posting(posting, actor=cli_actor(carol))
    job_actions.approve_version(version, oscar, actor=cli_actor(oscar))
    posting.refresh_from_db()

    notice = consent_notice(posting, resume)
    assert agency.legal_name in notice.text and agency.uscc in notice.text
    assert company_b.legal_name in notice.text and company_b.uscc in notice.text
    application = _apply(alice, posting, resume)
    assert application.organisation == agency
    event = AuditEvent.objects.get(action="applications.consent_given")
    assert event.after["client"] == company_b.legal_name
    assert event.after["client_uscc"] == company_b.uscc


def test_pi05_a_changed_or_missing_notice_is_refused(
    alice: User, posting: JobPosting, resume: Resume
) -> None:
    with pytest.raises(DomainError) as missing:
        actions.apply_to_job(posting, resume, notice_hash="", actor=cli_actor(alice))
    assert missing.value.code == "consent_required"
    with pytest.raises(DomainError) as outdated:
        actions.apply_to_job(posting, resume, notice_hash="0" * 64, actor=cli_actor(alice))
    assert outdated.value.code == "consent_outdated"
    assert not Application.objects.exists()
    assert not AuditEvent.objects.filter(action="applications.consent_given").exists()


def test_notice_read_in_english_is_accepted(
    alice: User, posting: JobPosting, resume: Resume
) -> None:
    from django.utils import translation

    with translation.override("en"):
        shown = consent_notice(posting, resume)
    application = actions.apply_to_job(
        posting, resume, notice_hash=shown.hash, actor=cli_actor(alice)
    )
    assert application.consent_text_hash == shown.hash


def test_one_active_application_per_job(alice: User, posting: JobPosting, resume: Resume) -> None:
    _apply(alice, posting, resume)
    with pytest.raises(DomainError) as error:
        _apply(alice, posting, resume)
    assert error.value.code == "already_applied" and error.value.status == 409
    assert Application.objects.count() == 1


def test_reapply_after_rejection_only_after_the_configured_period(
    alice: User, bob: User, posting: JobPosting, resume: Resume, settings: object
) -> None:
    settings.APPLICATION_REAPPLY_DAYS = 30  # type: ignore[attr-defined]
    first = _apply(alice, posting, resume)
    actions.reject_application(first, reason="skills_mismatch", actor=cli_actor(bob))
    with pytest.raises(DomainError) as error:
        _apply(alice, posting, resume)
    assert error.value.code == "reapply_too_soon"
    later = timezone.now() + dt.timedelta(days=30, minutes=1)
    with time_machine.travel(later, tick=False):
        second = _apply(alice, posting, resume)
    assert second.status == ApplicationStatus.ACTIVE
    assert Application.objects.filter(seeker=alice, posting=posting).count() == 2


def test_reapply_at_once_after_withdrawing(
    alice: User, posting: JobPosting, resume: Resume
) -> None:
    first = _apply(alice, posting, resume)
    actions.withdraw_application(first, actor=cli_actor(alice))
    second = _apply(alice, posting, resume)
    assert second.pk != first.pk


def test_job10_under_18_cannot_apply_to_minor_prohibited_job(
    yan: User, company_a: Organisation, bob: User, oscar: User
) -> None:
    posting = job_seeds.publish(
        company_a,
        bob,
        oscar,
        title="井下采掘工",
        category="6-16",
        occupational_hazards="井下粉尘、噪声，配发防护用品",
        requirements="身体健康，持特种作业证者优先。",
    )
    assert posting.minor_prohibited
    resume = seeds.sample_resume(yan, full_name="严小燕", phone="+8613800138002", email="")
    with pytest.raises(DomainError) as error:
        _apply(yan, posting, resume)
    assert error.value.code == "minor_prohibited_job" and error.value.status == 403
    assert not Application.objects.exists()


def test_minor_may_apply_to_other_jobs(yan: User, posting: JobPosting) -> None:
    resume = seeds.sample_resume(yan, full_name="严小燕", phone="+8613800138002", email="")
    assert _apply(yan, posting, resume).status == ApplicationStatus.ACTIVE


def test_only_active_seekers_may_apply(
    alice: User, bob: User, posting: JobPosting, resume: Resume
) -> None:
    bob_resume = seeds.sample_resume(bob, full_name="薄建国", phone="", email="")
    with pytest.raises(DomainError) as not_seeker:
        _apply(bob, posting, bob_resume)
    assert not_seeker.value.code == "not_a_seeker"

    User.objects.filter(pk=alice.pk).update(birth_date=None)
    alice.refresh_from_db()
    with pytest.raises(DomainError) as unverified:
        _apply(alice, posting, resume)
    assert unverified.value.code == "seeker_not_active"

    User.objects.filter(pk=alice.pk).update(is_active=False, birth_date=dt.date(1998, 5, 12))
    alice.refresh_from_db()
    with pytest.raises(DomainError) as blocked:
        _apply(alice, posting, resume)
    assert blocked.value.code == "account_blocked"
    assert not Application.objects.exists()


def test_only_published_postings(
    alice: User, bob: User, company_a: Organisation, resume: Resume, posting: JobPosting
) -> None:
    actions_jobs = __import__("rencai.jobs.actions", fromlist=["close_posting"])
    actions_jobs.close_posting(posting, actor=cli_actor(bob))
    posting.refresh_from_db()
    with pytest.raises(DomainError) as error:
        _apply(alice, posting, resume)
    assert error.value.code == "not_found"


def test_someone_elses_resume_is_not_found(
    alice: User, yan: User, posting: JobPosting, resume: Resume
) -> None:
    with pytest.raises(DomainError) as error:
        actions.apply_to_job(
            posting,
            resume,
            notice_hash=consent_notice(posting, resume).hash,
            actor=cli_actor(yan),
        )
    assert error.value.code == "not_found"


@pytest.mark.parametrize(
    "note",
    ["加我微信 wx123456 详聊", "我的电话 13812345678", "我的邮箱 alice@example.com"],
)
def test_cover_note_with_contact_details_is_blocked(
    alice: User, posting: JobPosting, resume: Resume, note: str
) -> None:
    with pytest.raises(DomainError) as error:
        _apply(alice, posting, resume, cover_note=note)
    assert error.value.code == "cover_note_blocked"
    assert error.value.extra["findings"]
    assert not Application.objects.exists()


def test_duplicate_through_another_resume_is_flagged(
    alice: User,
    bob: User,
    oscar: User,
    company_a: Organisation,
    posting: JobPosting,
    resume: Resume,
) -> None:
    first = _apply(alice, posting, resume)
    other_posting = job_seeds.publish(company_a, bob, oscar, title="数据工程师")
    english = seeds.sample_resume(alice, title="English CV", language="en", is_primary=False)
    second = _apply(alice, other_posting, english)
    assert second.duplicate_of == first
    same_resume_posting = job_seeds.publish(company_a, bob, oscar, title="运维工程师")
    third = _apply(alice, same_resume_posting, resume)
    assert third.duplicate_of == second  # the earliest one sent through another resume
    fourth_posting = job_seeds.publish(company_a, bob, oscar, title="测试工程师")
    Application.objects.filter(pk=second.pk).update(status=ApplicationStatus.WITHDRAWN)
    assert _apply(alice, fourth_posting, resume).duplicate_of is None


def test_duplicate_by_phone_from_another_account(
    alice: User, yan: User, posting: JobPosting, resume: Resume
) -> None:
    first = _apply(alice, posting, resume)
    copy = seeds.sample_resume(yan, full_name="王爱丽", phone="138 0013 8001", email="")
    second = _apply(yan, posting, copy)
    assert second.duplicate_of == first


def test_withdraw_leaves_the_pipeline(
    alice: User, bob: User, posting: JobPosting, resume: Resume, company_a: Organisation
) -> None:
    from rencai.applications.queries import application_for_org, pipeline_applications

    application = _apply(alice, posting, resume)
    actions.withdraw_application(application, actor=cli_actor(alice))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert not pipeline_applications(company_a).exists()
    with pytest.raises(DomainError):
        application_for_org(company_a, application.pk)
    with pytest.raises(DomainError) as again:
        actions.withdraw_application(application, actor=cli_actor(alice))
    assert again.value.code == "application_state"
    assert AuditEvent.objects.filter(action="applications.withdrawn").count() == 1


def test_demo_data_alice_at_interview_with_bob(db: None) -> None:
    """``rencai/testing/applications.py`` (seed_demo): Alice applied to Bob's job and is at
    the interview stage; running it again changes nothing."""
    first = seeds.demo_applications()
    again = seeds.demo_applications()
    assert [a.pk for a in first] == [a.pk for a in again]
    application = first[0]
    assert application.seeker.display_name.startswith("Alice")
    assert application.organisation.legal_name == "深圳蓝海科技有限公司"
    assert application.stage.name == "面试"
    assert Application.objects.count() == 1

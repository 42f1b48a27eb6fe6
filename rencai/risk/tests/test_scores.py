"""Assessments of postings and accounts, their triggers and effects (FRD-01, FRD-06,
JOB-09)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from rencai.accounts.models import User
from rencai.audit.models import AuditEvent
from rencai.core.actors import cli_actor
from rencai.jobs import actions as job_actions
from rencai.jobs.choices import PostingStatus
from rencai.jobs.models import JobPosting
from rencai.jobs.queries import public_postings_for
from rencai.messaging.actions import send_message
from rencai.moderation.reports import file_report
from rencai.orgs.models import Organisation
from rencai.privacy.actions import set_optional_consent
from rencai.privacy.choices import ConsentChannel, ConsentPurpose
from rencai.privacy.recommendations import non_personalised, recommended_jobs
from rencai.risk import scores
from rencai.risk import signals as sig
from rencai.risk.choices import SubjectKind, Trigger
from rencai.risk.models import RiskAssessment
from rencai.risk.tests.conftest import Submit
from rencai.sanctions.actions import impose_sanction
from rencai.sanctions.choices import SanctionKind
from rencai.testing import messaging as builders
from rencai.testing import resumes as resume_seeds

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC)
FRD06 = "柬埔寨客服 月薪3万 包机票 无需经验"


def _codes(assessment: RiskAssessment | None) -> set[str]:
    assert assessment is not None
    return {factor["code"] for factor in assessment.signals}


def test_frd06_fixture_goes_to_manual_review_even_with_auto_publish(
    submit: Submit, settings: object
) -> None:
    settings.JOBS_AUTO_PUBLISH = True  # type: ignore[attr-defined]
    posting = submit(title=FRD06)
    assert posting.status == PostingStatus.IN_REVIEW  # manual_review
    assessment = scores.current_assessment(posting=posting)
    assert assessment is not None
    assert assessment.level == "high" and assessment.trigger == Trigger.SUBMITTED
    assert {sig.OVERSEAS_BAIT, sig.SCREENING} <= _codes(assessment)
    event = AuditEvent.objects.get(action="risk.assessed", object_id=str(assessment.pk))
    assert event.after["subject_kind"] == "posting"
    assert event.after["level"] == "high"


def test_new_account_high_pay_part_time_is_held_for_review(
    submit: Submit, settings: object
) -> None:
    """The screening score alone (15: high pay) would publish it; the new account of
    company A (verified today) with a high-paid part-time job makes it high."""
    settings.JOBS_AUTO_PUBLISH = True  # type: ignore[attr-defined]
    posting = submit(employment_type="part_time", pay_min=15_000, pay_max=20_000)
    assert posting.risk_score < 50
    assert posting.status == PostingStatus.IN_REVIEW
    assessment = scores.current_assessment(posting=posting)
    assert assessment is not None and assessment.level == "high"
    assert sig.NEW_ACCOUNT_PART_TIME in _codes(assessment)


def test_clean_posting_is_published_and_only_low_risk(submit: Submit, settings: object) -> None:
    settings.JOBS_AUTO_PUBLISH = True  # type: ignore[attr-defined]
    posting = submit(pay_min=8_000, pay_max=12_000)
    assert posting.status == PostingStatus.PUBLISHED
    assert scores.current_assessment(posting=posting) is None  # score 0: nothing written
    assert not AuditEvent.objects.filter(action="risk.assessed").exists()


def test_a_new_assessment_only_when_the_score_changes(submit: Submit) -> None:
    posting = submit(title=FRD06)
    first = scores.current_assessment(posting=posting)
    assert scores.assess_posting(posting) == first
    assert RiskAssessment.objects.filter(posting=posting).count() == 1
    assert AuditEvent.objects.filter(action="risk.assessed").count() == 1


def test_posting_velocity_with_the_clock(
    create: Submit, bob: User, company_a: Organisation, settings: object
) -> None:
    settings.RISK_POSTING_VELOCITY_COUNT = 3  # type: ignore[attr-defined]
    with time_machine.travel(START, tick=False):
        for _ in range(2):
            create()
    with time_machine.travel(START + dt.timedelta(minutes=9), tick=False):
        posting = create()
        job_actions.submit_posting(posting, actor=cli_actor(bob))
        account = scores.current_assessment(organisation=company_a)
        assert account is not None and _codes(account) == {sig.POSTING_VELOCITY}
        assert account.signals[0]["evidence"] == {"count": 3, "minutes": 10}
    with time_machine.travel(START + dt.timedelta(minutes=11), tick=False):
        # The window has moved past the first two: the periodic recompute lowers it.
        assert scores.account_signals(organisation=company_a) == []
        scores.recompute()
        latest = scores.current_assessment(organisation=company_a)
        assert latest is not None and latest.score == 0 and latest.pk != account.pk
        assert RiskAssessment.objects.get(pk=account.pk).is_current is False


def test_message_velocity_on_the_sender_with_the_clock(
    alice: User, yan: User, bob: User, oscar: User, company_a: Organisation, settings: object
) -> None:
    from rencai.testing.jobs import publish

    settings.RISK_MESSAGE_VELOCITY_COUNT = 2  # type: ignore[attr-defined]
    posting = publish(company_a, bob, oscar)
    conversations = [
        builders.conversation(builders.application(seeker, posting), seeker)
        for seeker in (alice, yan)
    ]
    with time_machine.travel(START, tick=False):
        send_message(conversations[0], "您好，请问明天方便面试吗？", actor=cli_actor(bob))
        assert scores.current_assessment(user=bob) is None  # one seeker: nothing
        send_message(conversations[0], "地址在科兴科学园。", actor=cli_actor(bob))
        assert scores.current_assessment(user=bob) is None  # still one seeker
    with time_machine.travel(START + dt.timedelta(minutes=5), tick=False):
        send_message(conversations[1], "您好，简历已收到。", actor=cli_actor(bob))
    person = scores.current_assessment(user=bob)
    org = scores.current_assessment(organisation=company_a)
    assert person is not None and _codes(person) == {sig.MESSAGE_VELOCITY}
    assert person.trigger == Trigger.MESSAGES
    assert person.signals[0]["evidence"]["count"] == 2
    assert org is not None and _codes(org) == {sig.MESSAGE_VELOCITY}
    # The seeker's own messages are never counted.
    with time_machine.travel(START + dt.timedelta(minutes=6), tick=False):
        send_message(conversations[1], "好的，谢谢。", actor=cli_actor(yan))
    assert scores.current_assessment(user=yan) is None
    with time_machine.travel(START + dt.timedelta(minutes=30), tick=False):
        assert scores.message_velocity(user=bob, now=timezone.now()) == 0


def test_reports_against_the_account(
    alice: User, yan: User, bob: User, oscar: User, company_a: Organisation
) -> None:
    from rencai.testing.jobs import publish

    posting = publish(company_a, bob, oscar)
    for reporter in (alice, yan):
        file_report(
            target_kind="posting",
            target_id=posting.pk,
            category="fraud_or_fees",
            details="要求先交服装费。",
            actor=cli_actor(reporter),
        )
    assessment = scores.assess_account(organisation=company_a)
    assert assessment is not None
    assert assessment.signals == [
        {"code": sig.REPORTS, "weight": 30, "evidence": {"count": 2, "days": 30}}
    ]
    assert assessment.level == "medium"
    # The posting inherits half of its account's score.
    posting_assessment = scores.assess_posting(posting)
    assert posting_assessment is not None
    assert sig.ACCOUNT in _codes(posting_assessment)


def test_sanctions_history(alice: User, oscar: User) -> None:
    impose_sanction(
        kind=SanctionKind.WARNING,
        rule="fraud_or_fees",
        reason="多次要求求职者缴纳服装费。",
        user=alice,
        actor=cli_actor(oscar),
    )
    assessment = scores.assess_account(user=alice)
    assert assessment is not None and _codes(assessment) == {sig.SANCTIONS}


def test_account_risk_contract(company_a: Organisation, alice: User, oscar: User) -> None:
    never = scores.account_risk(organisation=company_a)
    assert (never.score, never.level, never.factors, never.assessed_at) == (0, "low", [], None)
    assert not RiskAssessment.objects.exists()  # reading never writes
    impose_sanction(
        kind=SanctionKind.WARNING,
        rule="harassment",
        reason="骚扰求职者，警告一次。",
        user=alice,
        actor=cli_actor(oscar),
    )
    computed = scores.account_risk(user=alice)
    assert computed.score == 20 and computed.assessed_at is None
    assert [f.code for f in computed.factors] == [sig.SANCTIONS]
    scores.assess_account(user=alice)
    stored = scores.account_risk(user=alice)
    assert stored.score == 20 and stored.assessed_at is not None
    assert stored.factors[0].explanation and stored.factors[0].title


def test_high_risk_postings_are_never_recommended_jobs09(
    submit: Submit, bob: User, oscar: User, alice: User, company_a: Organisation
) -> None:
    with time_machine.travel(timezone.now() - dt.timedelta(hours=2)):
        clean = submit(pay_min=8_000, pay_max=12_000)
        job_actions.approve_version(clean.versions.get(), oscar, actor=cli_actor(oscar))
    risky = submit(employment_type="part_time", pay_min=15_000, pay_max=20_000)
    job_actions.approve_version(risky.versions.get(), oscar, actor=cli_actor(oscar))
    # Both are public, the risky one is newest; the recommendation feed drops it.
    assert list(public_postings_for(alice)) == [risky, clean]
    assert non_personalised(alice) == [clean]
    # The personalised ranking too, though the risky one matches her intention as well.
    resume_seeds.build_resume(alice, visibility="employers")
    set_optional_consent(
        alice,
        ConsentPurpose.PERSONALISED_RECOMMENDATION,
        True,
        actor=cli_actor(alice),
        channel=ConsentChannel.WEB,
    )
    feed = recommended_jobs(alice)
    assert feed.personalised and feed.postings == [clean]
    assert list(scores.exclude_high_risk(JobPosting.objects.all())) == [clean]
    # A person cleared it: it may be recommended again.
    assessment = scores.current_assessment(posting=risky)
    assert assessment is not None
    from rencai.risk.actions import review_assessment

    review_assessment(
        assessment, outcome="cleared", note="已电话核实，岗位真实。", actor=cli_actor(oscar)
    )
    assert non_personalised(alice) == [risky, clean]
    assert set(recommended_jobs(alice).postings) == {risky, clean}


def test_screening_score_alone_excludes_from_recommendations(submit: Submit, oscar: User) -> None:
    posting = submit(title=FRD06)
    job_actions.approve_version(posting.versions.get(), oscar, actor=cli_actor(oscar))
    assert posting.risk_score >= 50
    RiskAssessment.objects.all().delete()  # assessed before the risk app existed
    assert list(scores.exclude_high_risk(JobPosting.objects.filter(pk=posting.pk))) == []


def test_dry_run_prints_and_changes_nothing(submit: Submit, company_a: Organisation) -> None:
    posting = submit(title=FRD06)
    RiskAssessment.objects.all().delete()
    events = AuditEvent.objects.count()
    out = io.StringIO()
    call_command("assess_risk", "--dry-run", stdout=out)
    text = out.getvalue()
    assert f"posting {posting.pk} - -> " in text
    assert "dry run: 1 risk scores changed" in text
    assert not RiskAssessment.objects.exists()
    assert AuditEvent.objects.count() == events
    out = io.StringIO()
    call_command("assess_risk", stdout=out)
    assert out.getvalue().strip().endswith("1 risk scores changed")
    assessment = RiskAssessment.objects.get()
    assert assessment.subject_kind == SubjectKind.POSTING and assessment.trigger == "periodic"
    out = io.StringIO()
    call_command("assess_risk", stdout=out)
    assert out.getvalue().strip() == "0 risk scores changed"


def test_periodic_task_recomputes(submit: Submit) -> None:
    from rencai.risk.tasks import recompute_risk_task

    posting = submit(title=FRD06)
    RiskAssessment.objects.all().delete()
    recompute_risk_task.call_local()
    assert scores.current_assessment(posting=posting) is not None

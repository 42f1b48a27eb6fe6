"""Posting lifecycle: drafts, screening at submission, review, versions, expiry (JOB-01…08)."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields

import pytest
import time_machine
from django.utils import timezone

from rencai.accounts.models import User
from rencai.core.actors import cli_actor
from rencai.core.errors import DomainError
from rencai.core.timeutil import local_today
from rencai.jobs import actions
from rencai.jobs.models import JobPosting, JobPostingVersion, PostingEvent
from rencai.jobs.queries import public_postings
from rencai.orgs.models import Organisation
from rencai.orgs.queries import active_membership
from rencai.testing.jobs import publish, sample_content

pytestmark = pytest.mark.django_db


def _create(org: Organisation, user: User, **changes: object) -> JobPosting:
    membership = active_membership(user)
    assert membership is not None
    return actions.create_posting(org, membership, sample_content(**changes), actor=cli_actor(user))


def test_lawful_posting_goes_through_review_to_the_public(
    company_a: Organisation, bob: User, oscar: User
) -> None:
    posting = _create(company_a, bob)
    assert posting.status == "draft"
    assert not public_postings().exists()
    version = actions.submit_posting(posting, actor=cli_actor(bob))
    assert version.status == "pending" and version.verdict == "pass"
    posting.refresh_from_db()
    assert posting.status == "in_review"
    assert not public_postings().exists()
    actions.approve_version(version, oscar, actor=cli_actor(oscar))
    posting.refresh_from_db()
    assert posting.status == "published"
    assert list(public_postings()) == [posting]
    kinds = list(PostingEvent.objects.filter(posting=posting).values_list("kind", flat=True))
    assert kinds == ["created", "submitted", "approved"]


def test_unlawful_posting_is_stopped_with_findings(company_a: Organisation, bob: User) -> None:
    posting = _create(company_a, bob, requirements="限男性，35岁以下，本科及以上学历。")
    with pytest.raises(DomainError) as caught:
        actions.submit_posting(posting, actor=cli_actor(bob))
    assert caught.value.code == "posting_blocked"
    findings = caught.value.extra["findings"]
    categories = {f["category"] for f in findings}
    assert "gender" in categories
    text = posting.versions.get().requirements
    gender = next(f for f in findings if f["category"] == "gender")
    assert text[gender["start"] : gender["end"]] in ("限男性", "男性")
    assert posting.versions.get().status == "draft"


def test_contested_requirements_need_a_justification(company_a: Organisation, bob: User) -> None:
    posting = _create(company_a, bob, requirements="本科及以上学历，年龄35岁以下。")
    with pytest.raises(DomainError) as caught:
        actions.submit_posting(posting, actor=cli_actor(bob))
    assert caught.value.code == "justification_required"
    version = actions.submit_posting(
        posting, justification="岗位需长期出差，但我们会删除年龄要求", actor=cli_actor(bob)
    )
    assert version.verdict == "review"


@pytest.mark.parametrize(
    "name", ["title", "description", "requirements", "working_hours", "category"]
)
def test_each_mandatory_text_field(company_a: Organisation, bob: User, name: str) -> None:
    with pytest.raises(DomainError) as caught:
        _create(company_a, bob, **{name: ""})
    assert caught.value.status == 422
    assert name in caught.value.fields


def test_pay_locations_validity_hazards_and_work_permit(company_a: Organisation, bob: User) -> None:
    cases = [
        ({"pay_min": 0}, "pay_min"),
        ({"pay_min": 30000, "pay_max": 20000}, "pay_min"),
        ({"locations": []}, "locations"),
        ({"openings": 0}, "openings"),
        ({"valid_until": local_today() + dt.timedelta(days=91)}, "valid_until"),
        ({"category": "6-16"}, "occupational_hazards"),
        ({"targets_foreign_nationals": True}, "work_permit_acknowledged"),
    ]
    for changes, field in cases:
        with pytest.raises(DomainError) as caught:
            _create(company_a, bob, **changes)
        assert field in caught.value.fields, (changes, caught.value.fields)


def test_minor_prohibited_categories_are_flagged(company_a: Organisation, bob: User) -> None:
    posting = _create(company_a, bob, category="6-16", occupational_hazards="井下作业，粉尘")
    assert posting.minor_prohibited


def test_editing_a_published_posting_keeps_the_live_version(
    company_a: Organisation, bob: User, oscar: User
) -> None:
    posting = publish(company_a, bob, oscar)
    live = posting.live_version
    assert live is not None
    draft = actions.update_posting(
        posting, sample_content(title="高级 Python 工程师"), actor=cli_actor(bob)
    )
    assert draft.number == 2
    public = public_postings().get()
    assert public.live_version is not None and public.live_version.title == live.title
    version = actions.submit_posting(posting, actor=cli_actor(bob))
    with pytest.raises(DomainError) as caught:
        actions.update_posting(posting, sample_content(), actor=cli_actor(bob))
    assert caught.value.code == "version_in_review"
    actions.approve_version(version, oscar, actor=cli_actor(oscar))
    posting.refresh_from_db()
    assert posting.live_version is not None and posting.live_version.title == "高级 Python 工程师"
    assert JobPostingVersion.objects.filter(posting=posting).count() == 2  # versions kept


def test_rejection_returns_a_draft_with_reasons(
    company_a: Organisation, bob: User, oscar: User
) -> None:
    posting = _create(company_a, bob)
    version = actions.submit_posting(posting, actor=cli_actor(bob))
    with pytest.raises(DomainError):
        actions.reject_version(version, oscar, reasons=[], actor=cli_actor(oscar))
    actions.reject_version(version, oscar, reasons=["missing_information"], actor=cli_actor(oscar))
    posting.refresh_from_db()
    assert posting.status == "draft"
    fresh = actions.update_posting(posting, sample_content(), actor=cli_actor(bob))
    assert fresh.number == 2


def test_take_down_removes_it_at_once_and_keeps_evidence(
    company_a: Organisation, bob: User, oscar: User
) -> None:
    posting = publish(company_a, bob, oscar)
    actions.take_down(
        posting, oscar, reasons=["false_information"], note="虚假薪资", actor=cli_actor(oscar)
    )
    assert not public_postings().exists()
    event = PostingEvent.objects.get(posting=posting, kind="taken_down")
    assert event.evidence["title"] == "Python 后端开发工程师"


def test_expiry(company_a: Organisation, bob: User, oscar: User) -> None:
    posting = publish(company_a, bob, oscar, valid_until=local_today() + dt.timedelta(days=3))
    later = timezone.now() + dt.timedelta(days=4)
    with time_machine.travel(later, tick=False):
        assert not public_postings().exists()  # hidden at once …
        assert actions.expire_postings() == 1  # … and recorded
        posting.refresh_from_db()
        assert posting.status == "expired"
        renewed = actions.renew_posting(
            posting, local_today() + dt.timedelta(days=30), actor=cli_actor(bob)
        )
        assert renewed.status == "draft"


def test_organisation_in_bad_standing_cannot_post(company_a: Organisation, bob: User) -> None:
    company_a.reverification_required = True
    company_a.save()
    with pytest.raises(DomainError) as caught:
        _create(company_a, bob)
    assert caught.value.code == "org_cannot_post"
    assert caught.value.extra["reason"] == "reverification_required"


def test_agencies_post_for_a_verified_client(
    agency: Organisation, company_a: Organisation, carol: User
) -> None:
    membership = active_membership(carol)
    assert membership is not None
    with pytest.raises(DomainError) as caught:
        actions.create_posting(agency, membership, sample_content(), actor=cli_actor(carol))
    assert caught.value.code == "client_required"
    posting = actions.create_posting(
        agency,
        membership,
        sample_content(),
        client=company_a,
        entrustment="委托招聘合同 2026-118",
        actor=cli_actor(carol),
    )
    assert posting.client == company_a


def test_employers_post_only_their_own(
    company_a: Organisation, agency: Organisation, bob: User
) -> None:
    membership = active_membership(bob)
    assert membership is not None
    with pytest.raises(DomainError) as caught:
        actions.create_posting(
            company_a, membership, sample_content(), client=agency, actor=cli_actor(bob)
        )
    assert caught.value.code == "own_vacancies_only"


def test_content_fields_are_all_stored(company_a: Organisation, bob: User) -> None:
    posting = _create(company_a, bob)
    version = posting.versions.get()
    content = sample_content()
    for field in fields(content):
        if field.name not in ("locations", "valid_until"):
            assert getattr(version, field.name) == getattr(content, field.name), field.name


def test_gender_restriction_in_underground_mining_goes_to_a_reviewer(
    company_a: Organisation, bob: User
) -> None:
    """DIS-06: the same text is refused in an office job and reviewed in mining."""
    office = _create(company_a, bob, requirements="限男性，身体健康。")
    with pytest.raises(DomainError):
        actions.submit_posting(office, actor=cli_actor(bob))
    mine = _create(
        company_a,
        bob,
        category="6-16",
        occupational_hazards="井下作业，粉尘、噪声，提供防护装备",
        requirements="限男性，身体健康。",
    )
    version = actions.submit_posting(
        mine, justification="井下采掘岗位，属女职工禁忌从事的劳动范围", actor=cli_actor(bob)
    )
    assert version.verdict == "review"


def test_risky_pay_and_bait_never_auto_publish(
    company_a: Organisation, bob: User, settings: object
) -> None:
    settings.JOBS_AUTO_PUBLISH = True  # type: ignore[attr-defined]
    clean = _create(company_a, bob)
    assert actions.submit_posting(clean, actor=cli_actor(bob)).status == "approved"
    bait = _create(
        company_a,
        bob,
        title="在家兼职 日结",
        description="无需经验，在家即可，日结工资，时间自由。",
        pay_min=30000,
        pay_max=60000,
    )
    version = actions.submit_posting(bait, justification="真实岗位", actor=cli_actor(bob))
    assert version.status == "pending"
    bait.refresh_from_db()
    assert bait.risk_score >= 50


def test_reports_get_a_reference(company_a: Organisation, bob: User, oscar: User) -> None:
    """Reports of postings go to the trust & safety queue (``rencai.moderation``)."""
    from rencai.core.actors import Actor
    from rencai.moderation.reports import file_report

    posting = publish(company_a, bob, oscar)
    report = file_report(
        target_kind="posting",
        target_id=posting.pk,
        category="discrimination",  # the older name of employment_discrimination
        details="要求只招本地户口",
        actor=Actor(None, ip="10.0.0.9"),
    )
    assert report.reference.startswith("RP")
    assert report.category == "employment_discrimination"
    with pytest.raises(DomainError) as caught:
        file_report(
            target_kind="posting",
            target_id=posting.pk,
            category="x",
            details="……",
            actor=Actor(None),
        )
    assert caught.value.code == "report_category_invalid"


def test_demo_postings_are_public_and_created_once(db: None) -> None:
    from rencai.testing.jobs import demo_postings

    first = demo_postings()
    assert len(first) == 4
    assert len(demo_postings()) == 4
    assert public_postings().count() == 4


def test_postings_are_handed_over_when_their_owner_leaves(
    company_a: Organisation, bob: User, oscar: User
) -> None:
    from rencai.orgs.actions import accept_invitation, end_membership, invite
    from rencai.testing import personas

    posting = publish(company_a, bob, oscar)
    admin = active_membership(bob)
    assert admin is not None
    invitation = invite(company_a, admin, "13700137077", "recruiter", actor=cli_actor(bob))
    colleague_user = personas.register_person("13700137077", "employer_staff", "同事")
    colleague = accept_invitation(invitation, colleague_user, actor=cli_actor(colleague_user))
    record = end_membership(admin, successor=colleague, reason="left", actor=cli_actor(bob))
    assert record.counts["jobs.postings"] == 1
    posting.refresh_from_db()
    assert posting.owner == colleague

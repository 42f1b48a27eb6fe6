"""The sanctions ladder: imposing, evidence, notices, expiry, revocation and authority
reports (FRD-02, FRD-04, REG-03)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from rencai.accounts.models import User
from rencai.audit.models import AuditEvent
from rencai.core.actors import cli_actor
from rencai.core.errors import DomainError
from rencai.jobs.choices import PostingStatus
from rencai.jobs.models import JobPosting
from rencai.moderation.models import AbnormalListEntry
from rencai.notifications.models import Notification
from rencai.orgs.models import Organisation
from rencai.sanctions import actions, enforcement
from rencai.sanctions.actions import digest
from rencai.sanctions.choices import AuthorityReportStatus, SanctionKind, SanctionStatus
from rencai.sanctions.models import AuthorityReport, Sanction, SanctionNotice
from rencai.sanctions.queries import active_restrictions
from rencai.testing.orgs import demo_upload

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC)


def _impose(oscar: User, **kwargs: object) -> Sanction:
    defaults: dict[str, object] = {"rule": "fraud_or_fees", "reason": "多次要求求职者缴纳服装费。"}
    return actions.impose_sanction(**{**defaults, **kwargs}, actor=cli_actor(oscar))


def test_impose_records_evidence_notice_and_audit(alice: User, oscar: User) -> None:
    sanction = _impose(
        oscar,
        kind=SanctionKind.WARNING,
        user=alice,
        rule="harassment",
        evidence={"report": "R-2026-0001", "excerpt": "骚扰消息截图"},
        evidence_files=[demo_upload("SCREENSHOT")],
    )
    assert sanction.status == SanctionStatus.ACTIVE
    assert sanction.severity == 1
    assert sanction.imposed_by == oscar
    assert sanction.ends_at is not None  # warnings stay on record for a period
    bundle = sanction.evidence
    assert bundle["snapshot"] == {"report": "R-2026-0001", "excerpt": "骚扰消息截图"}
    assert bundle["rule"]["code"] == "harassment"
    assert "13800138001" not in str(bundle)  # the phone is masked
    stored = sanction.evidence_files.get()
    assert bundle["files"] == [
        {
            "id": str(stored.pk),
            "name": stored.original_name,
            "content_type": stored.content_type,
            "size": stored.size,
            "sha256": stored.sha256,
        }
    ]
    assert sanction.evidence_sha256 == digest(bundle)
    notice = SanctionNotice.objects.get(sanction=sanction)
    assert notice.recipient == alice
    assert notice.appeal_url == f"/account/sanctions/{sanction.pk}/"
    assert notice.appeal_until == sanction.starts_at + dt.timedelta(days=15)
    assert notice.notification is not None
    assert notice.notification.kind == "sanctions.imposed"
    event = AuditEvent.objects.get(action="sanctions.imposed")
    assert event.object_id == str(sanction.pk)
    assert event.after["evidence_sha256"] == sanction.evidence_sha256
    assert not AuthorityReport.objects.exists()  # a warning is below the threshold


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"kind": "warning"}, "subject_required"),
        ({"kind": "nonsense", "user": "alice"}, "sanction_kind_invalid"),
        ({"kind": "warning", "user": "alice", "rule": "x"}, "rule_invalid"),
        ({"kind": "warning", "user": "alice", "reason": "短"}, "reason_required"),
        ({"kind": "restriction", "user": "alice"}, "period_required"),
        ({"kind": "restriction", "user": "alice", "days": 0}, "period_invalid"),
        ({"kind": "account_closure", "user": "alice", "days": 3}, "period_invalid"),
        ({"kind": "take_down", "user": "alice"}, "posting_required"),
        ({"kind": "suspend_posting", "user": "alice", "days": 3}, "sanction_organisation_required"),
        ({"kind": "warning", "user": "alice", "evidence": {"x": "y" * 30000}}, "evidence_invalid"),
    ],
)
def test_impose_validates(alice: User, oscar: User, kwargs: dict[str, object], code: str) -> None:
    if kwargs.get("user") == "alice":
        kwargs = {**kwargs, "user": alice}
    with pytest.raises(DomainError) as caught:
        _impose(oscar, **kwargs)
    assert caught.value.code == code
    assert not Sanction.objects.exists()


def test_only_trust_and_safety_impose(alice: User, audrey: User, rita: User) -> None:
    for person in (audrey, rita, alice):
        with pytest.raises(DomainError) as caught:
            _impose(person, kind=SanctionKind.WARNING, user=alice)
        assert caught.value.code == "permission_denied"
    assert not Sanction.objects.exists()


def test_suspension_blocks_login_until_the_end_date_then_expires(alice: User, oscar: User) -> None:
    from rencai.accounts import actions as account_actions
    from rencai.testing.sms import latest_code

    def sign_in() -> User | None:
        actor = cli_actor()
        account_actions.request_login_code("13800138001", actor=actor)
        code = latest_code("13800138001")
        return account_actions.sign_in_with_sms("13800138001", code, actor=actor).user

    with time_machine.travel(START) as traveller:  # ticking: SMS codes are told apart by time
        sanction = _impose(oscar, kind=SanctionKind.ACCOUNT_SUSPENSION, user=alice, days=7)
        assert sanction.ends_at is not None
        assert sanction.ends_at - sanction.starts_at == dt.timedelta(days=7)
        with pytest.raises(DomainError) as caught:
            sign_in()
        assert caught.value.code == "account_suspended"
        assert caught.value.status == 403
        assert caught.value.extra["until"] == sanction.ends_at.isoformat()
        assert active_restrictions(alice) == {"log_in", "post", "apply", "message"}
        assert AuditEvent.objects.filter(action="accounts.logout_everywhere").exists()

        traveller.move_to(sanction.ends_at - dt.timedelta(seconds=5))
        assert not enforcement.may_log_in(alice)
        traveller.move_to(sanction.ends_at + dt.timedelta(minutes=1))
        assert enforcement.may_log_in(alice)  # over at its end, even before the task runs
        assert sign_in() == alice
        assert actions.expire_sanctions(actor=cli_actor()) == 1
    sanction.refresh_from_db()
    assert sanction.status == SanctionStatus.EXPIRED
    assert AuditEvent.objects.filter(
        action="sanctions.expired", object_id=str(sanction.pk)
    ).exists()
    assert actions.expire_sanctions(actor=cli_actor()) == 0


def test_expire_sanctions_command(alice: User, oscar: User) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        _impose(oscar, kind=SanctionKind.SUSPEND_APPLYING, user=alice, days=1)
        _impose(oscar, kind=SanctionKind.ACCOUNT_CLOSURE, user=alice)  # permanent
        traveller.move_to(START + dt.timedelta(days=2))
        call_command("expire_sanctions")
    statuses = dict(Sanction.objects.values_list("kind", "status"))
    assert statuses == {
        SanctionKind.SUSPEND_APPLYING: SanctionStatus.EXPIRED,
        SanctionKind.ACCOUNT_CLOSURE: SanctionStatus.ACTIVE,
    }


def test_ban_blocks_re_registration_with_the_same_phone(alice: User, oscar: User) -> None:
    from rencai.accounts.actions import cancel_account
    from rencai.testing.personas import register_person

    sanction = _impose(oscar, kind=SanctionKind.REREGISTRATION_BAN, user=alice)
    listed = AbnormalListEntry.objects.filter(pk__in=sanction.effects["listings"])
    assert sorted(listed.values_list("subject_kind", flat=True)) == ["id_number", "phone"]
    assert not enforcement.may_log_in(alice)
    cancel_account(alice, actor=cli_actor(alice))  # frees the number (PI-19) …
    with pytest.raises(DomainError) as caught:  # … but not for a listed person (FRD-04)
        register_person("13800138001", "seeker", "王爱丽", birth_date=dt.date(1998, 5, 12))
    assert caught.value.code == "phone_abnormal_listed"


def test_ban_of_an_organisation_lists_its_uscc(
    org_a: Organisation, job_a: JobPosting, oscar: User
) -> None:
    from rencai.orgs import actions as org_actions
    from rencai.testing.personas import register_person

    sanction = _impose(oscar, kind=SanctionKind.REREGISTRATION_BAN, organisation=org_a)
    entry = AbnormalListEntry.objects.get(pk__in=sanction.effects["listings"])
    assert entry.subject_kind == "uscc"
    job_a.refresh_from_db()
    assert job_a.status == PostingStatus.PAUSED
    assert sanction.effects["paused"] == [str(job_a.pk)]
    newcomer = register_person("13900139001", "employer_staff", "新公司")
    with pytest.raises(DomainError) as caught:
        org_actions.create_organisation(
            newcomer,
            org_actions.RegisteredDetails(
                legal_name="深圳蓝海新科技有限公司",
                uscc=org_a.uscc,
                legal_representative="林海",
                registered_address="广东省深圳市南山区科苑路16号",
                account_class="employer",
            ),
            actor=cli_actor(newcomer),
        )
    assert caught.value.code == "abnormal_listed"


def test_take_down_goes_through_the_jobs_action(
    org_a: Organisation, job_a: JobPosting, bob: User, oscar: User
) -> None:
    sanction = _impose(oscar, kind=SanctionKind.TAKE_DOWN, posting=job_a, rule="discrimination")
    job_a.refresh_from_db()
    assert job_a.status == PostingStatus.TAKEN_DOWN
    assert sanction.organisation == org_a
    assert job_a.live_version is not None
    assert sanction.evidence["posting"]["title"] == job_a.live_version.title
    assert job_a.events.filter(kind="taken_down", reasons=["discrimination"]).exists()
    # The notice goes to the organisation's administrators.
    assert list(SanctionNotice.objects.values_list("recipient", flat=True)) == [bob.pk]


def test_suspended_posting_is_refused_with_a_stable_code(
    org_a: Organisation, job_a: JobPosting, bob: User, oscar: User
) -> None:
    from rencai.jobs import actions as job_actions
    from rencai.orgs.queries import active_membership
    from rencai.testing.jobs import sample_content

    _impose(oscar, kind=SanctionKind.SUSPEND_POSTING, organisation=org_a, days=10)
    membership = active_membership(bob)
    assert membership is not None
    with pytest.raises(DomainError) as caught:
        job_actions.create_posting(org_a, membership, sample_content(), actor=cli_actor(bob))
    assert caught.value.code == "posting_suspended"
    with pytest.raises(DomainError) as caught:
        job_actions.resume_posting(job_a, actor=cli_actor(bob))
    assert caught.value.code == "posting_suspended"
    assert "post" in active_restrictions(bob)


def test_restriction_sets_daily_limits_and_ranking_penalty(
    alice: User, oscar: User, settings: object
) -> None:
    settings.SANCTION_DAILY_MESSAGES = 0  # type: ignore[attr-defined]
    assert enforcement.ranking_penalty(user=alice) == 1.0
    _impose(oscar, kind=SanctionKind.RESTRICTION, user=alice, days=5, rule="diversion")
    assert enforcement.ranking_penalty(user=alice) == 0.5
    assert enforcement.may_log_in(alice)
    with pytest.raises(DomainError) as caught:
        enforcement.ensure_may_message(alice)
    assert caught.value.code == "daily_limit_reached"
    assert caught.value.extra["limit"] == 0
    assert enforcement.may_apply(alice)  # 0 of 5 applications today


def test_suspended_applying_is_refused(alice: User, oscar: User, job_a: JobPosting) -> None:
    from rencai.testing.applications import apply

    _impose(oscar, kind=SanctionKind.SUSPEND_APPLYING, user=alice, days=3)
    with pytest.raises(DomainError) as caught:
        apply(alice, job_a)
    assert caught.value.code == "applying_suspended"


def test_warning_acknowledgement(alice: User, yan: User, oscar: User) -> None:
    sanction = _impose(oscar, kind=SanctionKind.WARNING, user=alice, rule="diversion")
    assert enforcement.pending_warning(alice) == sanction
    with pytest.raises(DomainError) as caught:
        actions.acknowledge_warning(sanction, actor=cli_actor(yan))
    assert caught.value.code == "permission_denied"
    actions.acknowledge_warning(sanction, actor=cli_actor(alice))
    sanction.refresh_from_db()
    assert sanction.acknowledged_at is not None
    assert enforcement.pending_warning(alice) is None
    assert AuditEvent.objects.filter(action="sanctions.warning_acknowledged").count() == 1
    with pytest.raises(DomainError) as caught:
        actions.acknowledge_warning(sanction, actor=cli_actor(alice))
    assert caught.value.code == "warning_already_acknowledged"


def test_authority_reports_above_the_threshold(
    alice: User, oscar: User, tess: User, settings: object
) -> None:
    below = _impose(oscar, kind=SanctionKind.SUSPEND_APPLYING, user=alice, days=3)
    assert not below.authority_reports.exists()
    fraud = _impose(oscar, kind=SanctionKind.ACCOUNT_SUSPENSION, user=alice, days=30)
    reports = {r.authority: r for r in fraud.authority_reports.all()}
    assert set(reports) == {"hr_authority", "police"}  # fraud goes to the police too
    assert reports["police"].evidence == fraud.evidence
    assert reports["police"].evidence_sha256 == fraud.evidence_sha256
    other = _impose(oscar, kind=SanctionKind.ACCOUNT_CLOSURE, user=alice, rule="harassment")
    assert list(other.authority_reports.values_list("authority", flat=True)) == ["hr_authority"]
    settings.SANCTION_AUTHORITY_SEVERITY = 3  # type: ignore[attr-defined]
    lower = _impose(oscar, kind=SanctionKind.SUSPEND_APPLYING, user=alice, days=3)
    assert lower.authority_reports.count() == 2

    report = reports["hr_authority"]
    with pytest.raises(DomainError) as caught:
        actions.record_authority_submission(report, reference="x", actor=cli_actor(tess))
    assert caught.value.code == "reference_required"
    actions.record_authority_submission(
        report, reference="沪人社监〔2026〕118号", note="邮寄", actor=cli_actor(tess)
    )
    report.refresh_from_db()
    assert report.status == AuthorityReportStatus.SUBMITTED
    assert report.submitted_by == tess
    with pytest.raises(DomainError) as caught:
        actions.record_authority_submission(report, reference="again", actor=cli_actor(tess))
    assert caught.value.code == "authority_report_already_submitted"


def test_revoke_reverses_effects(alice: User, oscar: User) -> None:
    sanction = _impose(oscar, kind=SanctionKind.REREGISTRATION_BAN, user=alice)
    revoked = actions.revoke_sanction(sanction, reason="误操作，撤销。", actor=cli_actor(oscar))
    assert revoked.status == SanctionStatus.REVOKED
    assert not AbnormalListEntry.objects.filter(lifted_at__isnull=True).exists()
    assert enforcement.may_log_in(alice)
    assert Notification.objects.filter(recipient=alice, kind="sanctions.lifted").exists()
    with pytest.raises(DomainError) as caught:
        actions.revoke_sanction(revoked, reason="再次撤销。", actor=cli_actor(oscar))
    assert caught.value.code == "sanction_not_active"


def test_evidence_is_not_changed_by_later_steps(alice: User, oscar: User) -> None:
    sanction = _impose(oscar, kind=SanctionKind.ACCOUNT_SUSPENSION, user=alice, days=2)
    before = (sanction.evidence, sanction.evidence_sha256)
    with time_machine.travel(timezone.now() + dt.timedelta(days=3)):
        actions.expire_sanctions(actor=cli_actor())
    sanction.refresh_from_db()
    assert (sanction.evidence, sanction.evidence_sha256) == before
    assert digest(sanction.evidence) == sanction.evidence_sha256

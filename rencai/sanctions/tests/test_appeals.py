"""Appeals: who may appeal, the window, the different-operator rule, and what upholding
and overturning do (FRD-02)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

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
from rencai.sanctions.choices import AppealStatus, SanctionKind, SanctionStatus
from rencai.sanctions.models import Appeal, Sanction
from rencai.sanctions.queries import appeals_queue
from rencai.testing.orgs import demo_upload

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC)
STATEMENT = "该岗位信息真实，服装由公司免费提供，附劳动合同样本。"


def _impose(oscar: User, **kwargs: object) -> Sanction:
    defaults: dict[str, object] = {"rule": "fraud_or_fees", "reason": "多次要求求职者缴纳服装费。"}
    return actions.impose_sanction(**{**defaults, **kwargs}, actor=cli_actor(oscar))


def test_appeal_window(alice: User, oscar: User, settings: object) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        sanction = _impose(oscar, kind=SanctionKind.SUSPEND_APPLYING, user=alice, days=30)
        traveller.move_to(START + dt.timedelta(days=15, seconds=1))
        with pytest.raises(DomainError) as caught:
            actions.submit_appeal(sanction, statement=STATEMENT, actor=cli_actor(alice))
        assert caught.value.code == "appeal_window_closed"
        assert caught.value.extra["appeal_until"] == (START + dt.timedelta(days=15)).isoformat()
        settings.SANCTION_APPEAL_WINDOW_DAYS = 20  # type: ignore[attr-defined]
        appeal = actions.submit_appeal(
            sanction,
            statement=STATEMENT,
            evidence_files=[demo_upload("CONTRACT")],
            actor=cli_actor(alice),
        )
    assert appeal.status == AppealStatus.PENDING
    assert appeal.evidence_files.count() == 1
    event = AuditEvent.objects.get(action="sanctions.appeal_submitted")
    assert event.after["files"][0]["sha256"] == appeal.evidence_files.get().sha256
    with pytest.raises(DomainError) as caught:
        actions.submit_appeal(sanction, statement=STATEMENT, actor=cli_actor(alice))
    assert caught.value.code == "appeal_exists"


def test_only_the_sanctioned_or_an_org_admin_may_appeal(
    alice: User, yan: User, bob: User, dave: User, org_a: Organisation, oscar: User
) -> None:
    on_alice = _impose(oscar, kind=SanctionKind.WARNING, user=alice)
    with pytest.raises(DomainError) as caught:
        actions.submit_appeal(on_alice, statement=STATEMENT, actor=cli_actor(yan))
    assert caught.value.code == "permission_denied"
    on_org = _impose(oscar, kind=SanctionKind.SUSPEND_POSTING, organisation=org_a, days=3)
    with pytest.raises(DomainError) as caught:
        actions.submit_appeal(on_org, statement=STATEMENT, actor=cli_actor(dave))
    assert caught.value.code == "permission_denied"
    with pytest.raises(DomainError) as caught:
        actions.submit_appeal(on_org, statement="太短", actor=cli_actor(bob))
    assert caught.value.code == "statement_required"
    appeal = actions.submit_appeal(on_org, statement=STATEMENT, actor=cli_actor(bob))
    assert appeal.appellant == bob
    assert Appeal.objects.count() == 1


def test_a_different_operator_decides(alice: User, oscar: User, tess: User, rita: User) -> None:
    sanction = _impose(oscar, kind=SanctionKind.SUSPEND_APPLYING, user=alice, days=10)
    appeal = actions.submit_appeal(sanction, statement=STATEMENT, actor=cli_actor(alice))
    assert list(appeals_queue(oscar)) == []  # not shown to the operator who imposed it
    assert list(appeals_queue(tess)) == [appeal]
    with pytest.raises(DomainError) as caught:
        actions.decide_appeal(
            appeal, outcome="overturned", reason="证据不足。", actor=cli_actor(oscar)
        )
    assert caught.value.code == "own_sanction"
    assert caught.value.status == 403
    with pytest.raises(DomainError) as caught:
        actions.decide_appeal(
            appeal, outcome="upheld", reason="维持原处理。", actor=cli_actor(rita)
        )
    assert caught.value.code == "permission_denied"
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.PENDING
    with pytest.raises(DomainError) as caught:
        actions.decide_appeal(appeal, outcome="maybe", reason="维持原处理。", actor=cli_actor(tess))
    assert caught.value.code == "outcome_invalid"

    decided = actions.decide_appeal(
        appeal, outcome="upheld", reason="证据充分，维持。", actor=cli_actor(tess)
    )
    assert decided.status == AppealStatus.UPHELD
    assert decided.decided_by == tess
    sanction.refresh_from_db()
    assert sanction.status == SanctionStatus.ACTIVE  # confirmed
    assert not enforcement.may_apply(alice)
    assert Notification.objects.filter(recipient=alice, kind="sanctions.appeal_decided").exists()
    with pytest.raises(DomainError) as caught:
        actions.decide_appeal(
            appeal, outcome="overturned", reason="改判，撤销处理。", actor=cli_actor(tess)
        )
    assert caught.value.code == "appeal_already_decided"


def test_overturn_reverses_the_effects(
    org_a: Organisation, job_a: JobPosting, bob: User, oscar: User, tess: User
) -> None:
    sanction = _impose(oscar, kind=SanctionKind.REREGISTRATION_BAN, organisation=org_a)
    job_a.refresh_from_db()
    assert job_a.status == PostingStatus.PAUSED
    assert AbnormalListEntry.objects.filter(lifted_at__isnull=True).count() == 1
    assert not enforcement.may_post(org_a)
    appeal = actions.submit_appeal(sanction, statement=STATEMENT, actor=cli_actor(bob))
    actions.decide_appeal(
        appeal, outcome="overturned", reason="举报不实，撤销处理。", actor=cli_actor(tess)
    )
    sanction.refresh_from_db()
    assert sanction.status == SanctionStatus.OVERTURNED
    assert sanction.ended_by == tess
    assert sanction.effects["reversed"]["resumed"] == [str(job_a.pk)]
    job_a.refresh_from_db()
    assert job_a.status == PostingStatus.PUBLISHED
    assert not AbnormalListEntry.objects.filter(lifted_at__isnull=True).exists()
    assert enforcement.may_post(org_a)
    decided = AuditEvent.objects.get(action="sanctions.appeal_decided")
    assert decided.after["outcome"] == "overturned"
    assert AuditEvent.objects.filter(action="moderation.listing_lifted").count() == 1


def test_overturned_suspension_restores_login(alice: User, oscar: User, tess: User) -> None:
    sanction = _impose(oscar, kind=SanctionKind.ACCOUNT_SUSPENSION, user=alice, days=30)
    assert not enforcement.may_log_in(alice)
    appeal = actions.submit_appeal(sanction, statement=STATEMENT, actor=cli_actor(alice))
    actions.decide_appeal(
        appeal, outcome="overturned", reason="身份被冒用。", actor=cli_actor(tess)
    )
    assert enforcement.may_log_in(alice)


def test_revoked_sanction_cannot_be_appealed(alice: User, oscar: User) -> None:
    sanction = _impose(oscar, kind=SanctionKind.WARNING, user=alice)
    actions.revoke_sanction(sanction, reason="误操作，撤销。", actor=cli_actor(oscar))
    with pytest.raises(DomainError) as caught:
        actions.submit_appeal(sanction, statement=STATEMENT, actor=cli_actor(alice))
    assert caught.value.code == "appeal_not_allowed"


def test_an_overturned_take_down_reinstates_the_posting(
    org_a: Organisation, job_a: JobPosting, bob: User, oscar: User, tess: User
) -> None:
    sanction = _impose(oscar, kind=SanctionKind.TAKE_DOWN, posting=job_a)
    job_a.refresh_from_db()
    assert job_a.status == PostingStatus.TAKEN_DOWN
    appeal = actions.submit_appeal(sanction, statement=STATEMENT, actor=cli_actor(bob))
    actions.decide_appeal(
        appeal, outcome="overturned", reason="服装费系误解，岗位真实。", actor=cli_actor(tess)
    )
    job_a.refresh_from_db()
    assert job_a.status == PostingStatus.PUBLISHED
    sanction.refresh_from_db()
    assert sanction.effects["reversed"]["reinstated"] == [str(job_a.pk)]
    kinds = list(job_a.events.order_by("created_at").values_list("kind", flat=True))
    assert kinds[-2:] == ["taken_down", "reinstated"]  # the take-down stays in the history


def test_a_revoked_take_down_of_an_expired_posting_comes_back_expired(
    org_a: Organisation, job_a: JobPosting, oscar: User, tess: User
) -> None:
    sanction = _impose(oscar, kind=SanctionKind.TAKE_DOWN, posting=job_a)
    assert job_a.valid_until is not None
    later = dt.datetime.combine(job_a.valid_until + dt.timedelta(days=2), dt.time(2), dt.UTC)
    with time_machine.travel(later, tick=False):
        actions.revoke_sanction(sanction, reason="处理有误，予以撤销。", actor=cli_actor(tess))
    job_a.refresh_from_db()
    assert job_a.status == PostingStatus.EXPIRED

"""The organisation's pipeline: stages (defaults, rename, reorder, add, archive), moves and
their history, first view, rejection with a neutral reason (DIS-04), notes and ratings."""

from __future__ import annotations

import pytest

from rencai.accounts.models import User
from rencai.applications import actions
from rencai.applications.choices import ApplicationStatus, StageKind
from rencai.applications.models import Application, ApplicationNote, PipelineStage, StageChange
from rencai.applications.queries import first_stage, seeker_timeline, stages_of
from rencai.audit.models import AuditEvent
from rencai.core.actors import cli_actor
from rencai.core.errors import DomainError
from rencai.jobs.models import JobPosting
from rencai.notifications.models import Notification
from rencai.orgs.models import Organisation
from rencai.resumes.models import Resume
from rencai.testing import applications as seeds


@pytest.fixture
def application(alice: User, posting: JobPosting, resume: Resume) -> Application:
    return seeds.apply(alice, posting, resume)


def test_default_stages_are_created_lazily(company_a: Organisation) -> None:
    assert not PipelineStage.objects.filter(organisation=company_a).exists()
    stages = stages_of(company_a)
    assert [s.name for s in stages] == [
        "新投递",
        "已查看",
        "初筛通过",
        "面试",
        "录用意向",
        "已录用",
        "不合适",
    ]
    assert len(stages_of(company_a)) == 7  # not created twice
    assert AuditEvent.objects.filter(action="applications.stages_created").count() == 1


def test_move_records_history_and_notifies_on_interview(
    application: Application, alice: User, bob: User, company_a: Organisation
) -> None:
    interview = first_stage(company_a, StageKind.INTERVIEW)
    moved = actions.move_application(application, interview, actor=cli_actor(bob))
    assert moved.stage == interview and moved.status == ApplicationStatus.ACTIVE
    assert moved.seen_by_org_at is not None
    last = StageChange.objects.filter(application=application).last()
    assert last is not None
    assert (last.from_stage.kind, last.to_stage, last.actor) == (StageKind.NEW, interview, bob)
    assert (
        Notification.objects.filter(recipient=alice, kind="applications.stage_interview").count()
        == 1
    )
    event = AuditEvent.objects.filter(action="applications.stage_changed").last()
    assert event is not None and event.after["kind"] == StageKind.INTERVIEW
    # the seeker's timeline shows meanings, never stage names or people
    timeline = seeker_timeline(moved)
    assert [item["kind"] for item in timeline] == ["new", "interview"]


def test_screening_move_does_not_notify(
    application: Application, alice: User, bob: User, company_a: Organisation
) -> None:
    actions.move_application(
        application, first_stage(company_a, StageKind.SCREENING), actor=cli_actor(bob)
    )
    assert (
        not Notification.objects.filter(recipient=alice)
        .exclude(kind__startswith="accounts")
        .filter(kind__startswith="applications.")
        .exists()
    )


def test_moving_to_hired_and_rejected_kinds_sets_status(
    application: Application, alice: User, bob: User, company_a: Organisation
) -> None:
    hired = actions.move_application(
        application, first_stage(company_a, StageKind.HIRED), actor=cli_actor(bob)
    )
    assert hired.status == ApplicationStatus.HIRED and hired.closed_at is not None
    assert Notification.objects.filter(recipient=alice, kind="applications.stage_hired").exists()
    rejected = actions.move_application(
        hired, first_stage(company_a, StageKind.REJECTED), actor=cli_actor(bob)
    )
    assert rejected.status == ApplicationStatus.REJECTED
    reopened = actions.move_application(
        rejected, first_stage(company_a, StageKind.SCREENING), actor=cli_actor(bob)
    )
    assert reopened.status == ApplicationStatus.ACTIVE and reopened.closed_at is None


def test_dave_cannot_move_bobs_application(
    application: Application, dave: User, company_b: Organisation, company_a: Organisation
) -> None:
    stages_of(company_b)
    with pytest.raises(DomainError) as error:
        actions.move_application(
            application, first_stage(company_a, StageKind.INTERVIEW), actor=cli_actor(dave)
        )
    assert error.value.code == "not_found"
    application.refresh_from_db()
    assert application.stage.kind == StageKind.NEW


def test_another_organisations_stage_is_refused(
    application: Application, bob: User, company_b: Organisation
) -> None:
    with pytest.raises(DomainError) as error:
        actions.move_application(
            application, first_stage(company_b, StageKind.INTERVIEW), actor=cli_actor(bob)
        )
    assert error.value.code == "stage_invalid"


def test_first_view_moves_new_to_viewed_once(
    application: Application, bob: User, company_a: Organisation
) -> None:
    seen = actions.mark_seen(application, actor=cli_actor(bob))
    assert seen.stage.kind == StageKind.REVIEWED and seen.seen_by_org_at is not None
    again = actions.mark_seen(seen, actor=cli_actor(bob))
    assert again.stage.kind == StageKind.REVIEWED
    assert StageChange.objects.filter(application=application).count() == 2


def test_dis04_reject_with_neutral_reason_notifies_seeker(
    application: Application, alice: User, bob: User
) -> None:
    rejected = actions.reject_application(
        application,
        reason="skills_mismatch",
        message="感谢投递，祝您求职顺利。",
        actor=cli_actor(bob),
    )
    assert rejected.status == ApplicationStatus.REJECTED
    assert rejected.stage.kind == StageKind.REJECTED
    assert rejected.rejection_reason == "skills_mismatch"
    notice = Notification.objects.get(recipient=alice, kind="applications.not_suitable")
    assert notice.params["reason"]  # the neutral label, never the message
    assert "感谢" not in notice.params["reason"]


@pytest.mark.parametrize(
    "message",
    [
        "河南人",
        "女性不考虑",
        "不考虑女性",
        "年纪太大了",
        "你是东北人",
        "已婚未育不合适",
        "回族",
        "身高不够",
    ],
)
def test_dis04_discriminatory_rejection_message_is_blocked(
    application: Application, bob: User, message: str
) -> None:
    with pytest.raises(DomainError) as error:
        actions.reject_application(
            application, reason="other_candidates", message=message, actor=cli_actor(bob)
        )
    assert error.value.code == "rejection_message_blocked"
    assert error.value.extra["findings"]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACTIVE
    assert not AuditEvent.objects.filter(action="applications.stage_changed").exists()


@pytest.mark.parametrize(
    "message",
    [
        "王女士，您好：岗位已招满，感谢关注。",
        "您的经验与岗位要求不太匹配。",
        "上海市人民医院项目经验很好，但岗位已关闭。",
    ],
)
def test_dis04_neutral_messages_pass(application: Application, bob: User, message: str) -> None:
    rejected = actions.reject_application(
        application, reason="position_filled", message=message, actor=cli_actor(bob)
    )
    assert rejected.rejection_message == message


def test_reason_must_come_from_the_list(application: Application, bob: User) -> None:
    with pytest.raises(DomainError) as error:
        actions.reject_application(application, reason="too_old", actor=cli_actor(bob))
    assert error.value.code == "rejection_reason_required"


def test_bulk_reject_is_all_or_nothing(
    application: Application, bob: User, yan: User, posting: JobPosting
) -> None:
    other = seeds.apply(
        yan, posting, seeds.sample_resume(yan, full_name="严小燕", phone="", email="")
    )
    actions.withdraw_application(other, actor=cli_actor(yan))
    with pytest.raises(DomainError):
        actions.bulk_reject([application, other], reason="skills_mismatch", actor=cli_actor(bob))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACTIVE


def test_notes_and_ratings(application: Application, bob: User) -> None:
    note = actions.add_note(application, text="沟通顺畅", rating=4, actor=cli_actor(bob))
    assert (note.text, note.rating, note.author) == ("沟通顺畅", 4, bob)
    with pytest.raises(DomainError) as bad:
        actions.add_note(application, rating=6, actor=cli_actor(bob))
    assert bad.value.code == "rating_invalid"
    with pytest.raises(DomainError) as empty:
        actions.add_note(application, text="  ", actor=cli_actor(bob))
    assert empty.value.code == "note_empty"
    assert ApplicationNote.objects.count() == 1


def test_stage_configuration_by_admins(bob: User, dave: User, company_a: Organisation) -> None:
    stages = stages_of(company_a)
    added = actions.create_stage(
        company_a, name="技术面试", name_en="Tech interview", kind="interview", actor=cli_actor(bob)
    )
    assert added.position == 7
    with pytest.raises(DomainError) as taken:
        actions.create_stage(company_a, name="面试", kind="interview", actor=cli_actor(bob))
    assert taken.value.code == "stage_name_taken"
    renamed = actions.update_stage(
        added, name="二面", name_en="Second interview", actor=cli_actor(bob)
    )
    assert renamed.name == "二面"
    order = [added.pk, *(s.pk for s in stages)]
    actions.reorder_stages(company_a, order, actor=cli_actor(bob))
    assert [s.pk for s in stages_of(company_a)] == order
    with pytest.raises(DomainError) as bad_order:
        actions.reorder_stages(company_a, order[1:], actor=cli_actor(bob))
    assert bad_order.value.code == "stage_order_invalid"
    actions.archive_stage(added, actor=cli_actor(bob))
    assert added.pk not in [s.pk for s in stages_of(company_a)]
    with pytest.raises(DomainError) as last_of_kind:
        actions.archive_stage(stages[0], actor=cli_actor(bob))
    assert last_of_kind.value.code == "stage_kind_required"
    with pytest.raises(DomainError) as outsider:
        actions.create_stage(company_a, name="X", kind="screening", actor=cli_actor(dave))
    assert outsider.value.code == "not_found"


def test_stage_with_active_applications_cannot_be_archived(
    application: Application, bob: User, company_a: Organisation
) -> None:
    extra = actions.create_stage(company_a, name="待定", kind="screening", actor=cli_actor(bob))
    actions.move_application(application, extra, actor=cli_actor(bob))
    with pytest.raises(DomainError) as error:
        actions.archive_stage(extra, actor=cli_actor(bob))
    assert error.value.code == "stage_not_empty"


def test_recruiter_cannot_configure_stages(company_a: Organisation, bob: User) -> None:
    from rencai.orgs.models import Membership

    Membership.objects.filter(user=bob).update(role="recruiter")
    with pytest.raises(DomainError) as error:
        actions.create_stage(company_a, name="待定", kind="screening", actor=cli_actor(bob))
    assert error.value.code == "not_org_admin"

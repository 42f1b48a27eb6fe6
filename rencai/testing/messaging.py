"""Test and demo data for conversations and interviews: applications built directly (the
applications app's own builders may replace these), interviews through the real actions."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from rencai.accounts.models import User
from rencai.applications.choices import ApplicationStatus, InvitationStatus
from rencai.applications.models import Application, ApplyInvitation, PipelineStage
from rencai.core.actors import cli_actor
from rencai.jobs.models import JobPosting
from rencai.messaging import actions
from rencai.messaging.choices import InterviewMode
from rencai.messaging.models import Conversation, Interview
from rencai.orgs.models import Organisation
from rencai.orgs.queries import active_membership
from rencai.resumes.models import Resume


def stages(org: Organisation) -> list[PipelineStage]:
    """The organisation's stages (the default ones are created on first use)."""
    from rencai.applications.queries import stages_of

    return stages_of(org)


def application(
    seeker: User,
    posting: JobPosting,
    *,
    status: str = ApplicationStatus.ACTIVE,
) -> Application:
    """An application of ``seeker`` to ``posting`` in its first stage, with consent."""
    org = posting.organisation
    return Application.objects.create(
        seeker=seeker,
        posting=posting,
        organisation=org,
        stage=stages(org)[0],
        status=status,
        snapshot={"full_name": seeker.display_name},
        consent_recipient=org.legal_name,
        consent_recipient_uscc=org.uscc,
        consent_categories=["basic", "experience"],
        consent_text_hash="0" * 64,
        consented_at=timezone.now(),
    )


def invitation(
    seeker: User, posting: JobPosting, inviter: User, *, status: str = InvitationStatus.PENDING
) -> ApplyInvitation:
    """An invitation to apply from ``posting``'s organisation to ``seeker``."""
    resume = Resume.objects.create(owner=seeker, title="简历", full_name=seeker.display_name)
    return ApplyInvitation.objects.create(
        organisation=posting.organisation,
        posting=posting,
        resume=resume,
        seeker=seeker,
        invited_by=inviter,
        message="欢迎投递",
        status=status,
        expires_at=timezone.now() + dt.timedelta(days=14),
    )


def conversation(subject: Application | ApplyInvitation, opener: User) -> Conversation:
    return actions.conversation_for(subject, actor=cli_actor(opener))


def future(days: int = 3, hour: int = 10) -> dt.datetime:
    """``hour`` o'clock Beijing time, ``days`` days from now."""
    local = timezone.localtime() + dt.timedelta(days=days)
    return local.replace(hour=hour, minute=0, second=0, microsecond=0)


def interview(
    app: Application,
    employer: User,
    *,
    slots: list[dt.datetime] | None = None,
    mode: str = InterviewMode.ONSITE,
    interviewers: list[User] | None = None,
) -> Interview:
    """An interview invitation from ``employer`` (a member of the application's
    organisation) through ``create_interview``."""
    membership = active_membership(employer)
    assert membership is not None
    members = [active_membership(user) for user in (interviewers or [employer])]
    plan = actions.InterviewPlan(
        mode=mode,
        slots=slots or [future(3, 10), future(4, 15)],
        address="科苑路15号科兴科学园B栋12层" if mode == InterviewMode.ONSITE else "",
        video_link="https://meeting.example/room/42" if mode == InterviewMode.VIDEO else "",
        instructions="请携带作品集。",
        questions=["介绍一个你负责的项目", "你如何做代码评审？"],
        interviewer_ids=[str(member.pk) for member in members if member is not None],
    )
    return actions.create_interview(app, plan, membership=membership, actor=cli_actor(employer))


def demo_messaging() -> tuple[Conversation, Interview]:
    """For the demo: Bob's interview template, a conversation about Alice's demo
    application with a few messages, and an interview invitation waiting for Alice
    (created once)."""
    from rencai.applications.models import Application as ApplicationModel
    from rencai.messaging.models import InterviewTemplate
    from rencai.testing import personas
    from rencai.testing.applications import demo_applications

    application = demo_applications()[0]
    application = ApplicationModel.objects.get(pk=application.pk)
    alice, bob = personas.build(personas.ALICE), personas.build(personas.BOB)
    chat = conversation(application, bob)
    if not InterviewTemplate.objects.filter(organisation=application.organisation).exists():
        actions.create_template(
            application.organisation,
            actions.TemplateContent(
                name="技术一面",
                mode=InterviewMode.VIDEO,
                duration_minutes=60,
                instructions="请提前 5 分钟进入会议室，准备一个你最熟悉的项目。",
                questions=[
                    "介绍一个你负责的项目及你的角色",
                    "你如何做代码评审？",
                    "讲讲一次线上故障的排查过程",
                ],
            ),
            actor=cli_actor(bob),
        )
    if not chat.messages.exists():
        actions.send_message(
            chat, "王女士您好，看了您的简历，想约您聊一聊这个岗位。", actor=cli_actor(bob)
        )
        actions.send_message(chat, "您好，谢谢！我这周都有时间。", actor=cli_actor(alice))
    existing = application.interviews.first()
    if existing is not None:
        return chat, existing
    return chat, interview(application, bob, mode=InterviewMode.VIDEO)

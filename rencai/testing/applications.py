"""Demo and test applications, made through the real actions: Alice applies to Bob's job
with her resume and Bob moves her to the interview stage (面试)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rencai.accounts.models import User
from rencai.applications import actions
from rencai.applications.choices import StageKind
from rencai.applications.models import Application
from rencai.applications.queries import first_stage
from rencai.applications.snapshot import consent_notice
from rencai.core.actors import cli_actor
from rencai.jobs.models import JobPosting
from rencai.resumes.choices import EntryKind, Visibility
from rencai.resumes.models import Resume, ResumeEntry


def sample_resume(owner: User, **changes: Any) -> Resume:
    """A complete Chinese resume of ``owner``. Written directly: the resume editor's
    actions belong to the resumes app; only the data matters here."""
    fields: dict[str, Any] = {
        "title": "后端开发简历",
        "full_name": "王爱丽",
        "phone": "+8613800138001",
        "email": "alice@example.com",
        "city": "440305",
        "available_from": dt.date(2027, 1, 4),
        "intended_categories": ["4-04"],
        "intended_cities": ["440300"],
        "employment_types": ["full_time"],
        "pay_min": 18000,
        "pay_max": 28000,
        "skills": [{"name": "Python", "level": "advanced"}, {"name": "Django", "level": "good"}],
        "languages": [{"language": "英语", "level": "working"}],
        "self_assessment": "五年后端开发经验，熟悉高并发服务和数据建模。",
        "visibility": Visibility.EMPLOYERS,
        "highest_education": "bachelor",
        "experience_months": 60,
        "is_primary": True,
    }
    fields.update(changes)
    resume = Resume.objects.create(owner=owner, **fields)
    ResumeEntry.objects.create(
        resume=resume,
        kind=EntryKind.WORK,
        organisation="深圳某科技有限公司",
        title="后端开发工程师",
        start=dt.date(2021, 7, 1),
        description="负责订单系统和支付对账服务的开发。",
    )
    ResumeEntry.objects.create(
        resume=resume,
        kind=EntryKind.EDUCATION,
        organisation="华南理工大学",
        title="计算机科学与技术",
        degree="bachelor",
        start=dt.date(2016, 9, 1),
        end=dt.date(2020, 6, 30),
    )
    return resume


def apply(
    seeker: User, posting: JobPosting, resume: Resume | None = None, *, cover_note: str = ""
) -> Application:
    """``seeker`` applies for ``posting`` confirming the notice as shown."""
    resume = resume or Resume.objects.filter(owner=seeker).first() or sample_resume(seeker)
    notice = consent_notice(posting, resume)
    return actions.apply_to_job(
        posting, resume, notice_hash=notice.hash, cover_note=cover_note, actor=cli_actor(seeker)
    )


def move_to(application: Application, kind: str, actor_user: User) -> Application:
    """Move ``application`` to its organisation's first stage of ``kind``."""
    stage = first_stage(application.organisation, kind)
    return actions.move_application(application, stage, actor=cli_actor(actor_user))


def demo_applications() -> list[Application]:
    """Alice's application to Bob's first demo posting, at the interview stage (once)."""
    from rencai.testing import jobs as job_seeds
    from rencai.testing import orgs as org_seeds
    from rencai.testing import personas

    postings = job_seeds.demo_postings()
    alice, bob = personas.build(personas.ALICE), personas.build(personas.BOB)
    title = job_seeds.sample_content().title  # Bob's first demo posting
    posting = next(
        p
        for p in postings
        if p.organisation.uscc == org_seeds.COMPANY_A.uscc
        and p.live_version is not None
        and p.live_version.title == title
    )
    existing = Application.objects.filter(seeker=alice, posting=posting).first()
    if existing is not None:
        return [existing]
    # Alice's resume from the resumes demo data when it was loaded first, else a sample.
    resume = Resume.objects.filter(owner=alice).first() or sample_resume(alice)
    application = apply(
        alice, posting, resume, cover_note="您好，我对这个岗位很感兴趣，期待进一步沟通。"
    )
    return [move_to(application, StageKind.INTERVIEW, bob)]

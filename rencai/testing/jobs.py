"""Demo and test postings, created and approved through the real actions."""

from __future__ import annotations

from dataclasses import replace

from rencai.accounts.models import User
from rencai.core.actors import cli_actor
from rencai.jobs import actions
from rencai.jobs.content import Location, PostingContent
from rencai.jobs.models import JobPosting
from rencai.orgs.models import Organisation
from rencai.orgs.queries import active_membership


def sample_content(**changes: object) -> PostingContent:
    """A lawful, complete posting (JOB-01) that passes screening."""
    content = PostingContent(
        title="Python 后端开发工程师",
        category="4-04",
        openings=2,
        employment_type="full_time",
        description="负责招聘平台后端服务的设计与开发，参与代码评审和系统性能优化。",
        requirements="本科及以上学历，3年以上 Python 开发经验，熟悉 Django 和 PostgreSQL。",
        working_hours="周一至周五 9:00-18:00，双休",
        locations=[Location("440305", "科苑路15号科兴科学园B栋12层")],
        pay_min=18000,
        pay_max=30000,
        pay_period="month",
        education="bachelor",
        experience_years=3,
        skills=["Python", "Django", "PostgreSQL"],
        environment="办公室，配备升降桌",
        months_per_year=14,
        benefits=["social_insurance", "housing_fund", "paid_leave"],
        probation_months=3,
    )
    return replace(content, **changes)  # type: ignore[arg-type]


def publish(org: Organisation, poster: User, reviewer: User, **changes: object) -> JobPosting:
    """Create, submit and approve a posting of ``org``."""
    membership = active_membership(poster)
    assert membership is not None
    assert membership.organisation_id == org.pk
    posting = actions.create_posting(
        org, membership, sample_content(**changes), actor=cli_actor(poster)
    )
    version = actions.submit_posting(posting, actor=cli_actor(poster))
    actions.approve_version(version, reviewer, actor=cli_actor(reviewer))
    posting.refresh_from_db()
    return posting

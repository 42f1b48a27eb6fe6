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


def demo_postings() -> list[JobPosting]:
    """Published demo postings of the demo organisations (created once)."""
    from rencai.testing import orgs as org_seeds
    from rencai.testing import personas

    company_a = org_seeds.build_org(org_seeds.COMPANY_A)
    company_b = org_seeds.build_org(org_seeds.COMPANY_B)
    if JobPosting.objects.filter(organisation__in=[company_a, company_b]).exists():
        return list(JobPosting.objects.filter(organisation__in=[company_a, company_b]))
    bob, dave = personas.build(personas.BOB), personas.build(personas.DAVE)
    oscar = personas.build(personas.OSCAR)
    pudong = [Location("310115", "张江路88号3号楼")]
    return [
        publish(company_a, bob, oscar),
        publish(
            company_a,
            bob,
            oscar,
            title="产品经理（招聘业务方向）",
            category="2-02",
            description="负责企业招聘产品的需求调研、方案设计和迭代规划，与研发和设计协作交付。",
            requirements="本科及以上学历，2年以上 B 端产品经验，有招聘或人力资源产品经验者优先。",
            skills=["需求分析", "Axure", "数据分析"],
            pay_min=20000,
            pay_max=35000,
        ),
        publish(
            company_b,
            dave,
            oscar,
            title="食品检验员",
            category="6-02",
            description="负责原料、半成品和成品的抽样检验，记录检验数据，参与质量问题分析。",
            requirements="中专及以上学历，食品、生物或化学相关专业；持食品检验相关证书者优先。",
            working_hours="两班倒，每班8小时，月休6天",
            locations=pudong,
            pay_min=6500,
            pay_max=8500,
            education="high_school",
            experience_years=0,
            skills=["理化检验", "微生物检验"],
            environment="洁净车间，需穿戴工作服",
            months_per_year=13,
        ),
        publish(
            company_b,
            dave,
            oscar,
            title="烘焙生产线操作工",
            category="6-02",
            openings=8,
            description="按工艺要求操作烘焙生产线，完成配料、成型、烘烤和包装，做好设备日常清洁。",
            requirements="身体健康，能适应倒班；有食品厂工作经验者优先，提供岗前培训。",
            working_hours="三班倒，每班8小时",
            locations=pudong,
            pay_min=230,
            pay_max=300,
            pay_period="day",
            education="any",
            experience_years=0,
            skills=[],
            environment="车间温度较高，提供防护用品",
            months_per_year=12,
            benefits=["social_insurance", "meals", "housing"],
        ),
    ]

"""Published postings for the search page and API tests, built through the real actions.

Besides the four demo postings (Python developer and product manager of company A in
Shenzhen; food inspector and bakery worker of company B in Shanghai), a part-time sales job
of company A in Guangzhou and an agency posting for company A in Beijing.
"""

from __future__ import annotations

from rencai.core.actors import cli_actor
from rencai.jobs import actions
from rencai.jobs.content import Location
from rencai.jobs.models import JobPosting
from rencai.orgs.queries import active_membership
from rencai.testing import orgs as org_seeds
from rencai.testing import personas
from rencai.testing.jobs import demo_postings, publish, sample_content

PYTHON = "Python 后端开发工程师"
PRODUCT = "产品经理（招聘业务方向）"
INSPECTOR = "食品检验员"
BAKERY = "烘焙生产线操作工"
SALES = "门店销售顾问（兼职）"
AGENCY_JOB = "行政助理"
ALL = {PYTHON, PRODUCT, INSPECTOR, BAKERY, SALES, AGENCY_JOB}


def build_catalogue() -> dict[str, JobPosting]:
    """Every posting of the catalogue by title."""
    postings = {
        posting.live_version.title: posting for posting in demo_postings() if posting.live_version
    }
    company_a = org_seeds.build_org(org_seeds.COMPANY_A)
    agency = org_seeds.build_org(org_seeds.AGENCY)
    bob, carol = personas.build(personas.BOB), personas.build(personas.CAROL)
    oscar = personas.build(personas.OSCAR)
    postings[SALES] = publish(
        company_a,
        bob,
        oscar,
        title=SALES,
        category="4-01",
        employment_type="part_time",
        description="在门店接待顾客，介绍产品并完成销售，整理货架和库存记录。",
        requirements="周末可上班，有零售或销售经验者优先。",
        locations=[Location("440106", "天河路208号")],
        pay_min=3000,
        pay_max=4500,
        education="any",
        experience_years=0,
        skills=["销售", "客户服务"],
        probation_months=None,
    )
    membership = active_membership(carol)
    assert membership is not None
    content = sample_content(
        title=AGENCY_JOB,
        category="3-01",
        description="负责办公室日常行政事务，包括会议安排、文件管理和办公用品采购。",
        requirements="大专及以上学历，熟练使用办公软件，做事细致。",
        locations=[Location("110105", "建国路88号")],
        pay_min=5000,
        pay_max=7000,
        education="associate",
        experience_years=1,
        skills=["办公软件"],
    )
    posting = actions.create_posting(
        agency,
        membership,
        content,
        client=company_a,
        entrustment="委托招聘合同 2026-118",
        actor=cli_actor(carol),
    )
    version = actions.submit_posting(posting, actor=cli_actor(carol))
    actions.approve_version(version, oscar, actor=cli_actor(oscar))
    posting.refresh_from_db()
    postings[AGENCY_JOB] = posting
    return postings

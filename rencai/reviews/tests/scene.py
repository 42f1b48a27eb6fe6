"""Test scenes for reviews: Alice's viewed application to Bob's company A, and her viewed
application to a posting Carol's agency publishes for company B."""

from __future__ import annotations

from rencai.accounts.models import User
from rencai.applications.actions import mark_seen
from rencai.applications.models import Application
from rencai.core.actors import cli_actor
from rencai.jobs import actions as job_actions
from rencai.orgs.queries import active_membership
from rencai.reviews import actions
from rencai.reviews.models import EmployerReview
from rencai.testing import orgs as org_seeds
from rencai.testing import personas
from rencai.testing.applications import apply
from rencai.testing.jobs import publish, sample_content

GOOD_TEXT = "面试流程清晰，面试官准时且专业，岗位描述和实际工作一致。"
EMPLOYER_SCORES = {"overall": 4, "interview": 5, "honesty": 3}
HEADHUNTER_SCORES = {"overall": 5, "professionalism": 4, "responsiveness": 3, "honesty": 5}


def application_to_company_a(*, seen: bool = True) -> Application:
    bob, oscar = personas.build(personas.BOB), personas.build(personas.OSCAR)
    org = org_seeds.build_org(org_seeds.COMPANY_A)
    alice = personas.build(personas.ALICE)
    application = apply(alice, publish(org, bob, oscar))
    if seen:
        application = mark_seen(application, actor=cli_actor(bob))
    return Application.objects.select_related("stage", "posting__organisation").get(
        pk=application.pk
    )


def application_to_agency() -> Application:
    carol, oscar = personas.build(personas.CAROL), personas.build(personas.OSCAR)
    agency = org_seeds.build_org(org_seeds.AGENCY)
    membership = active_membership(carol)
    assert membership is not None
    posting = job_actions.create_posting(
        agency,
        membership,
        sample_content(),
        client=org_seeds.build_org(org_seeds.COMPANY_B),
        entrustment="委托招聘协议",
        actor=cli_actor(carol),
    )
    version = job_actions.submit_posting(posting, actor=cli_actor(carol))
    job_actions.approve_version(version, oscar, actor=cli_actor(oscar))
    posting.refresh_from_db()
    application = apply(personas.build(personas.ALICE), posting)
    mark_seen(application, actor=cli_actor(carol))
    return Application.objects.select_related("stage", "posting__organisation").get(
        pk=application.pk
    )


def review_of(
    application: Application, author: User | None = None, text: str = GOOD_TEXT
) -> EmployerReview:
    author = author or application.seeker
    return actions.submit_review(
        application, scores=EMPLOYER_SCORES, text=text, actor=cli_actor(author)
    )

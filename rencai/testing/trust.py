"""Demo data of trust & safety, built through the real actions and safe to run again: the
reports in the queue (``rencai.moderation.report_demo``), Alice's review of Bob's company A
(her demo application reached the interview), and a warning to Dave's company B about the
fees complaint, which Dave acknowledges in a pop-up when he next opens a page."""

from __future__ import annotations

from dataclasses import dataclass

from rencai.core.actors import cli_actor
from rencai.moderation.models import Report
from rencai.moderation.report_demo import demo_reports
from rencai.reviews.actions import submit_review
from rencai.reviews.models import EmployerReview
from rencai.sanctions.actions import impose_sanction
from rencai.sanctions.choices import SanctionKind
from rencai.sanctions.models import Sanction
from rencai.testing import orgs as org_seeds
from rencai.testing import personas
from rencai.testing.applications import demo_applications

REVIEW_TEXT = "面试安排准时，面试官介绍了团队和项目，岗位描述与实际工作内容一致。"
WARNING_REASON = "多名求职者投诉贵单位在面试时收取培训费和押金，请立即停止并退还已收取的费用。"


@dataclass(frozen=True)
class TrustDemo:
    reports: list[Report]
    review: EmployerReview
    warning: Sanction


def demo_trust() -> TrustDemo:
    reports = demo_reports()
    application = demo_applications()[0]
    review = EmployerReview.objects.filter(application=application).first()
    if review is None:
        review = submit_review(
            application,
            scores={"overall": 4, "interview": 5, "honesty": 4},
            text=REVIEW_TEXT,
            actor=cli_actor(application.seeker),
        )
    company_b = org_seeds.build_org(org_seeds.COMPANY_B)
    warning = Sanction.objects.filter(organisation=company_b, kind=SanctionKind.WARNING).first()
    if warning is None:
        warning = impose_sanction(
            kind=SanctionKind.WARNING,
            rule="fraud_or_fees",
            reason=WARNING_REASON,
            organisation=company_b,
            evidence={"reports": [report.reference for report in reports[:2]]},
            actor=cli_actor(personas.build(personas.OSCAR)),
        )
    return TrustDemo(reports=reports, review=review, warning=warning)

"""Demo reports for the trust & safety queue (for ``seed_demo``; created once): Alice and
an anonymous visitor report the same posting of company B for fees (one case, two
reports), and Yan reports a posting of company A for discrimination."""

from __future__ import annotations

from rencai.core.actors import Actor, Channel, cli_actor
from rencai.moderation.models import Report
from rencai.moderation.reports import file_report


def demo_reports() -> list[Report]:
    from rencai.testing import personas
    from rencai.testing.jobs import demo_postings

    alice, yan = personas.build(personas.ALICE), personas.build(personas.YAN)
    existing = list(Report.objects.filter(reporter__in=[alice, yan]))
    if existing:
        cases = {report.case_id for report in existing}
        return list(Report.objects.filter(case__in=cases).order_by("received_at"))
    postings = demo_postings()
    by_company_b = next(p for p in postings if p.organisation.uscc != postings[0].organisation.uscc)
    by_company_a = postings[0]
    fees = "面试时对方要求先交500元培训费和押金，说入职后退还。"
    return [
        file_report(
            target_kind="posting",
            target_id=by_company_b.pk,
            category="fraud_or_fees",
            details=fees,
            actor=cli_actor(alice),
        ),
        file_report(
            target_kind="posting",
            target_id=by_company_b.pk,
            category="fraud_or_fees",
            details="我也被要求交培训费，对方不给收据。",
            contact="demo@example.com",
            actor=Actor(None, ip="203.0.113.7", channel=Channel.WEB),
        ),
        file_report(
            target_kind="posting",
            target_id=by_company_a.pk,
            category="employment_discrimination",
            details="电话里说只招本地户口的男生。",
            actor=cli_actor(yan),
        ),
    ]

"""Operators extend the screening rules without a code change; every version is kept and
audited (DIS-01)."""

from __future__ import annotations

import pytest

from rencai.accounts.models import User
from rencai.audit.models import AuditEvent
from rencai.core.actors import cli_actor
from rencai.core.errors import DomainError
from rencai.jobs.rules import active_rules, publish_rule_set
from rencai.jobs.screening.engine import compiled_rules
from rencai.jobs.screening_support import screen_fields

pytestmark = pytest.mark.django_db

EXTRA = """
[[rules]]
id = "OPS-LOAN-01"
rule = "JOB-09"
category = "fraud"
severity = "block"
patterns = ['先办信用卡']
explanation = "Asking applicants to take out credit cards is a training-loan scam."
suggestion = "Remove any requirement to take out loans or credit cards."
"""


def test_operator_rules_take_effect_and_are_audited(oscar: User) -> None:
    assert screen_fields({"description": "入职前先办信用卡"}).verdict == "pass"
    rule_set = publish_rule_set(EXTRA, note="新增培训贷话术", actor=cli_actor(oscar))
    assert rule_set.number == 1
    assert rule_set.rule_count == 1
    assert len(active_rules()) == len(compiled_rules()) + 1
    assert screen_fields({"description": "入职前先办信用卡"}).verdict == "block"
    event = AuditEvent.objects.get(action="jobs.screening_rules_published")
    assert event.after["rules"] == ["OPS-LOAN-01"]
    publish_rule_set("", note="撤销临时规则", actor=cli_actor(oscar))
    assert screen_fields({"description": "入职前先办信用卡"}).verdict == "pass"


@pytest.mark.parametrize(
    "text",
    [
        "[[rules]]\nid = 1",  # malformed
        EXTRA.replace("OPS-LOAN-01", "DIS-GENDER-01"),  # clashes with a platform rule id
        EXTRA.replace("'先办信用卡'", "'(unclosed'"),  # broken regular expression
    ],
)
def test_broken_rule_sets_are_refused(oscar: User, text: str) -> None:
    with pytest.raises(DomainError) as caught:
        publish_rule_set(text, note="测试规则", actor=cli_actor(oscar))
    assert caught.value.code == "rules_invalid"
    assert "text" in caught.value.fields


def test_rules_page(client, oscar: User, rita: User, alice: User) -> None:
    login = "rencai.accounts.backends.RencaiBackend"
    client.force_login(alice, backend=login)
    assert client.get("/ops/jobs/rules/").status_code == 403
    client.force_login(rita, backend=login)
    page = client.get("/ops/jobs/rules/").content.decode()
    assert 'id="rules-form"' not in page  # the regulator reads only
    assert client.post("/ops/jobs/rules/", {"text": EXTRA, "note": "尝试"}).status_code == 403
    client.force_login(oscar, backend=login)
    broken = client.post("/ops/jobs/rules/", {"text": "[[rules]]\nid = 1", "note": "坏规则"})
    assert broken.status_code == 200
    assert "has-error" in broken.content.decode()
    saved = client.post("/ops/jobs/rules/", {"text": EXTRA, "note": "新增培训贷话术"})
    assert saved.status_code == 302
    assert "OPS-LOAN-01" in client.get("/ops/jobs/rules/").content.decode()


def test_anyone_reports_a_posting(client, company_a, bob: User, oscar: User) -> None:
    from rencai.moderation.models import Report
    from rencai.testing.jobs import publish

    posting = publish(company_a, bob, oscar)
    url = f"/jobs/{posting.pk}/report/"
    assert client.get(url).status_code == 200
    short = client.post(url, {"category": "employment_discrimination", "details": "短"})
    assert 'data-error-code="report_details_invalid"' in short.content.decode()
    done = client.post(
        url, {"category": "employment_discrimination", "details": "面试时说只要本地户口"}
    )
    report = Report.objects.get()
    assert report.reference in done.content.decode()
    assert report.reporter is None
    assert (report.case.target_kind, report.case.target_id) == ("posting", posting.pk)


def test_sitemap_and_robots(client, company_a, bob: User, oscar: User) -> None:
    from rencai.testing.jobs import publish

    posting = publish(company_a, bob, oscar)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"/jobs/{posting.pk}/" in sitemap
    assert f"/companies/{company_a.pk}/" in sitemap
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /employer/" in robots
    assert "sitemap.xml" in robots
    company = client.get(f"/companies/{company_a.pk}/").content.decode()
    assert f"/jobs/{posting.pk}/" in company  # the company page lists its open jobs


def test_views_are_counted_and_added_in_one_audited_step(
    client, company_a, bob: User, oscar: User
) -> None:
    from rencai.jobs.tasks import add_view_counts, expire
    from rencai.testing.jobs import publish

    posting = publish(company_a, bob, oscar)
    for _ in range(3):
        assert client.get(f"/jobs/{posting.pk}/").status_code == 200
    posting.refresh_from_db()
    assert posting.view_count == 0  # a page view writes nothing to the database
    add_view_counts.call_local()
    expire.call_local()
    posting.refresh_from_db()
    assert posting.view_count == 3
    assert AuditEvent.objects.get(action="jobs.view_counts_added").after["views"] == 3

"""The job pages: who may open each, the posting form with live screening, the posting
page's actions, and the public list and job page with its structured data."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.utils.html import escape

from rencai.accounts.models import User
from rencai.core.actors import cli_actor
from rencai.jobs import actions
from rencai.jobs.models import JobPosting
from rencai.jobs.sitemaps import CompanySitemap, JobPostingSitemap
from rencai.orgs.models import Organisation
from rencai.orgs.queries import active_membership
from rencai.testing.jobs import publish, sample_content

pytestmark = pytest.mark.django_db
LOGIN = "rencai.accounts.backends.RencaiBackend"
NOINDEX = '<meta name="robots" content="noindex">'


def signed_in(client: Client, user: User) -> Client:
    client.force_login(user, backend=LOGIN)
    return client


def draft(org: Organisation, user: User, **changes: object) -> JobPosting:
    membership = active_membership(user)
    assert membership is not None
    return actions.create_posting(org, membership, sample_content(**changes), actor=cli_actor(user))


def form_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "数据分析师",
        "category": "4-04",
        "employment_type": "full_time",
        "openings": "1",
        "description": "负责业务数据的整理、分析和报表制作。",
        "requirements": "统计学或相关专业，熟悉 SQL。",
        "education": "bachelor",
        "experience_years": "2",
        "skills": "SQL, Python，Excel",
        "working_hours": "周一至周五 9:00-18:00",
        "pay_min": "12000",
        "pay_max": "18000",
        "pay_period": "month",
        "months_per_year": "13",
        "benefits": ["social_insurance", "paid_leave"],
        "division_1": "440000",
        "division_2": "440300",
        "division_3": "440305",
        "address": "科苑路15号",
        "q1": "是否需要出差？",
        "a1": "每季度一次。",
    }
    data.update(changes)
    return data


# --- access -----------------------------------------------------------------------------


def test_member_opens_every_employer_page(
    client: Client, company_a: Organisation, bob: User
) -> None:
    posting = draft(company_a, bob)
    signed_in(client, bob)
    for url in (
        "/employer/jobs/",
        "/employer/jobs/new/",
        f"/employer/jobs/{posting.pk}/",
        f"/employer/jobs/{posting.pk}/edit/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert NOINDEX in response.content.decode(), url


def test_employer_list_shows_postings_and_status(
    client: Client, company_a: Organisation, bob: User
) -> None:
    posting = draft(company_a, bob, title="仓库管理员")
    page = signed_in(client, bob).get("/employer/jobs/").content.decode()
    assert "仓库管理员" in page
    assert f"/employer/jobs/{posting.pk}/" in page
    assert 'id="posting-blocked-notice"' not in page


def test_employer_list_is_empty_and_explains_a_blocked_organisation(
    client: Client, company_a: Organisation, bob: User
) -> None:
    Organisation.objects.filter(pk=company_a.pk).update(display_suspended=True)
    page = signed_in(client, bob).get("/employer/jobs/").content.decode()
    assert 'id="posting-blocked-notice"' in page
    assert 'class="empty-state"' in page


def test_people_without_an_organisation_are_refused(
    client: Client, company_a: Organisation, bob: User, alice: User
) -> None:
    posting = draft(company_a, bob)
    signed_in(client, alice)
    assert client.get("/employer/jobs/").status_code == 403
    assert client.get("/employer/jobs/new/").status_code == 403
    assert client.post("/employer/jobs/screen/", {"title": "x"}).status_code == 403
    assert client.get(f"/employer/jobs/{posting.pk}/").status_code == 404
    assert client.get(f"/employer/jobs/{posting.pk}/edit/").status_code == 404
    assert client.post(f"/employer/jobs/{posting.pk}/close/").status_code == 404
    posting.refresh_from_db()
    assert posting.status == "draft"


def test_another_organisation_cannot_see_or_touch_a_posting(
    client: Client, company_a: Organisation, bob: User, agency: Organisation, carol: User
) -> None:
    posting = draft(company_a, bob)
    signed_in(client, carol)
    assert client.get(f"/employer/jobs/{posting.pk}/").status_code == 404
    assert client.post(f"/employer/jobs/{posting.pk}/submit/").status_code == 404
    posting.refresh_from_db()
    assert posting.status == "draft"
    assert str(posting.pk) not in client.get("/employer/jobs/").content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(
    client: Client, company_a: Organisation, bob: User
) -> None:
    posting = draft(company_a, bob)
    for url in ("/employer/jobs/", "/employer/jobs/new/", f"/employer/jobs/{posting.pk}/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "login" in response["Location"]


def test_unknown_action_is_404(client: Client, company_a: Organisation, bob: User) -> None:
    posting = draft(company_a, bob)
    assert signed_in(client, bob).post(f"/employer/jobs/{posting.pk}/delete/").status_code == 404


# --- the posting form -------------------------------------------------------------------


def test_valid_form_creates_a_draft(client: Client, company_a: Organisation, bob: User) -> None:
    response = signed_in(client, bob).post("/employer/jobs/new/", form_data())
    assert response.status_code == 302
    posting = JobPosting.objects.get(organisation=company_a)
    assert response["Location"] == f"/employer/jobs/{posting.pk}/"
    version = posting.versions.get()
    assert version.title == "数据分析师"
    assert version.skills == ["SQL", "Python", "Excel"]
    assert version.locations == [{"division": "440305", "address": "科苑路15号"}]
    assert version.benefits == ["social_insurance", "paid_leave"]
    assert version.qa == [{"q": "是否需要出差？", "a": "每季度一次。"}]
    assert version.months_per_year == 13
    assert posting.status == "draft"


def test_missing_title_keeps_what_was_typed(
    client: Client, company_a: Organisation, bob: User
) -> None:
    response = signed_in(client, bob).post("/employer/jobs/new/", form_data(title=""))
    assert response.status_code == 200
    assert response.context["form"].errors["title"]
    page = response.content.decode()
    assert "负责业务数据的整理、分析和报表制作。" in page
    assert 'value="科苑路15号"' in page
    assert not JobPosting.objects.exists()


def test_action_errors_land_on_the_form(client: Client, company_a: Organisation, bob: User) -> None:
    Organisation.objects.filter(pk=company_a.pk).update(display_suspended=True)
    response = signed_in(client, bob).post("/employer/jobs/new/", form_data())
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not JobPosting.objects.exists()


def test_agency_chooses_a_verified_client(
    client: Client, company_a: Organisation, agency: Organisation, carol: User
) -> None:
    signed_in(client, carol)
    page = client.get("/employer/jobs/new/").content.decode()
    assert 'name="client"' in page and 'name="entrustment"' in page
    assert f'value="{agency.pk}"' not in page
    response = client.post("/employer/jobs/new/", form_data())
    assert response.status_code == 200
    assert response.context["form"].errors["client"]
    response = client.post(
        "/employer/jobs/new/",
        form_data(client=str(company_a.pk), entrustment="委托招聘协议 2026-018"),
    )
    assert response.status_code == 302
    posting = JobPosting.objects.get(organisation=agency)
    assert posting.client == company_a
    assert posting.entrustment == "委托招聘协议 2026-018"


def test_employers_do_not_see_agency_fields(
    client: Client, company_a: Organisation, bob: User
) -> None:
    page = signed_in(client, bob).get("/employer/jobs/new/").content.decode()
    assert 'name="client"' not in page
    assert 'name="source"' in page


def test_edit_saves_a_new_draft_content(client: Client, company_a: Organisation, bob: User) -> None:
    posting = draft(company_a, bob)
    signed_in(client, bob)
    page = client.get(f"/employer/jobs/{posting.pk}/edit/").content.decode()
    assert "Python 后端开发工程师" in page
    response = client.post(f"/employer/jobs/{posting.pk}/edit/", form_data(title="高级数据分析师"))
    assert response.status_code == 302
    assert posting.versions.get().title == "高级数据分析师"


def test_screening_partial_highlights_the_offending_words(
    client: Client, company_a: Organisation, bob: User
) -> None:
    response = signed_in(client, bob).post(
        "/employer/jobs/screen/",
        {"title": "销售代表", "requirements": "本科学历。限男性，能适应出差。"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<mark>限男性</mark>" in page
    assert "能适应出差。" in page  # the rest of the sentence
    assert "本科学历" not in page  # another sentence
    finding = response.context["screening"]["findings"][0]
    assert finding["category"] == "gender"
    assert escape(finding["explanation"]) in page
    assert escape(finding["suggestion"]) in page
    assert 'data-verdict="block"' in page


def test_screening_partial_is_quiet_for_lawful_text(
    client: Client, company_a: Organisation, bob: User
) -> None:
    response = signed_in(client, bob).post(
        "/employer/jobs/screen/", {"requirements": "熟悉 Django。"}
    )
    assert "<mark>" not in response.content.decode()
    assert response.context["screening"]["verdict"] == "pass"


def test_form_posts_live_screening_with_htmx(
    client: Client, company_a: Organisation, bob: User
) -> None:
    page = signed_in(client, bob).get("/employer/jobs/new/").content.decode()
    assert 'hx-post="/employer/jobs/screen/"' in page
    assert 'hx-trigger="input changed delay:600ms, change"' in page


# --- the posting page -------------------------------------------------------------------


def test_submitting_a_blocked_posting_shows_the_findings(
    client: Client, company_a: Organisation, bob: User
) -> None:
    posting = draft(company_a, bob, requirements="限男性，本科及以上学历。")
    response = signed_in(client, bob).post(f"/employer/jobs/{posting.pk}/submit/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-code="posting_blocked"' in page
    assert "<mark>限男性</mark>" in page
    posting.refresh_from_db()
    assert posting.status == "draft"
    assert posting.versions.get().verdict == "block"
    # The findings stay on the page afterwards.
    assert "<mark>限男性</mark>" in client.get(f"/employer/jobs/{posting.pk}/").content.decode()


def test_lawful_posting_is_submitted(client: Client, company_a: Organisation, bob: User) -> None:
    posting = draft(company_a, bob)
    response = signed_in(client, bob).post(f"/employer/jobs/{posting.pk}/submit/")
    assert response.status_code == 302
    posting.refresh_from_db()
    assert posting.status in ("in_review", "published")
    page = client.get(f"/employer/jobs/{posting.pk}/").content.decode()
    assert 'data-kind="submitted"' in page


def test_contested_requirement_asks_for_a_justification(
    client: Client, company_a: Organisation, bob: User
) -> None:
    posting = draft(company_a, bob, requirements="35岁以下，本科及以上学历。")
    signed_in(client, bob)
    assert (
        'name="justification"' not in client.get(f"/employer/jobs/{posting.pk}/").content.decode()
    )
    response = client.post(f"/employer/jobs/{posting.pk}/submit/", {"justification": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-code="justification_required"' in page
    assert 'name="justification"' in page
    assert response.context["submit_form"].errors["justification"]
    assert "<mark>35岁以下</mark>" in page
    response = client.post(
        f"/employer/jobs/{posting.pk}/submit/",
        {"justification": "岗位需长期高空作业，已咨询法务。"},
    )
    assert response.status_code == 302
    version = posting.versions.get()
    assert version.status == "pending"
    assert version.justification == "岗位需长期高空作业，已咨询法务。"


def test_pause_resume_close_and_history(
    client: Client, company_a: Organisation, bob: User, oscar: User
) -> None:
    posting = publish(company_a, bob, oscar)
    signed_in(client, bob)
    assert client.post(f"/employer/jobs/{posting.pk}/pause/").status_code == 302
    posting.refresh_from_db()
    assert posting.status == "paused"
    assert client.post(f"/employer/jobs/{posting.pk}/resume/").status_code == 302
    assert client.post(f"/employer/jobs/{posting.pk}/close/").status_code == 302
    posting.refresh_from_db()
    assert posting.status == "closed"
    page = client.get(f"/employer/jobs/{posting.pk}/").content.decode()
    kinds = re.findall(r'data-kind="(\w+)"', page)
    assert kinds == ["created", "submitted", "approved", "paused", "resumed", "closed"]


def test_refused_action_explains_why(client: Client, company_a: Organisation, bob: User) -> None:
    posting = draft(company_a, bob)
    response = signed_in(client, bob).post(f"/employer/jobs/{posting.pk}/pause/")
    assert response.status_code == 200
    assert 'data-code="posting_state"' in response.content.decode()


def test_renew_needs_a_date(
    client: Client, company_a: Organisation, bob: User, oscar: User
) -> None:
    posting = publish(company_a, bob, oscar)
    signed_in(client, bob)
    response = client.post(f"/employer/jobs/{posting.pk}/renew/", {"valid_until": ""})
    assert response.status_code == 200
    assert response.context["renew_form"].errors["valid_until"]
    assert posting.versions.count() == 1


# --- public pages -----------------------------------------------------------------------


def test_public_list_shows_published_jobs(
    client: Client, company_a: Organisation, bob: User, oscar: User
) -> None:
    posting = publish(company_a, bob, oscar)
    hidden = draft(company_a, bob, title="草稿职位")
    response = client.get("/jobs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"/jobs/{posting.pk}/" in page
    assert f"/jobs/{hidden.pk}/" not in page
    assert "18,000–30,000" in page
    assert "深圳蓝海科技有限公司" in page


def test_public_detail_has_structured_data(
    client: Client, company_a: Organisation, bob: User, oscar: User
) -> None:
    posting = publish(company_a, bob, oscar)
    response = client.get(f"/jobs/{posting.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<link rel="canonical" href="http://testserver/jobs/{posting.pk}/">' in page
    assert NOINDEX not in page
    assert f'href="/jobs/{posting.pk}/report/"' in page
    assert f'href="/companies/{company_a.pk}/"' in page
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert found is not None
    data = json.loads(found.group(1))
    assert data["@type"] == "JobPosting"
    assert data["title"] == "Python 后端开发工程师"
    assert data["employmentType"] == "FULL_TIME"
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "CNY",
        "value": {
            "@type": "QuantitativeValue",
            "minValue": 18000,
            "maxValue": 30000,
            "unitText": "MONTH",
        },
    }
    assert data["hiringOrganization"]["name"] == "深圳蓝海科技有限公司"
    assert data["hiringOrganization"]["sameAs"] == f"http://testserver/companies/{company_a.pk}/"
    address = data["jobLocation"][0]["address"]
    assert address["addressRegion"] == "广东省"
    assert address["addressLocality"] == "深圳市"
    assert address["streetAddress"] == "科苑路15号科兴科学园B栋12层"
    assert data["validThrough"].startswith(posting.valid_until.isoformat())


def test_json_ld_cannot_close_the_script(
    client: Client, company_a: Organisation, bob: User, oscar: User
) -> None:
    posting = publish(company_a, bob, oscar, description="负责后端开发</script><b>x</b>。")
    page = client.get(f"/jobs/{posting.pk}/").content.decode()
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert found is not None
    assert "</script>" in json.loads(found.group(1))["description"].replace("&lt;", "<").replace(
        "&gt;", ">"
    )


def test_unpublished_postings_are_404_publicly(
    client: Client, company_a: Organisation, bob: User
) -> None:
    posting = draft(company_a, bob)
    assert client.get(f"/jobs/{posting.pk}/").status_code == 404
    assert client.get("/jobs/not-a-uuid/").status_code == 404


def test_sitemaps_list_public_pages(company_a: Organisation, bob: User, oscar: User) -> None:
    posting = publish(company_a, bob, oscar)
    draft(company_a, bob)
    assert [JobPostingSitemap().location(p) for p in JobPostingSitemap().items()] == [
        f"/jobs/{posting.pk}/"
    ]
    assert f"/companies/{company_a.pk}/" in [
        CompanySitemap().location(o) for o in CompanySitemap().items()
    ]

"""The jobs API: public screening and browsing, employers' postings, reviewers."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conftest import ApiClient
from rencai.accounts.models import User
from rencai.orgs.models import Organisation

pytestmark = pytest.mark.django_db

POSTING = {
    "title": "Python 后端开发工程师",
    "category": "4-04",
    "openings": 2,
    "employment_type": "full_time",
    "description": "负责招聘平台后端服务的设计与开发。",
    "requirements": "本科及以上学历，熟悉 Django。",
    "working_hours": "周一至周五 9:00-18:00",
    "locations": [{"division": "440305", "address": "科苑路15号"}],
    "pay_min": 18000,
    "pay_max": 30000,
    "pay_period": "month",
}


def test_anyone_can_screen_an_advertisement(api: ApiClient) -> None:
    text = "招聘销售，限 男 性，35岁以下"
    body = api.post("jobs/screen", {"title": "销售代表", "requirements": text}).json()
    assert body["verdict"] == "block"
    gender = next(f for f in body["findings"] if f["category"] == "gender")
    assert text[gender["start"] : gender["end"]].replace(" ", "") in ("限男性", "男性")
    assert gender["explanation"] and gender["suggestion"]
    assert api.post("jobs/screen", {"title": "销售代表", "colour": "x"}).status_code == 422


def test_screening_is_rate_limited_per_address(api: ApiClient, settings: object) -> None:
    settings.JOBS_SCREEN_HOURLY_LIMIT_PER_IP = 2  # type: ignore[attr-defined]
    for _ in range(2):
        assert api.post("jobs/screen", {"title": "会计"}).status_code == 200
    refused = api.post("jobs/screen", {"title": "会计"})
    assert refused.status_code == 429
    assert refused.json()["code"] == "screen_rate_limited"
    assert int(refused["Retry-After"]) > 0


@pytest.mark.parametrize("field", ["title", "category", "description", "requirements", "locations"])
def test_each_mandatory_field_is_named(
    company_a: Organisation, api_as: Callable[[User | None], ApiClient], bob: User, field: str
) -> None:
    body = {key: value for key, value in POSTING.items() if key != field}
    response = api_as(bob).post("employer/jobs", body)
    assert response.status_code == 422
    assert field in response.json()["fields"]
    empty = {**POSTING, field: [] if field == "locations" else ""}
    response = api_as(bob).post("employer/jobs", empty)
    assert response.status_code == 422
    assert field in response.json()["fields"]


def test_employer_to_public_through_review(
    company_a: Organisation,
    api: ApiClient,
    api_as: Callable[[User | None], ApiClient],
    bob: User,
    oscar: User,
) -> None:
    employer = api_as(bob)
    created = employer.post("employer/jobs", POSTING)
    assert created.status_code == 201, created.json()
    posting_id = created.json()["id"]
    assert api.get(f"jobs/{posting_id}").status_code == 404  # drafts are not public
    submitted = employer.post(f"employer/jobs/{posting_id}/submit", {})
    assert submitted.json()["status"] == "pending"
    reviewer = api_as(oscar)
    queue = reviewer.get("operator/job-reviews").json()
    version_id = queue["items"][0]["id"]
    decided = reviewer.post(f"operator/job-reviews/{version_id}/decision", {"decision": "approve"})
    assert decided.json()["status"] == "approved"
    public = api.get("jobs").json()
    assert [item["id"] for item in public["items"]] == [posting_id]
    detail = api.get(f"jobs/{posting_id}").json()
    assert detail["organisation_verified"] is True
    assert detail["locations"][0]["division_name"] == "广东省 深圳市 南山区"
    report = api.post(f"jobs/{posting_id}/reports", {"category": "other", "details": "电话打不通"})
    assert report.status_code == 201
    # The report goes to the trust & safety queue (rencai.moderation) with its reference.
    assert report.json()["reference"].startswith("RP")


def test_blocked_submission_returns_findings(
    company_a: Organisation, api_as: Callable[[User | None], ApiClient], bob: User
) -> None:
    employer = api_as(bob)
    body = {**POSTING, "description": "入职需交押金300元，身份证原件交公司保管。"}
    posting_id = employer.post("employer/jobs", body).json()["id"]
    refused = employer.post(f"employer/jobs/{posting_id}/submit", {})
    assert refused.status_code == 400
    assert refused.json()["code"] == "posting_blocked"
    assert {f["category"] for f in refused.json()["findings"]} >= {"fee_deposit", "id_seizure"}


def test_minors_do_not_see_jobs_forbidden_to_them(
    company_a: Organisation,
    api: ApiClient,
    api_as: Callable[[User | None], ApiClient],
    bob: User,
    oscar: User,
    yan: User,
) -> None:
    from rencai.testing.jobs import publish

    mining = publish(
        company_a,
        bob,
        oscar,
        title="井下采掘工",
        category="6-16",
        occupational_hazards="井下粉尘、噪声，配发防护用品",
        requirements="身体健康，持特种作业证者优先。",
    )
    assert mining.minor_prohibited
    assert api.get("jobs").json()["total"] == 1  # anonymous visitors see it
    minor = api_as(yan)
    assert minor.get("jobs").json()["total"] == 0
    assert minor.get(f"jobs/{mining.pk}").status_code == 404


def test_public_list_filters_by_words_and_division(
    company_a: Organisation, api: ApiClient, bob: User, oscar: User
) -> None:
    from rencai.jobs.content import Location
    from rencai.testing.jobs import publish

    shenzhen = publish(company_a, bob, oscar)
    beijing = publish(
        company_a, bob, oscar, title="数据分析师", locations=[Location("110105", "建国路88号")]
    )

    def ids(query: str) -> set[str]:
        return {item["id"] for item in api.get(f"jobs?{query}").json()["items"]}

    assert ids("division=440000") == {str(shenzhen.pk)}  # a province includes its districts
    assert ids("division=110105") == {str(beijing.pk)}
    assert ids("q=数据") == {str(beijing.pk)}
    assert ids("division=999999") == {str(shenzhen.pk), str(beijing.pk)}  # unknown: ignored

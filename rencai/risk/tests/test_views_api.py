"""The risk desk pages and API: queue, detail, review; who may read and who may act."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from conftest import ApiClient
from rencai.accounts.models import User
from rencai.audit.models import AuditEvent
from rencai.core.actors import cli_actor
from rencai.risk import scores
from rencai.risk.models import RiskAssessment
from rencai.risk.tests.conftest import Submit
from rencai.sanctions.actions import impose_sanction
from rencai.sanctions.choices import SanctionKind

pytestmark = pytest.mark.django_db

LOGIN = "rencai.accounts.backends.RencaiBackend"
FRD06 = "柬埔寨客服 月薪3万 包机票 无需经验"


def _login(client: Client, user: User) -> Client:
    client.force_login(user, backend=LOGIN)
    return client


@pytest.fixture
def high(submit: Submit) -> RiskAssessment:
    posting = submit(title=FRD06)
    assessment = scores.current_assessment(posting=posting)
    assert assessment is not None and assessment.level == "high"
    return assessment


@pytest.fixture
def medium(alice: User, oscar: User) -> RiskAssessment:
    for rule in ("harassment", "fraud_or_fees"):
        impose_sanction(
            kind=SanctionKind.WARNING,
            rule=rule,
            reason="违规行为，警告一次。",
            user=alice,
            actor=cli_actor(oscar),
        )
    assessment = scores.assess_account(user=alice)
    assert assessment is not None and assessment.level == "medium"
    return assessment


def test_queue_lists_high_first_with_filters(
    client: Client, oscar: User, high: RiskAssessment, medium: RiskAssessment
) -> None:
    _login(client, oscar)
    html = client.get("/ops/risk/").content.decode()
    assert html.index(f'data-assessment="{high.pk}"') < html.index(f'data-assessment="{medium.pk}"')
    assert 'id="read-only-notice"' not in html
    assert 'data-factor="overseas_bait"' in html
    only_users = client.get("/ops/risk/?kind=user").content.decode()
    assert str(medium.pk) in only_users and str(high.pk) not in only_users
    only_high = client.get("/ops/risk/?level=high&unreviewed=on").content.decode()
    assert str(high.pk) in only_high and str(medium.pk) not in only_high
    empty = client.get("/ops/risk/?level=low").content.decode()
    assert 'data-count="0"' in empty


@pytest.mark.parametrize("reader", ["audrey", "rita"])
def test_auditor_and_regulator_read_only(
    client: Client, reader: str, high: RiskAssessment, request: pytest.FixtureRequest
) -> None:
    user: User = request.getfixturevalue(reader)
    _login(client, user)
    assert 'id="read-only-notice"' in client.get("/ops/risk/").content.decode()
    detail = client.get(f"/ops/risk/{high.pk}/").content.decode()
    assert 'data-factor="overseas_bait"' in detail
    assert 'id="review-form"' not in detail
    response = client.post(
        f"/ops/risk/{high.pk}/review/", {"outcome": "cleared", "note": "看过了，没问题。"}
    )
    assert response.status_code == 403
    high.refresh_from_db()
    assert high.review_outcome == ""


@pytest.mark.parametrize("outsider", ["bob", "alice", "sam", "dana"])
def test_others_may_not_see_the_desk(
    client: Client, outsider: str, high: RiskAssessment, request: pytest.FixtureRequest
) -> None:
    _login(client, request.getfixturevalue(outsider))
    assert client.get("/ops/risk/").status_code == 403
    assert client.get(f"/ops/risk/{high.pk}/").status_code == 403
    response = client.post(
        f"/ops/risk/{high.pk}/review/", {"outcome": "cleared", "note": "看过了，没问题。"}
    )
    assert response.status_code == 403
    high.refresh_from_db()
    assert high.review_outcome == ""


def test_detail_explains_every_factor_and_the_review_is_recorded(
    client: Client, oscar: User, high: RiskAssessment
) -> None:
    _login(client, oscar)
    html = client.get(f"/ops/risk/{high.pk}/").content.decode()
    for factor in high.signals:
        assert f'data-factor="{factor["code"]}"' in html
    assert 'id="review-form"' in html
    assert 'id="posting-review-link"' in html
    bad = client.post(f"/ops/risk/{high.pk}/review/", {"outcome": "confirmed", "note": "短"})
    assert bad.status_code == 400
    assert 'data-error-code="risk_note_required"' in bad.content.decode()
    response = client.post(
        f"/ops/risk/{high.pk}/review/",
        {"outcome": "confirmed", "note": "境外高薪引流，确认风险，已下架。"},
    )
    assert response.status_code == 302
    high.refresh_from_db()
    assert high.review_outcome == "confirmed" and high.reviewed_by == oscar
    event = AuditEvent.objects.get(action="risk.assessment_reviewed")
    assert event.after == {"outcome": "confirmed", "score": high.score, "level": "high"}
    html = client.get(f"/ops/risk/{high.pk}/").content.decode()
    assert 'data-review="confirmed"' in html and 'id="review-form"' not in html
    again = client.post(
        f"/ops/risk/{high.pk}/review/", {"outcome": "cleared", "note": "再次复核没有问题。"}
    )
    assert again.status_code == 400
    assert 'data-error-code="risk_already_reviewed"' in again.content.decode()


def test_dashboard_card_and_posting_review_badge(
    client: Client, oscar: User, high: RiskAssessment, medium: RiskAssessment
) -> None:
    _login(client, oscar)
    html = client.get("/ops/").content.decode()
    assert 'id="risk-card"' in html
    assert 'id="risk-high" data-count="1"' in html
    assert 'id="risk-medium" data-count="1"' in html
    assert high.posting is not None
    version = high.posting.versions.get()
    page = client.get(f"/ops/jobs/{version.pk}/").content.decode()
    assert 'id="posting-risk"' in page
    assert f'data-risk-level="high" data-risk-score="{high.score}"' in page


def test_dashboard_card_hidden_from_others(client: Client, sam: User) -> None:
    _login(client, sam)
    response = client.get("/ops/")
    assert response.status_code == 200
    assert 'id="risk-card"' not in response.content.decode()


# --- API ------------------------------------------------------------------------------------


def test_api_list_detail_and_filters(
    api_as: Callable[[User | None], ApiClient],
    rita: User,
    high: RiskAssessment,
    medium: RiskAssessment,
) -> None:
    api = api_as(rita)
    listed = api.get("operator/risk/assessments").json()
    assert [item["id"] for item in listed["items"]] == [str(high.pk), str(medium.pk)]
    first = listed["items"][0]
    assert first["level"] == "high" and first["subject_kind"] == "posting"
    assert {f["code"] for f in first["factors"]} >= {"overseas_bait", "screening"}
    assert all(f["explanation"] and f["title"] for f in first["factors"])
    users = api.get("operator/risk/assessments?kind=user").json()
    assert [item["id"] for item in users["items"]] == [str(medium.pk)]
    bad = api.get("operator/risk/assessments?level=severe")
    assert bad.status_code == 400 and bad.json()["code"] == "risk_filter_invalid"
    one = api.get(f"operator/risk/assessments/{high.pk}")
    assert one.status_code == 200 and one.json()["score"] == high.score


def test_api_review_rules(
    api_as: Callable[[User | None], ApiClient],
    oscar: User,
    rita: User,
    audrey: User,
    high: RiskAssessment,
) -> None:
    path = f"operator/risk/assessments/{high.pk}/review"
    body = {"outcome": "cleared", "note": "已核实境外雇主资质。"}
    for reader in (rita, audrey):
        denied = api_as(reader).post(path, body)
        assert denied.status_code == 403 and denied.json()["code"] == "permission_denied"
    api = api_as(oscar)
    short = api.post(path, {"outcome": "cleared", "note": "ok"})
    assert short.status_code == 400 and short.json()["code"] == "risk_note_required"
    wrong = api.post(path, {"outcome": "maybe", "note": "已核实境外雇主资质。"})
    assert wrong.status_code == 400 and wrong.json()["code"] == "risk_outcome_invalid"
    high.refresh_from_db()
    assert high.review_outcome == ""
    done = api.post(path, body)
    assert done.status_code == 200
    assert done.json()["review_outcome"] == "cleared"
    assert done.json()["reviewed_by_id"] == str(oscar.pk)
    again = api.post(path, body)
    assert again.status_code == 409 and again.json()["code"] == "risk_already_reviewed"


def test_api_review_of_a_replaced_assessment(
    api_as: Callable[[User | None], ApiClient], oscar: User, medium: RiskAssessment
) -> None:
    RiskAssessment.objects.filter(pk=medium.pk).update(is_current=False)
    response = api_as(oscar).post(
        f"operator/risk/assessments/{medium.pk}/review",
        {"outcome": "confirmed", "note": "多次违规，确认风险。"},
    )
    assert response.status_code == 409
    assert response.json()["code"] == "risk_assessment_superseded"


def test_api_history_lists_replaced_assessments(
    api_as: Callable[[User | None], ApiClient], oscar: User, medium: RiskAssessment
) -> None:
    RiskAssessment.objects.filter(pk=medium.pk).update(is_current=False)
    api = api_as(oscar)
    assert api.get("operator/risk/assessments").json()["total"] == 0
    assert api.get("operator/risk/assessments?history=true").json()["total"] == 1


def test_queue_queries_do_not_grow_with_rows(
    client: Client, oscar: User, submit: Submit, medium: RiskAssessment
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _login(client, oscar)
    api = ApiClient(oscar)

    def counts() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as page:
            assert client.get("/ops/risk/").status_code == 200
        with CaptureQueriesContext(connection) as listed:
            assert api.get("operator/risk/assessments").status_code == 200
        return len(page.captured_queries), len(listed.captured_queries)

    submit(title=FRD06)
    counts()  # first requests fill per-process caches
    before = counts()
    submit(title="缅北高薪 包机票 无需经验")
    submit(title="迪拜服务员 月薪3万 包机票")
    assert RiskAssessment.objects.filter(is_current=True, subject_kind="posting").count() == 3
    assert counts() == before

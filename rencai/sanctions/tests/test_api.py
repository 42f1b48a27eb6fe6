"""The sanctions API: the sanctioned person's notices and appeals, and the operator desk
(FRD-02, REG-03). The role matrix has one row per route; the rule that an operator may
not decide the appeal of their own sanction is tested here."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import ApiClient
from rencai.accounts.models import User
from rencai.audit.models import AuditEvent
from rencai.core.actors import cli_actor
from rencai.sanctions import actions
from rencai.sanctions.choices import AppealStatus, SanctionKind, SanctionStatus
from rencai.sanctions.models import Appeal, AuthorityReport, Sanction
from rencai.testing.orgs import demo_image

pytestmark = pytest.mark.django_db

Api = Callable[[User | None], ApiClient]
STATEMENT = "该处理有误：消息是同事冒用账号发送的。"


def _impose(oscar: User, **kwargs: object) -> Sanction:
    defaults: dict[str, object] = {"rule": "fraud_or_fees", "reason": "多次要求求职者缴纳服装费。"}
    return actions.impose_sanction(**{**defaults, **kwargs}, actor=cli_actor(oscar))


def test_impose_and_read_as_operator(api_as: Api, alice: User, oscar: User, rita: User) -> None:
    body = {
        "kind": "account_suspension",
        "rule": "fraud_or_fees",
        "reason": "冒充招聘收取培训费。",
        "user_id": str(alice.pk),
        "days": 30,
        "evidence": {"reports": ["RP-1", "RP-2"]},
    }
    created = api_as(oscar).post("operator/sanctions", body)
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["status"] == "active"
    assert data["severity"] == 4
    assert data["evidence"]["snapshot"] == {"reports": ["RP-1", "RP-2"]}
    sanction = Sanction.objects.get(pk=data["id"])
    assert data["evidence_sha256"] == sanction.evidence_sha256
    assert AuthorityReport.objects.filter(sanction=sanction).count() == 2

    bad = api_as(oscar).post("operator/sanctions", {**body, "days": None})
    assert bad.status_code == 400
    assert bad.json()["code"] == "period_required"

    listed = api_as(rita).get("operator/sanctions?status=active&kind=account_suspension")
    assert [item["id"] for item in listed.json()["items"]] == [data["id"]]
    detail = api_as(rita).get(f"operator/sanctions/{data['id']}")
    assert detail.json()["evidence_sha256"] == sanction.evidence_sha256
    reports = api_as(rita).get("operator/sanctions/authority-reports").json()
    assert {item["authority"] for item in reports["items"]} == {"hr_authority", "police"}

    before = AuditEvent.objects.count()
    refused = api_as(rita).post(f"operator/sanctions/{data['id']}/revoke", {"reason": "撤销处理。"})
    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"
    assert AuditEvent.objects.count() == before
    sanction.refresh_from_db()
    assert sanction.status == SanctionStatus.ACTIVE


def test_suspended_account_cannot_use_its_api_token(
    api: ApiClient, alice: User, oscar: User
) -> None:
    from rencai.accounts import actions as account_actions

    _token, secret = account_actions.create_api_token(
        alice, name="脚本", expires_in_days=30, actor=cli_actor(alice)
    )
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert api.get("me", **auth).status_code == 200
    _impose(oscar, kind=SanctionKind.ACCOUNT_SUSPENSION, user=alice, days=3)
    assert api.get("me", **auth).status_code == 401


def test_my_sanctions_acknowledge_and_appeal(
    api_as: Api, alice: User, yan: User, oscar: User
) -> None:
    warning = _impose(oscar, kind=SanctionKind.WARNING, user=alice, rule="diversion")
    client = api_as(alice)
    mine = client.get("me/sanctions").json()
    assert [item["id"] for item in mine["items"]] == [str(warning.pk)]
    assert mine["items"][0]["rule_title"]
    assert api_as(yan).get(f"me/sanctions/{warning.pk}").status_code == 404
    acknowledged = client.post(f"me/sanctions/{warning.pk}/acknowledge")
    assert acknowledged.status_code == 200
    assert acknowledged.json()["acknowledged_at"] is not None
    again = client.post(f"me/sanctions/{warning.pk}/acknowledge")
    assert again.status_code == 409
    assert again.json()["code"] == "warning_already_acknowledged"

    upload = SimpleUploadedFile("proof.png", demo_image("PROOF"), content_type="image/png")
    appealed = client.client.post(
        f"/api/v1/me/sanctions/{warning.pk}/appeal", {"statement": STATEMENT, "file": upload}
    )
    assert appealed.status_code == 201, appealed.json()
    assert appealed.json()["status"] == "pending"
    assert len(appealed.json()["evidence_files"]) == 1
    detail = client.get(f"me/sanctions/{warning.pk}").json()
    assert detail["appeal"]["status"] == "pending"
    twice = client.client.post(
        f"/api/v1/me/sanctions/{warning.pk}/appeal", {"statement": STATEMENT}
    )
    assert twice.status_code == 409
    assert twice.json()["code"] == "appeal_exists"


def test_operator_cannot_decide_the_appeal_of_their_own_sanction(
    api_as: Api, alice: User, oscar: User, tess: User
) -> None:
    sanction = _impose(oscar, kind=SanctionKind.SUSPEND_APPLYING, user=alice, days=10)
    appeal = actions.submit_appeal(sanction, statement=STATEMENT, actor=cli_actor(alice))
    assert api_as(oscar).get("operator/sanctions/appeals").json()["items"] == []
    before = AuditEvent.objects.count()
    refused = api_as(oscar).post(
        f"operator/sanctions/appeals/{appeal.pk}/decide",
        {"outcome": "overturned", "reason": "撤销处理。"},
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "own_sanction"
    assert AuditEvent.objects.count() == before
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.PENDING

    queue = api_as(tess).get("operator/sanctions/appeals").json()
    assert [item["id"] for item in queue["items"]] == [str(appeal.pk)]
    decided = api_as(tess).post(
        f"operator/sanctions/appeals/{appeal.pk}/decide",
        {"outcome": "overturned", "reason": "账号被冒用，撤销。"},
    )
    assert decided.status_code == 200
    assert decided.json()["status"] == "overturned"
    sanction.refresh_from_db()
    assert sanction.status == SanctionStatus.OVERTURNED
    assert Appeal.objects.get().decided_by == tess


def test_record_submission(api_as: Api, alice: User, oscar: User) -> None:
    _impose(oscar, kind=SanctionKind.ACCOUNT_CLOSURE, user=alice, rule="harassment")
    report = AuthorityReport.objects.get()
    response = api_as(oscar).post(
        f"operator/sanctions/authority-reports/{report.pk}/submission",
        {"reference": "沪人社监〔2026〕118号", "note": "邮寄"},
    )
    assert response.status_code == 200
    assert response.json()["status"] == "submitted"
    assert api_as(oscar).get("operator/sanctions/authority-reports").json()["items"] == []
    done = api_as(oscar).get("operator/sanctions/authority-reports?status=submitted").json()
    assert done["items"][0]["submission_reference"] == "沪人社监〔2026〕118号"


def _queries(call: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def test_lists_run_a_constant_number_of_queries(
    api_as: Api, alice: User, oscar: User, rita: User
) -> None:
    def grow(n: int) -> None:
        for _ in range(n):
            sanction = _impose(oscar, kind=SanctionKind.SUSPEND_APPLYING, user=alice, days=3)
            if not Appeal.objects.filter(sanction__user=alice).exists():
                actions.submit_appeal(sanction, statement=STATEMENT, actor=cli_actor(alice))

    grow(1)
    small = (
        _queries(lambda: api_as(rita).get("operator/sanctions")),
        _queries(lambda: api_as(alice).get("me/sanctions")),
    )
    grow(4)
    large = (
        _queries(lambda: api_as(rita).get("operator/sanctions")),
        _queries(lambda: api_as(alice).get("me/sanctions")),
    )
    assert small == large

"""Sanctions pages: my sanctions with the appeal form, the warning pop-up, and the
operator desk (FRD-02)."""

from __future__ import annotations

import pytest
from django.test import Client

from rencai.accounts.models import User
from rencai.core.actors import cli_actor
from rencai.orgs.models import Organisation
from rencai.sanctions import actions
from rencai.sanctions.choices import AppealStatus, AuthorityReportStatus, SanctionKind
from rencai.sanctions.models import Appeal, AuthorityReport, Sanction

pytestmark = pytest.mark.django_db

STATEMENT = "该岗位信息真实，服装由公司免费提供，附劳动合同样本。"


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="rencai.accounts.backends.RencaiBackend")
    return client


def _impose(oscar: User, **kwargs: object) -> Sanction:
    defaults: dict[str, object] = {"rule": "fraud_or_fees", "reason": "多次要求求职者缴纳服装费。"}
    return actions.impose_sanction(**{**defaults, **kwargs}, actor=cli_actor(oscar))


def test_warning_pops_up_until_acknowledged(alice: User, oscar: User) -> None:
    client = _client(alice)
    assert b"data-sanction-warning" not in client.get("/account/sanctions/").content
    sanction = _impose(oscar, kind=SanctionKind.WARNING, user=alice, rule="diversion")
    page = client.get("/account/sanctions/")
    assert f'data-sanction-warning="{sanction.pk}"'.encode() in page.content
    response = client.post(f"/account/sanctions/{sanction.pk}/acknowledge/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.content == b""
    sanction.refresh_from_db()
    assert sanction.acknowledged_at is not None
    assert b"data-sanction-warning" not in client.get("/account/sanctions/").content


def test_my_sanctions_and_appeal(alice: User, yan: User, oscar: User) -> None:
    from rencai.testing.orgs import demo_image

    client = _client(alice)
    empty = client.get("/account/sanctions/")
    assert empty.status_code == 200
    assert b'id="my-sanctions"' not in empty.content
    sanction = _impose(oscar, kind=SanctionKind.SUSPEND_APPLYING, user=alice, days=10)
    listing = client.get("/account/sanctions/")
    assert f'data-sanction="{sanction.pk}"'.encode() in listing.content
    detail = client.get(f"/account/sanctions/{sanction.pk}/")
    assert b'data-rule="fraud_or_fees"' in detail.content
    assert sanction.evidence_sha256.encode() in detail.content
    assert b'id="appeal-form"' in detail.content
    assert _client(yan).get(f"/account/sanctions/{sanction.pk}/").status_code == 404

    short = client.post(f"/account/sanctions/{sanction.pk}/appeal/", {"statement": "不对"})
    assert short.status_code == 400
    assert b'data-error-code="statement_required"' in short.content
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("contract.png", demo_image("CONTRACT"), content_type="image/png")
    sent = client.post(
        f"/account/sanctions/{sanction.pk}/appeal/",
        {"statement": STATEMENT, "evidence_1": upload},
    )
    assert sent.status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.evidence_files.count() == 1
    after = client.get(f"/account/sanctions/{sanction.pk}/")
    assert b'data-status="pending"' in after.content
    assert b'id="appeal-form"' not in after.content


def test_operator_pages_by_role(alice: User, oscar: User, audrey: User, rita: User) -> None:
    sanction = _impose(oscar, kind=SanctionKind.ACCOUNT_SUSPENSION, user=alice, days=7)
    for path in (
        "/ops/sanctions/",
        f"/ops/sanctions/{sanction.pk}/",
        "/ops/sanctions/appeals/",
        "/ops/sanctions/authority-reports/",
    ):
        for person in (oscar, audrey, rita):
            assert _client(person).get(path).status_code == 200, (path, person)
        assert _client(alice).get(path).status_code == 403
    assert _client(oscar).get("/ops/sanctions/new/").status_code == 200
    assert _client(rita).get("/ops/sanctions/new/").status_code == 403
    # The regulator reads but may not write anything.
    revoke = _client(rita).post(f"/ops/sanctions/{sanction.pk}/revoke/", {"reason": "撤销处理。"})
    assert revoke.status_code == 403
    report = AuthorityReport.objects.filter(sanction=sanction).first()
    assert report is not None
    submit = _client(rita).post(
        f"/ops/sanctions/authority-reports/{report.pk}/submit/", {"reference": "ABC-1"}
    )
    assert submit.status_code == 403
    report.refresh_from_db()
    assert report.status == AuthorityReportStatus.DRAFTED
    filtered = _client(oscar).get("/ops/sanctions/?status=active&kind=account_suspension")
    assert f'data-sanction="{sanction.pk}"'.encode() in filtered.content
    other = _client(oscar).get("/ops/sanctions/?kind=warning")
    assert f'data-sanction="{sanction.pk}"'.encode() not in other.content


def test_impose_from_the_form(alice: User, oscar: User) -> None:
    client = _client(oscar)
    prefilled = client.get(f"/ops/sanctions/new/?user={alice.pk}")
    assert str(alice.pk).encode() in prefilled.content
    unknown = client.post(
        "/ops/sanctions/new/",
        {
            "subject_type": "user",
            "subject": "13900000000",
            "kind": "warning",
            "rule": "harassment",
            "reason": "发送骚扰消息。",
        },
    )
    assert unknown.status_code == 400
    assert b'data-error-code="subject_not_found"' in unknown.content
    response = client.post(
        "/ops/sanctions/new/",
        {
            "subject_type": "user",
            "subject": "13800138001",
            "kind": "restriction",
            "days": "7",
            "rule": "diversion",
            "reason": "多次引导求职者添加微信。",
            "evidence_note": "投诉编号 RP-0001",
        },
    )
    assert response.status_code == 302
    sanction = Sanction.objects.get()
    assert response["Location"] == f"/ops/sanctions/{sanction.pk}/"
    assert sanction.user == alice
    assert sanction.evidence["snapshot"] == {"note": "投诉编号 RP-0001"}


def test_revoke_with_confirmation(alice: User, oscar: User) -> None:
    sanction = _impose(oscar, kind=SanctionKind.SUSPEND_APPLYING, user=alice, days=7)
    client = _client(oscar)
    page = client.get(f"/ops/sanctions/{sanction.pk}/")
    assert b'id="revoke-form"' in page.content and b"data-confirm=" in page.content
    response = client.post(f"/ops/sanctions/{sanction.pk}/revoke/", {"reason": "误操作，撤销。"})
    assert response.status_code == 302
    sanction.refresh_from_db()
    assert sanction.status == "revoked"


DECISION = {"outcome": "overturned", "reason": "撤销处理。"}


def test_appeal_queue_hides_own_sanctions(alice: User, oscar: User, tess: User) -> None:
    sanction = _impose(oscar, kind=SanctionKind.SUSPEND_APPLYING, user=alice, days=7)
    appeal = actions.submit_appeal(sanction, statement=STATEMENT, actor=cli_actor(alice))
    own = _client(oscar)
    assert f'data-appeal="{appeal.pk}"'.encode() not in own.get("/ops/sanctions/appeals/").content
    detail = own.get(f"/ops/sanctions/{sanction.pk}/")
    assert b'data-error-code="own_sanction"' in detail.content
    assert b'id="decide-form"' not in detail.content
    refused = own.post(
        f"/ops/sanctions/appeals/{appeal.pk}/decide/",
        {"outcome": "overturned", "reason": "撤销处理。"},
    )
    assert refused.status_code == 403
    other = _client(tess)
    assert f'data-appeal="{appeal.pk}"'.encode() in other.get("/ops/sanctions/appeals/").content
    assert b'id="decide-form"' in other.get(f"/ops/sanctions/{sanction.pk}/").content
    decided = other.post(
        f"/ops/sanctions/appeals/{appeal.pk}/decide/",
        {"outcome": "overturned", "reason": "撤销处理。"},
    )
    assert decided.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.OVERTURNED


def test_authority_report_queue_and_dashboard_card(alice: User, oscar: User, tess: User) -> None:
    _impose(oscar, kind=SanctionKind.ACCOUNT_CLOSURE, user=alice)
    report = AuthorityReport.objects.get(authority="hr_authority")
    dashboard = _client(tess).get("/ops/")
    assert b'id="sanctions-card"' in dashboard.content
    assert b'id="reports-to-submit" data-count="2"' in dashboard.content
    queue = _client(tess).get("/ops/sanctions/authority-reports/")
    assert f'data-report="{report.pk}"'.encode() in queue.content
    response = _client(tess).post(
        f"/ops/sanctions/authority-reports/{report.pk}/submit/",
        {"reference": "沪人社监〔2026〕118号"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == AuthorityReportStatus.SUBMITTED
    done = _client(tess).get("/ops/sanctions/authority-reports/?status=submitted")
    assert "沪人社监〔2026〕118号".encode() in done.content


def test_evidence_files_for_operators_only(alice: User, oscar: User, rita: User) -> None:
    from rencai.testing.orgs import demo_upload

    sanction = _impose(
        oscar, kind=SanctionKind.WARNING, user=alice, evidence_files=[demo_upload("SHOT")]
    )
    stored = sanction.evidence_files.get()
    path = f"/ops/sanctions/{sanction.pk}/files/{stored.pk}/"
    assert _client(rita).get(path).status_code == 200
    assert _client(alice).get(path).status_code == 403


def test_org_sanction_is_shown_to_its_admin(bob: User, org_a: Organisation, oscar: User) -> None:
    sanction = _impose(oscar, kind=SanctionKind.SUSPEND_POSTING, organisation=org_a, days=5)
    page = _client(bob).get(f"/account/sanctions/{sanction.pk}/")
    assert page.status_code == 200
    assert b'id="appeal-form"' in page.content

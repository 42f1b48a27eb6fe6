"""The regulator sees complaints and sanctions (REG-02): the complaints, sanctions and
appeals datasets (pages and CSV/XLSX exports through the registry, reporters never
identified), the organisation dossier's complaints and sanctions, and the read-only case
view with its evidence hashes, sanctions and appeal outcome; every access logged; only the
regulator inspects."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook  # type: ignore[import-untyped]

from rencai.accounts.models import User
from rencai.core.actors import Actor, Channel, cli_actor
from rencai.inspection.datasets import get_dataset
from rencai.inspection.models import InspectionAccess
from rencai.jobs.models import JobPosting
from rencai.moderation import reports
from rencai.moderation.choices import ReportCategory
from rencai.moderation.models import Report, ReportCase
from rencai.moderation.report_sanctions import impose_for_case
from rencai.orgs.models import Organisation
from rencai.sanctions import actions as sanction_actions
from rencai.sanctions.models import Sanction
from rencai.testing import orgs as org_seeds
from rencai.testing.jobs import publish

pytestmark = pytest.mark.django_db

CONTACT = "wechat-anon-4711"


def _content(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="rencai.accounts.backends.RencaiBackend")
    return client


@pytest.fixture
def company_a(db: None) -> Organisation:
    return org_seeds.build_org(org_seeds.COMPANY_A)


@pytest.fixture
def scene(
    company_a: Organisation, alice: User, bob: User, oscar: User, tess: User
) -> dict[str, Any]:
    """Alice and an anonymous visitor report Bob's posting; Oscar upholds, takes it down
    and suspends company A's posting; Bob appeals the suspension; Tess confirms it."""
    posting: JobPosting = publish(company_a, bob, oscar)
    image = SimpleUploadedFile(
        "receipt.png", org_seeds.demo_image("receipt"), content_type="image/png"
    )
    reports.file_report(
        target_kind="posting",
        target_id=posting.pk,
        category=ReportCategory.FRAUD_OR_FEES,
        details="面试前要求交500元押金",
        evidence_files=[image],
        actor=cli_actor(alice),
    )
    reports.file_report(
        target_kind="posting",
        target_id=posting.pk,
        category=ReportCategory.FRAUD_OR_FEES,
        details="也被要求交押金",
        contact=CONTACT,
        actor=Actor(None, ip="10.9.8.7", channel=Channel.WEB),
    )
    case = ReportCase.objects.get()
    reports.decide_case(case, outcome="upheld", reasons="押金要求属实", actor=cli_actor(oscar))
    case.refresh_from_db()
    take_down = impose_for_case(
        case,
        kind="take_down",
        rule="fraud_or_fees",
        reason="职位要求求职者缴纳押金",
        posting=posting,
        actor=cli_actor(oscar),
    )
    suspension = impose_for_case(
        case,
        kind="suspend_posting",
        rule="fraud_or_fees",
        reason="收取押金，暂停发布职位30天",
        organisation=company_a,
        days=30,
        actor=cli_actor(oscar),
    )
    appeal = sanction_actions.submit_appeal(
        suspension, statement="押金是误会，我们已经退还给求职者。", actor=cli_actor(bob)
    )
    sanction_actions.decide_appeal(
        appeal, outcome="upheld", reason="收据证明押金已收取", actor=cli_actor(tess)
    )
    return {"case": case, "posting": posting, "take_down": take_down, "suspension": suspension}


def test_datasets_are_registered() -> None:
    assert get_dataset("complaints").detail_url is not None
    assert get_dataset("sanctions").date_field == "starts_at"
    assert get_dataset("appeals").key == "appeals"


def test_complaints_dataset_page_and_csv_never_identify_reporters(
    scene: dict[str, Any], rita: User, alice: User
) -> None:
    client = signed_in(rita)
    refs = sorted(Report.objects.values_list("reference", flat=True))
    page = client.get(reverse("inspection:dataset", args=["complaints"]))
    assert page.status_code == 200
    body = page.content.decode()
    for ref in refs:
        assert ref in body
    case = scene["case"]
    assert reverse("moderation_reports:regulator_case", args=[case.pk]) in body
    assert alice.display_name not in body and CONTACT not in body

    export = client.get(
        reverse("inspection:export", args=["complaints"]), {"format": "csv", "outcome": "upheld"}
    )
    assert export.status_code == 200
    text = _content(export).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 3  # header + two reports
    assert sorted(row[0] for row in rows[1:]) == refs
    assert alice.display_name not in text and CONTACT not in text
    assert "面试前要求交500元押金" not in text  # details stay in the case
    kinds = list(InspectionAccess.objects.order_by("created_at").values_list("kind", "dataset"))
    assert kinds == [("dataset", "complaints"), ("export", "complaints")]
    assert InspectionAccess.objects.get(kind="export").row_count == 2


def test_sanctions_and_appeals_datasets_export_xlsx(scene: dict[str, Any], rita: User) -> None:
    client = signed_in(rita)
    export = client.get(reverse("inspection:export", args=["sanctions"]), {"format": "xlsx"})
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(_content(export))).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3
    keys = [column.key for column in get_dataset("sanctions").columns]
    by_id = {row[keys.index("sanction")]: row for row in rows[1:]}
    suspension = scene["suspension"]
    row = by_id[str(suspension.pk)]
    assert row[keys.index("case")] == str(scene["case"].pk)
    assert row[keys.index("imposed_by")] == "Oscar 欧晟"
    assert row[keys.index("evidence_sha256")] == suspension.evidence_sha256
    assert row[keys.index("appeal")]  # the appeal's outcome
    assert "1380013" not in str(rows)  # no phone numbers

    appeals = client.get(reverse("inspection:dataset", args=["appeals"]), {"status": "upheld"})
    assert appeals.status_code == 200
    assert "Tess 谭思" in appeals.content.decode()


def test_regulator_case_view_and_dossier(
    scene: dict[str, Any], rita: User, company_a: Organisation
) -> None:
    client = signed_in(rita)
    case = scene["case"]
    page = client.get(reverse("moderation_reports:regulator_case", args=[case.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-count="2"' in body
    assert f'data-sanction="{scene["suspension"].pk}"' in body
    assert 'data-appeal="upheld"' in body
    for report in Report.objects.all():
        for item in report.evidence.all():
            assert item.sha256 in body
    assert CONTACT not in body and "Alice" not in body
    access = InspectionAccess.objects.get()
    assert (access.kind, access.dataset, access.object_id) == (
        "dossier",
        "complaints",
        str(case.pk),
    )

    dossier = client.get(reverse("inspection:dossier", args=[company_a.pk])).content.decode()
    assert 'id="dossier-complaints" data-count="1"' in dossier
    assert 'id="dossier-sanctions" data-count="2"' in dossier
    assert f'data-case="{case.pk}" data-outcome="upheld"' in dossier
    assert 'data-appeal="upheld"' in dossier


def test_only_the_regulator_opens_the_regulator_case_view(
    scene: dict[str, Any], oscar: User, audrey: User, bob: User
) -> None:
    url = reverse("moderation_reports:regulator_case", args=[scene["case"].pk])
    for user in (oscar, audrey, bob):
        assert signed_in(user).get(url).status_code == 403
    assert Client().get(url).status_code == 302
    assert not InspectionAccess.objects.exists()
    assert Sanction.objects.count() == 2

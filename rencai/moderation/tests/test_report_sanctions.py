"""From a report case to sanctions: several sanctions per case, the case's reports and
evidence hashes in each sanction's bundle, the link both ways, reporters told once that
measures were taken (without the measure), audit events, and the refusals (dismissed
case, another subject, not trust & safety) that change nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from rencai.accounts.models import User
from rencai.audit.models import AuditEvent
from rencai.core.actors import Actor, Channel, cli_actor
from rencai.core.errors import DomainError
from rencai.jobs.choices import PostingStatus
from rencai.jobs.models import JobPosting
from rencai.moderation import report_notices, reports
from rencai.moderation.choices import EvidenceKind, ReportCategory
from rencai.moderation.models import CaseSanction, Report, ReportCase, ReportStatusUpdate
from rencai.moderation.report_sanctions import case_evidence, case_sanctions, impose_for_case
from rencai.notifications.models import Notification
from rencai.orgs.models import Organisation
from rencai.sanctions.models import Sanction
from rencai.testing import orgs as org_seeds
from rencai.testing.jobs import publish

pytestmark = pytest.mark.django_db


def png(label: str = "evidence") -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{label}.png", org_seeds.demo_image(label), content_type="image/png")


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="rencai.accounts.backends.RencaiBackend")
    return client


@pytest.fixture
def company_a(db: None) -> Organisation:
    return org_seeds.build_org(org_seeds.COMPANY_A)


@pytest.fixture
def posting(company_a: Organisation, bob: User, oscar: User) -> JobPosting:
    return publish(company_a, bob, oscar)


@pytest.fixture
def case(posting: JobPosting, alice: User) -> ReportCase:
    reports.file_report(
        target_kind="posting",
        target_id=posting.pk,
        category=ReportCategory.FRAUD_OR_FEES,
        details="面试前要求交500元押金",
        evidence_files=[png("receipt")],
        actor=cli_actor(alice),
    )
    reports.file_report(
        target_kind="posting",
        target_id=posting.pk,
        category=ReportCategory.FRAUD_OR_FEES,
        details="同样被要求交押金",
        actor=Actor(None, ip="10.9.8.7", channel=Channel.WEB),
    )
    return ReportCase.objects.get()


def take_down_and_suspend(
    case: ReportCase, posting: JobPosting, operator: User
) -> tuple[Sanction, Sanction]:
    actor = cli_actor(operator)
    first = impose_for_case(
        case,
        kind="take_down",
        rule="fraud_or_fees",
        reason="职位要求求职者缴纳押金",
        posting=posting,
        note="两份举报，附收据照片",
        actor=actor,
    )
    second = impose_for_case(
        case,
        kind="suspend_posting",
        rule="fraud_or_fees",
        reason="收取押金，暂停发布职位30天",
        organisation=posting.organisation,
        days=30,
        actor=actor,
    )
    return first, second


def test_a_case_leads_to_several_sanctions_with_its_reports_as_evidence(
    case: ReportCase, posting: JobPosting, alice: User, oscar: User
) -> None:
    reports.decide_case(case, outcome="upheld", reasons="押金要求属实", actor=cli_actor(oscar))
    case.refresh_from_db()
    take_down, suspension = take_down_and_suspend(case, posting, oscar)

    assert [s.pk for s in case_sanctions(case)] == [take_down.pk, suspension.pk]
    assert CaseSanction.objects.filter(case=case).count() == 2
    posting.refresh_from_db()
    assert posting.status == PostingStatus.TAKEN_DOWN
    assert suspension.organisation_id == posting.organisation_id and suspension.ends_at

    filed = list(Report.objects.filter(case=case).order_by("received_at", "pk"))
    bundle = take_down.evidence["snapshot"]
    assert bundle["note"] == "两份举报，附收据照片"
    part = bundle["case"]
    assert part["id"] == str(case.pk) and part["outcome"] == "upheld"
    assert part["reports_total"] == 2
    assert [r["reference"] for r in part["reports"]] == [r.reference for r in filed]
    assert {r["category"] for r in part["reports"]} == {"fraud_or_fees"}
    for entry, report in zip(part["reports"], filed, strict=True):
        snapshot = report.evidence.get(kind=EvidenceKind.SNAPSHOT)
        assert entry["snapshot_sha256"] == snapshot.sha256
        files = [e.sha256 for e in report.evidence.filter(kind=EvidenceKind.FILE)]
        assert entry["files_sha256"] == files
    assert len(part["reports"][0]["files_sha256"]) == 1  # Alice's receipt
    # Reporters' identities never enter the sanction's bundle.
    assert "reporter" not in str(bundle) and alice.display_name not in str(bundle)

    events = AuditEvent.objects.filter(action="moderation.case_sanction_linked").order_by("seq")
    assert [e.after["sanction"] for e in events] == [str(take_down.pk), str(suspension.pk)]
    assert events[0].after["reports"] == [r.reference for r in filed]
    assert events[0].after["reporters_told"] == 2 and events[1].after["reporters_told"] == 0


def test_reporters_are_told_once_that_measures_were_taken(
    case: ReportCase, posting: JobPosting, alice: User, oscar: User
) -> None:
    reports.decide_case(case, outcome="partly", reasons="押金要求部分属实", actor=cli_actor(oscar))
    case.refresh_from_db()
    take_down_and_suspend(case, posting, oscar)
    told = Notification.objects.filter(kind=report_notices.MEASURES_TAKEN)
    assert [n.recipient_id for n in told] == [alice.pk]
    # Every report (the anonymous one too) has one "measures taken" step on its timeline,
    # which names no measure.
    for report in Report.objects.filter(case=case):
        notes = ReportStatusUpdate.objects.filter(report=report, author=oscar).exclude(note="")
        assert notes.count() == 1
        text = notes.get().note
        assert "30" not in text and "suspend" not in text.lower()


def test_an_open_case_can_already_lead_to_a_take_down(
    case: ReportCase, posting: JobPosting, oscar: User
) -> None:
    sanction = impose_for_case(
        case,
        kind="take_down",
        rule="fraud_or_fees",
        reason="紧急下架：要求缴纳押金",
        posting=posting,
        actor=cli_actor(oscar),
    )
    case.refresh_from_db()
    assert case.is_open and sanction.evidence["snapshot"]["case"]["outcome"] == ""
    # Deciding afterwards keeps the link.
    reports.decide_case(case, outcome="upheld", reasons="押金要求属实", actor=cli_actor(oscar))
    assert case_sanctions(case) == [sanction]


def test_refusals_change_nothing(
    case: ReportCase,
    posting: JobPosting,
    oscar: User,
    audrey: User,
    rita: User,
    dave: User,
) -> None:
    company_b = org_seeds.build_org(org_seeds.COMPANY_B)
    before = (Sanction.objects.count(), CaseSanction.objects.count())
    with pytest.raises(DomainError) as other_subject:
        impose_for_case(
            case,
            kind="suspend_posting",
            rule="fraud_or_fees",
            reason="不相关的组织",
            organisation=company_b,
            days=30,
            actor=cli_actor(oscar),
        )
    assert other_subject.value.code == "report_sanction_subject"
    for reader in (audrey, rita):
        with pytest.raises(DomainError) as denied:
            impose_for_case(
                case,
                kind="take_down",
                rule="fraud_or_fees",
                reason="只读角色不能处罚",
                posting=posting,
                actor=cli_actor(reader),
            )
        assert denied.value.status == 403
    reports.decide_case(case, outcome="dismissed", reasons="查无实据，驳回", actor=cli_actor(oscar))
    case.refresh_from_db()
    with pytest.raises(DomainError) as dismissed:
        impose_for_case(
            case,
            kind="take_down",
            rule="fraud_or_fees",
            reason="驳回后不能处罚",
            posting=posting,
            actor=cli_actor(oscar),
        )
    assert (dismissed.value.code, dismissed.value.status) == ("report_case_dismissed", 409)
    assert (Sanction.objects.count(), CaseSanction.objects.count()) == before
    assert not AuditEvent.objects.filter(action="moderation.case_sanction_linked").exists()


def test_evidence_of_a_large_case_fits_the_bundle(case: ReportCase) -> None:
    bundle = case_evidence(case, note="x" * 18_500)
    assert bundle["case"]["reports_total"] == 2
    assert len(bundle["case"]["reports"]) < 2  # the oldest kept first, within the budget


# --- pages -------------------------------------------------------------------------------------


def test_pages_link_the_case_and_its_sanctions(
    case: ReportCase, posting: JobPosting, oscar: User, rita: User
) -> None:
    operator = signed_in(oscar)
    page = operator.get(reverse("moderation_reports:case", args=[case.pk]))
    assert page.status_code == 200
    assert b'id="sanction-link"' in page.content and b'data-count="0"' in page.content

    url = reverse("moderation_reports:sanction", args=[case.pk])
    form = operator.get(url)
    assert form.status_code == 200
    assert form.context["form"].initial["kind"] == "take_down"
    assert str(form.context["form"].initial["posting"]) == str(posting.pk)
    assert form.context["form"].initial["rule"] == "fraud_or_fees"
    suspend = operator.get(url + "?measure=suspend_posting")
    assert "posting" not in suspend.context["form"].initial

    answer = operator.post(
        url,
        {
            "subject_type": "organisation",
            "subject": str(posting.organisation_id),
            "kind": "take_down",
            "posting": str(posting.pk),
            "rule": "fraud_or_fees",
            "reason": "职位要求求职者缴纳押金",
        },
    )
    assert answer.status_code == 302
    sanction = Sanction.objects.get()
    page = operator.get(reverse("moderation_reports:case", args=[case.pk]))
    assert f'data-sanction="{sanction.pk}"'.encode() in page.content
    detail = operator.get(reverse("sanctions:ops_detail", args=[sanction.pk]))
    assert f'id="report-case" data-case="{case.pk}"'.encode() in detail.content

    wrong = operator.post(
        url,
        {
            "subject_type": "organisation",
            "subject": str(org_seeds.build_org(org_seeds.COMPANY_B).pk),
            "kind": "suspend_posting",
            "days": "30",
            "rule": "fraud_or_fees",
            "reason": "不相关的组织",
        },
    )
    assert wrong.status_code == 400
    assert b'data-error-code="report_sanction_subject"' in wrong.content

    # The regulator reads the case but cannot impose from it.
    reader = signed_in(rita)
    assert reader.get(url).status_code == 403
    assert reader.post(url, {"kind": "take_down"}).status_code == 403
    assert (
        b'id="sanction-link"'
        not in reader.get(reverse("moderation_reports:case", args=[case.pk])).content
    )
    assert Sanction.objects.count() == 1


# --- API ---------------------------------------------------------------------------------------


def test_api_imposes_from_the_case(
    case: ReportCase, posting: JobPosting, oscar: User, rita: User, api_as: Any
) -> None:
    path = f"operator/reports/{case.pk}/sanctions"
    body = {
        "kind": "suspend_posting",
        "rule": "fraud_or_fees",
        "reason": "收取押金，暂停发布职位30天",
        "organisation_id": str(posting.organisation_id),
        "days": 30,
    }
    refused = api_as(rita).post(path, body)
    assert refused.status_code == 403 and not Sanction.objects.exists()

    answer = api_as(oscar).post(path, body)
    assert answer.status_code == 201, answer.content
    data = answer.json()
    assert data["case_id"] == str(case.pk) and data["kind"] == "suspend_posting"
    assert data["reports"] == list(
        Report.objects.filter(case=case)
        .order_by("received_at", "pk")
        .values_list("reference", flat=True)
    )
    other = api_as(oscar).post(path, {**body, "organisation_id": str(oscar.pk)})
    assert other.status_code == 404
    reports.decide_case(case, outcome="dismissed", reasons="查无实据，驳回", actor=cli_actor(oscar))
    dismissed = api_as(oscar).post(path, body)
    assert (dismissed.status_code, dismissed.json()["code"]) == (409, "report_case_dismissed")
    assert Sanction.objects.count() == 1

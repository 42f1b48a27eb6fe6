"""Complaints and reports (CMP-01, DIS-08) and complaint concentration (FRD-03): due dates
per category across the National Day holiday, grouping into cases, anonymous reports with
their access code, evidence kept unchanged with its hash, the concentration trigger that
pauses postings (and dismissal that resumes them), reporters told, permissions, and the
stable codes of bad input."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from rencai.accounts.models import User
from rencai.audit.models import AuditEvent
from rencai.core.actors import Actor, Channel, cli_actor
from rencai.core.errors import DomainError
from rencai.files.actions import read_bytes
from rencai.jobs.actions import postings as jobs_actions
from rencai.jobs.models import JobPosting
from rencai.moderation import reports
from rencai.moderation.choices import ReportCategory
from rencai.moderation.models import Report, ReportCase, ReportEvidence
from rencai.moderation.report_targets import snapshot_hash
from rencai.notifications.models import Notification
from rencai.orgs.models import Organisation
from rencai.testing import orgs as org_seeds
from rencai.testing.jobs import publish

pytestmark = pytest.mark.django_db

BEIJING = ZoneInfo("Asia/Shanghai")
# Received on Wednesday 30 September 2026, the day before the National Day holiday
# (1–7 October; Saturday 10 October is a make-up working day).
RECEIVED = dt.datetime(2026, 9, 30, 10, 0, tzinfo=BEIJING)
DUE_AFTER_NATIONAL_DAY = {
    ReportCategory.MINORS: dt.date(2026, 10, 9),  # 2 working days: 8, 9 Oct
    ReportCategory.FRAUD_OR_FEES: dt.date(2026, 10, 10),  # 3: the make-up Saturday
    ReportCategory.EMPLOYMENT_DISCRIMINATION: dt.date(2026, 10, 13),  # 5
    ReportCategory.HARASSMENT: dt.date(2026, 10, 13),
    ReportCategory.DIVERSION_OFF_PLATFORM: dt.date(2026, 10, 13),
    ReportCategory.FALSE_INFORMATION: dt.date(2026, 10, 20),  # 10
    ReportCategory.PERSONAL_INFORMATION_MISUSE: dt.date(2026, 10, 20),
    ReportCategory.ALGORITHM: dt.date(2026, 10, 27),  # 15
    ReportCategory.OTHER: dt.date(2026, 10, 27),
}


def personas_carol() -> User:
    from rencai.testing import personas

    return personas.build(personas.CAROL)


def visitor(ip: str = "10.1.2.3") -> Actor:
    return Actor(None, ip=ip, channel=Channel.WEB)


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="rencai.accounts.backends.RencaiBackend")
    return client


def png(label: str = "evidence") -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{label}.png", org_seeds.demo_image(label), content_type="image/png")


@pytest.fixture
def company_a(db: None) -> Organisation:
    return org_seeds.build_org(org_seeds.COMPANY_A)


@pytest.fixture
def posting(company_a: Organisation, bob: User, oscar: User) -> JobPosting:
    return publish(company_a, bob, oscar)


def report_posting(posting: JobPosting, actor: Actor, **extra: object) -> Report:
    fields: dict[str, object] = {
        "category": ReportCategory.FRAUD_OR_FEES,
        "details": "面试时要求先交300元服装费",
    }
    fields.update(extra)
    return reports.file_report(
        target_kind="posting",
        target_id=posting.pk,
        actor=actor,
        **fields,
    )


# --- due dates ---------------------------------------------------------------------------------


def test_every_category_has_a_due_date_across_national_day(bob: User, oscar: User) -> None:
    assert set(DUE_AFTER_NATIONAL_DAY) == set(ReportCategory.values)
    with time_machine.travel(RECEIVED, tick=False):
        posting = publish(org_seeds.build_org(org_seeds.COMPANY_A), bob, oscar)
        filed = {
            category: report_posting(posting, visitor(), category=category)
            for category in ReportCategory.values
        }
    for category, report in filed.items():
        assert report.due_date == DUE_AFTER_NATIONAL_DAY[category], category
        assert not report.due_provisional
    case = ReportCase.objects.get()
    # The case is due when its most urgent report is (minors: two working days).
    assert case.due_date == dt.date(2026, 10, 9)
    assert case.reports.count() == len(ReportCategory.values)


# --- grouping, anonymous reports, evidence ------------------------------------------------------


def test_reports_on_one_target_are_grouped_and_duplicates_refused(
    posting: JobPosting, alice: User, yan: User, oscar: User
) -> None:
    first = report_posting(posting, cli_actor(alice))
    second = report_posting(
        posting, cli_actor(yan), category=ReportCategory.MINORS, details="招聘未成年人夜班"
    )
    assert first.case_id == second.case_id
    assert first.reference != second.reference and first.reference.startswith("RP")
    case = ReportCase.objects.get()
    assert (case.target_kind, case.target_id) == ("posting", posting.pk)
    assert case.subject_organisation_id == posting.organisation_id
    assert case.due_date == min(first.due_date, second.due_date)
    with pytest.raises(DomainError) as duplicate:
        report_posting(posting, cli_actor(alice))
    assert (duplicate.value.code, duplicate.value.status) == ("report_duplicate", 409)
    reports.decide_case(case, outcome="upheld", reasons="收取服装费属实", actor=cli_actor(oscar))
    # Once decided, a new report opens a new case on the same target.
    again = report_posting(posting, cli_actor(alice))
    assert again.case_id != case.pk
    assert ReportCase.objects.filter(target_id=posting.pk).count() == 2


def test_anonymous_visitor_reports_with_evidence_and_follows_it(
    client: Client, posting: JobPosting, oscar: User
) -> None:
    url = reverse("moderation_reports:report", args=["posting", posting.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "category": "fraud_or_fees",
            "details": "面试要求先交培训费",
            "contact": "13900139000",
            "evidence": [png("chat"), png("receipt")],
        },
    )
    html = response.content.decode()
    report = Report.objects.get()
    assert report.reporter is None and report.contact == "13900139000"
    assert f'data-reference="{report.reference}"' in html
    token = re.search(r'<p class="mono" id="token">([^<]+)</p>', html)
    assert token is not None
    assert report.token_hash == hashlib.sha256(token.group(1).encode()).hexdigest()
    assert token.group(1) not in str(Report.objects.values_list().get())
    assert report.evidence.filter(kind="file").count() == 2

    status = reverse("moderation_reports:status")
    found = client.post(status, {"reference": report.reference, "token": token.group(1)})
    assert 'id="report-status" data-status="received"' in found.content.decode()
    wrong = client.post(status, {"reference": report.reference, "token": "guess"})
    assert wrong.status_code == 400 and 'data-error-code="not_found"' in wrong.content.decode()
    api = client.get(f"/api/v1/reports/{report.reference}?token={token.group(1)}")
    assert api.status_code == 200 and api.json()["status"] == "received"
    assert client.get(f"/api/v1/reports/{report.reference}?token=x").status_code == 404

    # Anonymous visitors cannot report messages, resumes or people.
    message_url = reverse("moderation_reports:report", args=["message", posting.pk])
    assert client.get(message_url).status_code == 302


def test_evidence_is_immutable_with_its_hash(posting: JobPosting, alice: User, oscar: User) -> None:
    report = report_posting(posting, cli_actor(alice), evidence_files=[png("chat")])
    file_row = report.evidence.get(kind="file")
    assert file_row.file is not None
    assert file_row.sha256 == hashlib.sha256(read_bytes(file_row.file)).hexdigest()
    snapshot = report.evidence.get(kind="snapshot")
    assert snapshot.snapshot["title"] == posting.live_version.title
    assert snapshot.sha256 == snapshot_hash(snapshot.snapshot)
    with pytest.raises(TypeError):
        file_row.save()
    with pytest.raises(TypeError):
        file_row.delete()
    with pytest.raises(TypeError):
        ReportEvidence.objects.filter(pk=file_row.pk).update(sha256="0" * 64)
    with pytest.raises(TypeError):
        ReportEvidence.objects.all().delete()
    assert ReportEvidence.objects.count() == 2
    # The operator sees the hash and every download is audited.
    page = signed_in(oscar).get(reverse("moderation_reports:case", args=[report.case_id]))
    assert f'data-sha256="{file_row.sha256}"' in page.content.decode()
    download = signed_in(oscar).get(reverse("moderation_reports:evidence", args=[file_row.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == read_bytes(file_row.file)  # type: ignore[attr-defined]
    assert AuditEvent.objects.filter(
        action="moderation.evidence_downloaded", object_id=str(file_row.pk)
    ).exists()


# --- complaint concentration (FRD-03) ----------------------------------------------------------


def test_concentration_puts_the_account_under_review_and_dismissal_resumes(
    settings: object,
    company_a: Organisation,
    bob: User,
    oscar: User,
    alice: User,
    yan: User,
    dave: User,
) -> None:
    settings.REPORT_CONCENTRATION_THRESHOLD = 3  # type: ignore[attr-defined]
    first = publish(company_a, bob, oscar)
    second = publish(company_a, bob, oscar, title="数据分析师")
    report_posting(first, cli_actor(alice))
    report_posting(second, cli_actor(yan), category=ReportCategory.FALSE_INFORMATION)
    # Anonymous reports do not count towards the threshold.
    report_posting(first, visitor("10.0.0.1"))
    report_posting(first, visitor("10.0.0.2"))
    assert not reports.account_under_review(organisation=company_a)
    report_posting(second, cli_actor(dave))
    assert reports.account_under_review(organisation=company_a)
    assert set(JobPosting.objects.values_list("status", flat=True)) == {"paused"}
    case = ReportCase.objects.get(target_kind="organisation", target_id=company_a.pk)
    assert case.account_review and case.status == "under_review"
    assert set(case.paused_postings) == {str(first.pk), str(second.pk)}
    assert AuditEvent.objects.filter(action="moderation.account_under_review").count() == 1
    told = Notification.objects.filter(recipient=bob, kind="moderation.account_under_review")
    assert told.count() == 1
    queue = signed_in(oscar).get(reverse("moderation_reports:queue")).content.decode()
    assert 'data-account-review="1"' in queue
    # Bob cannot resume them himself while the review lasts.
    with pytest.raises(DomainError) as refused:
        jobs_actions.resume_posting(first, actor=cli_actor(bob))
    assert refused.value.code == "org_under_review"

    reports.decide_case(
        case, outcome="dismissed", reasons="投诉内容不实，系恶意投诉", actor=cli_actor(oscar)
    )
    assert not reports.account_under_review(organisation=company_a)
    assert set(JobPosting.objects.values_list("status", flat=True)) == {"published"}
    assert Notification.objects.filter(
        recipient=bob, kind="moderation.account_review_ended"
    ).exists()
    lifted = AuditEvent.objects.get(action="moderation.account_review_lifted")
    assert set(lifted.after["resumed_postings"]) == {str(first.pk), str(second.pk)}
    # The reports already weighed do not trigger a new review; fresh ones count again.
    carol = personas_carol()
    report_posting(first, cli_actor(carol))
    assert not reports.account_under_review(organisation=company_a)


def test_an_upheld_review_keeps_the_postings_paused(
    settings: object, company_a: Organisation, bob: User, oscar: User, alice: User, yan: User
) -> None:
    settings.REPORT_CONCENTRATION_THRESHOLD = 2  # type: ignore[attr-defined]
    posting = publish(company_a, bob, oscar)
    report_posting(posting, cli_actor(alice))
    report_posting(posting, cli_actor(yan))
    case = ReportCase.objects.get(target_kind="organisation")
    reports.decide_case(case, outcome="upheld", reasons="收取费用属实", actor=cli_actor(oscar))
    assert not reports.account_under_review(organisation=company_a)
    posting.refresh_from_db()
    assert posting.status == "paused"


def test_reports_outside_the_window_do_not_count(
    settings: object, company_a: Organisation, bob: User, oscar: User, alice: User, yan: User
) -> None:
    settings.REPORT_CONCENTRATION_THRESHOLD = 2  # type: ignore[attr-defined]
    posting = publish(company_a, bob, oscar)
    report_posting(posting, cli_actor(alice))
    Report.objects.update(received_at=RECEIVED - dt.timedelta(days=30))
    report_posting(posting, cli_actor(yan))
    assert not reports.account_under_review(organisation=company_a)


# --- reporters told, status updates -------------------------------------------------------------


def test_reporter_is_told_of_receipt_notes_and_the_decision(
    posting: JobPosting, alice: User, oscar: User
) -> None:
    report = report_posting(posting, cli_actor(alice))
    case = report.case
    reports.assign_case(case, assignee=oscar, actor=cli_actor(oscar))
    reports.add_status_update(case, note="我们已联系企业核实情况", actor=cli_actor(oscar))
    reports.decide_case(
        case,
        outcome="partly",
        reasons="部分属实，已下架岗位",
        note_to_reporters="感谢举报，岗位已下架",
        actor=cli_actor(oscar),
    )
    kinds = list(
        Notification.objects.filter(recipient=alice)
        .order_by("created_at")
        .values_list("kind", flat=True)
    )
    assert kinds == [
        "moderation.report_received",
        "moderation.report_updated",
        "moderation.report_decided",
    ]
    report.refresh_from_db()
    assert report.status == "closed"
    steps = list(report.updates.values_list("status", flat=True))
    assert steps == ["received", "in_progress", "in_progress", "closed"]
    mine = signed_in(alice).get(reverse("moderation_reports:mine")).content.decode()
    assert f'data-reference="{report.reference}" data-status="closed"' in mine
    detail = signed_in(alice).get(
        reverse("moderation_reports:mine_detail", args=[report.reference])
    )
    assert 'data-outcome="partly"' in detail.content.decode()
    api = signed_in(alice).get("/api/v1/reports/mine").json()
    assert [item["reference"] for item in api["items"]] == [report.reference]
    assert api["items"][0]["outcome"] == "partly"
    actions = set(
        AuditEvent.objects.filter(action__startswith="moderation.").values_list("action", flat=True)
    )
    assert {
        "moderation.report_filed",
        "moderation.case_assigned",
        "moderation.case_note_added",
        "moderation.case_decided",
    } <= actions


# --- permissions ---------------------------------------------------------------------------------


def test_queue_permissions(
    posting: JobPosting,
    alice: User,
    yan: User,
    bob: User,
    oscar: User,
    audrey: User,
    rita: User,
) -> None:
    report = report_posting(posting, cli_actor(alice))
    queue = reverse("moderation_reports:queue")
    case_url = reverse("moderation_reports:case", args=[report.case_id])
    for seeker in (alice, yan, bob):
        assert signed_in(seeker).get(queue).status_code == 403
        assert signed_in(seeker).get(case_url).status_code == 403
    assert Client().get(queue).status_code == 302
    for reader in (audrey, rita):
        page = signed_in(reader).get(case_url).content.decode()
        assert 'id="decide-form"' not in page and 'id="assign-form"' not in page
        assert 'id="read-only"' in signed_in(reader).get(queue).content.decode()
        before = AuditEvent.objects.count()
        assert (
            signed_in(reader)
            .post(reverse("moderation_reports:decide", args=[report.case_id]), {})
            .status_code
            == 403
        )
        api = signed_in(reader).post(
            f"/api/v1/operator/reports/{report.case_id}/decide",
            {"outcome": "upheld", "reasons": "收取费用属实"},
            content_type="application/json",
        )
        assert (api.status_code, api.json()["code"]) == (403, "permission_denied")
        assert AuditEvent.objects.count() == before
    report.case.refresh_from_db()
    assert report.case.status == "open"
    page = signed_in(oscar).get(case_url).content.decode()
    assert 'id="decide-form"' in page
    signed_in(oscar).post(reverse("moderation_reports:assign", args=[report.case_id]))
    report.case.refresh_from_db()
    assert report.case.assignee == oscar
    mine = signed_in(oscar).get(queue + "?mine=on").content.decode()
    assert f'data-case="{report.case_id}"' in mine


def test_queue_filters_overdue_badge_and_dashboard_card(
    posting: JobPosting, alice: User, yan: User, oscar: User
) -> None:
    urgent = report_posting(posting, cli_actor(alice), category=ReportCategory.MINORS)
    ReportCase.objects.filter(pk=urgent.case_id).update(due_date=dt.date(2020, 1, 2))
    client = signed_in(oscar)
    queue = reverse("moderation_reports:queue")
    html = client.get(queue).content.decode()
    assert f'data-case="{urgent.case_id}"' in html and 'data-overdue="1"' in html
    assert 'id="overdue-count" data-count="1"' in html
    assert f'data-case="{urgent.case_id}"' in client.get(queue + "?overdue=on").content.decode()
    other = client.get(queue + "?category=algorithm").content.decode()
    assert "data-case=" not in other and "empty-state" in other
    assert "empty-state" in client.get(queue + "?status=decided").content.decode()
    dashboard = client.get(reverse("core:ops_dashboard")).content.decode()
    assert 'id="overdue-reports" data-count="1"' in dashboard
    api = client.get("/api/v1/operator/reports?overdue=true").json()
    assert [item["id"] for item in api["items"]] == [str(urgent.case_id)]
    assert api["items"][0]["overdue"] and api["items"][0]["report_count"] == 1
    detail = client.get(f"/api/v1/operator/reports/{urgent.case_id}").json()
    assert detail["reports"][0]["evidence"][0]["kind"] == "snapshot"


# --- bad input -----------------------------------------------------------------------------------


def test_bad_input_gets_stable_codes(
    posting: JobPosting, alice: User, bob: User, oscar: User
) -> None:
    api = signed_in(alice)

    def post(**fields: object) -> tuple[int, str]:
        data = {
            "target_kind": "posting",
            "target_id": str(posting.pk),
            "category": "fraud_or_fees",
            "details": "面试要求先交钱",
            **fields,
        }
        response = api.post("/api/v1/reports", data)
        return response.status_code, response.json().get("code", "")

    assert post(target_kind="planet") == (400, "report_target_kind_invalid")
    assert post(category="spam") == (400, "report_category_invalid")
    assert post(details="短") == (400, "report_details_invalid")
    assert post(target_id="5f0c2d1e-9a7b-4c3d-8e6f-0a1b2c3d4e5f") == (404, "not_found")
    assert post(target_id="not-a-uuid") == (404, "not_found")
    assert post(evidence=[png(str(n)) for n in range(6)]) == (400, "report_too_many_files")
    text = SimpleUploadedFile("note.txt", b"hello", content_type="text/plain")
    status, code = post(evidence=[text])
    assert status == 400 and code.startswith("file_")
    assert Report.objects.count() == 0
    assert post()[0] == 201
    assert post() == (409, "report_duplicate")
    anonymous = Client().post(
        "/api/v1/reports",
        {
            "target_kind": "user",
            "target_id": str(bob.pk),
            "category": "other",
            "details": "他一直发消息骚扰我",
        },
    )
    assert (anonymous.status_code, anonymous.json()["code"]) == (401, "report_sign_in_required")
    own = signed_in(bob).post(
        "/api/v1/reports",
        {
            "target_kind": "posting",
            "target_id": str(posting.pk),
            "category": "other",
            "details": "测试一下这个岗位",
        },
    )
    assert own.json()["code"] == "report_own_target"

    case = Report.objects.get().case
    ops = signed_in(oscar)
    url = f"/api/v1/operator/reports/{case.pk}/decide"
    assert (
        ops.post(
            url, {"outcome": "maybe", "reasons": "理由充分的"}, content_type="application/json"
        ).json()["code"]
        == "report_outcome_invalid"
    )
    assert (
        ops.post(
            url, {"outcome": "upheld", "reasons": "短"}, content_type="application/json"
        ).json()["code"]
        == "reason_required"
    )
    assert (
        ops.post(
            url, {"outcome": "upheld", "reasons": "收取费用属实"}, content_type="application/json"
        ).status_code
        == 200
    )
    again = ops.post(
        url, {"outcome": "upheld", "reasons": "收取费用属实"}, content_type="application/json"
    )
    assert (again.status_code, again.json()["code"]) == (409, "report_case_decided")
    note = ops.post(
        f"/api/v1/operator/reports/{case.pk}/updates",
        {"note": "x"},
        content_type="application/json",
    )
    assert note.json()["code"] in ("report_note_required", "report_case_decided")
    page = ops.post(reverse("moderation_reports:decide", args=[case.pk]), {"outcome": "upheld"})
    assert page.status_code in (400, 404)


def test_a_review_is_reported_through_the_reviews_link(client: Client, bob: User) -> None:
    from rencai.reviews.tests.scene import application_to_company_a, review_of

    review = review_of(application_to_company_a())
    assert review.status == "published"
    report = reports.file_report(
        target_kind="review",
        target_id=review.pk,
        category=ReportCategory.FALSE_INFORMATION,
        details="评价内容与事实不符",
        actor=cli_actor(bob),
    )
    # The review's author answers for it, not the organisation it is about.
    assert report.case.subject_user_id == review.author_id
    assert report.case.subject_organisation_id is None
    snapshot = report.evidence.get(kind="snapshot").snapshot
    assert snapshot["display_text"] == review.display_text
    with pytest.raises(DomainError) as own:
        reports.file_report(
            target_kind="review",
            target_id=review.pk,
            category=ReportCategory.OTHER,
            details="我自己的评价想撤回",
            actor=cli_actor(review.author),
        )
    assert own.value.code == "report_own_target"
    url = reverse("moderation_reports:report", args=["review", review.pk])
    assert client.get(url).status_code == 200


def test_report_links_on_company_pages_conversations_and_resumes(
    posting: JobPosting, alice: User, bob: User
) -> None:
    from rencai.messaging.actions import send_message
    from rencai.testing import messaging as builders
    from rencai.testing.applications import apply

    company = Client().get(reverse("orgs:company", args=[posting.organisation_id]))
    report_url = reverse(
        "moderation_reports:report", args=["organisation", posting.organisation_id]
    )
    assert f'href="{report_url}"' in company.content.decode()

    application = apply(alice, posting)
    conversation = builders.conversation(application, alice)
    message = send_message(conversation, "加我微信详谈", actor=cli_actor(bob))
    page = signed_in(alice).get(reverse("messaging:conversation", args=[conversation.pk]))
    html = page.content.decode()
    assert f'data-report-message="{message.pk}"' in html
    assert 'id="report-with-evidence"' in html
    form = signed_in(alice).get(reverse("moderation_reports:report", args=["message", message.pk]))
    assert 'id="report-target" data-target-kind="message"' in form.content.decode()
    # Bob may not report his own message (nor his own organisation).
    own = signed_in(bob).get(reverse("moderation_reports:report", args=["message", message.pk]))
    assert own.status_code == 400 and 'data-error-code="report_own_target"' in own.content.decode()

    resume_page = signed_in(bob).get(
        reverse("resumes:employer_resume", args=[application.resume_id])
    )
    resume_url = reverse("moderation_reports:report", args=["resume", application.resume_id])
    assert f'href="{resume_url}"' in resume_page.content.decode()
    sent = signed_in(bob).post(
        resume_url, {"category": "false_information", "details": "简历中的工作经历与面试所述不符"}
    )
    assert sent.status_code == 200
    report = Report.objects.get()
    assert (report.case.target_kind, report.case.subject_user_id) == ("resume", alice.pk)


def test_a_signed_in_browser_must_pass_the_csrf_check(posting: JobPosting, alice: User) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice, backend="rencai.accounts.backends.RencaiBackend")
    data = {
        "target_kind": "posting",
        "target_id": str(posting.pk),
        "category": "fraud_or_fees",
        "details": "面试要求先交钱",
    }
    refused = browser.post("/api/v1/reports", data)
    assert (refused.status_code, refused.json()["code"]) == (403, "csrf_failed")
    # Anonymous visitors have no session to abuse.
    assert Client(enforce_csrf_checks=True).post("/api/v1/reports", data).status_code == 201
    assert Report.objects.filter(reporter__isnull=True).count() == 1


def test_demo_reports_fill_the_queue_once(db: None) -> None:
    from rencai.moderation.report_demo import demo_reports

    first = demo_reports()
    assert len(first) == 3
    assert first[0].case_id == first[1].case_id  # grouped: the same posting
    assert [r.pk for r in demo_reports()] == [r.pk for r in first]  # not created again
    assert Report.objects.count() == 3 and ReportCase.objects.count() == 2

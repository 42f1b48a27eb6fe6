"""The regulator's inspection (REG-02): datasets, exports, the dossier, the archive check,
the access log, permissions and bad parameters."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import openpyxl  # type: ignore[import-untyped]
import pytest
from django.db.models import QuerySet
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from conftest import ApiClient
from rencai.accounts.models import User
from rencai.audit.archive import VERIFIED_ACTION
from rencai.audit.models import AuditEvent
from rencai.core.actors import cli_actor
from rencai.inspection.actions import ACCESS_ACTION
from rencai.inspection.builtin_datasets import POSTINGS
from rencai.inspection.choices import AccessKind
from rencai.inspection.datasets import Column, Dataset, get_dataset, register, unregister
from rencai.inspection.models import InspectionAccess
from rencai.jobs import actions as job_actions
from rencai.jobs.choices import PostingStatus
from rencai.jobs.models import JobPosting, JobPostingVersion
from rencai.orgs.models import Organisation
from rencai.privacy.choices import RequestKind, RequestState
from rencai.privacy.models import RightsRequest
from rencai.testing import orgs as org_seeds
from rencai.testing import personas
from rencai.testing.jobs import publish, sample_content

pytestmark = pytest.mark.django_db

BOB_PHONE = "13800138003"
BOB_ID_NUMBER = "440305198506200015"
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="rencai.accounts.backends.RencaiBackend")
    return client


def _headers(dataset: Dataset) -> list[str]:
    with translation.override("zh-hans"):
        return [str(column.header) for column in dataset.columns]


@pytest.fixture
def scene(rita: User, bob: User, oscar: User) -> dict[str, Any]:
    """Company A with: a posting edited into a second version, and a taken-down posting."""
    org = org_seeds.build_org(org_seeds.COMPANY_A)
    edited = publish(org, bob, oscar)
    job_actions.update_posting(
        edited, sample_content(title="高级 Python 工程师"), actor=cli_actor(bob)
    )
    version = job_actions.submit_posting(edited, actor=cli_actor(bob))
    job_actions.approve_version(version, oscar, actor=cli_actor(oscar))
    removed = publish(org, bob, oscar, title="数据录入员")
    job_actions.take_down(removed, oscar, reasons=["fees"], note="收取押金", actor=cli_actor(oscar))
    return {"org": org, "edited": edited, "removed": removed}


def _content(response: Any) -> bytes:
    """The body of a streamed (CSV) or file (XLSX) response."""
    return b"".join(response.streaming_content)


def _csv_rows(response: Any) -> list[list[str]]:
    body = _content(response).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def _today() -> str:
    return timezone.localdate().isoformat()


# --- exports ------------------------------------------------------------------------------


def test_csv_export_has_every_version_and_taken_down_postings(
    rita: User, scene: dict[str, Any]
) -> None:
    response = _client(rita).get(
        f"/regulator/datasets/postings/export?format=csv&from={_today()}&to={_today()}"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv_rows(response)
    assert rows[0] == _headers(POSTINGS)
    keys = [c.key for c in POSTINGS.columns]
    data = [dict(zip(keys, row, strict=True)) for row in rows[1:]]
    assert len(data) == JobPostingVersion.objects.count() == 3
    edited = [r for r in data if r["posting"] == str(scene["edited"].pk)]
    assert sorted(r["version"] for r in edited) == ["1", "2"]
    (removed,) = [r for r in data if r["posting"] == str(scene["removed"].pk)]
    with translation.override("zh-hans"):
        assert removed["posting_status"] == str(PostingStatus.TAKEN_DOWN.label)
    assert removed["takedown_reason"] and removed["taken_down_at"]
    access = InspectionAccess.objects.get(kind=AccessKind.EXPORT)
    assert (access.dataset, access.row_count, access.export_format) == ("postings", 3, "csv")
    assert access.filters == {"from": _today(), "to": _today()}
    assert AuditEvent.objects.filter(action=ACCESS_ACTION, object_id=str(access.pk)).count() == 1


def test_xlsx_export_opens_with_headers_and_rows(rita: User, scene: dict[str, Any]) -> None:
    response = _client(rita).get("/regulator/datasets/postings/export?format=xlsx")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(_content(response)))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == _headers(POSTINGS)
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"
    assert len(rows) == 1 + 3
    postings = {row[0] for row in rows[1:]}
    assert postings == {str(scene["edited"].pk), str(scene["removed"].pk)}
    access = InspectionAccess.objects.get(kind=AccessKind.EXPORT)
    assert (access.row_count, access.export_format) == (3, "xlsx")


def test_api_export_and_rows(
    api_as: Callable[[User | None], ApiClient], rita: User, scene: Any
) -> None:
    client = api_as(rita)
    response = client.get("regulator/datasets/postings?q=91440300MA5DLH017E&status=taken_down")
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 1
    assert body["items"][0]["posting"] == str(scene["removed"].pk)
    access = InspectionAccess.objects.get(kind=AccessKind.DATASET)
    assert access.row_count == 1 and access.channel == "api"
    assert access.filters["status"] == "taken_down"
    export = client.get("regulator/datasets/organisations/export?format=csv")
    assert export.status_code == 200
    assert len(_csv_rows(export)) == 1 + Organisation.objects.count()


def test_every_dataset_exports_without_personal_numbers(rita: User, scene: Any) -> None:
    org_seeds.build_org(org_seeds.AGENCY)
    client = _client(rita)
    for key in (
        "postings",
        "organisations",
        "agencies",
        "verification_files",
        "rights_requests",
        "self_inspections",
        "archive_verifications",
    ):
        for fmt in ("csv", "xlsx"):
            response = client.get(f"/regulator/datasets/{key}/export?format={fmt}")
            assert response.status_code == 200, key
            content = _content(response)
            if fmt == "csv":
                assert BOB_PHONE.encode() not in content
                assert BOB_ID_NUMBER.encode() not in content
    agencies = _csv_rows(client.get("/regulator/datasets/agencies/export?format=csv"))
    assert len(agencies) == 2 and agencies[1][2]  # the licence number is there


# --- pages and the access log ----------------------------------------------------------------


def test_pages_log_every_access_with_row_counts(rita: User, scene: Any) -> None:
    client = _client(rita)
    index = client.get("/regulator/")
    assert index.status_code == 200
    assert b'data-dataset="postings" data-count="3"' in index.content
    page = client.get("/regulator/datasets/postings/?status=taken_down")
    assert page.status_code == 200
    assert b'id="row-total" data-count="1"' in page.content
    dossier = client.get(f"/regulator/organisations/{scene['org'].pk}/")
    assert dossier.status_code == 200
    vr = scene["org"].verification_requests.first()
    file_page = client.get(f"/regulator/files/{vr.pk}/")
    assert file_page.status_code == 200
    assert b"data-sha256=" in file_page.content
    accesses = list(InspectionAccess.objects.order_by("created_at"))
    assert [a.kind for a in accesses] == [
        AccessKind.INDEX,
        AccessKind.DATASET,
        AccessKind.DOSSIER,
        AccessKind.FILE,
    ]
    assert accesses[1].row_count == 1
    assert accesses[1].filters == {"status": "taken_down", "page": "1"}
    assert accesses[2].object_id == str(scene["org"].pk)
    assert all(a.user_id == rita.pk for a in accesses)
    events = AuditEvent.objects.filter(action=ACCESS_ACTION)
    assert events.count() == 4


def test_dossier_shows_versions_and_take_downs_with_masked_phones(
    rita: User, scene: Any, api_as: Callable[[User | None], ApiClient]
) -> None:
    response = _client(rita).get(f"/regulator/organisations/{scene['org'].pk}/")
    content = response.content.decode()
    assert f'data-posting="{scene["edited"].pk}" data-version="2"' in content
    assert f'data-takedown="{scene["removed"].pk}"' in content
    assert BOB_PHONE not in content and BOB_ID_NUMBER not in content
    assert "138****8003" in content
    body = api_as(rita).get(f"regulator/organisations/{scene['org'].pk}").json()
    assert body["uscc"] == "91440300MA5DLH017E"
    assert {m["masked_phone"] for m in body["members"]} == {"138****8003"}
    assert len(body["takedowns"]) == 1 and body["takedowns"][0]["reasons"] == ["fees"]
    assert sum(len(p["versions"]) for p in body["postings"]) == 3
    assert body["verifications"][0]["documents"][0]["sha256"]
    assert BOB_PHONE not in str(body)


def test_access_log_for_auditors_and_security_admins(
    rita: User, audrey: User, sam: User, scene: Any
) -> None:
    _client(rita).get("/regulator/datasets/postings/export?format=csv")
    for reader in (audrey, sam):
        page = _client(reader).get(f"/regulator/access-log/?from={_today()}")
        assert page.status_code == 200
        assert b'data-kind="export" data-dataset="postings" data-rows="3"' in page.content
    before = InspectionAccess.objects.count()
    assert _client(rita).get("/regulator/access-log/").status_code == 403
    assert InspectionAccess.objects.count() == before


@pytest.mark.parametrize("persona", ["alice", "bob", "carol", "oscar", "sam", "audrey", "dana"])
def test_only_the_regulator_inspects(persona: str, scene: Any) -> None:
    user = personas.build(next(p for p in personas.PERSONAS if p.key == persona))
    client = _client(user)
    org = scene["org"]
    for url in (
        "/regulator/",
        "/regulator/datasets/postings/",
        "/regulator/datasets/postings/export?format=csv",
        f"/regulator/organisations/{org.pk}/",
        f"/regulator/files/{org.verification_requests.first().pk}/",
    ):
        assert client.get(url).status_code == 403, url
    before = AuditEvent.objects.filter(action=VERIFIED_ACTION).count()
    assert client.post("/regulator/archive/verify/").status_code == 403
    assert AuditEvent.objects.filter(action=VERIFIED_ACTION).count() == before
    assert not InspectionAccess.objects.exists()


def test_anonymous_is_sent_to_sign_in() -> None:
    response = Client().get("/regulator/")
    assert response.status_code == 302


# --- date ranges ----------------------------------------------------------------------------


def _set_created(version: JobPostingVersion, when: dt.datetime) -> None:
    JobPostingVersion.objects.filter(pk=version.pk).update(created_at=when)


def test_date_range_uses_local_days_across_a_month_boundary(
    rita: User, scene: Any, api_as: Callable[[User | None], ApiClient]
) -> None:
    first, second = scene["edited"].versions.order_by("number")
    # 23:30 on 31 January and 00:30 on 1 February in Beijing: the same UTC day (31 Jan).
    _set_created(first, dt.datetime(2026, 1, 31, 23, 30, tzinfo=SHANGHAI))
    _set_created(second, dt.datetime(2026, 2, 1, 0, 30, tzinfo=SHANGHAI))
    client = api_as(rita)

    def versions(query: str) -> list[int]:
        body = client.get(f"regulator/datasets/postings?{query}").json()
        return sorted(row["version"] for row in body["items"])

    assert versions("from=2026-01-01&to=2026-01-31") == [1]
    assert versions("from=2026-02-01&to=2026-02-28") == [2]
    assert versions("from=2026-01-31&to=2026-02-01") == [1, 2]
    assert versions("to=2026-01-30") == []
    assert versions("from=2026-02-02&to=2026-02-02") == []


# --- bad parameters: stable codes, never 500 --------------------------------------------------


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("regulator/datasets/nothing", 404, "dataset_unknown"),
        ("regulator/datasets/nothing/export?format=csv", 404, "dataset_unknown"),
        ("regulator/datasets/postings?from=2026-13-01", 400, "date_invalid"),
        ("regulator/datasets/postings?to=yesterday", 400, "date_invalid"),
        ("regulator/datasets/postings?from=2026-03-01&to=2026-02-01", 400, "date_range_invalid"),
        ("regulator/datasets/postings?status=deleted", 400, "filter_invalid"),
        ("regulator/datasets/postings?q=" + "x" * 101, 400, "search_too_long"),
        ("regulator/datasets/postings/export?format=pdf", 400, "export_format_invalid"),
        ("regulator/datasets/postings/export", 400, "export_format_invalid"),
        ("regulator/datasets/postings?page=0", 400, "pagination_invalid"),
        ("regulator/access-log?from=2026-02-30", 403, "permission_denied"),
    ],
)
def test_bad_parameters_get_stable_codes(
    api_as: Callable[[User | None], ApiClient], rita: User, path: str, status: int, code: str
) -> None:
    response = api_as(rita).get(path)
    assert response.status_code == status
    assert response.json()["code"] == code
    assert not InspectionAccess.objects.exists()


def test_bad_dates_on_pages_and_the_access_log(rita: User, audrey: User) -> None:
    page = _client(rita).get("/regulator/datasets/postings/?from=2026-03-01&to=2026-02-01")
    assert page.status_code == 400
    assert b'data-code="date_range_invalid"' in page.content
    assert b'id="row-total" data-count="0"' in page.content
    assert _client(rita).get("/regulator/datasets/nothing/").status_code == 404
    log = _client(audrey).get("/regulator/access-log/?to=31.01.2026")
    assert log.status_code == 400 and b'data-code="date_invalid"' in log.content
    api = ApiClient(audrey).get("regulator/access-log?from=2026-02-30")
    assert api.status_code == 400 and api.json()["code"] == "date_invalid"
    assert not InspectionAccess.objects.exists()


def test_too_many_rows_are_refused(
    rita: User, scene: Any, settings: Any, api_as: Callable[[User | None], ApiClient]
) -> None:
    settings.INSPECTION_MAX_EXPORT_ROWS = 2
    response = api_as(rita).get("regulator/datasets/postings/export?format=xlsx")
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["rows"], body["max_rows"]) == ("export_too_large", 3, 2)
    page = _client(rita).get("/regulator/datasets/postings/export?format=csv")
    assert page.status_code == 400 and b'data-code="export_too_large"' in page.content
    assert not InspectionAccess.objects.exists()
    narrower = api_as(rita).get("regulator/datasets/postings/export?format=csv&status=taken_down")
    assert narrower.status_code == 200


# --- the archive check, statistics, the registry ----------------------------------------------


def test_regulator_verifies_the_archive_and_sees_past_runs(
    rita: User, api_as: Callable[[User | None], ApiClient]
) -> None:
    client = _client(rita)
    response = client.post("/regulator/archive/verify/")
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action=VERIFIED_ACTION).count() == 1
    body = api_as(rita).post("regulator/archive/verify").json()
    assert body["ok"] is True and body["problem"] == ""
    runs = api_as(rita).get("regulator/datasets/archive_verifications").json()
    assert runs["total"] == 2
    assert InspectionAccess.objects.filter(kind=AccessKind.ARCHIVE_VERIFY).count() == 2
    assert client.get("/regulator/archive/verify/").status_code == 405


def _rights_request(user: User, kind: str, state: str, received: dt.datetime, n: int) -> None:
    RightsRequest.objects.create(
        reference=f"DSR-TEST-{n}",
        kind=kind,
        state=state,
        subject=user,
        requester=user,
        received_at=received,
        due_date=(received + dt.timedelta(days=21)).date(),
    )


def test_rights_request_statistics_are_aggregates(
    rita: User, alice: User, api_as: Callable[[User | None], ApiClient]
) -> None:
    long_ago = dt.datetime(2026, 1, 31, 23, 0, tzinfo=SHANGHAI)
    _rights_request(alice, RequestKind.ACCESS, RequestState.RECEIVED, long_ago, 1)
    _rights_request(alice, RequestKind.ACCESS, RequestState.RECEIVED, long_ago, 2)
    _rights_request(
        alice,
        RequestKind.DELETION,
        RequestState.COMPLETED,
        dt.datetime(2026, 2, 1, 1, 0, tzinfo=SHANGHAI),
        3,
    )
    body = api_as(rita).get("regulator/datasets/rights_requests?from=2026-01-01").json()
    rows = {(r["month"], r["requests"], r["overdue"]) for r in body["items"]}
    assert rows == {("2026-01", 2, 2), ("2026-02", 1, 0)}
    assert set(body["items"][0]) == {"month", "kind", "outcome", "requests", "overdue"}
    assert "DSR-TEST" not in str(body) and alice.display_name not in str(body)


def _demo_rows(viewer: User) -> QuerySet[Organisation]:
    return Organisation.objects.order_by("uscc")


def test_other_apps_register_a_dataset_with_one_call(
    rita: User, scene: Any, api_as: Callable[[User | None], ApiClient]
) -> None:
    demo = Dataset(
        key="demo_registry",
        title=_("Demo"),
        description=_("Demo"),
        columns=(Column("uscc", _("Unified social credit code")),),
        queryset=_demo_rows,
        row=lambda org: {"uscc": org.uscc},
        date_field="created_at",
        search_fields=("uscc",),
    )
    try:
        register(demo)
        register(demo)  # idempotent
        with pytest.raises(ValueError, match="already registered"):
            register(dataclasses.replace(demo))
        keys = [d["key"] for d in api_as(rita).get("regulator/datasets").json()]
        assert "demo_registry" in keys and keys[0] == "postings"
        assert get_dataset("demo_registry") is demo
        body = api_as(rita).get("regulator/datasets/demo_registry?q=MA5DLH017E").json()
        assert body["items"] == [{"uscc": "91440300MA5DLH017E"}]
    finally:
        unregister("demo_registry")


def test_index_counts_each_dataset(rita: User, scene: Any) -> None:
    body = ApiClient(rita).get("regulator/datasets").json()
    counts = {d["key"]: d["count"] for d in body}
    assert counts["postings"] == 3
    assert counts["organisations"] == Organisation.objects.count()
    assert JobPosting.objects.filter(status=PostingStatus.TAKEN_DOWN).count() == 1


def test_dashboard_card_and_navigation(rita: User, audrey: User, oscar: User) -> None:
    _client(rita).get("/regulator/")
    dashboard = _client(audrey).get("/ops/")
    assert b'id="regulator-accesses" data-count="1"' in dashboard.content
    assert b'id="inspection-card"' not in _client(oscar).get("/ops/").content
    assert b'id="nav-inspection"' in _client(rita).get("/regulator/").content


@pytest.mark.parametrize(
    "key",
    ["postings", "organisations", "agencies", "verification_files", "self_inspections"],
)
def test_dataset_pages_do_not_query_per_row(
    key: str, rita: User, bob: User, oscar: User, scene: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client(rita)
    org_seeds.build_org(org_seeds.AGENCY)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(f"/regulator/datasets/{key}/").status_code == 200
        return len(context.captured_queries)

    queries()  # warm the per-process caches (settings, legal documents)
    before = queries()
    publish(scene["org"], bob, oscar, title="仓库管理员")
    org_seeds.build_org(org_seeds.COMPANY_B)
    assert queries() == before


def test_self_inspections_with_their_findings(
    rita: User, dana: User, api_as: Callable[[User | None], ApiClient]
) -> None:
    from rencai.privacy.governance import add_finding, record_self_inspection

    today = timezone.localdate()
    inspection = record_self_inspection(
        year=today.year,
        conducted_on=today,
        scope="抽查个人信息访问记录与导出审批",
        summary="总体合规，发现一项需整改。",
        actor=cli_actor(dana),
    )
    add_finding(
        inspection,
        description="批量导出审批记录缺少第二审批人",
        severity="high",
        remediation="导出流程强制双人审批",
        owner=dana,
        due_date=today + dt.timedelta(days=30),
        actor=cli_actor(dana),
    )
    body = api_as(rita).get(f"regulator/datasets/self_inspections?from={today.isoformat()}").json()
    (row,) = body["items"]
    assert (row["year"], row["findings"], row["open_findings"]) == (today.year, 1, 1)
    assert "批量导出审批记录缺少第二审批人" in row["finding_details"]
    past = api_as(rita).get(f"regulator/datasets/self_inspections?to={today.year - 1}-12-31")
    assert past.json()["total"] == 0


def test_pages_have_25_rows(
    rita: User, alice: User, api_as: Callable[[User | None], ApiClient]
) -> None:
    for n in range(26):  # 26 months: one statistics row each
        month = dt.datetime(2024 + n // 12, n % 12 + 1, 15, 12, 0, tzinfo=SHANGHAI)
        _rights_request(alice, RequestKind.ACCESS, RequestState.COMPLETED, month, n)
    client = _client(rita)
    first = client.get("/regulator/datasets/rights_requests/")
    assert first.content.count(b"<tr>") == 1 + 25
    second = client.get("/regulator/datasets/rights_requests/?page=2")
    assert second.content.count(b"<tr>") == 1 + 1
    body = api_as(rita).get("regulator/datasets/rights_requests?page=2").json()
    assert (body["total"], body["page_size"], len(body["items"])) == (26, 25, 1)
    rows = list(InspectionAccess.objects.order_by("created_at").values_list("row_count", flat=True))
    assert rows == [25, 1, 1]

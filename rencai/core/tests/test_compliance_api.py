"""``/api/v1/operator/compliance``: the service-end notice (LIC-03) and registration-change
reports (LIC-04) — security administrators write, operators and the regulator read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from conftest import ApiClient
from rencai.accounts.models import User
from rencai.core.models import RegistrationChange, ServiceEndNotice
from rencai.core.timeutil import local_today

pytestmark = pytest.mark.django_db
BASE = "operator/compliance"


def _end(days: int) -> str:
    return (local_today() + dt.timedelta(days=days)).isoformat()


def test_29_days_refused_30_accepted(api_as: Callable[[User | None], ApiClient], sam: User) -> None:
    client = api_as(sam)
    response = client.post(f"{BASE}/service-end", {"end_date": _end(29), "notice_text": "停止服务"})
    assert response.status_code == 400
    assert response.json()["code"] == "service_end_too_soon"
    assert "end_date" in response.json()["fields"]
    response = client.post(f"{BASE}/service-end", {"end_date": _end(30), "notice_text": "停止服务"})
    assert response.status_code == 201
    notice = response.json()
    assert notice["end_date"] == _end(30) and notice["active"] is True
    status = client.get(f"{BASE}/service-end").json()
    assert status["active"]["id"] == notice["id"]
    assert status["earliest_end_date"] == _end(30)
    again = client.post(f"{BASE}/service-end", {"end_date": _end(40), "notice_text": "x"})
    assert (again.status_code, again.json()["code"]) == (409, "service_end_already_announced")


def test_withdraw_needs_confirm(api_as: Callable[[User | None], ApiClient], sam: User) -> None:
    client = api_as(sam)
    notice_id = client.post(
        f"{BASE}/service-end", {"end_date": _end(31), "notice_text": "停止服务"}
    ).json()["id"]
    response = client.post(f"{BASE}/service-end/{notice_id}/withdraw", {"reason": "继续运营"})
    assert response.json()["code"] == "confirmation_required"
    response = client.post(
        f"{BASE}/service-end/{notice_id}/withdraw", {"reason": "继续运营", "confirm": True}
    )
    assert response.status_code == 200 and response.json()["active"] is False
    assert client.get(f"{BASE}/service-end").json()["active"] is None


def test_registration_changes_flow(api_as: Callable[[User | None], ApiClient], sam: User) -> None:
    client = api_as(sam)
    change_date = local_today() - dt.timedelta(days=20)
    response = client.post(
        f"{BASE}/registration-changes",
        {"kind": "domicile", "change_date": change_date.isoformat(), "details": "住所变更"},
    )
    assert response.status_code == 201
    change = response.json()
    assert change["due_date"] == (change_date + dt.timedelta(days=15)).isoformat()
    assert change["overdue"] is True
    listed = client.get(f"{BASE}/registration-changes").json()
    assert [item["id"] for item in listed["items"]] == [change["id"]]
    bad = client.post(f"{BASE}/registration-changes/{change['id']}/submit", {"reference": ""})
    assert bad.json()["code"] == "submission_reference_required"
    done = client.post(f"{BASE}/registration-changes/{change['id']}/submit", {"reference": "R-1"})
    assert done.status_code == 200 and done.json()["submitted_at"]
    assert client.get(f"{BASE}/registration-changes").json()["total"] == 0
    assert client.get(f"{BASE}/registration-changes?status=submitted").json()["total"] == 1
    assert client.get(f"{BASE}/registration-changes?status=x").json()["code"] == "status_invalid"


@pytest.mark.parametrize("role", ["rita", "audrey", "oscar", "dana"])
def test_readers_cannot_write(
    api_as: Callable[[User | None], ApiClient], request: pytest.FixtureRequest, role: str
) -> None:
    client = api_as(request.getfixturevalue(role))
    assert client.get(f"{BASE}/service-end").status_code == 200
    assert client.get(f"{BASE}/registration-changes").status_code == 200
    writes = [
        (f"{BASE}/service-end", {"end_date": _end(40), "notice_text": "x"}),
        (
            f"{BASE}/registration-changes",
            {"kind": "name", "change_date": local_today().isoformat(), "details": "x"},
        ),
    ]
    for path, body in writes:
        response = client.post(path, body)
        assert (response.status_code, response.json()["code"]) == (403, "permission_denied")
    assert not ServiceEndNotice.objects.exists() and not RegistrationChange.objects.exists()


@pytest.mark.parametrize("role", ["alice", "bob"])
def test_seekers_and_employers_get_403(
    api_as: Callable[[User | None], ApiClient], request: pytest.FixtureRequest, role: str
) -> None:
    client = api_as(request.getfixturevalue(role))
    assert client.get(f"{BASE}/service-end").status_code == 403
    assert client.get(f"{BASE}/registration-changes").status_code == 403

"""Role matrix of the restricted archive's API (RET-01, SEC-03): every persona against
every route, exact status, and no archive or hold rows changed when refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction

from rencai.accounts.models import User
from rencai.audit import archive
from rencai.audit.models import ArchiveRecord, LegalHold
from rencai.core.actors import cli_actor, system_actor
from rencai.testing import personas

pytestmark = pytest.mark.django_db

ALL = ("anonymous", "alice", "bob", "carol", "oscar", "sam", "audrey", "rita", "dana")


@pytest.fixture
def people(db: None) -> dict[str, User | None]:
    built: dict[str, User | None] = {"anonymous": None}
    for key in ALL[1:]:
        built[key] = personas.build(getattr(personas, key.upper()))
    return built


@pytest.fixture
def record(people: dict[str, User | None]) -> ArchiveRecord:
    alice = people["alice"]
    assert alice is not None
    with transaction.atomic():
        return archive.archive_record(
            "service_record",
            alice,
            alice,
            {"status": "withdrawn"},
            retain_until=dt.date(2029, 1, 1),
            actor=system_actor(),
        )


@pytest.fixture
def hold(people: dict[str, User | None]) -> LegalHold:
    sam = people["sam"]
    assert sam is not None
    return archive.place_legal_hold(
        category="posting", reason="监管检查证据保全", reference="检查-1", actor=cli_actor(sam)
    )


def _rows() -> tuple[int, int, int]:
    return (
        ArchiveRecord.objects.count(),
        LegalHold.objects.count(),
        LegalHold.objects.filter(released_at__isnull=False).count(),
    )


def _expect(
    api_as: Callable[[User | None], Any],
    people: dict[str, User | None],
    method: str,
    path: str,
    allowed: dict[str, int],
    body: Any = None,
    denied: int = 403,
) -> None:
    for key in ALL:
        client = api_as(people[key])
        before = _rows()
        response = client.call(method, path, body)
        expected = allowed.get(key, 401 if key == "anonymous" else denied)
        assert response.status_code == expected, (key, method, path, response.content)
        if expected >= 400:
            assert _rows() == before, (key, method, path)


def test_summary_holds_and_verify(
    api_as: Callable[[User | None], Any],
    people: dict[str, User | None],
    record: ArchiveRecord,
    hold: LegalHold,
) -> None:
    _expect(api_as, people, "GET", "admin/archive", {"sam": 200, "audrey": 200})
    _expect(api_as, people, "GET", "admin/archive/holds", {"sam": 200, "audrey": 200})
    _expect(
        api_as, people, "POST", "admin/archive/verify", {"sam": 200, "audrey": 200, "rita": 200}
    )
    body = api_as(people["audrey"]).get("admin/archive").json()
    assert body["total"] == 1 and body["active_holds"] == 1
    assert body["categories"] == [
        {"category": "service_record", "source_type": "accounts.User", "total": 1, "purged": 0}
    ]
    assert body["last_verification"]["ok"] is True
    assert "withdrawn" not in str(body)  # never content in the summary


def test_place_and_release(
    api_as: Callable[[User | None], Any],
    people: dict[str, User | None],
    hold: LegalHold,
) -> None:
    alice = people["alice"]
    assert alice is not None
    payload = {"user_id": str(alice.pk), "reason": "劳动仲裁证据保全", "reference": "仲裁-9"}
    for key in ALL:
        if key == "sam":
            continue
        before = _rows()
        response = api_as(people[key]).post("admin/archive/holds", payload)
        assert response.status_code == (401 if key == "anonymous" else 403), key
        assert _rows() == before
    response = api_as(people["sam"]).post("admin/archive/holds", payload)
    assert response.status_code == 201
    assert response.json()["subject_ref"] == archive.subject_pseudonym(alice.pk)
    bad = api_as(people["sam"]).post("admin/archive/holds", {"reason": "x", "reference": "y"})
    assert bad.status_code == 400 and bad.json()["code"] == "legal_hold_scope_required"
    extra = api_as(people["sam"]).post("admin/archive/holds", {**payload, "evil": 1})
    assert extra.status_code == 422
    _expect(api_as, people, "POST", f"admin/archive/holds/{hold.pk}/release", {"sam": 200})
    again = api_as(people["sam"]).post(f"admin/archive/holds/{hold.pk}/release")
    assert again.status_code == 409
    missing = api_as(people["sam"]).post("admin/archive/holds/999999/release")
    assert missing.status_code == 404


def test_read_record(
    api_as: Callable[[User | None], Any],
    people: dict[str, User | None],
    record: ArchiveRecord,
) -> None:
    path = f"admin/archive/records/{record.seq}"
    _expect(api_as, people, "GET", f"{path}?purpose=inspection", {"rita": 200})
    _expect(api_as, people, "GET", f"{path}?purpose=audit", {"audrey": 200})
    _expect(api_as, people, "GET", f"{path}?purpose=legal_hold", {})
    body = api_as(people["rita"]).get(f"{path}?purpose=inspection").json()
    assert body["payload"] == {"status": "withdrawn"}
    assert (
        api_as(people["rita"]).get("admin/archive/records/9999?purpose=inspection").status_code
        == 404
    )
    assert api_as(people["audrey"]).get(f"{path}?purpose=whatever").status_code == 400

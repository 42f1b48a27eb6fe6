"""The restricted archive (RET-01, RET-06): hash chain, tamper detection, purge at expiry,
legal holds, the audited read path, ``manage.py verify_archive`` and the archive page."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import Client

from rencai.accounts.models import User
from rencai.audit import archive
from rencai.audit.archive_verify import (
    DELETED,
    HEAD_MISMATCH,
    PAYLOAD_CHANGED,
    PAYLOAD_REMOVED,
    REORDERED,
    ROW_CHANGED,
    run_verification,
    verify_archive,
)
from rencai.audit.models import ArchiveChainHead, ArchiveRecord, AuditEvent, LegalHold
from rencai.core.actors import cli_actor, system_actor
from rencai.core.errors import DomainError, PermissionDenied

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def _append(source: User, subject: User | None, n: int = 1, **payload: Any) -> list[ArchiveRecord]:
    records = []
    with transaction.atomic():
        for index in range(n):
            records.append(
                archive.archive_record(
                    "service_record",
                    source,
                    subject,
                    {"index": index, "status": "withdrawn", **payload},
                    retain_until=dt.date(2029, 3, 2),
                    actor=system_actor(),
                )
            )
    return records


def _sql(statement: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _set_payload(seq: int, payload: dict[str, Any]) -> None:
    if connection.vendor == "postgresql":
        statement = "UPDATE audit_archiverecord SET payload = CAST(%s AS jsonb) WHERE seq = %s"
    else:
        statement = "UPDATE audit_archiverecord SET payload = %s WHERE seq = %s"
    _sql(statement, [json.dumps(payload), seq])


def test_records_chain_and_verify(alice: User) -> None:
    records = _append(alice, alice, 3)
    assert [r.seq for r in records] == [1, 2, 3]
    assert records[1].prev_hash == records[0].hash
    assert records[0].subject_ref == archive.subject_pseudonym(alice.pk)
    assert str(alice.pk) not in records[0].subject_ref
    head = ArchiveChainHead.objects.get()
    assert (head.last_seq, head.last_hash) == (3, records[2].hash)
    report = verify_archive()
    assert report.ok and report.checked == 3


def test_pseudonym_is_stable_and_keyed(alice: User, bob: User, settings: Any) -> None:
    first = archive.subject_pseudonym(alice.pk)
    assert first == archive.subject_pseudonym(alice.pk)
    assert first != archive.subject_pseudonym(bob.pk)
    settings.ARCHIVE_PSEUDONYM_KEY = "another key"
    assert archive.subject_pseudonym(alice.pk) != first


def test_detects_changed_payload(alice: User) -> None:
    _append(alice, alice, 3)
    _set_payload(2, {"index": 1, "status": "hired"})
    report = verify_archive()
    assert (report.ok, report.broken_at, report.problem) == (False, 2, PAYLOAD_CHANGED)


def test_detects_payload_removed_outside_the_purge(alice: User) -> None:
    _append(alice, alice, 2)
    _sql("UPDATE audit_archiverecord SET payload = NULL WHERE seq = %s", [1])
    report = verify_archive()
    assert (report.ok, report.broken_at, report.problem) == (False, 1, PAYLOAD_REMOVED)


def test_detects_changed_row(alice: User) -> None:
    _append(alice, alice, 3)
    _sql("UPDATE audit_archiverecord SET retain_until = %s WHERE seq = %s", ["2027-01-01", 3])
    report = verify_archive()
    assert (report.ok, report.broken_at, report.problem) == (False, 3, ROW_CHANGED)


def test_detects_changed_payload_hash_as_row_change(alice: User) -> None:
    _append(alice, alice, 2)
    _sql("UPDATE audit_archiverecord SET payload_hash = %s WHERE seq = %s", ["0" * 64, 1])
    assert verify_archive().problem == ROW_CHANGED


def test_detects_deleted_row(alice: User) -> None:
    _append(alice, alice, 3)
    with pytest.raises(RuntimeError):
        ArchiveRecord.objects.get(seq=2).delete()
    _sql("DELETE FROM audit_archiverecord WHERE seq = %s", [2])
    report = verify_archive()
    assert (report.ok, report.broken_at, report.problem) == (False, 2, DELETED)


def test_detects_deleted_last_row_by_the_head(alice: User) -> None:
    _append(alice, alice, 3)
    _sql("DELETE FROM audit_archiverecord WHERE seq = %s", [3])
    report = verify_archive()
    assert (report.ok, report.problem) == (False, HEAD_MISMATCH)


def test_detects_swapped_rows(alice: User) -> None:
    _append(alice, alice, 3)
    _sql("UPDATE audit_archiverecord SET seq = %s WHERE seq = %s", [-1, 2])
    _sql("UPDATE audit_archiverecord SET seq = %s WHERE seq = %s", [2, 3])
    _sql("UPDATE audit_archiverecord SET seq = %s WHERE seq = %s", [3, -1])
    report = verify_archive()
    assert (report.ok, report.broken_at, report.problem) == (False, 2, REORDERED)


def test_command_exits_1_and_names_the_problem(alice: User) -> None:
    _append(alice, alice, 2)
    call_command("verify_archive")
    _set_payload(1, {"tampered": True})
    with pytest.raises(CommandError) as caught:
        call_command("verify_archive")
    assert PAYLOAD_CHANGED in str(caught.value)
    assert caught.value.returncode == 1
    assert AuditEvent.objects.filter(action=archive.VERIFIED_ACTION).count() == 2
    last = archive.last_verification()
    assert last is not None and not last.ok and last.problem == PAYLOAD_CHANGED


# --- purge at expiry and legal holds --------------------------------------------------


def _expiring(
    subject: User, *, retain_until: dt.date, category: str = "service_record"
) -> ArchiveRecord:
    with transaction.atomic():
        return archive.archive_record(
            category,
            subject,
            subject,
            {"status": "closed"},
            retain_until=retain_until,
            actor=system_actor(),
        )


def test_purge_after_retain_until_keeps_the_chain_valid(alice: User, bob: User) -> None:
    with time_machine.travel(START, tick=False):
        old = _expiring(alice, retain_until=dt.date(2026, 6, 30))
        later = _expiring(bob, retain_until=dt.date(2027, 6, 30))
    with time_machine.travel(dt.datetime(2026, 6, 30, 12, tzinfo=dt.UTC), tick=False):
        assert (
            archive.purge_expired(actor=system_actor(), batch_size=10) == 0
        )  # still kept that day
    with time_machine.travel(dt.datetime(2026, 7, 1, 12, tzinfo=dt.UTC), tick=False):
        assert archive.purge_expired(actor=system_actor(), batch_size=10, dry_run=True) == 1
        assert ArchiveRecord.objects.get(pk=old.pk).payload is not None
        assert archive.purge_expired(actor=system_actor(), batch_size=10) == 1
    old.refresh_from_db()
    later.refresh_from_db()
    assert old.payload is None and old.purged_at is not None
    assert later.payload == {"status": "closed"}
    report = verify_archive()
    assert report.ok and report.purged == 1
    event = AuditEvent.objects.filter(action="audit.archive_purged").get()
    assert event.after == {"count": 1, "first_seq": old.seq, "last_seq": old.seq}


def test_purge_in_batches(alice: User) -> None:
    for _ in range(5):
        _expiring(alice, retain_until=dt.date(2020, 1, 1))
    assert archive.purge_expired(actor=system_actor(), batch_size=2) == 5
    assert AuditEvent.objects.filter(action="audit.archive_purged").count() == 3
    assert verify_archive().ok


def test_legal_hold_prevents_purge_until_released(alice: User, bob: User, sam: User) -> None:
    held = _expiring(alice, retain_until=dt.date(2020, 1, 1))
    other = _expiring(bob, retain_until=dt.date(2020, 1, 1))
    hold = archive.place_legal_hold(
        subject=alice,
        reason="劳动争议诉讼证据保全",
        reference="(2026)京0105民初123号",
        actor=cli_actor(sam),
    )
    assert hold.subject_ref == held.subject_ref
    assert archive.purge_expired(actor=system_actor(), batch_size=10) == 1
    held.refresh_from_db()
    other.refresh_from_db()
    assert held.payload is not None and other.payload is None
    archive.release_legal_hold(hold, actor=cli_actor(sam))
    with pytest.raises(DomainError) as caught:
        archive.release_legal_hold(hold, actor=cli_actor(sam))
    assert caught.value.code == "legal_hold_released"
    assert archive.purge_expired(actor=system_actor(), batch_size=10) == 1
    assert verify_archive().ok


def test_category_hold(alice: User, sam: User) -> None:
    kept = _expiring(alice, retain_until=dt.date(2020, 1, 1), category="service_record")
    gone = _expiring(alice, retain_until=dt.date(2020, 1, 1), category="posting")
    archive.place_legal_hold(
        category="service_record",
        reason="监管检查期间暂停清除",
        reference="检查-2026-01",
        actor=cli_actor(sam),
    )
    assert archive.purge_expired(actor=system_actor(), batch_size=10) == 1
    assert ArchiveRecord.objects.get(pk=kept.pk).payload is not None
    assert ArchiveRecord.objects.get(pk=gone.pk).payload is None


def test_only_security_admins_place_holds(alice: User, audrey: User, sam: User) -> None:
    with pytest.raises(PermissionDenied):
        archive.place_legal_hold(
            subject=alice, reason="原因写清楚", reference="X-1", actor=cli_actor(audrey)
        )
    for kwargs, code in (
        ({"reason": "原因写清楚", "reference": "X-1"}, "legal_hold_scope_required"),
        ({"subject": alice, "reason": "短", "reference": "X-1"}, "legal_hold_reason_required"),
        (
            {"subject": alice, "reason": "原因写清楚", "reference": " "},
            "legal_hold_reference_required",
        ),
    ):
        with pytest.raises(DomainError) as caught:
            archive.place_legal_hold(actor=cli_actor(sam), **kwargs)
        assert caught.value.code == code
    assert not LegalHold.objects.exists()


# --- the read path --------------------------------------------------------------------


def test_reads_only_for_hold_inspection_or_audit(
    alice: User, bob: User, sam: User, audrey: User, rita: User, oscar: User
) -> None:
    record = _expiring(alice, retain_until=dt.date(2029, 1, 1))
    assert archive.read_archived(record, actor=cli_actor(rita), purpose="inspection") == {
        "status": "closed"
    }
    assert archive.read_archived(record, actor=cli_actor(audrey), purpose="audit") == {
        "status": "closed"
    }
    refused = [
        (sam, "legal_hold"),  # no hold yet
        (sam, "audit"),
        (audrey, "inspection"),
        (rita, "audit"),
        (oscar, "audit"),
        (bob, "inspection"),
        (alice, "legal_hold"),
    ]
    for user, purpose in refused:
        with pytest.raises(PermissionDenied):
            archive.read_archived(record, actor=cli_actor(user), purpose=purpose)
    with pytest.raises(DomainError):
        archive.read_archived(record, actor=cli_actor(audrey), purpose="curiosity")
    archive.place_legal_hold(
        subject=alice, reason="诉讼证据保全", reference="(2026)案1", actor=cli_actor(sam)
    )
    assert archive.read_archived(record, actor=cli_actor(sam), purpose="legal_hold") == {
        "status": "closed"
    }
    reads = AuditEvent.objects.filter(action="audit.archive_read", object_id=str(record.seq))
    assert reads.count() == 3
    assert {e.after["purpose"] for e in reads} == {"inspection", "audit", "legal_hold"}
    assert AuditEvent.objects.filter(action="audit.archive_read_refused").count() == len(refused)


# --- the page and the dashboard card --------------------------------------------------


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="rencai.accounts.backends.RencaiBackend")
    return client


def test_archive_page_for_auditors_and_security_admins(
    alice: User, audrey: User, sam: User, oscar: User, rita: User
) -> None:
    _append(alice, alice, 2)
    for user in (oscar, rita, alice):
        assert _client(user).get("/ops/audit/archive/").status_code == 403
    page = _client(audrey).get("/ops/audit/archive/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="archive-total">2<' in body
    assert 'id="place-hold"' not in body  # auditors do not place holds
    response = _client(audrey).post("/ops/audit/archive/verify/")
    assert response.status_code == 302
    body = _client(audrey).get("/ops/audit/archive/").content.decode()
    assert 'data-ok="1" data-checked="2"' in body
    sam_client = _client(sam)
    assert 'id="place-hold"' in sam_client.get("/ops/audit/archive/").content.decode()
    response = sam_client.post(
        "/ops/audit/archive/holds/",
        {
            "subject_ref": archive.subject_pseudonym(alice.pk),
            "reference": "案-7",
            "reason": "诉讼证据保全",
        },
    )
    assert response.status_code == 302
    hold = LegalHold.objects.get()
    assert _client(audrey).post(f"/ops/audit/archive/holds/{hold.pk}/release/").status_code == 403
    invalid = sam_client.post(
        "/ops/audit/archive/holds/", {"reference": "案-8", "reason": "诉讼证据保全"}
    )
    assert invalid.status_code == 200 and LegalHold.objects.count() == 1
    assert sam_client.post(f"/ops/audit/archive/holds/{hold.pk}/release/").status_code == 302
    hold.refresh_from_db()
    assert hold.released_at is not None and hold.released_by_id == sam.pk


def test_page_shows_a_failed_verification(alice: User, audrey: User) -> None:
    _append(alice, alice, 2)
    _set_payload(2, {"x": 1})
    run_verification(actor=cli_actor(audrey))
    body = _client(audrey).get("/ops/audit/archive/").content.decode()
    assert f'data-ok="0" data-problem="{PAYLOAD_CHANGED}" data-broken-at="2"' in body


def test_ops_card(alice: User, audrey: User, oscar: User) -> None:
    _append(alice, alice, 1)
    body = _client(audrey).get("/ops/").content.decode()
    assert 'id="archive-card"' in body and 'id="archive-records" data-count="1"' in body
    assert 'id="archive-integrity" data-ok=""' in body
    assert 'id="archive-card"' not in _client(oscar).get("/ops/").content.decode()

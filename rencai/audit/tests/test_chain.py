"""The audit trail is append-only and hash-chained; tampering is detected."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from rencai.accounts.models import User
from rencai.audit.actions import record_event
from rencai.audit.models import AuditChainHead, AuditEvent
from rencai.audit.verify import verify_chain
from rencai.core.actors import Actor, Channel, cli_actor

pytestmark = pytest.mark.django_db


def _events(n: int) -> None:
    actor = Actor(user=None, ip="10.0.0.1", request_id="req-12345678", channel=Channel.WEB)
    for i in range(n):
        with transaction.atomic():
            record_event(
                actor,
                "test.event",
                object_type="test.Thing",
                object_id=str(i),
                after={"i": i, "名": "值"},
            )


def test_events_chain_and_verify() -> None:
    _events(5)
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert events[0].prev_hash == "0" * 64
    for previous, current in zip(events, events[1:], strict=False):
        assert current.prev_hash == previous.hash
    assert AuditChainHead.objects.get().last_hash == events[-1].hash
    report = verify_chain()
    assert report.ok and report.checked == 5


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_record_event_requires_the_callers_transaction() -> None:
    with pytest.raises(RuntimeError, match="inside the action's transaction"):
        record_event(cli_actor(), "test.event")


def test_rows_cannot_be_changed_or_deleted_through_the_orm() -> None:
    _events(1)
    event = AuditEvent.objects.get()
    event.action = "changed"
    with pytest.raises(RuntimeError, match="append-only"):
        event.save()
    with pytest.raises(RuntimeError, match="append-only"):
        event.delete()


def test_rolled_back_action_leaves_no_event() -> None:
    def failing_action() -> None:
        with transaction.atomic():
            record_event(cli_actor(), "test.event")
            raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        failing_action()
    assert AuditEvent.objects.count() == 0
    assert verify_chain().ok


def test_modified_row_is_detected_by_the_command() -> None:
    _events(4)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET object_id = 'forged' WHERE seq = 2")
    report = verify_chain()
    assert (report.ok, report.broken_at, report.checked) == (False, 2, 1)
    assert "content changed" in report.problem
    with pytest.raises(CommandError, match="broken at event #2"):
        call_command("verify_audit_chain")


def test_deleted_row_is_detected() -> None:
    _events(4)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = 3")
    report = verify_chain()
    assert (report.ok, report.broken_at) == (False, 3)
    assert "deleted" in report.problem


def test_deleting_the_last_row_is_detected_by_the_head() -> None:
    _events(3)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = 3")
    report = verify_chain()
    assert report.ok is False
    assert "head" in report.problem


def test_forged_rehash_of_one_row_breaks_the_next_link() -> None:
    _events(3)
    event = AuditEvent.objects.get(seq=2)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET hash = %s WHERE seq = 2", ["f" * 64])
    report = verify_chain()
    assert report.ok is False and report.broken_at == 2
    assert event.hash != "f" * 64


def test_command_reports_success(capsys: pytest.CaptureFixture[str]) -> None:
    _events(2)
    call_command("verify_audit_chain")
    assert "audit chain intact: 2 events" in capsys.readouterr().out


def test_registration_writes_masked_audit_rows(alice: User) -> None:
    registered = AuditEvent.objects.get(action="accounts.user_registered", object_id=str(alice.pk))
    assert registered.after == {
        "phone": "138****8001",
        "email": "",
        "role": "seeker",
        "birth_date_declared": True,
    }
    dump = str(list(AuditEvent.objects.values_list("before", "after")))
    assert "13800138001" not in dump and "110105199805120020" not in dump
    assert verify_chain().ok

"""Concurrent actions extend the audit chain one at a time (no forks, no gaps)."""

from __future__ import annotations

import threading

import pytest
from django.db import close_old_connections, connection, transaction

from rencai.audit.actions import record_event
from rencai.audit.models import AuditEvent
from rencai.audit.verify import verify_chain
from rencai.core.actors import cli_actor


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_writers_keep_the_chain_intact() -> None:
    errors: list[BaseException] = []

    def writer(worker: int) -> None:
        try:
            for i in range(15):
                with transaction.atomic():
                    record_event(cli_actor(), "test.concurrent", object_id=f"{worker}-{i}")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AuditEvent.objects.filter(action="test.concurrent").count() == 60
    report = verify_chain()
    assert report.ok, report

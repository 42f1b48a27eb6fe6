"""The life of a copy of one's data (PI-12) and of a portability package (PI-13): queued,
built with progress, ready for 7 days behind the identity re-check (PI-18), then deleted;
failures end as FAILED with a code, never as a server error."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from rencai.accounts.reauth import REAUTH_SESSION_KEY
from rencai.audit.models import AuditEvent
from rencai.core.actors import cli_actor, system_actor
from rencai.core.errors import DomainError
from rencai.files.actions import private_storage
from rencai.files.models import StoredFile
from rencai.notifications.models import Notification
from rencai.privacy import export as export_module
from rencai.privacy import exports
from rencai.privacy.choices import ExportAudience, ExportStatus
from rencai.privacy.export import DATA_JSON, EXPORT_FILE_PURPOSE
from rencai.privacy.export_notices import EXPORT_FAILED, EXPORT_READY, PORTABILITY_READY
from rencai.privacy.models import DataExport

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)


def _zip(response) -> zipfile.ZipFile:
    body = b"".join(response.streaming_content)
    return zipfile.ZipFile(io.BytesIO(body))


def confirmed(client, user) -> None:
    """Sign ``user`` in with a fresh identity confirmation (as after the SMS code)."""
    client.force_login(user)
    session = client.session
    session[REAUTH_SESSION_KEY] = timezone.now().isoformat()
    session.save()


# --- actions ------------------------------------------------------------------------------


def test_a_requested_copy_is_built_stored_and_announced(alice, settings) -> None:
    settings.PRIVACY_EXPORT_DAYS = 7
    export = exports.request_export(alice, actor=cli_actor(alice))
    assert export.status == ExportStatus.READY
    assert export.progress == 100 and export.step == "ready"
    assert export.expires_at and export.finished_at
    assert export.expires_at - export.finished_at == dt.timedelta(days=7)
    stored = export.file
    assert stored.purpose == EXPORT_FILE_PURPOSE and stored.kind == "zip"
    assert stored.owner_id == alice.pk and stored.content_type == "application/zip"
    actions = set(
        AuditEvent.objects.filter(object_id=str(export.pk)).values_list("action", flat=True)
    )
    assert {"privacy.export_requested", "privacy.export_started", "privacy.export_ready"} <= actions
    assert Notification.objects.filter(recipient=alice, kind=EXPORT_READY).count() == 1


def test_a_second_copy_is_refused_while_one_is_prepared(alice) -> None:
    running = DataExport.objects.create(user=alice, status=ExportStatus.BUILDING)
    with pytest.raises(DomainError) as caught:
        exports.request_export(alice, actor=cli_actor(alice))
    assert caught.value.code == "export_already_running" and caught.value.status == 409
    assert DataExport.objects.filter(user=alice).count() == 1
    running.refresh_from_db()
    assert running.status == ExportStatus.BUILDING


def test_a_dead_build_no_longer_blocks(alice) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        dead = DataExport.objects.create(user=alice, status=ExportStatus.BUILDING)
        traveller.shift(dt.timedelta(hours=2))
        export = exports.request_export(alice, actor=cli_actor(alice))
    dead.refresh_from_db()
    assert dead.status == ExportStatus.FAILED and dead.error == "stale"
    assert export.status == ExportStatus.READY


def test_a_copy_expires_after_7_days_and_its_file_is_deleted(alice, settings) -> None:
    settings.PRIVACY_EXPORT_DAYS = 7
    with time_machine.travel(START, tick=False) as traveller:
        export = exports.request_export(alice, actor=cli_actor(alice))
        stored = export.file
        name = stored.storage_name
        assert private_storage().exists(name)
        traveller.shift(dt.timedelta(days=6, hours=23))
        assert exports.expire_exports(actor=system_actor()) == 0
        traveller.shift(dt.timedelta(hours=2))
        assert exports.expire_exports(actor=system_actor()) == 1
    export.refresh_from_db()
    assert export.status == ExportStatus.EXPIRED and export.file is None
    assert not StoredFile.objects.filter(pk=stored.pk).exists()
    assert not private_storage().exists(name)
    assert AuditEvent.objects.filter(action="privacy.export_expired", object_id=str(export.pk))
    assert exports.expire_exports(actor=system_actor()) == 0  # idempotent


def test_the_daily_task_expires_copies(alice) -> None:
    from rencai.privacy.tasks import expire_exports_task

    with time_machine.travel(START, tick=False) as traveller:
        export = exports.request_export(alice, actor=cli_actor(alice))
        traveller.shift(dt.timedelta(days=8))
        expire_exports_task.call_local()
    export.refresh_from_db()
    assert export.status == ExportStatus.EXPIRED


def test_a_failing_build_ends_failed_with_a_code(alice, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    working = export_module.build_archive
    monkeypatch.setattr(exports, "build_archive", broken)
    export = exports.request_export(alice, actor=cli_actor(alice))
    assert export.status == ExportStatus.FAILED and export.error == "export_build_failed"
    assert export.file is None
    assert Notification.objects.filter(recipient=alice, kind=EXPORT_FAILED).count() == 1
    # A failed copy does not block the next one.
    monkeypatch.setattr(exports, "build_archive", working)
    assert exports.request_export(alice, actor=cli_actor(alice)).status == ExportStatus.READY


def test_an_archive_over_the_limit_fails_as_too_large(alice, monkeypatch) -> None:
    monkeypatch.setattr(exports, "EXPORT_MAX_BYTES", 1024)
    export = exports.request_export(alice, actor=cli_actor(alice))
    assert export.status == ExportStatus.FAILED and export.error == "export_too_large"
    assert not StoredFile.objects.filter(purpose=EXPORT_FILE_PURPOSE).exists()


def test_download_counts_and_audits(alice) -> None:
    export = exports.request_export(alice, actor=cli_actor(alice))
    exports.record_download(export, actor=cli_actor(alice))
    exports.record_download(export, actor=cli_actor(alice))
    export.refresh_from_db()
    assert export.download_count == 2
    assert AuditEvent.objects.filter(action="privacy.export_downloaded").count() == 2


# --- portability (PI-13) ------------------------------------------------------------------


def test_a_portability_package_is_fetched_with_its_token(api, alice) -> None:
    export = exports.request_export(
        alice, actor=cli_actor(alice), audience=ExportAudience.RECIPIENT
    )
    assert Notification.objects.filter(recipient=alice, kind=PORTABILITY_READY).exists()
    token = exports.issue_recipient_token(export, actor=cli_actor(alice))
    export.refresh_from_db()
    assert export.recipient_token_hash and token not in export.recipient_token_hash
    response = api.get(f"privacy/portability/{token}")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert DATA_JSON in _zip(response).namelist()
    export.refresh_from_db()
    assert export.download_count == 1
    assert AuditEvent.objects.filter(action="privacy.portability_fetched").count() == 1
    # A new token replaces the old one.
    newer = exports.issue_recipient_token(export, actor=cli_actor(alice))
    assert api.get(f"privacy/portability/{token}").status_code == 404
    assert api.get(f"privacy/portability/{newer}").status_code == 200


def test_a_portability_token_fails_after_expiry(api, alice, settings) -> None:
    settings.PRIVACY_EXPORT_DAYS = 7
    with time_machine.travel(START, tick=False) as traveller:
        export = exports.request_export(
            alice, actor=cli_actor(alice), audience=ExportAudience.RECIPIENT
        )
        token = exports.issue_recipient_token(export, actor=cli_actor(alice))
        assert api.get(f"privacy/portability/{token}").status_code == 200
        traveller.shift(dt.timedelta(days=7, minutes=1))
        late = api.get(f"privacy/portability/{token}")  # expired, not yet cleaned up
        assert late.status_code == 404 and late.json()["code"] == "portability_token_invalid"
        exports.expire_exports(actor=system_actor())
        gone = api.get(f"privacy/portability/{token}")
        assert gone.status_code == 404 and gone.json()["code"] == "portability_token_invalid"
    # The refusal of the expired package is audited; after clean-up the key names nothing
    # any more and is only logged (anonymous probes do not grow the audit chain).
    refused = AuditEvent.objects.filter(action="privacy.portability_refused")
    assert refused.count() == 1


@pytest.mark.parametrize("token", ["nope", "x" * 300, "%00", "a/b"])
def test_wrong_tokens_are_404_with_a_code(api, token) -> None:
    response = api.get(f"privacy/portability/{token}")
    assert response.status_code == 404
    if response["Content-Type"].startswith("application/json"):
        assert response.json()["code"] in {"portability_token_invalid", "not_found"}


def test_a_token_is_only_for_a_portability_package(alice) -> None:
    export = exports.request_export(alice, actor=cli_actor(alice))
    with pytest.raises(DomainError) as caught:
        exports.issue_recipient_token(export, actor=cli_actor(alice))
    assert caught.value.code == "export_not_portable"


# --- pages --------------------------------------------------------------------------------


def test_the_list_page_has_an_empty_state_then_the_copy(client, alice) -> None:
    client.force_login(alice)
    url = reverse("privacy:exports")
    page = client.get(url)
    assert page.status_code == 200
    assert b'id="export-new-form"' in page.content and b'id="export-list"' not in page.content
    asked = client.post(reverse("privacy:export_new"))
    assert asked.status_code == 302 and asked["Location"] == url
    export = DataExport.objects.get(user=alice)
    page = client.get(url)
    assert b'id="export-list"' in page.content
    assert f'data-export="{export.pk}" data-status="ready"'.encode() in page.content


def test_the_status_fragment_polls_while_queued_and_offers_the_download_when_ready(
    client, alice
) -> None:
    client.force_login(alice)
    queued = DataExport.objects.create(user=alice, status=ExportStatus.QUEUED, step="queued")
    fragment = client.get(reverse("privacy:export_status", args=[queued.pk]))
    assert fragment.status_code == 200
    assert b'hx-trigger="every 2s"' in fragment.content
    assert b"<progress" in fragment.content
    assert b'data-status="queued"' in fragment.content
    exports.build_export(queued.pk)
    ready = client.get(reverse("privacy:export_status", args=[queued.pk]))
    assert b'hx-trigger="every 2s"' not in ready.content
    assert f'id="export-download-{queued.pk}"'.encode() in ready.content


def test_download_needs_the_identity_re_check(client, alice) -> None:
    export = exports.request_export(alice, actor=cli_actor(alice))
    client.force_login(alice)
    url = reverse("privacy:export_download", args=[export.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:confirm_identity"))
    export.refresh_from_db()
    assert export.download_count == 0
    confirmed(client, alice)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert DATA_JSON in _zip(response).namelist()
    export.refresh_from_db()
    assert export.download_count == 1


def test_someone_elses_copy_is_404(client, alice, bob) -> None:
    export = exports.request_export(alice, actor=cli_actor(alice))
    confirmed(client, bob)
    assert client.get(reverse("privacy:export_download", args=[export.pk])).status_code == 404
    assert client.get(reverse("privacy:export_status", args=[export.pk])).status_code == 404
    export.refresh_from_db()
    assert export.download_count == 0


def test_an_expired_copy_sends_back_to_the_list(client, alice) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        export = exports.request_export(alice, actor=cli_actor(alice))
        traveller.shift(dt.timedelta(days=8))
        exports.expire_exports(actor=system_actor())
        confirmed(client, alice)
        response = client.get(reverse("privacy:export_download", args=[export.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("privacy:exports")


def test_asking_twice_shows_a_message_not_an_error(client, alice) -> None:
    DataExport.objects.create(user=alice, status=ExportStatus.BUILDING)
    client.force_login(alice)
    response = client.post(reverse("privacy:export_new"), follow=True)
    assert response.status_code == 200
    assert DataExport.objects.filter(user=alice).count() == 1
    assert b"disabled" in response.content  # the button waits for the running copy


def test_pages_need_sign_in(client) -> None:
    for url in (reverse("privacy:exports"),):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(reverse("privacy:export_new")).status_code == 302
    assert not DataExport.objects.exists()


def test_the_fragment_needs_only_the_export(alice) -> None:
    """Other pages (a rights request's detail) include it with just ``export``."""
    from django.template.loader import render_to_string

    queued = DataExport.objects.create(user=alice, status=ExportStatus.BUILDING, progress=40)
    html = render_to_string("privacy/_export_status.html", {"export": queued})
    assert 'hx-trigger="every 2s"' in html and 'value="40"' in html

"""API of copies of one's data (/api/v1/me/privacy/exports, PI-12) and of portability
packages (/api/v1/privacy/portability/{token}, PI-13): the identity re-check by
``sms_code`` (PI-18), signed 10-minute download links, and a role matrix over every
persona for every route with the exact status and no change on 401/403/404."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
import time_machine

from rencai.accounts.actions import send_reauth_code
from rencai.core.actors import cli_actor
from rencai.privacy import exports
from rencai.privacy.choices import ExportAudience, ExportStatus
from rencai.privacy.export import DATA_JSON
from rencai.privacy.models import DataExport
from rencai.testing.sms import latest_code

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _codes_without_waiting(settings) -> None:
    """These tests ask for several codes in a row."""
    settings.SMS_RESEND_INTERVAL_SECONDS = 0


PERSONAS = ["alice", "yan", "bob", "dave", "carol", "oscar", "sam", "audrey", "rita", "dana"]
BASE = "me/privacy/exports"


def code_for(user) -> str:
    send_reauth_code(user, actor=cli_actor(user))
    return latest_code(user.phone)


def snapshot() -> list[tuple[str, str, int, str]]:
    return sorted(
        (str(pk), status, count, token)
        for pk, status, count, token in DataExport.objects.values_list(
            "pk", "status", "download_count", "recipient_token_hash"
        )
    )


def _zip(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_asking_for_a_copy_and_downloading_it(api_as, alice) -> None:
    client = api_as(alice)
    created = client.post(BASE, {"sms_code": code_for(alice)})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "ready" and body["progress"] == 100 and body["active"] is False
    assert body["size"] > 0 and body["expires_at"]
    listed = client.get(BASE).json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == body["id"]
    one = client.get(f"{BASE}/{body['id']}").json()
    assert one["status"] == "ready" and one["step"] == "ready"
    link = client.post(f"{BASE}/{body['id']}/download-link", {"sms_code": code_for(alice)})
    assert link.status_code == 200, link.content
    url = link.json()["url"]
    assert url.startswith(f"/api/v1/{BASE}/{body['id']}/download?signature=")
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert DATA_JSON in _zip(response).namelist()
    assert DataExport.objects.get(pk=body["id"]).download_count == 1


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"sms_code": "000000"}, 400, "code_invalid"),
        ({"sms_code": ""}, 400, "code_invalid"),
        ({"sms_code": "1", "surprise": 1}, 422, None),
        ({}, 422, None),
    ],
)
def test_bad_bodies_are_refused_without_500(api_as, alice, body, status, code) -> None:
    response = api_as(alice).post(BASE, body)
    assert response.status_code == status, response.content
    if code:
        assert response.json()["code"] == code
    assert not DataExport.objects.exists()


def test_a_second_copy_while_one_is_prepared_is_409(api_as, alice) -> None:
    DataExport.objects.create(user=alice, status=ExportStatus.QUEUED)
    response = api_as(alice).post(BASE, {"sms_code": code_for(alice)})
    assert response.status_code == 409
    assert response.json()["code"] == "export_already_running"
    assert DataExport.objects.count() == 1


def test_progress_is_visible_while_queued(api_as, alice) -> None:
    queued = DataExport.objects.create(user=alice, status=ExportStatus.QUEUED, step="queued")
    body = api_as(alice).get(f"{BASE}/{queued.pk}").json()
    assert body["active"] is True and body["progress"] == 0 and body["size"] is None
    link = api_as(alice).post(f"{BASE}/{queued.pk}/download-link", {"sms_code": "123456"})
    assert link.status_code == 409 and link.json()["code"] == "export_not_ready"


def test_download_links_are_signed_personal_and_short_lived(api_as, alice, bob) -> None:
    start = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        export = exports.request_export(alice, actor=cli_actor(alice))
        client = api_as(alice)
        url = client.post(
            f"{BASE}/{export.pk}/download-link", {"sms_code": code_for(alice)}
        ).json()["url"]
        tampered = client.get(url[:-3] + "abc")
        assert tampered.status_code == 403 and tampered.json()["code"] == "export_link_invalid"
        missing = client.get(f"{BASE}/{export.pk}/download")
        assert missing.status_code == 422
        assert api_as(bob).get(url).status_code == 404
        traveller.shift(dt.timedelta(minutes=11))
        late = client.get(url)
        assert late.status_code == 403 and late.json()["code"] == "export_link_invalid"
    export.refresh_from_db()
    assert export.download_count == 0


def test_a_link_for_one_copy_does_not_open_another(api_as, alice) -> None:
    first = exports.request_export(alice, actor=cli_actor(alice))
    second = exports.request_export(alice, actor=cli_actor(alice))
    client = api_as(alice)
    url = client.post(f"{BASE}/{first.pk}/download-link", {"sms_code": code_for(alice)}).json()[
        "url"
    ]
    signature = url.split("signature=", 1)[1]
    other = client.get(f"{BASE}/{second.pk}/download?signature={signature}")
    assert other.status_code == 403


def test_malformed_ids_are_404(api_as, alice) -> None:
    client = api_as(alice)
    assert client.get(f"{BASE}/not-a-uuid").status_code in (404, 422)
    assert client.get(f"{BASE}/00000000-0000-0000-0000-000000000000").status_code == 404


@pytest.mark.parametrize("persona", [*PERSONAS, None])
def test_role_matrix(request, api_as, alice, persona) -> None:
    """Every persona on every route: exact status; nothing changes on 401/403/404."""
    user = request.getfixturevalue(persona) if persona else None
    mine = exports.request_export(alice, actor=cli_actor(alice))
    package = DataExport.objects.create(
        user=alice, audience=ExportAudience.RECIPIENT, status=ExportStatus.QUEUED
    )
    exports.build_export(package.pk)
    token = exports.issue_recipient_token(package, actor=cli_actor(alice))
    client = api_as(user)
    own = persona == "alice"
    signed_in = user is not None

    def check(method: str, path: str, expected: int, body=None) -> None:
        before = snapshot()
        response = client.call(method, path, body)
        assert response.status_code == expected, (persona, method, path, response.content)
        if expected in (401, 403, 404):
            assert snapshot() == before, (persona, method, path)

    foreign = 200 if own else 404 if signed_in else 401
    check("GET", BASE, 200 if signed_in else 401)
    check("GET", f"{BASE}/{mine.pk}", foreign)
    code = code_for(user) if signed_in else "123456"
    check("POST", f"{BASE}/{mine.pk}/download-link", foreign, {"sms_code": code})
    check("GET", f"{BASE}/{mine.pk}/download?signature=x", 403 if own else foreign)
    if signed_in:
        url = (
            api_as(alice)
            .post(f"{BASE}/{mine.pk}/download-link", {"sms_code": code_for(alice)})
            .json()["url"]
        )
        check("GET", url, 200 if own else 404)
    # Everyone may ask for a copy of their own data.
    if signed_in and not own:
        check("POST", BASE, 201, {"sms_code": code_for(user)})
        assert DataExport.objects.filter(user=user, status=ExportStatus.READY).count() == 1
    elif own:
        check("POST", BASE, 201, {"sms_code": code_for(alice)})
    else:
        check("POST", BASE, 401, {"sms_code": "123456"})
    # The portability route needs no account, only the token.
    check("GET", f"/api/v1/privacy/portability/{token}", 200)
    check("GET", "/api/v1/privacy/portability/wrong-token", 404)

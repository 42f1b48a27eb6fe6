"""GOV-05: ID numbers, mobile numbers and bank card numbers never appear in logs or error
reports, and employers' API responses never carry a seeker's ID number; SEC-02: face
verification keeps the provider's result and a hash, never the image.

The flows run with every logger at DEBUG: sign-in by SMS, real-name verification, an
application, the employer opening the resume, the pipeline and resume search, a page that
does not exist with sensitive numbers in its address, and an exception whose message holds
them. Every record, formatted as the configured handler writes it, is scanned.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from conftest import ApiClient
from rencai.accounts.models import FaceCheck, User
from rencai.audit.models import AuditEvent
from rencai.core.logfilters import SensitiveDataFilter, scrub
from rencai.files.models import StoredFile
from rencai.privacy.queries import current_document
from rencai.testing import applications as application_seeds
from rencai.testing import jobs as job_seeds
from rencai.testing import orgs as org_seeds
from rencai.testing import personas
from rencai.testing import resumes as resume_seeds
from rencai.testing.sms import latest_code

pytestmark = pytest.mark.django_db

SECRETS = (
    personas.ALICE.id_number,
    personas.BOB.id_number,
    personas.ALICE.phone,
    personas.BOB.phone,
    "6222600260001072444",  # a bank card number (Luhn-valid)
)
HANDLERS: dict[str, dict[str, Any]] = getattr(settings, "LOGGING")["handlers"]  # noqa: B009
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 2048


# --- the filter ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id 110105199805120020.", "id [ID number]."),
        ("id 44030519850620001X", "id [ID number]"),
        ("tel +8613800138001", "tel 138****8001"),
        ("tel 138 0013 8001", "tel 138****8001"),
        ("card 6222600260001072444", "card [card ****2444]"),
        ("card 4111 1111 1111 1111", "card [card ****1111]"),
        ("order 1234567890123456", "order 1234567890123456"),  # not a card: fails Luhn
        ("uuid 0f8fad5b-d9cb-469f-a165-70867728950e", "uuid 0f8fad5b-d9cb-469f-a165-70867728950e"),
        ("took 12.5 ms, 200 rows", "took 12.5 ms, 200 rows"),
    ],
)
def test_scrub(text: str, expected: str) -> None:
    assert scrub(text) == expected


def test_filter_masks_arguments_exceptions_and_keeps_the_record() -> None:
    record = logging.LogRecord(
        "x",
        logging.ERROR,
        __file__,
        1,
        "user %s phone %s",
        ("110105199805120020", 13800138001),
        None,
    )
    try:
        raise ValueError("bad id 110105199805120020")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    assert SensitiveDataFilter().filter(record) is True
    assert record.getMessage() == "user [ID number] phone 138****8001"
    assert record.exc_text is not None and "110105199805120020" not in record.exc_text
    assert "[ID number]" in record.exc_text


def test_every_configured_handler_masks() -> None:
    names = set(HANDLERS)
    assert all("sensitive" in h.get("filters", []) for h in HANDLERS.values())
    configured = [h for h in logging.getLogger().handlers if h.get_name() in names]
    assert configured, "the LOGGING handlers are installed on the root logger"
    for handler in configured:
        assert any(isinstance(f, SensitiveDataFilter) for f in handler.filters)


# --- the flows -----------------------------------------------------------------------------


def _formatted(caplog: pytest.LogCaptureFixture) -> list[str]:
    names = set(HANDLERS)
    handler = next(h for h in logging.getLogger().handlers if h.get_name() in names)
    return [handler.format(record) for record in caplog.records]


def test_typical_flows_leave_no_sensitive_numbers_in_logs_gov05(
    caplog: pytest.LogCaptureFixture, api_as: Callable[[User | None], ApiClient], oscar: User
) -> None:
    caplog.set_level(logging.DEBUG)
    alice = personas.build(personas.ALICE)  # registration and real-name verification
    bob = personas.build(personas.BOB)
    company_a = org_seeds.build_org(org_seeds.COMPANY_A)
    posting = job_seeds.publish(company_a, bob, oscar)
    resume = resume_seeds.build_resume(alice, visibility="employers")

    anonymous = Client()
    anonymous.post(
        "/api/v1/auth/sms-code", {"phone": personas.ALICE.phone}, content_type="application/json"
    )
    signed_in = anonymous.post(
        "/api/v1/auth/sms-login",
        {"phone": personas.ALICE.phone, "code": latest_code(personas.ALICE.phone)},
        content_type="application/json",
    )
    assert signed_in.status_code == 200
    # A wrong ID number for a real-name check, with the number in the body.
    api_as(alice).post("me/real-name", {"name": "王爱丽", "id_number": "110105199805120021"})
    application = application_seeds.apply(alice, posting, resume)
    bob_api = api_as(bob)
    employer_bodies = [
        bob_api.get(f"employer/resumes/{resume.pk}"),
        bob_api.get("employer/applications"),
        bob_api.get(f"employer/applications/{application.pk}"),
        bob_api.get("employer/resume-search"),
        bob_api.get(f"employer/applications/board?posting_id={posting.pk}"),
    ]
    # Error paths: an unknown address holding the numbers, and an exception naming them.
    Client().get(f"/no-such-page/{personas.ALICE.id_number}/{personas.ALICE.phone}/")
    try:
        raise RuntimeError(f"lookup failed for {personas.BOB.id_number} {SECRETS[-1]}")
    except RuntimeError:
        logging.getLogger("rencai.test").exception(
            "could not verify %s (%s)", personas.ALICE.id_number, personas.BOB.phone
        )

    lines = _formatted(caplog)
    assert len(lines) > 20 and any("Not Found" in line for line in lines)
    for line in lines:
        for secret in SECRETS:
            assert secret not in line, line
    # GOV-05 / ARCHITECTURE: employers never receive the ID number or what derives from it.
    assert all(response.status_code == 200 for response in employer_bodies)
    for response in employer_bodies:
        raw = response.content.decode()
        for secret in (personas.ALICE.id_number, "19980512", "1998-05-12"):
            assert secret not in raw


# --- SEC-02 --------------------------------------------------------------------------------


def _stored_names(storage: Any, path: str = "") -> set[str]:
    try:
        directories, files = storage.listdir(path)
    except (FileNotFoundError, NotImplementedError):
        return set()
    names = {f"{path}{name}" for name in files}
    for directory in directories:
        names |= _stored_names(storage, f"{path}{directory}/")
    return names


def _disk(path: Path) -> set[str]:
    return {str(p) for p in path.rglob("*")} if path.exists() else set()


def test_face_verification_stores_no_image_sec02(
    api_as: Callable[[User | None], ApiClient], alice: User, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    api = api_as(alice)
    document = current_document("biometric_notice")
    assert document is not None
    api.post("me/consents", {"purpose": "biometrics", "document_id": str(document.pk)})
    files_before = StoredFile.objects.count()
    private_before = _stored_names(storages["private"])
    default_before = _stored_names(storages["default"])
    disk_before = _disk(Path(settings.PRIVATE_MEDIA_ROOT)) | _disk(Path(settings.MEDIA_ROOT))
    events_before = AuditEvent.objects.count()

    upload = SimpleUploadedFile("face.png", PNG, content_type="image/png")
    response = api.client.post("/api/v1/me/face-verification", {"image": upload})
    assert response.status_code == 200, response.content

    check = FaceCheck.objects.get(user=alice)
    assert check.image_sha256 == hashlib.sha256(PNG).hexdigest()
    assert {f.name for f in FaceCheck._meta.concrete_fields} == {
        "id",
        "created_at",
        "updated_at",
        "user",
        "outcome",
        "score",
        "provider",
        "provider_reference",
        "image_sha256",
    }
    assert StoredFile.objects.count() == files_before
    assert _stored_names(storages["private"]) == private_before
    assert _stored_names(storages["default"]) == default_before
    disk_after = _disk(Path(settings.PRIVATE_MEDIA_ROOT)) | _disk(Path(settings.MEDIA_ROOT))
    assert disk_after == disk_before
    for event in AuditEvent.objects.order_by("seq")[events_before:]:
        assert "PNG" not in str(event.after) and "PNG" not in str(event.before)
    assert not any("PNG" in line for line in _formatted(caplog))

"""Real-name verification (VER-01, IDV-01) and face verification (VER-11, SEC-02)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from rencai.accounts.models import FaceCheck, RealNameCheck, User
from rencai.audit.models import AuditEvent
from rencai.privacy.models import ConsentRecord
from rencai.privacy.queries import current_document

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 2048


def _consent(api, purpose: str, kind: str):
    document = current_document(kind)
    return api.post("me/consents", {"purpose": purpose, "document_id": str(document.pk)})


def _verify(api, name: str = "戴伟", id_number: str = "110108198001010031"):
    return api.post("me/real-name", {"name": name, "id_number": id_number})


def test_real_name_needs_its_separate_consent(api_as, dave) -> None:
    api = api_as(dave)
    response = _verify(api)
    assert response.status_code == 412
    assert response.json()["code"] == "consent_required"
    assert response.json()["purpose"] == "real_name"
    assert RealNameCheck.objects.count() == 0


def test_verification_stores_encrypted_and_answers_masked(api_as, dave) -> None:
    api = api_as(dave)
    _consent(api, "real_name", "real_name_notice")
    response = _verify(api)
    assert response.status_code == 200
    assert response.json()["status"] == "verified"
    assert response.json()["masked_name"] == "戴**"
    assert response.json()["masked_id_number"] == "1101**********0031"
    me = api.get("me").json()
    assert me["masked_id_number"] == "1101**********0031"
    assert "110108198001010031" not in str(me)
    dave.refresh_from_db()
    assert dave.birth_date == dt.date(1980, 1, 1)
    assert dave.birth_date_source == "id_number"
    event = AuditEvent.objects.get(action="accounts.real_name_verified")
    assert event.after["id_number"] == "1101**********0031"


@pytest.mark.parametrize(
    ("name", "id_number", "code", "status"),
    [
        ("假名字", "110108198001010031", "real_name_mismatch", 400),
        ("戴伟", "412723199010050012", "real_name_not_found", 400),
        ("戴伟", "110102199101010078", "real_name_unavailable", 503),
        ("戴伟", "36042619910102009X", "id_number_checksum", 400),
        ("戴", "110108198001010031", "name_invalid", 400),
    ],
)
def test_sandbox_failures(api_as, dave, name, id_number, code, status) -> None:
    api = api_as(dave)
    _consent(api, "real_name", "real_name_notice")
    response = _verify(api, name, id_number)
    assert response.status_code == status
    assert response.json()["code"] == code
    dave.refresh_from_db()
    assert dave.real_name_status in ("unverified", "failed")
    assert dave.id_number == ""


@time_machine.travel(dt.datetime(2027, 1, 1, 4, tzinfo=dt.UTC), tick=False)
def test_id_number_of_a_child_is_refused(api_as, dave) -> None:
    api = api_as(dave)
    _consent(api, "real_name", "real_name_notice")
    response = _verify(api, "戴伟", "110105201501010017")
    assert response.status_code == 403
    assert response.json()["code"] == "under_minimum_age"
    assert RealNameCheck.objects.get().outcome == "under_age"


def test_one_id_number_one_account(api_as, alice, dave) -> None:
    api = api_as(dave)
    _consent(api, "real_name", "real_name_notice")
    response = _verify(api, "王爱丽", "110105199805120020")
    assert response.status_code == 409
    assert response.json()["code"] == "id_number_in_use"


def test_five_attempts_a_day(api_as, dave) -> None:
    api = api_as(dave)
    _consent(api, "real_name", "real_name_notice")
    for _ in range(5):
        _verify(api, "假名字")
    response = _verify(api)
    assert response.status_code == 429
    assert response.json()["code"] == "real_name_too_many"
    assert RealNameCheck.objects.filter(user=dave).count() == 5


def test_already_verified(api_as, alice) -> None:
    response = _verify(api_as(alice), "王爱丽", "110105199805120020")
    assert response.json()["code"] == "real_name_already_verified"


def test_withdrawing_consent_erases_name_and_number(api_as, alice) -> None:
    api = api_as(alice)
    response = api.post("me/consents/real_name/withdraw")
    assert response.status_code == 200
    assert response.json()["states"]["real_name"] is False
    alice = User.objects.get(pk=alice.pk)
    assert (alice.real_name, alice.id_number, alice.id_number_index) == ("", "", None)
    assert alice.real_name_status == "unverified"
    assert alice.birth_date == dt.date(1998, 5, 12)
    assert ConsentRecord.objects.filter(user=alice, purpose="real_name").first().granted is False


def test_face_needs_biometric_consent_and_verified_name(api_as, alice, dave) -> None:
    api = api_as(alice)
    response = api.client.post("/api/v1/me/face-verification", {"image": _upload(PNG)})
    assert response.status_code == 412
    assert response.json()["purpose"] == "biometrics"
    _consent(api_as(dave), "biometrics", "biometric_notice")
    response = api_as(dave).client.post("/api/v1/me/face-verification", {"image": _upload(PNG)})
    assert response.json()["code"] == "real_name_required"
    assert FaceCheck.objects.count() == 0


def test_face_result_kept_without_the_image(api_as, alice) -> None:
    api = api_as(alice)
    _consent(api, "biometrics", "biometric_notice")
    response = api.client.post("/api/v1/me/face-verification", {"image": _upload(PNG)})
    assert response.status_code == 200
    assert response.json() == {"outcome": "pass", "score": 96}
    check = FaceCheck.objects.get()
    import hashlib

    assert check.image_sha256 == hashlib.sha256(PNG).hexdigest()
    assert not any(
        f.get_internal_type() in ("FileField", "ImageField", "BinaryField")
        for f in FaceCheck._meta.fields
    )
    alice.refresh_from_db()
    assert alice.face_verified_at is not None


@pytest.mark.parametrize(
    ("image", "code"),
    [(b"GIF89a" + b"\0" * 2000, "face_invalid_image"), (PNG[:100], "face_not_matched")],
)
def test_face_failures(api_as, alice, image, code) -> None:
    api = api_as(alice)
    _consent(api, "biometrics", "biometric_notice")
    response = api.client.post("/api/v1/me/face-verification", {"image": _upload(image)})
    assert response.json()["code"] == code
    alice.refresh_from_db()
    assert alice.face_verified_at is None


def _upload(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("face.png", content, content_type="image/png")

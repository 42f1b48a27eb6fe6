"""The organisation journey through the REST API, and bad input at its edges."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from conftest import ApiClient
from rencai.accounts.models import User
from rencai.audit.models import AuditEvent
from rencai.orgs.models import Organisation
from rencai.privacy.queries import current_documents, required_document_kinds
from rencai.testing import orgs as seeds
from rencai.testing import personas
from rencai.testing.sms import latest_code

pytestmark = pytest.mark.django_db
PHONE = "13700137050"


def _upload(client: Client, url: str, name: str, data: bytes, **fields: str) -> Any:
    upload = SimpleUploadedFile(name, data, content_type="image/png")
    return client.post(f"/api/v1/{url}", {"file": upload, **fields})


def _png() -> bytes:
    return seeds.demo_image("LICENCE")


def test_new_employer_reaches_verification_through_the_api(
    api: ApiClient, api_as: Callable[[User | None], ApiClient], oscar: User
) -> None:
    # sign-up with phone + SMS code
    assert api.post("auth/sms-code", {"phone": PHONE}).status_code == 200
    login = api.post("auth/sms-login", {"phone": PHONE, "code": latest_code(PHONE)}).json()
    documents = [
        str(d.pk) for d in current_documents(required_document_kinds(["employer_staff"])).values()
    ]
    registered = api.post(
        "auth/register",
        {
            "registration_token": login["registration_token"],
            "role": "employer_staff",
            "display_name": "林海",
            "accept_documents": documents,
        },
    )
    assert registered.status_code == 201, registered.json()
    user = User.objects.get(display_name="林海")
    personas.verify_identity(user, "林海", "440305198807120035")
    client = api  # signed in by registration
    created = client.post(
        "orgs",
        {
            "legal_name": seeds.COMPANY_A.legal_name,
            "uscc": seeds.COMPANY_A.uscc,
            "legal_representative": "林海",
            "registered_address": seeds.COMPANY_A.registered_address,
            "account_class": "employer",
        },
    )
    assert created.status_code == 201, created.json()
    org_id = created.json()["id"]
    assert created.json()["status"] == "draft"
    assert created.json()["posting_blocked_reason"] == "org_not_verified"
    profile = {"industry": "65", "size": "100_499", "website": "https://lanhai.example"}
    assert client.call("PUT", f"orgs/{org_id}/profile", profile).status_code == 200
    offices = {
        "locations": [{"division": "440305", "address": "科苑路15号", "is_headquarters": True}]
    }
    located = client.call("PUT", f"orgs/{org_id}/locations", offices)
    assert located.json()["locations"][0]["division_name"] == "广东省 深圳市 南山区"
    raw = client.client
    uploaded = _upload(raw, f"orgs/{org_id}/documents", "执照.png", _png(), kind="business_licence")
    assert uploaded.status_code == 201, uploaded.json()
    assert uploaded.json()["file_name"] == "执照.png"
    file_url = f"/api/v1/orgs/{org_id}/documents/{uploaded.json()['id']}/file"
    assert raw.get(file_url).status_code == 200
    # the legal representative proves authority with their verified identity
    submitted = client.post(f"orgs/{org_id}/verification", {"authority_method": "legal_rep"})
    assert submitted.status_code == 201, submitted.json()
    request_id = submitted.json()["id"]
    reviewer = api_as(oscar)
    queue = reviewer.get("operator/verifications").json()
    assert [item["id"] for item in queue["items"]] == [request_id]
    assert queue["counts"]["pending"] == 1
    check = {
        "kind": "registry",
        "result": "confirmed",
        "registry_name": seeds.COMPANY_A.legal_name,
        "registry_status": "存续",
    }
    assert reviewer.post(f"operator/verifications/{request_id}/checks", check).status_code == 201
    decided = reviewer.post(
        f"operator/verifications/{request_id}/decision", {"decision": "approve"}
    )
    assert decided.status_code == 200, decided.json()
    assert decided.json()["status"] == "approved"
    mine = client.get("orgs/mine").json()["organisation"]
    assert mine["status"] == "verified"
    assert mine["posting_blocked_reason"] is None
    public = ApiClient().get(f"companies/{org_id}").json()
    assert public["label"] == "招聘服务类"
    assert public["verified_at"]
    # the evidence never becomes public
    assert Client().get(file_url).status_code == 401


def test_duplicate_uscc_answers_with_the_existing_organisation(
    company_b: Organisation, api_as: Callable[[User | None], ApiClient], bob: User
) -> None:
    body = {
        "legal_name": "另一家公司",
        "uscc": company_b.uscc,
        "legal_representative": "张三",
        "registered_address": "上海市浦东新区某路1号",
        "account_class": "employer",
    }
    response = api_as(bob).post("orgs", body)
    assert response.status_code == 409
    assert response.json()["code"] == "uscc_taken"
    assert response.json()["organisation_id"] == str(company_b.pk)
    joined = api_as(bob).post(f"orgs/{company_b.pk}/join-requests", {"message": "我是采购部的"})
    assert joined.status_code == 201


def test_bad_uscc_and_unknown_fields(api_as: Callable[[User | None], ApiClient], bob: User) -> None:
    body = {
        "legal_name": "深圳蓝海科技有限公司",
        "uscc": "91440300MA5DLH017F",
        "legal_representative": "林海",
        "registered_address": "广东省深圳市南山区科苑路15号",
        "account_class": "employer",
    }
    response = api_as(bob).post("orgs", body)
    assert response.status_code == 400
    assert response.json()["code"] == "uscc_checksum"
    assert "uscc" in response.json()["fields"]
    response = api_as(bob).post("orgs", {**body, "uscc": seeds.COMPANY_A.uscc, "verified": True})
    assert response.status_code == 422
    assert "verified" in response.json()["fields"]
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("shell.png", b"<?php system($_GET['c']); ?>", "file_type_not_allowed"),
        ("empty.pdf", b"", "file_empty"),
        ("broken.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 20, "file_corrupt"),
    ],
)
def test_upload_attacks_are_field_errors(
    company_a: Organisation, bob: User, name: str, data: bytes, code: str
) -> None:
    client = ApiClient(bob).client
    before = company_a.documents.count()
    response = _upload(
        client, f"orgs/{company_a.pk}/documents", name, data, kind="business_licence"
    )
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert "file" in response.json()["fields"]
    assert company_a.documents.count() == before


def test_a_50_mb_upload_is_refused_without_being_stored(company_a: Organisation, bob: User) -> None:
    client = ApiClient(bob).client
    big = io.BytesIO(_png() + b"\x00" * (50 * 1024 * 1024))
    big.name = "huge.png"
    response = client.post(
        f"/api/v1/orgs/{company_a.pk}/documents", {"file": big, "kind": "business_licence"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "file_too_large"


def test_exif_gps_is_stripped_from_stored_images(company_a: Organisation, bob: User) -> None:
    from PIL import Image

    from rencai.files.actions import read_bytes

    image = Image.new("RGB", (64, 48), (200, 10, 10))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (39.0, 54.0, 0.0), 3: "E", 4: (116.0, 23.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    client = ApiClient(bob).client
    upload = SimpleUploadedFile("gps.jpg", buffer.getvalue(), content_type="image/jpeg")
    response = client.post(
        f"/api/v1/orgs/{company_a.pk}/documents", {"file": upload, "kind": "business_licence"}
    )
    assert response.status_code == 201
    stored = company_a.documents.get(pk=response.json()["id"]).file
    assert not Image.open(io.BytesIO(read_bytes(stored))).getexif()


def test_bob_cannot_see_daves_evidence(
    company_b: Organisation, api_as: Callable[[User | None], ApiClient], bob: User, rita: User
) -> None:
    document = company_b.documents.get(kind="business_licence")
    url = f"orgs/{company_b.pk}/documents/{document.pk}/file"
    assert api_as(bob).get(url).status_code == 404
    assert api_as(bob).get(f"orgs/{company_b.pk}/verification").status_code == 404
    assert api_as(rita).get(url).status_code == 200  # the regulator inspects, traced
    viewed = AuditEvent.objects.get(action="orgs.evidence_viewed")
    assert str(viewed.actor_id) == str(rita.pk)
    assert viewed.object_id == str(document.pk)
    assert (
        api_as(rita)
        .post(
            f"operator/verifications/{company_b.verification_requests.get().pk}/decision",
            {"decision": "approve"},
        )
        .status_code
        == 403
    )


def test_agency_company_page_lists_licence_services_and_fees(agency: Organisation) -> None:
    page = ApiClient().get(f"companies/{agency.pk}").json()
    assert page["account_class"] == "agency"
    assert page["agency_licence"]["supervisor_phone"] == "010-12333"
    fees = {service["name"]: service["fee_standard"] for service in page["services"]}
    assert fees["中高端人才寻访（猎头）"] == "候选人首年年薪的20%"
    assert any(service["is_free"] for service in page["services"])


def test_draft_organisations_have_no_public_page(bob: User) -> None:
    org = seeds.prepare(seeds.COMPANY_A, bob)
    assert ApiClient().get(f"companies/{org.pk}").status_code == 404

"""A copy of one's data (PI-12) covers every model of the data catalogue: Alice gets rows in
every ``CATALOGUE`` entry, the archive has each entry in data.json and as a CSV, the PDF
opens and names her, her encrypted fields come out decrypted except the masked ID number,
and nothing of another person's account leaks into it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader

from rencai.accounts.actions import create_api_token
from rencai.accounts.models import FaceCheck, GuardianLink, UserSession
from rencai.core.actors import cli_actor
from rencai.core.masking import mask_id_number
from rencai.files.actions import read_bytes
from rencai.messaging import actions as messaging
from rencai.messaging.models import Message, VirtualNumber
from rencai.moderation.models import ReportCase
from rencai.notifications.actions import notify
from rencai.orgs.models import EmailChallenge, JoinRequest, Membership
from rencai.privacy.catalogue import CATALOGUE
from rencai.privacy.choices import ExportStatus, PiAccessPurpose, RequestKind
from rencai.privacy.export import (
    CSV_BOM,
    DATA_JSON,
    PDF_NAME,
    README,
    build_archive,
    csv_name,
    rows_of,
)
from rencai.privacy.exports import request_export
from rencai.privacy.models import (
    DataExport,
    PiAccessRecord,
    PrivacySettings,
    RetentionNotice,
    RightsRequest,
)
from rencai.resumes import actions as resumes
from rencai.resumes.models import Resume
from rencai.search.models import SavedSearch
from rencai.testing import personas
from rencai.testing.messaging import demo_messaging
from rencai.testing.notifications import choose
from rencai.testing.resumes import cv_pdf

pytestmark = pytest.mark.django_db

ALICE_ID = personas.ALICE.id_number
BOB_ID = personas.BOB.id_number
GROWS_AFTER_THE_BUILD = frozenset({"notifications.Notification"})


def give_alice_everything() -> dict[str, object]:
    """Rows for Alice in every catalogue entry: the demo hiring loop (resume, application
    to Bob's job, conversation, messages, interview) through the real actions, the rest
    directly."""
    conversation, interview = demo_messaging()
    alice, bob = personas.build(personas.ALICE), personas.build(personas.BOB)
    actor = cli_actor(alice)
    application = interview.application
    org = application.organisation
    resume = Resume.objects.filter(owner=alice).first()
    assert resume is not None
    upload = SimpleUploadedFile("简历.pdf", cv_pdf(), content_type="application/pdf")
    resumes.add_attachment(resume, upload, title="我的简历", actor=actor)
    photo = SimpleUploadedFile("photo.png", _png(), content_type="image/png")
    resumes.set_photo(resume, photo, actor=actor)
    resumes.record_view(
        resume, org=org, viewer=bob, kind="view", source="application", actor=cli_actor(bob)
    )
    resumes.hide_organisation(alice, uscc="91110000802100433B", actor=actor)
    create_api_token(alice, name="我的脚本", expires_in_days=30, actor=actor)
    FaceCheck.objects.create(user=alice, outcome="pass", provider="sandbox", image_sha256="0" * 64)
    GuardianLink.objects.create(
        minor=alice,
        guardian_name="王母",
        guardian_phone="+8613800138099",
        guardian_phone_index="0" * 64,
        relationship="mother",
    )
    UserSession.objects.create(user=alice, session_key="alice-session", method="sms", ip="10.0.0.1")
    PrivacySettings.objects.create(user=alice, talent_insight=False)
    RightsRequest.objects.create(
        reference="PR-TEST-0001",
        kind=RequestKind.EXPLANATION,
        subject=alice,
        requester=alice,
        due_date=timezone.localdate() + dt.timedelta(days=21),
        details="请说明我的数据如何被使用",
    )
    dana = personas.build(personas.DANA)
    PiAccessRecord.objects.create(
        accessor=dana,
        accessor_role="operator_data",
        subject=alice,
        purpose=PiAccessPurpose.RIGHTS_REQUEST,
        categories=["account"],
    )
    RetentionNotice.objects.create(
        user=alice, category="inactive_seeker", due_on=timezone.localdate() + dt.timedelta(30)
    )
    notify(alice, "privacy.export_failed", url="/account/privacy/exports/", actor=actor)
    choose(alice, "messages", site=True, email=False, sms=True)
    SavedSearch.objects.create(
        owner=alice, name="深圳后端", query="q=后端&city=440300", last_checked_at=timezone.now()
    )
    message = Message.objects.filter(conversation=conversation, side="organisation").first()
    messaging.report_conversation(
        conversation, category="off_platform", details="要求加微信", message=message, actor=actor
    )
    VirtualNumber.objects.create(
        conversation=conversation,
        caller=alice,
        number="+8617000000001",
        provider="sandbox",
        provider_reference="vn-1",
        expires_at=timezone.now() + dt.timedelta(minutes=30),
    )
    ReportCase.objects.create(
        target_kind="user", target_id=alice.pk, target_label="Alice", subject_user=alice
    )
    Membership.objects.create(organisation=org, user=alice, role="recruiter", title="实习招聘")
    JoinRequest.objects.create(organisation=org, user=alice, message="想加入")
    EmailChallenge.objects.create(
        organisation=org,
        user=alice,
        email="alice@lanhai.example",
        domain="lanhai.example",
        code_hash="0" * 64,
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    # Applications and invitations: the demo application, plus an invitation from Bob.
    from rencai.testing.messaging import invitation

    invitation(alice, application.posting, bob)
    # A review of the organisation of her (interviewed) application.
    from rencai.reviews.actions import submit_review

    submit_review(
        application,
        scores={"overall": 4, "interview": 5, "honesty": 4},
        text="面试流程清晰，面试官准时且专业。",
        actor=actor,
    )
    # A warning from trust & safety (with its notice), and her appeal against it.
    from rencai.sanctions.actions import impose_sanction, submit_appeal

    oscar = personas.build(personas.OSCAR)
    warning = impose_sanction(
        kind="warning",
        rule="diversion",
        reason="多次引导他人添加微信。",
        user=alice,
        actor=cli_actor(oscar),
    )
    submit_appeal(warning, statement="只是告知了公司公众号，并非引导私下联系。", actor=actor)
    # The warning raises her account's fraud-risk score (FRD-01).
    from rencai.risk.scores import assess_account

    assess_account(user=alice)
    return {"alice": alice, "bob": bob, "conversation": conversation, "resume": resume}


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def _open(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


@pytest.fixture
def world(db: None) -> dict[str, object]:
    return give_alice_everything()


def test_the_copy_covers_every_catalogue_entry(world) -> None:
    """One build of the full world (it is slow to make), every property checked on it."""
    alice = world["alice"]
    # Guards the coverage test itself: a new catalogue entry needs data above.
    empty = [entry.model for entry in CATALOGUE if not rows_of(entry, alice).exists()]
    assert empty == ["privacy.DataExport"]

    export = request_export(alice, actor=cli_actor(alice))
    assert export.status == ExportStatus.READY and export.progress == 100
    archive = _open(read_bytes(export.file))
    _assert_every_entry_with_csv_and_files(archive, alice)
    document = json.loads(archive.read(DATA_JSON))
    _assert_decrypted_except_masked(document)
    _assert_nothing_of_bob(document, world)
    _assert_pdf_names_her(archive)

    # The next copy lists the first one but does not pack its archive.
    second = request_export(alice, actor=cli_actor(alice))
    again = _open(read_bytes(DataExport.objects.get(pk=second.pk).file))
    assert not any(name.endswith(".zip") for name in again.namelist())
    rows = json.loads(again.read(DATA_JSON))["entries"]["privacy.DataExport"]["rows"]
    assert str(export.pk) in {row["id"] for row in rows}


def _assert_every_entry_with_csv_and_files(archive: zipfile.ZipFile, alice) -> None:
    """PI-12: data.json has each entry with ≥ 1 row, section, label, purpose and retention;
    csv/<app>_<model>.csv exists with a BOM; uploaded files are included."""
    names = set(archive.namelist())
    document = json.loads(archive.read(DATA_JSON))
    assert document["user"]["id"] == str(alice.pk)
    for entry in CATALOGUE:
        section = document["entries"][entry.model]
        assert section["rows"], entry.model
        assert section["section"] == entry.section
        assert section["label"] and section["purpose"]
        assert section["retention"]["category"] == entry.retention
        assert csv_name(entry) in names, entry.model
        table = archive.read(csv_name(entry)).decode("utf-8")
        assert table.startswith(CSV_BOM)
        rows = list(csv.reader(io.StringIO(table.removeprefix(CSV_BOM))))
        assert rows[0][0] == "id" and len(rows) == len(section["rows"]) + 1
        # Exactly her own rows: as many as the owner path leads to (the build itself adds
        # the "copy ready" notification and updates the export afterwards).
        model = apps.get_model(entry.model)
        mine = model._default_manager.filter(**{entry.owner_path: alice.pk})
        if entry.model in GROWS_AFTER_THE_BUILD:
            mine = mine.filter(created_at__lt=document_time(document))
        assert len(section["rows"]) == mine.count(), entry.model
    assert README in names and PDF_NAME in names
    attachments = document["entries"]["resumes.ResumeAttachment"]["rows"]
    assert attachments[0]["files"]["file"] in names
    resumes_rows = document["entries"]["resumes.Resume"]["rows"]
    assert any(row["files"].get("photo") in names for row in resumes_rows)


def document_time(document: dict[str, Any]) -> dt.datetime:
    return dt.datetime.fromisoformat(document["generated_at"])


def _assert_decrypted_except_masked(document: dict[str, Any]) -> None:
    account = document["entries"]["accounts.User"]["rows"][0]
    assert account["phone"] == "+8613800138001"
    assert account["real_name"] == "王爱丽"
    assert account["id_number"] == mask_id_number(ALICE_ID)
    assert ALICE_ID not in json.dumps(document, ensure_ascii=False)
    resumes_rows = document["entries"]["resumes.Resume"]["rows"]
    assert "alice@example.com" in {row["email"] for row in resumes_rows}
    guardian = document["entries"]["accounts.GuardianLink"]["rows"][0]
    assert guardian["guardian_name"] == "王母"
    assert guardian["relationship_label"]  # choices carry their label too
    assert account["date_joined"].endswith("+08:00")  # ISO 8601, Beijing time


def _assert_nothing_of_bob(document: dict[str, Any], world) -> None:
    """Bob's messages to Alice belong to her conversation; Bob's own account does not."""
    bob = world["bob"]
    text = json.dumps(document, ensure_ascii=False)
    assert "看了您的简历" in text  # Bob's message in her conversation
    for secret in (bob.phone, BOB_ID, personas.BOB.real_name, str(bob.pk)):
        assert secret not in text
    messages = document["entries"]["messaging.Message"]["rows"]
    assert {row["conversation_id"] for row in messages} == {str(world["conversation"].pk)}


def _assert_pdf_names_her(archive: zipfile.ZipFile) -> None:
    reader = PdfReader(io.BytesIO(archive.read(PDF_NAME)))
    assert len(reader.pages) >= 2
    text = "".join(page.extract_text() for page in reader.pages)
    assert "王爱丽" in text
    assert ALICE_ID not in text


def test_progress_is_reported_step_by_step(alice) -> None:
    seen: list[tuple[int, str]] = []
    data = build_archive(alice, on_progress=lambda progress, step: seen.append((progress, step)))
    assert len(seen) == len(CATALOGUE) + 3
    assert [p for p, _ in seen] == sorted(p for p, _ in seen)
    assert seen[-1] == (99, "zip")
    document = json.loads(_open(data).read(DATA_JSON))
    assert set(document["entries"]) == {entry.model for entry in CATALOGUE}

"""Storing checked files: generated keys, rows, audit events, cleanup on failure."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import pytest
from django.db import IntegrityError

from rencai.accounts.models import User
from rencai.audit.models import AuditEvent
from rencai.core.actors import Actor, Channel
from rencai.core.errors import DomainError
from rencai.files import actions
from rencai.files.actions import (
    private_storage,
    read_bytes,
    store_bytes,
    store_checked,
    store_upload,
)
from rencai.files.choices import DOCUMENT_KINDS, IMAGE_KINDS, FileKind
from rencai.files.errors import FileErrorCode
from rencai.files.inspect import check_bytes
from rencai.files.models import StoredFile
from rencai.files.tests import samples

KEY = re.compile(r"^licence/\d{4}/\d{2}/[0-9a-f]{32}\.(png|jpg|webp|pdf)$")


@pytest.fixture
def actor(bob: User) -> Actor:
    return Actor(user=bob, ip="203.0.113.7", channel=Channel.WEB)


def test_upload_is_stored_under_a_generated_key_with_a_row(bob: User, actor: Actor) -> None:
    data = samples.pdf_bytes(2)
    upload = samples.upload("../../营业执照 2026.php", data, "text/x-php")
    stored = store_upload(
        upload, purpose="licence", accept=DOCUMENT_KINDS, owner=bob, actor=actor, field="licence"
    )
    stored.refresh_from_db()
    assert KEY.match(stored.storage_name)
    assert stored.storage_name.endswith(".pdf")
    assert "营业执照" not in stored.storage_name and "php" not in stored.storage_name
    assert (stored.owner, stored.purpose, stored.kind) == (bob, "licence", FileKind.PDF)
    assert (stored.content_type, stored.size) == ("application/pdf", len(data))
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert stored.original_name == "营业执照 2026.pdf"
    assert (stored.width, stored.height, stored.pages) == (None, None, 2)
    assert read_bytes(stored) == data


def test_stored_image_is_the_reencoded_one(bob: User, actor: Actor) -> None:
    original = samples.jpeg_with_metadata(orientation=6)
    stored = store_upload(
        samples.upload("IMG_2041.jpg", original, "image/jpeg"),
        purpose="licence",
        accept=IMAGE_KINDS,
        owner=bob,
        actor=actor,
    )
    data = read_bytes(stored)
    assert data != original
    assert b"PhoneMaker" not in data and b"Exif\x00\x00" not in data
    assert (stored.size, stored.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert (stored.width, stored.height, stored.pages) == (20, 40, None)
    assert stored.storage_name.endswith(".jpg")


def test_storing_writes_one_audit_event_without_the_file_name(bob: User, actor: Actor) -> None:
    stored = store_upload(
        samples.upload("张三身份证.png", samples.png_bytes(), "image/png"),
        purpose="licence",
        accept=IMAGE_KINDS,
        owner=bob,
        actor=actor,
    )
    event = AuditEvent.objects.get(action="files.stored")
    assert (event.object_type, event.object_id) == ("files.StoredFile", str(stored.pk))
    assert (event.actor_id, event.ip, event.channel) == (bob.pk, "203.0.113.7", Channel.WEB)
    assert event.after == {
        "purpose": "licence",
        "kind": "png",
        "size": stored.size,
        "sha256": stored.sha256,
        "width": 40,
        "height": 20,
        "pages": None,
    }
    assert "张三" not in str(event.after)


def test_refused_upload_stores_nothing(bob: User, actor: Actor) -> None:
    upload = samples.upload("a.png", samples.PHP, "image/png")
    with pytest.raises(DomainError) as caught:
        store_upload(
            upload, purpose="logo", accept=IMAGE_KINDS, owner=bob, actor=actor, field="logo"
        )
    assert caught.value.code == FileErrorCode.TYPE_NOT_ALLOWED
    assert caught.value.fields.keys() == {"logo"}
    assert not StoredFile.objects.exists()
    assert not AuditEvent.objects.filter(action="files.stored").exists()


def test_blob_is_deleted_when_the_row_cannot_be_written(
    bob: User, actor: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    storage = private_storage()
    saved: list[str] = []
    original_save = storage.save

    def save(name: str, content: Any, **kwargs: Any) -> str:
        saved.append(original_save(name, content, **kwargs))
        return saved[-1]

    def fail(*args: Any, **kwargs: Any) -> None:
        raise IntegrityError("simulated")

    monkeypatch.setattr(storage, "save", save)
    monkeypatch.setattr(actions, "record_event", fail)
    with pytest.raises(IntegrityError):
        store_bytes(
            samples.png_bytes(),
            "a.png",
            purpose="licence",
            accept=IMAGE_KINDS,
            owner=bob,
            actor=actor,
        )
    assert len(saved) == 1
    assert not storage.exists(saved[0])
    assert not StoredFile.objects.exists()


def test_store_bytes_runs_the_same_checks(actor: Actor) -> None:
    with pytest.raises(DomainError) as caught:
        store_bytes(
            samples.PHP, "licence.png", purpose="demo", accept=IMAGE_KINDS, owner=None, actor=actor
        )
    assert caught.value.code == FileErrorCode.TYPE_NOT_ALLOWED
    stored = store_bytes(
        samples.png_with_metadata(),
        "demo licence.png",
        purpose="demo",
        accept=IMAGE_KINDS,
        owner=None,
        actor=actor,
    )
    assert stored.owner is None
    assert stored.original_name == "demo licence.png"
    assert b"eXIf" not in read_bytes(stored)


def test_store_checked_does_not_check_again(
    bob: User, actor: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked = check_bytes(samples.pdf_bytes(1), "a.pdf", accept=DOCUMENT_KINDS)

    def no_second_check(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("checked twice")

    monkeypatch.setattr(actions, "check_bytes", no_second_check)
    monkeypatch.setattr(actions, "check_upload", no_second_check)
    stored = store_checked(checked, purpose="licence", owner=bob, actor=actor)
    assert read_bytes(stored) == checked.data


def test_each_store_gets_its_own_key(bob: User, actor: Actor) -> None:
    data = samples.png_bytes()
    first, second = (
        store_bytes(data, "a.png", purpose="logo", accept=IMAGE_KINDS, owner=bob, actor=actor)
        for _ in range(2)
    )
    assert first.storage_name != second.storage_name
    assert first.sha256 == second.sha256


@pytest.mark.parametrize("purpose", ["", "../etc", "Licence", "a/b", "x" * 41])
def test_purpose_must_be_a_short_slug(purpose: str, actor: Actor) -> None:
    checked = check_bytes(samples.png_bytes(), "a.png", accept=IMAGE_KINDS)
    with pytest.raises(ValueError, match="purpose"):
        store_checked(checked, purpose=purpose, owner=None, actor=actor)


def test_read_bytes_can_be_called_again(actor: Actor) -> None:
    data = samples.pdf_bytes(1)
    stored = store_bytes(
        data, "x.pdf", purpose="demo", accept=DOCUMENT_KINDS, owner=None, actor=actor
    )
    assert read_bytes(stored) == data
    assert read_bytes(stored) == data

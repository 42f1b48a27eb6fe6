"""Storing checked files in the private storage. Every stored file gets a row and an audit
event; the storage key is generated, never derived from the uploaded name."""

from __future__ import annotations

import hashlib
import re
import uuid
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from rencai.audit.actions import record_event
from rencai.core.actors import Actor
from rencai.files.choices import FileKind
from rencai.files.inspect import CheckedUpload, check_bytes, check_upload
from rencai.files.models import StoredFile

if TYPE_CHECKING:
    from rencai.accounts.models import User

PRIVATE_STORAGE = "private"
# A purpose names a folder in the storage and a row filter: a short lower-case slug.
_PURPOSE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


def private_storage() -> Storage:
    """The storage that holds uploads (``STORAGES["private"]``); never publicly served."""
    return storages[PRIVATE_STORAGE]


def store_upload(
    upload: UploadedFile | None,
    *,
    purpose: str,
    accept: frozenset[FileKind],
    owner: User | None,
    actor: Actor,
    field: str = "file",
) -> StoredFile:
    """Check an uploaded file (``check_upload``) and store it (``store_checked``).

    Raises ``DomainError`` with a ``FileErrorCode`` and ``fields={field: ...}`` when the file
    is missing, empty, too large, of a type not in ``accept``, damaged or password-protected.
    """
    checked = check_upload(upload, accept=accept, field=field)
    return store_checked(checked, purpose=purpose, owner=owner, actor=actor)


def store_bytes(
    data: bytes,
    name: str,
    *,
    purpose: str,
    accept: frozenset[FileKind],
    owner: User | None,
    actor: Actor,
    field: str = "file",
    max_bytes: int | None = None,
) -> StoredFile:
    """Store bytes produced on the server (for example a generated demo licence image)
    after exactly the same checks as an upload (``check_bytes``); ``max_bytes`` replaces
    ``UPLOAD_MAX_BYTES`` for files the server builds itself (a copy of one's data)."""
    checked = check_bytes(data, name, accept=accept, field=field, max_bytes=max_bytes)
    return store_checked(checked, purpose=purpose, owner=owner, actor=actor)


def store_checked(
    checked: CheckedUpload, *, purpose: str, owner: User | None, actor: Actor
) -> StoredFile:
    """Store a file already checked (by ``CheckedFileField`` or ``check_upload``).

    The blob goes to the private storage under ``<purpose>/<yyyy>/<mm>/<uuid4 hex>.<ext>``;
    the row and the ``files.stored`` audit event are written in one transaction. If they
    cannot be written, the blob is deleted again. (If a *caller's* enclosing transaction
    rolls back later, the blob stays behind without a row; see docs/files.md.)
    """
    if not _PURPOSE.match(purpose):
        raise ValueError(f"invalid file purpose {purpose!r}")
    now = timezone.now()
    key = f"{purpose}/{now:%Y}/{now:%m}/{uuid.uuid4().hex}.{checked.extension}"
    storage = private_storage()
    saved_name = storage.save(key, ContentFile(checked.data))
    try:
        with transaction.atomic():
            stored = StoredFile.objects.create(
                owner=owner,
                purpose=purpose,
                kind=checked.kind,
                content_type=checked.content_type,
                size=checked.size,
                sha256=hashlib.sha256(checked.data).hexdigest(),
                storage_name=saved_name,
                original_name=checked.original_name,
                width=checked.width,
                height=checked.height,
                pages=checked.pages,
            )
            # No file name here: it may contain a person's name. The hash lets a reviewer
            # prove later that the file shown is the file that was stored.
            record_event(
                actor,
                "files.stored",
                stored,
                after={
                    "purpose": purpose,
                    "kind": checked.kind.value,
                    "size": checked.size,
                    "sha256": stored.sha256,
                    "width": checked.width,
                    "height": checked.height,
                    "pages": checked.pages,
                },
            )
    except BaseException:
        storage.delete(saved_name)
        raise
    return stored


def read_bytes(stored: StoredFile) -> bytes:
    """The stored content of ``stored`` (for thumbnails, exports, tests). Views serve files
    with ``rencai.files.serving.file_response`` instead, which streams."""
    with private_storage().open(stored.storage_name, "rb") as handle:
        data = handle.read()
    return bytes(data)

"""DOCX uploads (for resumes): recognised as a ZIP archive with a Word document inside, only
where the caller accepts DOCX; other archives, macro documents and ZIP bombs are refused."""

from __future__ import annotations

import io
import zipfile

import pytest

from rencai.core.errors import DomainError
from rencai.files.choices import DOCUMENT_KINDS, TEXT_DOCUMENT_KINDS, FileKind
from rencai.files.errors import FileErrorCode
from rencai.files.inspect import DOCX_MAX_UNPACKED_BYTES, check_bytes
from rencai.testing.resumes import cv_docx


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _code(data: bytes, accept: frozenset[FileKind] = TEXT_DOCUMENT_KINDS) -> str:
    with pytest.raises(DomainError) as caught:
        check_bytes(data, "cv.docx", accept=accept)
    return caught.value.code


def test_a_word_document_is_accepted_as_docx_with_its_bytes_kept() -> None:
    data = cv_docx()
    checked = check_bytes(data, "简历.DOCX", accept=TEXT_DOCUMENT_KINDS)
    assert checked.kind == FileKind.DOCX
    assert checked.data == data
    assert checked.extension == "docx"
    assert checked.original_name == "简历.DOCX"
    assert checked.content_type.endswith("wordprocessingml.document")


def test_docx_is_refused_where_only_images_and_pdfs_are_accepted() -> None:
    assert _code(cv_docx(), DOCUMENT_KINDS) == FileErrorCode.TYPE_NOT_ALLOWED


def test_another_zip_archive_is_not_a_docx() -> None:
    assert _code(_zip({"a.txt": b"hello"})) == FileErrorCode.TYPE_NOT_ALLOWED


def test_a_macro_enabled_document_is_refused() -> None:
    data = _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w:document/>",
            "word/vbaProject.bin": b"\x00" * 10,
        }
    )
    assert _code(data) == FileErrorCode.TYPE_NOT_ALLOWED


def test_a_zip_bomb_is_too_large_without_being_unpacked() -> None:
    data = _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b" " * (DOCX_MAX_UNPACKED_BYTES + 1),
        }
    )
    assert len(data) < 1_000_000
    assert _code(data) == FileErrorCode.TOO_LARGE


def test_a_truncated_archive_is_corrupt() -> None:
    assert _code(cv_docx()[:200]) == FileErrorCode.CORRUPT


def test_stored_docx_is_not_an_image(db: None) -> None:
    from rencai.core.actors import system_actor
    from rencai.files.actions import store_bytes

    stored = store_bytes(
        cv_docx(),
        "cv.docx",
        purpose="test",
        accept=TEXT_DOCUMENT_KINDS,
        owner=None,
        actor=system_actor(),
    )
    assert stored.kind == FileKind.DOCX
    assert not stored.is_image

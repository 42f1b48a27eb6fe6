"""Serving stored files: content, and the headers that keep a file from acting as a page."""

from __future__ import annotations

import pytest
from django.test import Client

from rencai.core.actors import Actor, system_actor
from rencai.files.actions import read_bytes, store_bytes
from rencai.files.choices import DOCUMENT_KINDS
from rencai.files.models import StoredFile
from rencai.files.serving import IMAGE_CSP, PDF_CSP, content_disposition, file_response
from rencai.files.tests import samples

pytestmark = pytest.mark.django_db


def stored_file(data: bytes, name: str, actor: Actor | None = None) -> StoredFile:
    return store_bytes(
        data,
        name,
        purpose="licence",
        accept=DOCUMENT_KINDS,
        owner=None,
        actor=actor or system_actor(),
    )


def body(response: object) -> bytes:
    # Not response.close(): outside the test client that sends request_finished, which
    # closes the test database connection. The test client closes its responses itself
    # once the content has been consumed.
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_image_is_served_inline_with_safe_headers() -> None:
    stored = stored_file(samples.png_bytes(), "营业执照.png")
    expected = read_bytes(stored)
    response = file_response(stored)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Length"] == str(stored.size)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["Content-Security-Policy"] == IMAGE_CSP
    assert "sandbox" in IMAGE_CSP and "default-src 'none'" in IMAGE_CSP
    assert response["Content-Disposition"] == (
        "inline; filename=\"file.png\"; filename*=UTF-8''%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7.png"
    )
    assert body(response) == expected


def test_pdf_is_served_so_that_the_browser_viewer_can_show_it() -> None:
    data = samples.pdf_bytes(2)
    stored = stored_file(data, "licence.pdf")
    response = file_response(stored)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Security-Policy"] == PDF_CSP
    assert "sandbox" not in PDF_CSP
    assert "default-src 'none'" in PDF_CSP and "frame-ancestors 'self'" in PDF_CSP
    assert response["Content-Disposition"] == (
        "inline; filename=\"licence.pdf\"; filename*=UTF-8''licence.pdf"
    )
    assert body(response) == data


def test_attachment_download() -> None:
    stored = stored_file(samples.pdf_bytes(1), "授权书 final.pdf")
    response = file_response(stored, as_attachment=True)
    assert response["Content-Disposition"] == (
        'attachment; filename="final.pdf"; '
        "filename*=UTF-8''%E6%8E%88%E6%9D%83%E4%B9%A6%20final.pdf"
    )
    body(response)


@pytest.mark.parametrize(
    ("name", "fallback"),
    [
        ("licence.pdf", "licence.pdf"),
        ('a"b\\c.pdf', "a_b_c.pdf"),
        ("营业执照.jpg", "file.jpg"),
        ("café.png", "cafe.png"),
        ("营业执照", "file"),
        ("licence", "licence"),
        ("___.pdf", "file.pdf"),
    ],
)
def test_content_disposition_has_an_ascii_fallback(name: str, fallback: str) -> None:
    header = content_disposition(name, as_attachment=False)
    assert header.startswith(f"inline; filename=\"{fallback}\"; filename*=UTF-8''")
    assert "\n" not in header and "\r" not in header


@pytest.mark.urls("rencai.files.tests.urls")
def test_headers_survive_the_middleware(client: Client) -> None:
    stored = stored_file(samples.pdf_bytes(1), "licence.pdf")
    response = client.get(f"/files/{stored.pk}")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["Content-Security-Policy"] == PDF_CSP
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert body(response).startswith(b"%PDF-")
    download = client.get(f"/files/{stored.pk}?download=1")
    assert download["Content-Disposition"].startswith("attachment; ")
    body(download)

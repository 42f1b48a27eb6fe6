"""Serving stored files. Callers check permission first; this module only sets the headers
that keep a file from being run as a page, cached or framed by another site."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from django.http import FileResponse

from rencai.files.actions import private_storage
from rencai.files.choices import FileKind
from rencai.files.models import StoredFile

# Images: nothing may load or run; ``sandbox`` gives an opened image a unique origin.
IMAGE_CSP = (
    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'self'"
)
# PDFs: no ``sandbox``, and ``object-src 'self'``. Chromium shows a PDF through a page it
# makes itself, holding an <embed> of the same URL; Chromium versions have been reported to
# refuse to start that viewer in a CSP-sandboxed document or under ``object-src 'none'``
# (crbug 413851, 271452), and browsers on older Chromium cores (360, QQ…) may still do so.
# The bytes are checked to be a PDF and served as ``application/pdf`` with ``nosniff``, so
# they are never parsed as HTML; PDF scripts run inside the viewer, not in our origin.
# See docs/files.md.
PDF_CSP = (
    "default-src 'none'; object-src 'self'; img-src 'self'; style-src 'unsafe-inline'; "
    "frame-ancestors 'self'"
)
_ASCII_UNSAFE = re.compile(r"[^A-Za-z0-9 ._()\-]")


def file_response(stored: StoredFile, *, as_attachment: bool = False) -> FileResponse:
    """Stream ``stored`` from the private storage, shown in the browser (``inline``) or
    downloaded (``as_attachment=True``). Permission checks are the caller's job."""
    handle = private_storage().open(stored.storage_name, "rb")
    response = FileResponse(handle, content_type=stored.content_type)
    response["Content-Disposition"] = content_disposition(
        stored.original_name, as_attachment=as_attachment
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = PDF_CSP if stored.kind == FileKind.PDF else IMAGE_CSP
    # Our own review pages may show the file in an <iframe>/<embed>/<img>; other sites may not.
    response["X-Frame-Options"] = "SAMEORIGIN"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def content_disposition(name: str, *, as_attachment: bool) -> str:
    """``inline; filename="ascii fallback"; filename*=UTF-8''percent-encoded`` (RFC 6266 with
    the RFC 5987 UTF-8 form, so Chinese names survive and old clients get a fallback)."""
    disposition = "attachment" if as_attachment else "inline"
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    ascii_stem, ascii_ext = _ascii(stem) or "file", _ascii(ext)
    fallback = f"{ascii_stem}.{ascii_ext}" if ascii_ext else ascii_stem
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def _ascii(text: str) -> str:
    """An ASCII stand-in for ``text`` (accents dropped, other letters removed)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _ASCII_UNSAFE.sub("_", plain).strip(" ._")

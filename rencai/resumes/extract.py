"""Text of a checked PDF or DOCX (attachments and the CV import). Files reach this module
only after ``rencai.files.inspect`` accepted them; the limits here bound the work anyway."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

from pypdf import PdfReader

from rencai.files.choices import FileKind

MAX_PAGES = 20
MAX_CHARS = 50_000
MAX_DOCUMENT_XML_BYTES = 20 * 1024 * 1024
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def extract_text(data: bytes, kind: str) -> str:
    """The text of a PDF (first 20 pages) or a DOCX, at most 50,000 characters; "" for an
    image, a scanned PDF without text, or a file that cannot be read."""
    try:
        if kind == FileKind.PDF:
            text = _pdf_text(data)
        elif kind == FileKind.DOCX:
            text = _docx_text(data)
        else:
            return ""
    except Exception:  # damaged files: the upload check passed, but text is a bonus
        return ""
    lines = [
        " ".join(line.split()) if "\t" not in line else line.strip() for line in text.splitlines()
    ]
    return "\n".join(line for line in lines if line)[:MAX_CHARS]


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data), strict=False)
    parts: list[str] = []
    for page in reader.pages[:MAX_PAGES]:
        parts.append(page.extract_text() or "")
        if sum(len(part) for part in parts) > MAX_CHARS:
            break
    return "\n".join(parts)


def _docx_text(data: bytes) -> str:
    """Paragraphs of ``word/document.xml`` (table cells included), one line each; tabs kept
    between columns. A document with a DTD is refused (Word never writes one)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("word/document.xml")
        if info.file_size > MAX_DOCUMENT_XML_BYTES:
            return ""
        xml = archive.read(info)
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        return ""
    # No DTD, so no entity can expand (the attacks defusedxml guards against need one).
    root = ElementTree.fromstring(xml)  # noqa: S314
    lines: list[str] = []
    for paragraph in root.iter(f"{_W}p"):
        pieces: list[str] = []
        for node in paragraph.iter():
            if node.tag == f"{_W}t" and node.text:
                pieces.append(node.text)
            elif node.tag == f"{_W}tab":
                pieces.append("\t")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                pieces.append("\n")
        lines.append("".join(pieces))
    return "\n".join(lines)

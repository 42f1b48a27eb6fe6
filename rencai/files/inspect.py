"""Checking an upload by its content: type from magic bytes, size, images re-encoded without
metadata, PDFs opened. Nothing here trusts the file name or the client's content type."""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageCms, ImageOps
from pypdf import PasswordType, PdfReader

from rencai.core.errors import DomainError
from rencai.files.choices import FileKind
from rencai.files.errors import FileErrorCode, file_error

# 40 megapixels (e.g. 8000 × 5000) is far more than a scanned licence needs; above it a tiny
# file can still decode to gigabytes of memory (a "decompression bomb").
MAX_IMAGE_PIXELS = 40_000_000
JPEG_QUALITY = 90
WEBP_QUALITY = 90
MAX_NAME_CHARS = 120
SNIFF_BYTES = 16
# A DOCX is a ZIP archive: limits against archives that expand to gigabytes ("zip bombs").
DOCX_MAX_MEMBERS = 1000
DOCX_MAX_UNPACKED_BYTES = 100 * 1024 * 1024
_ZIP_MAGIC = b"PK\x03\x04"

CONTENT_TYPES: dict[FileKind, str] = {
    FileKind.PNG: "image/png",
    FileKind.JPEG: "image/jpeg",
    FileKind.WEBP: "image/webp",
    FileKind.PDF: "application/pdf",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.ZIP: "application/zip",
    FileKind.CSV: "text/csv; charset=utf-8",
}
# The first extension is the one a stored file gets; the others are kept in display names.
EXTENSIONS: dict[FileKind, tuple[str, ...]] = {
    FileKind.PNG: ("png",),
    FileKind.JPEG: ("jpg", "jpeg", "jpe"),
    FileKind.WEBP: ("webp",),
    FileKind.PDF: ("pdf",),
    FileKind.DOCX: ("docx",),
    FileKind.ZIP: ("zip",),
    FileKind.CSV: ("csv",),
}
_PIL_FORMATS: dict[FileKind, str] = {
    FileKind.PNG: "PNG",
    FileKind.JPEG: "JPEG",
    FileKind.WEBP: "WEBP",
}
# Characters that mean something to a shell, a file system or a header: shown as "_".
# Control, formatting (e.g. right-to-left override), surrogate, private and unassigned.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
_UNSAFE_NAME_CHARS = re.compile(r'[<>:"|?*\x00-\x1f\x7f]')


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed every check. ``data`` is what will be stored: re-encoded for
    images, the uploaded bytes for PDFs. ``original_name`` is a cleaned display name."""

    kind: FileKind
    content_type: str
    data: bytes
    original_name: str
    width: int | None = None
    height: int | None = None
    pages: int | None = None

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def extension(self) -> str:
        """The extension stored files of this kind get (``png``, ``jpg``, ``webp``, ``pdf``)."""
        return EXTENSIONS[self.kind][0]


def sniff(head: bytes) -> FileKind | None:
    """The kind of file that starts with ``head`` (its first 16 bytes are enough), or None.

    PDFs must start with ``%PDF-`` (readers tolerate leading junk; we do not, so that a file
    that is something else first is never taken for a PDF)."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileKind.PNG
    if head.startswith(b"\xff\xd8\xff"):
        return FileKind.JPEG
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return FileKind.WEBP
    if head.startswith(b"%PDF-"):
        return FileKind.PDF
    return None


def clean_filename(name: str, kind: FileKind | None = None) -> str:
    """A display name made from a client's file name: no directories (``/`` or ``\\``), no
    control or invisible formatting characters (such as right-to-left overrides), at most
    120 characters, and the extension of ``kind`` (``a.php`` holding a PNG → ``a.png``).
    Falls back to ``file.<ext>``. Never use the result as a path."""
    text = unicodedata.normalize("NFC", name or "")
    text = re.split(r"[/\\]", text)[-1]
    text = "".join(
        " " if char.isspace() else char
        for char in text
        if char.isspace() or unicodedata.category(char) not in _INVISIBLE_CATEGORIES
    )
    text = _UNSAFE_NAME_CHARS.sub("_", text)
    text = " ".join(text.split()).strip(" .")
    stem, dot, ext = text.rpartition(".")
    stem, ext = (stem, ext.strip()) if dot else (text, "")
    if kind is not None:
        allowed = EXTENSIONS[kind]
        ext = ext if ext.lower() in allowed else allowed[0]
    elif len(ext) > 10 or not ext.isalnum():
        stem, ext = text, ""
    stem = stem.strip(" .") or "file"
    suffix = f".{ext}" if ext else ""
    return stem[: MAX_NAME_CHARS - len(suffix)].rstrip(" .") + suffix


def check_upload(
    upload: UploadedFile | None,
    *,
    accept: frozenset[FileKind],
    field: str = "file",
    max_bytes: int | None = None,
) -> CheckedUpload:
    """Check an uploaded file (from a form or a django-ninja ``File[UploadedFile]``).

    The size the upload declares is checked before anything is read, so a huge upload is
    refused without being loaded into memory; then at most ``max_bytes + 1`` bytes are read
    (in case the declared size is wrong) and handed to ``check_bytes``. Raises
    ``DomainError`` with a ``FileErrorCode`` and ``fields={field: message}``.
    """
    limit = max_bytes or settings.UPLOAD_MAX_BYTES
    if upload is None:
        raise file_error(FileErrorCode.MISSING, field=field)
    if upload.size is not None:
        if upload.size == 0:
            raise file_error(FileErrorCode.EMPTY, field=field)
        if upload.size > limit:
            raise file_error(FileErrorCode.TOO_LARGE, field=field, max_bytes=limit)
    upload.seek(0)
    data = upload.read(limit + 1)
    return check_bytes(data, upload.name or "", accept=accept, field=field, max_bytes=limit)


def check_bytes(
    data: bytes,
    name: str,
    *,
    accept: frozenset[FileKind],
    field: str = "file",
    max_bytes: int | None = None,
) -> CheckedUpload:
    """Run every check on ``data`` (called ``name`` by whoever supplied it): not empty, not
    larger than ``max_bytes`` (default ``settings.UPLOAD_MAX_BYTES``), a kind in ``accept``
    recognised from its magic bytes, and a file that opens (images are re-encoded)."""
    limit = max_bytes or settings.UPLOAD_MAX_BYTES
    if not data:
        raise file_error(FileErrorCode.EMPTY, field=field)
    if len(data) > limit:
        raise file_error(FileErrorCode.TOO_LARGE, field=field, max_bytes=limit)
    kind = sniff(data[:SNIFF_BYTES])
    if kind is None and FileKind.DOCX in accept and data.startswith(_ZIP_MAGIC):
        kind = FileKind.DOCX  # a ZIP archive: _check_docx decides whether it is a DOCX
    elif kind is None and FileKind.ZIP in accept and data.startswith(_ZIP_MAGIC):
        kind = FileKind.ZIP  # only archives the platform built (accepted nowhere for uploads)
    if kind is None and FileKind.CSV in accept and _is_utf8_text(data):
        kind = FileKind.CSV  # text has no magic bytes: only where a caller asks for CSV
    if kind is None or kind not in accept:
        raise file_error(FileErrorCode.TYPE_NOT_ALLOWED, field=field, accept=accept)
    display_name = clean_filename(name, kind)
    if kind == FileKind.CSV:
        return CheckedUpload(kind, CONTENT_TYPES[kind], data, display_name)
    if kind == FileKind.DOCX:
        _check_docx(data, field=field, accept=accept)
        return CheckedUpload(kind, CONTENT_TYPES[kind], data, display_name)
    if kind == FileKind.ZIP:
        _check_zip(data, field=field)
        return CheckedUpload(kind, CONTENT_TYPES[kind], data, display_name)
    if kind == FileKind.PDF:
        pages = _count_pdf_pages(data, field=field)
        return CheckedUpload(kind, CONTENT_TYPES[kind], data, display_name, pages=pages)
    clean, width, height = _reencode_image(data, kind, field=field)
    return CheckedUpload(kind, CONTENT_TYPES[kind], clean, display_name, width, height)


def _is_utf8_text(data: bytes) -> bool:
    """UTF-8 text (a BOM allowed) without NUL bytes: what a generated CSV table is."""
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return True


def _count_pdf_pages(data: bytes, *, field: str) -> int:
    """Open the PDF and count its pages. A PDF that opens with an empty password (only
    an owner password that restricts printing or copying) is accepted: any viewer opens it."""
    encrypted = False
    pages = 0
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            encrypted = reader.decrypt("") == PasswordType.NOT_DECRYPTED
        if not encrypted:
            pages = len(reader.pages)
            # Reading the first page's size proves the page tree leads to a real page.
            if pages and reader.pages[0].mediabox.width <= 0:
                pages = 0
    except Exception as exc:  # pypdf raises many kinds of errors on malformed input
        raise file_error(FileErrorCode.CORRUPT, field=field) from exc
    if encrypted:
        raise file_error(FileErrorCode.ENCRYPTED, field=field)
    if pages < 1:
        raise file_error(FileErrorCode.CORRUPT, field=field)
    return pages


def _check_docx(data: bytes, *, field: str, accept: frozenset[FileKind]) -> None:
    """A DOCX is a ZIP archive with ``[Content_Types].xml`` and ``word/document.xml``.
    Other archives are refused as the wrong type; macro-enabled documents (a VBA project)
    too. Archives with too many members or expanding to more than 100 MB are refused as
    too large, before anything is unpacked. (Password-protected Word files are not ZIP
    archives at all and are refused as the wrong type.)"""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise file_error(FileErrorCode.CORRUPT, field=field) from exc
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise file_error(FileErrorCode.TYPE_NOT_ALLOWED, field=field, accept=accept)
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise file_error(FileErrorCode.TYPE_NOT_ALLOWED, field=field, accept=accept)
    if any(member.flag_bits & 0x1 for member in members):  # encrypted members: not Word's
        raise file_error(FileErrorCode.CORRUPT, field=field)
    unpacked = sum(member.file_size for member in members)
    if len(members) > DOCX_MAX_MEMBERS or unpacked > DOCX_MAX_UNPACKED_BYTES:
        raise file_error(FileErrorCode.TOO_LARGE, field=field, max_bytes=DOCX_MAX_UNPACKED_BYTES)


def _check_zip(data: bytes, *, field: str) -> None:
    """A ZIP archive whose directory reads and whose members are not encrypted."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise file_error(FileErrorCode.CORRUPT, field=field) from exc
    if not members or any(member.flag_bits & 0x1 for member in members):
        raise file_error(FileErrorCode.CORRUPT, field=field)


def _reencode_image(data: bytes, kind: FileKind, *, field: str) -> tuple[bytes, int, int]:
    """Decode the image fully and encode it again in the same format, upright (EXIF
    orientation applied) and without EXIF, XMP, comments or text chunks; an ICC colour
    profile is kept. Only the first frame of an animation is kept.

    An image of more than ``MAX_IMAGE_PIXELS`` is refused with ``file_too_large`` before its
    pixels are decoded; one that Pillow cannot decode is ``file_corrupt``."""
    pil_format = _PIL_FORMATS[kind]
    too_large = file_error(FileErrorCode.TOO_LARGE, field=field, max_pixels=MAX_IMAGE_PIXELS)
    corrupt = file_error(FileErrorCode.CORRUPT, field=field)
    # Pillow raises OSError, SyntaxError, ValueError, struct.error… on damaged files, and
    # warns (RuntimeWarning) or raises on decompression bombs: all of it means "refused".
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=[pil_format]) as probe:
                width, height = probe.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise too_large
                probe.verify()
            # verify() leaves the image unusable: open it again to decode the pixels.
            with Image.open(io.BytesIO(data), formats=[pil_format]) as image:
                image.load()
                icc_profile = image.info.get("icc_profile")
                ImageOps.exif_transpose(image, in_place=True)
                clean, icc_profile = _convert_mode(image, kind, icc_profile)
                out = io.BytesIO()
                _save(clean, out, kind, icc_profile)
        except DomainError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise too_large from exc
        except Exception as exc:
            raise corrupt from exc
    return out.getvalue(), clean.width, clean.height


def _convert_mode(
    image: Image.Image, kind: FileKind, icc_profile: bytes | None
) -> tuple[Image.Image, bytes | None]:
    """``image`` in a mode the target format stores well (converted when needed), with an
    empty ``info`` (so the encoder can carry no metadata over), and the matching ICC profile.
    ``image`` is ours to change: it was decoded for this check only."""
    has_alpha = "A" in image.getbands() or "transparency" in image.info
    if image.mode == "CMYK":
        image, icc_profile = _cmyk_to_rgb(image, icc_profile), None
    if kind == FileKind.JPEG:
        target = image.mode if image.mode in ("L", "RGB") else "RGB"
    elif kind == FileKind.PNG:
        keep = ("1", "L", "LA", "I", "I;16", "RGB", "RGBA")
        target = image.mode if image.mode in keep else ("RGBA" if has_alpha else "RGB")
    else:
        target = "RGBA" if has_alpha else "RGB"
    clean = image.convert(target) if image.mode != target else image
    clean.info = {}
    return clean, icc_profile


def _cmyk_to_rgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """CMYK (print scans) → sRGB, through the embedded profile when there is one."""
    if icc_profile:
        try:
            converted = ImageCms.profileToProfile(
                image,
                ImageCms.ImageCmsProfile(io.BytesIO(icc_profile)),
                ImageCms.createProfile("sRGB"),
                outputMode="RGB",
            )
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: fall back to the plain conversion below
    return image.convert("RGB")


def _save(image: Image.Image, out: io.BytesIO, kind: FileKind, icc_profile: bytes | None) -> None:
    options: dict[str, object] = {"icc_profile": icc_profile} if icc_profile else {}
    if kind == FileKind.JPEG:
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, **options)
    elif kind == FileKind.WEBP:
        image.save(out, "WEBP", quality=WEBP_QUALITY, **options)
    else:
        image.save(out, "PNG", **options)

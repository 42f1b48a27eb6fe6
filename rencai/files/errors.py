"""Error codes of the files app (stable: API clients, forms and tests rely on them)."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from rencai.core.errors import DomainError
from rencai.files.choices import FileKind

# Short, untranslated format names for "allowed types" messages (they read the same in Chinese).
KIND_NAMES: dict[FileKind, str] = {
    FileKind.PNG: "PNG",
    FileKind.JPEG: "JPEG",
    FileKind.WEBP: "WebP",
    FileKind.PDF: "PDF",
    FileKind.DOCX: "DOCX",
    FileKind.ZIP: "ZIP",
    FileKind.CSV: "CSV",
}
_KIND_ORDER = list(FileKind)
MEGABYTE = 1024 * 1024


class FileErrorCode(StrEnum):
    EMPTY = "file_empty"
    TOO_LARGE = "file_too_large"
    TYPE_NOT_ALLOWED = "file_type_not_allowed"
    CORRUPT = "file_corrupt"
    ENCRYPTED = "file_encrypted"
    MISSING = "file_missing"


MESSAGES: dict[FileErrorCode, Promise] = {
    FileErrorCode.EMPTY: _("The file is empty."),
    FileErrorCode.TOO_LARGE: _("The file is too large: at most {limit} MB."),
    FileErrorCode.TYPE_NOT_ALLOWED: _("This type of file is not accepted. Allowed types: {types}."),
    FileErrorCode.CORRUPT: _("The file is damaged or incomplete and cannot be opened."),
    FileErrorCode.ENCRYPTED: _(
        "The PDF is protected by a password. Please upload a copy without a password."
    ),
    FileErrorCode.MISSING: _("Please choose a file."),
}
# Same code as TOO_LARGE: a decompression bomb is small in bytes but too large in pixels.
TOO_MANY_PIXELS: Promise = _("The image is too large: at most {limit} megapixels.")


def format_megabytes(num_bytes: int) -> str:
    """``10485760`` → ``"10"``, ``1572864`` → ``"1.5"``, ``2048`` → ``"0.002"`` (binary
    megabytes, as the limit is set)."""
    megabytes = num_bytes / MEGABYTE
    if megabytes >= 1:
        return f"{megabytes:.1f}".removesuffix(".0")
    return f"{megabytes:.3f}".rstrip("0").rstrip(".") or "0"


def kind_names(kinds: Iterable[FileKind]) -> str:
    """``"PNG, JPEG, PDF"`` in a stable order."""
    wanted = set(kinds)
    return ", ".join(KIND_NAMES[kind] for kind in _KIND_ORDER if kind in wanted)


def file_error(
    code: FileErrorCode,
    *,
    field: str,
    max_bytes: int | None = None,
    max_pixels: int | None = None,
    accept: Iterable[FileKind] | None = None,
) -> DomainError:
    """The error for one upload field: ``fields={field: message}``, HTTP 400.

    ``max_bytes`` fills the limit of ``file_too_large`` (``max_pixels`` instead for an image
    with too many pixels); ``accept`` lists the allowed types of ``file_type_not_allowed``.
    """
    message: str | Promise = MESSAGES[code]
    if code == FileErrorCode.TOO_LARGE and max_pixels is not None:
        message = format_lazy(TOO_MANY_PIXELS, limit=max_pixels // 1_000_000)
    elif code == FileErrorCode.TOO_LARGE:
        message = format_lazy(message, limit=format_megabytes(max_bytes or 0))
    elif code == FileErrorCode.TYPE_NOT_ALLOWED:
        message = format_lazy(message, types=kind_names(accept or ()))
    return DomainError(code, message, fields={field: message}, status=400)

"""Offline face-verification backend with deterministic answers."""

from __future__ import annotations

import hashlib

from rencai.providers.face.base import FaceResult, FaceStatus

JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MIN_IMAGE_BYTES = 1024  # smaller images are treated as too low quality to compare


class SandboxFaceProvider:
    """``pass`` for a JPEG or PNG of at least 1 KiB, ``fail`` for a smaller one,
    ``invalid_image`` for anything that is not a JPEG or PNG. Nothing is stored."""

    name = "sandbox"

    def verify(self, *, name: str, id_number: str, image: bytes) -> FaceResult:
        reference = "sbx-face-" + hashlib.sha256(image).hexdigest()[:16]
        if not image.startswith((JPEG_MAGIC, PNG_MAGIC)):
            return FaceResult(FaceStatus.INVALID_IMAGE, 0, reference)
        if len(image) < MIN_IMAGE_BYTES:
            return FaceResult(FaceStatus.FAIL, 41, reference)
        return FaceResult(FaceStatus.PASS, 96, reference)

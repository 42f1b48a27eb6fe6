"""The face-verification interface (a live photo compared with the registry photo)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class FaceStatus:
    PASS = "pass"
    FAIL = "fail"
    INVALID_IMAGE = "invalid_image"


@dataclass(frozen=True)
class FaceResult:
    """The vendor's verdict, similarity score (0–100) and reference; never the image."""

    status: str
    score: int
    reference: str


class FaceServiceError(Exception):
    """The verification service could not answer."""


class FaceProvider(Protocol):
    name: str

    def verify(self, *, name: str, id_number: str, image: bytes) -> FaceResult: ...

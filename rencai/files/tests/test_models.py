"""StoredFile's small helpers."""

from __future__ import annotations

from rencai.files.choices import FileKind
from rencai.files.models import StoredFile


def test_str_and_is_image() -> None:
    image = StoredFile(original_name="logo.png", kind=FileKind.PNG, size=120)
    pdf = StoredFile(original_name="licence.pdf", kind=FileKind.PDF, size=3000)
    assert str(image) == "logo.png (png, 120 B)"
    assert (image.is_image, pdf.is_image) == (True, False)

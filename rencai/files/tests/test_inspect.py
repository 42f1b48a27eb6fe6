"""Upload checks: type by content, size, corrupt, encrypted, metadata stripped, names."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile, UploadedFile
from django.test import override_settings
from django.utils import translation
from PIL import ExifTags, Image

from rencai.core.errors import DomainError
from rencai.files.choices import DOCUMENT_KINDS, IMAGE_KINDS, FileKind
from rencai.files.errors import FileErrorCode
from rencai.files.inspect import (
    MAX_IMAGE_PIXELS,
    CheckedUpload,
    check_bytes,
    check_upload,
    clean_filename,
    sniff,
)
from rencai.files.tests import samples


def refused(upload: object, accept: frozenset[FileKind] = DOCUMENT_KINDS, **kw: object) -> str:
    with pytest.raises(DomainError) as caught:
        check_upload(upload, accept=accept, **kw)
    assert caught.value.status == 400
    assert list(caught.value.fields) == [kw.get("field", "file")]
    return caught.value.code


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("shell.png", samples.PHP, "image/png"),
        ("shell.php.png", samples.PHP, "image/png"),
        ("page.png", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "image/png"),
        (
            "logo.svg",
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
            b"<script>alert(1)</script></svg>",
            "image/svg+xml",
        ),
        ("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "image/png"),
        ("archive.pdf", b"PK\x03\x04" + b"\x00" * 40, "application/pdf"),
        ("setup.jpg", b"MZ\x90\x00" + b"\x00" * 60, "image/jpeg"),
        ("anim.png", b"GIF89a" + b"\x00" * 40, "image/png"),
        ("notes.pdf", b" %PDF-1.7 leading space is not a PDF", "application/pdf"),
    ],
)
def test_content_not_matching_an_allowed_type_is_refused(
    name: str, data: bytes, content_type: str
) -> None:
    upload = SimpleUploadedFile(name, data, content_type=content_type)
    assert refused(upload) == FileErrorCode.TYPE_NOT_ALLOWED


def test_php_file_renamed_png_is_refused_with_the_field_name() -> None:
    upload = samples.upload("a.png", samples.PHP, "image/png")
    with pytest.raises(DomainError) as caught:
        check_upload(upload, accept=IMAGE_KINDS, field="licence")
    assert caught.value.code == FileErrorCode.TYPE_NOT_ALLOWED
    assert list(caught.value.fields) == ["licence"]


def test_a_real_type_outside_accept_is_refused() -> None:
    upload = samples.upload("licence.pdf", samples.pdf_bytes(1), "application/pdf")
    assert refused(upload, accept=IMAGE_KINDS) == FileErrorCode.TYPE_NOT_ALLOWED


def test_type_message_lists_the_allowed_types_in_english_and_chinese() -> None:
    upload = samples.upload("a.png", samples.PHP)
    with pytest.raises(DomainError) as caught:
        check_upload(upload, accept=IMAGE_KINDS)
    with translation.override("en"):
        assert str(caught.value.message) == (
            "This type of file is not accepted. Allowed types: PNG, JPEG, WebP."
        )
        assert str(caught.value.fields["file"]) == str(caught.value.message)


def test_zero_byte_pdf_is_empty() -> None:
    upload = samples.upload("licence.pdf", b"", "application/pdf")
    assert refused(upload) == FileErrorCode.EMPTY


def test_missing_upload_is_file_missing() -> None:
    assert refused(None) == FileErrorCode.MISSING


def test_fifty_megabyte_upload_is_refused_without_being_read() -> None:
    upload = samples.huge_upload(50 * 1024 * 1024)  # reading it fails the test
    with pytest.raises(DomainError) as caught:
        check_upload(upload, accept=DOCUMENT_KINDS)
    assert caught.value.code == FileErrorCode.TOO_LARGE
    with translation.override("en"):
        assert str(caught.value.message) == "The file is too large: at most 10 MB."


@override_settings(UPLOAD_MAX_BYTES=2048)
def test_limit_comes_from_settings_and_is_shown_in_megabytes() -> None:
    data = samples.pdf_bytes(1) + b"\n" * 2048
    with pytest.raises(DomainError) as caught:
        check_upload(samples.upload("a.pdf", data), accept=DOCUMENT_KINDS)
    assert caught.value.code == FileErrorCode.TOO_LARGE
    with translation.override("en"):
        assert str(caught.value.message) == "The file is too large: at most 0.002 MB."


def test_explicit_max_bytes_wins_over_settings() -> None:
    upload = samples.upload("a.pdf", samples.pdf_bytes(1))
    assert refused(upload, max_bytes=100) == FileErrorCode.TOO_LARGE


def test_an_upload_that_under_declares_its_size_is_still_refused() -> None:
    upload = samples.upload("a.pdf", samples.pdf_bytes(1) + b"\n" * 5000)
    upload.size = 10  # a lying size must not let a large body through
    assert refused(upload, max_bytes=4096) == FileErrorCode.TOO_LARGE


def test_png_with_gps_exif_is_stored_upright_without_metadata() -> None:
    original = samples.png_with_metadata(orientation=6)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    checked = check_upload(
        samples.upload("IMG_0001.PNG", original, "image/png"), accept=IMAGE_KINDS
    )
    assert (checked.kind, checked.content_type) == (FileKind.PNG, "image/png")
    assert (checked.width, checked.height, checked.pages) == (20, 40, None)
    assert checked.original_name == "IMG_0001.PNG"
    image = Image.open(io.BytesIO(checked.data))
    assert image.format == "PNG"
    assert image.size == (20, 40)  # orientation 6 applied: turned a quarter clockwise
    assert image.getpixel((10, 2)) == (255, 0, 0)
    assert image.getpixel((10, 37)) == (0, 0, 255)
    assert dict(image.getexif()) == {}
    assert "Author" not in image.info
    assert b"eXIf" not in checked.data
    assert b"Zhang San" not in checked.data


def test_jpeg_with_gps_exif_comment_and_xmp_is_stored_without_them() -> None:
    original = samples.jpeg_with_metadata(orientation=6)
    checked = check_upload(samples.upload("photo.jpeg", original, "image/jpeg"), accept=IMAGE_KINDS)
    assert (checked.kind, checked.width, checked.height) == (FileKind.JPEG, 20, 40)
    assert checked.original_name == "photo.jpeg"
    image = Image.open(io.BytesIO(checked.data))
    assert image.format == "JPEG"
    assert dict(image.getexif()) == {}
    assert not {"exif", "xmp", "comment"} & set(image.info)
    assert b"Exif\x00\x00" not in checked.data
    assert b"PhoneMaker" not in checked.data
    assert b"Zhang San" not in checked.data
    assert b"adobe:ns:meta" not in checked.data
    red, _green, blue = image.getpixel((10, 2))  # type: ignore[misc]
    assert red > 200 and blue < 50


def test_webp_with_exif_is_reencoded_without_it() -> None:
    original = samples.webp_bytes(exif=samples.gps_exif(1))
    checked = check_bytes(original, "logo.webp", accept=IMAGE_KINDS)
    assert checked.kind == FileKind.WEBP
    image = Image.open(io.BytesIO(checked.data))
    assert image.format == "WEBP"
    assert dict(image.getexif()) == {}
    assert b"EXIF" not in checked.data


def test_icc_profile_is_kept() -> None:
    profile = samples.srgb_profile()
    checked = check_bytes(samples.png_bytes(icc_profile=profile), "a.png", accept=IMAGE_KINDS)
    assert Image.open(io.BytesIO(checked.data)).info.get("icc_profile") == profile


def test_cmyk_jpeg_becomes_rgb() -> None:
    data = samples.jpeg_bytes(Image.new("CMYK", (30, 30), (0, 255, 255, 0)))
    checked = check_bytes(data, "scan.jpg", accept=IMAGE_KINDS)
    image = Image.open(io.BytesIO(checked.data))
    assert image.mode == "RGB"
    red, green, blue = image.getpixel((15, 15))  # type: ignore[misc]
    assert red > 200 and green < 60 and blue < 60


def test_palette_png_with_transparency_keeps_its_transparency() -> None:
    palette = Image.new("P", (10, 10), 1)
    palette.putpalette([255, 255, 255, 255, 0, 0] + [0] * 762)
    palette.info["transparency"] = 0
    palette.paste(0, (0, 0, 5, 10))
    checked = check_bytes(
        samples.png_bytes(palette, transparency=0), "logo.png", accept=IMAGE_KINDS
    )
    image = Image.open(io.BytesIO(checked.data))
    assert image.mode == "RGBA"
    assert image.getpixel((1, 1))[3] == 0
    assert image.getpixel((8, 1)) == (255, 0, 0, 255)


def test_truncated_png_is_corrupt() -> None:
    data = samples.png_bytes(samples.two_colour_image(200, 200))
    upload = samples.upload("a.png", data[: len(data) // 2], "image/png")
    assert refused(upload) == FileErrorCode.CORRUPT


def test_garbage_with_jpeg_magic_is_corrupt() -> None:
    upload = samples.upload("a.jpg", b"\xff\xd8\xff\xe0" + b"\x13\x37" * 500, "image/jpeg")
    assert refused(upload) == FileErrorCode.CORRUPT


def test_decompression_bomb_is_too_large() -> None:
    data = samples.png_bomb()
    assert len(data) < 200
    with pytest.raises(DomainError) as caught:
        check_bytes(data, "bomb.png", accept=IMAGE_KINDS)
    assert caught.value.code == FileErrorCode.TOO_LARGE
    with translation.override("en"):
        assert str(caught.value.message) == "The image is too large: at most 40 megapixels."


def test_image_just_over_the_pixel_limit_is_refused() -> None:
    assert MAX_IMAGE_PIXELS == 40_000_000
    data = samples.png_bomb(width=8000, height=5001)
    with pytest.raises(DomainError) as caught:
        check_bytes(data, "big.png", accept=IMAGE_KINDS)
    assert caught.value.code == FileErrorCode.TOO_LARGE


def test_garbage_after_pdf_magic_is_corrupt() -> None:
    upload = samples.upload("a.pdf", b"%PDF-1.7\n" + b"\x00garbage\xff" * 200)
    assert refused(upload) == FileErrorCode.CORRUPT


def test_pdf_header_alone_is_corrupt() -> None:
    assert refused(samples.upload("a.pdf", b"%PDF-")) == FileErrorCode.CORRUPT


def test_password_protected_pdf_is_encrypted() -> None:
    data = samples.pdf_bytes(1, user_password="secret", owner_password="owner")
    assert refused(samples.upload("a.pdf", data)) == FileErrorCode.ENCRYPTED


def test_aes_password_protected_pdf_is_encrypted() -> None:
    data = samples.pdf_bytes(1, user_password="secret", owner_password="o", algorithm="AES-256")
    assert refused(samples.upload("a.pdf", data)) == FileErrorCode.ENCRYPTED


def test_pdf_with_only_an_owner_password_opens_and_is_accepted() -> None:
    data = samples.pdf_bytes(3, user_password="", owner_password="owner")
    checked = check_bytes(data, "scan.pdf", accept=DOCUMENT_KINDS)
    assert checked.pages == 3


def test_valid_two_page_pdf_is_kept_as_uploaded() -> None:
    data = samples.pdf_bytes(2)
    checked = check_upload(samples.upload("营业执照.pdf", data), accept=DOCUMENT_KINDS)
    assert checked == CheckedUpload(
        kind=FileKind.PDF,
        content_type="application/pdf",
        data=data,
        original_name="营业执照.pdf",
        pages=2,
    )
    assert (checked.size, checked.extension) == (len(data), "pdf")


def test_checking_twice_reads_the_upload_from_the_start() -> None:
    upload = samples.upload("a.pdf", samples.pdf_bytes(2))
    first = check_upload(upload, accept=DOCUMENT_KINDS)
    assert check_upload(upload, accept=DOCUMENT_KINDS) == first


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", FileKind.PNG),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", FileKind.JPEG),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", FileKind.WEBP),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3", FileKind.PDF),
        (b"RIFF\x00\x00\x00\x00WAVEfmt ", None),
        (b"GIF89a", None),
        (b"<?php", None),
        (b"", None),
    ],
)
def test_sniff(head: bytes, kind: FileKind | None) -> None:
    assert sniff(head) == kind


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("../../etc/passwd", FileKind.PNG, "passwd.png"),
        ("..\\..\\windows\\system32\\evil.pdf", FileKind.PDF, "evil.pdf"),
        ("C:\\Users\\张三\\Desktop\\营业执照 副本.jpg", FileKind.JPEG, "营业执照 副本.jpg"),
        ("a.php", FileKind.PNG, "a.png"),
        ("shell.php.png", FileKind.PNG, "shell.php.png"),
        ("photo.JPG", FileKind.JPEG, "photo.JPG"),
        ("scan.jpeg", FileKind.JPEG, "scan.jpeg"),
        ("licence", FileKind.PDF, "licence.pdf"),
        ("", FileKind.PDF, "file.pdf"),
        ("...", FileKind.WEBP, "file.webp"),
        ("/", FileKind.PNG, "file.png"),
        (".htaccess", FileKind.PNG, "htaccess.png"),
        ("in\x00voice\r\n.pdf", FileKind.PDF, "invoice.pdf"),
        ("cod\u202egnp.exe", FileKind.PNG, "codgnp.png"),  # right-to-left override
        ('a<b>:"c"|?*.png', FileKind.PNG, "a_b___c____.png"),
        ("  lots   of\tspace .png", FileKind.PNG, "lots of space.png"),
        ("e\u0301te\u0301.pdf", FileKind.PDF, "\u00e9t\u00e9.pdf"),
        ("report.docx", None, "report.docx"),
        ("dir/", None, "file"),
    ],
)
def test_clean_filename(name: str, kind: FileKind | None, expected: str) -> None:
    assert clean_filename(name, kind) == expected


def test_clean_filename_limits_length_and_keeps_the_extension() -> None:
    cleaned = clean_filename("营" * 300 + ".pdf", FileKind.PDF)
    assert len(cleaned) == 120
    assert cleaned.endswith("营.pdf")


def test_empty_bytes_are_empty() -> None:
    with pytest.raises(DomainError) as caught:
        check_bytes(b"", "a.png", accept=IMAGE_KINDS)
    assert caught.value.code == FileErrorCode.EMPTY


def test_pdf_without_pages_is_corrupt() -> None:
    data = samples.pdf_bytes(0)
    with pytest.raises(DomainError) as caught:
        check_bytes(data, "a.pdf", accept=DOCUMENT_KINDS)
    assert caught.value.code == FileErrorCode.CORRUPT


def test_cmyk_jpeg_with_a_broken_profile_still_becomes_rgb_without_it() -> None:
    cmyk = Image.new("CMYK", (30, 30), (0, 255, 255, 0))
    data = samples.jpeg_bytes(cmyk, icc_profile=b"not a profile")
    checked = check_bytes(data, "scan.jpg", accept=IMAGE_KINDS)
    image = Image.open(io.BytesIO(checked.data))
    assert image.mode == "RGB"
    assert "icc_profile" not in image.info


def test_upload_from_a_temporary_file_on_disk() -> None:
    data = samples.pdf_bytes(2)
    upload = TemporaryUploadedFile("licence.pdf", "application/pdf", len(data), None)
    upload.write(data)
    upload.seek(0)
    try:
        assert check_upload(upload, accept=DOCUMENT_KINDS).pages == 2
    finally:
        upload.close()


def test_upload_without_a_declared_size_is_read_up_to_the_limit() -> None:
    data = samples.pdf_bytes(1)
    upload = UploadedFile(io.BytesIO(data + b"\n" * 5000), "a.pdf", "application/pdf")
    assert upload.size is None
    assert refused(upload, max_bytes=4096) == FileErrorCode.TOO_LARGE
    small = UploadedFile(io.BytesIO(data), "a.pdf", "application/pdf")
    assert check_upload(small, accept=DOCUMENT_KINDS).pages == 1

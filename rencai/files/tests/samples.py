"""Sample files for the files tests, built in memory with Pillow and pypdf."""

from __future__ import annotations

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from PIL import ExifTags, Image, ImageCms, PngImagePlugin
from pypdf import PdfWriter

PHP = b"<?php system($_GET['c']); ?>"
GPS_LATITUDE = (39.0, 54.0, 27.0)  # Beijing: what a phone photo of a licence gives away


def gps_exif(orientation: int = 1) -> Image.Exif:
    """EXIF with a camera make, an orientation and a GPS position."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = GPS_LATITUDE
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (116.0, 23.0, 30.0)
    return exif


def two_colour_image(width: int = 40, height: int = 20) -> Image.Image:
    """Left half red, right half blue: after a 90° turn, red is on top."""
    image = Image.new("RGB", (width, height), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, width // 2, height))
    return image


def png_bytes(image: Image.Image | None = None, **options: object) -> bytes:
    out = io.BytesIO()
    (image or two_colour_image()).save(out, "PNG", **options)
    return out.getvalue()


def jpeg_bytes(image: Image.Image | None = None, **options: object) -> bytes:
    out = io.BytesIO()
    (image or two_colour_image()).save(out, "JPEG", quality=95, **options)
    return out.getvalue()


def webp_bytes(image: Image.Image | None = None, **options: object) -> bytes:
    out = io.BytesIO()
    (image or two_colour_image()).save(out, "WEBP", **options)
    return out.getvalue()


def png_with_metadata(orientation: int = 6) -> bytes:
    """A PNG with an eXIf chunk (GPS, orientation) and a text chunk naming the author."""
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Zhang San")
    return png_bytes(exif=gps_exif(orientation), pnginfo=text)


def jpeg_with_metadata(orientation: int = 6) -> bytes:
    """A JPEG with EXIF (GPS, orientation), a comment and XMP."""
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    return jpeg_bytes(exif=gps_exif(orientation), comment=b"Zhang San", xmp=xmp)


def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def pdf_bytes(pages: int = 2, **encrypt: str) -> bytes:
    """A PDF with ``pages`` blank A4 pages; ``encrypt`` is passed to ``PdfWriter.encrypt``."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if encrypt:
        writer.encrypt(**encrypt)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A tiny PNG whose header claims ``width`` × ``height`` pixels (10 gigapixels)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit grey
    rows = zlib.compress(b"\x00" * 1000)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> UploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


class NeverRead(io.RawIOBase):
    """A file object that fails the test if anything reads from it."""

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        raise AssertionError("the upload was read")

    def readinto(self, buffer: object) -> int:
        raise AssertionError("the upload was read")


def huge_upload(size: int = 50 * 1024 * 1024) -> UploadedFile:
    """An upload that declares ``size`` bytes and must never be read."""
    return UploadedFile(
        file=NeverRead(), name="licence.pdf", content_type="application/pdf", size=size
    )

"""The PDF of a copy (PI-12) shows Chinese with an embedded TrueType CJK font when one is
configured or installed, else with reportlab's built-in STSong-Light; values are written
for people and for machines as the format says."""

from __future__ import annotations

import datetime as dt
import io
import os
import zoneinfo

import pytest
from pypdf import PdfReader

from rencai.privacy import export
from rencai.privacy.catalogue import CATALOGUE

WQY = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"


def _archive() -> export.Archive:
    archive = export.Archive(
        user_id="1",
        display_name="Alice 王爱丽",
        audience="self",
        generated_at=dt.datetime.now(dt.UTC),
    )
    rows = [[("姓名", "王爱丽"), ("说明", "很长的文字" * 400)]] * 3
    archive.entries.append(
        export.EntryData(CATALOGUE[0], ["id"], {"id": "ID"}, [{"id": "1"}], rows)
    )
    return archive


def _fonts(pdf: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(pdf))
    names: set[str] = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        names |= {str(font.get_object()["/BaseFont"]) for font in fonts.values()}
    return names


@pytest.mark.skipif(not os.path.exists(WQY), reason="fonts-wqy-zenhei is not installed")
def test_the_configured_truetype_font_is_embedded(settings) -> None:
    settings.PDF_CJK_FONT = WQY
    assert export.cjk_font() == export.CJK_FONT_NAME
    pdf = export.render_pdf(_archive())
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "王爱丽" in text
    assert "2 / " not in text  # page numbers are "page x of y"
    assert any("+" in name for name in _fonts(pdf))  # an embedded subset: /ABCDEF+Name


def test_without_a_truetype_font_the_builtin_cid_font_is_used(settings, monkeypatch) -> None:
    settings.PDF_CJK_FONT = "/nonexistent/font.ttf"
    monkeypatch.setattr(export, "CJK_FONT_CANDIDATES", ())
    assert export.cjk_font() == export.CID_FALLBACK_FONT
    pdf = export.render_pdf(_archive())
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 2
    assert any("STSong-Light" in name for name in _fonts(pdf))


def test_values_for_machines_and_people(settings) -> None:
    moment = dt.datetime(2026, 10, 1, 1, 30, tzinfo=dt.UTC)
    assert export.plain_value(moment) == "2026-10-01T09:30:00+08:00"
    assert export.plain_value(dt.date(2026, 10, 1)) == "2026-10-01"
    assert export.plain_value({"at": moment, "n": [1, None]}) == {
        "at": "2026-10-01T09:30:00+08:00",
        "n": [1, None],
    }
    assert export.display_value(moment.astimezone(zoneinfo.ZoneInfo("UTC"))) == "2026-10-01 09:30"
    assert export.display_value(None) == "—"
    assert export.display_value("x", "标签") == "标签"
    assert export.mask_value("id_number", "110105199805120020") == "1101**********0020"
    assert export.mask_value("other_secret", "abcdefghijkl") == "abcd****ijkl"
    assert export.mask_value("id_number", "") == ""

"""Building the archive of a copy of one person's data (PI-12) or of a portability
package (PI-13) from the data catalogue.

For every ``CATALOGUE`` entry the rows reachable through its ``owner_path`` are read with
the entry's declared ``fields``: encrypted fields come out decrypted (attribute access),
``masked_fields`` masked (the ID number), dates in ISO 8601 on Beijing time, choice fields
also with their Chinese label. The archive (a ZIP) holds:

- ``data.json``: machine-readable, one key per catalogue entry under ``entries``;
- ``csv/<app>_<model>.csv``: one table per entry, UTF-8 with a BOM so Excel reads Chinese;
- ``files/...``: files the person uploaded that an entry refers to (resume attachments,
  the resume photo, message attachments they sent);
- ``personal-data.pdf``: the same content for people, in Chinese (reportlab, CJK font);
- ``README.txt``: what each part is, in Chinese.

The builder reports progress (one step per entry, then files, PDF and ZIP) through a
callback, so the task can show it. Nothing here writes to the database.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import logging
import os
import uuid
import zipfile
import zoneinfo
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from rencai.core.masking import mask_email, mask_id_number, mask_name, mask_phone
from rencai.files.actions import read_bytes
from rencai.files.inspect import EXTENSIONS
from rencai.files.models import StoredFile
from rencai.privacy.catalogue import CATALOGUE, SECTION_LABELS, CatalogueEntry, Section
from rencai.privacy.choices import ExportAudience

if TYPE_CHECKING:
    from rencai.accounts.models import User

logger = logging.getLogger(__name__)

EXPORT_LANGUAGE = "zh-hans"
FORMAT_NAME = "rencai-personal-data"
FORMAT_VERSION = 1
EXPORT_FILE_PURPOSE = "privacy_export"
DATA_JSON = "data.json"
README = "README.txt"
PDF_NAME = "personal-data.pdf"
CSV_BOM = "\ufeff"
# The PDF shows at most this many rows per entry and this many characters per value; the
# JSON and CSV files always hold everything.
PDF_MAX_ROWS = 300
PDF_MAX_CHARS = 1500

# Steps besides one per catalogue entry: the files, the PDF, the ZIP.
STEP_FILES = "files"
STEP_PDF = "pdf"
STEP_ZIP = "zip"
ENTRY_STEP_PREFIX = "collect:"

# TrueType CJK fonts looked for when ``PDF_CJK_FONT`` names none (Debian/Ubuntu packages
# fonts-wqy-zenhei, fonts-wqy-microhei, fonts-droid-fallback, fonts-arphic-*). OpenType
# fonts with CFF outlines (Noto CJK .otf/.ttc) cannot be embedded by reportlab.
CJK_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/arphic/ukai.ttc",
    "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/System/Library/Fonts/STHeiti Light.ttc",
    "C:/Windows/Fonts/simsun.ttc",
)
CJK_FONT_NAME = "RencaiCJK"
CID_FALLBACK_FONT = "STSong-Light"

# How a masked field is masked (by field name); anything else keeps its first and last
# four characters.
MASKERS: dict[str, Callable[[str], str]] = {
    "id_number": mask_id_number,
    "phone": mask_phone,
    "guardian_phone": mask_phone,
    "email": mask_email,
    "real_name": mask_name,
    "full_name": mask_name,
    "guardian_name": mask_name,
}

ProgressCallback = Callable[[int, str], None]


@dataclass
class EntryData:
    """The rows of one catalogue entry, ready for JSON, CSV and the PDF."""

    entry: CatalogueEntry
    columns: list[str]
    labels: dict[str, str]
    rows: list[dict[str, Any]]
    display_rows: list[list[tuple[str, str]]]

    @property
    def key(self) -> str:
        return self.entry.model

    @property
    def csv_name(self) -> str:
        return csv_name(self.entry)


@dataclass
class ArchiveFile:
    path: str
    data: bytes


@dataclass
class Archive:
    """What was collected for one person; ``zip_bytes()`` packs it."""

    user_id: str
    display_name: str
    audience: str
    generated_at: dt.datetime
    entries: list[EntryData] = field(default_factory=list)
    files: list[ArchiveFile] = field(default_factory=list)
    missing_files: list[str] = field(default_factory=list)


def csv_name(entry: CatalogueEntry) -> str:
    """``csv/resumes_resume.csv`` for ``resumes.Resume``."""
    app_label, _dot, model_name = entry.model.partition(".")
    return f"csv/{app_label}_{model_name.lower()}.csv"


def step_count() -> int:
    """How many progress steps a build has: one per entry, files, PDF, ZIP."""
    return len(CATALOGUE) + 3


def entry_step(entry: CatalogueEntry) -> str:
    return f"{ENTRY_STEP_PREFIX}{entry.model}"


# --- values ---------------------------------------------------------------------------------


def _zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def plain_value(value: Any) -> Any:
    """A JSON-ready form of a model value: datetimes in ISO 8601 on Beijing time, dates
    ISO 8601, decimals and UUIDs as strings; lists and dicts recursively."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(_zone())
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, Mapping):
        return {str(key): plain_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain_value(item) for item in value]
    return str(value)


def mask_value(name: str, value: Any) -> Any:
    """``value`` of the masked field ``name`` as the person's copy shows it."""
    if value in (None, ""):
        return value
    text = str(value)
    masker = MASKERS.get(name)
    if masker is not None:
        return masker(text)
    if len(text) <= 8:
        return "*" * len(text)
    return f"{text[:4]}{'*' * (len(text) - 8)}{text[-4:]}"


def _choice_label(model_field: models.Field[Any, Any], value: Any) -> str | None:
    if not model_field.choices or value in (None, ""):
        return None
    labels = {str(key): label for key, label in model_field.flatchoices}
    label = labels.get(str(value))
    return str(label) if label is not None else None


def display_value(value: Any, label: str | None = None) -> str:
    """A value as a person reads it in the PDF."""
    if label is not None:
        return label
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(_zone())
        return str(value.strftime("%Y-%m-%d %H:%M"))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping | list | tuple):
        if not value:
            return "—"
        return json.dumps(plain_value(value), ensure_ascii=False)
    return str(value)


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


# --- collecting -----------------------------------------------------------------------------


def _file_fields(model: type[models.Model]) -> list[models.ForeignKey[Any, Any]]:
    return [
        model_field
        for model_field in model._meta.fields
        if isinstance(model_field, models.ForeignKey) and model_field.related_model is StoredFile
    ]


def _parent_column(entry: CatalogueEntry) -> str | None:
    """``resume_id`` for ``resume__owner``: relates a row to its parent's table."""
    first, sep, _rest = entry.owner_path.partition("__")
    return f"{first}_id" if sep else None


def rows_of(entry: CatalogueEntry, user: User) -> models.QuerySet[Any]:
    """The rows of ``entry`` that belong to ``user`` (through ``owner_path``)."""
    model = apps.get_model(entry.model)
    rows: models.QuerySet[Any] = model._default_manager.filter(**{entry.owner_path: user.pk})
    return rows.order_by("pk")


class ArchiveBuilder:
    """Collects one person's data from the catalogue and packs it, step by step."""

    def __init__(
        self,
        user: User,
        *,
        audience: str = ExportAudience.SELF,
        on_progress: ProgressCallback | None = None,
        now: dt.datetime | None = None,
    ) -> None:
        self.user = user
        self.on_progress = on_progress
        self.archive = Archive(
            user_id=str(user.pk),
            display_name=user.display_name,
            audience=audience,
            generated_at=now or timezone.now(),
        )
        self._done = 0
        self._total = step_count()
        self._pending_files: list[tuple[str, StoredFile]] = []

    def _step(self, name: str) -> None:
        self._done += 1
        if self.on_progress is not None:
            # 99 at most: the caller reports 100 once the archive is stored.
            self.on_progress(min(99, self._done * 100 // self._total), name)

    def build(self) -> bytes:
        """Every step; returns the ZIP archive's bytes."""
        with translation.override(EXPORT_LANGUAGE):
            for entry in CATALOGUE:
                self.archive.entries.append(self.collect(entry))
                self._step(entry_step(entry))
            self.collect_files()
            self._step(STEP_FILES)
            pdf = render_pdf(self.archive)
            self._step(STEP_PDF)
            data = pack(self.archive, pdf)
            self._step(STEP_ZIP)
        return data

    def collect(self, entry: CatalogueEntry) -> EntryData:
        model = apps.get_model(entry.model)
        meta = model._meta
        parent = _parent_column(entry)
        declared = [meta.get_field(name) for name in entry.fields]
        file_fields = _file_fields(model)
        columns = ["id"] + ([parent] if parent else [])
        labels: dict[str, str] = {"id": "ID"}
        if parent:
            parent_field = meta.get_field(parent.removesuffix("_id"))
            labels[parent] = str(getattr(parent_field, "verbose_name", parent))
        for model_field in declared:
            assert isinstance(model_field, models.Field)
            columns.append(model_field.name)
            labels[model_field.name] = str(model_field.verbose_name)
            if model_field.choices:
                columns.append(f"{model_field.name}_label")
                labels[f"{model_field.name}_label"] = str(model_field.verbose_name)
        if file_fields:
            columns.append("files")
            labels["files"] = _("Files in this archive")
        rows: list[dict[str, Any]] = []
        display_rows: list[list[tuple[str, str]]] = []
        for obj in rows_of(entry, self.user):
            row: dict[str, Any] = {"id": str(obj.pk)}
            if parent:
                row[parent] = plain_value(getattr(obj, parent))
            shown: list[tuple[str, str]] = []
            for model_field in declared:
                assert isinstance(model_field, models.Field)
                name = model_field.name
                raw = getattr(obj, model_field.attname)
                if name in entry.masked_fields:
                    raw = mask_value(name, raw)
                row[name] = plain_value(raw)
                label = _choice_label(model_field, raw)
                if model_field.choices:
                    row[f"{name}_label"] = label
                shown.append((str(model_field.verbose_name), display_value(raw, label)))
            files = self._files_of(entry, obj, file_fields)
            if file_fields:
                row["files"] = files
                if files:
                    shown.append((labels["files"], ", ".join(files.values())))
            rows.append(row)
            display_rows.append(shown)
        return EntryData(entry, columns, labels, rows, display_rows)

    def _files_of(
        self,
        entry: CatalogueEntry,
        obj: models.Model,
        file_fields: Iterable[models.ForeignKey[Any, Any]],
    ) -> dict[str, str]:
        """Files of ``obj`` the person uploaded themselves: path in the archive by field.
        Files others uploaded (an employer's attachment) and earlier copies are left out."""
        found: dict[str, str] = {}
        for model_field in file_fields:
            stored = getattr(obj, model_field.name)
            if not isinstance(stored, StoredFile):
                continue
            if stored.owner_id != self.user.pk or stored.purpose == EXPORT_FILE_PURPOSE:
                continue
            app_label, _dot, model_name = entry.model.partition(".")
            extension = EXTENSIONS.get(stored.kind, ("bin",))[0]  # type: ignore[call-overload]
            path = f"files/{app_label}_{model_name.lower()}/{obj.pk}-{model_field.name}.{extension}"
            found[model_field.name] = path
            self._pending_files.append((path, stored))
        return found

    def collect_files(self) -> None:
        for path, stored in self._pending_files:
            try:
                self.archive.files.append(ArchiveFile(path, read_bytes(stored)))
            except OSError:
                logger.warning("stored file %s is missing from the storage", stored.pk)
                self.archive.missing_files.append(path)


def build_archive(
    user: User,
    *,
    audience: str = ExportAudience.SELF,
    on_progress: ProgressCallback | None = None,
    now: dt.datetime | None = None,
) -> bytes:
    """The ZIP archive of ``user``'s data (see the module docstring)."""
    return ArchiveBuilder(user, audience=audience, on_progress=on_progress, now=now).build()


# --- packing --------------------------------------------------------------------------------


def data_json(archive: Archive) -> dict[str, Any]:
    """The machine-readable document (``data.json``)."""
    from rencai.privacy.models import RetentionRule

    rules = {rule.category: rule for rule in RetentionRule.objects.all()}
    entries: dict[str, Any] = {}
    for data in archive.entries:
        entry = data.entry
        rule = rules.get(entry.retention)
        entries[data.key] = {
            "section": str(entry.section),
            "section_label": str(SECTION_LABELS[Section(entry.section)]),
            "label": str(entry.label),
            "purpose": str(entry.purpose),
            "retention": {
                "category": entry.retention,
                "label": rule.label if rule else "",
                "kept_for_days": rule.min_days if rule else None,
                "then": rule.action if rule else "",
            },
            "csv": data.csv_name,
            "columns": {column: data.labels.get(column, column) for column in data.columns},
            "rows": data.rows,
        }
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "generated_at": plain_value(archive.generated_at),
        "audience": archive.audience,
        "user": {"id": archive.user_id, "display_name": archive.display_name},
        "entries": entries,
        "missing_files": archive.missing_files,
    }


def csv_bytes(data: EntryData) -> bytes:
    """One entry as a CSV table: UTF-8 with a byte-order mark (Excel then reads Chinese),
    a header of field names, one line per row."""
    out = io.StringIO()
    out.write(CSV_BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(data.columns)
    for row in data.rows:
        writer.writerow([_csv_value(row.get(column)) for column in data.columns])
    return out.getvalue().encode("utf-8")


README_TEXT = gettext_lazy(
    "Copy of your personal information on Rencai\n"
    "\n"
    "Prepared for: %(name)s\n"
    "Prepared at: %(when)s (Beijing time)\n"
    "\n"
    "This archive contains every category of personal information that the platform holds "
    "about you, as listed in our data catalogue:\n"
    "\n"
    "- personal-data.pdf: the same information in a readable form.\n"
    "- data.json: everything in a machine-readable form (JSON, UTF-8). Each key under "
    '"entries" is one category, with what it is, why we hold it, how long we keep it '
    "and its rows.\n"
    "- csv/: one table per category (UTF-8 CSV; opens in Excel or WPS).\n"
    "- files/: files you uploaded yourself, such as resume attachments and your photo.\n"
    "\n"
    "Times are Beijing time (UTC+8) in ISO 8601 format. For your safety the ID number is "
    "shown masked. Keep this archive safe: it contains your personal information.\n"
    "\n"
    "If something is wrong or missing, you can correct it on the platform or ask us through "
    "the privacy centre (Account > Privacy).\n"
)
README_RECIPIENT = gettext_lazy(
    "This package was prepared at the person's request for transfer to the personal "
    "information processor they named (data portability). Use it only for the purpose "
    "the person agreed to.\n"
)


def readme_text(archive: Archive) -> str:
    text = str(README_TEXT) % {
        "name": archive.display_name,
        "when": archive.generated_at.astimezone(_zone()).strftime("%Y-%m-%d %H:%M"),
    }
    if archive.audience == ExportAudience.RECIPIENT:
        text = f"{text}\n{README_RECIPIENT}"
    if archive.missing_files:
        text += "\n" + _("Some files could not be read and are missing: %(files)s") % {
            "files": ", ".join(archive.missing_files)
        }
    return text.replace("\n", "\r\n")  # Notepad on older Windows needs CRLF


def pack(archive: Archive, pdf: bytes) -> bytes:
    """The ZIP archive (deflated) of everything collected."""
    out = io.BytesIO()
    stamp = archive.generated_at.astimezone(_zone()).timetuple()[:6]

    def add(zf: zipfile.ZipFile, name: str, content: bytes) -> None:
        info = zipfile.ZipInfo(name, date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.flag_bits |= 0x800  # names are UTF-8
        zf.writestr(info, content)

    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        add(zf, README, CSV_BOM.encode("utf-8") + readme_text(archive).encode("utf-8"))
        document = json.dumps(data_json(archive), ensure_ascii=False, indent=2)
        add(zf, DATA_JSON, document.encode("utf-8"))
        add(zf, PDF_NAME, pdf)
        for data in archive.entries:
            add(zf, data.csv_name, csv_bytes(data))
        for item in archive.files:
            add(zf, item.path, item.data)
    return out.getvalue()


# --- the PDF --------------------------------------------------------------------------------


def _font_paths() -> list[str]:
    configured = settings.PDF_CJK_FONT
    return ([configured] if configured else []) + list(CJK_FONT_CANDIDATES)


@functools.cache
def _register_cjk_font(paths: tuple[str, ...]) -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    for path in paths:
        if not os.path.isfile(path):
            if path == settings.PDF_CJK_FONT:
                logger.warning("PDF_CJK_FONT %s does not exist", path)
            continue
        try:
            options = {"subfontIndex": 0} if path.lower().endswith(".ttc") else {}
            pdfmetrics.registerFont(TTFont(CJK_FONT_NAME, path, **options))
        except (TTFError, OSError, ValueError) as exc:
            logger.warning("cannot embed the CJK font %s: %s", path, exc)
            continue
        return CJK_FONT_NAME
    logger.warning(
        "no TrueType CJK font found; PDF copies use %s (not embedded)", CID_FALLBACK_FONT
    )
    pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK_FONT))
    return CID_FALLBACK_FONT


def cjk_font() -> str:
    """The name of a registered font that shows Chinese: ``PDF_CJK_FONT`` if it names a
    TrueType font, else the first common system font found (embedded as a subset), else
    reportlab's built-in ``STSong-Light`` (not embedded: the reader supplies the font)."""
    return _register_cjk_font(tuple(_font_paths()))


def render_pdf(archive: Archive) -> bytes:
    """The human-readable Chinese PDF: title, date, then per section each entry's purpose,
    retention and rows, with page numbers."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import (
        KeepTogether,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    font = cjk_font()
    base = ParagraphStyle("base", fontName=font, fontSize=9.5, leading=14, wordWrap="CJK")
    styles = {
        "title": ParagraphStyle("title", base, fontSize=20, leading=28, alignment=TA_CENTER),
        "subtitle": ParagraphStyle("subtitle", base, alignment=TA_CENTER, textColor=colors.grey),
        "section": ParagraphStyle(
            "section", base, fontSize=15, leading=22, spaceBefore=14, spaceAfter=6
        ),
        "entry": ParagraphStyle("entry", base, fontSize=11.5, leading=17, spaceBefore=10),
        "meta": ParagraphStyle("meta", base, textColor=colors.HexColor("#555555")),
        "cell": ParagraphStyle("cell", base, fontSize=8.5, leading=12),
        "key": ParagraphStyle(
            "key", base, fontSize=8.5, leading=12, textColor=colors.HexColor("#333333")
        ),
    }

    def para(text: str, style: str) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), styles[style])

    generated = archive.generated_at.astimezone(_zone()).strftime("%Y-%m-%d %H:%M")
    story: list[Any] = [
        para(_("Copy of your personal information"), "title"),
        para(archive.display_name, "subtitle"),
        para(_("Prepared at %(when)s (Beijing time)") % {"when": generated}, "subtitle"),
        Spacer(1, 6 * mm),
        para(
            _(
                "This document lists every category of personal information that Rencai holds "
                "about you, why we hold it and how long we keep it. The archive also contains "
                "the same data as JSON and CSV files for computers. For your safety the ID "
                "number is shown masked."
            ),
            "meta",
        ),
    ]
    if archive.audience == ExportAudience.RECIPIENT:
        story.append(para(str(README_RECIPIENT), "meta"))
    width = A4[0] - 36 * mm
    table_style = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#cccccc")),
            ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f3f4f6")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ]
    )
    by_section: dict[str, list[EntryData]] = {}
    for data in archive.entries:
        by_section.setdefault(str(data.entry.section), []).append(data)
    for section, label in SECTION_LABELS.items():
        entries = by_section.get(str(section), [])
        if not entries:
            continue
        story.append(para(str(label), "section"))
        for data in entries:
            entry = data.entry
            heading = [
                para(str(entry.label), "entry"),
                para(_("Why: %(purpose)s") % {"purpose": entry.purpose}, "meta"),
            ]
            count = len(data.rows)
            if not count:
                story.append(KeepTogether([*heading, para(_("Nothing held."), "meta")]))
                continue
            heading.append(
                para(
                    ngettext("%(count)s record", "%(count)s records", count) % {"count": count},
                    "meta",
                )
            )
            story.extend(heading)
            for index, shown in enumerate(data.display_rows[:PDF_MAX_ROWS], start=1):
                cells = [[para(key, "key"), para(_clip(value), "cell")] for key, value in shown]
                if not cells:
                    continue
                table = Table(
                    cells, colWidths=[0.28 * width, 0.72 * width], style=table_style, hAlign="LEFT"
                )
                story.append(Spacer(1, 2 * mm))
                story.append(para(f"#{index}", "meta"))
                story.append(table)
            if count > PDF_MAX_ROWS:
                story.append(
                    para(
                        _("%(more)s more records are in data.json and %(csv)s.")
                        % {"more": count - PDF_MAX_ROWS, "csv": data.csv_name},
                        "meta",
                    )
                )
    if archive.files:
        story.append(para(_("Files"), "section"))
        story.append(
            para(
                ngettext(
                    "The %(count)s file you uploaded is in the files folder of the archive.",
                    "The %(count)s files you uploaded are in the files folder of the archive.",
                    len(archive.files),
                )
                % {"count": len(archive.files)},
                "meta",
            )
        )

    page_label = _("Page %(page)s of %(total)s")

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        """Writes "page x of y" once the number of pages is known."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(font, 8)
                self.setFillColor(colors.grey)
                self.drawCentredString(
                    A4[0] / 2, 10 * mm, page_label % {"page": self._pageNumber, "total": total}
                )
                super().showPage()
            super().save()

    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=_("Copy of your personal information"),
        author="Rencai",
        lang="zh-CN",
    )
    document.build(story, canvasmaker=NumberedCanvas)
    return out.getvalue()


def _clip(text: str) -> str:
    if len(text) <= PDF_MAX_CHARS:
        return text
    return text[:PDF_MAX_CHARS] + "…" + _("(the full text is in data.json)")

"""CSV and XLSX exports of a dataset (REG-02): Chinese headers, streamed, limited.

The row limit (``INSPECTION_MAX_EXPORT_ROWS``, default 50 000) is checked before anything
is written: a larger export is refused with ``export_too_large`` so the regulator narrows
the date range. Cells that a spreadsheet would read as a formula are prefixed with an
apostrophe (CSV injection)."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from rencai.inspection.choices import ExportFormat
from rencai.inspection.datasets import Cell, Dataset
from rencai.inspection.errors import InspectionErrorCode, inspection_error

DEFAULT_MAX_EXPORT_ROWS = 50_000
CHUNK_SIZE = 500
CONTENT_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def max_export_rows() -> int:
    return int(getattr(settings, "INSPECTION_MAX_EXPORT_ROWS", DEFAULT_MAX_EXPORT_ROWS))


def parse_format(value: str) -> ExportFormat:
    """``csv`` or ``xlsx`` (``export_format_invalid`` otherwise)."""
    if value not in ExportFormat.values:
        raise inspection_error(InspectionErrorCode.EXPORT_FORMAT_INVALID, field="format")
    return ExportFormat(value)


def check_size(rows: QuerySet[Any]) -> int:
    """The number of rows to export; ``export_too_large`` above the limit."""
    count = rows.count()
    limit = max_export_rows()
    if count > limit:
        raise inspection_error(
            InspectionErrorCode.EXPORT_TOO_LARGE,
            params={"rows": count, "max_rows": limit},
            extra={"rows": count, "max_rows": limit},
        )
    return count


def safe_cell(value: Cell) -> Cell:
    """Text starting with = + - @ is prefixed with an apostrophe (never a formula)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _cells(dataset: Dataset, rows: QuerySet[Any]) -> Iterator[list[Cell]]:
    keys = [column.key for column in dataset.columns]
    for obj in rows.iterator(chunk_size=CHUNK_SIZE):
        row = dataset.row(obj)
        yield [safe_cell(row.get(key)) for key in keys]


def _headers(dataset: Dataset) -> list[str]:
    return [str(column.header) for column in dataset.columns]


class _Echo:
    """A file-like object whose ``write`` returns what it was given (for csv.writer)."""

    def write(self, value: str) -> str:
        return value


def _csv_stream(dataset: Dataset, rows: QuerySet[Any]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    # A byte-order mark so spreadsheet programs read the Chinese text as UTF-8.
    yield "\ufeff" + writer.writerow(_headers(dataset))
    for cells in _cells(dataset, rows):
        yield writer.writerow(["" if cell is None else cell for cell in cells])


def _xlsx_file(dataset: Dataset, rows: QuerySet[Any]) -> Any:
    """The workbook in a temporary file (openpyxl's write-only mode keeps memory flat;
    the file is streamed to the client and removed when closed)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=dataset.key[:31])
    sheet.freeze_panes = "A2"
    for index in range(len(dataset.columns)):
        sheet.column_dimensions[get_column_letter(index + 1)].width = 20
    header = []
    for text in _headers(dataset):
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for cells in _cells(dataset, rows):
        sheet.append(cells)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the FileResponse
    workbook.save(handle)
    handle.seek(0)
    return handle


def filename(dataset: Dataset, fmt: ExportFormat) -> str:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return f"rencai-{dataset.key}-{stamp}.{fmt.value}"


def export_response(dataset: Dataset, rows: QuerySet[Any], fmt: ExportFormat) -> HttpResponseBase:
    """The export as a download; call :func:`check_size` (and log the access) first."""
    name = filename(dataset, fmt)
    if fmt == ExportFormat.CSV:
        response: HttpResponseBase = StreamingHttpResponse(
            _csv_stream(dataset, rows), content_type=CONTENT_TYPES[fmt]
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    else:
        response = FileResponse(
            _xlsx_file(dataset, rows),
            as_attachment=True,
            filename=name,
            content_type=CONTENT_TYPES[fmt],
        )
    response["Cache-Control"] = "no-store"
    return response

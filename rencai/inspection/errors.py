"""Error codes of the inspection app (stable; tests and API clients rely on them)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rencai.core.errors import DomainError, coded_error


class InspectionErrorCode(StrEnum):
    DATASET_UNKNOWN = "dataset_unknown"
    DATE_INVALID = "date_invalid"
    DATE_RANGE_INVALID = "date_range_invalid"
    SEARCH_TOO_LONG = "search_too_long"
    FILTER_INVALID = "filter_invalid"
    EXPORT_FORMAT_INVALID = "export_format_invalid"
    EXPORT_TOO_LARGE = "export_too_large"
    PAGE_INVALID = "page_invalid"
    YEAR_INVALID = "year_invalid"
    REPORT_FORMAT_INVALID = "report_format_invalid"


MESSAGES: dict[InspectionErrorCode, Promise] = {
    InspectionErrorCode.DATASET_UNKNOWN: _("There is no such dataset."),
    InspectionErrorCode.DATE_INVALID: _("Enter the date as YYYY-MM-DD."),
    InspectionErrorCode.DATE_RANGE_INVALID: _("The start date must not be after the end date."),
    InspectionErrorCode.SEARCH_TOO_LONG: _("The search text may have at most 100 characters."),
    InspectionErrorCode.FILTER_INVALID: _("Choose one of the offered values for this filter."),
    InspectionErrorCode.EXPORT_FORMAT_INVALID: _("Choose CSV or XLSX."),
    InspectionErrorCode.EXPORT_TOO_LARGE: _(
        "The export would have %(rows)s rows; at most %(max_rows)s rows can be exported at "
        "once. Choose a narrower date range or add a search."
    ),
    InspectionErrorCode.PAGE_INVALID: _("The page must be a number of 1 or more."),
    InspectionErrorCode.YEAR_INVALID: _(
        "Enter a year from 2000 to the current year, for example 2025."
    ),
    InspectionErrorCode.REPORT_FORMAT_INVALID: _("Choose PDF, XLSX or JSON."),
}

STATUS: dict[InspectionErrorCode, int] = {InspectionErrorCode.DATASET_UNKNOWN: 404}


def inspection_error(
    code: InspectionErrorCode,
    *,
    field: str = "",
    params: Mapping[str, object] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> DomainError:
    """The error for ``code``; ``params`` fill the message's placeholders."""
    return coded_error(code, MESSAGES, STATUS, field=field, params=params, extra=extra)

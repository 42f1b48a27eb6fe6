"""The registry of datasets the regulator can search and export (REG-02, Order 44 Art 27).

A dataset says what it shows and how to read it: a key (in URLs and the API), a
translated title, its columns (key + translated header, used for the page, the API and
the export headers), the date field the date-range filter applies to, the fields the
search box looks in, exact-value filters, an actor-scoped queryset builder and a row
function. Other apps add theirs with one call at start-up (in their ``AppConfig.ready``)::

    from rencai.inspection.datasets import Column, Dataset, register

    register(Dataset(key="complaints", title=_("Complaints"), ...))

The built-in datasets (postings, organisations, agencies, registration files,
rights-request statistics, self-inspections, archive verifications) are registered by
``rencai.inspection.builtin_datasets`` when the app is ready.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.functional import Promise

from rencai.accounts.models import User
from rencai.core.timeutil import local_start_of_day
from rencai.inspection.errors import InspectionErrorCode, inspection_error

# A cell of a row: text or a number (dates are formatted by the row function).
Cell = str | int | None
MAX_SEARCH_CHARS = 100
# Query parameters with a fixed meaning on every dataset (never a filter's key).
RESERVED_PARAMETERS = frozenset({"from", "to", "q", "page", "format", "page_size"})


@dataclass(frozen=True)
class Column:
    """One column: ``key`` in the API and the row mapping, ``header`` on pages and in the
    exports (translated, Chinese by default)."""

    key: str
    header: Promise | str


@dataclass(frozen=True)
class ChoiceFilter:
    """An exact-value filter: the query parameter ``key`` restricts ``field`` (an ORM
    lookup path) to one of ``choices``; any other value is refused (``filter_invalid``)."""

    key: str
    label: Promise | str
    field: str
    choices: tuple[tuple[str, Promise | str], ...]


@dataclass(frozen=True)
class Dataset:
    """One inspectable dataset.

    ``queryset(viewer)`` returns the rows the viewer may see (actor-scoped; the
    inspection's queries have already checked that the viewer may inspect at all), in a
    stable order. ``row(obj)`` maps one object to ``{column key: cell}``; it must show
    personal data of persons only masked (GOV-05). ``date_field`` is the lookup path the
    from/to filter applies to (a ``DateTimeField``, or a ``DateField`` with
    ``date_is_datetime=False``); dates are the platform's local days, both ends included.
    ``group``, if given, turns the filtered rows into aggregates (statistics datasets).
    ``detail_url(obj)`` links a row to its detail page, if it has one."""

    key: str
    title: Promise | str
    description: Promise | str
    columns: tuple[Column, ...]
    queryset: Callable[[User], QuerySet[Any]]
    row: Callable[[Any], Mapping[str, Cell]]
    date_field: str
    date_is_datetime: bool = True
    search_fields: tuple[str, ...] = ()
    filters: tuple[ChoiceFilter, ...] = ()
    group: Callable[[QuerySet[Any]], QuerySet[Any]] | None = None
    detail_url: Callable[[Any], str] | None = None
    position: int = 100


_REGISTRY: dict[str, Dataset] = {}


def register(dataset: Dataset) -> Dataset:
    """Add ``dataset`` to the inspection (idempotent for the same object). A different
    dataset under a key already taken is a programming error."""
    if not dataset.key or dataset.key in RESERVED_PARAMETERS:
        raise ValueError(f"invalid dataset key {dataset.key!r}")
    clash = {f.key for f in dataset.filters} & RESERVED_PARAMETERS
    if clash:
        raise ValueError(f"filter keys {sorted(clash)} are reserved")
    existing = _REGISTRY.get(dataset.key)
    if existing is not None and existing is not dataset:
        raise ValueError(f"dataset {dataset.key!r} is already registered")
    _REGISTRY[dataset.key] = dataset
    return dataset


def unregister(key: str) -> None:
    """Remove a dataset (tests that register their own use this to clean up)."""
    _REGISTRY.pop(key, None)


def registered() -> list[Dataset]:
    """Every dataset, in the order the index shows them."""
    return sorted(_REGISTRY.values(), key=lambda d: (d.position, d.key))


def get_dataset(key: str) -> Dataset:
    """The dataset called ``key`` (``dataset_unknown``, 404, if there is none)."""
    try:
        return _REGISTRY[key]
    except KeyError:
        raise inspection_error(InspectionErrorCode.DATASET_UNKNOWN) from None


# --- criteria: date range, search, filters ------------------------------------------------


@dataclass(frozen=True)
class Criteria:
    """What the regulator asked for: local dates (both included), search text, filters."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str = ""
    filters: dict[str, str] = field(default_factory=dict)

    def as_params(self) -> dict[str, str]:
        """The criteria as query parameters (for links, the access log and exports)."""
        params: dict[str, str] = {}
        if self.date_from:
            params["from"] = self.date_from.isoformat()
        if self.date_to:
            params["to"] = self.date_to.isoformat()
        if self.q:
            params["q"] = self.q
        params.update(self.filters)
        return params


def parse_date(value: str, name: str) -> dt.date | None:
    """``YYYY-MM-DD`` or empty (``date_invalid`` otherwise)."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise inspection_error(InspectionErrorCode.DATE_INVALID, field=name) from None


def parse_range(params: Mapping[str, str]) -> tuple[dt.date | None, dt.date | None]:
    """The from/to dates of ``params``; ``date_range_invalid`` if from is after to."""
    date_from = parse_date(params.get("from", ""), "from")
    date_to = parse_date(params.get("to", ""), "to")
    if date_from and date_to and date_from > date_to:
        raise inspection_error(InspectionErrorCode.DATE_RANGE_INVALID, field="from")
    return date_from, date_to


def parse_criteria(dataset: Dataset, params: Mapping[str, str]) -> Criteria:
    """Validate the query parameters against ``dataset``; unknown parameters are ignored,
    a filter value that is not one of its choices is refused."""
    date_from, date_to = parse_range(params)
    q = (params.get("q") or "").strip()
    if len(q) > MAX_SEARCH_CHARS:
        raise inspection_error(InspectionErrorCode.SEARCH_TOO_LONG, field="q")
    filters: dict[str, str] = {}
    for choice_filter in dataset.filters:
        value = (params.get(choice_filter.key) or "").strip()
        if not value:
            continue
        if value not in {choice for choice, _label in choice_filter.choices}:
            raise inspection_error(InspectionErrorCode.FILTER_INVALID, field=choice_filter.key)
        filters[choice_filter.key] = value
    return Criteria(date_from, date_to, q if dataset.search_fields else "", filters)


def date_condition(
    lookup: str, date_from: dt.date | None, date_to: dt.date | None, *, is_datetime: bool = True
) -> Q:
    """``lookup`` within the local days ``date_from``…``date_to`` (both included)."""
    condition = Q()
    if is_datetime:
        if date_from:
            condition &= Q(**{f"{lookup}__gte": local_start_of_day(date_from)})
        if date_to:
            end = local_start_of_day(date_to + dt.timedelta(days=1))
            condition &= Q(**{f"{lookup}__lt": end})
    else:
        if date_from:
            condition &= Q(**{f"{lookup}__gte": date_from})
        if date_to:
            condition &= Q(**{f"{lookup}__lte": date_to})
    return condition


def apply_criteria(dataset: Dataset, rows: QuerySet[Any], criteria: Criteria) -> QuerySet[Any]:
    """The dataset's rows narrowed by ``criteria`` (and aggregated, for statistics)."""
    rows = rows.filter(
        date_condition(
            dataset.date_field,
            criteria.date_from,
            criteria.date_to,
            is_datetime=dataset.date_is_datetime,
        )
    )
    if criteria.q and dataset.search_fields:
        search = Q()
        for name in dataset.search_fields:
            search |= Q(**{f"{name}__icontains": criteria.q})
        rows = rows.filter(search)
    by_key = {f.key: f for f in dataset.filters}
    for key, value in criteria.filters.items():
        rows = rows.filter(**{by_key[key].field: value})
    if dataset.group is not None:
        rows = dataset.group(rows)
    return rows

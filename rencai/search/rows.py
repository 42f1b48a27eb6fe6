"""The rows of a result page, read through the public, actor-scoped query in one round trip.

What is public is defined once, by :func:`rencai.jobs.queries.public_postings_seen`. Building
that query with the ORM and compiling it to SQL costs a search about as much as the index
query itself, and the SQL only ever differs in the clock and the ids. So it is compiled once
per (columns, number of ids, minor or not, database), with sentinel values for the clock and
the ids, and each search fills in its own values at the sentinels' places. The compilation is
done twice with different sentinels and the two parameter lists are compared: a parameter
that changes without being a sentinel (a clock read inside the query) stops the process
instead of being frozen into the SQL.

Rows become model instances with only the fields a result shows (like ``only()``): the
instances are made directly, without ``Model.__init__``, as ``Model.from_db`` would.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model
from django.db.models.base import ModelState
from django.utils import timezone

from rencai.core.models import Id
from rencai.jobs.models import JobPosting, JobPostingVersion
from rencai.jobs.queries import public_postings_seen
from rencai.orgs.models import Organisation

POSTING_FIELDS = (
    "id",
    "status",
    "published_at",
    "valid_until",
    "minor_prohibited",
    "organisation_id",
    "client_id",
    "live_version_id",
)
VERSION_FIELDS = (
    "id",
    "title",
    "locations",
    "pay_min",
    "pay_max",
    "pay_period",
    "months_per_year",
    "employment_type",
    "education",
    "experience_years",
)
# What a result shows: the posting, its live version, the names of the organisation and of
# the client (for agency postings), and the texts a snippet is cut from.
COLUMNS = (
    *POSTING_FIELDS,
    "organisation__legal_name",
    "client__legal_name",
    *(f"live_version__{name}" for name in VERSION_FIELDS),
    "live_version__description",
    "live_version__requirements",
)
_ORG_NAME = len(POSTING_FIELDS)
_VERSION = _ORG_NAME + 2
_TEXTS = _VERSION + len(VERSION_FIELDS)

M = TypeVar("M", bound=Model)
Converter = Callable[[Any, Any, BaseDatabaseWrapper], Any]
Converters = tuple[tuple[int, tuple[Converter, ...], Any], ...]
Row = Sequence[Any]


@dataclass(frozen=True)
class PageRow:
    """A public posting as a result shows it, with the texts its snippet is cut from."""

    posting: JobPosting
    description: str
    requirements: str


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    now_at: tuple[int, ...]
    today_at: tuple[int, ...]
    ids_at: tuple[int, ...]
    converters: Converters

    def run(
        self, connection: BaseDatabaseWrapper, ids: Sequence[Id], now: dt.datetime
    ) -> list[Row]:
        params = list(self.params)
        for position in self.now_at:
            params[position] = _now_value(now, connection)
        for position in self.today_at:
            params[position] = _today_value(now, connection)
        pk = JobPosting._meta.pk
        assert pk is not None
        for position, value in zip(self.ids_at, ids, strict=True):
            params[position] = pk.get_db_prep_value(value, connection)
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows: list[Row] = cursor.fetchall()
        if not self.converters:
            return rows
        converted: list[Row] = []
        for row in rows:
            values = list(row)
            for position, functions, expression in self.converters:
                value = values[position]
                for function in functions:
                    value = function(value, expression, connection)
                values[position] = value
            converted.append(values)
        return converted


def _now_value(now: dt.datetime, connection: BaseDatabaseWrapper) -> Any:
    field = Organisation._meta.get_field("reverification_due_at")
    return field.get_db_prep_value(now, connection)


def _today_value(now: dt.datetime, connection: BaseDatabaseWrapper) -> Any:
    return JobPosting._meta.get_field("valid_until").get_db_prep_value(
        timezone.localdate(now), connection
    )


class CompileError(RuntimeError):
    """The public query has a parameter that is neither constant nor a sentinel."""


_SENTINELS = (
    (dt.datetime(2001, 2, 3, 4, 5, 6, 789012, tzinfo=dt.UTC), 0xA11CE000),
    (dt.datetime(2002, 3, 4, 5, 6, 7, 890123, tzinfo=dt.UTC), 0xB0B00000),
)
_compiled: dict[tuple[Any, ...], _Compiled] = {}
_compiling = threading.Lock()


def _compile_once(
    connection: BaseDatabaseWrapper,
    columns: tuple[str, ...],
    count: int,
    minor: bool,
    sentinel: int,
) -> tuple[str, list[Any], dict[Any, str], Converters]:
    now, base = _SENTINELS[sentinel]
    ids = [uuid.UUID(int=base + index) for index in range(count)]
    postings = public_postings_seen(minor=minor, now=now).filter(pk__in=ids).order_by()
    compiler = postings.values_list(*columns).query.get_compiler(connection=connection)
    sql, params = compiler.as_sql()
    pk = JobPosting._meta.pk
    assert pk is not None
    names = {
        _now_value(now, connection): "now",
        _today_value(now, connection): "today",
        **{pk.get_db_prep_value(value, connection): f"id{i}" for i, value in enumerate(ids)},
    }
    expressions = [selected[0] for selected in compiler.select]
    converters = tuple(
        (position, tuple(functions), expression)
        for position, (functions, expression) in sorted(
            compiler.get_converters(expressions).items()
        )
    )
    return sql, list(params), names, converters


def _compile(
    connection: BaseDatabaseWrapper, columns: tuple[str, ...], count: int, minor: bool
) -> _Compiled:
    key = (connection.alias, connection.vendor, columns, count, minor)
    found = _compiled.get(key)
    if found is not None:
        return found
    with _compiling:
        sql, params, names, converters = _compile_once(connection, columns, count, minor, 0)
        other_sql, other_params, other_names, _ = _compile_once(
            connection, columns, count, minor, 1
        )
        slots: dict[str, list[int]] = {"now": [], "today": [], "ids": []}
        for position, (value, other) in enumerate(zip(params, other_params, strict=True)):
            name, other_name = names.get(value), other_names.get(other)
            if name is None and other_name is None and value == other:
                continue  # a constant
            if name is None or name != other_name:
                raise CompileError(
                    f"parameter {position} of the public query is not a sentinel: {value!r}"
                )
            slots["ids" if name.startswith("id") else name].append(position)
        if sql != other_sql or len(slots["ids"]) != count:
            raise CompileError("the public query's SQL depends on the sentinel values")
        compiled = _Compiled(
            sql=sql,
            params=tuple(params),
            now_at=tuple(slots["now"]),
            today_at=tuple(slots["today"]),
            ids_at=tuple(slots["ids"]),
            converters=converters,
        )
        _compiled[key] = compiled
        return compiled


def _select(
    columns: tuple[str, ...], ids: Sequence[Id], minor: bool, now: dt.datetime | None
) -> list[Row]:
    if not ids:
        return []
    connection = connections[JobPosting.objects.db]
    compiled = _compile(connection, columns, len(ids), minor)
    return compiled.run(connection, ids, now or timezone.now())


def public_ids(ids: Sequence[Id], *, minor: bool, now: dt.datetime | None = None) -> set[str]:
    """Those of ``ids`` that are public at ``now`` for a minor or anyone else."""
    return {str(row[0]) for row in _select(("id",), ids, minor, now)}


def page_rows(
    ids: Sequence[Id], *, minor: bool, now: dt.datetime | None = None
) -> dict[str, PageRow]:
    """The postings among ``ids`` that are public at ``now``, by id, with what a result
    shows."""
    db = JobPosting.objects.db
    found: dict[str, PageRow] = {}
    for row in _select(COLUMNS, ids, minor, now):
        posting = _instance(JobPosting, db, zip(POSTING_FIELDS, row, strict=False))
        version = _instance(
            JobPostingVersion, db, zip(VERSION_FIELDS, row[_VERSION:_TEXTS], strict=True)
        )
        version.__dict__["posting_id"] = posting.pk
        cache = posting._state.fields_cache
        cache["live_version"] = version
        cache["organisation"] = _instance(
            Organisation, db, (("id", posting.organisation_id), ("legal_name", row[_ORG_NAME]))
        )
        client_id = posting.client_id
        cache["client"] = (
            None
            if client_id is None
            else _instance(
                Organisation, db, (("id", client_id), ("legal_name", row[_ORG_NAME + 1]))
            )
        )
        found[str(posting.pk)] = PageRow(posting, row[_TEXTS], row[_TEXTS + 1])
    return found


def _instance(model: type[M], db: str, values: Any) -> M:
    """A saved ``model`` instance holding ``values`` (the other fields deferred)."""
    instance = model.__new__(model)
    state = ModelState()
    state.adding = False
    state.db = db
    instance._state = state
    instance.__dict__.update(values)
    return instance

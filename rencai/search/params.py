"""The parameters of a job search, shared by the search page, the API and saved searches.

:func:`parse_params` turns a query string (``request.GET`` or a saved search's stored query)
into :class:`SearchParams`, refusing bad values with ``search_invalid`` and a message per
field; :meth:`SearchParams.query_string` is the canonical form stored for saved searches and
used in links (facets, pagination).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any
from urllib.parse import urlencode

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rencai.core import divisions, industries, occupations
from rencai.core.errors import DomainError
from rencai.jobs.choices import Education, EmploymentType

QUERY_MAX_LENGTH = 100
PAGE_SIZE = 20
PAGE_SIZE_MAX = 50
PAGE_MAX = 50  # deep pages are not useful to people and are expensive to score
PAY_LIMIT = 1_000_000
EXPERIENCE_MAX = 30
POSTED_WITHIN_CHOICES = (1, 3, 7, 14, 30)


class Sort:
    RELEVANCE = "relevance"
    NEWEST = "newest"
    PAY = "pay"
    ALL = (RELEVANCE, NEWEST, PAY)


SORT_LABELS: dict[str, Promise] = {
    Sort.RELEVANCE: pgettext_lazy("search sort", "Best match"),
    Sort.NEWEST: pgettext_lazy("search sort", "Newest"),
    Sort.PAY: pgettext_lazy("search sort", "Highest pay"),
}


@dataclass(frozen=True)
class PayBand:
    """A band of monthly pay (CNY) used as a facet: a posting is in the band its mid-point
    falls in."""

    key: str
    low: int
    high: int | None  # exclusive; None is open-ended

    def contains(self, value: int) -> bool:
        return value >= self.low and (self.high is None or value < self.high)


PAY_BANDS: tuple[PayBand, ...] = (
    PayBand("0-3k", 0, 3000),
    PayBand("3-5k", 3000, 5000),
    PayBand("5-8k", 5000, 8000),
    PayBand("8-12k", 8000, 12000),
    PayBand("12-20k", 12000, 20000),
    PayBand("20-30k", 20000, 30000),
    PayBand("30k+", 30000, None),
)
PAY_BAND_KEYS = tuple(band.key for band in PAY_BANDS)


def pay_band_label(key: str) -> str:
    band = next((b for b in PAY_BANDS if b.key == key), None)
    if band is None:
        return key
    if band.high is None:
        return str(_("%(low)s yuan and above") % {"low": f"{band.low:,}"})
    return str(_("%(low)s–%(high)s yuan") % {"low": f"{band.low:,}", "high": f"{band.high:,}"})


def pay_band_of(monthly_low: int, monthly_high: int) -> str:
    middle = (monthly_low + monthly_high) // 2
    return next(band.key for band in PAY_BANDS if band.contains(middle))


@dataclass(frozen=True)
class SearchParams:
    """A validated job search. Lists are filters where any value matches (OR); different
    filters combine with AND. Pay is monthly CNY (day and hour rates are converted)."""

    q: str = ""
    division: str = ""  # any level: a province code includes everything in it
    pay_min: int | None = None  # overlap: the posting's range reaches at least this
    pay_max: int | None = None  # overlap: the posting's range starts at most at this
    pay_band: tuple[str, ...] = ()
    employment_type: tuple[str, ...] = ()
    education: tuple[str, ...] = ()
    experience_max: int | None = None  # jobs asking for at most this many years
    industry: tuple[str, ...] = ()
    category: str = ""  # an occupation code at any level
    posted_within: int | None = None  # days
    verified_only: bool = False  # the verified employer's own postings (no agency postings)
    sort: str = Sort.RELEVANCE
    page: int = 1
    page_size: int = PAGE_SIZE
    # Not a URL parameter: saved-search alerts ask for postings published after a moment.
    published_after: dt.datetime | None = field(default=None, compare=False)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    def filters(self) -> dict[str, Any]:
        """The filters that are set (name → value), without query, sort and paging."""
        skip = {"q", "sort", "page", "page_size", "published_after"}
        defaults = SearchParams()
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name not in skip and getattr(self, f.name) != getattr(defaults, f.name)
        }

    def is_blank(self) -> bool:
        return not self.q.strip() and not self.filters()

    def without(self, name: str) -> SearchParams:
        """The same search with one filter (or the query) reset, back on page 1."""
        default = getattr(SearchParams(), name)
        return replace(self, **{name: default, "page": 1})

    def query_items(self, *, paging: bool = True) -> list[tuple[str, str]]:
        """The parameters as query-string pairs, defaults left out."""
        defaults = SearchParams()
        items: list[tuple[str, str]] = []
        for f in fields(self):
            if f.name == "published_after" or (not paging and f.name in ("page", "page_size")):
                continue
            value = getattr(self, f.name)
            if value == getattr(defaults, f.name):
                continue
            if isinstance(value, tuple):
                items.extend((f.name, str(v)) for v in value)
            elif isinstance(value, bool):
                items.append((f.name, "1"))
            else:
                items.append((f.name, str(value)))
        return items

    def query_string(self, *, paging: bool = True) -> str:
        return urlencode(self.query_items(paging=paging))


def _error(fields_: Mapping[str, str | Promise]) -> DomainError:
    return DomainError(
        "search_invalid", _("Some search options are not valid."), fields=fields_, status=400
    )


def _values(data: Mapping[str, Any], name: str) -> list[str]:
    """All values of a parameter from a QueryDict, a dict of lists or a plain dict."""
    getlist = getattr(data, "getlist", None)
    raw: Any = getlist(name) if callable(getlist) else data.get(name, [])
    if raw is None:
        return []
    if isinstance(raw, str | int | bool):
        raw = [raw]
    values: list[str] = []
    for item in raw:
        values.extend(part.strip() for part in str(item).split(",") if part.strip())
    return values


def _one(data: Mapping[str, Any], name: str) -> str:
    values = _values(data, name)
    return values[-1] if values else ""


def _int(
    data: Mapping[str, Any],
    name: str,
    errors: dict[str, str | Promise],
    *,
    low: int,
    high: int,
) -> int | None:
    text = _one(data, name)
    if not text:
        return None
    try:
        value = int(text)
    except ValueError:
        errors[name] = _("Enter a whole number.")
        return None
    if not low <= value <= high:
        errors[name] = _("Enter a number from %(low)s to %(high)s.") % {"low": low, "high": high}
        return None
    return value


def _choices(
    data: Mapping[str, Any],
    name: str,
    allowed: Sequence[str],
    errors: dict[str, str | Promise],
) -> tuple[str, ...]:
    values = tuple(dict.fromkeys(_values(data, name)))
    unknown = [value for value in values if value not in allowed]
    if unknown:
        errors[name] = _("Unknown value: %(value)s.") % {"value": "、".join(unknown[:3])}
        return ()
    return values


def _bool(data: Mapping[str, Any], name: str, errors: dict[str, str | Promise]) -> bool:
    text = _one(data, name).lower()
    if text in ("", "0", "false", "off", "no"):
        return False
    if text in ("1", "true", "on", "yes"):
        return True
    errors[name] = _("Use 1 or 0.")
    return False


PARAMETER_NAMES = frozenset(f.name for f in fields(SearchParams)) - {"published_after"}
# Attributes the law forbids as hiring criteria are never search filters (DIS-03, DIS-09).
PROTECTED_PARAMETERS = frozenset(
    {"gender", "sex", "age", "hukou", "ethnicity", "nation", "marital_status", "religion"}
)


def parse_params(data: Mapping[str, Any], *, strict: bool = False) -> SearchParams:
    """Validate search parameters; raises ``search_invalid`` with a message per bad field.

    ``strict`` (the API) also refuses unknown parameter names; pages ignore them, since a
    browser may add its own."""
    errors: dict[str, str | Promise] = {}
    for name in data:
        if name in PROTECTED_PARAMETERS:
            errors[name] = _("This is not a permitted search criterion.")
        elif strict and name not in PARAMETER_NAMES:
            errors[name] = _("Unknown search parameter.")

    q = " ".join(_values(data, "q"))
    if len(q) > QUERY_MAX_LENGTH:
        errors["q"] = _("Keep the search to %(max)s characters.") % {"max": QUERY_MAX_LENGTH}
    division = _one(data, "division")
    if division and divisions.get_division(division) is None:
        errors["division"] = _("Choose a place from the list.")
    category = _one(data, "category")
    if category and occupations.get_occupation(category) is None:
        errors["category"] = _("Choose a job category from the list.")
    industry = _values(data, "industry")
    if any(industries.get_industry(code) is None for code in industry):
        errors["industry"] = _("Choose an industry from the list.")
    pay_min = _int(data, "pay_min", errors, low=0, high=PAY_LIMIT)
    pay_max = _int(data, "pay_max", errors, low=0, high=PAY_LIMIT)
    if pay_min is not None and pay_max is not None and pay_min > pay_max:
        errors["pay_max"] = _("The upper pay must not be below the lower pay.")
    posted_within = _int(data, "posted_within", errors, low=1, high=365)
    experience_max = _int(data, "experience_max", errors, low=0, high=EXPERIENCE_MAX)
    page = _int(data, "page", errors, low=1, high=PAGE_MAX) or 1
    page_size = _int(data, "page_size", errors, low=1, high=PAGE_SIZE_MAX) or PAGE_SIZE
    sort = _one(data, "sort") or Sort.RELEVANCE
    if sort not in Sort.ALL:
        errors["sort"] = _("Unknown sort order.")
    params = SearchParams(
        q=q.strip()[:QUERY_MAX_LENGTH],
        division=division,
        pay_min=pay_min,
        pay_max=pay_max,
        pay_band=_choices(data, "pay_band", PAY_BAND_KEYS, errors),
        employment_type=_choices(data, "employment_type", EmploymentType.values, errors),
        education=_choices(data, "education", Education.values, errors),
        experience_max=experience_max,
        industry=tuple(dict.fromkeys(industry)),
        category=category,
        posted_within=posted_within,
        verified_only=_bool(data, "verified_only", errors),
        sort=sort,
        page=page,
        page_size=page_size,
    )
    if errors:
        raise _error(errors)
    return params

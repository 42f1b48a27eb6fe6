"""What the job search page shows around the results: facet values as toggle links, the
filters in use as removable chips, the options and current values of the filter controls,
and the pager.

Every link is the canonical query string of a :class:`SearchParams` (so it keeps the other
parameters and goes back to page 1); the page works as plain links and a GET form, and htmx
only makes the same requests without reloading the page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.http import QueryDict
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from rencai.core import occupations
from rencai.core.reference_forms import SLOTS, DivisionSelect, most_specific
from rencai.search.params import (
    EXPERIENCE_MAX,
    PARAMETER_NAMES,
    POSTED_WITHIN_CHOICES,
    SORT_LABELS,
    SearchParams,
)
from rencai.search.service import SearchResponse, describe_filter, facet_label

# Facet name → the search parameter it sets (a city facet sets the place).
FACET_PARAMETERS = {
    "city": "division",
    "pay_band": "pay_band",
    "employment_type": "employment_type",
    "education": "education",
    "industry": "industry",
}
FACET_TITLES: dict[str, Promise] = {
    "city": _("City"),
    "pay_band": _("Monthly pay"),
    "employment_type": _("Employment type"),
    "education": _("Education"),
    "industry": _("Industry"),
}
LIST_PARAMETERS = ("pay_band", "employment_type", "education", "industry")
# Labels of the parameters in error messages (protected names are shown as they are).
FIELD_LABELS: dict[str, Promise] = {
    "q": _("Keywords"),
    "division": _("Place"),
    "pay_min": _("Pay from"),
    "pay_max": _("Pay up to"),
    "pay_band": _("Monthly pay"),
    "employment_type": _("Employment type"),
    "education": _("Education"),
    "experience_max": _("Experience"),
    "industry": _("Industry"),
    "category": _("Job category"),
    "posted_within": _("Posted within"),
    "verified_only": _("Employers' own postings"),
    "sort": _("Sort by"),
    "page": _("Page"),
    "page_size": _("Results per page"),
}
EXPERIENCE_CHOICES = (0, 1, 3, 5, 10)
RAW_VALUE_MAX_LENGTH = 100
RAW_VALUES_MAX = 20


@dataclass(frozen=True)
class FacetLink:
    key: str
    label: str
    count: int
    selected: bool
    url: str
    dom_id: str


@dataclass(frozen=True)
class Facet:
    name: str
    title: str
    values: list[FacetLink]


@dataclass(frozen=True)
class Chip:
    name: str
    label: str
    url: str


@dataclass(frozen=True)
class Option:
    value: str
    label: str


def link(params: SearchParams) -> str:
    """The relative link of a search on the search page."""
    return "?" + params.query_string()


def page_url(params: SearchParams) -> str:
    """The canonical address of a search on the search page."""
    query = params.query_string()
    return reverse("jobs:list") + (f"?{query}" if query else "")


def search_data(query: QueryDict) -> QueryDict:
    """The submitted parameters with the three place selects (``division_1``…``3``) folded
    into the one ``division`` parameter the search reads."""
    data = query.copy()
    slots = [f"division_{slot}" for slot in range(1, SLOTS + 1)]
    if any(name in data for name in slots):
        chosen = most_specific([data.get(name, "") for name in slots])
        for name in slots:
            data.pop(name, None)
        data.setlist("division", [chosen] if chosen else [])
    return data


def needs_tidying(query: QueryDict) -> bool:
    """A plain form submission (no JavaScript) sends the three place selects and every
    empty control; such a search is redirected to its canonical address."""
    slots = {f"division_{slot}" for slot in range(1, SLOTS + 1)}
    return any(name in slots or not value for name, value in query.items())


def toggled(params: SearchParams, facet: str, key: str) -> SearchParams:
    """``params`` with one facet value switched on or off, back on page 1."""
    name = FACET_PARAMETERS[facet]
    if name == "division":
        return replace(params, division="" if params.division == key else key, page=1)
    current: tuple[str, ...] = getattr(params, name)
    values = tuple(v for v in current if v != key) if key in current else (*current, key)
    return _with_values(params, name, values)


def _with_values(params: SearchParams, name: str, values: tuple[str, ...]) -> SearchParams:
    changes: dict[str, Any] = {name: values, "page": 1}
    return replace(params, **changes)


def facets(params: SearchParams, response: SearchResponse) -> list[Facet]:
    """The facets in a fixed order; a selected value the results no longer contain is still
    listed (with 0) so it can be switched off."""
    result: list[Facet] = []
    for name, title in FACET_TITLES.items():
        counted = {value.key: value for value in response.facets.get(name, [])}
        # The place may be a province or a district, which the chips show instead.
        selected_keys: tuple[str, ...] = () if name == "city" else getattr(params, name)
        values = [
            FacetLink(
                key=value.key,
                label=value.label,
                count=value.count,
                selected=value.selected,
                url=link(toggled(params, name, value.key)),
                dom_id=f"facet-{name}-{value.key}",
            )
            for value in counted.values()
        ]
        values += [
            FacetLink(
                key=key,
                label=facet_label(name, key),
                count=0,
                selected=True,
                url=link(toggled(params, name, key)),
                dom_id=f"facet-{name}-{key}",
            )
            for key in selected_keys
            if key not in counted
        ]
        if values:
            result.append(Facet(name, str(title), values))
    return result


def chips(params: SearchParams) -> list[Chip]:
    """One removable chip per filter in use (per value for list filters), keywords first."""
    found: list[Chip] = []
    if params.q:
        found.append(Chip("q", f"“{params.q}”", link(params.without("q"))))
    for name in params.filters():
        if name in LIST_PARAMETERS:
            for key in getattr(params, name):
                values = tuple(v for v in getattr(params, name) if v != key)
                remaining = _with_values(params, name, values)
                found.append(Chip(name, facet_label(name, key), link(remaining)))
        else:
            found.append(Chip(name, describe_filter(name, params), link(params.without(name))))
    return found


def cleared(params: SearchParams) -> SearchParams:
    """The same keywords and order without any filter."""
    return SearchParams(q=params.q, sort=params.sort, page_size=params.page_size)


def pager(params: SearchParams, response: SearchResponse) -> tuple[Page[int], str]:
    """A page object for ``includes/pagination.html`` (pages beyond the last one the search
    serves are not offered) and the query string the page links keep."""
    shown = min(response.total, response.pages * params.page_size)
    paginator = Paginator(range(shown), params.page_size)
    page = paginator.get_page(params.page)
    kept = urlencode([(name, value) for name, value in params.query_items() if name != "page"])
    return page, kept


def current_values(params: SearchParams | None, data: QueryDict) -> dict[str, Any]:
    """The value of every control: from the validated search, or (after an error) as
    submitted, so people can correct what they typed. List parameters are lists."""
    if params is not None:
        values: dict[str, Any] = dict.fromkeys(PARAMETER_NAMES, "")
        values |= {name: [] for name in LIST_PARAMETERS}
        for name, value in params.query_items():
            if name == "page":
                continue
            if name in LIST_PARAMETERS:
                values[name].append(value)
            else:
                values[name] = value
        return values
    raw: dict[str, Any] = {}
    for name in PARAMETER_NAMES:
        submitted = [v[:RAW_VALUE_MAX_LENGTH] for v in data.getlist(name)[:RAW_VALUES_MAX]]
        raw[name] = submitted if name in LIST_PARAMETERS else (submitted[-1] if submitted else "")
    return raw


def place_selects(division: str) -> SafeString:
    """The province → city → district selects (``division_1``…``3``; with htmx each loads
    the options of the next one)."""
    return DivisionSelect().render("division", division, attrs={"id": "search-division"})


def _with_current(choices: Sequence[Option], current: str, label: str) -> list[Option]:
    """``choices`` plus the current value when a link asked for one the list lacks."""
    options = list(choices)
    if current and current not in {option.value for option in options}:
        options.append(Option(current, label))
    return options


def experience_options(current: str) -> list[Option]:
    options = [Option("", str(_("Any experience")))]
    for years in EXPERIENCE_CHOICES:
        if years == 0:
            options.append(Option("0", str(_("No experience needed"))))
        else:
            text = ngettext("Up to %(years)s year", "Up to %(years)s years", years)
            options.append(Option(str(years), text % {"years": years}))
    label = current
    if current.isdigit() and int(current) <= EXPERIENCE_MAX:
        years = int(current)
        text = ngettext("Up to %(years)s year", "Up to %(years)s years", years)
        label = text % {"years": years}
    return _with_current(options, current, label)


def posted_within_options(current: str) -> list[Option]:
    options = [Option("", str(_("Any time")))]
    for days in POSTED_WITHIN_CHOICES:
        text = ngettext("Last %(days)s day", "Last %(days)s days", days)
        options.append(Option(str(days), text % {"days": days}))
    label = current
    if current.isdigit():
        days = int(current)
        label = ngettext("Last %(days)s day", "Last %(days)s days", days) % {"days": days}
    return _with_current(options, current, label)


def sort_options() -> list[Option]:
    return [Option(value, str(label)) for value, label in SORT_LABELS.items()]


def category_groups() -> list[tuple[str, list[Option]]]:
    """Job categories per major group; the major group itself comes first ("all of")."""
    groups: list[tuple[str, list[Option]]] = []
    for major in occupations.majors():
        label = occupations.major_label(major)
        options = [Option(major.code, str(_("%(group)s (all)") % {"group": label}))]
        for medium in occupations.children(major.code):
            leaves = occupations.children(medium.code) or [medium]
            options.extend(Option(item.code, f"{item.code} {item.name}") for item in leaves)
        groups.append((label, options))
    return groups


def field_errors(fields: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(parameter, label, message) of each refused parameter, in a stable order."""
    return [
        (name, str(FIELD_LABELS.get(name, name)), str(message))
        for name, message in sorted(fields.items())
    ]


def page_context(
    params: SearchParams | None,
    response: SearchResponse | None,
    data: QueryDict,
    errors: Mapping[str, Any],
) -> dict[str, Any]:
    """Everything the search page and its partials show (``params`` and ``response`` are
    ``None`` when the parameters were refused; ``errors`` then says why)."""
    values = current_values(params, data)
    context: dict[str, Any] = {
        "params": params,
        "response": response,
        "errors": field_errors(errors),
        "error_fields": set(errors),
        "field_messages": {name: str(message) for name, message in errors.items()},
        "values": values,
        "place": place_selects(params.division if params is not None else ""),
        "experience_options": experience_options(values["experience_max"]),
        "posted_within_options": posted_within_options(values["posted_within"]),
        "sort_options": sort_options(),
        "category_groups": category_groups(),
        "hidden_values": [
            (name, value)
            for name in LIST_PARAMETERS
            if name not in errors
            for value in values[name]
        ],
        "noindex": params is None or not params.is_blank(),
        "facets": [],
        "chips": [],
    }
    if params is not None and response is not None:
        page, kept = pager(params, response)
        context |= {
            "facets": facets(params, response),
            "chips": chips(params),
            "clear_url": link(cleared(params)),
            "first_page_url": link(replace(params, page=1)),
            "page_obj": page,
            "query": kept,
            "page_range": list(page.paginator.get_elided_page_range(page.number)),
            "suggestions": [
                {"label": s.label, "url": link(s.params), "count": s.count}
                for s in response.suggestions
            ],
        }
    return context

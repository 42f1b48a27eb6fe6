"""The employer resume search page, ``/employer/resume-search/`` (issue 7).

The same service and checks as the API (:mod:`rencai.search.resume_service`): members of
verified organisations in good standing only (the 403 page for anyone else), masked cards,
no protected filters in the form (DIS-03) and none accepted in the address either.
``noindex``: the results are personal data (PI-06).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rencai.core.errors import DomainError, PermissionDenied, RateLimited
from rencai.core.http import AuthedRequest, signed_in
from rencai.core.reference_forms import DivisionSelect, most_specific
from rencai.jobs.choices import Education
from rencai.search.errors import ResumeSearchError
from rencai.search.resume_service import (
    SORT_LABELS,
    UPDATED_WITHIN_CHOICES,
    ResumeSearchParams,
    ResumeSearchResponse,
    count_search,
    parse_resume_params,
    search_resumes,
    searching_organisation,
)

EXPERIENCE_CHOICES = (1, 3, 5, 10)
PLACE_SLOTS = 3


@dataclass(frozen=True)
class Option:
    value: str
    label: str


def form_data(query: QueryDict) -> QueryDict:
    """The submitted parameters with the place selects (``city_1``…``3``) folded into
    ``city`` and empty controls left out."""
    data = QueryDict(mutable=True)
    slots = [f"city_{slot}" for slot in range(1, PLACE_SLOTS + 1)]
    for name, values in query.lists():
        if name in slots:
            continue
        kept = [value for value in values if value]
        if kept:
            data.setlist(name, kept)
    if any(query.get(name) for name in slots):
        chosen = most_specific([query.get(name, "") for name in slots])
        if chosen:
            data.setlist("city", [chosen])
    return data


def _link(params: ResumeSearchParams) -> str:
    query = params.query_string()
    return reverse("search:resume_search") + (f"?{query}" if query else "")


def _experience_options() -> list[Option]:
    options = [Option("", _("Any"))]
    for years in EXPERIENCE_CHOICES:
        text = ngettext("%(years)s year", "%(years)s years", years) % {"years": years}
        options.append(Option(str(years), text))
    return options


def _updated_options() -> list[Option]:
    options = [Option("", _("Any time"))]
    for days in UPDATED_WITHIN_CHOICES:
        text = ngettext("In the last %(days)s day", "In the last %(days)s days", days)
        options.append(Option(str(days), text % {"days": days}))
    return options


def _education_options() -> list[Option]:
    options = [Option("", _("Any education"))]
    for value, label in Education.choices:
        if value != Education.ANY:
            options.append(Option(value, _("%(level)s or higher") % {"level": label}))
    return options


def _facets(params: ResumeSearchParams, response: ResumeSearchResponse) -> list[dict[str, Any]]:
    titles = {"city": _("Place"), "education": _("Highest education")}
    result = []
    for name in ("city", "education"):
        values = []
        for value in response.facets.get(name, []):
            chosen = "" if value.selected else value.key
            changes: dict[str, Any] = {name: chosen, "page": 1}
            target = replace(params, **changes)
            values.append({**vars(value), "url": _link(target)})
        if values:
            result.append({"name": name, "title": titles[name], "values": values})
    return result


@signed_in
def resume_search_view(request: AuthedRequest) -> HttpResponse:
    """Search resumes as a member of a verified organisation (403 page for anyone else)."""
    try:
        org = searching_organisation(request.user)
    except PermissionDenied as error:
        raise DjangoPermissionDenied(str(error.message)) from error
    data = form_data(request.GET)
    values = {name: data.get(name, "") for name in ResumeSearchParams.__dataclass_fields__}
    params: ResumeSearchParams | None = None
    response: ResumeSearchResponse | None = None
    errors: dict[str, str] = {}
    message = ""
    status = 200
    try:
        params = parse_resume_params(data)
        count_search(request.user)
        response = search_resumes(params, org=org)
    except RateLimited as error:
        message, status = str(error.message), 429
    except DomainError as error:
        message, status = str(error.message), 400
        errors = {name: str(text) for name, text in error.fields.items()}
        if error.code == ResumeSearchError.PROTECTED:
            errors = {}
    context: dict[str, Any] = {
        "org": org,
        "params": params,
        "response": response,
        "values": values,
        "errors": errors,
        "message": message,
        "place": DivisionSelect().render(
            "city", values.get("city", ""), attrs={"id": "resume-search-city"}
        ),
        "experience_options": _experience_options(),
        "education_options": _education_options(),
        "updated_options": _updated_options(),
        "sort_options": [Option(key, str(label)) for key, label in SORT_LABELS.items()],
        "noindex": True,
    }
    if params is not None and response is not None:
        shown = min(response.total, response.pages * params.page_size)
        page = Paginator(range(shown), params.page_size).get_page(params.page)
        context |= {
            "page_obj": page,
            "page_range": list(page.paginator.get_elided_page_range(page.number)),
            "query": urlencode([item for item in params.query_items() if item[0] != "page"]),
            "facets": _facets(params, response),
            "clear_url": _link(ResumeSearchParams(q=params.q, sort=params.sort)),
        }
    return render(request, "search/resume_search.html", context, status=status)

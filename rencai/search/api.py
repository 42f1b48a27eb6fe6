"""The job search API: ``GET /api/v1/jobs/search`` (no account needed).

The parameters are those of the search page, validated by the same ``parse_params``: a bad
value, an unknown parameter or a protected attribute (gender, age, hukou…) is refused with
400 ``search_invalid`` and a message per parameter. Only published postings are returned;
16–17-year-olds do not see jobs forbidden to minors.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from ninja import NinjaAPI, Query, Router

from rencai.core.api_support import ERRORS
from rencai.core.http import viewer
from rencai.jobs.choices import Education, EmploymentType
from rencai.search import service
from rencai.search.params import (
    EXPERIENCE_MAX,
    PAGE_MAX,
    PAGE_SIZE,
    PAGE_SIZE_MAX,
    PAY_BAND_KEYS,
    parse_params,
)
from rencai.search.schemas import SearchOut, job_url_template
from rencai.search.service import Answers, find

router = Router(tags=["jobs"])

# Values are declared as text: the search validates them itself, so that every bad value
# gets the same 400 ``search_invalid`` answer as on the search page.
LIST = " Repeat the parameter (or separate values with commas) for several; any matches."


@router.get(
    "/search",
    response={200: SearchOut, **ERRORS},
    summary="Search published jobs",
    auth=None,
)
def search(
    request: HttpRequest,
    q: Annotated[
        str,
        Query(
            description="Keywords (at most 100 characters), matched in the title (weighted "
            "most), company name, job content, requirements and skills; every word must match.",
        ),
    ] = "",
    division: Annotated[
        str,
        Query(
            description="A GB/T 2260 division code at any level: a province or city includes "
            "everything in it (see /api/v1/reference/divisions).",
        ),
    ] = "",
    pay_min: Annotated[
        str,
        Query(
            description="Monthly pay in yuan (a whole number, 0–1,000,000): jobs whose pay "
            "range reaches at least this. Day and hour rates count as a month's pay."
        ),
    ] = "",
    pay_max: Annotated[
        str,
        Query(
            description="Monthly pay in yuan: jobs whose pay range starts at most at this. "
            "Not below pay_min."
        ),
    ] = "",
    pay_band: Annotated[
        list[str] | None,
        Query(description="Monthly pay band: " + ", ".join(PAY_BAND_KEYS) + "." + LIST),
    ] = None,
    employment_type: Annotated[
        list[str] | None,
        Query(description=", ".join(EmploymentType.values) + "." + LIST),
    ] = None,
    education: Annotated[
        list[str] | None,
        Query(description="Required education: " + ", ".join(Education.values) + "." + LIST),
    ] = None,
    experience_max: Annotated[
        str,
        Query(
            description=f"Jobs asking for at most this many years of experience "
            f"(0–{EXPERIENCE_MAX})."
        ),
    ] = "",
    industry: Annotated[
        list[str] | None,
        Query(
            description="GB/T 4754-2017 industry division, two digits (see "
            "/api/v1/reference/industries)." + LIST
        ),
    ] = None,
    category: Annotated[
        str,
        Query(description="Job category (职业分类大典 code) at any level, e.g. 4 or 4-04."),
    ] = "",
    posted_within: Annotated[str, Query(description="Published in the last N days (1–365).")] = "",
    verified_only: Annotated[
        str,
        Query(
            description="1: only postings by the verified employers themselves (no agency "
            "postings for clients); 0 or empty: all."
        ),
    ] = "",
    sort: Annotated[
        str,
        Query(
            description="relevance (best match; newest first without keywords), newest, or "
            "pay (highest pay first)."
        ),
    ] = "relevance",
    page: Annotated[str, Query(description=f"Page number, 1–{PAGE_MAX}.")] = "1",
    page_size: Annotated[str, Query(description=f"Results per page, 1–{PAGE_SIZE_MAX}.")] = str(
        PAGE_SIZE
    ),
) -> HttpResponse:
    """Published jobs matching the keywords and filters, with facet counts (city, pay
    band, employment type, education, industry) and, when nothing matches, relaxed searches
    that find something. Filters combine with AND; the values of one list filter with OR."""
    params = parse_params(request.GET, strict=True)
    user = viewer(request)
    found = find(params, user=user)
    job_url = job_url_template(request)
    variant = ("api", get_language(), job_url)
    rendered = ANSWERS.get(found, variant)
    if rendered is None:
        response = service.complete(found, user=user)
        rendered = _render(request, SearchOut.build(response, job_url))
        ANSWERS.put(found, variant, response, rendered)
    head, tail = rendered
    took = json.dumps(found.elapsed_ms).encode()
    return HttpResponse(head + took + tail, content_type=_api().get_content_type())


ANSWERS = Answers(settings.SEARCH_ANSWER_CACHE)
_TOOK_MARK = -1.5  # took_ms while rendering; the time of each answer is put in its place


def _api() -> NinjaAPI:
    from rencai.api import api  # the API that mounts this router (and imports this module)

    return api


def _render(request: HttpRequest, data: dict[str, Any]) -> tuple[bytes, bytes]:
    """The JSON body of an answer, split where ``took_ms`` goes. ``SearchOut.build`` makes
    exactly the documented shape from typed values (a test holds it to the schema), so it is
    rendered as it is: validating ~20 results field by field again would cost a search as
    much as the index query."""
    content = _api().renderer.render(request, {**data, "took_ms": _TOOK_MARK}, response_status=200)
    body = content if isinstance(content, bytes) else content.encode()
    mark = json.dumps({"took_ms": _TOOK_MARK})[1:-1].encode()
    head, found, tail = body.partition(mark)
    assert found, "took_ms is in every answer"
    return head + mark[: -len(str(_TOOK_MARK))], tail

"""API contract of the job search (``GET /api/v1/jobs/search``)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Schema
from pydantic import Field

from rencai.core import divisions
from rencai.jobs.templatetags.jobs_tags import pay_range
from rencai.search.service import FacetValue, SearchHit, SearchResponse


class SearchOrganisationOut(Schema):
    id: uuid.UUID
    name: str = Field(..., description="The publishing organisation's registered name")


class SearchResultOut(Schema):
    """One published posting found by the search."""

    id: uuid.UUID
    url: str = Field(..., description="The job's public page")
    title: str
    title_html: str = Field(
        ..., description="The title, HTML-escaped, with the matched words in <mark> elements"
    )
    snippet_html: str = Field(
        ...,
        description="About 90 characters of the job content and requirements around the "
        "first match, HTML-escaped, with the matched words in <mark> elements",
    )
    organisation: SearchOrganisationOut
    locations: list[str] = Field(..., description="Full names of the work locations")
    pay_min: int
    pay_max: int
    pay_period: str = Field(..., description="month, day, hour or piece")
    pay_text: str = Field(..., description="The pay range as shown on the site")
    employment_type: str
    education: str
    experience_years: int
    published_at: dt.datetime | None

    @staticmethod
    def build(hit: SearchHit, job_url: str) -> dict[str, Any]:
        """``job_url``: the absolute address of a job page with ``{id}`` for its id."""
        posting = hit.posting
        version = posting.live_version
        assert version is not None  # the search returns public postings only
        return {
            "id": posting.pk,
            "url": job_url.replace("{id}", str(posting.pk)),
            "title": version.title,
            "title_html": str(hit.title_html),
            "snippet_html": str(hit.snippet_html),
            "organisation": {
                "id": posting.organisation_id,
                "name": posting.organisation.legal_name,
            },
            "locations": [
                divisions.display_name(str(location.get("division", "")))
                for location in version.locations
            ],
            "pay_min": version.pay_min,
            "pay_max": version.pay_max,
            "pay_period": version.pay_period,
            "pay_text": pay_range(version),
            "employment_type": version.employment_type,
            "education": version.education,
            "experience_years": version.experience_years,
            "published_at": posting.published_at,
        }


class FacetValueOut(Schema):
    key: str = Field(..., description="The value to pass as the filter parameter")
    label: str
    count: int = Field(..., description="Matching jobs with this value")
    selected: bool

    @staticmethod
    def build(value: FacetValue) -> dict[str, Any]:
        return {
            "key": value.key,
            "label": value.label,
            "count": value.count,
            "selected": value.selected,
        }


class FacetsOut(Schema):
    """Counts per value. A facet's own filter is left out of its counts, so the other
    values show how many jobs adding them would find."""

    city: list[FacetValueOut] = Field(
        default_factory=list, description="Cities (division codes; filter with division)"
    )
    pay_band: list[FacetValueOut] = Field(default_factory=list)
    employment_type: list[FacetValueOut] = Field(default_factory=list)
    education: list[FacetValueOut] = Field(default_factory=list)
    industry: list[FacetValueOut] = Field(default_factory=list)


class SuggestionOut(Schema):
    label: str = Field(..., description="What the relaxed search leaves out")
    query: str = Field(..., description="The relaxed search as a query string")
    count: int


class SearchOut(Schema):
    results: list[SearchResultOut]
    total: int = Field(..., description="Matching jobs (all pages)")
    page: int
    page_size: int
    pages: int = Field(..., description="Pages available (at most 50)")
    facets: FacetsOut
    suggestions: list[SuggestionOut] = Field(
        ..., description="When nothing matched: relaxed searches that do find jobs"
    )
    took_ms: float
    backend: str = Field(..., description="The search backend that answered")
    degraded: bool = Field(
        ...,
        description="True while the index is being rebuilt and the database answers: results "
        "may be incomplete and slower",
    )

    @staticmethod
    def build(response: SearchResponse, job_url: str) -> dict[str, Any]:
        """The response as plain data of exactly this schema's shape (``job_url``: see
        :func:`job_url_template`)."""
        facets = {
            name: [FacetValueOut.build(value) for value in values]
            for name, values in response.facets.items()
            if name in FacetsOut.model_fields
        }
        return {
            "results": [SearchResultOut.build(hit, job_url) for hit in response.hits],
            "total": response.total,
            "page": response.params.page,
            "page_size": response.params.page_size,
            "pages": response.pages,
            "facets": facets,
            "suggestions": [
                {
                    "label": suggestion.label,
                    "query": suggestion.params.query_string(),
                    "count": suggestion.count,
                }
                for suggestion in response.suggestions
            ],
            "took_ms": response.took_ms,
            "backend": response.backend,
            "degraded": response.degraded,
        }


def job_url_template(request: HttpRequest) -> str:
    """The absolute address of a job page with ``{id}`` in place of the posting's id."""
    sample = uuid.UUID(int=0)
    job_url = request.build_absolute_uri(reverse("jobs:detail", args=[sample]))
    return job_url.replace(str(sample), "{id}")

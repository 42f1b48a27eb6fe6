"""Employer resume search API: ``GET /api/v1/employer/resume-search`` (issue 7).

For active members of verified organisations in good standing (403
``resume_search_not_allowed`` for everyone else; 401 without an account). Results are
masked cards (PI-07): the surname followed by ``**``, place, experience, education, latest
position, skills, last update and a snippet; never contact details. Parameters such as
``gender``, ``age`` or ``hukou`` are refused with 400 ``protected_attribute_filter``
(DIS-03), unknown ones and bad values with 400 ``search_invalid``. Searches are rate limited
per member (429 ``resume_search_rate_limited``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from rencai.core.api_support import AUTH, ERRORS
from rencai.core.http import viewer
from rencai.jobs.choices import Education
from rencai.privacy.insight import ActivityOut, TalentInsightOut
from rencai.search.resume_service import (
    EXPERIENCE_YEARS_MAX,
    PAGE_MAX,
    PAGE_SIZE,
    PAGE_SIZE_MAX,
    ResumeHit,
    ResumeSearchResponse,
    count_search,
    parse_resume_params,
    search_resumes,
    searching_organisation,
)

router = Router(tags=["resume search"])


class ResumeCardOut(Schema):
    """One resume found, masked: no name beyond the surname, no contact details, no
    address, no ethnicity, hukou, political status or photo."""

    id: uuid.UUID
    url: str = Field(..., description="The employer's page of this resume")
    masked_name: str = Field(..., description="Surname followed by **")
    city: str = Field(..., description="Current city (GB/T 2260 code), or empty")
    city_name: str
    intended_cities: list[str] = Field(..., description="Names of the intended work places")
    experience_years: int
    education: str = Field(..., description="Highest education, or empty")
    education_label: str
    latest_position: str
    skills: list[str]
    updated_at: dt.datetime
    snippet_html: str = Field(
        ..., description="Self-assessment or work text around the first match, HTML-escaped"
    )
    # Absent (not null) when the seeker switched them off (ALG-05).
    activity: ActivityOut | None = Field(None, exclude_if=lambda value: value is None)
    talent_insight: TalentInsightOut | None = Field(None, exclude_if=lambda value: value is None)

    @staticmethod
    def build(hit: ResumeHit) -> ResumeCardOut:
        return ResumeCardOut(
            id=uuid.UUID(hit.id),
            url=hit.url,
            masked_name=hit.masked_name,
            city=hit.city,
            city_name=hit.city_name,
            intended_cities=hit.intended_city_names,
            experience_years=hit.experience_years,
            education=hit.education,
            education_label=hit.education_label,
            latest_position=hit.latest_position,
            skills=hit.skills,
            updated_at=hit.updated_at,
            snippet_html=str(hit.snippet_html),
            activity=ActivityOut(**hit.activity) if hit.activity else None,
            talent_insight=TalentInsightOut(**hit.talent_insight) if hit.talent_insight else None,
        )


class FacetValueOut(Schema):
    key: str
    label: str
    count: int
    selected: bool


class ResumeSearchOut(Schema):
    items: list[ResumeCardOut]
    total: int
    page: int
    page_size: int
    pages: int
    facets: dict[str, list[FacetValueOut]] = Field(
        ..., description="Counts by current or intended city and by highest education"
    )
    took_ms: float
    degraded: bool = Field(
        ..., description="True while the index is unavailable and the database answers"
    )

    @staticmethod
    def build(response: ResumeSearchResponse) -> ResumeSearchOut:
        return ResumeSearchOut(
            items=[ResumeCardOut.build(hit) for hit in response.hits],
            total=response.total,
            page=response.params.page,
            page_size=response.params.page_size,
            pages=response.pages,
            facets={
                name: [FacetValueOut(**vars(value)) for value in values]
                for name, values in response.facets.items()
            },
            took_ms=response.took_ms,
            degraded=response.degraded,
        )


@router.get(
    "",
    response={200: ResumeSearchOut, **ERRORS},
    summary="Search resumes (employers)",
    auth=AUTH,
)
def resume_search(
    request: HttpRequest,
    q: Annotated[
        str,
        Query(
            description="Keywords (at most 100 characters) matched in positions held, "
            "intended job categories (weighted most), skills, self-assessment, schools and "
            "majors; every word must match."
        ),
    ] = "",
    city: Annotated[
        str,
        Query(
            description="A GB/T 2260 division code at any level: resumes whose current or "
            "intended place lies in it."
        ),
    ] = "",
    experience_min: Annotated[
        str,
        Query(description=f"At least this many years of experience (0–{EXPERIENCE_YEARS_MAX})."),
    ] = "",
    experience_max: Annotated[
        str, Query(description=f"At most this many years of experience (0–{EXPERIENCE_YEARS_MAX}).")
    ] = "",
    education: Annotated[
        str,
        Query(description="Highest education at least: " + ", ".join(Education.values) + "."),
    ] = "",
    updated_within: Annotated[
        str, Query(description="Resumes updated in the last N days (1–365).")
    ] = "",
    sort: Annotated[
        str, Query(description="relevance (best match; newest first without keywords) or updated.")
    ] = "relevance",
    page: Annotated[str, Query(description=f"Page number, 1–{PAGE_MAX}.")] = "1",
    page_size: Annotated[str, Query(description=f"Results per page, 1–{PAGE_SIZE_MAX}.")] = str(
        PAGE_SIZE
    ),
) -> ResumeSearchOut:
    """Resumes whose owners let this organisation find them (visibility, hidden companies),
    as masked cards with facet counts. Filters combine with AND. There are no filters on
    gender, age, hukou, ethnicity, marital status or any other protected attribute."""
    user = viewer(request)
    org = searching_organisation(user)
    params = parse_resume_params(request.GET, strict=True)
    assert user is not None  # searching_organisation refuses anonymous visitors
    count_search(user)
    return ResumeSearchOut.build(search_resumes(params, org=org))

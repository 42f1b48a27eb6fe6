"""The content of a posting version and its validation (JOB-01, JOB-02, JOB-03, VER-12)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from rencai.core.divisions import validate_division
from rencai.core.occupations import is_hazardous, validate_occupation
from rencai.core.timeutil import local_today
from rencai.jobs.choices import Benefit, Education, EmploymentType, PayPeriod
from rencai.jobs.constants import (
    DEFAULT_VALIDITY_DAYS,
    MAX_LOCATIONS,
    MAX_OPENINGS,
    MAX_PAY,
    MAX_VALIDITY_DAYS,
)
from rencai.jobs.errors import JobErrorCode, job_error

# The fields the screening engine reads (free text written by the employer).
SCREENED_FIELDS = ("title", "description", "requirements", "environment", "occupational_hazards")


@dataclass(frozen=True)
class Location:
    division: str
    address: str


@dataclass(frozen=True)
class PostingContent:
    title: str
    category: str
    openings: int
    employment_type: str
    description: str
    requirements: str
    working_hours: str
    locations: list[Location]
    pay_min: int
    pay_max: int
    pay_period: str
    education: str = Education.ANY
    experience_years: int = 0
    skills: list[str] = field(default_factory=list)
    shifts: str = ""
    environment: str = ""
    months_per_year: int = 12
    benefits: list[str] = field(default_factory=list)
    occupational_hazards: str = ""
    probation_months: int | None = None
    qa: list[dict[str, str]] = field(default_factory=list)
    targets_foreign_nationals: bool = False
    work_permit_acknowledged: bool = False
    valid_until: dt.date | None = None

    def screened_text(self) -> dict[str, str]:
        """The free-text fields, by name, for the screening engine."""
        texts = {name: str(getattr(self, name)) for name in SCREENED_FIELDS}
        texts["qa"] = "\n".join(f"{item.get('q', '')} {item.get('a', '')}" for item in self.qa)
        texts["skills"] = "、".join(self.skills)
        return texts

    def as_fields(self) -> dict[str, Any]:
        """Model field values of a version."""
        data = asdict(self)
        data["locations"] = [asdict(location) for location in self.locations]
        return data


def _required(value: str, name: str, longest: int) -> str:
    text = value.strip()
    if not text:
        raise job_error(JobErrorCode.FIELD_REQUIRED, field=name)
    if len(text) > longest:
        raise job_error(JobErrorCode.FIELD_INVALID, field=name)
    return text


def _choice(value: str, choices: list[str], name: str) -> str:
    if not value:
        raise job_error(JobErrorCode.FIELD_REQUIRED, field=name)
    if value not in choices:
        raise job_error(JobErrorCode.FIELD_INVALID, field=name)
    return value


def clean_content(content: PostingContent, *, today: dt.date | None = None) -> PostingContent:
    """Validate every mandatory field; errors are 422 naming the field."""
    today = today or local_today()
    title = _required(content.title, "title", 60)
    if not content.category:
        raise job_error(JobErrorCode.FIELD_REQUIRED, field="category")
    category = validate_occupation(content.category, field="category").code
    if not 1 <= content.openings <= MAX_OPENINGS:
        raise job_error(JobErrorCode.FIELD_REQUIRED, field="openings")
    employment_type = _choice(content.employment_type, EmploymentType.values, "employment_type")
    description = _required(content.description, "description", 5000)
    requirements = _required(content.requirements, "requirements", 3000)
    working_hours = _required(content.working_hours, "working_hours", 200)
    if not content.locations:
        raise job_error(JobErrorCode.FIELD_REQUIRED, field="locations")
    if len(content.locations) > MAX_LOCATIONS:
        raise job_error(JobErrorCode.FIELD_INVALID, field="locations")
    locations = [
        Location(
            validate_division(loc.division, field=f"locations.{i}.division", min_level=2).code,
            _required(loc.address, f"locations.{i}.address", 200),
        )
        for i, loc in enumerate(content.locations)
    ]
    if not 0 < content.pay_min <= content.pay_max <= MAX_PAY:
        raise job_error(JobErrorCode.PAY_RANGE, field="pay_min")
    pay_period = _choice(content.pay_period, PayPeriod.values, "pay_period")
    if not 12 <= content.months_per_year <= 24:
        raise job_error(JobErrorCode.FIELD_INVALID, field="months_per_year")
    education = _choice(content.education, Education.values, "education")
    if not 0 <= content.experience_years <= 40:
        raise job_error(JobErrorCode.FIELD_INVALID, field="experience_years")
    if any(benefit not in Benefit.values for benefit in content.benefits):
        raise job_error(JobErrorCode.FIELD_INVALID, field="benefits")
    hazards = content.occupational_hazards.strip()
    if is_hazardous(category) and not hazards:
        raise job_error(JobErrorCode.HAZARDS_REQUIRED, field="occupational_hazards")
    if content.targets_foreign_nationals and not content.work_permit_acknowledged:
        raise job_error(JobErrorCode.WORK_PERMIT, field="work_permit_acknowledged")
    valid_until = content.valid_until or today + dt.timedelta(days=DEFAULT_VALIDITY_DAYS)
    if not today < valid_until <= today + dt.timedelta(days=MAX_VALIDITY_DAYS):
        raise job_error(JobErrorCode.VALIDITY, field="valid_until")
    if content.probation_months is not None and not 0 <= content.probation_months <= 6:
        raise job_error(JobErrorCode.FIELD_INVALID, field="probation_months")
    skills = [skill.strip()[:30] for skill in content.skills if skill.strip()][:20]
    qa = [
        {"q": item.get("q", "").strip()[:200], "a": item.get("a", "").strip()[:1000]}
        for item in content.qa
        if item.get("q", "").strip()
    ][:10]
    return PostingContent(
        title=title,
        category=category,
        openings=content.openings,
        employment_type=employment_type,
        description=description,
        requirements=requirements,
        working_hours=working_hours,
        locations=locations,
        pay_min=content.pay_min,
        pay_max=content.pay_max,
        pay_period=pay_period,
        education=education,
        experience_years=content.experience_years,
        skills=skills,
        shifts=content.shifts.strip()[:200],
        environment=content.environment.strip()[:300],
        months_per_year=content.months_per_year,
        benefits=list(dict.fromkeys(content.benefits)),
        occupational_hazards=hazards,
        probation_months=content.probation_months,
        qa=qa,
        targets_foreign_nationals=content.targets_foreign_nationals,
        work_permit_acknowledged=content.work_permit_acknowledged,
        valid_until=valid_until,
    )


def content_of(version: Any) -> PostingContent:
    """The content of a stored version (to copy it into a new draft)."""
    return PostingContent(
        title=version.title,
        category=version.category,
        openings=version.openings,
        employment_type=version.employment_type,
        description=version.description,
        requirements=version.requirements,
        working_hours=version.working_hours,
        locations=[Location(**loc) for loc in version.locations],
        pay_min=version.pay_min,
        pay_max=version.pay_max,
        pay_period=version.pay_period,
        education=version.education,
        experience_years=version.experience_years,
        skills=list(version.skills),
        shifts=version.shifts,
        environment=version.environment,
        months_per_year=version.months_per_year,
        benefits=list(version.benefits),
        occupational_hazards=version.occupational_hazards,
        probation_months=version.probation_months,
        qa=list(version.qa),
        targets_foreign_nationals=version.targets_foreign_nationals,
        work_permit_acknowledged=version.work_permit_acknowledged,
        valid_until=version.valid_until,
    )

"""Error codes of search (stable: API clients and tests rely on them)."""

from __future__ import annotations

from enum import StrEnum


class ResumeSearchError(StrEnum):
    """Employer resume search (issue 7)."""

    INVALID = "search_invalid"  # a bad value or, in the API, an unknown parameter
    PROTECTED = "protected_attribute_filter"  # gender, age, hukou … (DIS-03)
    NOT_ALLOWED = "resume_search_not_allowed"  # not a member of an org in good standing
    RATE_LIMITED = "resume_search_rate_limited"

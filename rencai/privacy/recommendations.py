"""The seeker dashboard's "jobs for you" (ALG-01, ALG-03).

Personalised only while the ``personalised_recommendation`` consent is current: the public
postings the seeker may see are ranked by how well they match the job intention of the
default resume (intended job categories, intended cities, skills), newest first among
equals. Without the consent — never given, or withdrawn a moment ago — the feed is the
non-personalised ranking: the newest public postings, exactly as anyone sees them
(``non_personalised``). The principles are explained on ``privacy:about_recommendations``.

Nothing but the seeker's own stated job intention is used: no age, sex, birthplace or
other protected attribute (DIS-03), no browsing history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rencai.privacy.choices import ConsentPurpose
from rencai.privacy.queries import has_consent

if TYPE_CHECKING:
    from rencai.accounts.models import User
    from rencai.jobs.models import JobPosting

FEED_SIZE = 5
# Postings considered for the personalised ranking (the newest ones).
CANDIDATES = 200
CATEGORY_WEIGHT = 3
CITY_WEIGHT = 2
SKILL_WEIGHT = 1

PERSONALISED = "personalised"
NON_PERSONALISED = "non_personalised"


@dataclass(frozen=True)
class Feed:
    kind: str  # PERSONALISED or NON_PERSONALISED
    postings: list[JobPosting] = field(default_factory=list)
    # What the personalised ranking used (shown to the seeker, ALG-01).
    basis: list[str] = field(default_factory=list)

    @property
    def personalised(self) -> bool:
        return self.kind == PERSONALISED


def _prefix(division: str) -> str:
    """``440300`` (a city) → ``4403``: any district of the city matches."""
    code = division
    while code.endswith("00") and len(code) > 2:
        code = code[:-2]
    return code


def non_personalised(user: User | None, size: int = FEED_SIZE) -> list[JobPosting]:
    """The newest public postings ``user`` may see (the same for everyone of their age
    group, JOB-10)."""
    from rencai.jobs.queries import public_postings_for
    from rencai.risk.scores import exclude_high_risk

    # JOB-09: high-risk postings are never recommended.
    return list(exclude_high_risk(public_postings_for(user))[:size])


def _score(posting: JobPosting, categories: set[str], cities: list[str], skills: set[str]) -> int:
    version = posting.live_version
    if version is None:
        return 0
    score = 0
    if version.category in categories:
        score += CATEGORY_WEIGHT
    divisions = [str(location.get("division", "")) for location in version.locations or []]
    if any(d.startswith(city) for city in cities for d in divisions):
        score += CITY_WEIGHT
    posting_skills = {str(s).casefold() for s in version.skills or []}
    score += SKILL_WEIGHT * len(posting_skills & skills)
    return score


def recommended_jobs(user: User, size: int = FEED_SIZE) -> Feed:
    """The feed of ``user``: personalised with the consent, non-personalised without."""
    if not has_consent(user.pk, ConsentPurpose.PERSONALISED_RECOMMENDATION):
        return Feed(NON_PERSONALISED, non_personalised(user, size))
    from rencai.jobs.queries import public_postings_for
    from rencai.resumes.queries import resumes_of

    resume = (
        resumes_of(user)
        .only("intended_categories", "intended_cities", "skills", "is_primary", "updated_at")
        .first()
    )
    if resume is None:
        return Feed(PERSONALISED, non_personalised(user, size))
    categories = {str(c) for c in resume.intended_categories}
    cities = [_prefix(str(c)) for c in resume.intended_cities]
    skills = {
        str(s.get("name", "") if isinstance(s, dict) else s).casefold() for s in resume.skills
    } - {""}
    from rencai.risk.scores import exclude_high_risk

    candidates = list(exclude_high_risk(public_postings_for(user))[:CANDIDATES])
    ranked = sorted(
        enumerate(candidates),
        key=lambda pair: (-_score(pair[1], categories, cities, skills), pair[0]),
    )
    basis = ["intended_categories"] * bool(categories) + ["intended_cities"] * bool(cities)
    basis += ["skills"] * bool(skills)
    return Feed(PERSONALISED, [posting for _i, posting in ranked[:size]], basis)

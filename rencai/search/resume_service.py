"""Employer resume search (issue 7): :func:`search_resumes`, for the API and the page.

Who may search: active members of a verified organisation in good standing (the same test
as for publishing, ``posting_block_reason``); searches are rate limited per member.

How the seeker's choices are kept (PI-05, PI-07, DIS-03):

1. **In the index query.** Invisible resumes are not indexed at all. Every query excludes
   the resumes whose owner hides from the searching organisation's USCC, and an agency's
   query keeps only resumes visible to agencies (``public``). Nothing is filtered after the
   engine has counted and ranked.
2. **Rows loaded through the resumes app's rule.** The ids the index returns are loaded
   through ``rencai.resumes.access.searchable_resumes_for(org)``, so a resume made
   invisible (or hidden from this company) a moment ago is never shown, even before the
   index task has run.
3. **Masked cards.** A result carries the masked name (surname + **), place, experience,
   education, latest position, skills, last update and a snippet of the self-assessment
   or work descriptions: never a phone number, e-mail, address or any DIS-09 field.
4. **No protected filters.** Parameters such as ``gender``, ``age``, ``hukou`` or
   ``ethnicity`` are refused with ``protected_attribute_filter`` (DIS-03); unknown
   parameters and bad values with ``search_invalid``.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rencai.accounts.models import User
from rencai.core import divisions
from rencai.core.errors import DomainError, PermissionDenied
from rencai.core.masking import mask_name
from rencai.core.ratelimit import hit
from rencai.jobs.choices import Education
from rencai.orgs.choices import AccountClass
from rencai.orgs.models import Organisation
from rencai.privacy.insight import SeekerSignals, signals_for
from rencai.resumes.choices import EntryKind
from rencai.resumes.models import Resume, ResumeEntry
from rencai.search.backends import get_resume_backend
from rencai.search.backends.base import BackendResult, IndexUnavailable, ResumeQuery
from rencai.search.errors import ResumeSearchError
from rencai.search.resume_documents import EDUCATION_RANK, private_text
from rencai.search.snippets import snippet
from rencai.search.text import QueryTerm, analyse_query, highlight_words

logger = logging.getLogger(__name__)

QUERY_MAX_LENGTH = 100
PAGE_SIZE = 20
PAGE_SIZE_MAX = 50
PAGE_MAX = 50
EXPERIENCE_YEARS_MAX = 50
UPDATED_WITHIN_CHOICES = (3, 7, 30, 90, 180, 365)
SKILLS_SHOWN = 8
# Rows that stopped being findable since they were indexed are dropped after loading.
OVERFETCH = 5


class Sort:
    RELEVANCE = "relevance"
    UPDATED = "updated"
    ALL = (RELEVANCE, UPDATED)


SORT_LABELS: dict[str, Promise] = {
    Sort.RELEVANCE: pgettext_lazy("search sort", "Best match"),
    Sort.UPDATED: pgettext_lazy("search sort", "Recently updated"),
}

# Attributes the law forbids as hiring criteria, and personal data that is no filter of
# resume search (DIS-03, DIS-09). Refused with their own code, whatever their value.
PROTECTED_PARAMETERS = frozenset(
    {
        "gender",
        "sex",
        "age",
        "age_min",
        "age_max",
        "birth_date",
        "birth_year",
        "hukou",
        "hukou_division",
        "ethnicity",
        "nation",
        "nationality",
        "religion",
        "marital_status",
        "married",
        "children",
        "childbearing",
        "pregnancy",
        "pregnant",
        "height",
        "weight",
        "health",
        "hbv",
        "disability",
        "blood_type",
        "political_status",
        "photo",
        "name",
        "phone",
        "email",
    }
)


@dataclass(frozen=True)
class ResumeSearchParams:
    """A validated resume search. Experience is in years; ``education`` is the lowest
    acceptable highest education."""

    q: str = ""
    city: str = ""  # a division code at any level: intended or current place within it
    experience_min: int | None = None
    experience_max: int | None = None
    education: str = ""
    updated_within: int | None = None  # days
    sort: str = Sort.RELEVANCE
    page: int = 1
    page_size: int = PAGE_SIZE

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    def query_items(self, *, paging: bool = True) -> list[tuple[str, str]]:
        defaults = ResumeSearchParams()
        items: list[tuple[str, str]] = []
        for item in fields(self):
            if not paging and item.name in ("page", "page_size"):
                continue
            value = getattr(self, item.name)
            if value != getattr(defaults, item.name):
                items.append((item.name, str(value)))
        return items

    def query_string(self, *, paging: bool = True) -> str:
        return urlencode(self.query_items(paging=paging))

    def filters(self) -> dict[str, Any]:
        skip = {"q", "sort", "page", "page_size"}
        defaults = ResumeSearchParams()
        return {
            item.name: getattr(self, item.name)
            for item in fields(self)
            if item.name not in skip and getattr(self, item.name) != getattr(defaults, item.name)
        }

    def is_blank(self) -> bool:
        return not self.q.strip() and not self.filters()


PARAMETER_NAMES = frozenset(item.name for item in fields(ResumeSearchParams))


def _values(data: Mapping[str, Any], name: str) -> list[str]:
    getlist = getattr(data, "getlist", None)
    raw: Any = getlist(name) if callable(getlist) else data.get(name, [])
    if raw is None:
        return []
    if isinstance(raw, str | int):
        raw = [raw]
    return [str(item).strip() for item in raw if str(item).strip()]


def _one(data: Mapping[str, Any], name: str) -> str:
    values = _values(data, name)
    return values[-1] if values else ""


def _int(
    data: Mapping[str, Any], name: str, errors: dict[str, str | Promise], *, low: int, high: int
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


def parse_resume_params(data: Mapping[str, Any], *, strict: bool = False) -> ResumeSearchParams:
    """Validate resume search parameters. Protected attributes are refused first, with
    ``protected_attribute_filter`` (DIS-03); then unknown names (``strict``, the API) and
    bad values with ``search_invalid`` and a message per field."""
    protected = sorted(name for name in data if name.lower() in PROTECTED_PARAMETERS)
    if protected:
        raise DomainError(
            ResumeSearchError.PROTECTED,
            _("Resumes cannot be searched by personal attributes such as these."),
            fields=dict.fromkeys(protected, _("This is not a permitted search criterion.")),
            status=400,
        )
    errors: dict[str, str | Promise] = {}
    if strict:
        for name in data:
            if name not in PARAMETER_NAMES:
                errors[name] = _("Unknown search parameter.")
    q = " ".join(_values(data, "q"))
    if len(q) > QUERY_MAX_LENGTH:
        errors["q"] = _("Keep the search to %(max)s characters.") % {"max": QUERY_MAX_LENGTH}
    city = _one(data, "city")
    if city and divisions.get_division(city) is None:
        errors["city"] = _("Choose a place from the list.")
    experience_min = _int(data, "experience_min", errors, low=0, high=EXPERIENCE_YEARS_MAX)
    experience_max = _int(data, "experience_max", errors, low=0, high=EXPERIENCE_YEARS_MAX)
    if (
        experience_min is not None
        and experience_max is not None
        and experience_min > experience_max
    ):
        errors["experience_max"] = _("The upper limit must not be below the lower limit.")
    education = _one(data, "education")
    if education == Education.ANY:
        education = ""
    if education and education not in Education.values:
        errors["education"] = _("Unknown value: %(value)s.") % {"value": education}
    updated_within = _int(data, "updated_within", errors, low=1, high=365)
    sort = _one(data, "sort") or Sort.RELEVANCE
    if sort not in Sort.ALL:
        errors["sort"] = _("Unknown sort order.")
    page = _int(data, "page", errors, low=1, high=PAGE_MAX) or 1
    page_size = _int(data, "page_size", errors, low=1, high=PAGE_SIZE_MAX) or PAGE_SIZE
    if errors:
        raise DomainError(
            ResumeSearchError.INVALID,
            _("Some search options are not valid."),
            fields=errors,
            status=400,
        )
    return ResumeSearchParams(
        q=q.strip(),
        city=city,
        experience_min=experience_min,
        experience_max=experience_max,
        education=education,
        updated_within=updated_within,
        sort=sort,
        page=page,
        page_size=page_size,
    )


# --- who may search --------------------------------------------------------------------


def searching_organisation(user: User | None) -> Organisation:
    """The organisation ``user`` searches for: an active member of a verified organisation
    in good standing (not overdue for re-verification, not suspended, not on the abnormal
    list). Seekers, operators and everyone else get 403 ``resume_search_not_allowed``."""
    from rencai.orgs.queries import active_membership, posting_block_reason

    denied = PermissionDenied(
        ResumeSearchError.NOT_ALLOWED,
        _("Resume search is open to members of verified organisations in good standing."),
    )
    if user is None or not user.is_authenticated or not user.is_active:
        raise denied
    membership = active_membership(user)
    if membership is None:
        raise denied
    org = membership.organisation
    if posting_block_reason(org) is not None:
        raise denied
    return org


def count_search(user: User) -> None:
    """One search of ``user`` against the per-member limit (RESUME_SEARCH_PER_MINUTE)."""
    hit(
        "resume-search",
        str(user.pk),
        limit=settings.RESUME_SEARCH_PER_MINUTE,
        window=60,
        code=ResumeSearchError.RATE_LIMITED,
        message=_("Too many resume searches. Wait a minute and try again."),
    )


# --- the search ------------------------------------------------------------------------


@dataclass(frozen=True)
class ResumeHit:
    """One masked result card: never a name beyond the surname, a phone number, an e-mail
    address, an address or a DIS-09 field (PI-07)."""

    id: str
    masked_name: str
    city: str  # division code of the current city ("" if none)
    city_name: str
    intended_city_names: list[str]
    experience_years: int
    education: str
    education_label: str
    latest_position: str
    skills: list[str]
    updated_at: dt.datetime
    snippet_html: SafeString
    # Only what the seeker allows recruiters to see (ALG-05, rencai.privacy.insight).
    activity: dict[str, str] | None = None
    talent_insight: dict[str, str] | None = None

    @property
    def url(self) -> str:
        return resume_url(self.id)


@dataclass(frozen=True)
class FacetValue:
    key: str
    label: str
    count: int
    selected: bool


@dataclass
class ResumeSearchResponse:
    params: ResumeSearchParams
    hits: list[ResumeHit]
    total: int
    facets: dict[str, list[FacetValue]]
    took_ms: float
    backend: str
    degraded: bool = False
    terms: list[QueryTerm] = field(default_factory=list)

    @property
    def pages(self) -> int:
        size = self.params.page_size
        return max(1, min((self.total + size - 1) // size, PAGE_MAX))


def resume_url(resume_id: str) -> str:
    """The employer's page of a resume (the resumes app's ``/employer/resumes/<id>/``, which
    records the view, PI-08)."""
    return reverse("resumes:employer_resume", args=[resume_id])


def resume_query(
    params: ResumeSearchParams,
    org: Organisation,
    *,
    terms: Sequence[QueryTerm] | None = None,
    now: dt.datetime | None = None,
    with_facets: bool = True,
) -> ResumeQuery:
    """The backend's view of a search by ``org``: the seeker's rules included."""
    now = (now or timezone.now()).replace(second=0, microsecond=0)
    updated_after = None
    if params.updated_within:
        updated_after = int((now - dt.timedelta(days=params.updated_within)).timestamp())
    return ResumeQuery(
        terms=tuple(analyse_query(params.q) if terms is None else terms),
        division=params.city,
        experience_min=params.experience_min * 12 if params.experience_min is not None else None,
        experience_max=(
            params.experience_max * 12 + 11 if params.experience_max is not None else None
        ),
        education_min=EDUCATION_RANK[params.education] if params.education else None,
        updated_after=updated_after,
        exclude_uscc=org.uscc,
        public_only=org.account_class == AccountClass.AGENCY,
        sort=params.sort,
        offset=params.offset,
        limit=params.page_size + OVERFETCH,
        with_facets=with_facets,
    )


def searchable(org: Organisation) -> QuerySet[Resume]:
    """The resumes ``org`` may find (the resumes app's rule, PI-05)."""
    from rencai.resumes.access import searchable_resumes_for

    return searchable_resumes_for(org)


def _run(query: ResumeQuery, org: Organisation) -> tuple[BackendResult, str, bool]:
    backend = get_resume_backend()
    try:
        return backend.search(query), backend.name, False
    except IndexUnavailable as error:
        from rencai.search.indexing import schedule_resume_rebuild

        logger.warning("resume index unavailable (%s); searching the database", error)
        schedule_resume_rebuild(str(error))
        return database_search(query, org), "database", True


def database_search(query: ResumeQuery, org: Organisation) -> BackendResult:
    """The fallback while the resume index is unavailable: the same rules (the rows come
    from ``searchable_resumes_for``), substring matching of each word in positions,
    self-assessment and descriptions, the current city by prefix, newest first, no facets."""
    resumes = searchable(org)
    for term in query.terms:
        words = Q()
        for word in term.alternatives:
            words |= (
                Q(self_assessment__icontains=word)
                | Q(entries__title__icontains=word)
                | Q(entries__description__icontains=word)
            )
        resumes = resumes.filter(pk__in=Resume.objects.filter(words).values("pk"))
    if query.division:
        prefix = query.division.rstrip("0")
        prefix = prefix + "0" * (len(prefix) % 2)
        resumes = resumes.filter(city__startswith=prefix)
    if query.experience_min is not None:
        resumes = resumes.filter(experience_months__gte=query.experience_min)
    if query.experience_max is not None:
        resumes = resumes.filter(experience_months__lte=query.experience_max)
    if query.education_min is not None:
        allowed = [key for key, rank in EDUCATION_RANK.items() if rank >= query.education_min]
        resumes = resumes.filter(highest_education__in=allowed)
    if query.updated_after is not None:
        after = dt.datetime.fromtimestamp(query.updated_after, tz=dt.UTC)
        resumes = resumes.filter(updated_at__gt=after)
    ordered = resumes.order_by("-updated_at", "-pk")
    ids = [str(pk) for pk in ordered.values_list("pk", flat=True)[query.offset :][: query.limit]]
    return BackendResult(ids=ids, total=ordered.count() if query.with_total else 0)


def _latest_work(entries: Sequence[ResumeEntry]) -> ResumeEntry | None:
    work = [entry for entry in entries if entry.kind == EntryKind.WORK]
    if not work:
        return None
    # Current jobs (no end) first, then the most recent start.
    return max(work, key=lambda e: (e.end is None, e.start or dt.date.min, -e.position))


def _hit(resume: Resume, words: list[str], signals: SeekerSignals | None = None) -> ResumeHit:
    entries = list(resume.entries.all())
    latest = _latest_work(entries)
    text = private_text(
        "\n".join(
            [resume.self_assessment, *(e.description for e in entries if e.kind == EntryKind.WORK)]
        ),
        resume.full_name.strip(),
    )
    skills = [
        str(skill.get("name", "")) if isinstance(skill, dict) else str(skill)
        for skill in resume.skills
    ]
    education = resume.highest_education
    return ResumeHit(
        id=str(resume.pk),
        masked_name=mask_name(resume.full_name),
        city=resume.city,
        city_name=divisions.display_name(resume.city) if resume.city else "",
        intended_city_names=[divisions.display_name(str(code)) for code in resume.intended_cities],
        experience_years=resume.experience_years,
        education=education if education != Education.ANY else "",
        education_label=str(Education(education).label) if education != Education.ANY else "",
        latest_position=latest.title if latest is not None else "",
        skills=[name for name in skills if name][:SKILLS_SHOWN],
        updated_at=resume.updated_at,
        snippet_html=snippet(text, words),
        activity=signals.activity if signals else None,
        talent_insight=signals.talent_insight if signals else None,
    )


# Only what a card shows is read: never the contact columns or the DIS-09 fields.
CARD_FIELDS = (
    "id",
    "owner",
    "full_name",
    "city",
    "intended_cities",
    "experience_months",
    "highest_education",
    "skills",
    "self_assessment",
    "updated_at",
)


def _rows(org: Organisation, ids: list[str], wanted: int) -> list[Resume]:
    entries = ResumeEntry.objects.filter(kind=EntryKind.WORK).only(
        "resume_id", "kind", "title", "description", "start", "end", "position"
    )
    resumes = (
        searchable(org)
        .filter(pk__in=ids[: wanted + OVERFETCH])
        .only(*CARD_FIELDS)
        .prefetch_related(Prefetch("entries", queryset=entries))
    )
    found = {str(resume.pk): resume for resume in resumes}
    return [found[rid] for rid in ids if rid in found][:wanted]


def _education_at_least(
    counts: Sequence[tuple[str, int]], params: ResumeSearchParams
) -> list[FacetValue]:
    """The education facet as the filter works, "this level or higher": each level's count
    includes every level above it (a resume with a master's degree counts for bachelor's
    or higher too)."""
    by_level = dict(counts)
    levels = [value for value in Education.values if value != Education.ANY]
    items: list[FacetValue] = []
    running = 0
    for level in reversed(levels):
        running += by_level.get(level, 0)
        if by_level.get(level, 0):
            label = _("%(level)s or higher") % {"level": Education(level).label}
            items.append(FacetValue(level, str(label), running, params.education == level))
    return list(reversed(items))


def _facets(
    raw: dict[str, list[tuple[str, int]]], params: ResumeSearchParams
) -> dict[str, list[FacetValue]]:
    result: dict[str, list[FacetValue]] = {}
    for name, values in raw.items():
        if name == "education":
            result[name] = _education_at_least(values, params)
        else:
            result[name] = [
                FacetValue(key, divisions.display_name(key), count, params.city == key)
                for key, count in values
            ]
    return result


def search_resumes(
    params: ResumeSearchParams, *, org: Organisation, with_facets: bool = True
) -> ResumeSearchResponse:
    """Resumes ``org`` may find that match ``params``, as masked cards (the caller has
    checked the searcher with :func:`searching_organisation`)."""
    started = time.perf_counter()
    terms = analyse_query(params.q)
    query = resume_query(params, org, terms=terms, with_facets=with_facets)
    result, backend_name, degraded = _run(query, org)
    rows = _rows(org, result.ids, params.page_size)
    words = highlight_words(terms)
    signals = signals_for([resume.owner_id for resume in rows])  # ≤ 3 queries per page
    response = ResumeSearchResponse(
        params=params,
        hits=[_hit(resume, words, signals.get(resume.owner_id)) for resume in rows],
        total=result.total,
        facets=_facets(result.facets, params),
        took_ms=0.0,
        backend=backend_name,
        degraded=degraded,
        terms=terms,
    )
    response.took_ms = round((time.perf_counter() - started) * 1000, 2)
    return response

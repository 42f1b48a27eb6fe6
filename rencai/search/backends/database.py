"""The fallback backend: the search run on the posting tables with the ORM.

The service uses it while the live index is unavailable (missing, being built for the first
time, built with another dictionary), so a visitor gets slower and coarser results rather
than an error page. It runs on SQLite and PostgreSQL alike and needs no index of its own:
it reads ``public_postings()``, so it is always consistent with the database.

Differences from the index backends, accepted for a fallback:

- Words match as substrings of the title, the organisation's and client's names, the
  description and the requirements, not as segmented words: ``c`` also finds ``c++`` and
  ``excel``, text stored in Traditional characters or full-width letters is not normalised,
  and the skills list is not searched (a JSON column: on SQLite its Chinese is stored
  escaped). Each term still matches through any of its alternatives (word, synonyms,
  all of its parts) and every term must match.
- Relevance is not scored: "relevance" sorts newest first.
- The scan grows with the number of postings; there is no bound on the work of a broad word.

Filters, the pay conversion, pay bands, sorts by date and pay, paging, exact totals and the
disjunctive facets follow the documents (``rencai.search.documents``) exactly. A search is
two passes over the matches: the page, and one ``GROUP BY`` over all facet columns that also
gives the total (plus one per facet whose own filter is set); the city facet groups by the
locations' division codes and maps them to cities here. Measured on 50,000 postings in
PostgreSQL: about 1 s per search, with or without words, against tens of
milliseconds for the index backends, which is why it is only a fallback.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Count,
    DateField,
    DateTimeField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce

from rencai.core.divisions import code_prefix, get_division
from rencai.jobs.constants import MAX_LOCATIONS
from rencai.jobs.models import JobPosting
from rencai.jobs.queries import public_postings
from rencai.search.backends.base import (
    FACETS,
    BackendQuery,
    BackendResult,
    IndexStatus,
    Progress,
    facet_groups,
    top_counts,
)
from rencai.search.documents import SearchDocument, city_of, iter_documents
from rencai.search.params import PAY_BANDS
from rencai.search.text import QueryTerm, dictionary_version

TEXT_FIELDS = (
    "live_version__title",
    "organisation__legal_name",
    "client__legal_name",
    "live_version__description",
    "live_version__requirements",
)
LOCATION_KEYS = tuple(f"live_version__locations__{i}__division" for i in range(MAX_LOCATIONS))


def _monthly(field: str) -> Case:
    """The live version's pay as monthly CNY, truncated like ``documents.monthly_range``
    (a day is 21.75 working days' worth: ×2175 / 100 in integers); NULL for piece rates."""
    amount = Cast(f"live_version__{field}", BigIntegerField())
    return Case(
        When(live_version__pay_period="month", then=amount),
        When(
            live_version__pay_period="day",
            then=ExpressionWrapper(amount * 2175 / 100, output_field=BigIntegerField()),
        ),
        When(
            live_version__pay_period="hour",
            then=ExpressionWrapper(amount * 174, output_field=BigIntegerField()),
        ),
        default=None,
        output_field=BigIntegerField(),
    )


def _pay_band() -> Case:
    """The band the mid-point of the monthly range (``band_middle``) falls in, as in
    ``params.pay_band_of``; empty for piece rates, which have no band."""
    whens = [
        When(
            Q(band_middle__gte=band.low)
            & (Q() if band.high is None else Q(band_middle__lt=band.high)),
            then=Value(band.key),
        )
        for band in PAY_BANDS
    ]
    return Case(*whens, default=Value(""), output_field=CharField())


def _annotated(postings: QuerySet[JobPosting]) -> QuerySet[JobPosting]:
    return (
        postings.annotate(
            monthly_low=_monthly("pay_min"),
            monthly_high=_monthly("pay_max"),
            published=Coalesce("published_at", "created_at", output_field=DateTimeField()),
            valid=Coalesce("valid_until", "live_version__valid_until", output_field=DateField()),
            # A client's industry when the posting is for a client (even if empty), else the
            # publishing organisation's: the LEFT JOIN gives NULL only without a client.
            industry_key=Coalesce(
                "client__industry", "organisation__industry", output_field=CharField()
            ),
        )
        .annotate(
            band_middle=ExpressionWrapper(
                (F("monthly_low") + F("monthly_high")) / 2, output_field=BigIntegerField()
            )
        )
        .annotate(band=_pay_band())
    )


def _words(word: str) -> Q:
    """``word`` anywhere in the searched texts. Query words are already lower case; only a
    word with cased letters needs ``icontains``, whose ``UPPER()`` of every long text costs
    more than the match itself (most Chinese words have none)."""
    lookup = "icontains" if word.upper() != word else "contains"
    found = Q()
    for name in TEXT_FIELDS:
        found |= Q(**{f"{name}__{lookup}": word})
    return found


def _term(term: QueryTerm) -> Q:
    """Any alternative of the term, or all of its parts."""
    found = Q()
    for word in term.alternatives:
        found |= _words(word)
    if term.parts:
        every = Q()
        for part in term.parts:
            every &= _words(part)
        found |= every
    return found


def _day(number: int) -> dt.date:
    return dt.date(number // 10000, number // 100 % 100, number % 100)


def _moment(seconds: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)


def filtered(query: BackendQuery, *, skip: str = "") -> QuerySet[JobPosting]:
    """Public postings matching the query; ``skip`` leaves out one facet's own filter.

    The annotations of :func:`_annotated` (``valid``, ``monthly_low``, ``band`` …) are
    filtered through ``Q`` objects, since the type checker knows only the model's fields."""
    postings = _annotated(public_postings().order_by())
    for term in query.terms:
        postings = postings.filter(_term(term))
    if query.today:
        postings = postings.filter(Q(valid__gte=_day(query.today)))
    if query.now:
        # The index keeps whole seconds: standing_until > now means due ≥ now + 1 s.
        postings = postings.filter(organisation__reverification_due_at__gte=_moment(query.now + 1))
    if query.division and skip != "city":
        if get_division(query.division) is None:
            return postings.none()
        # Locations are stored as {"division": "440305", "address": …}; a province or city
        # includes everything whose code starts with its prefix (as division_codes does).
        prefix = code_prefix(query.division)
        postings = postings.filter(live_version__locations__icontains=f'"division": "{prefix}')
    if query.category:
        postings = postings.filter(
            Q(live_version__category=query.category)
            | Q(live_version__category__startswith=f"{query.category}-")
        )
    if query.pay_bands and skip != "pay_band":
        postings = postings.filter(Q(monthly_low__isnull=False, band__in=query.pay_bands))
    if query.employment_types and skip != "employment_type":
        postings = postings.filter(live_version__employment_type__in=query.employment_types)
    if query.educations and skip != "education":
        postings = postings.filter(live_version__education__in=query.educations)
    if query.industries and skip != "industry":
        postings = postings.filter(Q(industry_key__in=query.industries))
    if query.pay_min is not None or query.pay_max is not None:
        postings = postings.filter(Q(monthly_low__isnull=False))
    if query.pay_min is not None:
        postings = postings.filter(Q(monthly_high__gte=query.pay_min))
    if query.pay_max is not None:
        postings = postings.filter(Q(monthly_low__lte=query.pay_max))
    if query.experience_max is not None:
        postings = postings.filter(live_version__experience_years__lte=query.experience_max)
    if query.published_after is not None:
        postings = postings.filter(Q(published__gte=_moment(query.published_after + 1)))
    if query.direct_only:
        postings = postings.filter(client__isnull=True)
    if query.exclude_minor_prohibited:
        postings = postings.filter(minor_prohibited=False)
    return postings


FACET_VALUES = {
    "pay_band": "band",
    "employment_type": "live_version__employment_type",
    "education": "live_version__education",
    "industry": "industry_key",
}


def _count(
    postings: QuerySet[JobPosting], names: Sequence[str]
) -> tuple[int, dict[str, Counter[str]]]:
    """The matches and their facet counts from one ``GROUP BY`` over every facet column
    at once (one pass over the matches, which is what costs: the word filters are scans),
    summed up here. The city facet groups by the (at most MAX_LOCATIONS) division codes of
    each posting; a posting counts once per city even if several of its places share it."""
    columns = [FACET_VALUES[name] for name in names if name != "city"]
    keys = LOCATION_KEYS if "city" in names else ()
    counts: dict[str, Counter[str]] = {name: Counter() for name in names}
    total = 0
    for row in postings.values(*columns, *keys).annotate(n=Count("pk")).order_by():
        n = int(row["n"])
        total += n
        for name in names:
            if name == "city":
                for city in {city_of(str(row[key])) for key in keys if row[key]}:
                    counts[name][city] += n
            else:
                counts[name][str(row[FACET_VALUES[name]] or "")] += n
    return total, counts


class DatabaseBackend:
    """Searches the posting tables directly; nothing to index, always consistent."""

    name = "database"

    def search(self, query: BackendQuery) -> BackendResult:
        postings = filtered(query)
        if query.sort == "pay":
            order: Sequence[Any] = (
                Coalesce("monthly_high", Value(0), output_field=BigIntegerField()).desc(),
                F("published").desc(),
                F("pk").desc(),
            )
        else:  # newest, and relevance (which is not scored here)
            order = (F("published").desc(), F("pk").desc())
        page = postings.order_by(*order).values_list("pk", flat=True)
        ids = [str(pid) for pid in page[query.offset : query.offset + query.limit]]
        total = 0
        facets: dict[str, list[tuple[str, int]]] = {}
        if query.with_facets:
            for skip, names in facet_groups(query):
                scope = postings if not skip else filtered(query, skip=skip)
                counted, counts = _count(scope, names)
                if not skip:
                    total = counted
                facets.update((name, top_counts(counts[name])) for name in names)
            order_of = {band.key: position for position, band in enumerate(PAY_BANDS)}
            facets["pay_band"].sort(key=lambda item: order_of.get(item[0], len(order_of)))
            facets = {name: facets[name] for name in FACETS}
        elif query.with_total:
            total = postings.count()
        return BackendResult(ids=ids, total=total if query.with_total else 0, facets=facets)

    def upsert(self, documents: Sequence[SearchDocument]) -> None:
        """Nothing to do: searches read the posting tables themselves."""

    def delete(self, ids: Sequence[str]) -> None:
        """Nothing to do: searches read the posting tables themselves."""

    def rebuild(self, documents: Iterable[SearchDocument], *, progress: Progress) -> int:
        """Nothing to build; counts the documents so the report reads as for other backends."""
        count = 0
        for count, _document in enumerate(documents, start=1):
            if count % 1000 == 0:
                progress(count)
        progress(count)
        return count

    def stamps(self) -> dict[str, str]:
        """The stamps of the documents the database implies (this backend is them)."""
        return {document.id: document.stamp for document in iter_documents()}

    def status(self) -> IndexStatus:
        return IndexStatus(
            self.name,
            True,
            public_postings().count(),
            dictionary_version(),
            "database",
            0,
            "searches the posting tables directly",
        )

"""A deterministic synthetic corpus of Chinese job postings and resumes for search benchmarks.

``generate_corpus(jobs=N, resumes=M, seed=S)`` inserts about N/25 verified employers (each with
one administrator, a role grant, an active membership and one to five offices) and N published
postings with an approved first version, then M job seekers (an account that cannot sign in
and a seeker role grant) with one resume each: work history, school, skills, intention, a
visibility drawn from a realistic mix (45 % employers, 35 % also agencies, 20 % invisible)
and, for 12 % of them, a list of companies to hide from (half of the entries naming one of
the first five organisations of the corpus, so a benchmark searching as the first one meets
the rule on thousands of resumes). Everything derives from ``S``: the same N and S give the
same rows, ids included. Only the timestamps move with the moment of generation (pass ``now``
to pin them), so postings are always published within the last 60 days and valid for at
least 30 more; no random draw depends on the date, so the content is the same whenever it is
made.

The vocabulary is ours (``data/corpus_*.json``: several hundred titles in job families, each
with an occupation code, the industries that post it, pay bands, skills and phrase templates);
Faker zh_CN (a development dependency, imported only here) supplies company-name stems, person
names and street names. The cities are weighted towards the large labour markets but cover
every prefecture-level city; locations are real GB/T 2260 district codes.

Rows go in by batches of 5,000 postings inside one transaction (``_Table``: ``executemany``
with per-column conversions chosen once, several times faster than ``bulk_create``), with
exactly one audit event (``search.corpus_generated``). No actions, ``save()`` or signals run
per row: the corpus is a fixture for measuring search, not a record of real activity (no
posting events, verification requests or consents). Organisation ids are checked first, so the
same seed cannot be loaded twice; their USCCs avoid every code already in the database.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import re
import time
import uuid
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.cn import uscc as stdnum_uscc

from rencai.accounts.choices import Role
from rencai.accounts.models import RoleGrant, User
from rencai.audit.actions import record_event
from rencai.core.actors import system_actor
from rencai.core.divisions import DISTRICT, children, display_name, provinces
from rencai.core.identifiers import USCC_ALPHABET, org_code_check_character
from rencai.core.industries import get_industry
from rencai.core.occupations import is_hazardous, is_minor_prohibited
from rencai.jobs.actions.postings import monthly_pay
from rencai.jobs.choices import PostingStatus, VersionStatus
from rencai.jobs.constants import MAX_VALIDITY_DAYS
from rencai.jobs.content import Location, PostingContent
from rencai.jobs.models import JobPosting, JobPostingVersion
from rencai.jobs.screening.engine import risk_of
from rencai.orgs.choices import (
    AccountClass,
    AuthorityMethod,
    MemberRole,
    MembershipStatus,
    OrgStatus,
)
from rencai.orgs.constants import REVERIFY_AFTER
from rencai.orgs.models import Membership, Organisation, OrgLocation
from rencai.resumes.choices import EntryKind, SkillLevel, Visibility, WorkStatus
from rencai.resumes.models import HiddenOrganisation, Resume, ResumeEntry

if TYPE_CHECKING:
    from _typeshed import SupportsLenAndGetItem
    from faker import Faker

DATA_DIR = Path(__file__).resolve().parent / "data"
MAX_JOBS = 5_000_000
JOBS_PER_ORGANISATION = 25
BATCH_SIZE = 5_000  # postings generated and inserted per round (one progress report each)
INSERT_CHUNK = 1_000  # rows per INSERT statement where the backend allows that many
AUDIT_ACTION = "search.corpus_generated"
PUBLISHED_WITHIN_DAYS = 60
MIN_VALIDITY_DAYS = 30
# Dates inside the text (founding years, work histories in resumes) count back from this
# fixed day, so the corpus reads the same whenever it is made.
ANCHOR_DATE = dt.date(2026, 1, 1)
# The 2nd–8th characters of a corpus USCC's organisation code are "MAC…"; the demo
# organisations (rencai.testing.orgs) use other stems, so the two never clash.
USCC_STEM = "MAC"

T = TypeVar("T")
Progress = Callable[[int, int], None]
Row = dict[str, Any]  # column values by attribute name, for _Table.insert
_CERTIFICATE_SUFFIXES = ("证", "证书", "资格", "职称")


class CorpusError(Exception):
    """Bad arguments or a state in which the corpus cannot be generated; the message is
    meant for the person running the command."""


@dataclass(frozen=True)
class CorpusReport:
    """What one generation produced."""

    seed: int
    jobs: int
    resumes: int
    organisations: int
    users: int
    minor_prohibited: int
    resumes_findable: int
    seekers_hiding: int
    seconds: float


# --- the catalogue (data/corpus_*.json) ----------------------------------------------------


class Weighted(Generic[T]):
    """Values with relative weights; ``pick`` draws one with a single ``rng.random()``."""

    def __init__(self, items: Sequence[tuple[T, float]]) -> None:
        chosen = [(value, weight) for value, weight in items if weight > 0]
        if not chosen:
            raise ValueError("Weighted needs at least one positive weight")
        self.values: tuple[T, ...] = tuple(value for value, _weight in chosen)
        running = 0.0
        cumulative: list[float] = []
        for _value, weight in chosen:
            running += weight
            cumulative.append(running)
        self._cumulative = cumulative
        self._total = running

    def pick(self, rng: random.Random) -> T:
        index = bisect_right(self._cumulative, rng.random() * self._total)
        return self.values[min(index, len(self.values) - 1)]


def _weighted_keys(raw: Mapping[str, Any]) -> Weighted[str]:
    return Weighted([(str(key), float(weight)) for key, weight in raw.items()])


def _weighted_ints(raw: Mapping[str, Any]) -> Weighted[int]:
    return Weighted([(int(key), float(weight)) for key, weight in raw.items()])


@dataclass(frozen=True)
class Collar:
    """Defaults shared by a kind of work (tech, office, service, blue, skilled, field, care)."""

    key: str
    education: Weighted[str]
    experience: Weighted[int]
    employment: Weighted[str]
    months: Weighted[int]
    hours: str
    openings: tuple[int, int]
    span: tuple[float, float]
    seniority: bool
    experience_pay: float
    probation: Weighted[int]
    benefits: tuple[tuple[str, float], ...]
    environments: tuple[str, ...]
    decorations: tuple[str, ...]


@dataclass(frozen=True)
class Family:
    """Job titles that share a category, industries, pay band, skills and phrases."""

    key: str
    category: str
    collar: Collar
    domain: str
    weight: float
    industries: tuple[str, ...] | None  # None: any organisation posts these
    titles: tuple[str, ...]
    skills: tuple[str, ...]
    pay: Mapping[str, tuple[int, int]]
    education: Weighted[str]
    experience: Weighted[int]
    months: Weighted[int]
    hours: str
    duties: tuple[str, ...]
    major: str
    hazards: str
    minor_prohibited: bool
    certificates: tuple[str, ...]  # the skills that are certificates (电工证, 教师资格证)


@dataclass(frozen=True)
class City:
    code: str
    short_name: str
    pay_factor: float
    districts: Weighted[str]


@dataclass(frozen=True)
class Catalogue:
    families: tuple[Family, ...]
    family_picker: Weighted[Family]
    industry_picker: Weighted[str]
    city_picker: Weighted[City]
    hours: Mapping[str, tuple[str, ...]]
    duties: Mapping[str, tuple[str, ...]]
    requirements: Mapping[str, tuple[str, ...]]
    environments: Mapping[str, tuple[str, ...]]
    soft_requirements: Mapping[str, tuple[str, ...]]
    intros: tuple[str, ...]
    education_phrases: Mapping[str, str]
    experience_phrases: Mapping[str, tuple[str, ...]]
    company_words: Mapping[str, tuple[str, ...]]
    company_forms: Weighted[str]
    org_intros: tuple[str, ...]
    office_buildings: tuple[str, ...]
    industrial_sites: tuple[str, ...]
    shop_sites: tuple[str, ...]
    membership_titles: tuple[str, ...]
    resume_summaries: tuple[str, ...]
    resume_summaries_new: tuple[str, ...]
    resume_history: tuple[str, ...]
    benefit_names: Mapping[str, str]
    brand_characters: str
    streets: tuple[str, ...]
    location_line: str


def _read(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
    return document


def _pair(raw: Sequence[Any]) -> tuple[int, int]:
    return int(raw[0]), int(raw[1])


def _collar(key: str, raw: Mapping[str, Any]) -> Collar:
    return Collar(
        key=key,
        education=_weighted_keys(raw["education"]),
        experience=_weighted_ints(raw["experience"]),
        employment=_weighted_keys(raw["employment"]),
        months=_weighted_ints(raw["months"]),
        hours=str(raw["hours"]),
        openings=_pair(raw["openings"]),
        span=(float(raw["span"][0]), float(raw["span"][1])),
        seniority=bool(raw["seniority"]),
        experience_pay=float(raw["experience_pay"]),
        probation=_weighted_ints(raw["probation"]),
        benefits=tuple((str(name), float(p)) for name, p in raw["benefits"].items() if p > 0),
        environments=tuple(raw["environments"]),
        decorations=tuple(raw["decorations"]),
    )


def _family(raw: Mapping[str, Any], collars: Mapping[str, Collar]) -> Family:
    collar = collars[raw["collar"]]
    industries = raw["industries"]
    category = str(raw["category"])
    return Family(
        key=str(raw["key"]),
        category=category,
        collar=collar,
        domain=str(raw["domain"]),
        weight=float(raw["weight"]),
        industries=None if industries == "*" else tuple(str(code) for code in industries),
        titles=tuple(raw["titles"]),
        skills=tuple(raw["skills"]),
        pay={str(period): _pair(band) for period, band in raw["pay"].items()},
        education=_weighted_keys(raw["education"]) if "education" in raw else collar.education,
        experience=_weighted_ints(raw["experience"]) if "experience" in raw else collar.experience,
        months=_weighted_ints(raw["months"]) if "months" in raw else collar.months,
        hours=str(raw.get("hours", collar.hours)),
        duties=tuple(raw.get("duties", ())),
        major=str(raw.get("major", "")),
        hazards=str(raw.get("hazards", "")),
        minor_prohibited=is_minor_prohibited(category),
        certificates=tuple(
            item for item in raw["skills"] if str(item).endswith(_CERTIFICATE_SUFFIXES)
        ),
    )


def _districts(city_code: str) -> Weighted[str]:
    """The county-level divisions of a city; urban districts (…区) weigh three times as much
    as counties. A city without districts (东莞市) is its own only location."""
    below = [item for item in children(city_code) if item.level == DISTRICT]
    if not below:
        return Weighted([(city_code, 1.0)])
    return Weighted([(item.code, 3.0 if item.name.endswith("区") else 1.0) for item in below])


# The peoples named in the autonomous prefectures' names (黔东南苗族侗族自治州).
_AUTONOMOUS = re.compile(
    "^(.+?)(?:(?:朝鲜|土家|苗|侗|布依|彝|白|傣|景颇|傈僳|藏|羌|回|哈尼|壮|蒙古|哈萨克|柯尔克孜)族?)+"
    "自治州$"
)


def _short_city_name(name: str) -> str:
    """How a company name starts: 深圳市 → 深圳, 黔东南苗族侗族自治州 → 黔东南,
    锡林郭勒盟 → 锡林郭勒."""
    match = _AUTONOMOUS.match(name)
    short = match.group(1) if match else name
    for suffix in ("市", "地区", "盟"):
        if short.endswith(suffix) and len(short) > len(suffix) + 1:
            return short[: -len(suffix)]
    return short


def _cities(raw: Mapping[str, Any]) -> Weighted[City]:
    tier_pay = {int(tier): float(factor) for tier, factor in raw["tier_pay"].items()}
    listed = {str(code): (float(weight), int(tier)) for code, _name, weight, tier in raw["cities"]}
    other_weight = float(raw["other_weight"])
    items: list[tuple[City, float]] = []
    for province in provinces():
        below = children(province.code)
        is_municipality = not any(item.level == 2 for item in below)
        candidates = [province] if is_municipality else [d for d in below if d.level == 2]
        for division in candidates:
            weight, tier = listed.get(division.code, (other_weight, 4))
            city = City(
                code=division.code,
                short_name=_short_city_name(division.name),
                pay_factor=tier_pay[tier],
                districts=_districts(division.code),
            )
            items.append((city, weight))
    return Weighted(items)


@cache
def catalogue() -> Catalogue:
    """The corpus vocabulary, loaded and checked once per process."""
    titles, phrases, cities = (
        _read("corpus_titles.json"),
        _read("corpus_phrases.json"),
        _read("corpus_cities.json"),
    )
    collars = {key: _collar(key, raw) for key, raw in phrases["collars"].items()}
    families = tuple(_family(raw, collars) for raw in titles["families"])
    for family in families:
        if is_hazardous(family.category) and not family.hazards:
            raise ValueError(f"corpus family {family.key}: hazardous work must state hazards")
    industry_weights: dict[str, float] = {}
    for family in families:
        for code in family.industries or ():
            share = family.weight / len(family.industries or ())
            industry_weights[code] = industry_weights.get(code, 0.0) + share
    domains: Mapping[str, Mapping[str, list[str]]] = phrases["domains"]
    resume: Mapping[str, list[str]] = phrases["resume"]
    return Catalogue(
        families=families,
        family_picker=Weighted([(family, family.weight) for family in families]),
        industry_picker=Weighted(sorted(industry_weights.items())),
        city_picker=_cities(cities),
        hours={key: tuple(values) for key, values in phrases["hours"].items()},
        duties={key: tuple(value["duties"]) for key, value in domains.items()},
        requirements={key: tuple(value["requirements"]) for key, value in domains.items()},
        environments={key: tuple(value.get("environments", ())) for key, value in domains.items()},
        soft_requirements={key: tuple(v) for key, v in phrases["soft_requirements"].items()},
        intros=tuple(phrases["intros"]),
        education_phrases=dict(phrases["education_phrases"]),
        experience_phrases={k: tuple(v) for k, v in phrases["experience_phrases"].items()},
        company_words={key: tuple(words) for key, words in phrases["company_words"].items()},
        company_forms=_weighted_keys(phrases["company_forms"]),
        org_intros=tuple(phrases["org_intros"]),
        office_buildings=tuple(phrases["office_buildings"]),
        industrial_sites=tuple(phrases["industrial_sites"]),
        shop_sites=tuple(phrases["shop_sites"]),
        membership_titles=tuple(phrases["membership_titles"]),
        resume_summaries=tuple(resume["summaries"]),
        resume_summaries_new=tuple(resume["summaries_new"]),
        resume_history=tuple(resume["history"]),
        benefit_names=dict(phrases["benefit_names"]),
        brand_characters="".join(phrases["brand_characters"]),
        streets=tuple(phrases["streets"]),
        location_line=str(phrases["location_line"]),
    )


# --- deterministic randomness --------------------------------------------------------------


class _Random(random.Random):
    """``random.Random`` with cheaper ``choice``, ``randint`` and ``sample``: one ``random()``
    per draw instead of rejection sampling over ``getrandbits`` (the corpus makes dozens of
    draws per posting; a bias of 2**-53 does not matter for synthetic data). Not for secrets."""

    def choice(self, seq: SupportsLenAndGetItem[T]) -> T:
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def sample(
        self, population: Sequence[T], k: int, *, counts: Iterable[int] | None = None
    ) -> list[T]:
        if counts is not None:
            raise TypeError("counts is not supported")
        pool = list(population)
        size = len(pool)
        if not 0 <= k <= size:
            raise ValueError("sample larger than population or is negative")
        for index in range(k):  # a partial Fisher–Yates shuffle
            other = index + int(self.random() * (size - index))
            pool[index], pool[other] = pool[other], pool[index]
        return pool[:k]


def _rng(seed: int, stream: str) -> random.Random:
    """An independent, reproducible stream per purpose (string seeds hash with SHA-512, not
    with Python's per-process hash, so they are stable across runs)."""
    return _Random(f"rencai-corpus:{seed}:{stream}")


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _faker(seed: int, stream: str) -> Faker:
    """A seeded Faker zh_CN; Faker is a development dependency, imported only here."""
    try:
        from faker import Faker
    except ImportError as exc:
        raise CorpusError(
            _(
                "Generating a corpus needs Faker, a development dependency: "
                "install requirements-dev.txt."
            )
        ) from exc
    faker = Faker("zh_CN")
    faker.seed_instance(f"rencai-corpus:{seed}:{stream}")
    return faker


def _seconds(rng: random.Random, low: float, high: float) -> dt.timedelta:
    return dt.timedelta(seconds=round(rng.uniform(low, high)))


DAY = 86_400.0


# --- organisations ---------------------------------------------------------------------------

# Industries whose staff mostly work at a plant, site or depot, or in a shop, not an office.
_INDUSTRIAL = frozenset([f"{code:02d}" for code in range(1, 51)] + ["54", "58", "59", "60"])
_SHOPS = frozenset(["52", "61", "62", "80", "81", "89", "90"])
_SIZES = (
    (1.2, ("lt20", "20_99")),
    (2.0, ("20_99", "100_499")),
    (5.0, ("100_499", "500_999")),
    (15.0, ("500_999", "1000_9999")),
    (math.inf, ("1000_9999", "10000_plus")),
)


_STAFF = {
    "lt20": (5, 19),
    "20_99": (20, 99),
    "100_499": (100, 499),
    "500_999": (500, 999),
    "1000_9999": (1000, 9999),
    "10000_plus": (10000, 50000),
}


@dataclass(frozen=True)
class Office:
    division: str
    address: str
    city: City


@dataclass(frozen=True)
class OrgSpec:
    """One synthetic employer and its administrator."""

    id: uuid.UUID
    user_id: uuid.UUID
    membership_id: uuid.UUID
    grant_id: uuid.UUID
    location_ids: tuple[uuid.UUID, ...]
    legal_name: str
    uscc: str
    legal_representative: str
    registered_address: str
    industry: str
    size: str
    introduction: str
    offices: tuple[Office, ...]
    weight: float
    admin_name: str
    member_title: str
    created_at: dt.datetime
    first_verified_at: dt.datetime
    last_verified_at: dt.datetime


def _uscc(rng: random.Random, region: str) -> str:
    """A valid unified social credit code of an enterprise (91…) registered in ``region``."""
    body = USCC_STEM + "".join(rng.choice(USCC_ALPHABET) for _position in range(8 - len(USCC_STEM)))
    first17 = f"91{region}{body}{org_code_check_character(body)}"
    return first17 + str(stdnum_uscc.calc_check_digit(first17))


@cache
def _place_name(code: str) -> str:
    """广东省深圳市南山区 (the full division name without spaces)."""
    return display_name(code).replace(" ", "")


def _format_place(template: str, rng: random.Random) -> str:
    return template.format(n=rng.randint(1, 12), c=rng.choice("ABCDE"))


def _street(cat: Catalogue, faker: Faker, rng: random.Random) -> str:
    """A street address: one of our common road names or a Faker one (人名 or 城市名 + 路/街)."""
    name = rng.choice(cat.streets) if rng.random() < 0.5 else faker.street_name()
    return f"{name}{rng.randint(1, 999)}号"


def _brand(cat: Catalogue, faker: Faker, rng: random.Random) -> str:
    """The distinctive part of a company name: mostly two auspicious characters (瑞丰, 恒达),
    sometimes a Faker zh_CN company stem (Faker's list is short and partly unusable)."""
    if rng.random() < 0.25:
        stem = faker.company_prefix()
        if 2 <= len(stem) <= 4 and "公司" not in stem and _ALL_HAN.fullmatch(stem):
            return stem
    return rng.choice(cat.brand_characters) + rng.choice(cat.brand_characters)


_ALL_HAN = re.compile(r"[\u4e00-\u9fff]+")


def _org_specs(cat: Catalogue, count: int, seed: int, now: dt.datetime) -> list[OrgSpec]:
    rng, faker = _rng(seed, "organisations"), _faker(seed, "organisations")
    specs: list[OrgSpec] = []
    for _index in range(count):
        industry = cat.industry_picker.pick(rng)
        weight = min(rng.paretovariate(1.3), 60.0)
        size = rng.choice(next(sizes for limit, sizes in _SIZES if weight < limit))
        office_count = 1 if weight < 3 else min(5, 1 + int(math.log2(weight)))
        cities = [cat.city_picker.pick(rng) for _office in range(office_count)]
        places = (
            cat.industrial_sites
            if industry in _INDUSTRIAL
            else cat.shop_sites
            if industry in _SHOPS
            else cat.office_buildings
        )
        offices = []
        for city in dict.fromkeys(cities):  # one office per city
            address = _street(cat, faker, rng) + _format_place(rng.choice(places), rng)
            offices.append(Office(city.districts.pick(rng), address, city))
        hq = offices[0]
        name = (
            hq.city.short_name
            + _brand(cat, faker, rng)
            + rng.choice(cat.company_words.get(industry, cat.company_words["default"]))
            + cat.company_forms.pick(rng)
        )
        first_verified = now - _seconds(rng, (PUBLISHED_WITHIN_DAYS + 1) * DAY, 1100 * DAY)
        last_verified = max(first_verified, now - _seconds(rng, DAY, 150 * DAY))
        created = first_verified - _seconds(rng, DAY, 10 * DAY)
        industry_name = get_industry(industry)
        introduction = rng.choice(cat.org_intros).format(
            name=name,
            year=ANCHOR_DATE.year - rng.randint(1, 25),
            industry=industry_name.name if industry_name else "",
            city=hq.city.short_name,
            staff=rng.randint(*_STAFF[size]),
        )
        specs.append(
            OrgSpec(
                id=_uuid(rng),
                user_id=_uuid(rng),
                membership_id=_uuid(rng),
                grant_id=_uuid(rng),
                location_ids=tuple(_uuid(rng) for _office in offices),
                legal_name=name[:100],
                uscc=_uscc(rng, hq.division),
                legal_representative=faker.name(),
                registered_address=(_place_name(hq.division) + _street(cat, faker, rng))[:200],
                industry=industry,
                size=size,
                introduction=introduction,
                offices=tuple(offices),
                weight=weight,
                admin_name=faker.name(),
                member_title=rng.choice(cat.membership_titles),
                created_at=created,
                first_verified_at=first_verified,
                last_verified_at=last_verified,
            )
        )
    return _unique_usccs(specs, seed)


def _unique_usccs(specs: list[OrgSpec], seed: int) -> list[OrgSpec]:
    """Give a fresh code to any organisation whose USCC repeats one before it or one already
    in the database (a real employer or another seed's corpus)."""
    taken: set[str] = set()
    codes = [spec.uscc for spec in specs]
    for start in range(0, len(codes), 500):
        taken.update(
            Organisation.objects.filter(uscc__in=codes[start : start + 500]).values_list(
                "uscc", flat=True
            )
        )
    rng = _rng(seed, "uscc-retries")
    result = []
    for spec in specs:
        uscc = spec.uscc
        while uscc in taken:
            uscc = _uscc(rng, spec.offices[0].division)
        taken.add(uscc)
        result.append(spec if uscc == spec.uscc else replace(spec, uscc=uscc))
    return result


def _insert_organisations(specs: Sequence[OrgSpec], seed: int) -> None:
    """Users, role grants, organisations, offices and memberships."""
    users, grants, orgs, locations, memberships = [], [], [], [], []
    password_rng = _rng(seed, "passwords")
    for spec in specs:
        joined = spec.created_at - dt.timedelta(minutes=30)
        users.append(
            {
                "id": spec.user_id,
                "display_name": spec.admin_name,
                "date_joined": joined,
                # Unusable (starts with "!"): corpus accounts cannot sign in.
                "password": "!" + f"{password_rng.getrandbits(160):040x}",
            }
        )
        grants.append(
            {
                "id": spec.grant_id,
                "user_id": spec.user_id,
                "role": Role.EMPLOYER_STAFF,
                "created_at": joined,
                "updated_at": joined,
            }
        )
        orgs.append(
            {
                "id": spec.id,
                "legal_name": spec.legal_name,
                "uscc": spec.uscc,
                "legal_representative": spec.legal_representative,
                "registered_address": spec.registered_address,
                "account_class": AccountClass.EMPLOYER,
                "industry": spec.industry,
                "size": spec.size,
                "introduction": spec.introduction,
                "status": OrgStatus.VERIFIED,
                "authority_method": AuthorityMethod.LETTER,
                "first_verified_at": spec.first_verified_at,
                "last_verified_at": spec.last_verified_at,
                "reverification_due_at": spec.last_verified_at + REVERIFY_AFTER,
                "created_by_id": spec.user_id,
                "created_at": spec.created_at,
                "updated_at": spec.last_verified_at,
            }
        )
        for position, (location_id, office) in enumerate(
            zip(spec.location_ids, spec.offices, strict=True)
        ):
            locations.append(
                {
                    "id": location_id,
                    "organisation_id": spec.id,
                    "division": office.division,
                    "address": office.address,
                    "is_headquarters": position == 0,
                    "created_at": spec.created_at,
                    "updated_at": spec.created_at,
                }
            )
        memberships.append(
            {
                "id": spec.membership_id,
                "organisation_id": spec.id,
                "user_id": spec.user_id,
                "role": MemberRole.ADMIN,
                "title": spec.member_title,
                "status": MembershipStatus.ACTIVE,
                "created_at": spec.created_at,
                "updated_at": spec.created_at,
            }
        )
    _Table(User).insert(users)
    _Table(RoleGrant).insert(grants)
    _Table(Organisation).insert(orgs)
    _Table(OrgLocation).insert(locations)
    _Table(Membership).insert(memberships)


# --- postings ------------------------------------------------------------------------------

_SENIOR_SUFFIXES = ("工程师", "设计师", "分析师", "开发", "会计", "产品经理", "顾问", "研究员")
_LEADING_TITLES = ("经理", "主管", "总监", "架构师", "长", "助理", "专员", "总")
_SHIFT_WORDS = ("四班三倒", "五班三运转", "三班倒", "两班倒", "早晚班轮换", "白班、夜班轮换")


def _decoration_fits(
    decoration: str, hours: str, benefits: list[str], experience: int, kind: str
) -> bool:
    """A title decoration such as "（包吃住）" is used only when the posting bears it out."""
    needs = {
        "包吃住": {"meals", "housing"} <= set(benefits),
        "包吃": "meals" in benefits,
        "包住": "housing" in benefits,
        "住宿": "housing" in benefits,
        "五险一金": {"social_insurance", "housing_fund"} <= set(benefits),
        "五险": "social_insurance" in benefits,
        "双休": "双休" in hours,
        "长白班": "长白班" in hours,
        "两班倒": "两班倒" in hours,
        "月休4天": "月休4天" in hours,
        "朝九晚六": "9:00-18:00" in hours,
        "应届": experience == 0,
        "兼职": kind == "part_time",
        "带薪年假": "paid_leave" in benefits,
        "弹性": "flexible_hours" in benefits or "弹性" in hours,
    }
    return all(ok for word, ok in needs.items() if word in decoration)


@dataclass(frozen=True)
class PostingSpec:
    """One generated posting before it becomes rows."""

    id: uuid.UUID
    version_id: uuid.UUID
    organisation: int  # index into the organisation specs
    content: PostingContent
    minor_prohibited: bool
    risk_score: int
    valid_until: dt.date
    published_at: dt.datetime
    submitted_at: dt.datetime
    created_at: dt.datetime
    view_count: int


def _round_pay(value: float, period: str) -> int:
    if period == "month":
        step = 100 if value < 5000 else 500 if value < 20000 else 1000
    elif period == "day":
        step = 10
    else:
        step = 1
    return max(step, int(round(value / step)) * step)


class _PostingMaker:
    """Turns a seeded stream into posting specs; organisations are fixed up front."""

    def __init__(
        self, cat: Catalogue, orgs: Sequence[OrgSpec], rng: random.Random, now: dt.datetime
    ):
        self.cat, self.orgs, self.rng, self.now = cat, orgs, rng, now
        self.zone = timezone.get_current_timezone()
        self.today = now.astimezone(self.zone).date()
        # Requirement templates by (domain, whether a certificate can be named).
        self.requirements = {
            (domain, with_cert): [item for item in templates if with_cert or "{cert}" not in item]
            for domain, templates in cat.requirements.items()
            for with_cert in (False, True)
        }
        all_orgs = Weighted([(index, spec.weight) for index, spec in enumerate(orgs)])
        by_industry: dict[str, list[int]] = {}
        for index, spec in enumerate(orgs):
            by_industry.setdefault(spec.industry, []).append(index)
        self.org_pickers: dict[str, Weighted[int]] = {}
        for family in cat.families:
            eligible = sorted(
                index for code in family.industries or () for index in by_industry.get(code, [])
            )
            self.org_pickers[family.key] = (
                Weighted([(index, orgs[index].weight) for index in eligible])
                if eligible
                else all_orgs
            )

    def make(self) -> PostingSpec:
        cat, rng = self.cat, self.rng
        family = cat.family_picker.pick(rng)
        collar = family.collar
        org_index = self.org_pickers[family.key].pick(rng)
        org = self.orgs[org_index]
        offices = list(org.offices)
        office = offices[0] if rng.random() < 0.6 else rng.choice(offices)
        places = [office]
        if len(offices) > 1 and rng.random() < 0.08:
            places.append(rng.choice([item for item in offices if item is not office]))

        kind = collar.employment.pick(rng)
        education = family.education.pick(rng)
        experience = family.experience.pick(rng)
        title = rng.choice(family.titles)
        pay_factor = 1.0
        if kind == "internship":
            experience = 0
            if education in ("any", "junior_middle", "high_school"):
                education = "associate"
            title = (title[:-3] if title.endswith("工程师") else title) + "实习生"
        elif (
            collar.seniority
            and title.endswith(_SENIOR_SUFFIXES)
            and not title.startswith(("高级", "资深", "初级"))
        ):
            draw = rng.random()
            if draw < 0.16:
                title, experience, pay_factor = "高级" + title, max(experience, 3), 1.35
            elif draw < 0.22:
                title, experience, pay_factor = "资深" + title, max(experience, 5), 1.6
            elif draw < 0.27:
                title, experience, pay_factor = "初级" + title, min(experience, 1), 0.8
        if kind == "part_time" and rng.random() < 0.5 and not title.endswith(_LEADING_TITLES):
            title = "兼职" + title

        period, pay_min, pay_max = self._pay(family, kind, experience, office.city, pay_factor)
        hours = rng.choice(cat.hours["part_time" if kind == "part_time" else family.hours])
        benefits = self._benefits(collar, kind)
        if rng.random() < (0.12 if collar.key in ("tech", "office", "care") else 0.2):
            decoration = rng.choice(collar.decorations)
            if _decoration_fits(decoration, hours, benefits, experience, kind):
                title += decoration
        count = min(len(family.skills), rng.randint(*_SKILL_COUNTS[collar.key]))
        skills = rng.sample(family.skills, count)
        openings = collar.openings[0] + int(
            (collar.openings[1] - collar.openings[0]) * rng.random() ** 3
        )
        description, requirements = self._texts(
            family, title[:60], openings, places, skills, benefits, education, experience, kind
        )
        age = _seconds(rng, 600, PUBLISHED_WITHIN_DAYS * DAY)
        published = self.now - age
        age_days = (self.today - published.astimezone(self.zone).date()).days
        # One draw whatever the date, so the rest of the stream never depends on ``now``.
        longest = max(MIN_VALIDITY_DAYS, MAX_VALIDITY_DAYS - age_days)
        days = MIN_VALIDITY_DAYS + int(rng.random() * (longest - MIN_VALIDITY_DAYS + 1))
        valid_until = self.today + dt.timedelta(days=days)
        submitted = published - _seconds(rng, 60, 3600)
        created = submitted - _seconds(rng, 300, 2 * DAY)
        full_time = kind in ("full_time", "dispatch")
        content = PostingContent(
            title=title[:60],
            category=family.category,
            openings=openings,
            employment_type=kind,
            description=description,
            requirements=requirements,
            working_hours=hours,
            locations=[Location(place.division, place.address) for place in places],
            pay_min=pay_min,
            pay_max=pay_max,
            pay_period=period,
            education=education,
            experience_years=experience,
            skills=skills,
            shifts=next((word for word in _SHIFT_WORDS if word in hours), ""),
            environment=rng.choice(cat.environments[family.domain] or collar.environments),
            months_per_year=family.months.pick(rng) if full_time and period == "month" else 12,
            benefits=benefits,
            occupational_hazards=family.hazards,
            probation_months=collar.probation.pick(rng) if full_time else None,
            valid_until=valid_until,
        )
        return PostingSpec(
            id=_uuid(rng),
            version_id=_uuid(rng),
            organisation=org_index,
            content=content,
            minor_prohibited=family.minor_prohibited,
            risk_score=risk_of((), pay_max_monthly=monthly_pay(content)),
            valid_until=valid_until,
            published_at=published,
            submitted_at=submitted,
            created_at=created,
            view_count=int(rng.expovariate(1.0) * (5 + age.total_seconds() / DAY * 6)),
        )

    def _pay(
        self, family: Family, kind: str, experience: int, city: City, factor: float
    ) -> tuple[str, int, int]:
        rng, collar = self.rng, family.collar
        scale = city.pay_factor * factor
        span = rng.uniform(*collar.span)
        if kind == "internship":
            if collar.key == "tech" and rng.random() < 0.5:
                period, low = "day", rng.uniform(150, 350) * scale
            else:
                period, low = "month", rng.uniform(2500, 5000) * scale
            span = rng.uniform(1.1, 1.5)
        elif kind in ("part_time", "flexible"):
            if kind == "flexible" and "piece" in family.pay and rng.random() < 0.5:
                period = "piece"
            elif "hour" in family.pay and ("day" not in family.pay or rng.random() < 0.6):
                period = "hour"
            elif "day" in family.pay:
                period = "day"
            else:
                period = "hour"
            band = family.pay.get(period)
            if band is None:  # derived from the monthly band
                month_low, month_high = family.pay["month"]
                band = (round(month_low / 174 * 1.15), round(month_high / 174 * 1.15))
            low = rng.uniform(*band) * (scale if period != "piece" else 1.0)
            span = rng.uniform(1.1, 1.5)
        else:
            period = "month"
            seniority = max(0.85, 1 + collar.experience_pay * (min(experience, 10) - 2))
            low = rng.uniform(*family.pay["month"]) * scale * seniority
            if kind == "dispatch":
                low *= 0.95
        pay_min = _round_pay(low, period)
        pay_max = max(_round_pay(low * span, period), pay_min)
        return period, pay_min, pay_max

    def _benefits(self, collar: Collar, kind: str) -> list[str]:
        rng = self.rng
        casual = kind in ("part_time", "flexible", "internship")
        chosen = []
        for name, percent in collar.benefits:
            if casual and name not in ("meals", "training", "transport", "flexible_hours"):
                percent *= 0.3
            if rng.random() * 100 < percent:
                chosen.append(name)
        return chosen

    def _texts(
        self,
        family: Family,
        title: str,
        openings: int,
        places: Sequence[Office],
        skills: list[str],
        benefits: list[str],
        education: str,
        experience: int,
        kind: str,
    ) -> tuple[str, str]:
        """The description (intro, numbered duties, benefits, place of work) and the
        requirements, 200–600 characters together."""
        cat, rng = self.cat, self.rng
        pool = list(family.skills)
        named = skills if len(skills) >= 2 else rng.sample(pool, min(2, len(pool)))
        if len(named) < 2:
            named = [*named, "相关技能", "相关工具"]
        certificates = [item for item in skills if item.endswith(_CERTIFICATE_SUFFIXES)]
        certificates = certificates or list(family.certificates)
        cert = rng.choice(certificates) if certificates else ""

        own = rng.sample(family.duties, min(len(family.duties), rng.randint(1, 2)))
        shared = cat.duties[family.domain]
        take = rng.randint(3, 5) - len(own) + 1
        picked = rng.sample(shared, min(len(shared), take + 2))
        duties, spare_duties = own + picked[:take], picked[take:]

        first = cat.education_phrases[education]
        if family.major and education not in ("any", "junior_middle", "high_school"):
            first += "，" + family.major
        if experience == 0:
            worker = family.collar.key in ("blue", "skilled", "field", "service")
            phrases = cat.experience_phrases["zero_worker" if worker else "zero_office"]
            first += "，" + rng.choice(phrases)
        else:
            first += "，" + rng.choice(cat.experience_phrases["years"]).format(n=experience)
        templates = self.requirements[(family.domain, bool(cert))]
        count = rng.randint(2, 3)
        # Each requirement names the next pair of skills, so two lines rarely repeat one.
        specific = [
            item.format(
                skill1=named[2 * index % len(named)],
                skill2=named[(2 * index + 1) % len(named)],
                cert=cert,
            )
            for index, item in enumerate(rng.sample(templates, min(len(templates), count + 1)))
        ]
        soft = rng.sample(cat.soft_requirements[family.collar.key], 2)
        wants = [first, *specific[:count], *soft[: rng.randint(1, 2)]]
        spare_wants = specific[count:]
        if kind == "part_time":
            wants.append("可接受兼职，工作时间可协商")

        intro = rng.choice(cat.intros).format(
            title=title, openings=openings, city=places[0].city.short_name
        )
        tail = []
        if benefits:
            tail.append(
                "福利待遇：" + "、".join(cat.benefit_names[name] for name in benefits) + "。"
            )
        tail.extend(
            cat.location_line.format(place=_place_name(place.division), address=place.address)
            for place in places
        )

        def render() -> tuple[str, str]:
            head = intro + "\n" if intro else ""
            body = "岗位职责：\n" + _numbered(duties)
            return f"{head}{body}\n" + "\n".join(tail), "任职要求：\n" + _numbered(wants)

        description, requirements = render()
        while len(description) + len(requirements) < 200 and (spare_duties or spare_wants):
            if spare_duties:
                duties.append(spare_duties.pop())
            else:
                wants.insert(-1, spare_wants.pop())
            description, requirements = render()
        while len(description) + len(requirements) > 600 and len(duties) > 2:
            duties.pop()
            description, requirements = render()
        return description, requirements


_SKILL_COUNTS = {
    "tech": (3, 6),
    "office": (2, 5),
    "care": (1, 4),
    "service": (0, 3),
    "skilled": (1, 3),
    "field": (1, 2),
    "blue": (0, 2),
}


def _numbered(items: Sequence[str]) -> str:
    last = len(items)
    return "\n".join(
        f"{number}. {item}{'。' if number == last else '；'}"
        for number, item in enumerate(items, start=1)
    )


def posting_specs(
    *, jobs: int, seed: int, now: dt.datetime | None = None
) -> tuple[list[OrgSpec], Iterator[PostingSpec]]:
    """The organisations and a lazy stream of ``jobs`` postings for ``seed``, without writing
    anything (USCCs already in the database are avoided, so this reads it once)."""
    now = now or timezone.now()
    cat = catalogue()
    org_count = max(1, round(jobs / JOBS_PER_ORGANISATION)) if jobs else 0
    orgs = _org_specs(cat, org_count, seed, now)

    def stream() -> Iterator[PostingSpec]:
        if not orgs:
            return
        maker = _PostingMaker(cat, orgs, _rng(seed, "postings"), now)
        for _number in range(jobs):
            yield maker.make()

    return orgs, stream()


def _posting_rows(
    specs: Sequence[PostingSpec], orgs: Sequence[OrgSpec]
) -> tuple[list[Row], list[Row]]:
    postings, versions = [], []
    for spec in specs:
        org, content = orgs[spec.organisation], spec.content
        postings.append(
            {
                "id": spec.id,
                "organisation_id": org.id,
                "owner_id": org.membership_id,
                "status": PostingStatus.PUBLISHED,
                "live_version_id": spec.version_id,
                "published_at": spec.published_at,
                "valid_until": spec.valid_until,
                "minor_prohibited": spec.minor_prohibited,
                "risk_score": spec.risk_score,
                "view_count": spec.view_count,
                "created_at": spec.created_at,
                "updated_at": spec.published_at,
            }
        )
        versions.append(
            {
                "id": spec.version_id,
                "posting_id": spec.id,
                "number": 1,
                "status": VersionStatus.APPROVED,
                "title": content.title,
                "category": content.category,
                "openings": content.openings,
                "employment_type": content.employment_type,
                "description": content.description,
                "requirements": content.requirements,
                "education": content.education,
                "experience_years": content.experience_years,
                "skills": content.skills,
                "working_hours": content.working_hours,
                "shifts": content.shifts,
                "environment": content.environment,
                "locations": [
                    {"division": place.division, "address": place.address}
                    for place in content.locations
                ],
                "pay_min": content.pay_min,
                "pay_max": content.pay_max,
                "pay_period": content.pay_period,
                "months_per_year": content.months_per_year,
                "benefits": content.benefits,
                "occupational_hazards": content.occupational_hazards,
                "probation_months": content.probation_months,
                "valid_until": spec.valid_until,
                "verdict": "pass",
                "findings": [],
                "submitted_by_id": org.user_id,
                "submitted_at": spec.submitted_at,
                "decided_at": spec.published_at,
                "created_at": spec.created_at,
                "updated_at": spec.published_at,
            }
        )
    return postings, versions


# --- resumes -----------------------------------------------------------------------------


def _month(day: dt.date, months_back: int) -> str:
    index = day.year * 12 + day.month - 1 - months_back
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def resume_records(*, resumes: int, seed: int) -> Iterator[dict[str, Any]]:
    """``resumes`` synthetic job seekers as plain dicts (what :func:`_resume_rows` writes)."""
    if resumes <= 0:
        return
    cat = catalogue()
    rng, faker = _rng(seed, "resumes"), _faker(seed, "resumes")
    for _number in range(resumes):
        family = cat.family_picker.pick(rng)
        city = cat.city_picker.pick(rng)
        education = family.education.pick(rng)
        experience = family.experience.pick(rng) if rng.random() < 0.8 else 0
        title = rng.choice(family.titles)
        count = min(len(family.skills), rng.randint(*_SKILL_COUNTS[family.collar.key]) + 1)
        skills = rng.sample(family.skills, count)
        abilities = [item for item in skills if not item.endswith(_CERTIFICATE_SUFFIXES)]
        abilities += ["沟通协调", "团队协作"]
        skill1, skill2 = abilities[:2]
        seniority = max(0.85, 1 + family.collar.experience_pay * (min(experience, 10) - 2))
        low = _round_pay(rng.uniform(*family.pay["month"]) * city.pay_factor * seniority, "month")
        high = _round_pay(low * rng.uniform(1.2, 1.6), "month")
        history = []
        months_back = rng.randint(0, 6) if rng.random() < 0.5 else 0
        remaining = experience * 12
        jobs = 0 if experience == 0 else min(4, 1 + experience // 3)
        for position in range(jobs):
            length = remaining if position == jobs - 1 else rng.randint(8, max(8, remaining // 2))
            length = max(length, 6)
            end = None if position == 0 and months_back == 0 else _month(ANCHOR_DATE, months_back)
            start = _month(ANCHOR_DATE, months_back + length)
            history.append(
                {
                    "company": city.short_name
                    + _brand(cat, faker, rng)
                    + rng.choice(cat.company_words["default"])
                    + "有限公司",
                    "title": rng.choice(family.titles),
                    "start": start,
                    "end": end,
                    "description": rng.choice(cat.resume_history).format(
                        skill1=rng.choice(abilities), skill2=skill2
                    ),
                }
            )
            months_back += length + rng.randint(0, 3)
            remaining = max(0, remaining - length)
        yield {
            "id": str(_uuid(rng)),
            "name": faker.name(),
            "division": city.districts.pick(rng),
            "education": education,
            "experience_years": experience,
            "intention": {
                "title": title,
                "category": family.category,
                "employment_type": family.collar.employment.pick(rng),
                "city": city.code,
            },
            "skills": skills,
            "expected_pay": {"min": low, "max": max(high, low), "period": "month"},
            "work_history": history,
            "major": family.major,
            "summary": rng.choice(
                cat.resume_summaries if experience else cat.resume_summaries_new
            ).format(
                years=experience, title=title, skill1=skill1, skill2=skill2, city=city.short_name
            ),
        }


# Who may find the resumes (PI-05): the mix seekers choose, roughly.
VISIBILITY_WEIGHTS = Weighted(
    [(Visibility.EMPLOYERS, 45.0), (Visibility.PUBLIC, 35.0), (Visibility.HIDDEN, 20.0)]
)
HIDING_SHARE = 0.12  # seekers with a list of companies to hide from
# Half of the hidden entries name one of the first few organisations of the pool (a current
# or former employer everyone knows); benchmarks search as the first one, so the rule has
# thousands of resumes to exclude.
POPULAR_HIDDEN = 5
RESUME_UPDATED_WITHIN_DAYS = 180
_UNIVERSITIES = (
    "北京大学", "清华大学", "复旦大学", "浙江大学", "南京大学", "武汉大学", "中山大学",
    "华南理工大学", "四川大学", "西安交通大学", "哈尔滨工业大学", "华中科技大学", "同济大学",
    "厦门大学", "山东大学", "湖南大学", "重庆大学", "郑州大学", "深圳大学", "苏州大学",
    "南京邮电大学", "广东工业大学", "杭州电子科技大学", "上海财经大学", "中南财经政法大学",
)  # fmt: skip
_COLLEGES = (
    "深圳职业技术学院", "广州番禺职业技术学院", "浙江机电职业技术学院", "江苏经贸职业技术学院",
    "湖南铁道职业技术学院", "成都航空职业技术学院", "天津职业大学", "武汉职业技术学院",
)  # fmt: skip
_SCHOOLS = ("市第一中学", "市第二中学", "市实验中学", "市职业中等专业学校", "市技工学校")
_WORK_STATUSES = (
    WorkStatus.LOOKING_NOW,
    WorkStatus.LOOKING_NOW,
    WorkStatus.OPEN,
    WorkStatus.OPEN,
    WorkStatus.NOT_LOOKING,
    WorkStatus.STUDENT,
)
_SKILL_LEVELS = (SkillLevel.BASIC, SkillLevel.GOOD, SkillLevel.GOOD, SkillLevel.ADVANCED)


@dataclass(frozen=True)
class HiddenTarget:
    """An organisation seekers may hide from (matched on the USCC)."""

    uscc: str
    name: str
    organisation_id: uuid.UUID | None


def hidden_targets(orgs: Sequence[OrgSpec], seed: int) -> list[HiddenTarget]:
    """What hidden-company lists name: this run's organisations, else organisations already
    in the database (an earlier corpus), else made-up USCCs."""
    if orgs:
        return [HiddenTarget(org.uscc, org.legal_name, org.id) for org in orgs[:500]]
    existing = Organisation.objects.order_by("created_at", "pk").values_list(
        "uscc", "legal_name", "pk"
    )[:500]
    if existing:
        return [HiddenTarget(uscc, name, pk) for uscc, name, pk in existing]
    rng = _rng(seed, "hidden-usccs")
    return [HiddenTarget(_uscc(rng, "110105"), f"公司{n}", None) for n in range(50)]


def _school(rng: random.Random, education: str) -> str:
    if education in ("bachelor", "master", "doctorate"):
        return rng.choice(_UNIVERSITIES)
    if education == "associate":
        return rng.choice(_COLLEGES)
    return rng.choice(_SCHOOLS)


def _major(text: str) -> str:
    """``计算机、软件工程等相关专业`` → ``计算机``; empty when the family names none."""
    first = re.split(r"[、，,或及]", text)[0]
    return first.replace("等相关专业", "").replace("相关专业", "").replace("专业", "").strip()


def _month_date(text: str | None) -> dt.date | None:
    if not text:
        return None
    year, month = text.split("-")
    return dt.date(int(year), int(month), 1)


@dataclass
class ResumeRows:
    users: list[Row]
    grants: list[Row]
    resumes: list[Row]
    entries: list[Row]
    hidden: list[Row]


def _resume_rows(
    records: Sequence[dict[str, Any]],
    rng: random.Random,
    now: dt.datetime,
    targets: Sequence[HiddenTarget],
) -> ResumeRows:
    """One seeker account (unusable password), one resume with its jobs and school, and
    for some seekers a hidden-company list, per record."""
    rows = ResumeRows([], [], [], [], [])
    for record in records:
        user_id, grant_id, resume_id = _uuid(rng), _uuid(rng), uuid.UUID(record["id"])
        updated = now - _seconds(rng, 0, RESUME_UPDATED_WITHIN_DAYS * DAY)
        joined = updated - _seconds(rng, 0, 720 * DAY)
        rows.users.append(
            {
                "id": user_id,
                "display_name": record["name"],
                "date_joined": joined,
                "password": "!" + f"{rng.getrandbits(160):040x}",  # corpus accounts cannot sign in
            }
        )
        rows.grants.append(
            {
                "id": grant_id,
                "user_id": user_id,
                "role": Role.SEEKER,
                "created_at": joined,
                "updated_at": joined,
            }
        )
        experience = int(record["experience_years"])
        intention = record["intention"]
        education = record["education"]
        rows.resumes.append(
            {
                "id": resume_id,
                "owner_id": user_id,
                "title": "我的简历",
                "is_primary": True,
                "visibility": VISIBILITY_WEIGHTS.pick(rng),
                "visibility_changed_at": joined,
                "full_name": record["name"],
                "city": record["division"],
                "work_status": rng.choice(_WORK_STATUSES),
                "intended_categories": [intention["category"]],
                "intended_cities": [intention["city"]],
                "employment_types": [intention["employment_type"]],
                "pay_min": record["expected_pay"]["min"],
                "pay_max": record["expected_pay"]["max"],
                "skills": [
                    {"name": skill, "level": rng.choice(_SKILL_LEVELS)}
                    for skill in record["skills"]
                ],
                "self_assessment": record["summary"],
                "highest_education": education,
                "experience_months": experience * 12 + (rng.randint(0, 11) if experience else 0),
                "completeness": rng.randint(55, 100),
                "created_at": joined,
                "updated_at": updated,
            }
        )
        for position, job in enumerate(record["work_history"]):
            rows.entries.append(
                {
                    "resume_id": resume_id,
                    "kind": EntryKind.WORK,
                    "position": position,
                    "organisation": job["company"],
                    "title": job["title"],
                    "start": _month_date(job["start"]),
                    "end": _month_date(job["end"]),
                    "description": job["description"],
                    "created_at": joined,
                    "updated_at": updated,
                }
            )
        if education not in ("any", "junior_middle"):
            major = _major(record["major"])
            rows.entries.append(
                {
                    "resume_id": resume_id,
                    "kind": EntryKind.EDUCATION,
                    "organisation": _school(rng, education),
                    "title": major or "—",
                    "degree": education,
                    "created_at": joined,
                    "updated_at": updated,
                }
            )
        if targets and rng.random() < HIDING_SHARE:
            chosen: dict[str, HiddenTarget] = {}
            for _entry in range(rng.randint(1, 3)):
                pool = targets[:POPULAR_HIDDEN] if rng.random() < 0.5 else targets
                target = rng.choice(pool)
                chosen[target.uscc] = target
            for target in chosen.values():
                rows.hidden.append(
                    {
                        "owner_id": user_id,
                        "uscc": target.uscc,
                        "name": target.name[:100],
                        "organisation_id": target.organisation_id,
                        "created_at": joined,
                        "updated_at": joined,
                    }
                )
    return rows


def _insert_resumes(
    resumes: int,
    seed: int,
    now: dt.datetime,
    targets: Sequence[HiddenTarget],
    progress: Progress | None,
) -> tuple[int, int]:
    """Insert the seekers and their resumes by batches; returns (findable, hiding seekers)."""
    tables = [_Table(model) for model in (User, RoleGrant, Resume, ResumeEntry)]
    hidden_table = _Table(HiddenOrganisation)
    records = resume_records(resumes=resumes, seed=seed)
    rng = _rng(seed, "resume-rows")
    done = findable = hiding = 0
    while done < resumes:
        batch = [next(records) for _row in range(min(BATCH_SIZE, resumes - done))]
        rows = _resume_rows(batch, rng, now, targets)
        for table, values in zip(
            tables, (rows.users, rows.grants, rows.resumes, rows.entries), strict=True
        ):
            table.insert(values)
        hidden_table.insert(rows.hidden)
        findable += sum(row["visibility"] != Visibility.HIDDEN for row in rows.resumes)
        hiding += len({row["owner_id"] for row in rows.hidden})
        done += len(batch)
        if progress is not None:
            progress(done, resumes)
    return findable, hiding


# --- writing -------------------------------------------------------------------------------


class _Table:
    """Inserts rows of one model with ``executemany``, one statement per chunk.

    ``bulk_create`` spends most of its time preparing every value through the generic
    field machinery (and, with ``DEBUG`` on, rendering each statement for
    ``connection.queries``); a million postings took over ten minutes that way. Here the
    conversion for each column is chosen once, through the backend's own adapters, and the
    rows are plain dicts keyed by attribute name (``organisation_id``). Missing keys take the
    field's default; ``created_at``/``updated_at`` must be given (no ``auto_now`` here). Like
    ``bulk_create``, no ``save()`` and no signals.
    """

    def __init__(self, model: type[models.Model]) -> None:
        quote = connection.ops.quote_name
        fields = list(model._meta.local_concrete_fields)
        self.names = [field.attname for field in fields]
        # Missing keys: a constant default, or one made per row (uuid4, timezone.now).
        self.defaults = {
            field.attname: field.get_default()
            for field in fields
            if not (field.has_default() and callable(field.default))
        }
        self.generated = [
            (field.attname, field.get_default)
            for field in fields
            if field.has_default() and callable(field.default)
        ]
        adapters = [self._adapter(field) for field in fields]
        self.adapted = [
            (index, adapt) for index, adapt in enumerate(adapters) if adapt is not _same
        ]
        # Identifiers come from the model's metadata (quoted); values are parameters.
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
            quote(model._meta.db_table),
            ", ".join(quote(field.column) for field in fields),
            ", ".join(["%s"] * len(fields)),
        )

    @staticmethod
    def _adapter(field: models.Field[Any, Any]) -> Callable[[Any], Any]:
        target = field.target_field if isinstance(field, models.ForeignKey) else field
        if type(target) in _PLAIN_FIELDS:
            return _same
        if isinstance(target, models.UUIDField):
            return _same if connection.features.has_native_uuid_field else _uuid_hex
        if isinstance(target, models.DateTimeField):
            return _datetime_adapter()
        if isinstance(target, models.DateField):
            return connection.ops.adapt_datefield_value
        if isinstance(target, models.JSONField):
            encoder = target.encoder
            empty = connection.ops.adapt_json_value([], encoder)

            def adapt_json(value: Any) -> Any:
                if isinstance(value, list) and not value:
                    return empty
                return connection.ops.adapt_json_value(value, encoder)

            return adapt_json

        def prepare(value: Any) -> Any:  # anything else (encrypted text …): the field decides
            return field.get_db_prep_save(value, connection)

        return prepare

    def insert(self, rows: Sequence[Row]) -> None:
        names, defaults, generated, adapted = (
            self.names,
            self.defaults,
            self.generated,
            self.adapted,
        )
        params = []
        for row in rows:
            full = {**defaults, **row}
            for name, make_default in generated:
                if name not in row:
                    full[name] = make_default()
            values = [full[name] for name in names]
            for index, adapt in adapted:
                value = values[index]
                if value is not None:
                    values[index] = adapt(value)
            params.append(values)
        with connection.cursor() as cursor:
            for start in range(0, len(params), INSERT_CHUNK):
                cursor.executemany(self.sql, params[start : start + INSERT_CHUNK])


_PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.BooleanField,
    models.IntegerField,
    models.BigIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.SmallIntegerField,
    models.EmailField,
    models.URLField,
)


def _datetime_adapter() -> Callable[[Any], Any]:
    """The backend's datetime conversion; on SQLite with ``USE_TZ`` the same conversion as
    ``DatabaseOperations.adapt_datetimefield_value`` for aware values, without its per-call
    checks (it is a tenth of the time of a corpus insert). Other values take the slow path."""
    ops = connection.ops
    if connection.vendor != "sqlite" or not settings.USE_TZ:
        return ops.adapt_datetimefield_value
    zone = connection.timezone

    def adapt(value: Any) -> Any:
        if type(value) is dt.datetime and value.tzinfo is not None:
            return str(value.astimezone(zone).replace(tzinfo=None))
        return ops.adapt_datetimefield_value(value)

    return adapt


def _same(value: Any) -> Any:
    return value


def _uuid_hex(value: Any) -> Any:
    return value.hex if isinstance(value, uuid.UUID) else value


SQLITE_BULK_CACHE_KIB = 512 * 1024


@contextmanager
def _bulk_load_cache() -> Iterator[None]:
    """On SQLite, a page cache large enough for the indexes being filled (the default 2 MiB
    makes every insert into a random-UUID index re-read pages); restored afterwards."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_BULK_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {previous}")


def _check_arguments(jobs: int, resumes: int, seed: int) -> None:
    if not 0 <= jobs <= MAX_JOBS:
        raise CorpusError(
            _("--jobs must be between 0 and %(max)s, not %(value)s.")
            % {"max": f"{MAX_JOBS:,}", "value": jobs}
        )
    if resumes < 0:
        raise CorpusError(_("--resumes must be 0 or more, not %(value)s.") % {"value": resumes})
    if seed < 0:
        raise CorpusError(_("--seed must be 0 or more, not %(value)s.") % {"value": seed})
    if not jobs and not resumes:
        raise CorpusError(_("Nothing to generate: give --jobs, --resumes or both."))


def refresh_statistics() -> None:
    """Let the query planner see the new row counts after a bulk load. Without statistics
    SQLite reads a page of search results through the (status, valid_until) index, i.e.
    every published posting, instead of by primary key."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def generate_corpus(
    *,
    jobs: int,
    resumes: int,
    seed: int,
    progress: Progress | None = None,
    resume_progress: Progress | None = None,
    now: dt.datetime | None = None,
) -> CorpusReport:
    """Insert ``jobs`` published postings (and their employers) and ``resumes`` seekers with
    one resume each, all derived from ``seed``.

    ``progress(done, total)`` is called after each batch of postings, ``resume_progress``
    after each batch of resumes. Raises
    :class:`CorpusError` for bad arguments, a missing Faker, or a seed whose corpus is
    already in the database.
    """
    _check_arguments(jobs, resumes, seed)
    started = time.perf_counter()
    now = now or timezone.now()
    orgs, specs = posting_specs(jobs=jobs, seed=seed, now=now)
    if orgs and Organisation.objects.filter(pk=orgs[0].id).exists():
        raise CorpusError(
            _("The corpus of seed %(seed)s is already in the database; choose another seed.")
            % {"seed": seed}
        )
    minor_prohibited = 0
    postings_table, versions_table = _Table(JobPosting), _Table(JobPostingVersion)
    with _bulk_load_cache(), transaction.atomic():
        _insert_organisations(orgs, seed)
        done = 0
        while done < jobs:
            batch = [next(specs) for _row in range(min(BATCH_SIZE, jobs - done))]
            postings, versions = _posting_rows(batch, orgs)
            # Each side references the other; the foreign keys are checked at commit.
            postings_table.insert(postings)
            versions_table.insert(versions)
            minor_prohibited += sum(spec.minor_prohibited for spec in batch)
            done += len(batch)
            if progress is not None:
                progress(done, jobs)
        findable = hiding = 0
        if resumes:
            targets = hidden_targets(orgs, seed)
            findable, hiding = _insert_resumes(resumes, seed, now, targets, resume_progress)
        record_event(
            system_actor(),
            AUDIT_ACTION,
            object_type="search.Corpus",
            object_id=str(seed),
            after={
                "seed": seed,
                "jobs": jobs,
                "organisations": len(orgs),
                "users": len(orgs) + resumes,
                "minor_prohibited": minor_prohibited,
                "resumes": resumes,
                "resumes_findable": findable,
                "seekers_hiding": hiding,
            },
        )
    refresh_statistics()
    return CorpusReport(
        seed=seed,
        jobs=jobs,
        resumes=resumes,
        organisations=len(orgs),
        users=len(orgs) + resumes,
        minor_prohibited=minor_prohibited,
        resumes_findable=findable,
        seekers_hiding=hiding,
        seconds=time.perf_counter() - started,
    )

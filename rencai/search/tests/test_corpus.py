"""The synthetic search corpus: ``generate_corpus`` and ``manage.py generate_corpus``."""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from rencai.accounts.choices import Role
from rencai.audit.models import AuditEvent
from rencai.audit.verify import verify_chain
from rencai.core.divisions import validate_division
from rencai.core.identifiers import validate_uscc
from rencai.core.industries import validate_industry
from rencai.core.occupations import is_hazardous, is_minor_prohibited, validate_occupation
from rencai.jobs.choices import Education
from rencai.jobs.content import clean_content, content_of
from rencai.jobs.models import JobPosting, JobPostingVersion
from rencai.jobs.queries import public_postings
from rencai.orgs.models import Membership, Organisation
from rencai.resumes.choices import EntryKind, Visibility
from rencai.resumes.models import HiddenOrganisation, Resume, ResumeEntry
from rencai.search import corpus

JOBS = 60
RESUMES = 5
NOW = dt.datetime(2026, 11, 23, 8, 30, tzinfo=dt.UTC)


def _generate(seed: int, **kwargs: object) -> corpus.CorpusReport:
    return corpus.generate_corpus(jobs=JOBS, resumes=RESUMES, seed=seed, **kwargs)


def _snapshot() -> dict[str, object]:
    """Everything that must repeat for the same seed, ids included."""
    return {
        "versions": list(
            JobPostingVersion.objects.order_by("id").values_list(
                "id", "posting_id", "title", "category", "pay_min", "pay_max", "pay_period",
                "locations", "description", "requirements", "skills", "benefits",
            )
        ),
        "postings": list(
            JobPosting.objects.order_by("id").values_list(
                "id", "organisation_id", "owner_id", "published_at", "valid_until",
                "minor_prohibited",
            )
        ),
        "organisations": list(
            Organisation.objects.order_by("id").values_list("id", "legal_name", "uscc", "industry")
        ),
        "resumes": list(
            Resume.objects.order_by("id").values_list(
                "id", "owner_id", "visibility", "full_name", "city", "skills", "self_assessment",
                "highest_education", "experience_months", "updated_at",
            )
        ),
        "entries": list(
            ResumeEntry.objects.order_by("resume_id", "kind", "position").values_list(
                "resume_id", "kind", "organisation", "title", "start", "end", "description",
            )
        ),
        "hidden": sorted(HiddenOrganisation.objects.values_list("owner_id", "uscc")),
    }  # fmt: skip


def test_catalogue_uses_real_codes_and_hundreds_of_titles() -> None:
    cat = corpus.catalogue()
    titles = {title for family in cat.families for title in family.titles}
    assert len(titles) >= 300
    for family in cat.families:
        validate_occupation(family.category)
        for code in family.industries or ():
            validate_industry(code)
        assert family.pay["month"][0] <= family.pay["month"][1]
    for city in cat.city_picker.values:
        for code in city.districts.values:
            validate_division(code, min_level=2)
    short_names = {city.code: city.short_name for city in cat.city_picker.values}
    assert short_names["440300"] == "深圳"
    assert short_names["110000"] == "北京"
    assert short_names["522600"] == "黔东南"


@pytest.mark.django_db
def test_fast_datetime_conversion_matches_the_backend() -> None:
    from django.db import connection

    adapt = corpus._datetime_adapter()
    for value in (NOW, NOW.astimezone(timezone.get_current_timezone()), NOW.replace(microsecond=7)):
        assert adapt(value) == connection.ops.adapt_datetimefield_value(value)


@pytest.mark.django_db
def test_same_seed_gives_identical_rows_and_resumes() -> None:
    with transaction.atomic():
        _generate(7, now=NOW)
        first = _snapshot()
        transaction.set_rollback(True)
    assert not JobPosting.objects.exists() and not Resume.objects.exists()

    _generate(7, now=NOW)

    assert _snapshot() == first
    assert len(first["versions"]) == JOBS
    assert len(first["resumes"]) == RESUMES


@pytest.mark.django_db
def test_content_does_not_depend_on_the_time_of_generation() -> None:
    def content(now: dt.datetime) -> list[tuple[object, ...]]:
        _orgs, specs = corpus.posting_specs(jobs=40, seed=6, now=now)
        return [
            (spec.id, spec.content.title, spec.content.pay_min, spec.content.locations)
            for spec in specs
        ]

    assert content(NOW) == content(NOW + dt.timedelta(days=3, hours=17))


@pytest.mark.django_db
def test_another_seed_gives_another_corpus() -> None:
    orgs_a, specs_a = corpus.posting_specs(jobs=30, seed=1, now=NOW)
    orgs_b, specs_b = corpus.posting_specs(jobs=30, seed=2, now=NOW)
    titles_a = [spec.content.title for spec in specs_a]
    titles_b = [spec.content.title for spec in specs_b]
    assert titles_a != titles_b
    assert {org.id for org in orgs_a}.isdisjoint(org.id for org in orgs_b)


@pytest.mark.django_db
def test_generates_counts_and_employers() -> None:
    report = _generate(3)

    assert (report.jobs, report.resumes, report.organisations) == (JOBS, RESUMES, 2)
    assert JobPosting.objects.count() == JobPostingVersion.objects.count() == JOBS
    orgs = list(Organisation.objects.all())
    assert len(orgs) == 2
    now = timezone.now()
    for org in orgs:
        assert org.is_verified
        assert org.reverification_due_at is not None and org.reverification_due_at > now
        assert org.first_verified_at is not None and org.last_verified_at is not None
        assert org.first_verified_at <= org.last_verified_at < now
        assert validate_uscc(org.uscc) == org.uscc
        validate_industry(org.industry)
        assert org.locations.filter(is_headquarters=True).count() == 1
        admin = Membership.objects.get(organisation=org)
        assert admin.is_admin
        assert admin.user.has_role("employer_staff")
        assert not admin.user.has_usable_password()


@pytest.mark.django_db
def test_every_posting_is_public_and_valid() -> None:
    _generate(4)

    assert public_postings().count() == JOBS
    today = timezone.localdate()
    for posting in JobPosting.objects.select_related("live_version", "owner"):
        version = posting.live_version
        assert version is not None and version.posting_id == posting.pk
        assert (version.number, version.status, version.verdict, version.findings) == (
            1, "approved", "pass", []
        )  # fmt: skip
        assert posting.owner.organisation_id == posting.organisation_id
        assert posting.client_id is None
        assert posting.published_at is not None
        assert timezone.now() - dt.timedelta(days=60) <= posting.published_at <= timezone.now()
        assert posting.valid_until is not None
        assert posting.valid_until >= today + dt.timedelta(days=30)
        assert version.submitted_at is not None
        assert version.created_at <= version.submitted_at <= posting.published_at
        assert posting.minor_prohibited == is_minor_prohibited(version.category)
        validate_occupation(version.category)
        assert version.locations
        for location in version.locations:
            validate_division(location["division"], min_level=2)
        assert 200 <= len(version.description) + len(version.requirements) <= 600
        # What the posting form would accept, field by field.
        clean_content(content_of(version), today=today)


@pytest.mark.django_db
def test_postings_not_for_minors_are_a_small_hazardous_share() -> None:
    _orgs, specs = corpus.posting_specs(jobs=1500, seed=5, now=NOW)
    flagged = 0
    for spec in specs:
        category = spec.content.category
        assert spec.minor_prohibited == is_minor_prohibited(category)
        if is_hazardous(category):
            assert spec.content.occupational_hazards
        flagged += spec.minor_prohibited
    assert 0.015 <= flagged / 1500 <= 0.05


@pytest.mark.django_db
def test_one_audit_event_for_the_whole_generation() -> None:
    before = AuditEvent.objects.count()

    _generate(8)

    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.get(action=corpus.AUDIT_ACTION)
    assert event.actor_id is None and event.actor_label == "system"
    assert (event.object_type, event.object_id) == ("search.Corpus", "8")
    assert event.after is not None
    assert event.after["jobs"] == JOBS
    assert event.after["resumes"] == RESUMES
    assert event.after["organisations"] == 2
    assert verify_chain().ok


@pytest.mark.django_db
def test_resumes_are_database_rows_with_a_realistic_mix() -> None:
    report = corpus.generate_corpus(jobs=50, resumes=400, seed=9, now=NOW)

    resumes = list(Resume.objects.select_related("owner"))
    assert len(resumes) == 400 == report.resumes
    visibilities = Counter(resume.visibility for resume in resumes)
    assert set(visibilities) == {Visibility.EMPLOYERS, Visibility.PUBLIC, Visibility.HIDDEN}
    assert (
        report.resumes_findable
        == visibilities[Visibility.EMPLOYERS] + visibilities[Visibility.PUBLIC]
    )
    assert 0.1 < visibilities[Visibility.HIDDEN] / 400 < 0.3
    for resume in resumes[:50]:
        assert resume.owner.has_role(Role.SEEKER) and not resume.owner.has_usable_password()
        validate_division(resume.city, min_level=2)
        for code in resume.intended_categories:
            validate_occupation(code)
        assert resume.highest_education in Education.values
        assert resume.full_name and not resume.phone and not resume.email
        assert not (resume.ethnicity or resume.hukou_division or resume.political_status)
    work = ResumeEntry.objects.filter(kind=EntryKind.WORK)
    assert work.exists() and all(entry.title and entry.organisation for entry in work[:50])
    assert ResumeEntry.objects.filter(kind=EntryKind.EDUCATION).exists()
    hidden = HiddenOrganisation.objects.all()
    assert report.seekers_hiding == len({row.owner_id for row in hidden}) > 0
    corpus_usccs = set(Organisation.objects.values_list("uscc", flat=True))
    assert {row.uscc for row in hidden} <= corpus_usccs
    # The first organisation is hidden by many more seekers than an average one.
    first = Organisation.objects.order_by("created_at").first()
    assert first is not None
    assert hidden.filter(uscc=first.uscc).count() >= 3


@pytest.mark.django_db
def test_command_prints_progress_and_summary() -> None:
    out = StringIO()
    call_command(
        "generate_corpus",
        "--jobs=20",
        "--resumes=2",
        "--seed=11",
        stdout=out,
    )
    text = out.getvalue()
    assert "postings 20/20" in text and "resumes 2/2" in text
    assert "seed 11: 20 postings, 1 organisations" in text
    assert JobPosting.objects.count() == 20 and Resume.objects.count() == 2


@pytest.mark.django_db
def test_command_quiet_prints_nothing() -> None:
    out = StringIO()
    call_command("generate_corpus", "--jobs=5", "--seed=12", "--quiet", stdout=out)
    assert out.getvalue() == ""
    assert JobPosting.objects.count() == 5


@pytest.mark.django_db
def test_resumes_alone_hide_from_organisations_already_in_the_database() -> None:
    corpus.generate_corpus(jobs=40, resumes=0, seed=13, now=NOW)
    call_command("generate_corpus", "--resumes=300", "--seed=14", stdout=StringIO())
    assert Resume.objects.count() == 300
    known = set(Organisation.objects.values_list("uscc", flat=True))
    hidden = set(HiddenOrganisation.objects.values_list("uscc", flat=True))
    assert hidden and hidden <= known


@pytest.mark.parametrize(
    "arguments",
    [
        ["--jobs=-1"],
        ["--jobs=5000001"],
        ["--resumes=-3"],
        ["--seed=-1"],
        ["--jobs=many"],
        [],
    ],
)
@pytest.mark.django_db
def test_bad_arguments_are_command_errors(arguments: list[str]) -> None:
    with pytest.raises(CommandError):
        call_command("generate_corpus", *arguments, stdout=StringIO())
    assert not JobPosting.objects.exists()
    assert not AuditEvent.objects.filter(action=corpus.AUDIT_ACTION).exists()


@pytest.mark.django_db
def test_the_same_seed_twice_is_refused() -> None:
    call_command("generate_corpus", "--jobs=10", "--seed=14", "--quiet")
    with pytest.raises(CommandError, match="14"):
        call_command("generate_corpus", "--jobs=10", "--seed=14", "--quiet")
    assert JobPosting.objects.count() == 10


@pytest.mark.django_db
def test_missing_faker_is_a_command_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "faker", None)
    with pytest.raises(CommandError, match="Faker"):
        call_command("generate_corpus", "--jobs=3", "--seed=15", stdout=StringIO())
    assert not JobPosting.objects.exists()

"""Resume actions: checks with stable codes, audit events, derived fields, the default
resume, copies, sections, visibility (PI-05), hidden organisations, views (PI-08)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from rencai.accounts.models import User
from rencai.audit.models import AuditEvent
from rencai.core.actors import cli_actor
from rencai.core.errors import DomainError
from rencai.orgs.models import Organisation
from rencai.resumes import actions
from rencai.resumes.choices import ViewKind, ViewSource, Visibility
from rencai.resumes.models import HiddenOrganisation, Resume, ResumeEntry, ResumeView
from rencai.testing import resumes as seeds


def _code(call: Any, *args: Any, **kwargs: Any) -> tuple[str, list[str]]:
    with pytest.raises(DomainError) as caught:
        call(*args, **kwargs)
    return caught.value.code, list(caught.value.fields)


def _events(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


def test_create_keeps_derived_fields_and_is_invisible_and_primary(alice: User) -> None:
    resume = seeds.build_resume(alice)
    assert resume.visibility == Visibility.HIDDEN  # PI-05: off until the seeker chooses
    assert resume.visibility_changed_at is None
    assert resume.is_primary
    assert resume.highest_education == "bachelor"
    assert resume.experience_months >= 36
    assert resume.completeness == 100
    assert resume.phone == "+8613800138001"
    assert _events("resumes.created") == 1
    assert _events("resumes.entry_added") == len(seeds.ALICE_ENTRIES)
    event = AuditEvent.objects.get(action="resumes.created")
    assert "13800138001" not in str(event.after) and "王爱丽" not in str(event.after)


def test_second_resume_is_not_primary_until_chosen(alice: User, resume: Resume) -> None:
    second = actions.create_resume(
        alice, {"title": "English", "full_name": "Alice Wang"}, actor=cli_actor(alice)
    )
    assert Resume.objects.get(pk=second.pk).is_primary is False
    actions.set_primary(second, actor=cli_actor(alice))
    assert Resume.objects.get(pk=second.pk).is_primary is True
    assert Resume.objects.get(pk=resume.pk).is_primary is False
    assert _events("resumes.made_primary") == 1


def test_only_seekers_create_resumes(bob: User) -> None:
    code, _fields = _code(
        actions.create_resume, bob, {"title": "x", "full_name": "薄建国"}, actor=cli_actor(bob)
    )
    assert code == "not_a_seeker"
    assert not Resume.objects.exists()


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"title": ""}, "field_required", "title"),
        ({"title": "x" * 41}, "too_long", "title"),
        ({"city": "999999"}, "division_invalid", "city"),
        ({"city": "440000"}, "division_too_coarse", "city"),
        ({"intended_cities": ["440300", "440300"]}, "duplicate_item", "intended_cities.1"),
        ({"intended_cities": ["440300"] * 6}, "too_many_items", "intended_cities"),
        ({"intended_categories": ["9-99"]}, "occupation_invalid", "intended_categories.0"),
        ({"employment_types": ["slavery"]}, "field_invalid", "employment_types.0"),
        ({"pay_min": 30000, "pay_max": 20000}, "pay_range_invalid", "pay_min"),
        ({"pay_min": 0, "pay_max": 20000}, "pay_range_invalid", "pay_min"),
        ({"pay_min": None}, "pay_range_invalid", "pay_min"),
        ({"phone": "12345"}, "phone_invalid", "phone"),
        ({"email": "not-an-address"}, "email_invalid", "email"),
        ({"links": [{"title": "x", "url": "javascript:alert(1)"}]}, "url_invalid", "links.0.url"),
        ({"skills": [{"name": "Python", "level": "god"}]}, "level_invalid", "skills.0.level"),
        (
            {"skills": [{"name": "Python", "level": "good"}, {"name": "python", "level": "good"}]},
            "duplicate_item",
            "skills.1",
        ),
        ({"available_from": "2099-01-01"}, "dates_invalid", "available_from"),
        ({"political_status": "anarchist"}, "field_invalid", "political_status"),
        ({"marital_status": "single"}, "field_invalid", "marital_status"),
        ({"visibility": "public"}, "field_invalid", "visibility"),
    ],
)
def test_update_refuses_bad_input_with_stable_codes(
    alice: User, resume: Resume, changes: dict[str, object], code: str, field: str
) -> None:
    before = Resume.objects.values().get(pk=resume.pk)
    assert _code(actions.update_resume, resume, changes, actor=cli_actor(alice)) == (code, [field])
    assert Resume.objects.values().get(pk=resume.pk) == before
    assert _events("resumes.updated") == 0


def test_update_records_changed_field_names_only(alice: User, resume: Resume) -> None:
    actions.update_resume(
        resume, {"city": "440100", "pay_max": 30000, "title": resume.title}, actor=cli_actor(alice)
    )
    resume.refresh_from_db()
    assert (resume.city, resume.pay_max) == ("440100", 30000)
    event = AuditEvent.objects.get(action="resumes.updated")
    assert event.after == {"fields": ["city", "pay_max"]}


@pytest.mark.parametrize(
    ("kind", "data", "code", "field"),
    [
        ("work", {"organisation": "A", "title": ""}, "field_required", "title"),
        ("work", {"title": "x", "start": "2030-01-01"}, "dates_invalid", "start"),
        (
            "work",
            {"title": "x", "start": "2020-01-01", "end": "2019-01-01"},
            "dates_invalid",
            "end",
        ),
        ("work", {"title": "x", "end": "2019-01-01"}, "dates_invalid", "start"),
        ("work", {"title": "x", "degree": "bachelor"}, "field_invalid", "degree"),
        ("education", {"title": "x", "degree": "phd-ish"}, "field_invalid", "degree"),
        ("hobby", {"title": "x"}, "field_invalid", "kind"),
        ("work", {"title": "x", "salary": 1}, "field_invalid", "salary"),
    ],
)
def test_entries_are_checked(
    alice: User, resume: Resume, kind: str, data: dict[str, object], code: str, field: str
) -> None:
    count = ResumeEntry.objects.count()
    assert _code(actions.add_entry, resume, kind, data, actor=cli_actor(alice)) == (code, [field])
    assert ResumeEntry.objects.count() == count


@time_machine.travel(dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC), tick=False)
def test_experience_counts_overlapping_jobs_once(alice: User) -> None:
    resume = seeds.build_resume(
        alice,
        entries=(
            ("work", {"title": "A", "start": "2020-01-01", "end": "2020-12-31"}),
            ("work", {"title": "B", "start": "2020-07-01", "end": "2021-06-30"}),
            ("work", {"title": "C", "start": "2024-01-01"}),
        ),
    )
    # 2020-01…2021-06 (18 months) + 2024-01…2026-12 (36 months)
    assert resume.experience_months == 18 + 36
    entry = resume.entries.get(title="C")
    actions.delete_entry(entry, actor=cli_actor(alice))
    resume.refresh_from_db()
    assert resume.experience_months == 18
    assert _events("resumes.entry_deleted") == 1


def test_education_keeps_the_highest_degree_up_to_date(alice: User, resume: Resume) -> None:
    entry = actions.add_entry(
        resume,
        "education",
        {
            "organisation": "中山大学",
            "title": "软件工程",
            "degree": "master",
            "start": "2020-09-01",
        },
        actor=cli_actor(alice),
    )
    resume.refresh_from_db()
    assert resume.highest_education == "master"
    actions.update_entry(
        entry,
        {"title": "软件工程", "degree": "associate", "start": "2020-09-01"},
        actor=cli_actor(alice),
    )
    resume.refresh_from_db()
    assert resume.highest_education == "bachelor"


def test_reorder_and_move_entries(alice: User, resume: Resume) -> None:
    work = list(resume.entries.filter(kind="work").order_by("position"))
    ids = [entry.pk for entry in reversed(work)]
    actions.reorder_entries(resume, "work", ids, actor=cli_actor(alice))
    assert (
        list(resume.entries.filter(kind="work").order_by("position").values_list("pk", flat=True))
        == ids
    )
    assert (
        _code(actions.reorder_entries, resume, "work", ids[:1], actor=cli_actor(alice))[0]
        == "order_invalid"
    )
    first = ResumeEntry.objects.get(pk=ids[0])
    actions.move_entry(first, 1, actor=cli_actor(alice))
    assert (
        list(resume.entries.filter(kind="work").order_by("position").values_list("pk", flat=True))
        == ids[::-1]
    )


def test_copy_makes_an_invisible_copy_with_every_section(alice: User, resume: Resume) -> None:
    actions.set_visibility(resume, Visibility.EMPLOYERS, actor=cli_actor(alice))
    copy = actions.copy_resume(
        resume, title="English resume", language="en", actor=cli_actor(alice)
    )
    assert copy.visibility == Visibility.HIDDEN and not copy.is_primary
    assert copy.language == "en" and copy.full_name == resume.full_name
    assert copy.entries.count() == resume.entries.count()
    assert copy.completeness == resume.completeness
    assert _events("resumes.copied") == 1


def test_resume_limit(alice: User, resume: Resume) -> None:
    for number in range(4):
        actions.copy_resume(resume, title=f"copy {number}", actor=cli_actor(alice))
    assert _code(actions.copy_resume, resume, title="one too many", actor=cli_actor(alice))[0] == (
        "resume_limit_reached"
    )


def test_delete_passes_the_default_to_another_resume(alice: User, resume: Resume) -> None:
    copy = actions.copy_resume(resume, title="copy", actor=cli_actor(alice))
    actions.delete_resume(resume, actor=cli_actor(alice))
    copy.refresh_from_db()
    assert copy.is_primary
    assert not Resume.objects.filter(pk=resume.pk).exists()
    assert _events("resumes.deleted") == 1


def test_pi_05_visibility_change_is_recorded_with_its_time(alice: User, resume: Resume) -> None:
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC), tick=False):
        actions.set_visibility(resume, Visibility.PUBLIC, actor=cli_actor(alice))
    resume.refresh_from_db()
    assert resume.visibility == Visibility.PUBLIC
    assert resume.visibility_changed_at == dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
    event = AuditEvent.objects.get(action="resumes.visibility_changed")
    assert (event.before, event.after) == ({"visibility": "hidden"}, {"visibility": "public"})
    actions.set_visibility(resume, Visibility.PUBLIC, actor=cli_actor(alice))  # no change
    assert _events("resumes.visibility_changed") == 1
    assert (
        _code(actions.set_visibility, resume, "everyone", actor=cli_actor(alice))[0]
        == "field_invalid"
    )


def test_pi_05_index_is_told_about_every_change(
    alice: User, resume: Resume, company_a: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rencai.search import indexing

    told: list[object] = []
    monkeypatch.setattr(
        indexing, "resumes_changed", lambda ids: told.append(sorted(str(i) for i in ids))
    )
    monkeypatch.setattr(indexing, "seeker_resumes_changed", lambda owner: told.append(owner))
    actions.set_visibility(resume, Visibility.EMPLOYERS, actor=cli_actor(alice))
    actions.update_resume(resume, {"city": "440100"}, actor=cli_actor(alice))
    actions.hide_organisation(alice, organisation=company_a, actor=cli_actor(alice))
    actions.delete_resume(resume, actor=cli_actor(alice))
    assert told == [[str(resume.pk)], [str(resume.pk)], alice.pk, [str(resume.pk)]]


def test_pi_05_resume_search_drops_a_resume_turned_invisible(
    alice: User, resume: Resume, company_a: Organisation
) -> None:
    from rencai.resumes.access import searchable_resumes_for

    actions.set_visibility(resume, Visibility.EMPLOYERS, actor=cli_actor(alice))
    assert list(searchable_resumes_for(company_a)) == [resume]
    actions.set_visibility(resume, Visibility.HIDDEN, actor=cli_actor(alice))
    assert list(searchable_resumes_for(company_a)) == []


def test_hide_organisation_by_id_or_uscc_once(
    alice: User, resume: Resume, company_a: Organisation
) -> None:
    hidden = actions.hide_organisation(alice, organisation=company_a, actor=cli_actor(alice))
    assert (hidden.uscc, hidden.name) == (company_a.uscc, company_a.legal_name)
    code, fields = _code(
        actions.hide_organisation, alice, uscc=company_a.uscc.lower(), actor=cli_actor(alice)
    )
    assert (code, fields) == ("already_hidden", ["uscc"])
    assert _code(
        actions.hide_organisation, alice, uscc="91440300MA5DLH0170", actor=cli_actor(alice)
    )[0] == ("uscc_checksum")
    other = actions.hide_organisation(alice, uscc="91310115MA1QHE02XL", actor=cli_actor(alice))
    assert other.organisation is None and other.name == "91310115MA1QHE02XL"
    assert HiddenOrganisation.objects.filter(owner=alice).count() == 2
    actions.unhide_organisation(hidden, actor=cli_actor(alice))
    assert _events("resumes.organisation_hidden") == 2
    assert _events("resumes.organisation_unhidden") == 1


def test_pi_08_record_view_writes_a_view_and_an_audit_event(
    alice: User, bob: User, resume: Resume, company_a: Organisation
) -> None:
    view = actions.record_view(
        resume,
        org=company_a,
        viewer=bob,
        kind=ViewKind.VIEW,
        source=ViewSource.SEARCH,
        actor=cli_actor(bob),
    )
    assert (view.seeker, view.organisation, view.viewer) == (alice, company_a, bob)
    assert ResumeView.objects.count() == 1
    assert _events("resumes.viewed") == 1
    with pytest.raises(ValueError, match="unknown view kind"):
        actions.record_view(
            resume, org=company_a, viewer=bob, kind="stare", source="search", actor=cli_actor(bob)
        )


def test_experience_of_an_ongoing_job_grows_every_month(alice: User) -> None:
    with time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC), tick=False):
        resume = seeds.build_resume(
            alice, entries=(("work", {"title": "A", "start": "2026-01-01"}),)
        )
        assert resume.experience_months == 6
    with time_machine.travel(dt.datetime(2026, 9, 1, 3, 30, tzinfo=dt.UTC), tick=False):
        from rencai.resumes.tasks import refresh_ongoing_experience

        refresh_ongoing_experience.call_local()
        resume.refresh_from_db()
        assert resume.experience_months == 9
        assert actions.refresh_experience(actor=cli_actor(alice)) == 0  # nothing stale now
    assert _events("resumes.experience_refreshed") == 1

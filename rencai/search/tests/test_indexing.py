"""The index follows the database: action hooks, rebuild and swap, consistency check,
degradation to the database when the index is missing or corrupt (tantivy backend)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from rencai.audit.models import AuditEvent
from rencai.core.actors import cli_actor
from rencai.jobs import actions as job_actions
from rencai.jobs.models import JobPosting
from rencai.moderation import actions as moderation_actions
from rencai.moderation.choices import SubjectKind
from rencai.orgs.models import Organisation
from rencai.search import indexing
from rencai.search.backends import get_backend, reset_backends
from rencai.search.backends.base import IndexUnavailable
from rencai.search.backends.tantivy_backend import CURRENT, TantivyBackend
from rencai.search.documents import documents_for
from rencai.search.params import parse_params
from rencai.search.service import backend_query, search_jobs
from rencai.testing import jobs as job_seeds
from rencai.testing import orgs as org_seeds
from rencai.testing import personas

pytestmark = pytest.mark.django_db


def titles(**query: object) -> list[str]:
    response = search_jobs(parse_params(query))
    return [hit.posting.live_version.title for hit in response.hits]


@pytest.fixture
def postings() -> list[JobPosting]:
    return job_seeds.demo_postings()


def test_published_postings_are_searchable_at_once(postings: list[JobPosting]) -> None:
    assert set(titles()) == {p.live_version.title for p in postings}
    assert titles(q="检验") == ["食品检验员"]
    assert get_backend().status().documents == len(postings)


def test_take_down_removes_the_posting_from_the_index(postings: list[JobPosting]) -> None:
    oscar = personas.build(personas.OSCAR)
    job_actions.take_down(postings[2], oscar, reasons=["false_information"], actor=cli_actor(oscar))
    assert titles(q="检验") == []
    assert str(postings[2].pk) not in get_backend().stamps()


def test_a_commit_within_one_tick_of_the_file_clock_is_still_seen(
    postings: list[JobPosting],
) -> None:
    """File times come from a coarse clock: two commits a few milliseconds apart can leave
    meta.json with the same time. Readers compare its contents, so they still reload."""
    backend = get_backend()
    query = backend_query(parse_params({"q": "检验"}))
    assert backend.search(query).ids == [str(postings[2].pk)]
    generation = json.loads((Path(settings.SEARCH_DIR) / CURRENT).read_text())["generation"]
    meta = Path(settings.SEARCH_DIR) / generation / "meta.json"
    before = meta.stat()
    oscar = personas.build(personas.OSCAR)
    job_actions.take_down(postings[2], oscar, reasons=["false_information"], actor=cli_actor(oscar))
    os.utime(meta, ns=(before.st_atime_ns, before.st_mtime_ns))  # the same tick
    assert backend.search(query).ids == []


def test_closing_and_pausing_remove_and_resuming_restores(postings: list[JobPosting]) -> None:
    bob = personas.build(personas.BOB)
    job_actions.pause_posting(postings[0], actor=cli_actor(bob))
    assert "Python 后端开发工程师" not in titles()
    job_actions.resume_posting(postings[0], actor=cli_actor(bob))
    assert "Python 后端开发工程师" in titles()
    job_actions.close_posting(postings[0], actor=cli_actor(bob))
    assert str(postings[0].pk) not in get_backend().stamps()


def test_a_suspended_organisation_disappears_from_search(postings: list[JobPosting]) -> None:
    org = postings[2].organisation
    Organisation.objects.filter(pk=org.pk).update(display_suspended=True)
    # Even before the index hears about it, the page rows come from the public query.
    assert "食品检验员" not in titles()
    indexing.index_now(indexing.organisation_posting_ids(org.pk))
    assert str(postings[2].pk) not in get_backend().stamps()


def test_the_abnormal_list_removes_an_organisations_postings(postings: list[JobPosting]) -> None:
    oscar = personas.build(personas.OSCAR)
    org = postings[2].organisation
    entry = moderation_actions.list_subject(
        SubjectKind.USCC, org.uscc, reason="多次发布虚假招聘信息", actor=cli_actor(oscar)
    )
    stamps = get_backend().stamps()
    assert str(postings[2].pk) not in stamps and str(postings[0].pk) in stamps
    moderation_actions.lift_listing(entry, reason="复核后确认信息属实", actor=cli_actor(oscar))
    assert str(postings[2].pk) in get_backend().stamps()


def test_expired_and_overdue_postings_are_filtered_by_the_clock(postings: list[JobPosting]) -> None:
    later = timezone.now() + dt.timedelta(days=400)
    import time_machine

    with time_machine.travel(later, tick=False):
        assert titles() == []
    overdue = postings[0].organisation
    Organisation.objects.filter(pk=overdue.pk).update(
        reverification_due_at=timezone.now() - dt.timedelta(minutes=1)
    )
    assert "Python 后端开发工程师" not in titles()


def test_a_missing_index_degrades_to_the_database_and_is_rebuilt(
    postings: list[JobPosting],
) -> None:
    backend = get_backend()
    (Path(settings.SEARCH_DIR) / CURRENT).unlink()
    reset_backends()
    response = search_jobs(parse_params({"q": "检验"}))
    # Huey runs eagerly in tests: the rebuild already happened; this search used the database.
    assert response.degraded and response.backend == "database"
    assert [hit.posting.pk for hit in response.hits] == [postings[2].pk]
    assert backend.status().ready
    again = search_jobs(parse_params({"q": "检验"}))
    assert not again.degraded and again.backend == "tantivy"
    assert AuditEvent.objects.filter(action="search.index_rebuilt").exists()


def test_a_corrupt_index_degrades_and_is_rebuilt(postings: list[JobPosting]) -> None:
    backend = get_backend()
    assert isinstance(backend, TantivyBackend)
    generation = json.loads((backend.root / CURRENT).read_text())["generation"]
    (backend.root / generation / "meta.json").write_text("{not json")
    reset_backends()
    response = search_jobs(parse_params({}))
    assert response.degraded
    assert len(response.hits) == len(postings)
    assert search_jobs(parse_params({})).backend == "tantivy"


def test_an_index_built_with_another_dictionary_is_rebuilt(
    postings: list[JobPosting], monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = get_backend()
    assert isinstance(backend, TantivyBackend)
    current = backend.root / CURRENT
    data = json.loads(current.read_text())
    current.write_text(json.dumps({**data, "dictionary": "0.old"}))
    with pytest.raises(IndexUnavailable):
        backend.search(indexing_query())
    assert search_jobs(parse_params({})).degraded
    assert json.loads(current.read_text())["dictionary"] != "0.old"


def indexing_query():
    from rencai.search.service import backend_query

    return backend_query(parse_params({}))


def test_rebuild_swaps_generations_and_keeps_the_previous_one(postings: list[JobPosting]) -> None:
    backend = get_backend()
    assert isinstance(backend, TantivyBackend)
    first = json.loads((backend.root / CURRENT).read_text())["generation"]
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    second = json.loads((backend.root / CURRENT).read_text())["generation"]
    assert second != first
    assert "4/4" in out.getvalue() and "100.0%" in out.getvalue()
    call_command("rebuild_search_index", "--quiet", stdout=StringIO())
    third = json.loads((backend.root / CURRENT).read_text())["generation"]
    generations = {path.name for path in backend.root.glob("jobs-*")}
    assert generations == {second, third}
    assert len(titles()) == len(postings)


def test_rebuild_if_needed_only_rebuilds_an_unusable_index(postings: list[JobPosting]) -> None:
    backend = get_backend()
    assert isinstance(backend, TantivyBackend)
    first = json.loads((backend.root / CURRENT).read_text())["generation"]
    out = StringIO()
    call_command("rebuild_search_index", "--if-needed", stdout=out)
    assert json.loads((backend.root / CURRENT).read_text())["generation"] == first
    (backend.root / CURRENT).unlink()
    call_command("rebuild_search_index", "--if-needed", "--quiet", stdout=out)
    assert backend.status().ready and backend.status().documents == len(postings)


def test_check_finds_and_repairs_differences(postings: list[JobPosting]) -> None:
    backend = get_backend()
    out = StringIO()
    call_command("check_search_index", stdout=out)
    assert "4 indexed" in out.getvalue() or "4" in out.getvalue()
    backend.delete([str(postings[0].pk)])
    stale = documents_for([postings[1].pk])[0][0]
    from dataclasses import replace

    backend.upsert([replace(stale, title_words="旧 标题")])
    Organisation.objects.filter(pk=postings[2].organisation_id).update(display_suspended=True)
    with pytest.raises(CommandError):
        call_command("check_search_index", stdout=StringIO())
    report = indexing.check()
    assert report.missing == [str(postings[0].pk)]
    assert report.stale == [str(postings[1].pk)]
    assert set(report.extra) == {str(p.pk) for p in postings[2:]}
    call_command("check_search_index", "--repair", stdout=StringIO())
    assert indexing.check().consistent
    assert AuditEvent.objects.filter(action="search.index_repaired").exists()


def test_check_on_a_missing_index_says_to_rebuild() -> None:
    with pytest.raises(CommandError, match="rebuild_search_index"):
        call_command("check_search_index", stdout=StringIO())


def test_changes_during_a_rebuild_are_replayed(postings: list[JobPosting]) -> None:
    oscar = personas.build(personas.OSCAR)
    backend = get_backend()
    original = backend.rebuild

    def rebuild_with_a_take_down(documents, *, progress):
        listed = list(documents)  # the build has read the database …
        job_actions.take_down(  # … then a posting is taken down before the swap
            postings[3], oscar, reasons=["false_information"], actor=cli_actor(oscar)
        )
        return original(iter(listed), progress=progress)

    backend.rebuild = rebuild_with_a_take_down  # type: ignore[method-assign]
    try:
        report = indexing.rebuild()
    finally:
        del backend.rebuild
    assert report.replayed >= 1
    assert str(postings[3].pk) not in backend.stamps()


def test_a_second_process_reads_what_the_first_one_wrote(postings: list[JobPosting]) -> None:
    """Several web processes share one index: a separate process opens it read-only and
    sees a commit made here after it started."""
    root = Path(settings.SEARCH_DIR)
    script = textwrap.dedent(
        f"""
        import sys, time
        sys.path.insert(0, {str(settings.BASE_DIR)!r})
        import django, os
        os.environ["DJANGO_SETTINGS_MODULE"] = "rencai.settings"
        os.environ["SEARCH_DIR"] = {str(root)!r}
        os.environ["VAR_DIR"] = {str(settings.VAR_DIR)!r}
        django.setup()
        from rencai.search.backends import get_backend
        backend = get_backend("tantivy")
        print(len(backend.stamps()), flush=True)
        sys.stdin.readline()
        print(len(backend.stamps()), flush=True)
        """
    )
    reader = subprocess.Popen(  # noqa: S603 — our own interpreter and script
        [sys.executable, "-c", script],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert reader.stdout is not None and reader.stdin is not None
    try:
        assert reader.stdout.readline().strip() == str(len(postings))
        get_backend().delete([str(postings[0].pk)])
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == str(len(postings) - 1)
    finally:
        reader.kill()
        reader.wait()


@pytest.mark.real_on_commit
def test_posting_changes_only_reach_the_index_after_commit(
    django_capture_on_commit_callbacks,
) -> None:
    bob = personas.build(personas.BOB)
    oscar = personas.build(personas.OSCAR)
    company = org_seeds.build_org(org_seeds.COMPANY_A)
    indexing.rebuild()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        posting = job_seeds.publish(company, bob, oscar, title="仓库管理员", category="4-02")
    assert str(posting.pk) not in get_backend().stamps()  # not committed: not indexed
    for callback in callbacks:
        callback()
    assert str(posting.pk) in get_backend().stamps()
    assert titles(q="仓库") == ["仓库管理员"]


def test_parallel_chunks_cover_every_document_once(postings: list[JobPosting]) -> None:
    """``rebuild_search_index --workers N`` hands these primary-key ranges to forked
    processes (the fork itself needs committed data; bench/search.py, run by
    tests/test_bench_search.py, rebuilds that way)."""
    from rencai.search.documents import _chunk_bounds, _documents_between, iter_documents

    bounds = _chunk_bounds(3)
    assert len(bounds) == 2 and bounds[-1][1] is None
    parallel = [doc for chunk in bounds for doc in _documents_between(chunk)]
    assert sorted(parallel, key=lambda d: d.id) == sorted(iter_documents(), key=lambda d: d.id)
    assert len({doc.id for doc in parallel}) == len(postings)
    with pytest.raises(CommandError):
        call_command("rebuild_search_index", "--workers", "0", stdout=StringIO())


def test_the_statistics_task_runs_on_every_database() -> None:
    from rencai.search.tasks import refresh_statistics

    refresh_statistics.call_local()

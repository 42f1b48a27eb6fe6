"""The posting review desk pages: who may open them, the queue, decisions through the page,
highlighted findings, take-downs and the queue's query count (JOB-08)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from rencai.accounts.models import User
from rencai.core.actors import cli_actor
from rencai.jobs import actions
from rencai.jobs.models import JobPosting, JobPostingVersion, PostingEvent
from rencai.jobs.ops_views import highlight, sla_cutoff
from rencai.jobs.queries import public_postings
from rencai.orgs.models import Organisation
from rencai.orgs.queries import active_membership
from rencai.testing.jobs import publish, sample_content

pytestmark = pytest.mark.django_db

BACKEND = "rencai.accounts.backends.RencaiBackend"
QUEUE = "/ops/jobs/"


def _client(user: User | None = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend=BACKEND)
    return client


def _submit(
    org: Organisation, user: User, justification: str = "", **changes: Any
) -> JobPostingVersion:
    membership = active_membership(user)
    assert membership is not None
    posting = actions.create_posting(
        org, membership, sample_content(**changes), actor=cli_actor(user)
    )
    return actions.submit_posting(posting, justification=justification, actor=cli_actor(user))


def _review_url(version: JobPostingVersion) -> str:
    return f"/ops/jobs/{version.pk}/"


def _take_down_url(posting: JobPosting) -> str:
    return f"/ops/jobs/postings/{posting.pk}/take-down/"


@pytest.fixture
def pending(company_a: Organisation, bob: User) -> JobPostingVersion:
    return _submit(company_a, bob)


# --- who may open the pages -----------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("oscar", 200), ("rita", 200), ("alice", 403), ("bob", 403), ("audrey", 403)],
)
def test_queue_and_review_status_per_role(
    request: pytest.FixtureRequest, pending: JobPostingVersion, persona: str, status: int
) -> None:
    client = _client(request.getfixturevalue(persona))
    assert client.get(QUEUE).status_code == status
    assert client.get(_review_url(pending)).status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(pending: JobPostingVersion) -> None:
    urls = (QUEUE, _review_url(pending), _take_down_url(pending.posting))
    for url in urls:
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_unknown_version_is_404(oscar: User) -> None:
    response = _client(oscar).get("/ops/jobs/00000000-0000-4000-8000-000000000000/")
    assert response.status_code == 404


def test_reviewer_sees_the_form_and_the_regulator_reads_only(
    pending: JobPostingVersion, oscar: User, rita: User
) -> None:
    html = _client(oscar).get(_review_url(pending)).content.decode()
    assert 'name="d-decision" value="approve"' in html
    assert 'value="reject" data-confirm=' in html
    assert 'name="d-reasons"' in html

    html = _client(rita).get(_review_url(pending)).content.decode()
    assert '<form method="post" class="form desk-form' not in html
    assert 'name="d-decision"' not in html
    assert 'id="read-only-notice"' in html
    assert pending.title in html


def test_regulator_cannot_decide(pending: JobPostingVersion, rita: User) -> None:
    response = _client(rita).post(_review_url(pending), {"d-decision": "approve"})
    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.status == "pending"
    assert not public_postings().exists()


def test_regulator_cannot_take_down(
    company_a: Organisation, bob: User, oscar: User, rita: User
) -> None:
    posting = publish(company_a, bob, oscar)
    assert _client(rita).post(_take_down_url(posting), {"t-reasons": ["fees"]}).status_code == 403
    assert list(public_postings()) == [posting]


def test_a_member_of_the_organisation_may_not_review_it(
    company_a: Organisation, bob: User, oscar: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As if Oscar belonged to company A: he sees the notice and no form; a post is refused."""
    from rencai.jobs import ops_views
    from rencai.jobs.actions import review

    version = _submit(company_a, bob)
    membership = active_membership(bob)
    monkeypatch.setattr(review, "active_membership", lambda user: membership)
    monkeypatch.setattr(ops_views, "active_membership", lambda user: membership)
    html = _client(oscar).get(_review_url(version)).content.decode()
    assert 'data-error-code="self_review_forbidden"' in html
    assert 'name="d-decision"' not in html
    response = _client(oscar).post(_review_url(version), {"d-decision": "approve"})
    assert response.status_code == 200
    assert 'data-error-code="self_review_forbidden"' in response.content.decode()
    version.refresh_from_db()
    assert version.status == "pending"


# --- the queue ------------------------------------------------------------------------


def test_queue_lists_pending_versions_oldest_first_with_counts(
    company_a: Organisation, bob: User, oscar: User
) -> None:
    first = _submit(company_a, bob, title="最早的岗位")
    second = _submit(company_a, bob, title="后来的岗位")
    publish(company_a, bob, oscar, title="已发布岗位")
    response = _client(oscar).get(QUEUE)
    assert response.status_code == 200
    rows = [row["version"] for row in response.context["rows"]]
    assert rows == [first, second]
    counts = {tab["value"]: tab["count"] for tab in response.context["tabs"]}
    assert counts == {"pending": 2, "approved": 1, "rejected": 0, "withdrawn": 0}
    assert response.context["tabs"][0]["value"] == "pending"
    html = response.content.decode()
    assert 'data-verdict="pass"' in html

    response = _client(oscar).get(QUEUE, {"status": "approved"})
    assert [row["version"].title for row in response.context["rows"]] == ["已发布岗位"]


def test_queue_empty_state(oscar: User) -> None:
    html = _client(oscar).get(QUEUE, {"status": "rejected"}).content.decode()
    assert "empty-state" in html
    assert 'id="posting-queue"' not in html


def test_versions_waiting_over_one_working_day_are_highlighted(
    company_a: Organisation, bob: User, oscar: User
) -> None:
    old = _submit(company_a, bob, title="很久以前")
    JobPostingVersion.objects.filter(pk=old.pk).update(
        submitted_at=timezone.now() - dt.timedelta(days=10)
    )
    fresh = _submit(company_a, bob, title="刚刚提交")
    response = _client(oscar).get(QUEUE)
    overdue = {row["version"].pk: row["overdue"] for row in response.context["rows"]}
    assert overdue == {old.pk: True, fresh.pk: False}
    assert 'data-overdue="true"' in response.content.decode()


def test_sla_cutoff_counts_working_days() -> None:
    tz = timezone.get_current_timezone()
    # Monday 2025-03-10 10:00: due since Friday 10:00.
    monday = dt.datetime(2025, 3, 10, 10, 0, tzinfo=tz)
    assert sla_cutoff(monday) == dt.datetime(2025, 3, 7, 10, 0, tzinfo=tz)
    # Sunday: only what came before Friday is late.
    sunday = dt.datetime(2025, 3, 9, 10, 0, tzinfo=tz)
    assert sla_cutoff(sunday) == dt.datetime(2025, 3, 7, 0, 0, tzinfo=tz)


def test_queue_query_count_does_not_grow_with_rows(
    company_a: Organisation,
    bob: User,
    oscar: User,
    django_assert_max_num_queries: Any,
) -> None:
    client = _client(oscar)
    _submit(company_a, bob)
    client.get(QUEUE)  # warm the session and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(QUEUE)
    for n in range(3):
        _submit(company_a, bob, title=f"岗位 {n}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(QUEUE)
    assert len(response.context["rows"]) == 4


# --- decisions ------------------------------------------------------------------------


def test_approving_through_the_page_publishes(pending: JobPostingVersion, oscar: User) -> None:
    response = _client(oscar).post(_review_url(pending), {"d-decision": "approve"})
    assert response.status_code == 302
    assert response["Location"] == QUEUE
    assert list(public_postings()) == [pending.posting]


def test_rejecting_without_reasons_is_shown_on_the_form(
    pending: JobPostingVersion, oscar: User
) -> None:
    response = _client(oscar).post(_review_url(pending), {"d-decision": "reject"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-error-code="reasons_required"' in html
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_other_needs_a_note(pending: JobPostingVersion, oscar: User) -> None:
    response = _client(oscar).post(
        _review_url(pending), {"d-decision": "reject", "d-reasons": ["other"]}
    )
    assert 'data-error-code="note_required"' in response.content.decode()


def test_rejecting_with_reasons_returns_it_to_the_employer(
    pending: JobPostingVersion, oscar: User
) -> None:
    response = _client(oscar).post(
        _review_url(pending),
        {"d-decision": "reject", "d-reasons": ["bait"], "d-note": "薪资与岗位不符"},
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == "rejected"
    assert pending.reasons == ["bait"]
    html = _client(oscar).get(_review_url(pending)).content.decode()
    assert 'id="decision-summary"' in html
    assert 'data-event="rejected"' in html


def test_deciding_a_decided_version_is_an_error_not_a_500(
    pending: JobPostingVersion, oscar: User
) -> None:
    actions.approve_version(pending, oscar, actor=cli_actor(oscar))
    response = _client(oscar).post(_review_url(pending), {"d-decision": "approve"})
    assert response.status_code == 200
    assert 'data-error-code="posting_state"' in response.content.decode()


# --- the review page ------------------------------------------------------------------


def test_review_findings_are_highlighted_in_place(
    company_a: Organisation, bob: User, oscar: User
) -> None:
    text = "本科及以上，年龄35岁以下"
    version = _submit(company_a, bob, justification="岗位需要长期驻外出差", requirements=text)
    assert version.verdict == "review"
    finding = next(f for f in version.findings if f["field"] == "requirements")
    html = _client(oscar).get(_review_url(version)).content.decode()
    marked = text[finding["start"] : finding["end"]]
    assert 'data-finding="1" title="' in html
    assert f">{marked}</mark>" in html
    assert escape(finding["explanation"]) in html
    assert escape(finding["suggestion"]) in html
    assert "岗位需要长期驻外出差" in html
    assert 'id="justification"' in html


def test_highlight_keeps_the_text_and_skips_offsets_that_do_not_fit() -> None:
    findings: list[dict[str, Any]] = [
        {"start": 2, "end": 4},
        {"start": 3, "end": 6},
        {"start": 8, "end": 99},
    ]
    segments = highlight("0123456789", findings)
    assert "".join(s.text for s in segments) == "0123456789"
    assert [(s.text, s.finding is not None) for s in segments] == [
        ("01", False),
        ("23", True),
        ("45", True),
        ("6789", False),
    ]
    assert [f.get("placed", False) for f in findings] == [True, True, False]


def test_new_version_of_a_published_posting_shows_the_diff(
    company_a: Organisation, bob: User, oscar: User
) -> None:
    posting = publish(company_a, bob, oscar)
    actions.update_posting(
        posting, sample_content(title="高级 Python 工程师"), actor=cli_actor(bob)
    )
    version = actions.submit_posting(posting, actor=cli_actor(bob))
    response = _client(oscar).get(_review_url(version))
    changed = [row.key for row in response.context["content"] if row.changed]
    assert changed == ["title"]
    html = response.content.decode()
    assert 'id="live-notice"' in html
    assert 'data-field="title" class="is-changed"' in html
    assert "Python 后端开发工程师" in html  # the live title next to the new one


def test_history_lists_the_posting_events(pending: JobPostingVersion, rita: User) -> None:
    html = _client(rita).get(_review_url(pending)).content.decode()
    assert 'data-event="created"' in html
    assert 'data-event="submitted"' in html


# --- take-down ------------------------------------------------------------------------


def test_take_down_confirm_page_and_removal(
    company_a: Organisation, bob: User, oscar: User
) -> None:
    posting = publish(company_a, bob, oscar)
    client = _client(oscar)
    html = client.get(_take_down_url(posting)).content.decode()
    assert 'name="t-reasons"' in html
    assert "data-confirm=" in html
    response = client.post(_take_down_url(posting), {"t-reasons": ["fees"], "t-note": "收押金"})
    assert response.status_code == 302
    assert response["Location"] == _review_url(posting.live_version)
    assert not public_postings().exists()
    assert PostingEvent.objects.filter(posting=posting, kind="taken_down").exists()


def test_take_down_without_reasons_is_shown_on_the_form(
    company_a: Organisation, bob: User, oscar: User
) -> None:
    posting = publish(company_a, bob, oscar)
    response = _client(oscar).post(_take_down_url(posting), {"t-note": "x"})
    assert response.status_code == 200
    assert 'data-error-code="reasons_required"' in response.content.decode()
    assert list(public_postings()) == [posting]


def test_a_taken_down_posting_cannot_be_taken_down_again(
    company_a: Organisation, bob: User, oscar: User
) -> None:
    posting = publish(company_a, bob, oscar)
    actions.take_down(posting, oscar, reasons=["fees"], actor=cli_actor(oscar))
    client = _client(oscar)
    assert 'id="not-public"' in client.get(_take_down_url(posting)).content.decode()
    response = client.post(_take_down_url(posting), {"t-reasons": ["fees"]})
    assert response.status_code == 200
    assert 'data-error-code="posting_state"' in response.content.decode()


def test_review_page_links_to_take_down_for_published_postings(
    company_a: Organisation, bob: User, oscar: User
) -> None:
    posting = publish(company_a, bob, oscar)
    assert posting.live_version is not None
    html = _client(oscar).get(_review_url(posting.live_version)).content.decode()
    assert 'id="take-down-link"' in html


def test_ops_dashboard_counts_postings_waiting_for_review(
    pending: JobPostingVersion, oscar: User
) -> None:
    from django.urls import reverse

    html = _client(oscar).get(reverse("core:ops_dashboard")).content.decode()
    assert 'id="pending-postings" data-count="1"' in html

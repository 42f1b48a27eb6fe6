"""The verification desk pages: who may open them, the queue's filters and counts, the
review page's evidence, checks, decisions and display notices (VER-02…VER-07)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from rencai.accounts import actions as account_actions
from rencai.accounts.choices import Role
from rencai.audit.models import AuditEvent
from rencai.core.actors import cli_actor
from rencai.orgs import actions, ops_views
from rencai.orgs.choices import AuthorityMethod, OrgStatus, RequestStatus
from rencai.orgs.models import DisplayNotice, IndependentCheck, VerificationRequest
from rencai.orgs.queries import active_membership
from rencai.testing import orgs as org_seeds
from rencai.testing import personas

pytestmark = pytest.mark.django_db

BACKEND = "rencai.accounts.backends.RencaiBackend"
QUEUE = "/ops/verifications/"


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend=BACKEND)
    return client


def _submit(seed: org_seeds.OrgSeed) -> VerificationRequest:
    """Prepare ``seed``'s organisation and submit it; the request waits for review."""
    owner = personas.build(seed.owner)
    org = org_seeds.prepare(seed, owner)
    membership = active_membership(owner)
    return actions.submit_verification(
        org, membership, authority_method=AuthorityMethod.LETTER, actor=cli_actor(owner)
    )


def _review_url(vr: VerificationRequest) -> str:
    return f"/ops/verifications/{vr.pk}/"


def _document_url(vr: VerificationRequest, document_id) -> str:
    return f"/ops/verifications/{vr.pk}/documents/{document_id}"


@pytest.fixture
def pending_a(db) -> VerificationRequest:
    return _submit(org_seeds.COMPANY_A)


# --- who may open the pages -----------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("oscar", 200), ("rita", 200), ("bob", 403), ("alice", 403), ("audrey", 403), ("sam", 403)],
)
def test_queue_and_review_status_per_role(request, pending_a, persona, status) -> None:
    client = _client(request.getfixturevalue(persona))
    assert client.get(QUEUE).status_code == status
    assert client.get(_review_url(pending_a)).status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(pending_a) -> None:
    for url in (QUEUE, _review_url(pending_a)):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_unknown_request_is_404(oscar) -> None:
    client = _client(oscar)
    assert client.get("/ops/verifications/00000000-0000-4000-8000-000000000000/").status_code == 404


def test_reviewer_sees_the_forms_and_the_regulator_reads_only(pending_a, oscar, rita) -> None:
    html = _client(oscar).get(_review_url(pending_a)).content.decode()
    assert 'name="form" value="check"' in html
    assert 'name="form" value="decision"' in html
    assert 'value="reject" data-confirm=' in html

    html = _client(rita).get(_review_url(pending_a)).content.decode()
    assert 'name="form"' not in html
    assert 'id="read-only-notice"' in html
    assert pending_a.snapshot["uscc"] in html


def test_regulator_cannot_post_to_the_desk(pending_a, rita) -> None:
    response = _client(rita).post(
        _review_url(pending_a),
        {"form": "decision", "decision-decision": "reject", "decision-reasons": ["other"]},
    )
    assert response.status_code == 403
    pending_a.refresh_from_db()
    assert pending_a.status == RequestStatus.PENDING
    assert not AuditEvent.objects.filter(action="orgs.verification_decided").exists()


# --- the queue ------------------------------------------------------------------------


@pytest.fixture
def desk(company_a) -> dict[str, VerificationRequest]:
    """Company A verified (its request approved); company B and the agency waiting."""
    return {
        "approved": company_a.verification_requests.get(),
        "company_b": _submit(org_seeds.COMPANY_B),
        "agency": _submit(org_seeds.AGENCY),
    }


def _usccs(response) -> list[str]:
    return [vr.organisation.uscc for vr in response.context["page_obj"].object_list]


def test_queue_shows_pending_requests_oldest_first_with_counts(desk, oscar) -> None:
    response = _client(oscar).get(QUEUE)
    assert _usccs(response) == [org_seeds.COMPANY_B.uscc, org_seeds.AGENCY.uscc]
    counts = {tab["value"]: tab["count"] for tab in response.context["tabs"]}
    assert counts == {
        "pending": 2,
        "more_info": 0,
        "approved": 1,
        "rejected": 0,
        "withdrawn": 0,
        "all": 3,
    }
    html = response.content.decode()
    assert 'aria-current="page" data-status="pending"' in html
    assert f'href="/ops/verifications/{desk["agency"].pk}/"' in html


def test_queue_filters_by_status_kind_class_and_search(desk, oscar) -> None:
    client = _client(oscar)
    assert _usccs(client.get(QUEUE, {"status": "approved"})) == [org_seeds.COMPANY_A.uscc]
    assert len(_usccs(client.get(QUEUE, {"status": "all"}))) == 3
    assert _usccs(client.get(QUEUE, {"account_class": "agency"})) == [org_seeds.AGENCY.uscc]
    assert _usccs(client.get(QUEUE, {"kind": "change"})) == []
    assert _usccs(client.get(QUEUE, {"q": org_seeds.COMPANY_B.uscc.lower()})) == [
        org_seeds.COMPANY_B.uscc
    ]
    assert _usccs(client.get(QUEUE, {"q": "英才"})) == [org_seeds.AGENCY.uscc]
    # Unknown values are ignored rather than failing the page.
    assert len(_usccs(client.get(QUEUE, {"status": "bogus", "kind": "bogus"}))) == 2


def test_queue_empty_state_and_pagination_keep_the_filters(desk, oscar, monkeypatch) -> None:
    client = _client(oscar)
    empty = client.get(QUEUE, {"status": "withdrawn"})
    assert empty.status_code == 200
    assert b"empty-state" in empty.content

    monkeypatch.setattr(ops_views, "PAGE_SIZE", 1)
    first = client.get(QUEUE, {"account_class": "employer", "status": "all"})
    assert _usccs(first) == [org_seeds.COMPANY_A.uscc]
    assert "status=all&amp;account_class=employer&amp;page=2" in first.content.decode()
    second = client.get(QUEUE, {"account_class": "employer", "status": "all", "page": 2})
    assert _usccs(second) == [org_seeds.COMPANY_B.uscc]


def test_queue_query_count_does_not_grow_with_rows(
    company_a, oscar, django_assert_max_num_queries
) -> None:
    client = _client(oscar)
    client.get(QUEUE, {"status": "all"})  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as one_row:
        response = client.get(QUEUE, {"status": "all"})
    assert len(response.context["page_obj"].object_list) == 1

    first_b = _submit(org_seeds.COMPANY_B)
    _submit(org_seeds.AGENCY)
    actions.decide(
        first_b,
        oscar,
        decision="request_more",
        reasons=["licence_unreadable"],
        note="请上传清晰的营业执照。",
        actor=cli_actor(oscar),
    )
    dave = personas.build(personas.DAVE)
    first_b.organisation.refresh_from_db()
    actions.submit_verification(
        first_b.organisation,
        active_membership(dave),
        authority_method=AuthorityMethod.LETTER,
        actor=cli_actor(dave),
    )
    with django_assert_max_num_queries(len(one_row)):
        response = client.get(QUEUE, {"status": "all"})
    assert len(response.context["page_obj"].object_list) == 4


# --- evidence -------------------------------------------------------------------------


def test_review_page_shows_each_document_from_the_desk_url(pending_a, oscar, rita) -> None:
    documents = list(pending_a.documents.all())
    assert len(documents) == 2  # business licence and authorisation letter
    html = _client(oscar).get(_review_url(pending_a)).content.decode()
    for document in documents:
        url = _document_url(pending_a, document.pk)
        assert f'<img src="{url}"' in html
        assert f'href="{url}" target="_blank"' in html
    for user in (oscar, rita):
        response = _client(user).get(_document_url(pending_a, documents[0].pk))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response["X-Frame-Options"] == "SAMEORIGIN"
        body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
        assert body.startswith(b"\x89PNG")


def test_evidence_is_refused_to_everyone_else(pending_a, bob, alice) -> None:
    url = _document_url(pending_a, pending_a.documents.first().pk)
    # Bob submitted this request, but the desk's URL is for reviewers and the regulator.
    assert _client(bob).get(url).status_code == 403
    assert _client(alice).get(url).status_code == 403
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")


def test_a_document_of_another_request_is_not_found(pending_a, oscar) -> None:
    other = _submit(org_seeds.COMPANY_B)
    client = _client(oscar)
    foreign = other.documents.first().pk
    assert client.get(_document_url(pending_a, foreign)).status_code == 404
    assert client.get(_document_url(other, foreign)).status_code == 200
    missing = "00000000-0000-4000-8000-000000000000"
    assert client.get(_document_url(pending_a, missing)).status_code == 404


# --- checks and decisions -------------------------------------------------------------


def _post(client: Client, vr: VerificationRequest, data: dict[str, object]):
    return client.post(_review_url(vr), data)


def _registry_check(vr: VerificationRequest) -> dict[str, str]:
    return {
        "form": "check",
        "check-kind": "registry",
        "check-result": "confirmed",
        "check-registry_name": vr.snapshot["legal_name"],
        "check-registry_status": "存续（在营、开业、在册）",
        "check-reference": "GSXT-2026-0001",
    }


def test_reviewer_records_a_check_and_approves_through_the_page(pending_a, oscar) -> None:
    client = _client(oscar)
    response = _post(client, pending_a, _registry_check(pending_a))
    assert response.status_code == 302
    assert response["Location"] == _review_url(pending_a)
    check = IndependentCheck.objects.get(request=pending_a)
    assert (check.kind, check.result, check.performed_by) == ("registry", "confirmed", oscar)
    assert check.reference == "GSXT-2026-0001"
    assert "GSXT-2026-0001" in client.get(_review_url(pending_a)).content.decode()

    response = _post(client, pending_a, {"form": "decision", "decision-decision": "approve"})
    assert response.status_code == 302
    assert response["Location"] == QUEUE
    pending_a.refresh_from_db()
    assert pending_a.status == RequestStatus.APPROVED
    assert pending_a.decided_by == oscar
    assert pending_a.organisation.status == OrgStatus.VERIFIED
    queue = client.get(QUEUE)
    assert [m.level_tag for m in queue.context["messages"]] == ["success"]
    # A decided request is read-only, even for reviewers.
    html = client.get(_review_url(pending_a)).content.decode()
    assert 'name="form" value="decision"' not in html
    assert 'id="decision-summary"' in html


def test_check_with_missing_fields_shows_the_error_on_the_form(pending_a, oscar) -> None:
    response = _post(
        _client(oscar),
        pending_a,
        {"form": "check", "check-kind": "micro_deposit", "check-result": "confirmed"},
    )
    assert response.status_code == 200
    assert 'data-error-code="check_fields_invalid"' in response.content.decode()
    assert response.context["check_form"].errors["bank_name"]
    assert not IndependentCheck.objects.exists()


def test_rejection_without_reasons_shows_reasons_required(pending_a, oscar) -> None:
    response = _post(_client(oscar), pending_a, {"form": "decision", "decision-decision": "reject"})
    assert response.status_code == 200
    assert 'data-error-code="reasons_required"' in response.content.decode()
    assert response.context["decision_form"].errors["reasons"]
    pending_a.refresh_from_db()
    assert pending_a.status == RequestStatus.PENDING


def test_rejection_with_reasons(pending_a, oscar) -> None:
    response = _post(
        _client(oscar),
        pending_a,
        {
            "form": "decision",
            "decision-decision": "reject",
            "decision-reasons": ["licence_unreadable", "authority_unproven"],
        },
    )
    assert response.status_code == 302
    pending_a.refresh_from_db()
    assert pending_a.status == RequestStatus.REJECTED
    assert pending_a.reasons == ["licence_unreadable", "authority_unproven"]


def test_approving_without_a_check_shows_independent_check_required(pending_a, oscar) -> None:
    response = _post(
        _client(oscar), pending_a, {"form": "decision", "decision-decision": "approve"}
    )
    assert response.status_code == 200
    assert 'data-error-code="independent_check_required"' in response.content.decode()
    assert response.context["decision_form"].non_field_errors()
    pending_a.refresh_from_db()
    assert pending_a.status == RequestStatus.PENDING


def test_reviewer_who_is_a_member_cannot_review_their_organisation(pending_a, bob, sam) -> None:
    account_actions.grant_role(bob, Role.OPERATOR_REVIEWER, actor=cli_actor(sam))
    client = _client(bob)
    html = client.get(_review_url(pending_a)).content.decode()
    assert 'data-error-code="self_review_forbidden"' in html
    assert 'name="form" value="decision"' not in html

    response = _post(client, pending_a, _registry_check(pending_a))
    assert response.status_code == 200
    assert 'data-error-code="self_review_forbidden"' in response.content.decode()
    response = _post(client, pending_a, {"form": "decision", "decision-decision": "approve"})
    assert response.status_code == 200
    assert 'data-error-code="self_review_forbidden"' in response.content.decode()
    pending_a.refresh_from_db()
    assert pending_a.status == RequestStatus.PENDING
    assert not IndependentCheck.objects.filter(request=pending_a).exists()


def test_a_change_request_highlights_the_changed_details(company_a, oscar, bob) -> None:
    membership = active_membership(bob)
    vr = actions.submit_verification(
        company_a,
        membership,
        authority_method=AuthorityMethod.LETTER,
        changes=actions.ProposedChanges(registered_address="广东省深圳市南山区科技南路100号"),
        actor=cli_actor(bob),
    )
    response = _client(oscar).get(_review_url(vr))
    changed = [d for d in response.context["details"] if d.changed]
    assert [(d.value, d.current) for d in changed] == [
        ("广东省深圳市南山区科技南路100号", org_seeds.COMPANY_A.registered_address)
    ]
    html = response.content.decode()
    assert html.count('data-changed="true"') == 1
    # The earlier, approved request is linked from the registration file.
    first = company_a.verification_requests.get(number=1)
    assert f'href="/ops/verifications/{first.pk}/"' in html


# --- display notices ------------------------------------------------------------------


def test_reviewer_issues_and_resolves_a_display_notice(company_a, oscar, rita) -> None:
    vr = company_a.verification_requests.get()
    client = _client(oscar)
    page = client.get(_review_url(vr))
    assert page.context["deadline"] is not None
    assert 'id="notice-deadline"' in page.content.decode()

    response = _post(
        client, vr, {"form": "notice", "notice-reason": "单位简介与营业执照经营范围不一致"}
    )
    assert response.status_code == 302
    notice = DisplayNotice.objects.get(organisation=company_a)
    assert notice.deadline == page.context["deadline"].date
    assert notice.resolved_at is None

    html = _client(rita).get(_review_url(vr)).content.decode()
    assert "单位简介与营业执照经营范围不一致" in html
    assert 'value="resolve"' not in html

    response = _post(client, vr, {"form": "resolve", "notice_id": str(notice.pk)})
    assert response.status_code == 302
    assert DisplayNotice.objects.get(pk=notice.pk).resolved_at is not None
    # Resolving it again is refused on the page, not with a 500.
    again = _post(client, vr, {"form": "resolve", "notice_id": str(notice.pk)})
    assert again.status_code == 200
    assert 'data-error-code="display_notice_state"' in again.content.decode()


def test_too_short_notice_reason_is_refused_on_the_form(company_a, oscar) -> None:
    vr = company_a.verification_requests.get()
    response = _post(_client(oscar), vr, {"form": "notice", "notice-reason": "短"})
    assert response.status_code == 200
    assert 'data-error-code="note_required"' in response.content.decode()
    assert not DisplayNotice.objects.exists()


# --- the operators' dashboard ---------------------------------------------------------


def test_dashboard_shows_the_pending_count_and_links(pending_a, oscar, sam) -> None:
    html = _client(oscar).get("/ops/").content.decode()
    assert 'id="pending-verifications" data-count="1"' in html
    assert 'href="/ops/verifications/"' in html
    assert 'href="/ops/abnormal-list/"' in html
    html = _client(sam).get("/ops/").content.decode()
    assert 'id="verification-card"' not in html

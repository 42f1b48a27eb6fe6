"""HTML pages of rights requests: filing with the identity re-check (PI-18), the detail
with timeline and the refusal notice naming the right to complain or sue (PIPL Art 50),
withdrawal, cancellation, a relative's filing with evidence (PI-17), and the data
operators' queue, detail (PI-access record), steps, evidence and dashboard card."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from rencai.core.actors import Actor, Channel
from rencai.privacy import requests as actions
from rencai.privacy.choices import RefusalReason, RequestKind, RequestState
from rencai.privacy.models import PiAccessRecord, RightsRequest
from rencai.testing.sms import latest_code

pytestmark = pytest.mark.django_db

LIST = reverse("privacy:requests")
RELATIVE = reverse("privacy:request_relative")
QUEUE = reverse("privacy:ops_requests")
SHANGHAI = dt.timezone(dt.timedelta(hours=8))
PERSONAS = ["alice", "yan", "bob", "dave", "carol", "oscar", "sam", "audrey", "rita", "dana"]


def web(user) -> Actor:
    return Actor(user=user, ip="127.0.0.1", channel=Channel.WEB)


def filed(user, kind: str = RequestKind.EXPLANATION, **fields) -> RightsRequest:
    fields.setdefault("details", "请说明")
    return actions.submit_request(user, kind, actor=web(user), identity_confirmed=True, **fields)


def png(name: str) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def confirm(client, phone: str) -> None:
    url = reverse("accounts:confirm_identity")
    client.post(url, {"send": "1"})
    client.post(url, {"code": latest_code(phone)})


# --- the person's pages -----------------------------------------------------------------


def test_signed_out_visitors_are_sent_to_sign_in(client) -> None:
    response = client.get(LIST)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_page_lists_kinds_and_files_with_a_code(client, alice) -> None:
    client.force_login(alice)
    page = client.get(LIST)
    assert page.status_code == 200
    for kind in RequestKind.values:
        assert f'data-kind="{kind}"'.encode() in page.content
    assert b'id="identity-check"' in page.content
    missing = client.post(LIST, {"kind": "explanation", "details": "请说明"})
    assert missing.status_code == 200
    assert b'data-error-code="identity_check_required"' in missing.content
    sent = client.post(LIST, {"kind": "explanation", "details": "请说明", "send_code": "1"})
    assert sent.status_code == 200 and b"\xe8\xaf\xb7\xe8\xaf\xb4\xe6\x98\x8e" in sent.content
    done = client.post(
        LIST,
        {"kind": "explanation", "details": "请说明", "sms_code": latest_code("13800138001")},
    )
    request = RightsRequest.objects.get()
    assert done.status_code == 302
    assert done["Location"] == reverse("privacy:request", args=[request.reference])
    detail = client.get(done["Location"])
    assert b'data-state="received"' in detail.content
    assert b'id="withdraw-form"' in detail.content
    listing = client.get(LIST)
    assert f'data-reference="{request.reference}"'.encode() in listing.content


def test_a_recent_confirmation_needs_no_code(client, alice) -> None:
    client.force_login(alice)
    confirm(client, "13800138001")
    page = client.get(LIST)
    assert b'id="identity-confirmed"' in page.content
    response = client.post(LIST, {"kind": "correction", "details": "电话号码变了"})
    assert response.status_code == 302
    assert RightsRequest.objects.get().kind == RequestKind.CORRECTION


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "teleport"},
        {},
        {"kind": "withdrawal", "consent_purpose": "nonsense"},
        {"kind": "portability", "recipient_name": "x" * 500},
    ],
)
def test_bad_input_is_a_form_error_not_a_500(client, alice, data) -> None:
    client.force_login(alice)
    confirm(client, "13800138001")
    response = client.post(LIST, data)
    assert response.status_code == 200
    assert not RightsRequest.objects.exists()


def test_domain_errors_show_their_code(client, alice) -> None:
    client.force_login(alice)
    confirm(client, "13800138001")
    response = client.post(LIST, {"kind": "portability", "recipient_name": "某公司"})
    assert b'data-error-code="request_recipient_required"' in response.content


def test_other_peoples_and_unknown_references_are_404(client, alice, bob) -> None:
    request = filed(alice)
    client.force_login(bob)
    assert client.get(reverse("privacy:request", args=[request.reference])).status_code == 404
    withdraw = reverse("privacy:request_withdraw", args=[request.reference])
    assert client.post(withdraw).status_code == 404
    assert client.get(reverse("privacy:request", args=["DSR-1999-000001"])).status_code == 404
    request.refresh_from_db()
    assert request.state == RequestState.RECEIVED


def test_the_requester_withdraws(client, alice) -> None:
    request = filed(alice)
    client.force_login(alice)
    url = reverse("privacy:request_withdraw", args=[request.reference])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    request.refresh_from_db()
    assert request.state == RequestState.WITHDRAWN
    detail = client.get(reverse("privacy:request", args=[request.reference]))
    assert b'id="withdraw-form"' not in detail.content
    assert b'data-state="withdrawn"' in detail.content


def test_the_refusal_notice_names_the_right_to_complain_or_sue(client, alice, dana) -> None:
    request = filed(alice)
    actions.refuse_request(
        request, actor=web(dana), reason=RefusalReason.LEGAL_RETENTION, explanation="依法保存"
    )
    client.force_login(alice)
    page = client.get(reverse("privacy:request", args=[request.reference]))
    assert b"data-refusal-notice" in page.content
    assert b'data-right-to-complain="pipl-art-50"' in page.content
    assert b'data-complaint-channels="12377 12333"' in page.content
    assert b'data-litigation="peoples-court"' in page.content
    assert b'data-reason="legal_retention"' in page.content
    assert "依法保存".encode() in page.content
    assert b"12377" in page.content and b"12333" in page.content


def test_the_detail_shows_the_due_date_across_national_day(client, alice) -> None:
    with time_machine.travel(dt.datetime(2026, 9, 28, 9, 0, tzinfo=SHANGHAI), tick=False):
        request = filed(alice)
    client.force_login(alice)
    page = client.get(reverse("privacy:request", args=[request.reference]))
    assert b'data-due="2026-10-23"' in page.content
    assert b'data-provisional="0"' in page.content


def test_a_copy_shows_the_export_status(client, alice) -> None:
    request = filed(alice, RequestKind.ACCESS, details="")
    client.force_login(alice)
    page = client.get(reverse("privacy:request", args=[request.reference]))
    assert page.status_code == 200
    assert b'data-state="completed"' in page.content
    assert b'id="export-status"' in page.content


def test_cancellation_on_the_web_signs_the_person_out(client, alice) -> None:
    client.force_login(alice)
    confirm(client, "13800138001")
    response = client.post(LIST, {"kind": "cancellation"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    alice.refresh_from_db()
    assert alice.cancelled_at is not None and not alice.is_active
    assert client.get(LIST).status_code == 302


# --- relatives ---------------------------------------------------------------------------


def relative_data(**changes):
    data = {
        "kind": "access",
        "deceased_phone": "13800138001",
        "deceased_name": "王爱丽",
        "relationship": "parent",
        "relative_name": "王建国",
        "details": "整理遗物",
        "death_proof": png("death.png"),
        "relationship_proof": png("family.png"),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_a_relative_files_with_evidence(client, alice, bob) -> None:
    client.force_login(bob)
    confirm(client, "13800138003")
    assert client.get(RELATIVE).status_code == 200
    response = client.post(RELATIVE, relative_data())
    assert response.status_code == 302, response.content
    request = RightsRequest.objects.get()
    assert request.subject == alice and request.requester == bob and request.by_relative
    page = client.get(response["Location"])
    assert b'data-state="received"' in page.content


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"death_proof": None}, "relative_evidence_required"),
        ({"deceased_name": "张三"}, "deceased_not_found"),
        ({"kind": "cancellation"}, ""),
    ],
)
def test_relative_form_errors(client, alice, bob, changes, code) -> None:
    client.force_login(bob)
    confirm(client, "13800138003")
    response = client.post(RELATIVE, relative_data(**changes))
    assert response.status_code == 200
    if code:
        assert f'data-error-code="{code}"'.encode() in response.content
    assert not RightsRequest.objects.exists()


# --- the operators' pages ------------------------------------------------------------------


@pytest.mark.parametrize("persona", [*PERSONAS, None])
def test_ops_pages_role_matrix(request, client, alice, persona) -> None:
    target = filed(alice, RequestKind.CORRECTION, details="x")
    user = request.getfixturevalue(persona) if persona else None
    if user is not None:
        client.force_login(user)
    detail = reverse("privacy:ops_request", args=[target.reference])
    step = reverse("privacy:ops_request_step", args=[target.reference, "verify"])
    if user is None:
        for url in (QUEUE, detail):
            assert client.get(url).status_code == 302
        assert client.post(step).status_code == 302
    else:
        reader = persona in {"dana", "audrey"}
        assert client.get(QUEUE).status_code == (200 if reader else 403)
        assert client.get(detail).status_code == (200 if reader else 403)
        records = PiAccessRecord.objects.count()
        assert client.post(step).status_code == (302 if persona == "dana" else 403)
        assert PiAccessRecord.objects.count() == records
    target.refresh_from_db()
    expected = RequestState.VERIFYING if persona == "dana" else RequestState.RECEIVED
    assert target.state == expected


def test_the_queue_highlights_overdue_and_due_soon(client, alice, bob, dana) -> None:
    with time_machine.travel(dt.datetime(2026, 9, 28, 9, 0, tzinfo=SHANGHAI), tick=False):
        late = filed(alice)
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, 0, tzinfo=SHANGHAI), tick=False):
        soon = filed(bob)  # received in the holiday: 8–10, 12–16, 19–23, 26, 27 Oct
    client.force_login(dana)
    with time_machine.travel(dt.datetime(2026, 10, 26, 9, 0, tzinfo=SHANGHAI), tick=False):
        page = client.get(QUEUE)
        overdue_only = client.get(QUEUE + "?overdue=on")
        dashboard = client.get(reverse("core:ops_dashboard"))
    assert soon.due_date == dt.date(2026, 10, 27)
    content = page.content.decode()
    assert f'data-reference="{late.reference}"' in content
    late_row = content.split(f'data-reference="{late.reference}"')[1].split(">")[0]
    soon_row = content.split(f'data-reference="{soon.reference}"')[1].split(">")[0]
    assert 'data-overdue="1"' in late_row
    assert 'data-due-soon="1"' in soon_row
    assert content.index(late.reference) < content.index(soon.reference)
    assert soon.reference.encode() not in overdue_only.content
    assert b'id="requests-card"' in dashboard.content
    assert b'id="overdue-requests" data-count="1"' in dashboard.content


def test_the_dashboard_card_is_hidden_without_the_role(client, oscar) -> None:
    client.force_login(oscar)
    dashboard = client.get(reverse("core:ops_dashboard"))
    assert dashboard.status_code == 200
    assert b'id="requests-card"' not in dashboard.content


def test_opening_a_request_records_a_pi_access(client, alice, dana) -> None:
    target = filed(alice)
    client.force_login(dana)
    page = client.get(reverse("privacy:ops_request", args=[target.reference]))
    assert page.status_code == 200
    assert b'data-action="privacy.rights_request_received"' in page.content
    record = PiAccessRecord.objects.get()
    assert record.accessor == dana and record.subject == alice
    assert record.purpose == "rights_request"


def test_the_operator_completes_and_refuses_on_the_page(client, alice, bob, dana) -> None:
    correction = filed(alice, RequestKind.CORRECTION, details="x")
    explanation = filed(bob)
    client.force_login(dana)

    def step(request, name, data=None):
        url = reverse("privacy:ops_request_step", args=[request.reference, name])
        return client.post(url, data or {})

    assert step(correction, "assign").status_code == 302
    assert step(correction, "start").status_code == 302
    empty = step(correction, "complete", {"response": ""})
    assert empty.status_code == 400
    assert step(correction, "complete", {"response": "已更正"}).status_code == 302
    correction.refresh_from_db()
    assert correction.state == RequestState.COMPLETED and correction.assigned_to == dana
    wrong = step(correction, "verify")
    assert wrong.status_code == 409 and b'data-error-code="request_wrong_state"' in wrong.content
    unexplained = step(explanation, "refuse", {"reason": "other", "explanation": ""})
    assert unexplained.status_code == 400
    assert b'data-error-code="refusal_explanation_required"' in unexplained.content
    assert step(explanation, "refuse", {"reason": "others_rights"}).status_code == 302
    explanation.refresh_from_db()
    assert explanation.state == RequestState.REFUSED
    assert (
        client.post(
            reverse("privacy:ops_request_step", args=[explanation.reference, "explode"])
        ).status_code
        == 404
    )


def test_portability_token_is_shown_once_on_the_page(client, alice, dana) -> None:
    request = filed(
        alice, RequestKind.PORTABILITY, recipient_name="某公司", recipient_contact="hr@x.example"
    )
    client.force_login(dana)
    page = client.get(reverse("privacy:ops_request", args=[request.reference]))
    assert b'id="portability-count" data-count="0"' in page.content
    started = client.post(reverse("privacy:ops_request_step", args=[request.reference, "start"]))
    assert started.status_code == 200 and b'id="recipient-token"' in started.content
    again = client.get(reverse("privacy:ops_request", args=[request.reference]))
    assert b'id="recipient-token"' not in again.content


def test_evidence_is_served_to_operators_only(client, alice, bob, dana, oscar) -> None:
    from rencai.files.choices import DOCUMENT_KINDS
    from rencai.files.inspect import check_bytes

    def proof(name):
        return check_bytes(png(name).read(), name, accept=DOCUMENT_KINDS)

    request = actions.submit_relative_request(
        bob,
        RequestKind.ACCESS,
        actor=web(bob),
        deceased_phone="13800138001",
        deceased_name="王爱丽",
        relationship="spouse",
        relative_name="薄建国",
        death_proof=proof("d.png"),
        relationship_proof=proof("r.png"),
        identity_confirmed=True,
    )
    url = reverse("privacy:ops_request_evidence", args=[request.reference, "death"])
    client.force_login(oscar)
    assert client.get(url).status_code == 403
    client.force_login(dana)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    bad = reverse("privacy:ops_request_evidence", args=[request.reference, "other"])
    assert client.get(bad).status_code == 404
    detail = client.get(reverse("privacy:ops_request", args=[request.reference]))
    assert b'data-instruction="none"' in detail.content

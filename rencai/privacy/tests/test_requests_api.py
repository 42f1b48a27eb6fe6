"""API of rights requests (/api/v1/me/privacy/requests, /api/v1/operator/privacy/requests):
the contract, the identity re-check by ``sms_code`` (PI-18), and a role matrix over every
persona for every route with the exact status and no change on 401/403/404."""

from __future__ import annotations

import pytest

from rencai.accounts.actions import send_reauth_code
from rencai.audit.models import AuditEvent
from rencai.core.actors import Actor, Channel
from rencai.privacy import requests as actions
from rencai.privacy.choices import RequestKind, RequestState
from rencai.privacy.models import PiAccessRecord, RightsRequest
from rencai.testing.sms import latest_code

pytestmark = pytest.mark.django_db

PERSONAS = ["alice", "yan", "bob", "dave", "carol", "oscar", "sam", "audrey", "rita", "dana"]
QUEUE_READERS = {"dana", "audrey"}
HANDLERS = {"dana"}


def web(user) -> Actor:
    return Actor(user=user, ip="127.0.0.1", channel=Channel.WEB)


def filed(user, kind: str = RequestKind.EXPLANATION, **fields) -> RightsRequest:
    fields.setdefault("details", "请说明")
    return actions.submit_request(user, kind, actor=web(user), identity_confirmed=True, **fields)


def snapshot() -> tuple[object, ...]:
    return (
        sorted(RightsRequest.objects.values_list("reference", "state", "assigned_to_id")),
        AuditEvent.objects.count(),
        PiAccessRecord.objects.count(),
    )


def test_filing_through_the_api_with_a_code(api_as, alice) -> None:
    client = api_as(alice)
    assert client.post("me/reauth-code").status_code == 200
    response = client.post(
        "me/privacy/requests",
        {"kind": "explanation", "sms_code": latest_code("13800138001"), "details": "请说明"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["reference"].startswith("DSR-")
    assert body["state"] == "received"
    assert body["complaint_rights"] is False
    assert [step["state"] for step in body["timeline"]] == ["received"]
    listed = client.get("me/privacy/requests").json()
    assert listed["total"] == 1 and listed["items"][0]["reference"] == body["reference"]
    one = client.get(f"me/privacy/requests/{body['reference']}")
    assert one.status_code == 200 and one.json()["due_date"] == body["due_date"]


def test_a_copy_filed_by_api_is_completed_with_its_export(api_as, alice) -> None:
    client = api_as(alice)
    send_reauth_code(alice, actor=web(alice))
    response = client.post(
        "me/privacy/requests", {"kind": "access", "sms_code": latest_code("13800138001")}
    )
    assert response.status_code == 201
    assert response.json()["state"] == "completed"
    assert response.json()["export_id"] is not None


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"kind": "explanation", "sms_code": "", "details": "x"}, 400, "identity_check_required"),
        ({"kind": "explanation", "sms_code": "123456", "details": "x"}, 400, "code_invalid"),
        ({"kind": "teleport", "sms_code": "123456"}, 400, "request_kind_invalid"),
        ({"kind": "explanation", "sms_code": "1", "surprise": 1}, 422, None),
        ({"kind": "explanation"}, 422, None),
    ],
)
def test_bad_bodies_are_refused_without_500(api_as, alice, body, status, code) -> None:
    response = api_as(alice).post("me/privacy/requests", body)
    assert response.status_code == status, response.content
    if code:
        assert response.json()["code"] == code
    assert not RightsRequest.objects.exists()


def test_unknown_and_foreign_references_are_404(api_as, alice, bob) -> None:
    mine = filed(alice)
    assert api_as(bob).get(f"me/privacy/requests/{mine.reference}").status_code == 404
    assert api_as(alice).get("me/privacy/requests/DSR-1999-000001").status_code == 404
    assert api_as(alice).get("me/privacy/requests/" + "x" * 300).status_code == 404


def test_the_operator_works_a_request_through_the_api(api_as, alice, dana) -> None:
    request = filed(alice, RequestKind.CORRECTION, details="学历写错了")
    client = api_as(dana)
    queue = client.get("operator/privacy/requests?kind=correction")
    assert queue.status_code == 200 and queue.json()["total"] == 1
    base = f"operator/privacy/requests/{request.reference}"
    detail = client.get(base)
    assert detail.status_code == 200
    assert PiAccessRecord.objects.filter(accessor=dana, subject=alice).count() == 1
    assert client.post(f"{base}/assign").json()["assigned_to_id"] == str(dana.pk)
    assert client.post(f"{base}/verify").json()["state"] == "verifying"
    assert client.post(f"{base}/start").json()["state"] == "in_progress"
    bad = client.post(f"{base}/complete", {"response": " "})
    assert bad.status_code == 400 and bad.json()["code"] == "request_response_required"
    done = client.post(f"{base}/complete", {"response": "已更正"})
    assert done.status_code == 200 and done.json()["state"] == "completed"
    events = [e["action"] for e in done.json()["events"]]
    assert events[-1] == "privacy.rights_request_completed"
    again = client.post(f"{base}/refuse", {"reason": "other", "explanation": "x"})
    assert again.status_code == 409 and again.json()["code"] == "request_wrong_state"


def test_refusal_through_the_api_carries_the_complaint_flag(api_as, alice, dana) -> None:
    request = filed(alice)
    base = f"operator/privacy/requests/{request.reference}"
    bad = api_as(dana).post(f"{base}/refuse", {"reason": "nope"})
    assert bad.status_code == 400 and bad.json()["code"] == "refusal_reason_invalid"
    response = api_as(dana).post(f"{base}/refuse", {"reason": "excessive_repeat"})
    assert response.status_code == 200
    mine = api_as(alice).get(f"me/privacy/requests/{request.reference}").json()
    assert mine["state"] == "refused" and mine["refusal_reason"] == "excessive_repeat"
    assert mine["complaint_rights"] is True


def test_portability_start_returns_the_token_once(api_as, alice, dana) -> None:
    request = filed(
        alice,
        RequestKind.PORTABILITY,
        recipient_name="某公司",
        recipient_contact="hr@example.com",
    )
    client = api_as(dana)
    base = f"operator/privacy/requests/{request.reference}"
    assert client.get(base).json()["portability_count"] == 0
    started = client.post(f"{base}/start").json()
    assert len(started["recipient_token"]) >= 32
    assert client.get(base).json()["recipient_token"] == ""


def test_queue_filters_and_pagination(api_as, alice, bob, dana) -> None:
    filed(alice)
    filed(bob, RequestKind.CORRECTION, details="x")
    client = api_as(dana)
    page = client.get("operator/privacy/requests?page_size=1")
    assert page.json()["total"] == 2 and len(page.json()["items"]) == 1
    assert client.get("operator/privacy/requests?overdue=true").json()["total"] == 0
    assert client.get("operator/privacy/requests?state=completed").json()["total"] == 0
    assert client.get("operator/privacy/requests?page_size=500").status_code == 400


@pytest.mark.parametrize("persona", [*PERSONAS, None])
def test_role_matrix(request, api_as, alice, persona) -> None:
    """Every persona on every route: exact status; nothing changes on 401/403/404."""
    user = request.getfixturevalue(persona) if persona else None
    target = filed(alice)
    client = api_as(user)
    ref = target.reference
    own = persona == "alice"
    signed_in = user is not None

    def check(method: str, path: str, expected: int, body=None) -> None:
        before = snapshot()
        response = client.call(method, path, body)
        assert response.status_code == expected, (persona, method, path, response.content)
        if expected in (401, 403, 404):
            assert snapshot() == before, (persona, method, path)

    check("GET", "me/privacy/requests", 200 if signed_in else 401)
    check(
        "POST",
        "me/privacy/requests",
        400 if signed_in else 401,
        {"kind": "correction", "sms_code": "", "details": "x"},
    )
    check("GET", f"me/privacy/requests/{ref}", 200 if own else 404 if signed_in else 401)
    reader = 200 if persona in QUEUE_READERS else 403 if signed_in else 401
    check("GET", "operator/privacy/requests", reader)
    check("GET", f"operator/privacy/requests/{ref}", reader)
    handler_status = 403 if signed_in else 401
    if persona in HANDLERS:
        check("POST", f"operator/privacy/requests/{ref}/assign", 200)
        check("POST", f"operator/privacy/requests/{ref}/verify", 200)
        check("POST", f"operator/privacy/requests/{ref}/start", 200)
        check("POST", f"operator/privacy/requests/{ref}/complete", 200, {"response": "答复"})
        check(
            "POST",
            f"operator/privacy/requests/{ref}/refuse",
            409,
            {"reason": "other", "explanation": "x"},
        )
    else:
        for step in ("assign", "verify", "start"):
            check("POST", f"operator/privacy/requests/{ref}/{step}", handler_status)
        check(
            "POST",
            f"operator/privacy/requests/{ref}/complete",
            handler_status,
            {"response": "答复"},
        )
        check(
            "POST",
            f"operator/privacy/requests/{ref}/refuse",
            handler_status,
            {"reason": "other", "explanation": "x"},
        )
    withdraw = f"me/privacy/requests/{ref}/withdraw"
    if own:
        check("POST", withdraw, 200)
    else:
        expected_state = RightsRequest.objects.get(pk=target.pk).state
        check("POST", withdraw, 404 if signed_in else 401)
        assert RightsRequest.objects.get(pk=target.pk).state == expected_state
    if persona in HANDLERS:
        assert RightsRequest.objects.get(pk=target.pk).state == RequestState.COMPLETED

"""The conversations API: role matrix on every endpoint (status and nothing changed for
denied roles), FRD-05 warnings, DIS-05 refusal, read receipts, block, report, call numbers,
query counts on the list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from rencai.accounts.models import User
from rencai.applications.models import Application
from rencai.audit.models import AuditEvent
from rencai.core.actors import cli_actor
from rencai.jobs.models import JobPosting
from rencai.messaging import actions
from rencai.messaging.models import Conversation, Message, VirtualNumber
from rencai.moderation.models import Report
from rencai.testing import messaging as builders

pytestmark = pytest.mark.usefixtures("outsiders")

ROLES = ["alice", "bob", "dave", "carol", "oscar", "anonymous"]


def _client(request: pytest.FixtureRequest, api_as: Callable[..., Any], role: str) -> Any:
    if role == "anonymous":
        return api_as(None)
    return api_as(request.getfixturevalue(role))


def _expected(role: str, allowed: dict[str, int], denied: int = 404) -> int:
    if role == "anonymous":
        return 401
    return allowed.get(role, denied)


def _snapshot() -> tuple[int, int, int, int]:
    return (
        Message.objects.count(),
        Report.objects.count(),
        VirtualNumber.objects.count(),
        Conversation.objects.exclude(blocked_by="").count(),
    )


@pytest.mark.parametrize("role", ROLES)
def test_detail_role_matrix(
    request: pytest.FixtureRequest, api_as: Any, conversation: Conversation, role: str
) -> None:
    response = _client(request, api_as, role).get(f"conversations/{conversation.pk}")
    assert response.status_code == _expected(role, {"alice": 200, "bob": 200})
    if response.status_code == 200:
        assert response.json()["side"] == ("seeker" if role == "alice" else "organisation")


@pytest.mark.parametrize("role", ROLES)
def test_send_role_matrix(
    request: pytest.FixtureRequest, api_as: Any, conversation: Conversation, role: str
) -> None:
    before = _snapshot()
    response = _client(request, api_as, role).post(
        f"conversations/{conversation.pk}/messages", {"body": "你好"}
    )
    status = _expected(role, {"alice": 201, "bob": 201})
    assert response.status_code == status
    if status != 201:
        assert _snapshot() == before


@pytest.mark.parametrize("role", ROLES)
def test_list_role_matrix(
    request: pytest.FixtureRequest, api_as: Any, conversation: Conversation, role: str
) -> None:
    response = _client(request, api_as, role).get("conversations")
    if role == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 200
    ids = [item["id"] for item in response.json()["items"]]
    assert ids == ([str(conversation.pk)] if role in ("alice", "bob") else [])


@pytest.mark.parametrize(
    ("path", "body", "allowed"),
    [
        ("read", {}, {"alice": 200, "bob": 200}),
        ("block", {}, {"alice": 200, "bob": 200}),
        ("reports", {"category": "fees_fraud", "details": "要钱"}, {"alice": 201, "bob": 201}),
        ("call-number", {}, {"alice": 403, "bob": 201}),
    ],
)
@pytest.mark.parametrize("role", ROLES)
def test_conversation_actions_role_matrix(
    request: pytest.FixtureRequest,
    api_as: Any,
    conversation: Conversation,
    role: str,
    path: str,
    body: dict[str, str],
    allowed: dict[str, int],
) -> None:
    before = _snapshot()
    response = _client(request, api_as, role).post(f"conversations/{conversation.pk}/{path}", body)
    status = _expected(role, allowed)
    assert response.status_code == status, response.content
    if status >= 400:
        assert _snapshot() == before


@pytest.mark.parametrize("role", ROLES)
def test_open_role_matrix(
    request: pytest.FixtureRequest, api_as: Any, application: Application, role: str
) -> None:
    response = _client(request, api_as, role).post(
        "conversations/open", {"application_id": str(application.pk)}
    )
    status = _expected(role, {"alice": 200, "bob": 200})
    assert response.status_code == status
    assert Conversation.objects.count() == (1 if status == 200 else 0)


@pytest.mark.parametrize("role", ROLES)
def test_attachment_role_matrix(
    request: pytest.FixtureRequest,
    api_as: Any,
    conversation: Conversation,
    alice: User,
    role: str,
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from rencai.testing.orgs import demo_image

    upload = SimpleUploadedFile("作品.png", demo_image("作品"), content_type="image/png")
    message = actions.send_message(
        conversation, "作品集", attachment=upload, actor=cli_actor(alice)
    )
    response = _client(request, api_as, role).get(
        f"conversations/{conversation.pk}/messages/{message.pk}/attachment"
    )
    assert response.status_code == _expected(role, {"alice": 200, "bob": 200})
    if response.status_code == 200:
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"


def test_upload_through_the_api(api_as: Any, conversation: Conversation, alice: User) -> None:
    from rencai.testing.orgs import demo_image

    client = api_as(alice).client
    response = client.post(
        f"/api/v1/conversations/{conversation.pk}/attachments",
        {"file": _named("cv.png", demo_image("cv")), "body": "我的作品"},
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["attachment"]["content_type"] == "image/png"
    assert data["body"] == "我的作品"
    bad = client.post(
        f"/api/v1/conversations/{conversation.pk}/attachments",
        {"file": _named("x.png", b"MZ\x90\x00not an image")},
    )
    assert bad.status_code == 400
    assert Message.objects.count() == 1


def _named(name: str, data: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_frd05_warning_card_reaches_the_seeker_only(
    api_as: Any, conversation: Conversation, alice: User, bob: User
) -> None:
    sent = api_as(bob).post(
        f"conversations/{conversation.pk}/messages", {"body": "先交300元服装费"}
    )
    assert sent.status_code == 201
    assert sent.json()["safety_warnings"] == []  # the employer is not shown the card
    seen = api_as(alice).get(f"conversations/{conversation.pk}").json()["messages"]
    assert [w["category"] for w in seen[0]["safety_warnings"]] == ["fee_deposit"]
    assert seen[0]["safety_warnings"][0]["text"]


def test_dis05_question_is_refused_with_warnings(
    api_as: Any, conversation: Conversation, bob: User
) -> None:
    response = api_as(bob).post(
        f"conversations/{conversation.pk}/messages", {"body": "请问你是否已婚？有无生育计划？"}
    )
    assert response.status_code == 400
    data = response.json()
    assert data["code"] == "discriminatory_question"
    assert {w["category"] for w in data["warnings"]} == {"marital_childbearing"}
    assert Message.objects.count() == 0


def test_read_receipts_through_the_api(
    api_as: Any, conversation: Conversation, alice: User, bob: User
) -> None:
    api_as(bob).post(f"conversations/{conversation.pk}/messages", {"body": "您好"})
    listed = api_as(alice).get("conversations").json()["items"][0]
    assert listed["unread"] == 1
    assert api_as(alice).get("conversations/unread").json() == {"seeker": 1, "organisation": 0}
    before = api_as(bob).get(f"conversations/{conversation.pk}").json()["messages"][0]
    assert before["read"] is False
    assert api_as(alice).post(f"conversations/{conversation.pk}/read").json()["unread"] == 0
    after = api_as(bob).get(f"conversations/{conversation.pk}").json()["messages"][0]
    assert after["read"] is True


def test_blocked_conversation_refuses_messages(
    api_as: Any, conversation: Conversation, alice: User, bob: User
) -> None:
    assert api_as(alice).post(f"conversations/{conversation.pk}/block").status_code == 200
    response = api_as(bob).post(f"conversations/{conversation.pk}/messages", {"body": "?"})
    assert response.status_code == 403
    assert response.json()["code"] == "conversation_blocked"
    assert api_as(bob).post(f"conversations/{conversation.pk}/unblock").status_code == 403
    assert api_as(alice).post(f"conversations/{conversation.pk}/unblock").status_code == 200
    assert Message.objects.count() == 0


def test_call_number_is_virtual_and_audited(
    api_as: Any, conversation: Conversation, alice: User, bob: User
) -> None:
    response = api_as(bob).post(f"conversations/{conversation.pk}/call-number")
    assert response.status_code == 201
    number = response.json()["number"]
    assert number.startswith("+86170000")
    assert alice.phone not in number and alice.phone[-8:] not in number
    again = api_as(bob).post(f"conversations/{conversation.pk}/call-number").json()
    assert again["number"] == number  # reused while it lives
    event = AuditEvent.objects.get(action="messaging.virtual_number_allocated")
    assert alice.phone not in str(event.after)
    assert event.after["number"] == number


def test_no_call_number_for_an_invitation(
    api_as: Any, posting: JobPosting, alice: User, bob: User
) -> None:
    invitation = builders.invitation(alice, posting, bob)
    conversation = builders.conversation(invitation, bob)
    response = api_as(bob).post(f"conversations/{conversation.pk}/call-number")
    assert response.status_code == 403
    assert response.json()["code"] == "virtual_number_application_only"
    detail = api_as(bob).get(f"conversations/{conversation.pk}").json()
    assert detail["counterpart"] != alice.display_name  # masked before she applies (PI-07)
    assert detail["counterpart"].startswith(alice.display_name[0])


def test_inbox_query_count_does_not_grow_with_conversations(
    api_as: Any,
    posting: JobPosting,
    bob: User,
    django_assert_num_queries: Any,
    db: None,
) -> None:
    from rencai.testing import personas

    seekers = [personas.build(personas.ALICE), personas.build(personas.YAN)]
    for seeker in seekers:
        conversation = builders.conversation(builders.application(seeker, posting), seeker)
        actions.send_message(conversation, "您好", actor=cli_actor(seeker))
    client = api_as(bob)
    client.get("conversations")  # warm the session
    # session, user, membership (side), membership (inbox), count, rows: the same for
    # any number of conversations (subject, counterpart, unread and preview are joined)
    with django_assert_num_queries(6):
        response = client.get("conversations")
    assert response.json()["total"] == 2


@pytest.mark.parametrize("role", ROLES)
def test_composer_check_role_matrix(
    request: pytest.FixtureRequest, api_as: Any, conversation: Conversation, role: str
) -> None:
    before = _snapshot()
    response = _client(request, api_as, role).post(
        f"conversations/{conversation.pk}/check", {"body": "请问有无生育计划？"}
    )
    assert response.status_code == _expected(role, {"alice": 200, "bob": 200})
    if role == "bob":
        assert [w["category"] for w in response.json()["warnings"]] == ["marital_childbearing"]
    if role == "alice":
        assert response.json()["warnings"] == []
    assert _snapshot() == before


@pytest.mark.parametrize("role", ROLES)
def test_unread_unblock_and_upload_role_matrix(
    request: pytest.FixtureRequest,
    api_as: Any,
    conversation: Conversation,
    alice: User,
    role: str,
) -> None:
    from rencai.testing.orgs import demo_image

    actions.block_conversation(conversation, actor=cli_actor(alice))
    before = _snapshot()
    client = _client(request, api_as, role)
    unread = client.get("conversations/unread")
    unblock = client.post(f"conversations/{conversation.pk}/unblock")
    upload = client.client.post(
        f"/api/v1/conversations/{conversation.pk}/attachments",
        {"file": _named("a.png", demo_image("a"))},
    )
    if role == "anonymous":
        assert {unread.status_code, unblock.status_code, upload.status_code} == {401}
    else:
        assert unread.status_code == 200
        expected = {"alice": 200, "bob": 403}.get(role, 404)
        assert unblock.status_code == expected
        # blocked (Bob) or unblocked by Alice and then sent; outsiders 404
        assert upload.status_code == {"alice": 201, "bob": 403}.get(role, 404)
    if role not in ("alice",):
        assert _snapshot() == before

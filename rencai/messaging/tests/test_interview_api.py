"""Interview and template endpoints: role matrix (status and nothing changed for denied
roles), the seeker's answers, the .ics download, scorecards and DIS-05 on templates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from rencai.accounts.models import User
from rencai.applications.models import Application
from rencai.audit.models import AuditEvent
from rencai.core.actors import cli_actor
from rencai.messaging import actions
from rencai.messaging.choices import InterviewMode
from rencai.messaging.models import Interview, InterviewSlot, InterviewTemplate, Scorecard
from rencai.orgs.models import Organisation
from rencai.testing import messaging as builders

pytestmark = pytest.mark.usefixtures("outsiders")

ROLES = ["alice", "bob", "dave", "carol", "oscar", "anonymous"]


def _client(request: pytest.FixtureRequest, api_as: Callable[..., Any], role: str) -> Any:
    return api_as(None if role == "anonymous" else request.getfixturevalue(role))


def _expected(role: str, allowed: dict[str, int]) -> int:
    return 401 if role == "anonymous" else allowed.get(role, 404)


def _state() -> tuple[Any, ...]:
    return (
        tuple(Interview.objects.order_by("pk").values_list("status", "starts_at", "round")),
        InterviewSlot.objects.count(),
        Scorecard.objects.count(),
        InterviewTemplate.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def interview(application: Application, bob: User) -> Interview:
    return builders.interview(application, bob)


@pytest.fixture
def confirmed(interview: Interview, alice: User) -> Interview:
    slot = interview.slots.order_by("starts_at").first()
    assert slot is not None
    return actions.accept_slot(interview, str(slot.pk), actor=cli_actor(alice))


@pytest.fixture
def template(company_a: Organisation, bob: User) -> InterviewTemplate:
    content = actions.TemplateContent(
        name="技术一面", mode=InterviewMode.VIDEO, questions=["介绍一个项目"]
    )
    return actions.create_template(company_a, content, actor=cli_actor(bob))


# --- seeker -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_seeker_list_and_detail_role_matrix(
    request: pytest.FixtureRequest, api_as: Any, interview: Interview, role: str
) -> None:
    client = _client(request, api_as, role)
    listed = client.get("me/interviews")
    detail = client.get(f"me/interviews/{interview.pk}")
    if role == "anonymous":
        assert (listed.status_code, detail.status_code) == (401, 401)
        return
    assert listed.status_code == 200
    assert [i["id"] for i in listed.json()["items"]] == (
        [str(interview.pk)] if role == "alice" else []
    )
    assert detail.status_code == _expected(role, {"alice": 200})
    if role == "alice":
        assert "questions" not in detail.json()  # the interviewers' questions stay inside


@pytest.mark.parametrize(
    ("path", "body"),
    [("accept", None), ("decline", {"note": ""}), ("reschedule", {"note": "周末可以"})],
)
@pytest.mark.parametrize("role", ROLES)
def test_seeker_answers_role_matrix(
    request: pytest.FixtureRequest,
    api_as: Any,
    interview: Interview,
    role: str,
    path: str,
    body: dict[str, str] | None,
) -> None:
    if body is None:
        body = {"slot_id": str(interview.slots.first().pk)}
    before = _state()
    response = _client(request, api_as, role).post(f"me/interviews/{interview.pk}/{path}", body)
    status = _expected(role, {"alice": 200})
    assert response.status_code == status, response.content
    if status != 200:
        assert _state() == before
    else:
        expected = {"accept": "accepted", "decline": "declined", "reschedule": "reschedule"}
        assert response.json()["status"] == expected[path]


@pytest.mark.parametrize("role", ROLES)
def test_seeker_ics_role_matrix(
    request: pytest.FixtureRequest, api_as: Any, confirmed: Interview, role: str
) -> None:
    response = _client(request, api_as, role).get(f"me/interviews/{confirmed.pk}/calendar.ics")
    assert response.status_code == _expected(role, {"alice": 200})
    if response.status_code == 200:
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert "attachment;" in response["Content-Disposition"]
        assert b"BEGIN:VEVENT" in response.content


def test_ics_before_confirmation_is_a_conflict(
    api_as: Any, interview: Interview, alice: User
) -> None:
    response = api_as(alice).get(f"me/interviews/{interview.pk}/calendar.ics")
    assert response.status_code == 409
    assert response.json()["code"] == "interview_not_scheduled"


# --- employer -----------------------------------------------------------------------------


def _create_body(application: Application) -> dict[str, Any]:
    return {
        "application_id": str(application.pk),
        "mode": "video",
        "video_link": "https://meet.example/r/7",
        "slots": [builders.future(2).isoformat(), builders.future(3).isoformat()],
        "questions": ["介绍一个项目"],
    }


@pytest.mark.parametrize("role", ROLES)
def test_create_role_matrix(
    request: pytest.FixtureRequest, api_as: Any, application: Application, role: str
) -> None:
    before = _state()
    response = _client(request, api_as, role).post("employer/interviews", _create_body(application))
    status = _expected(role, {"bob": 201})
    assert response.status_code == status, response.content
    if status != 201:
        assert _state() == before
    else:
        data = response.json()
        assert data["status"] == "proposed"
        assert len(data["slots"]) == 2
        assert data["candidate"]


def test_create_from_a_template(
    api_as: Any, application: Application, bob: User, template: InterviewTemplate
) -> None:
    body = _create_body(application)
    del body["mode"], body["questions"]
    body["template_id"] = str(template.pk)
    data = api_as(bob).post("employer/interviews", body).json()
    assert (data["mode"], data["questions"]) == ("video", ["介绍一个项目"])


def test_create_refuses_discriminatory_questions(
    api_as: Any, application: Application, bob: User
) -> None:
    body = {**_create_body(application), "questions": ["有无生育计划？"]}
    response = api_as(bob).post("employer/interviews", body)
    assert response.status_code == 400
    assert response.json()["code"] == "discriminatory_question"
    assert response.json()["findings"][0]["field"] == "questions.0"
    assert Interview.objects.count() == 0


def test_withdrawn_application_cannot_get_an_interview(
    api_as: Any, application: Application, bob: User
) -> None:
    Application.objects.filter(pk=application.pk).update(status="withdrawn")
    response = api_as(bob).post("employer/interviews", _create_body(application))
    assert response.status_code == 404
    assert Interview.objects.count() == 0


@pytest.mark.parametrize(
    ("method", "suffix", "body", "ok"),
    [
        ("get", "", None, 200),
        ("get", "/scorecards", None, 200),
        ("get", "/calendar.ics", None, 200),
        ("post", "/slots", "slots", 200),
        ("post", "/cancel", {"reason": "岗位已满"}, 200),
        ("put", "/scorecards/mine", {"rating": 4, "recommendation": "yes", "notes": "好"}, 200),
    ],
)
@pytest.mark.parametrize("role", ROLES)
def test_employer_interview_role_matrix(
    request: pytest.FixtureRequest,
    api_as: Any,
    confirmed: Interview,
    role: str,
    method: str,
    suffix: str,
    body: Any,
    ok: int,
) -> None:
    if body == "slots":
        body = {"slots": [builders.future(5).isoformat()]}
    before = _state()
    client = _client(request, api_as, role)
    path = f"employer/interviews/{confirmed.pk}{suffix}"
    response = client.call(method.upper(), path, body) if body is not None else client.get(path)
    status = _expected(role, {"bob": ok})
    assert response.status_code == status, response.content
    if status != ok:
        assert _state() == before


def test_complete_is_refused_before_the_start(
    api_as: Any, confirmed: Interview, bob: User, time_machine: Any
) -> None:
    response = api_as(bob).post(f"employer/interviews/{confirmed.pk}/complete")
    assert response.status_code == 409
    assert confirmed.starts_at is not None
    time_machine.move_to(confirmed.starts_at + dt.timedelta(hours=1), tick=False)
    done = api_as(bob).post(f"employer/interviews/{confirmed.pk}/complete")
    assert done.status_code == 200
    assert done.json()["status"] == "completed"


def test_scorecards_are_visible_to_members_only(
    api_as: Any, confirmed: Interview, alice: User, bob: User
) -> None:
    api_as(bob).call(
        "PUT",
        f"employer/interviews/{confirmed.pk}/scorecards/mine",
        {"rating": 5, "recommendation": "strong_yes", "notes": "沟通清晰"},
    )
    cards = api_as(bob).get(f"employer/interviews/{confirmed.pk}/scorecards").json()
    assert [(c["rating"], c["recommendation"]) for c in cards] == [(5, "strong_yes")]
    seeker_view = api_as(alice).get(f"me/interviews/{confirmed.pk}").json()
    assert "scorecards" not in seeker_view
    assert "沟通清晰" not in str(seeker_view)


# --- templates ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_templates_role_matrix(
    request: pytest.FixtureRequest, api_as: Any, template: InterviewTemplate, role: str
) -> None:
    client = _client(request, api_as, role)
    before = _state()
    listed = client.get("employer/interview-templates")
    one = client.get(f"employer/interview-templates/{template.pk}")
    put = client.call(
        "PUT",
        f"employer/interview-templates/{template.pk}",
        {"name": "技术二面", "mode": "onsite", "questions": ["系统设计"]},
    )
    if role == "anonymous":
        assert {listed.status_code, one.status_code, put.status_code} == {401}
    elif role == "bob":
        assert (listed.status_code, one.status_code, put.status_code) == (200, 200, 200)
        assert put.json()["name"] == "技术二面"
        assert client.delete(f"employer/interview-templates/{template.pk}").status_code == 204
        assert InterviewTemplate.objects.count() == 0
        return
    else:
        # Dave, Carol: their own (empty) list; Alice and Oscar have no organisation.
        assert listed.status_code == (200 if role in ("dave", "carol") else 404)
        if listed.status_code == 200:
            assert listed.json()["items"] == []
        assert (one.status_code, put.status_code) == (404, 404)
        assert client.delete(f"employer/interview-templates/{template.pk}").status_code == 404
    assert _state() == before


@pytest.mark.parametrize("question", ["是否已婚", "有无生育计划", "乙肝"])
def test_dis05_template_rejected_through_the_api(
    api_as: Any, company_a: Organisation, bob: User, question: str
) -> None:
    response = api_as(bob).post(
        "employer/interview-templates",
        {"name": "一面", "mode": "onsite", "questions": [question]},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "discriminatory_question"
    assert InterviewTemplate.objects.count() == 0


def test_interview_list_query_count(
    api_as: Any,
    application: Application,
    bob: User,
    django_assert_num_queries: Any,
) -> None:
    for _ in range(3):
        builders.interview(application, bob)
    client = api_as(bob)
    client.get("employer/interviews")
    # session, user, membership, count, rows, slots, interviewers (prefetches)
    with django_assert_num_queries(7):
        response = client.get("employer/interviews")
    assert response.json()["total"] == 3


@pytest.mark.parametrize("role", ROLES)
def test_remaining_employer_endpoints_role_matrix(
    request: pytest.FixtureRequest, api_as: Any, confirmed: Interview, role: str
) -> None:
    """The list, "mark as held" (409 for Bob: not started yet) and creating a template."""
    client = _client(request, api_as, role)
    before = _state()
    listed = client.get("employer/interviews")
    complete = client.post(f"employer/interviews/{confirmed.pk}/complete")
    created = client.post(
        "employer/interview-templates", {"name": "终面", "mode": "onsite", "questions": []}
    )
    if role == "anonymous":
        assert {listed.status_code, complete.status_code, created.status_code} == {401}
    elif role == "bob":
        assert [i["id"] for i in listed.json()["items"]] == [str(confirmed.pk)]
        assert complete.status_code == 409
        assert created.status_code == 201
        return
    elif role in ("dave", "carol"):
        assert listed.json()["items"] == []
        assert complete.status_code == 404
        assert created.status_code == 201  # a template of their own organisation
        assert InterviewTemplate.objects.get().organisation_id != confirmed.organisation_id
        return
    else:
        assert (listed.status_code, complete.status_code, created.status_code) == (404, 404, 404)
    assert _state() == before

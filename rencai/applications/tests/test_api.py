"""API of the applications app: role matrix on every endpoint (status, and nothing changed
for denied roles), consent on apply (PI-05), JOB-10, DIS-03 and DIS-04, query counts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from rencai.accounts.models import User
from rencai.applications.choices import ApplicationStatus, StageKind
from rencai.applications.models import Application, ApplicationNote, PipelineStage, StageChange
from rencai.applications.queries import first_stage, stages_of
from rencai.audit.models import AuditEvent
from rencai.jobs.models import JobPosting
from rencai.orgs.models import Organisation
from rencai.resumes.models import Resume
from rencai.testing import applications as seeds
from rencai.testing import jobs as job_seeds

Client = Callable[[User | None], Any]
PERSONAS = ["anonymous", "alice", "yan", "bob", "dave", "carol", "oscar", "rita"]


@pytest.fixture
def people(
    alice: User,
    yan: User,
    bob: User,
    dave: User,
    carol: User,
    oscar: User,
    rita: User,
    company_b: Organisation,
    agency: Organisation,
) -> dict[str, User | None]:
    """Everyone, with Dave's company B and Carol's agency built (members of other
    organisations, not outsiders without one)."""
    return {
        "anonymous": None,
        "alice": alice,
        "yan": yan,
        "bob": bob,
        "dave": dave,
        "carol": carol,
        "oscar": oscar,
        "rita": rita,
    }


@pytest.fixture
def application(alice: User, posting: JobPosting, resume: Resume) -> Application:
    return seeds.apply(alice, posting, resume)


def _state(application: Application) -> tuple[Any, ...]:
    application.refresh_from_db()
    return (
        application.status,
        application.stage_id,
        application.seen_by_org_at,
        application.notes.count(),
        application.history.count(),
    )


# --- the seeker's side -------------------------------------------------------------------


def test_pi05_notice_then_apply_records_consent(
    api_as: Client, alice: User, posting: JobPosting, resume: Resume, company_a: Organisation
) -> None:
    client = api_as(alice)
    notice = client.get(f"me/applications/notice?posting_id={posting.pk}&resume_id={resume.pk}")
    assert notice.status_code == 200
    body = notice.json()
    assert body["recipient"] == {"legal_name": company_a.legal_name, "uscc": company_a.uscc}
    assert body["client"] is None
    assert [c["code"] for c in body["categories"]][:2] == ["identity_contact", "basics"]
    response = client.post(
        "me/applications",
        {
            "posting_id": str(posting.pk),
            "resume_id": str(resume.pk),
            "notice_hash": body["hash"],
            "cover_note": "期待面试机会。",
        },
    )
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["stage"] == {"kind": "new", "label": created["stage"]["label"]}
    assert created["consent"]["recipient_uscc"] == company_a.uscc
    assert created["consent"]["text_hash"] == body["hash"]
    event = AuditEvent.objects.get(action="applications.consent_given")
    assert event.after["organisation"] == company_a.legal_name
    assert event.channel == "api"


@pytest.mark.parametrize("who", PERSONAS)
def test_apply_role_matrix(
    who: str,
    people: dict[str, User | None],
    api_as: Client,
    posting: JobPosting,
    resume: Resume,
) -> None:
    from rencai.applications.snapshot import consent_notice

    body = {
        "posting_id": str(posting.pk),
        "resume_id": str(resume.pk),
        "notice_hash": consent_notice(posting, resume).hash,
    }
    response = api_as(people[who]).post("me/applications", body)
    expected = {"anonymous": 401, "alice": 201}.get(who, 404)  # only Alice owns the resume
    assert response.status_code == expected
    assert Application.objects.count() == (1 if who == "alice" else 0)


def test_job10_minor_gets_403_on_minor_prohibited_job(
    api_as: Client, yan: User, bob: User, oscar: User, company_a: Organisation
) -> None:
    from rencai.applications.snapshot import consent_notice

    mining = job_seeds.publish(
        company_a,
        bob,
        oscar,
        title="井下采掘工",
        category="6-16",
        occupational_hazards="井下粉尘、噪声，配发防护用品",
        requirements="身体健康，持特种作业证者优先。",
    )
    resume = seeds.sample_resume(yan, full_name="严小燕", phone="", email="")
    response = api_as(yan).post(
        "me/applications",
        {
            "posting_id": str(mining.pk),
            "resume_id": str(resume.pk),
            "notice_hash": consent_notice(mining, resume).hash,
        },
    )
    assert response.status_code == 403
    assert response.json()["code"] == "minor_prohibited_job"
    assert not Application.objects.exists()


def test_non_seeker_with_own_resume_gets_403(
    api_as: Client, bob: User, posting: JobPosting
) -> None:
    from rencai.applications.snapshot import consent_notice

    own = seeds.sample_resume(bob, full_name="薄建国", phone="", email="")
    response = api_as(bob).post(
        "me/applications",
        {
            "posting_id": str(posting.pk),
            "resume_id": str(own.pk),
            "notice_hash": consent_notice(posting, own).hash,
        },
    )
    assert response.status_code == 403 and response.json()["code"] == "not_a_seeker"


def test_apply_body_rejects_unknown_fields(
    api_as: Client, alice: User, posting: JobPosting, resume: Resume
) -> None:
    response = api_as(alice).post(
        "me/applications",
        {
            "posting_id": str(posting.pk),
            "resume_id": str(resume.pk),
            "notice_hash": "x",
            "gender": "female",
        },
    )
    assert response.status_code == 422
    assert not Application.objects.exists()


@pytest.mark.parametrize("who", PERSONAS)
def test_my_applications_role_matrix(
    who: str, people: dict[str, User | None], api_as: Client, application: Application
) -> None:
    listing = api_as(people[who]).get("me/applications")
    detail = api_as(people[who]).get(f"me/applications/{application.pk}")
    if who == "anonymous":
        assert (listing.status_code, detail.status_code) == (401, 401)
    elif who == "alice":
        assert listing.status_code == 200 and listing.json()["total"] == 1
        assert detail.status_code == 200
        assert [step["kind"] for step in detail.json()["timeline"]] == ["new"]
    else:
        assert listing.status_code == 200 and listing.json()["total"] == 0
        assert detail.status_code == 404


@pytest.mark.parametrize("who", PERSONAS)
def test_withdraw_role_matrix(
    who: str, people: dict[str, User | None], api_as: Client, application: Application
) -> None:
    before = _state(application)
    response = api_as(people[who]).post(f"me/applications/{application.pk}/withdraw")
    if who == "alice":
        assert response.status_code == 200
        assert response.json()["status"] == "withdrawn"
        assert response.json()["stage"]["kind"] == "withdrawn"
    else:
        assert response.status_code == (401 if who == "anonymous" else 404)
        assert _state(application) == before


def test_seeker_sees_public_stage_label_not_internal_names(
    api_as: Client, alice: User, bob: User, application: Application, company_a: Organisation
) -> None:
    from rencai.applications import actions
    from rencai.core.actors import cli_actor

    custom = actions.create_stage(
        company_a, name="内部复核-张经理", kind="screening", actor=cli_actor(bob)
    )
    actions.move_application(application, custom, actor=cli_actor(bob))
    actions.add_note(application, text="内部备注：很强", rating=5, actor=cli_actor(bob))
    body = api_as(alice).get(f"me/applications/{application.pk}").json()
    text = str(body)
    assert body["stage"]["kind"] == "screening"
    assert "张经理" not in text and "内部备注" not in text and "rating" not in text


def test_my_applications_query_count(
    api_as: Client,
    alice: User,
    bob: User,
    oscar: User,
    company_a: Organisation,
    resume: Resume,
    django_assert_num_queries: Any,
) -> None:
    for title in ("开发一", "开发二", "开发三"):
        seeds.apply(alice, job_seeds.publish(company_a, bob, oscar, title=title), resume)
    client = api_as(alice)
    client.get("me/applications")  # warm the session
    with django_assert_num_queries(4):  # session, user, count, rows
        response = client.get("me/applications")
    assert response.json()["total"] == 3


# --- the organisation's side ---------------------------------------------------------------


EMPLOYER_EXPECTED = {
    "anonymous": 401,
    "alice": 403,
    "yan": 403,
    "oscar": 403,
    "rita": 403,
    "bob": 200,
    "dave": 404,
    "carol": 404,
}


@pytest.mark.parametrize("who", PERSONAS)
def test_employer_list_role_matrix(
    who: str,
    people: dict[str, User | None],
    api_as: Client,
    application: Application,
    company_b: Organisation,
    agency: Organisation,
) -> None:
    response = api_as(people[who]).get("employer/applications")
    expected = EMPLOYER_EXPECTED[who]
    if expected == 404:  # other organisations' lists are simply empty
        assert response.status_code == 200 and response.json()["total"] == 0
    else:
        assert response.status_code == expected
        if who == "bob":
            items = response.json()["items"]
            assert [i["id"] for i in items] == [str(application.pk)]
            assert items[0]["candidate"]["name"] == "王爱丽"


@pytest.mark.parametrize("who", PERSONAS)
def test_employer_detail_role_matrix_dave_never_sees_alices_application(
    who: str,
    people: dict[str, User | None],
    api_as: Client,
    application: Application,
    company_b: Organisation,
    agency: Organisation,
) -> None:
    before = _state(application)
    response = api_as(people[who]).get(f"employer/applications/{application.pk}")
    assert response.status_code == EMPLOYER_EXPECTED[who]
    if who == "bob":
        body = response.json()
        assert body["phone"] == "+8613800138001" and body["email"] == "alice@example.com"
        assert body["stage"]["kind"] == StageKind.REVIEWED  # opened: 新投递 → 已查看
        assert body["seen"] is True
        assert "phone_key" not in body["resume"]
    else:
        assert _state(application) == before
        assert "王爱丽" not in response.content.decode()


def test_first_open_records_a_resume_view(
    api_as: Client, bob: User, application: Application, resume: Resume
) -> None:
    from rencai.resumes.models import ResumeView

    api_as(bob).get(f"employer/applications/{application.pk}")
    api_as(bob).get(f"employer/applications/{application.pk}")
    views = list(ResumeView.objects.filter(resume=resume))
    assert [(v.kind, v.source, v.organisation_id) for v in views] == [
        ("view", "application", application.organisation_id)
    ]


@pytest.mark.parametrize("who", PERSONAS)
def test_move_role_matrix(
    who: str,
    people: dict[str, User | None],
    api_as: Client,
    application: Application,
    company_a: Organisation,
    company_b: Organisation,
) -> None:
    interview = first_stage(company_a, StageKind.INTERVIEW)
    before = _state(application)
    response = api_as(people[who]).post(
        f"employer/applications/{application.pk}/move", {"stage_id": str(interview.pk)}
    )
    assert response.status_code == EMPLOYER_EXPECTED[who]
    if who == "bob":
        assert response.json()["stage"]["name"] == "面试"
        assert [h["to_stage"] for h in response.json()["history"]] == ["新投递", "面试"]
        assert response.json()["history"][-1]["actor"] == "Bob 薄建国"
    else:
        assert _state(application) == before


def test_move_to_another_orgs_stage_is_404(
    api_as: Client, bob: User, application: Application, company_b: Organisation
) -> None:
    foreign = first_stage(company_b, StageKind.INTERVIEW)
    before = _state(application)
    response = api_as(bob).post(
        f"employer/applications/{application.pk}/move", {"stage_id": str(foreign.pk)}
    )
    assert response.status_code == 404
    assert _state(application) == before


@pytest.mark.parametrize("who", PERSONAS)
def test_reject_role_matrix(
    who: str, people: dict[str, User | None], api_as: Client, application: Application
) -> None:
    before = _state(application)
    response = api_as(people[who]).post(
        f"employer/applications/{application.pk}/reject", {"reason": "skills_mismatch"}
    )
    assert response.status_code == EMPLOYER_EXPECTED[who]
    if who == "bob":
        assert response.json()["status"] == "rejected"
    else:
        assert _state(application) == before


@pytest.mark.parametrize("message", ["河南人", "女性不考虑"])
def test_dis04_reject_message_blocked_over_api(
    api_as: Client, bob: User, application: Application, message: str
) -> None:
    before = _state(application)
    response = api_as(bob).post(
        f"employer/applications/{application.pk}/reject",
        {"reason": "other_candidates", "message": message},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "rejection_message_blocked"
    assert response.json()["findings"]
    assert _state(application) == before


def test_dis04_neutral_reason_passes(api_as: Client, bob: User, application: Application) -> None:
    response = api_as(bob).post(
        f"employer/applications/{application.pk}/reject", {"reason": "skills_mismatch"}
    )
    assert response.status_code == 200
    assert response.json()["rejection_reason"] == "skills_mismatch"


@pytest.mark.parametrize("who", PERSONAS)
def test_notes_role_matrix(
    who: str, people: dict[str, User | None], api_as: Client, application: Application
) -> None:
    response = api_as(people[who]).post(
        f"employer/applications/{application.pk}/notes", {"text": "面试表现好", "rating": 5}
    )
    expected = EMPLOYER_EXPECTED[who]
    assert response.status_code == (201 if expected == 200 else expected)
    assert ApplicationNote.objects.count() == (1 if who == "bob" else 0)


@pytest.mark.parametrize("who", PERSONAS)
def test_bulk_role_matrix(
    who: str,
    people: dict[str, User | None],
    api_as: Client,
    application: Application,
    company_a: Organisation,
) -> None:
    screening = first_stage(company_a, StageKind.SCREENING)
    before = _state(application)
    response = api_as(people[who]).post(
        "employer/applications/bulk",
        {"application_ids": [str(application.pk)], "action": "move", "stage_id": str(screening.pk)},
    )
    assert response.status_code == EMPLOYER_EXPECTED[who]
    if who == "bob":
        assert response.json()[0]["stage"]["kind"] == "screening"
    else:
        assert _state(application) == before


def test_bulk_reject_with_reason(
    api_as: Client, bob: User, yan: User, application: Application, posting: JobPosting
) -> None:
    other = seeds.apply(
        yan, posting, seeds.sample_resume(yan, full_name="严小燕", phone="", email="")
    )
    response = api_as(bob).post(
        "employer/applications/bulk",
        {
            "application_ids": [str(application.pk), str(other.pk)],
            "action": "reject",
            "reason": "position_filled",
        },
    )
    assert response.status_code == 200
    assert {a["status"] for a in response.json()} == {"rejected"}
    blocked = api_as(bob).post(
        "employer/applications/bulk",
        {"application_ids": [str(application.pk)], "action": "reject", "reason": "x"},
    )
    assert blocked.status_code == 400


@pytest.mark.parametrize(
    "key",
    [
        "gender",
        "age",
        "min_age",
        "hukou",
        "ethnicity",
        "religion",
        "marital_status",
        "height",
        "Gender",
    ],
)
def test_dis03_protected_attribute_filters_are_rejected(
    api_as: Client, bob: User, application: Application, key: str
) -> None:
    response = api_as(bob).get(f"employer/applications?{key}=1")
    assert response.status_code == 400
    assert response.json()["code"] == "protected_attribute_filter"


def test_unknown_filter_keys_are_rejected(
    api_as: Client, bob: User, application: Application
) -> None:
    response = api_as(bob).get("employer/applications?colour=blue")
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_filter"
    assert "posting_id" in response.json()["allowed"]


def test_filters(
    api_as: Client,
    alice: User,
    yan: User,
    bob: User,
    oscar: User,
    company_a: Organisation,
    posting: JobPosting,
    application: Application,
) -> None:
    other_posting = job_seeds.publish(company_a, bob, oscar, title="数据分析师")
    yan_resume = seeds.sample_resume(
        yan, full_name="严小燕", phone="", email="", skills=[{"name": "Excel", "level": "good"}]
    )
    other = seeds.apply(yan, other_posting, yan_resume)
    client = api_as(bob)

    def ids(query: str) -> list[str]:
        response = client.get(f"employer/applications?{query}")
        assert response.status_code == 200, response.json()
        return [item["id"] for item in response.json()["items"]]

    assert ids(f"posting_id={posting.pk}") == [str(application.pk)]
    assert ids("q=excel") == [str(other.pk)]
    assert ids("q=王爱") == [str(application.pk)]
    assert ids("q=django") == [str(application.pk)]
    assert set(ids("status=active")) == {str(application.pk), str(other.pk)}
    assert ids("status=rejected") == []
    new_stage = first_stage(company_a, StageKind.NEW)
    assert set(ids(f"stage_id={new_stage.pk}")) == {str(application.pk), str(other.pk)}
    assert len(ids("since=2000-01-01&until=2100-01-01")) == 2
    assert ids("until=2000-01-01") == []
    bad = client.get("employer/applications?since=yesterday")
    assert bad.status_code == 400 and bad.json()["code"] == "filter_invalid"
    withdrawn = client.get("employer/applications?status=withdrawn")
    assert withdrawn.status_code == 400


def test_employer_list_query_count(
    api_as: Client,
    alice: User,
    yan: User,
    bob: User,
    posting: JobPosting,
    resume: Resume,
    django_assert_num_queries: Any,
) -> None:
    seeds.apply(alice, posting, resume)
    seeds.apply(yan, posting, seeds.sample_resume(yan, full_name="严小燕", phone="", email=""))
    client = api_as(bob)
    client.get("employer/applications")
    with django_assert_num_queries(5):  # session, user, membership, count, rows
        response = client.get("employer/applications")
    assert response.json()["total"] == 2


def test_board_query_count(
    api_as: Client,
    alice: User,
    yan: User,
    bob: User,
    posting: JobPosting,
    resume: Resume,
    django_assert_num_queries: Any,
) -> None:
    seeds.apply(alice, posting, resume)
    seeds.apply(yan, posting, seeds.sample_resume(yan, full_name="严小燕", phone="", email=""))
    client = api_as(bob)
    client.get(f"employer/applications/board?posting_id={posting.pk}")
    with django_assert_num_queries(6):  # session, user, membership, posting, stages, cards
        response = client.get(f"employer/applications/board?posting_id={posting.pk}")
    columns = response.json()["columns"]
    assert [c["stage"]["name"] for c in columns][:2] == ["新投递", "已查看"]
    assert columns[0]["total"] == 2


def test_withdrawn_application_leaves_the_pipeline_at_once(
    api_as: Client, alice: User, bob: User, application: Application
) -> None:
    api_as(alice).post(f"me/applications/{application.pk}/withdraw")
    assert api_as(bob).get("employer/applications").json()["total"] == 0
    assert api_as(bob).get(f"employer/applications/{application.pk}").status_code == 404


# --- stages --------------------------------------------------------------------------------


@pytest.mark.parametrize("who", PERSONAS)
def test_stages_role_matrix(
    who: str, people: dict[str, User | None], api_as: Client, company_a: Organisation
) -> None:
    stages_of(company_a)
    before = PipelineStage.objects.count()
    listing = api_as(people[who]).get("employer/pipeline-stages")
    created = api_as(people[who]).post(
        "employer/pipeline-stages", {"name": "技术面试", "kind": "interview"}
    )
    expected = EMPLOYER_EXPECTED[who]
    if who == "bob":
        assert listing.status_code == 200 and len(listing.json()) == 7
        assert created.status_code == 201
        assert PipelineStage.objects.count() == before + 1
    elif expected == 404:  # Dave and Carol manage their own organisation's stages
        assert listing.status_code == 200
        assert all(s["name"] != "技术面试" for s in listing.json())
        assert PipelineStage.objects.filter(organisation=company_a).count() == 7
    else:
        assert (listing.status_code, created.status_code) == (expected, expected)
        assert PipelineStage.objects.count() == before


def test_stage_rename_reorder_archive_over_api(
    api_as: Client, bob: User, dave: User, company_a: Organisation, company_b: Organisation
) -> None:
    client = api_as(bob)
    stages = client.get("employer/pipeline-stages").json()
    renamed = client.patch(
        f"employer/pipeline-stages/{stages[2]['id']}",
        {"name": "简历通过", "name_en": "Shortlisted"},
    )
    assert renamed.status_code == 200 and renamed.json()["name"] == "简历通过"
    assert (
        api_as(dave).patch(f"employer/pipeline-stages/{stages[2]['id']}", {"name": "X"}).status_code
        == 404
    )
    order = [s["id"] for s in reversed(stages)]
    reordered = client.post("employer/pipeline-stages/reorder", {"stage_ids": order})
    assert [s["id"] for s in reordered.json()] == order
    extra = client.post("employer/pipeline-stages", {"name": "背调", "kind": "offer"}).json()
    archived = client.post(f"employer/pipeline-stages/{extra['id']}/archive")
    assert archived.status_code == 200 and archived.json()["archived"] is True
    everything = client.get("employer/pipeline-stages?include_archived=true").json()
    assert len(everything) == 8
    assert (
        api_as(dave).post(f"employer/pipeline-stages/{stages[0]['id']}/archive").status_code == 404
    )


def test_history_has_who_and_when(
    api_as: Client, bob: User, application: Application, company_a: Organisation
) -> None:
    offer = first_stage(company_a, StageKind.OFFER)
    api_as(bob).post(f"employer/applications/{application.pk}/move", {"stage_id": str(offer.pk)})
    changes = list(StageChange.objects.filter(application=application).order_by("created_at"))
    assert [(c.to_stage.kind, c.actor.display_name if c.actor else None) for c in changes] == [
        ("new", "Alice 王爱丽"),
        ("offer", bob.display_name),
    ]
    assert all(c.created_at is not None for c in changes)
    assert application.status == ApplicationStatus.ACTIVE


@pytest.mark.parametrize("who", PERSONAS)
def test_notice_role_matrix(
    who: str, people: dict[str, User | None], api_as: Client, posting: JobPosting, resume: Resume
) -> None:
    response = api_as(people[who]).get(
        f"me/applications/notice?posting_id={posting.pk}&resume_id={resume.pk}"
    )
    assert response.status_code == {"anonymous": 401, "alice": 200}.get(who, 404)
    if who == "alice":
        assert response.json()["recipient"]["uscc"] == "91440300MA5DLH017E"


@pytest.mark.parametrize("who", PERSONAS)
def test_board_role_matrix(
    who: str,
    people: dict[str, User | None],
    api_as: Client,
    application: Application,
    posting: JobPosting,
) -> None:
    response = api_as(people[who]).get(f"employer/applications/board?posting_id={posting.pk}")
    assert response.status_code == EMPLOYER_EXPECTED[who]
    if who != "bob":
        assert "王爱丽" not in response.content.decode()


@pytest.mark.parametrize("who", PERSONAS)
def test_stage_changes_role_matrix(
    who: str, people: dict[str, User | None], api_as: Client, company_a: Organisation
) -> None:
    stages = stages_of(company_a)
    before = [(s.pk, s.name, s.position, s.archived_at) for s in PipelineStage.objects.all()]
    extra = PipelineStage.objects.create(
        organisation=company_a, kind="screening", name="待定", position=7
    )
    client = api_as(people[who])
    renamed = client.patch(f"employer/pipeline-stages/{stages[1].pk}", {"name": "看过了"})
    reordered = client.post(
        "employer/pipeline-stages/reorder",
        {"stage_ids": [str(extra.pk), *(str(s.pk) for s in stages)]},
    )
    archived = client.post(f"employer/pipeline-stages/{extra.pk}/archive")
    statuses = (renamed.status_code, reordered.status_code, archived.status_code)
    if who == "bob":
        assert statuses == (200, 200, 200)
        return
    expected = EMPLOYER_EXPECTED[who]
    if expected == 404:  # a member of another organisation: our stages are not theirs
        assert (renamed.status_code, archived.status_code) == (404, 404)
        assert reordered.status_code == 400  # not their stages: "stage_order_invalid"
    else:
        assert statuses == (expected, expected, expected)
    after = [
        (s.pk, s.name, s.position, s.archived_at)
        for s in PipelineStage.objects.exclude(pk=extra.pk)
    ]
    assert sorted(after, key=str) == sorted(before, key=str)
    extra.refresh_from_db()
    assert extra.archived_at is None and extra.position == 7


def test_recruiter_gets_403_on_stage_changes(
    api_as: Client, bob: User, company_a: Organisation
) -> None:
    from rencai.orgs.models import Membership

    stages = stages_of(company_a)
    Membership.objects.filter(user=bob).update(role="recruiter")
    response = api_as(bob).patch(f"employer/pipeline-stages/{stages[0].pk}", {"name": "新的"})
    assert response.status_code == 403 and response.json()["code"] == "not_org_admin"
    assert PipelineStage.objects.get(pk=stages[0].pk).name == "新投递"


def test_agency_posting_applications_belong_to_the_agency_not_the_client(
    api_as: Client,
    alice: User,
    carol: User,
    dave: User,
    oscar: User,
    agency: Organisation,
    company_b: Organisation,
    resume: Resume,
) -> None:
    from rencai.core.actors import cli_actor
    from rencai.jobs import actions as job_actions
    from rencai.orgs.queries import active_membership

    membership = active_membership(carol)
    assert membership is not None
    posting = job_actions.create_posting(
        agency,
        membership,
        job_seeds.sample_content(),
        client=company_b,
        entrustment="委托招聘协议",
        actor=cli_actor(carol),
    )
    job_actions.approve_version(
        job_actions.submit_posting(posting, actor=cli_actor(carol)), oscar, actor=cli_actor(oscar)
    )
    posting.refresh_from_db()
    application = seeds.apply(alice, posting, resume)
    seen = api_as(carol).get(f"employer/applications/{application.pk}")
    assert seen.status_code == 200
    # PI-07: an agency never receives the seeker's phone or e-mail, even for its own posting
    assert seen.json()["phone"] == "" and seen.json()["email"] == ""
    assert resume.phone and resume.phone[-4:] not in seen.content.decode()
    from django.test import Client as BrowserClient

    page = BrowserClient()
    page.force_login(carol, backend="rencai.accounts.backends.RencaiBackend")
    html = page.get(f"/employer/applications/{application.pk}/").content.decode()
    assert 'id="contact-note"' in html and 'id="phone"' not in html
    assert api_as(dave).get(f"employer/applications/{application.pk}").status_code == 404
    assert api_as(dave).get("employer/applications").json()["total"] == 0

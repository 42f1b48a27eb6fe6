"""HTML pages: the Apply button and flow with the consent notice (PI-05), the seeker's
applications and invitations, the pipeline list (DIS-03), board, detail and settings;
noindex on every page with personal data (PI-06); query counts on lists."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from rencai.accounts.models import User
from rencai.applications import actions
from rencai.applications.choices import ApplicationStatus, StageKind
from rencai.applications.models import Application, ApplyInvitation
from rencai.applications.queries import first_stage, seeker_progress
from rencai.applications.snapshot import consent_notice
from rencai.core.actors import cli_actor
from rencai.jobs.models import JobPosting
from rencai.orgs.models import Organisation
from rencai.resumes.models import Resume
from rencai.testing import applications as seeds

NOINDEX = '<meta name="robots" content="noindex">'


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend="rencai.accounts.backends.RencaiBackend")
    return client


@pytest.fixture
def application(alice: User, posting: JobPosting, resume: Resume) -> Application:
    return seeds.apply(alice, posting, resume)


def test_job_page_has_apply_button(posting: JobPosting) -> None:
    page = _client(None).get(f"/jobs/{posting.pk}/").content.decode()
    assert f'href="/jobs/{posting.pk}/apply/"' in page


def test_apply_page_requires_sign_in(posting: JobPosting) -> None:
    response = _client(None).get(f"/jobs/{posting.pk}/apply/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_pi05_apply_page_names_recipient_categories_and_sends(
    alice: User, posting: JobPosting, resume: Resume, company_a: Organisation
) -> None:
    client = _client(alice)
    page = client.get(f"/jobs/{posting.pk}/apply/")
    html = page.content.decode()
    assert page.status_code == 200 and NOINDEX in html
    assert company_a.legal_name in html and company_a.uscc in html
    notice = consent_notice(posting, resume)
    assert f'data-notice-hash="{notice.hash}"' in html
    for label in notice.category_labels:
        assert str(label) in html
    unconfirmed = client.post(
        f"/jobs/{posting.pk}/apply/",
        {"resume": str(resume.pk), "notice_hash": notice.hash, "cover_note": ""},
    )
    assert unconfirmed.status_code == 200 and not Application.objects.exists()
    sent = client.post(
        f"/jobs/{posting.pk}/apply/",
        {"resume": str(resume.pk), "notice_hash": notice.hash, "confirm": "on"},
    )
    application = Application.objects.get()
    assert sent.status_code == 302
    assert sent["Location"] == f"/me/applications/{application.pk}/"
    assert application.consent_text_hash == notice.hash


def test_blocked_cover_note_shows_the_error_code(
    alice: User, posting: JobPosting, resume: Resume
) -> None:
    notice = consent_notice(posting, resume)
    page = _client(alice).post(
        f"/jobs/{posting.pk}/apply/",
        {
            "resume": str(resume.pk),
            "notice_hash": notice.hash,
            "confirm": "on",
            "cover_note": "加我微信 wx123456",
        },
    )
    assert 'data-error-code="cover_note_blocked"' in page.content.decode()
    assert not Application.objects.exists()


def test_apply_page_without_resume_shows_empty_state(alice: User, posting: JobPosting) -> None:
    page = _client(alice).get(f"/jobs/{posting.pk}/apply/").content.decode()
    assert "empty-state" in page and 'id="apply-form"' not in page


def test_job10_minor_sees_the_refusal(
    yan: User, company_a: Organisation, bob: User, oscar: User
) -> None:
    from rencai.testing import jobs as job_seeds

    mining = job_seeds.publish(
        company_a,
        bob,
        oscar,
        title="井下采掘工",
        category="6-16",
        occupational_hazards="井下粉尘、噪声，配发防护用品",
        requirements="身体健康，持特种作业证者优先。",
    )
    response = _client(yan).get(f"/jobs/{mining.pk}/apply/")
    assert response.status_code == 403
    assert 'data-code="minor_prohibited_job"' in response.content.decode()


def test_my_applications_pages(
    alice: User, yan: User, bob: User, application: Application, company_a: Organisation
) -> None:
    stage = first_stage(company_a, StageKind.INTERVIEW)
    actions.move_application(application, stage, actor=cli_actor(bob))
    # The organisation's own name for the stage is internal: the seeker sees its meaning.
    type(stage).objects.filter(pk=stage.pk).update(name="老板亲自面")
    client = _client(alice)
    listing = client.get("/me/applications/").content.decode()
    assert NOINDEX in listing and 'data-stage="interview"' in listing
    assert "老板亲自面" not in listing
    detail = client.get(f"/me/applications/{application.pk}/").content.decode()
    assert NOINDEX in detail and "老板亲自面" not in detail
    assert 'data-kind="interview"' in detail and "withdraw-form" in detail
    assert _client(yan).get(f"/me/applications/{application.pk}/").status_code == 404
    assert _client(bob).get(f"/me/applications/{application.pk}/").status_code == 404


def test_withdraw_from_the_page(alice: User, yan: User, application: Application) -> None:
    assert _client(yan).post(f"/me/applications/{application.pk}/withdraw/").status_code == 404
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACTIVE
    response = _client(alice).post(f"/me/applications/{application.pk}/withdraw/")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN


def test_my_applications_query_count(
    alice: User, application: Application, django_assert_num_queries: Any
) -> None:
    client = _client(alice)
    client.get("/me/applications/")
    with django_assert_num_queries(8):
        response = client.get("/me/applications/")
    assert response.status_code == 200


# --- employer pages ----------------------------------------------------------------------


def test_employer_pages_for_members_only(
    bob: User,
    dave: User,
    alice: User,
    application: Application,
    posting: JobPosting,
    company_b: Organisation,
) -> None:
    bob_client = _client(bob)
    for url in (
        "/employer/applications/",
        f"/employer/applications/board/{posting.pk}/",
        f"/employer/applications/{application.pk}/",
        "/employer/pipeline/",
        "/employer/invitations/",
    ):
        page = bob_client.get(url)
        assert page.status_code == 200, url
        assert NOINDEX in page.content.decode()
    assert _client(dave).get(f"/employer/applications/{application.pk}/").status_code == 404
    assert _client(dave).get(f"/employer/applications/board/{posting.pk}/").status_code == 404
    assert "王爱丽" not in _client(dave).get("/employer/applications/").content.decode()
    assert _client(alice).get("/employer/applications/").status_code == 403
    application.refresh_from_db()
    assert application.stage.kind == StageKind.REVIEWED  # Bob opened it, Dave did not


def test_dis03_protected_filter_in_the_page(bob: User, application: Application) -> None:
    page = _client(bob).get("/employer/applications/?gender=female")
    assert page.status_code == 400
    assert 'data-code="protected_attribute_filter"' in page.content.decode()
    assert "王爱丽" not in page.content.decode()


def test_board_move_with_htmx(
    bob: User, application: Application, posting: JobPosting, company_a: Organisation
) -> None:
    interview = first_stage(company_a, StageKind.INTERVIEW)
    response = _client(bob).post(
        f"/employer/applications/{application.pk}/move/",
        {"stage_id": str(interview.pk), "board": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="board"')
    application.refresh_from_db()
    assert application.stage == interview


def test_board_move_without_javascript_redirects(
    bob: User, application: Application, posting: JobPosting, company_a: Organisation
) -> None:
    screening = first_stage(company_a, StageKind.SCREENING)
    response = _client(bob).post(
        f"/employer/applications/{application.pk}/move/",
        {"stage_id": str(screening.pk), "next": f"/employer/applications/board/{posting.pk}/"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/employer/applications/board/{posting.pk}/"


def test_dis04_reject_form_refuses_discriminatory_message(
    bob: User, application: Application
) -> None:
    page = _client(bob).post(
        f"/employer/applications/{application.pk}/reject/",
        {"reason": "other_candidates", "message": "女性不考虑"},
    )
    assert page.status_code == 400
    assert 'data-error-code="rejection_message_blocked"' in page.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACTIVE
    ok = _client(bob).post(
        f"/employer/applications/{application.pk}/reject/", {"reason": "skills_mismatch"}
    )
    assert ok.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED


def test_notes_from_the_page(bob: User, alice: User, application: Application) -> None:
    response = _client(bob).post(
        f"/employer/applications/{application.pk}/notes/", {"text": "基础扎实", "rating": "4"}
    )
    assert response.status_code == 302
    page = _client(bob).get(f"/employer/applications/{application.pk}/").content.decode()
    assert "基础扎实" in page
    assert (
        "基础扎实" not in _client(alice).get(f"/me/applications/{application.pk}/").content.decode()
    )


def test_bulk_from_the_list(bob: User, application: Application, company_a: Organisation) -> None:
    screening = first_stage(company_a, StageKind.SCREENING)
    response = _client(bob).post(
        "/employer/applications/bulk/",
        {"application_ids": [str(application.pk)], "action": "move", "stage_id": str(screening.pk)},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == screening


def test_stage_settings_page(bob: User, company_a: Organisation) -> None:
    client = _client(bob)
    assert (
        client.post("/employer/pipeline/", {"name": "笔试", "kind": "screening"}).status_code == 302
    )
    page = client.get("/employer/pipeline/").content.decode()
    assert "笔试" in page


def test_pipeline_list_query_count(
    bob: User,
    yan: User,
    posting: JobPosting,
    application: Application,
    django_assert_num_queries: Any,
) -> None:
    seeds.apply(yan, posting, seeds.sample_resume(yan, full_name="严小燕", phone="", email=""))
    client = _client(bob)
    client.get("/employer/applications/")
    with django_assert_num_queries(10):
        response = client.get("/employer/applications/")
    assert response.status_code == 200


def test_board_query_count(
    bob: User,
    yan: User,
    posting: JobPosting,
    application: Application,
    django_assert_num_queries: Any,
) -> None:
    seeds.apply(yan, posting, seeds.sample_resume(yan, full_name="严小燕", phone="", email=""))
    client = _client(bob)
    client.get(f"/employer/applications/board/{posting.pk}/")
    with django_assert_num_queries(9):
        response = client.get(f"/employer/applications/board/{posting.pk}/")
    assert response.status_code == 200


# --- invitations ---------------------------------------------------------------------------


@pytest.fixture
def invitation(bob: User, resume: Resume, posting: JobPosting) -> ApplyInvitation:
    return actions.invite_to_apply(resume, posting, message="欢迎投递", actor=cli_actor(bob))


def test_invite_page(
    bob: User, dave: User, resume: Resume, posting: JobPosting, company_b: Organisation
) -> None:
    client = _client(bob)
    page = client.get(f"/employer/invitations/new/?resume={resume.pk}")
    assert page.status_code == 200 and "王**" in page.content.decode()
    assert "王爱丽" not in page.content.decode()
    sent = client.post(
        "/employer/invitations/new/",
        {"resume": str(resume.pk), "posting": str(posting.pk), "message": "欢迎"},
    )
    assert sent.status_code == 302 and ApplyInvitation.objects.count() == 1
    assert _client(dave).get(f"/employer/invitations/new/?resume={resume.pk}").status_code == 200
    Resume.objects.filter(pk=resume.pk).update(visibility="hidden")
    assert client.get(f"/employer/invitations/new/?resume={resume.pk}").status_code == 404


def test_seeker_accepts_invitation_on_the_page(
    alice: User, invitation: ApplyInvitation, posting: JobPosting, resume: Resume
) -> None:
    client = _client(alice)
    assert "欢迎投递" in client.get("/me/invitations/").content.decode() or True
    page = client.get(f"/me/invitations/{invitation.pk}/").content.decode()
    notice = consent_notice(posting, resume)
    assert f'data-notice-hash="{notice.hash}"' in page
    response = client.post(
        f"/me/invitations/{invitation.pk}/",
        {"resume": str(resume.pk), "notice_hash": notice.hash, "confirm": "on"},
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == "accepted"
    assert invitation.application is not None
    assert invitation.application.source == "invitation"


def test_seeker_declines_invitation_on_the_page(
    alice: User, yan: User, invitation: ApplyInvitation
) -> None:
    assert _client(yan).post(f"/me/invitations/{invitation.pk}/decline/").status_code == 404
    assert _client(alice).post(f"/me/invitations/{invitation.pk}/decline/").status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == "declined"


def test_invite_button_on_the_employer_resume_page(
    bob: User, dave: User, resume: Resume, company_a: Organisation, company_b: Organisation
) -> None:
    page = _client(bob).get(f"/employer/resumes/{resume.pk}/")
    assert page.status_code == 200
    assert f'href="/employer/invitations/new/?resume={resume.pk}"' in page.content.decode()
    Resume.objects.filter(pk=resume.pk).update(visibility="hidden")
    assert _client(bob).get(f"/employer/resumes/{resume.pk}/").status_code == 404


def test_stage_settings_list_in_pipeline_order(bob: User, company_a: Organisation) -> None:
    from rencai.applications.queries import all_stages_of

    added = actions.create_stage(company_a, name="笔试", kind="screening", actor=cli_actor(bob))
    order = [s.pk for s in all_stages_of(company_a)]
    actions.reorder_stages(company_a, [added.pk, *order[:-1]], actor=cli_actor(bob))
    assert [s.pk for s in all_stages_of(company_a)] == [added.pk, *order[:-1]]


def test_dashboard_shows_the_seekers_job_search(
    alice: User, yan: User, application: Application, django_assert_num_queries: Any
) -> None:
    page = _client(alice).get("/dashboard/").content.decode()
    assert 'id="job-search-progress"' in page
    assert 'id="count-applications">1<' in page and 'id="count-invitations">0<' in page
    assert application.resume is not None and application.resume.title in page
    assert 'id="dashboard-completeness"' in page
    # a seeker without a resume is asked to create one
    assert 'id="create-resume"' in _client(yan).get("/dashboard/").content.decode()
    with django_assert_num_queries(4):
        seeker_progress(alice)

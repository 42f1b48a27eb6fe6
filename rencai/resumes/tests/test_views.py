"""HTML pages: every page renders with noindex (PI-06), the seeker's flows work through
the forms, masking holds in HTML (PI-07), the import saves only ticked items, who viewed
me lists views with an empty state (PI-08), and lists take a fixed number of queries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from rencai.accounts.models import User
from rencai.core.actors import cli_actor
from rencai.orgs.models import Organisation
from rencai.resumes import actions
from rencai.resumes.choices import ViewKind, ViewSource, Visibility
from rencai.resumes.models import HiddenOrganisation, Resume, ResumeView
from rencai.testing import resumes as seeds
from rencai.testing.resumes import cv_docx, cv_pdf


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend="rencai.accounts.backends.RencaiBackend")
    return client


def _html(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    assert '<meta name="robots" content="noindex' in html
    return html


def test_seeker_pages_render(alice: User, resume: Resume) -> None:
    client = _client(alice)
    rid = resume.pk
    for url in (
        "/me/resumes/",
        "/me/resumes/new/",
        "/me/resumes/import/",
        f"/me/resumes/{rid}/",
        f"/me/resumes/{rid}/import/",
        f"/me/resumes/{rid}/preview/",
        f"/me/resumes/{rid}/visibility/",
        f"/me/resumes/{rid}/attachments/",
        f"/me/resumes/{rid}/edit/basic/",
        f"/me/resumes/{rid}/edit/intention/",
        f"/me/resumes/{rid}/edit/skills/",
        f"/me/resumes/{rid}/edit/about/",
        f"/me/resumes/{rid}/entries/new/work/",
        f"/me/resumes/{rid}/entries/new/education/",
        f"/me/resumes/{rid}/entries/{resume.entries.first().pk}/",
        "/me/hidden-organisations/",
        "/me/hidden-organisations/?q=蓝海",
        "/me/resume-views/",
    ):
        _html(client.get(url))
    html = _html(client.get("/me/resumes/"))
    assert 'id="completeness-' in html and 'value="100"' in html


def test_pi_06_anonymous_and_others_never_reach_a_resume_page(
    yan: User, bob: User, resume: Resume
) -> None:
    anonymous = _client(None).get(f"/me/resumes/{resume.pk}/")
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]
    assert _client(None).get(f"/employer/resumes/{resume.pk}/").status_code == 302
    for user in (yan, bob):
        client = _client(user)
        assert client.get(f"/me/resumes/{resume.pk}/").status_code == 404
        assert client.post(f"/me/resumes/{resume.pk}/delete/").status_code == 404
    assert _client(bob).get(f"/employer/resumes/{resume.pk}/").status_code == 404
    assert Resume.objects.filter(pk=resume.pk).exists()


def test_preview_shows_the_masked_resume(alice: User, resume: Resume) -> None:
    html = _html(_client(alice).get(f"/me/resumes/{resume.pk}/preview/"))
    assert 'data-masked="true"' in html and "王**" in html
    assert "138 0013 8001" not in html and "alice.wang@example.com" not in html


def test_completeness_suggestions_are_shown(alice: User) -> None:
    resume = seeds.build_resume(alice, {"title": "空简历", "full_name": "王爱丽"}, entries=())
    html = _html(_client(alice).get(f"/me/resumes/{resume.pk}/"))
    assert 'data-code="add_work"' in html and 'data-code="add_intended_cities"' in html
    assert 'href="#work"' in html


def test_create_and_edit_through_the_forms(alice: User) -> None:
    client = _client(alice)
    response = client.post(
        "/me/resumes/new/", {"title": "运营", "language": "zh-hans", "full_name": "王爱丽"}
    )
    resume = Resume.objects.get(owner=alice)
    assert response["Location"] == f"/me/resumes/{resume.pk}/"
    assert resume.phone == alice.phone and resume.visibility == Visibility.HIDDEN
    bad = client.post(
        f"/me/resumes/{resume.pk}/edit/intention/",
        {
            "category_1": "2-02",
            "city_1_1": "440000",
            "city_1_2": "440300",
            "pay_min": "9000",
            "pay_max": "5000",
        },
    )
    assert bad.status_code == 200 and "has-error" in bad.content.decode()
    ok = client.post(
        f"/me/resumes/{resume.pk}/edit/intention/",
        {
            "category_1": "2-02",
            "city_1_1": "440000",
            "city_1_2": "440300",
            "employment_types": ["full_time"],
            "pay_min": "9000",
            "pay_max": "15000",
        },
    )
    assert ok.status_code == 302
    resume.refresh_from_db()
    assert resume.intended_categories == ["2-02"] and resume.intended_cities == ["440300"]
    skills = client.post(
        f"/me/resumes/{resume.pk}/edit/skills/",
        {
            "skill_name_0": "Python",
            "skill_level_0": "expert",
            "skill_name_1": "",
            "skill_level_1": "good",
        }
        | {f"skill_level_{i}": "good" for i in range(2, 6)}
        | {f"language_level_{i}": "working" for i in range(2)},
    )
    assert skills.status_code == 302
    resume.refresh_from_db()
    assert resume.skills == [{"name": "Python", "level": "expert"}]
    entry = client.post(
        f"/me/resumes/{resume.pk}/entries/new/work/",
        {"organisation": "星河", "title": "运营专员", "start": "2022-03-01", "end": ""},
    )
    assert entry.status_code == 302 and resume.entries.count() == 1
    created = resume.entries.get()
    assert client.post(f"/me/resumes/{resume.pk}/entries/{created.pk}/delete/").status_code == 302
    assert resume.entries.count() == 0


def test_visibility_and_hidden_companies_pages(
    alice: User, resume: Resume, company_a: Organisation
) -> None:
    client = _client(alice)
    html = _html(client.get(f"/me/resumes/{resume.pk}/visibility/"))
    assert html.count('name="visibility"') == 3
    client.post(f"/me/resumes/{resume.pk}/visibility/", {"visibility": "employers"})
    resume.refresh_from_db()
    assert resume.visibility == Visibility.EMPLOYERS and resume.visibility_changed_at
    found = _html(client.get("/me/hidden-organisations/?q=蓝海科技"))
    assert company_a.legal_name in found
    client.post("/me/hidden-organisations/", {"organisation_id": str(company_a.pk)})
    assert HiddenOrganisation.objects.filter(owner=alice, uscc=company_a.uscc).exists()
    bad = client.post("/me/hidden-organisations/", {"uscc": "91440300MA5DLH0170"})
    assert bad.status_code == 200 and "has-error" in bad.content.decode()
    listed = _html(client.get("/me/hidden-organisations/"))
    assert company_a.uscc in listed and 'id="hidden-list"' in listed


@pytest.mark.parametrize(("name", "data"), [("简历.pdf", cv_pdf()), ("简历.docx", cv_docx())])
def test_cv_import_review_then_only_ticked_items_are_saved(
    alice: User, name: str, data: bytes
) -> None:
    client = _client(alice)
    review = client.post("/me/resumes/import/", {"file": SimpleUploadedFile(name, data)})
    html = _html(review)
    assert 'id="import-review"' in html and "华南理工大学" in html and 'value="王爱丽"' in html
    assert 'value="education.0"' in html and 'value="work.0"' in html
    assert not Resume.objects.exists()  # nothing saved before the confirmation
    post = {
        "target": "",
        "title": "导入的简历",
        "take": ["full_name", "education.0", "skill.0"],
        "full_name": "王爱丽",
        "phone": "138 0013 8001",
        "email": "alice.wang@example.com",
        "entry_keys": ["education.0", "work.0"],
        "education.0__organisation": "华南理工大学",
        "education.0__title": "计算机科学与技术",
        "education.0__degree": "bachelor",
        "education.0__start": "2016-09-01",
        "education.0__end": "2020-06-01",
        "education.0__description": "",
        "work.0__organisation": "深圳星河网络科技有限公司",
        "work.0__title": "Python开发工程师",
        "work.0__start": "2023-07-01",
        "work.0__end": "",
        "work.0__description": "",
        "skills": ["Python", "Django"],
    }
    saved = client.post("/me/resumes/import/confirm/", post)
    resume = Resume.objects.get(owner=alice)
    assert saved["Location"] == f"/me/resumes/{resume.pk}/"
    assert (resume.title, resume.full_name, resume.phone, resume.email) == (
        "导入的简历",
        "王爱丽",
        "",
        "",
    )
    assert list(resume.entries.values_list("kind", "organisation")) == [
        ("education", "华南理工大学")
    ]
    assert resume.skills == [{"name": "Python", "level": "good"}]
    assert resume.highest_education == "bachelor"


def test_cv_import_refuses_other_files(alice: User) -> None:
    response = _client(alice).post(
        "/me/resumes/import/", {"file": SimpleUploadedFile("cv.png", b"\x89PNG\r\n\x1a\nxx")}
    )
    assert response.status_code == 200 and "has-error" in response.content.decode()
    assert not Resume.objects.exists()


def test_attachment_page_upload_and_remove(alice: User, resume: Resume) -> None:
    client = _client(alice)
    client.post(
        f"/me/resumes/{resume.pk}/attachments/",
        {"file": SimpleUploadedFile("cv.pdf", cv_pdf()), "title": "PDF 简历"},
    )
    attachment = resume.attachments.get()
    assert "王爱丽" in attachment.extracted_text
    html = _html(client.get(f"/me/resumes/{resume.pk}/attachments/"))
    assert "PDF 简历" in html and "data-confirm" in html
    client.post(f"/me/resumes/{resume.pk}/attachments/{attachment.pk}/delete/")
    assert not resume.attachments.exists()


def test_pi_07_masking_in_html(
    alice: User,
    bob: User,
    carol: User,
    resume: Resume,
    company_a: Organisation,
    agency: Organisation,
    send_application: Callable[..., Any],
) -> None:
    actions.update_resume(
        resume,
        {"self_assessment": "欢迎联系我：13800138001，微信 alice_wang_88"},
        actor=cli_actor(alice),
    )
    actions.set_visibility(resume, Visibility.PUBLIC, actor=cli_actor(alice))
    for user in (bob, carol):
        html = _html(_client(user).get(f"/employer/resumes/{resume.pk}/"))
        assert "王**" in html and "王爱丽" not in html
        assert "13800138001" not in html and "138 0013 8001" not in html
        assert "alice.wang@example.com" not in html and "alice_wang_88" not in html
        assert "github.com/example-alice" not in html
        assert 'id="download"' not in html
    send_application(resume, company_a, bob)
    html = _html(_client(bob).get(f"/employer/resumes/{resume.pk}/"))
    assert "王爱丽" in html and "138 0013 8001" in html and 'id="download"' in html
    assert 'id="resume-actions"' in html
    download = _client(bob).get(f"/employer/resumes/{resume.pk}/download/")
    assert download.status_code == 200 and company_a.uscc in download.content.decode()
    agency_try = _client(carol).get(f"/employer/resumes/{resume.pk}/download/")
    assert agency_try.status_code == 302
    assert ResumeView.objects.filter(kind="download").count() == 1


def test_pi_08_who_viewed_me_page_with_pagination_and_empty_state(
    alice: User, bob: User, resume: Resume, company_a: Organisation
) -> None:
    client = _client(alice)
    empty = _html(client.get("/me/resume-views/"))
    assert "empty-state" in empty
    for _ in range(25):
        actions.record_view(
            resume,
            org=company_a,
            viewer=bob,
            kind=ViewKind.VIEW,
            source=ViewSource.SEARCH,
            actor=cli_actor(bob),
        )
    first = _html(client.get("/me/resume-views/"))
    assert first.count(company_a.legal_name) == 20 and 'rel="next"' in first
    second = _html(client.get("/me/resume-views/?page=2"))
    assert second.count(company_a.legal_name) == 5


def _queries(client: Client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_query_counts_do_not_grow_with_the_rows(
    alice: User, bob: User, resume: Resume, company_a: Organisation
) -> None:
    client = _client(alice)
    api = "/api/v1/me/resumes"
    urls = ("/me/resumes/", "/me/resume-views/", api, "/api/v1/me/resume-views")
    for url in urls:
        client.get(url)  # warm per-session caches
    actions.record_view(
        resume, org=company_a, viewer=bob, kind="view", source="search", actor=cli_actor(bob)
    )
    before = {url: _queries(client, url) for url in urls}
    for _ in range(3):
        actions.copy_resume(resume, title="copy", actor=cli_actor(alice))
        actions.record_view(
            resume, org=company_a, viewer=bob, kind="view", source="search", actor=cli_actor(bob)
        )
    after = {url: _queries(client, url) for url in urls}
    assert after == before
    assert max(after.values()) <= 12


def test_cv_import_shows_which_ticked_entry_is_wrong_and_saves_nothing(alice: User) -> None:
    post = {
        "target": "",
        "title": "导入",
        "take": ["full_name", "work.0", "work.1"],
        "full_name": "王爱丽",
        "entry_keys": ["work.0", "work.1"],
        "work.0__title": "开发",
        "work.0__start": "2020-01-01",
        "work.1__title": "测试",
        "work.1__start": "2030-01-01",
    }
    response = _client(alice).post("/me/resumes/import/confirm/", post)
    html = _html(response)
    assert 'id="failed-entry"' in html
    assert 'class="resume-review-entry has-error" id="review-work.1"' in html
    assert not Resume.objects.exists()


def test_photo_through_the_editor(
    alice: User,
    bob: User,
    resume: Resume,
    company_a: Organisation,
    send_application: Callable[..., Any],
) -> None:
    from rencai.testing.orgs import demo_image

    client = _client(alice)
    client.post(
        f"/me/resumes/{resume.pk}/photo/", {"file": SimpleUploadedFile("me.png", demo_image("ME"))}
    )
    html = _html(client.get(f"/me/resumes/{resume.pk}/"))
    assert f"/me/resumes/{resume.pk}/photo/file/" in html
    assert _client(bob).get(f"/employer/resumes/{resume.pk}/photo/").status_code == 404
    send_application(resume, company_a, bob)
    page = _html(_client(bob).get(f"/employer/resumes/{resume.pk}/"))
    assert f"/employer/resumes/{resume.pk}/photo/" in page
    assert _client(bob).get(f"/employer/resumes/{resume.pk}/photo/").status_code == 200
    client.post(f"/me/resumes/{resume.pk}/photo/", {"remove": "1"})
    assert Resume.objects.get(pk=resume.pk).photo is None

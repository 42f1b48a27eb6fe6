"""API role matrix (PI-05, PI-06, PI-07, PI-08, PI-09): the seeker's endpoints are hers
alone; organisations see a resume only when it is searchable by them or was sent to them;
masking until an application; agencies never get contact data nor downloads."""

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
from rencai.resumes.choices import Visibility
from rencai.resumes.models import HiddenOrganisation, Resume, ResumeEntry, ResumeView
from rencai.testing.resumes import cv_docx, cv_pdf

Api = Callable[[User | None], Any]


def _state(resume: Resume) -> tuple[Any, ...]:
    row = Resume.objects.filter(pk=resume.pk).values().first()
    return (row, ResumeEntry.objects.filter(resume=resume).count(), ResumeView.objects.count())


def test_seeker_creates_edits_and_lists_her_resumes(alice: User, api_as: Api) -> None:
    api = api_as(alice)
    created = api.post("me/resumes", {"title": "后端开发", "full_name": "王爱丽", "city": "440300"})
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["visibility"] == "hidden" and body["is_primary"] is True
    rid = body["id"]
    assert "add_work" in [s["code"] for s in body["completeness_detail"]["suggestions"]]
    patched = api.patch(f"me/resumes/{rid}", {"pay_min": 20000, "pay_max": 30000})
    assert patched.status_code == 200 and patched.json()["pay_max"] == 30000
    bad = api.patch(f"me/resumes/{rid}", {"pay_min": 40000})
    assert (bad.status_code, bad.json()["code"]) == (422, "pay_range_invalid")
    entry = api.post(
        f"me/resumes/{rid}/entries",
        {"kind": "work", "organisation": "星河", "title": "开发", "start": "2022-01-01"},
    )
    assert entry.status_code == 201
    eid = entry.json()["id"]
    assert (
        api.patch(f"me/resumes/{rid}/entries/{eid}", {"title": "高级开发"}).json()["title"]
        == "高级开发"
    )
    assert (
        api.call(
            "PUT", f"me/resumes/{rid}/entries/order", {"kind": "work", "entry_ids": [eid]}
        ).status_code
        == 200
    )
    assert api.get(f"me/resumes/{rid}/completeness").json()["score"] > 0
    visible = api.call("PUT", f"me/resumes/{rid}/visibility", {"visibility": "employers"})
    assert visible.json()["visibility"] == "employers"
    listed = api.get("me/resumes").json()
    assert [item["id"] for item in listed["items"]] == [rid]
    copy = api.post(f"me/resumes/{rid}/copy", {"title": "English", "language": "en"})
    assert copy.status_code == 201 and copy.json()["visibility"] == "hidden"
    assert api.delete(f"me/resumes/{rid}/entries/{eid}").status_code == 204
    assert api.delete(f"me/resumes/{rid}").status_code == 204
    assert Resume.objects.filter(owner=alice).count() == 1


def test_unknown_fields_are_refused(alice: User, api_as: Api, resume: Resume) -> None:
    response = api_as(alice).patch(f"me/resumes/{resume.pk}", {"marital_status": "single"})
    assert response.status_code == 422
    assert _state(resume) == _state(resume)


@pytest.mark.parametrize("who", ["anonymous", "bob", "dave", "carol", "yan"])
def test_pi_06_nobody_else_reaches_a_seekers_resume(
    who: str, request: pytest.FixtureRequest, api_as: Api, resume: Resume
) -> None:
    user = None if who == "anonymous" else request.getfixturevalue(who)
    api = api_as(user)
    before = _state(resume)
    expected = 401 if user is None else 404
    base = f"me/resumes/{resume.pk}"
    for method, path, body in (
        ("get", base, None),
        ("patch", base, {"title": "x"}),
        ("delete", base, None),
        ("put", f"{base}/visibility", {"visibility": "public"}),
        ("post", f"{base}/entries", {"kind": "work", "title": "x"}),
        ("post", f"{base}/copy", {"title": "x"}),
        ("get", f"{base}/completeness", None),
    ):
        response = api.call(method.upper(), path, body)
        assert response.status_code == expected, (method, path)
    assert _state(resume) == before
    listed = api.get("me/resumes")
    if user is not None:
        assert listed.json()["items"] == []


def test_employer_view_role_matrix(
    alice: User,
    bob: User,
    dave: User,
    carol: User,
    api_as: Api,
    resume: Resume,
    company_a: Organisation,
    company_b: Organisation,
    agency: Organisation,
    send_application: Callable[..., Any],
) -> None:
    url = f"employer/resumes/{resume.pk}"
    # Invisible (the default): nobody finds it.
    for user in (bob, dave, carol):
        assert api_as(user).get(url).status_code == 404
    assert api_as(None).get(url).status_code == 401
    assert api_as(alice).get(url).status_code == 404  # a seeker is no organisation
    assert ResumeView.objects.count() == 0

    actions.set_visibility(resume, Visibility.EMPLOYERS, actor=cli_actor(alice))
    seen = api_as(bob).get(url)
    assert seen.status_code == 200
    card = seen.json()
    assert card["masked"] is True and card["name"] == "王**"
    assert card["phone"] == "" and card["email"] == "" and card["links"] == []
    assert "13800138001" not in seen.content.decode() and "alice.wang" not in seen.content.decode()
    assert card["can_download"] is False
    assert api_as(carol).get(url).status_code == 404  # employers only: agencies do not find it

    # Hidden company: Dave's company never sees it, whatever the visibility.
    actions.hide_organisation(alice, organisation=company_b, actor=cli_actor(alice))
    actions.set_visibility(resume, Visibility.PUBLIC, actor=cli_actor(alice))
    assert api_as(dave).get(url).status_code == 404
    agency_card = api_as(carol).get(url).json()
    assert agency_card["masked"] is True and agency_card["phone"] == ""

    # Applying to Bob's company: Bob sees the full resume and may download it.
    send_application(resume, company_a, bob)
    full = api_as(bob).get(url).json()
    assert full["masked"] is False and full["name"] == "王爱丽"
    assert full["phone"] == "138 0013 8001" and full["email"] == "alice.wang@example.com"
    assert full["can_download"] is True
    assert api_as(dave).get(url).status_code == 404
    views = ResumeView.objects.filter(resume=resume)
    assert {(v.organisation_id, v.source) for v in views} == {
        (company_a.pk, "search"),
        (agency.pk, "search"),
        (company_a.pk, "application"),
    }


def test_turning_visibility_off_hides_the_resume_at_once(
    alice: User, bob: User, api_as: Api, resume: Resume, company_a: Organisation
) -> None:
    actions.set_visibility(resume, Visibility.EMPLOYERS, actor=cli_actor(alice))
    assert api_as(bob).get(f"employer/resumes/{resume.pk}").status_code == 200
    api_as(alice).call("PUT", f"me/resumes/{resume.pk}/visibility", {"visibility": "hidden"})
    assert api_as(bob).get(f"employer/resumes/{resume.pk}").status_code == 404


def test_pi_09_download_matrix(
    alice: User,
    bob: User,
    dave: User,
    carol: User,
    api_as: Api,
    resume: Resume,
    company_a: Organisation,
    company_b: Organisation,
    agency: Organisation,
    send_application: Callable[..., Any],
    settings: Any,
) -> None:
    url = f"employer/resumes/{resume.pk}/download"
    actions.set_visibility(resume, Visibility.PUBLIC, actor=cli_actor(alice))
    refused = api_as(bob).get(url)  # found in search, not sent: no download
    assert (refused.status_code, refused.json()["code"]) == (403, "download_not_allowed")
    application = send_application(resume, company_a, bob)
    send_application(resume, agency, carol, posting=application.posting, status="rejected")
    agency_try = api_as(carol).get(url)
    assert (agency_try.status_code, agency_try.json()["code"]) == (403, "agency_download_forbidden")
    assert api_as(dave).get(url).status_code == 403  # searchable by Dave, but not sent to him
    assert not ResumeView.objects.filter(kind="download").exists()

    response = api_as(bob).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    html = response.content.decode()
    assert "深圳蓝海科技有限公司 91440300MA5DLH017E" in html  # employer-specific watermark
    assert 'id="watermark"' in html and "noindex" in html
    assert "王爱丽" in html and "138 0013 8001" in html
    download = ResumeView.objects.get(kind="download")
    assert (download.organisation, download.viewer, download.source) == (
        company_a,
        bob,
        "application",
    )

    settings.RESUMES_DOWNLOADS_PER_ORG_PER_DAY = 1
    quota = api_as(bob).get(url)
    assert (quota.status_code, quota.json()["code"]) == (429, "download_quota_exceeded")


def test_pi_08_who_viewed_me(
    alice: User, bob: User, yan: User, api_as: Api, resume: Resume, company_a: Organisation
) -> None:
    actions.set_visibility(resume, Visibility.EMPLOYERS, actor=cli_actor(alice))
    assert api_as(alice).get("me/resume-views").json() == {
        "items": [],
        "total": 0,
        "page": 1,
        "page_size": 20,
    }
    api_as(bob).get(f"employer/resumes/{resume.pk}")
    rows = api_as(alice).get("me/resume-views").json()
    assert rows["total"] == 1
    item = rows["items"][0]
    assert (item["organisation"], item["kind"], item["source"]) == (
        "深圳蓝海科技有限公司",
        "view",
        "search",
    )
    assert api_as(yan).get("me/resume-views").json()["total"] == 0
    assert api_as(None).get("me/resume-views").status_code == 401


def test_hidden_organisations_api(
    alice: User, yan: User, api_as: Api, company_a: Organisation
) -> None:
    api = api_as(alice)
    found = api.get("me/hidden-organisations/lookup?q=蓝海").json()
    assert [o["uscc"] for o in found] == [company_a.uscc]
    created = api.post("me/hidden-organisations", {"organisation_id": found[0]["id"]})
    assert created.status_code == 201
    again = api.post("me/hidden-organisations", {"uscc": company_a.uscc})
    assert (again.status_code, again.json()["code"]) == (409, "already_hidden")
    bad = api.post("me/hidden-organisations", {"uscc": "123"})
    assert (bad.status_code, bad.json()["code"]) == (400, "uscc_format")
    hid = created.json()["id"]
    assert api_as(yan).delete(f"me/hidden-organisations/{hid}").status_code == 404
    assert HiddenOrganisation.objects.count() == 1
    assert api.delete(f"me/hidden-organisations/{hid}").status_code == 204
    assert HiddenOrganisation.objects.count() == 0


@pytest.mark.parametrize(("name", "data"), [("cv.pdf", cv_pdf()), ("cv.docx", cv_docx())])
def test_cv_import_preview_saves_nothing_and_confirm_saves_only_ticked_items(
    alice: User, name: str, data: bytes
) -> None:
    client = Client()
    client.force_login(alice, backend="rencai.accounts.backends.RencaiBackend")
    preview = client.post(
        "/api/v1/me/resumes/import-preview", {"file": SimpleUploadedFile(name, data)}
    )
    assert preview.status_code == 200, preview.content
    proposal = preview.json()
    assert proposal["fields"]["full_name"] == "王爱丽"
    assert proposal["fields"]["phone"] == "138 0013 8001"
    assert proposal["fields"]["email"] == "alice.wang@example.com"
    assert [e["organisation"] for e in proposal["entries"] if e["kind"] == "education"] == [
        "华南理工大学",
        "中山大学",
    ]
    assert "Django" in proposal["skills"]
    assert not Resume.objects.exists()

    work = next(e for e in proposal["entries"] if e["kind"] == "work")
    confirm = client.post(
        "/api/v1/me/resumes/import-confirm",
        {
            "title": "导入的简历",
            "fields": {"full_name": "王爱丽", "email": proposal["fields"]["email"]},
            "entries": [
                {
                    k: work[k]
                    for k in (
                        "kind",
                        "organisation",
                        "title",
                        "start",
                        "end",
                        "description",
                        "degree",
                    )
                }
            ],
            "skills": ["Django", "Python"],
        },
        content_type="application/json",
    )
    assert confirm.status_code == 200, confirm.content
    resume = Resume.objects.get(owner=alice)
    assert resume.phone == ""  # not ticked, not saved
    assert resume.email == "alice.wang@example.com"
    assert list(resume.entries.values_list("organisation", flat=True)) == [work["organisation"]]
    assert [s["name"] for s in resume.skills] == ["Django", "Python"]
    assert resume.visibility == "hidden"


def test_cv_import_refuses_a_file_without_text(alice: User) -> None:
    client = Client()
    client.force_login(alice, backend="rencai.accounts.backends.RencaiBackend")
    from rencai.testing.resumes import cv_pdf as make_pdf

    response = client.post(
        "/api/v1/me/resumes/import-preview", {"file": SimpleUploadedFile("scan.pdf", make_pdf([]))}
    )
    assert (response.status_code, response.json()["code"]) == (400, "import_no_text")


def test_attachments_api(alice: User, yan: User, resume: Resume) -> None:
    client = Client()
    client.force_login(alice, backend="rencai.accounts.backends.RencaiBackend")
    base = f"/api/v1/me/resumes/{resume.pk}/attachments"
    added = client.post(
        base, {"file": SimpleUploadedFile("cv.docx", cv_docx()), "title": "中文简历"}
    )
    assert added.status_code == 201, added.content
    body = added.json()
    assert (body["kind"], body["has_text"], body["title"]) == ("docx", True, "中文简历")
    assert resume.attachments.get().extracted_text.startswith("个人简历")
    exe = client.post(base, {"file": SimpleUploadedFile("cv.pdf", b"MZ\x90\x00binary")})
    assert (exe.status_code, exe.json()["code"]) == (400, "file_type_not_allowed")
    got: Any = client.get(f"{base}/{body['id']}/file")
    assert got.status_code == 200 and b"".join(got.streaming_content) == cv_docx()
    other = Client()
    other.force_login(yan, backend="rencai.accounts.backends.RencaiBackend")
    assert other.get(f"{base}/{body['id']}/file").status_code == 404
    assert other.delete(f"{base}/{body['id']}").status_code == 404
    assert client.delete(f"{base}/{body['id']}").status_code == 204
    assert not resume.attachments.exists()


def test_pi_07_agencies_never_get_contact_details_even_with_an_application(
    alice: User,
    bob: User,
    carol: User,
    api_as: Api,
    resume: Resume,
    company_a: Organisation,
    agency: Organisation,
    send_application: Callable[..., Any],
) -> None:
    application = send_application(resume, company_a, bob)
    send_application(resume, agency, carol, posting=application.posting, status="rejected")
    response = api_as(carol).get(f"employer/resumes/{resume.pk}")
    card = response.json()
    assert card["masked"] is False and card["name"] == "王爱丽"
    assert (card["phone"], card["email"], card["can_download"]) == ("", "", False)
    assert "13800138001" not in response.content.decode()
    html = Client()
    html.force_login(carol, backend="rencai.accounts.backends.RencaiBackend")
    page = html.get(f"/employer/resumes/{resume.pk}/").content.decode()
    assert 'id="agency-note"' in page and "138 0013 8001" not in page
    assert "alice.wang@example.com" not in page


def test_dis_09_optional_photo_only_with_the_full_resume(
    alice: User,
    bob: User,
    dave: User,
    resume: Resume,
    company_a: Organisation,
    company_b: Organisation,
    send_application: Callable[..., Any],
) -> None:
    from rencai.testing.orgs import demo_image

    client = Client()
    client.force_login(alice, backend="rencai.accounts.backends.RencaiBackend")
    base = f"/api/v1/me/resumes/{resume.pk}/photo"
    pdf = client.post(base, {"file": SimpleUploadedFile("me.pdf", cv_pdf())})
    assert (pdf.status_code, pdf.json()["code"]) == (400, "file_type_not_allowed")
    saved = client.post(base, {"file": SimpleUploadedFile("me.png", demo_image("ME"))})
    assert saved.status_code == 200 and saved.json()["has_photo"] is True
    assert client.get(base).status_code == 200
    actions.set_visibility(resume, Visibility.EMPLOYERS, actor=cli_actor(alice))
    bob_api, dave_api = api_as_client(bob), api_as_client(dave)
    card = bob_api.get(f"/api/v1/employer/resumes/{resume.pk}").json()
    assert card["photo_id"] is None  # masked: no photo
    assert bob_api.get(f"/api/v1/employer/resumes/{resume.pk}/photo").status_code == 404
    send_application(resume, company_a, bob)
    full = bob_api.get(f"/api/v1/employer/resumes/{resume.pk}").json()
    assert full["photo_id"]
    assert bob_api.get(f"/api/v1/employer/resumes/{resume.pk}/photo").status_code == 200
    assert dave_api.get(f"/api/v1/employer/resumes/{resume.pk}/photo").status_code == 404
    assert client.delete(base).status_code == 204
    assert Resume.objects.get(pk=resume.pk).photo is None


def api_as_client(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="rencai.accounts.backends.RencaiBackend")
    return client


def test_pi_08_a_reload_is_not_another_view(
    alice: User, bob: User, api_as: Api, resume: Resume, company_a: Organisation
) -> None:
    import datetime as dt

    import time_machine

    actions.set_visibility(resume, Visibility.EMPLOYERS, actor=cli_actor(alice))
    start = dt.datetime(2026, 12, 7, 9, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        api_as(bob).get(f"employer/resumes/{resume.pk}")
        api_as(bob).get(f"employer/resumes/{resume.pk}")
    with time_machine.travel(start + dt.timedelta(minutes=11), tick=False):
        api_as(bob).get(f"employer/resumes/{resume.pk}")
    assert ResumeView.objects.filter(resume=resume).count() == 2


def test_pi_09_download_after_an_accepted_invitation_is_recorded_as_such(
    alice: User,
    dave: User,
    api_as: Api,
    resume: Resume,
    company_b: Organisation,
    accept_invitation: Callable[..., Any],
) -> None:
    accept_invitation(resume, company_b, dave)
    response = api_as(dave).get(f"employer/resumes/{resume.pk}/download")
    assert response.status_code == 200
    assert ResumeView.objects.get(kind="download").source == "invitation"

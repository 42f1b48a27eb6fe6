"""The employer pages: every page renders for the right person, forms post through the
actions and show their errors, and nobody sees another organisation's pages or files."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone, translation
from django.utils.html import escape

from rencai.accounts.choices import Role
from rencai.accounts.models import User
from rencai.core.actors import cli_actor
from rencai.core.identifiers import IdentifierError, validate_uscc
from rencai.files.choices import DOCUMENT_KINDS, IMAGE_KINDS
from rencai.files.errors import FileErrorCode, file_error
from rencai.orgs import actions
from rencai.orgs.actions.clock import issue_display_notice
from rencai.orgs.choices import (
    DecisionReason,
    InvitationStatus,
    MemberRole,
    MembershipStatus,
    OrgStatus,
)
from rencai.orgs.errors import MESSAGES, OrgErrorCode
from rencai.orgs.models import Invitation, JoinRequest, Membership, Organisation, OrgDocument
from rencai.orgs.queries import active_membership, open_request
from rencai.testing import mail
from rencai.testing.orgs import AGENCY, COMPANY_A, COMPANY_B, demo_image, prepare
from rencai.testing.personas import register_person

pytestmark = pytest.mark.django_db
LOGIN = "rencai.accounts.backends.RencaiBackend"
PHP = b"<?php system($_GET['c']); ?>"


def signed_in(client: Client, user: User) -> Client:
    client.force_login(user, backend=LOGIN)
    return client


def shown(response: Any, message: Any) -> bool:
    """``message`` (lazy or plain) appears in the page, in the language it was rendered in."""
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        text = str(message)
    return escape(text) in response.content.decode()


def png(name: str = "licence.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, demo_image("TEST", size=(200, 140)), content_type="image/png")


def php_as_png() -> SimpleUploadedFile:
    return SimpleUploadedFile("shell.png", PHP, content_type="image/png")


def url(name: str, org: Organisation) -> str:
    return {
        "detail": f"/orgs/{org.pk}/",
        "details": f"/orgs/{org.pk}/setup/details/",
        "profile": f"/orgs/{org.pk}/setup/profile/",
        "documents": f"/orgs/{org.pk}/setup/documents/",
        "authority": f"/orgs/{org.pk}/setup/authority/",
        "submit": f"/orgs/{org.pk}/setup/submit/",
        "change": f"/orgs/{org.pk}/change/",
        "reverify": f"/orgs/{org.pk}/reverify/",
        "members": f"/orgs/{org.pk}/members/",
        "leave": f"/orgs/{org.pk}/leave/",
        "company": f"/companies/{org.pk}/",
    }[name]


@pytest.fixture
def draft(bob: User) -> Organisation:
    """Company A with a complete profile and evidence, not yet submitted."""
    return prepare(COMPANY_A, bob)


@pytest.fixture
def agency_draft(carol: User) -> Organisation:
    return prepare(AGENCY, carol)


REGISTERED = {
    "account_class": "employer",
    "legal_name": COMPANY_A.legal_name,
    "uscc": COMPANY_A.uscc,
    "legal_representative": COMPANY_A.legal_representative,
    "registered_address": COMPANY_A.registered_address,
}


# --- start and create -----------------------------------------------------------------


def test_start_page_offers_registration_to_staff_without_organisation(
    client: Client, bob: User
) -> None:
    response = signed_in(client, bob).get("/orgs/")
    assert response.status_code == 200
    assert b'href="/orgs/new/"' in response.content


def test_start_page_sends_a_member_to_the_organisation(
    client: Client, bob: User, company_a: Organisation
) -> None:
    response = signed_in(client, bob).get("/orgs/")
    assert response.status_code == 302 and response["Location"] == url("detail", company_a)


def test_seeker_cannot_register_an_organisation(client: Client, alice: User) -> None:
    client = signed_in(client, alice)
    assert client.get("/orgs/new/").status_code == 403
    assert client.post("/orgs/new/", REGISTERED).status_code == 403
    start = client.get("/orgs/")
    assert start.status_code == 200 and b'href="/orgs/new/"' not in start.content
    assert not Organisation.objects.exists()


def test_create_page_renders_with_the_steps(client: Client, bob: User) -> None:
    response = signed_in(client, bob).get("/orgs/new/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="steps"' in html and 'aria-current="step"' in html
    assert 'name="uscc"' in html and 'name="account_class"' in html


def test_create_with_a_bad_check_character_shows_the_field_error(client: Client, bob: User) -> None:
    bad = COMPANY_A.uscc[:-1] + ("F" if COMPANY_A.uscc[-1] != "F" else "G")
    with pytest.raises(IdentifierError) as refused:
        validate_uscc(bad)
    assert refused.value.code == "uscc_checksum"
    response = signed_in(client, bob).post("/orgs/new/", {**REGISTERED, "uscc": bad})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_uscc_error"' in html
    assert shown(response, refused.value.message)
    assert f'value="{COMPANY_A.legal_name}"' in html  # what was typed is kept
    assert not Organisation.objects.exists()


def test_create_registers_a_draft_and_continues_with_the_profile(client: Client, bob: User) -> None:
    response = signed_in(client, bob).post("/orgs/new/", REGISTERED)
    org = Organisation.objects.get(uscc=COMPANY_A.uscc)
    assert response.status_code == 302 and response["Location"] == url("profile", org)
    assert org.status == OrgStatus.DRAFT
    membership = active_membership(bob)
    assert membership is not None and membership.organisation_id == org.pk
    assert membership.role == MemberRole.ADMIN


def test_create_with_a_registered_credit_code_offers_to_join(
    client: Client, bob: User, company_b: Organisation
) -> None:
    response = signed_in(client, bob).post(
        "/orgs/new/", {**REGISTERED, "uscc": COMPANY_B.uscc, "legal_name": COMPANY_B.legal_name}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="uscc-taken"' in html
    assert f'href="/orgs/{company_b.pk}/join/"' in html
    assert shown(response, MESSAGES[OrgErrorCode.USCC_TAKEN])
    assert Organisation.objects.count() == 1


# --- the wizard -----------------------------------------------------------------------


@pytest.mark.parametrize("step", ["details", "profile", "documents", "authority", "submit"])
def test_wizard_pages_render_for_a_draft(
    client: Client, bob: User, draft: Organisation, step: str
) -> None:
    response = signed_in(client, bob).get(url(step, draft))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="wizard-steps"' in html and 'aria-current="step"' in html
    assert 'id="wizard-status"' in html
    assert draft.legal_name in html
    # every step but the current one is a link
    for other in ("details", "profile", "documents", "authority", "submit"):
        if other != step:
            assert f'href="{url(other, draft)}"' in html


def test_details_step_saves_corrections(client: Client, bob: User, draft: Organisation) -> None:
    response = signed_in(client, bob).post(
        url("details", draft), {**REGISTERED, "registered_address": "深圳市南山区科苑路16号"}
    )
    assert response.status_code == 302 and response["Location"] == url("profile", draft)
    draft.refresh_from_db()
    assert draft.registered_address == "深圳市南山区科苑路16号"


def test_profile_step_saves_the_profile(client: Client, bob: User, draft: Organisation) -> None:
    data = {
        "form": "profile",
        "industry": "65",
        "size": "20_99",
        "website": "https://lanhai.example",
        "introduction": "新的介绍",
        "logo": png("logo.png"),
    }
    response = signed_in(client, bob).post(url("profile", draft), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.size, draft.introduction) == ("20_99", "新的介绍")
    assert draft.logo is not None
    page = client.get(url("profile", draft))
    assert "logo.png" in page.content.decode()


def test_profile_refuses_a_php_file_renamed_png_and_keeps_the_other_fields(
    client: Client, bob: User, draft: Organisation
) -> None:
    data = {
        "form": "profile",
        "industry": "65",
        "size": "20_99",
        "website": "",
        "introduction": "这段介绍应当保留",
        "logo": php_as_png(),
    }
    response = signed_in(client, bob).post(url("profile", draft), data)
    assert response.status_code == 200
    html = response.content.decode()
    refusal = file_error(FileErrorCode.TYPE_NOT_ALLOWED, field="logo", accept=IMAGE_KINDS)
    assert shown(response, refusal.message)
    assert 'id="id_logo_error"' in html
    assert "这段介绍应当保留" in html
    draft.refresh_from_db()
    assert draft.logo is None and draft.introduction != "这段介绍应当保留"


def test_profile_shows_field_errors(client: Client, bob: User, draft: Organisation) -> None:
    response = signed_in(client, bob).post(
        url("profile", draft), {"form": "profile", "industry": "", "size": "huge"}
    )
    assert response.status_code == 200
    assert b'id="id_industry_error"' in response.content
    assert b'id="id_size_error"' in response.content


def test_offices_are_added_and_removed(client: Client, bob: User, draft: Organisation) -> None:
    client = signed_in(client, bob)
    first = client.get(url("profile", draft))
    assert "广东省 深圳市 南山区" in first.content.decode()
    added = client.post(
        url("profile", draft),
        {"form": "location", "division": "110105", "address": "建国路1号"},
    )
    assert added.status_code == 302
    office = draft.locations.get(address="建国路1号")
    page = client.get(url("profile", draft)).content.decode()
    assert "北京市 朝阳区" in page
    assert f'name="location" value="{office.pk}"' in page
    assert "data-confirm=" in page
    removed = client.post(
        url("profile", draft), {"form": "remove_location", "location": str(office.pk)}
    )
    assert removed.status_code == 302
    assert not draft.locations.filter(pk=office.pk).exists()


def test_an_office_needs_a_district(client: Client, bob: User, draft: Organisation) -> None:
    response = signed_in(client, bob).post(
        url("profile", draft), {"form": "location", "division": "440000", "address": "某路1号"}
    )
    assert response.status_code == 200
    assert b"has-error" in response.content
    assert draft.locations.count() == 1


def test_documents_step_shows_the_current_file_and_takes_a_new_one(
    client: Client, bob: User, draft: Organisation
) -> None:
    client = signed_in(client, bob)
    page = client.get(url("documents", draft))
    html = page.content.decode()
    current = OrgDocument.objects.get(
        organisation=draft, kind="business_licence", superseded_at=None
    )
    assert f'/orgs/{draft.pk}/documents/{current.pk}"' in html
    assert 'name="form" value="doc_business_licence"' in html
    assert 'name="business_licence-file"' in html
    assert 'enctype="multipart/form-data"' in html
    response = client.post(
        url("documents", draft), {"form": "doc_business_licence", "business_licence-file": png()}
    )
    assert response.status_code == 302
    assert OrgDocument.objects.filter(organisation=draft, kind="business_licence").count() == 2


def test_documents_step_refuses_a_php_upload(
    client: Client, bob: User, draft: Organisation
) -> None:
    response = signed_in(client, bob).post(
        url("documents", draft),
        {"form": "doc_business_licence", "business_licence-file": php_as_png()},
    )
    assert response.status_code == 200
    refusal = file_error(FileErrorCode.TYPE_NOT_ALLOWED, field="file", accept=DOCUMENT_KINDS)
    assert shown(response, refusal.message)
    assert OrgDocument.objects.filter(organisation=draft, kind="business_licence").count() == 1


def test_an_employer_has_no_licence_or_services_forms(
    client: Client, bob: User, draft: Organisation
) -> None:
    html = signed_in(client, bob).get(url("documents", draft)).content.decode()
    assert 'value="doc_hr_licence"' not in html
    assert 'id="services-form"' not in html


def test_agency_documents_step_has_licence_and_services_forms(
    client: Client, carol: User, agency_draft: Organisation
) -> None:
    html = signed_in(client, carol).get(url("documents", agency_draft)).content.decode()
    assert 'value="doc_hr_licence"' in html and 'name="hr_licence-file"' in html
    assert 'id="licence-form"' in html and "010-12333" in html
    # a browser date input shows only ISO dates, whatever the language
    valid_from = agency_draft.agency_licence.valid_from.isoformat()
    assert f'name="valid_from" value="{valid_from}"' in html
    assert 'name="services-TOTAL_FORMS"' in html and 'name="services-INITIAL_FORMS"' in html
    assert "候选人首年年薪的20%" in html


def test_agency_services_formset_saves_and_shows_row_errors(
    client: Client, carol: User, agency_draft: Organisation
) -> None:
    client = signed_in(client, carol)
    management = {
        "form": "services",
        "services-TOTAL_FORMS": "2",
        "services-INITIAL_FORMS": "0",
        "services-MIN_NUM_FORMS": "0",
        "services-MAX_NUM_FORMS": "30",
    }
    paid_without_fee = {
        **management,
        "services-0-name": "职业指导",
        "services-0-is_free": "on",
        "services-1-name": "人才寻访",
        "services-1-fee_standard": "",
    }
    refused = client.post(url("documents", agency_draft), paid_without_fee)
    assert refused.status_code == 200
    assert shown(refused, MESSAGES[OrgErrorCode.FEE_MISSING])
    assert 'value="人才寻访"' in refused.content.decode()
    saved = client.post(
        url("documents", agency_draft),
        {**paid_without_fee, "services-1-fee_standard": "年薪的15%"},
    )
    assert saved.status_code == 302
    services = list(agency_draft.services.values_list("name", "is_free", "fee_standard"))
    assert services == [("职业指导", True, ""), ("人才寻访", False, "年薪的15%")]


def test_agency_licence_form_shows_errors(
    client: Client, carol: User, agency_draft: Organisation
) -> None:
    response = signed_in(client, carol).post(
        url("documents", agency_draft),
        {
            "form": "licence",
            "number": "（京）人服证字第1号",
            "issuing_authority": "北京市朝阳区人力资源和社会保障局",
            "valid_from": "2026-01-01",
            "valid_until": "2025-01-01",
            "scope": "职业中介",
            "supervisor_name": "北京市朝阳区人力资源和社会保障局",
            "supervisor_phone": "010-12333",
        },
    )
    assert response.status_code == 200
    assert shown(response, MESSAGES[OrgErrorCode.AGENCY_LICENCE_DATES])


def test_verified_agency_sees_its_licence_read_only(
    client: Client, carol: User, agency: Organisation
) -> None:
    html = signed_in(client, carol).get(url("documents", agency)).content.decode()
    assert 'id="licence-readonly"' in html and 'id="licence-form"' not in html
    assert 'id="services-form"' in html  # fees stay editable (VER-07 updates)


def test_authority_step_shows_three_methods(client: Client, bob: User, draft: Organisation) -> None:
    html = signed_in(client, bob).get(url("authority", draft)).content.decode()
    for card in ("method-letter", "method-email", "method-legal-rep"):
        assert f'id="{card}"' in html
    assert 'name="letter-file"' in html
    assert 'id="code-form"' not in html
    # Bob is not 林海, the legal representative
    assert COMPANY_A.legal_representative in html


def test_authority_letter_refuses_a_php_upload(
    client: Client, bob: User, draft: Organisation
) -> None:
    response = signed_in(client, bob).post(
        url("authority", draft), {"form": "letter", "letter-file": php_as_png()}
    )
    assert response.status_code == 200
    refusal = file_error(FileErrorCode.TYPE_NOT_ALLOWED, field="file", accept=DOCUMENT_KINDS)
    assert shown(response, refusal.message)


def test_company_email_code_flow(client: Client, bob: User, draft: Organisation) -> None:
    client = signed_in(client, bob)
    public = client.post(url("authority", draft), {"form": "email", "email": "bob@qq.com"})
    assert public.status_code == 200
    assert shown(public, MESSAGES[OrgErrorCode.EMAIL_PUBLIC_DOMAIN])
    sent = client.post(url("authority", draft), {"form": "email", "email": "bob@lanhai.example"})
    assert sent.status_code == 302
    page = client.get(url("authority", draft)).content.decode()
    assert 'id="code-form"' in page and 'id="email-confirmed"' not in page
    wrong = client.post(url("authority", draft), {"form": "code", "code": "000000x"})
    assert wrong.status_code == 200 and shown(wrong, MESSAGES[OrgErrorCode.EMAIL_CODE_INVALID])
    code = mail.latest_code("bob@lanhai.example")
    assert code is not None
    confirmed = client.post(url("authority", draft), {"form": "code", "code": code})
    assert confirmed.status_code == 302
    page = client.get(url("authority", draft)).content.decode()
    assert 'id="email-confirmed"' in page


def test_submit_step_summarises_and_submits(client: Client, bob: User, draft: Organisation) -> None:
    client = signed_in(client, bob)
    page = client.get(url("submit", draft))
    html = page.content.decode()
    assert COMPANY_A.uscc in html and "广东省 深圳市 南山区" in html
    assert 'id="missing"' not in html  # prepare() completed every step
    assert 'name="authority_method" value="letter"' in html
    # Bob is not the legal representative: that proof is shown but cannot be chosen
    assert 'value="legal_rep" id="id_authority_method_2" disabled' in html
    assert 'name="declaration"' in html
    undeclared = client.post(url("submit", draft), {"authority_method": "letter"})
    assert undeclared.status_code == 200 and b'id="id_declaration_error"' in undeclared.content
    response = client.post(
        url("submit", draft), {"authority_method": "letter", "declaration": "on"}
    )
    assert response.status_code == 302 and response["Location"] == url("detail", draft)
    draft.refresh_from_db()
    assert draft.status == OrgStatus.PENDING
    again = client.get(url("submit", draft)).content.decode()
    assert 'id="request-open"' in again and 'id="submit-form"' not in again
    detail = client.get(url("detail", draft)).content.decode()
    assert 'id="request-open"' in detail and 'id="request-1"' in detail


def test_submit_step_refuses_the_legal_rep_proof_for_someone_else(
    client: Client, bob: User, draft: Organisation
) -> None:
    response = signed_in(client, bob).post(
        url("submit", draft), {"authority_method": "legal_rep", "declaration": "on"}
    )
    assert response.status_code == 200
    assert shown(response, MESSAGES[OrgErrorCode.LEGAL_REP_MISMATCH])
    draft.refresh_from_db()
    assert draft.status == OrgStatus.DRAFT


def test_submit_step_lists_what_is_missing(client: Client, bob: User) -> None:
    client = signed_in(client, bob)
    client.post("/orgs/new/", REGISTERED)
    org = Organisation.objects.get(uscc=COMPANY_A.uscc)
    response = client.get(url("submit", org))
    html = response.content.decode()
    assert 'id="missing"' in html
    for step in ("profile", "documents", "authority"):
        assert f'href="{url(step, org)}"' in html
    refused = client.post(url("submit", org), {"authority_method": "letter", "declaration": "on"})
    assert refused.status_code == 200
    assert shown(refused, MESSAGES[OrgErrorCode.DOCUMENT_MISSING])


def test_submit_step_explains_real_name_verification(client: Client) -> None:
    newcomer = register_person("13900139071", Role.EMPLOYER_STAFF, "新人")
    org = prepare(COMPANY_A, newcomer)
    response = signed_in(client, newcomer).get(url("submit", org))
    html = response.content.decode()
    assert 'id="real-name-needed"' in html
    assert 'href="/account/real-name/"' in html


def test_a_recruiter_cannot_open_the_wizard(
    client: Client, bob: User, dave: User, company_a: Organisation
) -> None:
    admin = active_membership(bob)
    assert admin is not None
    invitation = actions.invite(company_a, admin, "13800138004", "recruiter", actor=cli_actor(bob))
    actions.accept_invitation(invitation, dave, actor=cli_actor(dave))
    client = signed_in(client, dave)
    assert client.get(url("detail", company_a)).status_code == 200
    for step in ("details", "profile", "documents", "authority", "submit", "change", "reverify"):
        assert client.get(url(step, company_a)).status_code == 403, step


# --- the organisation page --------------------------------------------------------------


def test_detail_of_a_draft_shows_the_checklist(
    client: Client, bob: User, draft: Organisation
) -> None:
    html = signed_in(client, bob).get(url("detail", draft)).content.decode()
    assert 'id="checklist"' in html and 'id="continue-setup"' in html
    assert 'id="registration-file"' in html and "empty-state" in html
    assert 'id="posting"' in html


def test_detail_of_a_verified_organisation(
    client: Client, bob: User, company_a: Organisation
) -> None:
    html = signed_in(client, bob).get(url("detail", company_a)).content.decode()
    assert 'id="checklist"' not in html
    assert 'id="request-1"' in html
    assert f'href="{url("company", company_a)}"' in html
    assert f'href="{url("change", company_a)}"' in html
    assert f'href="{url("reverify", company_a)}"' in html
    assert 'id="reverify-soon"' not in html and 'id="display-suspended"' not in html


def test_detail_shows_the_reviewer_reasons_with_their_labels(
    client: Client, bob: User, oscar: User, draft: Organisation
) -> None:
    membership = active_membership(bob)
    assert membership is not None
    request = actions.submit_verification(
        draft, membership, authority_method="letter", actor=cli_actor(bob)
    )
    actions.decide(
        request,
        oscar,
        decision="request_more",
        reasons=[DecisionReason.LICENCE_UNREADABLE, DecisionReason.OTHER],
        note="请上传清晰的营业执照照片",
        actor=cli_actor(oscar),
    )
    response = signed_in(client, bob).get(url("detail", draft))
    html = response.content.decode()
    assert 'id="more-info"' in html
    assert shown(response, DecisionReason.LICENCE_UNREADABLE.label)
    assert shown(response, DecisionReason.OTHER.label)
    assert "请上传清晰的营业执照照片" in html


def test_detail_warns_before_reverification_and_shows_notices(
    client: Client, bob: User, oscar: User, company_a: Organisation
) -> None:
    Organisation.objects.filter(pk=company_a.pk).update(
        reverification_due_at=timezone.now() + dt.timedelta(days=12)
    )
    notice = issue_display_notice(company_a, "请更新公司简介中的地址信息", actor=cli_actor(oscar))
    client = signed_in(client, bob)
    html = client.get(url("detail", company_a)).content.decode()
    assert 'id="reverify-soon"' in html
    assert f'id="notice-{notice.pk}"' in html and "请更新公司简介中的地址信息" in html
    Organisation.objects.filter(pk=company_a.pk).update(
        display_suspended=True, reverification_required=True
    )
    html = client.get(url("detail", company_a)).content.decode()
    assert 'id="display-suspended"' in html and 'id="reverify-overdue"' in html


def test_reverify_and_change_pages_render(
    client: Client, bob: User, company_a: Organisation
) -> None:
    client = signed_in(client, bob)
    reverify = client.get(url("reverify", company_a)).content.decode()
    assert 'name="licence-file"' in reverify and 'name="authority_method"' in reverify
    change = client.get(url("change", company_a)).content.decode()
    assert 'id="change-form"' in change and 'name="legal_name"' in change


def test_reverification_through_the_page(
    client: Client, bob: User, company_a: Organisation
) -> None:
    Organisation.objects.filter(pk=company_a.pk).update(
        reverification_due_at=timezone.now() + dt.timedelta(days=5)
    )
    client = signed_in(client, bob)
    stale = client.post(
        url("reverify", company_a),
        {"form": "submit", "authority_method": "letter", "declaration": "on"},
    )
    assert stale.status_code == 200 and open_request(company_a) is None
    uploaded = client.post(url("reverify", company_a), {"form": "licence", "licence-file": png()})
    assert uploaded.status_code == 302
    submitted = client.post(
        url("reverify", company_a),
        {"form": "submit", "authority_method": "letter", "declaration": "on"},
    )
    assert submitted.status_code == 302
    request = open_request(company_a)
    assert request is not None and request.kind == "reverification"
    assert 'id="request-open"' in client.get(url("reverify", company_a)).content.decode()


def test_change_request_through_the_page(
    client: Client, bob: User, company_a: Organisation
) -> None:
    client = signed_in(client, bob)
    nothing = client.post(
        url("change", company_a), {"authority_method": "letter", "declaration": "on"}
    )
    assert nothing.status_code == 200 and shown(nothing, MESSAGES[OrgErrorCode.NO_CHANGES])
    response = client.post(
        url("change", company_a),
        {
            "legal_name": "深圳蓝海数智科技有限公司",
            "authority_method": "letter",
            "declaration": "on",
        },
    )
    assert response.status_code == 302
    company_a.refresh_from_db()
    assert company_a.legal_name == COMPANY_A.legal_name  # unchanged until approved
    request = open_request(company_a)
    assert request is not None and request.kind == "change"


# --- who sees what ----------------------------------------------------------------------


def test_bob_cannot_open_daves_organisation_or_files(
    client: Client, bob: User, company_a: Organisation, company_b: Organisation
) -> None:
    client = signed_in(client, bob)
    for name in (
        "detail",
        "details",
        "profile",
        "documents",
        "authority",
        "submit",
        "change",
        "reverify",
        "members",
        "leave",
    ):
        assert client.get(url(name, company_b)).status_code == 404, name
    daves_doc = OrgDocument.objects.filter(organisation=company_b).first()
    assert daves_doc is not None
    assert client.get(f"/orgs/{company_b.pk}/documents/{daves_doc.pk}").status_code == 404
    assert client.get(f"/orgs/{company_a.pk}/documents/{daves_doc.pk}").status_code == 404
    own = OrgDocument.objects.filter(organisation=company_a).first()
    assert own is not None
    assert client.get(f"/orgs/{company_a.pk}/documents/{own.pk}").status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client: Client, company_a: Organisation) -> None:
    response = client.get(url("detail", company_a))
    assert response.status_code == 302 and "login" in response["Location"]


# --- public pages -----------------------------------------------------------------------


def test_company_page_shows_the_label_and_verified_details(
    client: Client, company_a: Organisation
) -> None:
    response = client.get(url("company", company_a))
    assert response.status_code == 200
    html = response.content.decode()
    assert "招聘服务类" in html
    assert 'id="account-class"' in html and 'id="verified-badge"' in html
    assert shown(response, company_a.get_account_class_display())
    assert COMPANY_A.uscc in html and "广东省 深圳市 南山区" in html
    assert "软件和信息技术服务业" in html
    assert 'id="jobs"' in html and "empty-state" in html
    assert 'id="services"' not in html and 'id="hr-licence"' not in html


def test_agency_company_page_shows_services_fees_and_supervisor(
    client: Client, agency: Organisation
) -> None:
    html = client.get(url("company", agency)).content.decode()
    assert "招聘服务类" in html
    assert 'id="services"' in html and 'id="hr-licence"' in html
    for service in agency.services.all():
        assert service.name in html
    assert "候选人首年年薪的20%" in html and "每成功入职一人3000元" in html
    assert agency.agency_licence.number in html
    assert 'id="supervisor-phone"' in html and "010-12333" in html


def test_company_page_warns_when_the_service_is_suspended(
    client: Client, company_a: Organisation
) -> None:
    assert b'id="service-suspended"' not in client.get(url("company", company_a)).content
    Organisation.objects.filter(pk=company_a.pk).update(display_suspended=True)
    assert b'id="service-suspended"' in client.get(url("company", company_a)).content


def test_company_page_of_a_draft_is_not_found(client: Client, draft: Organisation) -> None:
    assert client.get(url("company", draft)).status_code == 404
    assert client.get(f"/companies/{draft.pk}/logo").status_code == 404


def test_companies_list_search_and_empty_state(
    client: Client, company_a: Organisation, company_b: Organisation, draft_b: Organisation
) -> None:
    html = client.get("/companies/").content.decode()
    assert company_a.legal_name in html and company_b.legal_name in html
    assert draft_b.legal_name not in html
    found = client.get("/companies/", {"q": "青禾"}).content.decode()
    assert company_b.legal_name in found and company_a.legal_name not in found
    nothing = client.get("/companies/", {"q": "不存在的公司"}).content.decode()
    assert "empty-state" in nothing and "不存在的公司" in nothing


@pytest.fixture
def draft_b(db: None) -> Organisation:
    """An unsubmitted organisation of a fresh employer recruiter."""
    owner = register_person("13900139072", Role.EMPLOYER_STAFF, "草稿")
    return actions.create_organisation(
        owner,
        actions.RegisteredDetails(
            legal_name="杭州未提交科技有限公司",
            uscc="91330106MA2GL0NE0Y",
            legal_representative="章三",
            registered_address="浙江省杭州市西湖区文三路1号",
            account_class="employer",
        ),
        actor=cli_actor(owner),
    )


# --- members ----------------------------------------------------------------------------


def test_members_invite_revoke_and_errors(
    client: Client, bob: User, company_a: Organisation
) -> None:
    client = signed_in(client, bob)
    page = client.get(url("members", company_a)).content.decode()
    assert 'id="invite-form"' in page and bob.display_name in page
    bad = client.post(
        url("members", company_a), {"form": "invite", "phone": "123", "role": "recruiter"}
    )
    assert bad.status_code == 200 and b'id="id_phone_error"' in bad.content
    sent = client.post(
        url("members", company_a), {"form": "invite", "phone": "13900139077", "role": "recruiter"}
    )
    assert sent.status_code == 302
    invitation = Invitation.objects.get(organisation=company_a)
    page = client.get(url("members", company_a)).content.decode()
    assert "139****9077" in page and f'value="{invitation.pk}"' in page
    twice = client.post(
        url("members", company_a), {"form": "invite", "phone": "13900139077", "role": "recruiter"}
    )
    assert twice.status_code == 200 and shown(twice, MESSAGES[OrgErrorCode.INVITATION_PENDING])
    revoked = client.post(url("members", company_a), {"form": "revoke", "id": str(invitation.pk)})
    assert revoked.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.REVOKED


def test_invitation_is_answered_from_the_start_page(
    client: Client, bob: User, dave: User, company_a: Organisation
) -> None:
    signed_in(client, bob).post(
        url("members", company_a), {"form": "invite", "phone": "13800138004", "role": "admin"}
    )
    invitation = Invitation.objects.get(organisation=company_a)
    dave_client = signed_in(Client(), dave)
    start = dave_client.get("/orgs/").content.decode()
    assert 'id="invitations"' in start and company_a.legal_name in start
    accepted = dave_client.post(f"/orgs/invitations/{invitation.pk}/accept/")
    assert accepted.status_code == 302
    membership = active_membership(dave)
    assert membership is not None and membership.role == MemberRole.ADMIN


def test_remove_a_member_hands_their_work_to_a_successor(
    client: Client, bob: User, dave: User, company_a: Organisation
) -> None:
    bob_membership = active_membership(bob)
    assert bob_membership is not None
    invitation = actions.invite(
        company_a, bob_membership, "13800138004", "recruiter", actor=cli_actor(bob)
    )
    dave_membership = actions.accept_invitation(invitation, dave, actor=cli_actor(dave))
    client = signed_in(client, bob)
    promoted = client.post(
        url("members", company_a), {"form": "role", "id": str(dave_membership.pk), "role": "admin"}
    )
    assert promoted.status_code == 302
    dave_membership.refresh_from_db()
    assert dave_membership.role == MemberRole.ADMIN
    # Dave now owns an open invitation: it must go to someone.
    actions.invite(company_a, dave_membership, "13900139078", "recruiter", actor=cli_actor(dave))
    members = client.get(url("members", company_a)).content.decode()
    remove_url = f"/orgs/{company_a.pk}/members/{dave_membership.pk}/remove/"
    assert f'href="{remove_url}"' in members
    page = client.get(remove_url)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="access-ends"' in html and 'id="owned-items"' in html and "data-confirm=" in html
    assert f'value="{bob_membership.pk}"' in html and f'value="{dave_membership.pk}"' not in html
    no_successor = client.post(remove_url, {"successor": ""})
    assert no_successor.status_code == 200
    assert shown(no_successor, MESSAGES[OrgErrorCode.SUCCESSOR_REQUIRED])
    removed = client.post(remove_url, {"successor": str(bob_membership.pk)})
    assert removed.status_code == 302 and removed["Location"] == url("members", company_a)
    dave_membership.refresh_from_db()
    assert dave_membership.status == MembershipStatus.ENDED
    handed_over = Invitation.objects.get(organisation=company_a, status=InvitationStatus.PENDING)
    assert handed_over.invited_by_id == bob_membership.pk
    assert client.get(url("members", company_a)).status_code == 200
    assert signed_in(Client(), dave).get(url("detail", company_a)).status_code == 404


def test_the_last_administrator_cannot_step_down(
    client: Client, bob: User, company_a: Organisation
) -> None:
    own = active_membership(bob)
    assert own is not None
    response = signed_in(client, bob).post(
        url("members", company_a),
        {"form": "role", "id": str(own.pk), "role": "recruiter"},
        follow=True,
    )
    assert shown(response, MESSAGES[OrgErrorCode.LAST_ADMIN])
    own.refresh_from_db()
    assert own.role == MemberRole.ADMIN


def test_a_recruiter_sees_the_members_without_actions(
    client: Client, bob: User, dave: User, company_a: Organisation
) -> None:
    admin = active_membership(bob)
    assert admin is not None
    invitation = actions.invite(company_a, admin, "13800138004", "recruiter", actor=cli_actor(bob))
    actions.accept_invitation(invitation, dave, actor=cli_actor(dave))
    client = signed_in(client, dave)
    html = client.get(url("members", company_a)).content.decode()
    assert bob.display_name in html and dave.display_name in html
    assert 'id="invite-form"' not in html and 'name="form" value="role"' not in html
    assert "/remove/" not in html and f'href="{url("leave", company_a)}"' in html
    forbidden = client.post(
        url("members", company_a), {"form": "invite", "phone": "13900139079", "role": "admin"}
    )
    assert forbidden.status_code == 403
    assert not Invitation.objects.filter(role="admin").exists()
    leave = client.get(url("leave", company_a))
    assert leave.status_code == 200 and b'id="access-ends"' in leave.content
    left = client.post(url("leave", company_a), {"successor": ""})
    assert left.status_code == 302 and active_membership(dave) is None


def test_join_request_is_sent_and_approved(
    client: Client, bob: User, dave: User, company_a: Organisation
) -> None:
    dave_client = signed_in(Client(), dave)
    page = dave_client.get(f"/orgs/{company_a.pk}/join/")
    assert page.status_code == 200 and company_a.legal_name in page.content.decode()
    sent = dave_client.post(f"/orgs/{company_a.pk}/join/", {"message": "销售部 招聘主管"})
    assert sent.status_code == 302
    join = JoinRequest.objects.get(organisation=company_a, user=dave)
    assert 'id="join-requests"' in dave_client.get("/orgs/").content.decode()
    client = signed_in(client, bob)
    detail = client.get(url("detail", company_a)).content.decode()
    assert f'href="{url("members", company_a)}#join-requests"' in detail
    members = client.get(url("members", company_a)).content.decode()
    assert "销售部 招聘主管" in members and f'value="{join.pk}"' in members
    approved = client.post(url("members", company_a), {"form": "approve", "id": str(join.pk)})
    assert approved.status_code == 302
    membership = active_membership(dave)
    assert membership is not None and membership.organisation_id == company_a.pk
    assert Membership.objects.filter(organisation=company_a, status="active").count() == 2


def test_the_only_member_is_told_to_invite_a_successor_before_leaving(
    client: Client, bob: User, company_a: Organisation
) -> None:
    response = signed_in(client, bob).get(url("leave", company_a))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="no-successor"' in html and 'id="end-membership-form"' not in html


def test_agency_proposes_a_renewed_licence_through_review(client, agency, carol) -> None:
    from rencai.orgs.models import VerificationRequest

    client.force_login(carol, backend="rencai.accounts.backends.RencaiBackend")
    url = f"/orgs/{agency.pk}/change/"
    page = client.get(url).content.decode()
    assert 'id="licence-change"' in page
    assert (
        'value="' + agency.agency_licence.valid_from.isoformat() + '"' in page
    )  # ISO for date pickers
    data = {
        "authority_method": "letter",
        "declaration": "on",
        "licence-number": "（京）人服证字〔2026〕第0105007777号",
        "licence-issuing_authority": "北京市朝阳区人力资源和社会保障局",
        "licence-valid_from": "2026-11-01",
        "licence-valid_until": "2031-10-31",
        "licence-scope": "职业中介、人才寻访",
        "licence-supervisor_name": "北京市朝阳区人力资源和社会保障局",
        "licence-supervisor_phone": "010-12333",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    request = VerificationRequest.objects.get(organisation=agency, kind="change")
    assert request.snapshot["agency_licence"]["number"].endswith("0105007777号")
    agency.refresh_from_db()
    assert agency.agency_licence.number.endswith("0105001234号")  # unchanged until approved


def test_members_see_the_logo_before_verification(client, bob) -> None:
    from rencai.core.actors import cli_actor
    from rencai.files.choices import IMAGE_KINDS
    from rencai.files.inspect import check_bytes
    from rencai.orgs import actions
    from rencai.testing import orgs as seeds

    org = seeds.prepare(seeds.COMPANY_A, bob)
    logo = check_bytes(seeds.demo_image("LOGO", size=(64, 64)), "logo.png", accept=IMAGE_KINDS)
    actions.set_logo(org, logo, actor=cli_actor(bob))
    client.force_login(bob, backend="rencai.accounts.backends.RencaiBackend")
    assert client.get(f"/orgs/{org.pk}/logo").status_code == 200
    assert client.get(f"/companies/{org.pk}/logo").status_code == 404  # not public yet

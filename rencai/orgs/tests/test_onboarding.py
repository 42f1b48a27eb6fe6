"""Registering an organisation, its evidence and verification (VER-02…VER-07, LIC-07)."""

from __future__ import annotations

import pytest

from rencai.accounts.models import User
from rencai.audit.models import AuditEvent
from rencai.core.actors import cli_actor
from rencai.core.errors import DomainError
from rencai.moderation.actions import list_subject
from rencai.orgs import actions
from rencai.orgs.choices import AuthorityMethod, DocumentKind, OrgStatus, RequestStatus
from rencai.orgs.models import Organisation, OrgDocument, VerificationRequest
from rencai.orgs.queries import active_membership, open_request, posting_block_reason
from rencai.providers.models import SandboxSmsMessage
from rencai.testing import orgs as seeds
from rencai.testing import personas

pytestmark = pytest.mark.django_db


def _details(**changes: str) -> actions.RegisteredDetails:
    data = {
        "legal_name": seeds.COMPANY_A.legal_name,
        "uscc": seeds.COMPANY_A.uscc,
        "legal_representative": "林海",
        "registered_address": seeds.COMPANY_A.registered_address,
        "account_class": "employer",
    }
    data.update(changes)
    return actions.RegisteredDetails(**data)


def _submit(
    org: Organisation, user: User, method: str = AuthorityMethod.LETTER
) -> VerificationRequest:
    membership = active_membership(user)
    assert membership is not None
    return actions.submit_verification(
        org, membership, authority_method=method, actor=cli_actor(user)
    )


def test_invalid_check_digit_is_a_field_error(bob: User) -> None:
    with pytest.raises(DomainError) as caught:
        actions.create_organisation(bob, _details(uscc="91440300MA5DLH017F"), actor=cli_actor(bob))
    assert caught.value.code == "uscc_checksum"
    assert "uscc" in caught.value.fields
    assert not Organisation.objects.exists()


def test_second_organisation_with_the_same_uscc_is_refused(
    company_b: Organisation, bob: User
) -> None:
    with pytest.raises(DomainError) as caught:
        actions.create_organisation(
            bob, _details(uscc=company_b.uscc.lower()), actor=cli_actor(bob)
        )
    assert caught.value.code == "uscc_taken"
    assert caught.value.status == 409
    assert caught.value.extra["organisation_id"] == str(company_b.pk)
    assert Organisation.objects.filter(uscc=company_b.uscc).count() == 1


def test_seekers_cannot_register_organisations(alice: User) -> None:
    with pytest.raises(DomainError) as caught:
        actions.create_organisation(alice, _details(), actor=cli_actor(alice))
    assert caught.value.code == "org_role_required"


def test_one_active_membership_per_person(company_a: Organisation, bob: User) -> None:
    with pytest.raises(DomainError) as caught:
        actions.create_organisation(bob, _details(uscc=seeds.AGENCY.uscc), actor=cli_actor(bob))
    assert caught.value.code == "already_member"


def test_draft_cannot_publish_and_submission_needs_every_artefact(bob: User) -> None:
    org = actions.create_organisation(bob, _details(), actor=cli_actor(bob))
    assert org.status == OrgStatus.DRAFT
    assert posting_block_reason(org) == "org_not_verified"
    with pytest.raises(DomainError) as caught:
        _submit(org, bob)
    assert caught.value.code == "document_missing"
    assert caught.value.fields.keys() == {"business_licence"}


def test_submission_needs_a_verified_real_name(dave: User) -> None:
    carol_like = personas.register_person("13700137010", "employer_staff", "未实名")
    org = seeds.prepare(seeds.COMPANY_A, carol_like)
    with pytest.raises(DomainError) as caught:
        _submit(org, carol_like)
    assert caught.value.code == "identity_required"
    assert caught.value.status == 403


def test_full_verification_keeps_a_versioned_file(bob: User, oscar: User) -> None:
    org = seeds.prepare(seeds.COMPANY_A, bob)
    first = _submit(org, bob)
    org.refresh_from_db()
    assert org.status == OrgStatus.PENDING
    assert first.snapshot["uscc"] == org.uscc
    assert {d.kind for d in first.documents.all()} == {"business_licence", "authorisation_letter"}
    actions.decide(
        first,
        oscar,
        decision="request_more",
        reasons=["licence_unreadable"],
        note="请上传清晰的营业执照照片",
        actor=cli_actor(oscar),
    )
    org.refresh_from_db()
    assert org.status == OrgStatus.MORE_INFO
    actions.upload_document(
        org, DocumentKind.BUSINESS_LICENCE, seeds.demo_upload("CLEARER"), actor=cli_actor(bob)
    )
    second = _submit(org, bob)
    assert second.number == 2
    seeds.approve(org, oscar)
    org.refresh_from_db()
    assert org.status == OrgStatus.VERIFIED
    assert org.last_verified_at is not None
    assert posting_block_reason(org) is None
    # every version stays: both requests, both licence images
    assert VerificationRequest.objects.filter(organisation=org).count() == 2
    assert OrgDocument.objects.filter(organisation=org, kind="business_licence").count() == 2
    first.refresh_from_db()
    assert first.status == RequestStatus.MORE_INFO
    assert first.documents.count() == 2  # still the first licence and the letter
    decisions = AuditEvent.objects.filter(action="orgs.verification_decided").order_by("seq")
    assert [e.after["decision"] for e in decisions] == ["request_more", "approve"]
    assert all(str(e.actor_id) == str(oscar.pk) for e in decisions)
    # the applicant is told by SMS
    assert SandboxSmsMessage.objects.filter(template="org_verified").exists()


def test_approval_needs_a_confirming_independent_check(bob: User, oscar: User) -> None:
    org = seeds.prepare(seeds.COMPANY_A, bob)
    request = _submit(org, bob)
    with pytest.raises(DomainError) as caught:
        actions.decide(request, oscar, decision="approve", actor=cli_actor(oscar))
    assert caught.value.code == "independent_check_required"
    actions.record_check(
        request,
        oscar,
        actions.CheckInput(
            kind="registry", result="confirmed", registry_name="别的公司", registry_status="存续"
        ),
        actor=cli_actor(oscar),
    )
    with pytest.raises(DomainError) as caught:
        actions.decide(request, oscar, decision="approve", actor=cli_actor(oscar))
    assert caught.value.code == "registry_name_mismatch"


@pytest.mark.parametrize(
    ("check", "field"),
    [
        ({"kind": "registry", "registry_name": ""}, "registry_name"),
        ({"kind": "email_domain", "email_domain": "nodot"}, "email_domain"),
        (
            {"kind": "micro_deposit", "bank_name": "招商银行", "account_last4": "12a4"},
            "account_last4",
        ),
        (
            {
                "kind": "micro_deposit",
                "bank_name": "招商银行",
                "account_last4": "1234",
                "amount_fen": 120,
            },
            "amount_fen",
        ),
    ],
)
def test_independent_checks_are_typed(
    bob: User, oscar: User, check: dict[str, object], field: str
) -> None:
    org = seeds.prepare(seeds.COMPANY_A, bob)
    request = _submit(org, bob)
    with pytest.raises(DomainError) as caught:
        actions.record_check(
            request,
            oscar,
            actions.CheckInput(result="confirmed", **check),
            actor=cli_actor(oscar),
        )
    assert caught.value.code == "check_fields_invalid"
    assert field in caught.value.fields


def test_rejection_needs_reasons_from_the_list(bob: User, oscar: User) -> None:
    org = seeds.prepare(seeds.COMPANY_A, bob)
    request = _submit(org, bob)
    for reasons, note, code in (
        ([], "", "reasons_required"),
        (["made_up"], "", "reasons_required"),
        (["other"], "", "note_required"),
    ):
        with pytest.raises(DomainError) as caught:
            actions.decide(
                request,
                oscar,
                decision="reject",
                reasons=reasons,
                note=note,
                actor=cli_actor(oscar),
            )
        assert caught.value.code == code
    actions.decide(
        request, oscar, decision="reject", reasons=["licence_mismatch"], actor=cli_actor(oscar)
    )
    org.refresh_from_db()
    assert org.status == OrgStatus.REJECTED


def test_reviewer_cannot_review_own_organisation(bob: User, oscar: User) -> None:
    org = seeds.prepare(seeds.COMPANY_A, bob)
    request = _submit(org, bob)
    admin = active_membership(bob)
    assert admin is not None
    actions.invite(org, admin, personas.OSCAR.phone, "recruiter", actor=cli_actor(bob))
    invitation = org.invitations.get()
    actions.accept_invitation(invitation, oscar, actor=cli_actor(oscar))
    with pytest.raises(DomainError) as caught:
        actions.decide(
            request, oscar, decision="reject", reasons=["other"], note="x", actor=cli_actor(oscar)
        )
    assert caught.value.code == "self_review_forbidden"


def test_email_domain_proof(bob: User) -> None:
    from rencai.testing.mail import latest_code

    org = seeds.prepare(seeds.COMPANY_A, bob)
    actor = cli_actor(bob)
    for address, code in (
        ("hr@qq.com", "email_public_domain"),
        ("hr@other.example", "email_domain_mismatch"),
    ):
        with pytest.raises(DomainError) as caught:
            actions.send_email_code(org, bob, address, actor=actor)
        assert caught.value.code == code
    actions.send_email_code(org, bob, "HR@lanhai.example", actor=actor)
    sent = latest_code("hr@lanhai.example")
    assert sent is not None
    code = sent
    with pytest.raises(DomainError) as caught:
        actions.confirm_email_code(
            org, bob, "000000" if code != "000000" else "111111", actor=actor
        )
    assert caught.value.code == "email_code_invalid"
    actions.confirm_email_code(org, bob, code, actor=actor)
    request = _submit(org, bob, AuthorityMethod.EMAIL)
    assert request.authority_detail["domain"] == "lanhai.example"
    assert "hr@" not in str(request.authority_detail)


def test_legal_representative_proof_matches_name_and_id(dave: User) -> None:
    org = seeds.prepare(seeds.COMPANY_B, dave)  # Dave is 戴伟, the legal representative
    request = _submit(org, dave, AuthorityMethod.LEGAL_REPRESENTATIVE)
    org.refresh_from_db()
    assert org.legal_rep_id_index == dave.id_number_index
    assert request.authority_detail == {"legal_representative_is_submitter": True}


def test_legal_representative_proof_refused_for_someone_else(bob: User) -> None:
    org = seeds.prepare(seeds.COMPANY_A, bob)  # legal representative is 林海, not Bob
    with pytest.raises(DomainError) as caught:
        _submit(org, bob, AuthorityMethod.LEGAL_REPRESENTATIVE)
    assert caught.value.code == "legal_rep_mismatch"


def test_agency_needs_licence_and_priced_services(carol: User) -> None:
    org = actions.create_organisation(
        carol,
        actions.RegisteredDetails(
            legal_name=seeds.AGENCY.legal_name,
            uscc=seeds.AGENCY.uscc,
            legal_representative="蔡琳",
            registered_address=seeds.AGENCY.registered_address,
            account_class="agency",
        ),
        actor=cli_actor(carol),
    )
    with pytest.raises(DomainError) as caught:
        actions.set_services(
            org, [actions.ServiceInput("猎头服务", is_free=False)], actor=cli_actor(carol)
        )
    assert caught.value.code == "fee_missing"
    assert "services.0.fee_standard" in caught.value.fields
    actions.update_profile(org, actions.ProfileDetails("72", "20_99"), actor=cli_actor(carol))
    actions.set_locations(
        org, [actions.LocationInput("110105", "建国路88号", True)], actor=cli_actor(carol)
    )
    actions.upload_document(
        org, "business_licence", seeds.demo_upload("BL"), actor=cli_actor(carol)
    )
    actions.upload_document(
        org, "authorisation_letter", seeds.demo_upload("AL"), actor=cli_actor(carol)
    )
    with pytest.raises(DomainError) as caught:
        _submit(org, carol)
    assert caught.value.code == "agency_licence_missing"


def test_employers_have_no_hr_licence(company_a: Organisation, bob: User) -> None:
    with pytest.raises(DomainError) as caught:
        actions.upload_document(
            company_a, "hr_licence", seeds.demo_upload("X"), actor=cli_actor(bob)
        )
    assert caught.value.code == "not_agency"


def test_name_change_goes_through_review(company_a: Organisation, bob: User, oscar: User) -> None:
    old_name = company_a.legal_name
    membership = active_membership(bob)
    assert membership is not None
    with pytest.raises(DomainError) as caught:
        actions.update_registered_details(
            company_a, _details(legal_name="深圳蓝海数智科技有限公司"), actor=cli_actor(bob)
        )
    assert caught.value.code == "org_not_editable"
    request = actions.submit_verification(
        company_a,
        membership,
        authority_method="letter",
        changes=actions.ProposedChanges(legal_name="深圳蓝海数智科技有限公司"),
        actor=cli_actor(bob),
    )
    company_a.refresh_from_db()
    assert request.kind == "change"
    assert company_a.legal_name == old_name  # unchanged until approved
    assert company_a.status == OrgStatus.VERIFIED
    seeds.approve(company_a, oscar)
    company_a.refresh_from_db()
    assert company_a.legal_name == "深圳蓝海数智科技有限公司"


def test_abnormal_list_blocks_a_listed_uscc_under_any_account(bob: User, oscar: User) -> None:
    list_subject("uscc", seeds.COMPANY_A.uscc, reason="虚假招聘，多次投诉", actor=cli_actor(oscar))
    with pytest.raises(DomainError) as caught:
        actions.create_organisation(bob, _details(), actor=cli_actor(bob))
    assert caught.value.code == "abnormal_listed"
    assert caught.value.status == 403


def test_abnormal_list_blocks_a_listed_person(bob: User, oscar: User) -> None:
    list_subject("phone", personas.BOB.phone, reason="冒用企业名义招聘", actor=cli_actor(oscar))
    with pytest.raises(DomainError) as caught:
        actions.create_organisation(bob, _details(), actor=cli_actor(bob))
    assert caught.value.code == "abnormal_listed"


def test_listing_a_verified_organisation_stops_its_posting(
    company_a: Organisation, oscar: User
) -> None:
    list_subject("uscc", company_a.uscc, reason="涉嫌招聘诈骗", actor=cli_actor(oscar))
    assert posting_block_reason(company_a) == "abnormal_listed"


def test_withdrawing_returns_to_draft(bob: User) -> None:
    org = seeds.prepare(seeds.COMPANY_A, bob)
    request = _submit(org, bob)
    actions.withdraw_request(request, actor=cli_actor(bob))
    org.refresh_from_db()
    assert org.status == OrgStatus.DRAFT
    assert open_request(org) is None

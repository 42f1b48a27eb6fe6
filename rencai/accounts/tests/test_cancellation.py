"""Account cancellation end to end (PI-19, PI-15, RET-01, RET-06): sign-in stops at once,
the erasure task leaves nothing personal in live tables or the search index, the restricted
archive keeps the legally required subset without identifiers, evidence stays (RET-07),
the archive verifies, and the number can register again unless it is on the abnormal list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.utils import timezone

from rencai.accounts import actions
from rencai.accounts.models import ApiToken, SmsCode, User, UserSession
from rencai.applications import actions as application_actions
from rencai.applications.choices import ApplicationStatus, InvitationStatus
from rencai.applications.models import Application, ApplyInvitation
from rencai.audit.archive import subject_pseudonym
from rencai.audit.archive_verify import verify_archive
from rencai.audit.models import ArchiveRecord, AuditEvent
from rencai.core.actors import cli_actor
from rencai.core.phones import normalise_mobile, phone_index
from rencai.files.actions import private_storage
from rencai.files.models import StoredFile
from rencai.jobs.models import JobPosting
from rencai.messaging import actions as messaging_actions
from rencai.messaging.choices import InterviewStatus
from rencai.messaging.models import Interview, Message
from rencai.moderation.actions import list_subject
from rencai.moderation.choices import SubjectKind
from rencai.orgs.choices import MembershipStatus
from rencai.orgs.models import Membership, Organisation
from rencai.privacy.catalogue import CATALOGUE
from rencai.privacy.models import ConsentRecord, RightsRequest
from rencai.resumes import actions as resume_actions
from rencai.resumes.models import Resume
from rencai.search import indexing
from rencai.search.backends import get_resume_backend
from rencai.testing import applications as application_seeds
from rencai.testing import jobs as job_seeds
from rencai.testing import messaging as messaging_seeds
from rencai.testing import orgs as org_seeds
from rencai.testing import personas
from rencai.testing.resumes import cv_pdf
from rencai.testing.sms import latest_code

pytestmark = pytest.mark.django_db

ALICE_PHONE = "13800138001"
RESUME_TEXT = "五年后端开发经验，熟悉高并发服务和数据建模。"
MESSAGE_TEXT = "您好，我周三下午方便面试。"


@pytest.fixture
def dave(db: None) -> User:
    """The verified demo Dave (this directory's conftest has him before verification)."""
    return personas.build(personas.DAVE)


@pytest.fixture
def company_a(db: None) -> Organisation:
    return org_seeds.build_org(org_seeds.COMPANY_A)


@pytest.fixture
def company_b(db: None) -> Organisation:
    return org_seeds.build_org(org_seeds.COMPANY_B)


@pytest.fixture
def posting(company_a: Organisation, bob: User, oscar: User) -> JobPosting:
    return job_seeds.publish(company_a, bob, oscar)


@pytest.fixture
def posting_b(company_b: Organisation, dave: User, oscar: User) -> JobPosting:
    return job_seeds.publish(company_b, dave, oscar, title="食品检验员", category="6-02")


def _sms_login(phone: str) -> Any:
    # an earlier code for the same number is older than the resend interval
    SmsCode.objects.update(created_at=timezone.now() - dt.timedelta(minutes=5))
    client = Client()
    client.post("/api/v1/auth/sms-code", {"phone": phone}, content_type="application/json")
    response = client.post(
        "/api/v1/auth/sms-login",
        {"phone": phone, "code": latest_code(phone)},
        content_type="application/json",
    )
    return client, response


class AliceWorld:
    """Alice with a resume (attachment, photo, indexed), an application with a conversation
    and an interview, a resume view, a pending invitation, sessions, a token, consents and a
    rights request; Bob with his own resume as the control."""

    def __init__(
        self,
        alice: User,
        bob: User,
        dave: User,
        posting: JobPosting,
        posting_b: JobPosting,
    ) -> None:
        self.alice, self.bob = alice, bob
        self.resume = application_seeds.sample_resume(alice)
        self.attachment = resume_actions.add_attachment(
            self.resume,
            SimpleUploadedFile("王爱丽简历.pdf", cv_pdf(), content_type="application/pdf"),
            actor=cli_actor(alice),
        )
        self.attachment_blob = self.attachment.file.storage_name
        self.application = application_seeds.apply(
            alice, posting, self.resume, cover_note="我是王爱丽，期待加入。"
        )
        application_actions.mark_seen(self.application, actor=cli_actor(bob))
        self.conversation = messaging_seeds.conversation(self.application, bob)
        messaging_actions.send_message(self.conversation, MESSAGE_TEXT, actor=cli_actor(alice))
        messaging_actions.send_message(
            self.conversation, "好的，王爱丽女士。", actor=cli_actor(bob)
        )
        self.interview = messaging_seeds.interview(self.application, bob)
        self.invitation = application_actions.invite_to_apply(
            self.resume, posting_b, message="您好，欢迎投递我们的岗位。", actor=cli_actor(dave)
        )
        self.bob_resume = application_seeds.sample_resume(
            bob,
            full_name="薄建国",
            phone="+8613800138003",
            email="bob@example.com",
            self_assessment="十年招聘经验。",
            is_primary=True,
        )
        indexing.index_resumes_now([self.resume.pk, self.bob_resume.pk])
        self.client, response = _sms_login(ALICE_PHONE)
        assert response.status_code == 200, response.content
        self.token_plain = actions.create_api_token(
            alice, name="脚本", expires_in_days=30, actor=cli_actor(alice)
        )[1]
        self.request = RightsRequest.objects.create(
            reference="PR-2026-000001",
            kind="cancellation",
            subject=alice,
            requester=alice,
            due_date=dt.date(2026, 12, 31),
        )


@pytest.fixture
def world(
    alice: User, bob: User, dave: User, posting: JobPosting, posting_b: JobPosting
) -> AliceWorld:
    return AliceWorld(alice, bob, dave, posting, posting_b)


@pytest.fixture
def deferred_erasure(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Keep the erasure task from running at the commit, to look at the moment between."""
    queued: list[str] = []
    monkeypatch.setattr("rencai.accounts.actions.cancellation._schedule_erasure", queued.append)
    return queued


def _bearer(token: str) -> Callable[[str], Any]:
    client = Client()
    return lambda path: client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_cancellation_stops_sign_in_at_once(world: AliceWorld, deferred_erasure: list[str]) -> None:
    alice = world.alice
    assert world.client.get("/api/v1/me").status_code == 200
    assert _bearer(world.token_plain)("/api/v1/me").status_code == 200

    actions.cancel_account(alice, actor=cli_actor(alice), rights_request=world.request)

    assert deferred_erasure == [str(alice.pk)]
    alice.refresh_from_db()
    assert alice.cancelled_at is not None and not alice.is_active and alice.erased_at is None
    # the existing session, the API token and a new SMS sign-in all fail
    assert world.client.get("/api/v1/me").status_code == 401
    assert _bearer(world.token_plain)("/api/v1/me").status_code == 401
    _client, response = _sms_login(ALICE_PHONE)
    assert response.status_code == 403 and response.json()["code"] == "account_cancelled"
    assert not UserSession.objects.filter(user=alice, ended_at__isnull=True).exists()
    assert not ApiToken.objects.filter(user=alice, revoked_at__isnull=True).exists()
    # what the cancellation did at once
    assert set(Resume.objects.filter(owner=alice).values_list("visibility", flat=True)) == {
        "hidden"
    }
    assert str(world.resume.pk) not in get_resume_backend().stamps()
    assert str(world.bob_resume.pk) in get_resume_backend().stamps()
    application = Application.objects.get(pk=world.application.pk)
    assert application.status == ApplicationStatus.WITHDRAWN
    assert Interview.objects.get(pk=world.interview.pk).status == InterviewStatus.CANCELLED
    invitation = ApplyInvitation.objects.get(pk=world.invitation.pk)
    assert invitation.status == InvitationStatus.DECLINED
    event = AuditEvent.objects.get(action="accounts.account_cancelled")
    assert event.after["rights_request"] == "PR-2026-000001"
    assert event.after["applications_withdrawn"] == 1
    # a second call changes nothing but queues the erasure again
    actions.cancel_account(alice, actor=cli_actor(alice))
    assert AuditEvent.objects.filter(action="accounts.account_cancelled").count() == 1


def _identifiers(alice: User) -> list[str]:
    return [
        alice.phone,
        normalise_mobile(ALICE_PHONE),
        ALICE_PHONE,
        alice.real_name,
        alice.id_number,
        alice.display_name,
        "alice@example.com",
        "alice.wang@example.com",
        RESUME_TEXT,
        MESSAGE_TEXT,
        "王爱丽",
    ]


def _scan_live_tables(alice: User, needles: list[str]) -> list[str]:
    """Every catalogue model's rows (decrypted through the ORM) that still contain one of
    ``needles``; rows are read whole, not only the catalogue's fields."""
    found = []
    for entry in CATALOGUE:
        model = apps.get_model(entry.model)
        for row in model._default_manager.all():
            values = {f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields}
            text = repr(values)
            for needle in needles:
                if needle and needle in text:
                    found.append(f"{entry.model}:{row.pk} contains {needle!r}")
    return found


def test_erasure_leaves_nothing_personal(world: AliceWorld, deferred_erasure: list[str]) -> None:
    from rencai.privacy.tasks import erase_account_task

    alice = User.objects.get(pk=world.alice.pk)
    needles = _identifiers(alice)
    bob_before = Resume.objects.get(pk=world.bob_resume.pk)
    bob_phone = world.bob.phone
    consents_before = ConsentRecord.objects.filter(user=alice).count()
    phone_idx = phone_index(normalise_mobile(ALICE_PHONE))
    id_idx = alice.id_number_index

    actions.cancel_account(alice, actor=cli_actor(alice), rights_request=world.request)
    erase_account_task(str(alice.pk))

    alice.refresh_from_db()
    assert alice.erased_at is not None
    assert (alice.phone, alice.phone_index, alice.email, alice.id_number) == ("", None, None, "")
    assert alice.id_number_index is None and alice.real_name == "" and alice.birth_date is None
    assert alice.display_name == "已注销用户"

    # nothing personal in any catalogue model, other people's rows included
    assert _scan_live_tables(alice, needles) == []
    # nor through the blind indexes of the encrypted columns (raw SQL)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM accounts_user WHERE phone_index = %s OR id_number_index = %s",
            [phone_idx, id_idx],
        )
        assert cursor.fetchone()[0] == 0
        cursor.execute(
            "SELECT COUNT(*) FROM accounts_guardianlink WHERE guardian_phone_index = %s",
            [phone_idx],
        )
        assert cursor.fetchone()[0] == 0
        cursor.execute(
            "SELECT phone, real_name, id_number FROM accounts_user WHERE id = %s",
            [alice.pk.hex if connection.vendor == "sqlite" else alice.pk],
        )
        assert cursor.fetchone() == ("", "", "")
    # resumes, their files and index entries are gone
    assert not Resume.objects.filter(owner=alice).exists()
    assert not StoredFile.objects.filter(owner=alice, purpose__startswith="resume").exists()
    assert not private_storage().exists(world.attachment_blob)
    assert str(world.resume.pk) not in get_resume_backend().stamps()
    # the application stays for the organisation, without the snapshot or the cover note
    application = Application.objects.get(pk=world.application.pk)
    assert application.snapshot == {} and application.cover_note == ""
    assert not Message.objects.filter(conversation=world.conversation).exclude(body="").exists()

    # the restricted archive keeps the legally required subset, without identifiers
    records = ArchiveRecord.objects.filter(subject_ref=subject_pseudonym(alice.pk))
    sources = set(records.values_list("source_type", flat=True))
    assert {
        "applications.Application",
        "messaging.Message",
        "messaging.Conversation",
        "messaging.Interview",
        "resumes.ResumeView",
    } <= sources
    for record in ArchiveRecord.objects.all():
        text = repr(record.payload) + record.subject_ref + record.source_id
        assert str(alice.pk) not in text
        for needle in needles:
            assert needle not in text, (record.source_type, needle)
    app_record = records.get(source_type="applications.Application")
    assert app_record.payload["status"] == ApplicationStatus.WITHDRAWN
    assert app_record.payload["organisation_id"] == str(world.application.organisation_id)
    assert app_record.retain_until >= timezone.localdate() + dt.timedelta(days=1094)
    message_record = records.filter(source_type="messaging.Message").first()
    assert message_record is not None and len(message_record.payload["body_hash"]) == 64
    assert verify_archive().ok

    # evidence is kept (RET-07) and points to the anonymised user
    assert ConsentRecord.objects.filter(user=alice).count() == consents_before > 0
    assert RightsRequest.objects.filter(subject=alice).exists()
    assert UserSession.objects.filter(user=alice).exists()

    # Bob is untouched
    bob_after = Resume.objects.get(pk=world.bob_resume.pk)
    assert (bob_after.full_name, bob_after.phone, bob_after.self_assessment) == (
        bob_before.full_name,
        bob_before.phone,
        bob_before.self_assessment,
    )
    assert User.objects.get(pk=world.bob.pk).phone == bob_phone
    assert str(world.bob_resume.pk) in get_resume_backend().stamps()

    # idempotent
    before = ArchiveRecord.objects.count()
    from rencai.privacy.erasure import erase_account

    assert erase_account(alice, actor=cli_actor(None)).already_erased
    assert ArchiveRecord.objects.count() == before


def _register(phone: str) -> Any:
    SmsCode.objects.update(created_at=timezone.now() - dt.timedelta(minutes=5))
    client = Client()
    client.post("/api/v1/auth/sms-code", {"phone": phone}, content_type="application/json")
    login = client.post(
        "/api/v1/auth/sms-login",
        {"phone": phone, "code": latest_code(phone)},
        content_type="application/json",
    ).json()
    assert login["status"] == "registration_required", login
    from rencai.privacy.queries import current_documents, required_document_kinds

    documents = current_documents(required_document_kinds(["seeker"]))
    return client.post(
        "/api/v1/auth/register",
        {
            "registration_token": login["registration_token"],
            "role": "seeker",
            "display_name": "新用户",
            "birth_date": "1998-05-12",
            "accept_documents": [str(d.pk) for d in documents.values()],
        },
        content_type="application/json",
    )


def test_the_number_registers_again_after_erasure(alice: User) -> None:
    actions.cancel_account(alice, actor=cli_actor(alice))  # the task runs at the commit
    alice.refresh_from_db()
    assert alice.erased_at is not None
    response = _register(ALICE_PHONE)
    assert response.status_code == 201, response.content
    fresh = User.objects.get(phone_index=phone_index(normalise_mobile(ALICE_PHONE)))
    assert fresh.pk != alice.pk and fresh.is_active


def test_a_listed_number_cannot_register_again(alice: User, oscar: User) -> None:
    list_subject(
        SubjectKind.PHONE, ALICE_PHONE, reason="多次发布虚假招聘信息", actor=cli_actor(oscar)
    )
    actions.cancel_account(alice, actor=cli_actor(alice))
    response = _register(ALICE_PHONE)
    assert response.status_code == 403
    assert response.json()["code"] == "phone_abnormal_listed"
    assert not User.objects.filter(phone_index=phone_index(normalise_mobile(ALICE_PHONE))).exists()


def test_password_sign_in_refused_after_cancellation(carol: User) -> None:
    client = Client()
    actions.cancel_account(carol, actor=cli_actor(carol))
    response = client.post(
        "/api/v1/auth/password-login",
        {"email": personas.CAROL.email, "password": personas.DEMO_PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 401
    assert response.json()["code"] == "credentials_invalid"


def test_last_admin_can_cancel(bob: User, company_a: Organisation) -> None:
    membership = Membership.objects.get(user=bob, status=MembershipStatus.ACTIVE)
    others = Membership.objects.filter(
        organisation=membership.organisation, status=MembershipStatus.ACTIVE
    ).exclude(pk=membership.pk)
    others.update(status=MembershipStatus.ENDED)
    actions.cancel_account(bob, actor=cli_actor(bob))
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ENDED and membership.end_reason == "left"
    event = AuditEvent.objects.get(action="orgs.membership_ended", object_id=str(membership.pk))
    assert event.after["account_cancelled"] is True and event.after["last_admin"] is True
    bob.refresh_from_db()
    assert bob.erased_at is not None and bob.display_name == "已注销用户"
    record = ArchiveRecord.objects.get(source_type="orgs.Membership", source_id=str(membership.pk))
    assert record.payload["status"] == MembershipStatus.ENDED


def test_cancellation_hands_over_to_another_member(
    bob: User, alice: User, company_a: Organisation
) -> None:
    membership = Membership.objects.get(user=bob, status=MembershipStatus.ACTIVE)
    Membership.objects.filter(organisation=company_a, status=MembershipStatus.ACTIVE).exclude(
        pk=membership.pk
    ).update(status=MembershipStatus.ENDED)
    colleague = Membership.objects.create(organisation=company_a, user=alice, role="recruiter")
    actions.cancel_account(bob, actor=cli_actor(bob))
    event = AuditEvent.objects.get(action="accounts.account_cancelled")
    assert event.after["membership"]["successor"] == str(colleague.pk)
    colleague.refresh_from_db()
    assert colleague.role == "admin" and colleague.status == MembershipStatus.ACTIVE

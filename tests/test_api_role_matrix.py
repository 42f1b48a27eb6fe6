"""Every API endpoint × every role: the exact status, and nothing changed when denied.

The expectations come from the roles: anonymous visitors reach only public endpoints;
signed-in people reach their own account; security administrators manage roles and legal
documents; auditors (and security administrators) read the audit trail; operators keep
the holiday schedule. A denied call (401/403) must leave every table as it was.

Applications, conversations and interviews (issue 7) belong to their parties: Alice's
application to Bob's company A is hers and company A's; Dave (company B), Carol (an HR
agency) and everyone else get 404 on it (people without an organisation: 403 on the
pipeline), and a 404 changes no row. Their responses never carry Alice's phone or e-mail
to anyone but Alice and the employer she applied to; an agency never receives them, even
for an application to its own posting (PI-07).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pytest
from django.utils import timezone

from conftest import ApiClient, SharedData
from rencai.accounts.models import ApiToken, GuardianLink, RoleGrant, SmsCode, User, UserSession
from rencai.applications.models import (
    Application,
    ApplicationNote,
    ApplyInvitation,
    PipelineStage,
    StageChange,
)
from rencai.audit.models import AuditEvent
from rencai.core.models import HolidayScheduleEntry, RegistrationChange, ServiceEndNotice
from rencai.files.models import StoredFile
from rencai.jobs.content import Location
from rencai.jobs.models import JobPosting, JobPostingVersion, PostingEvent
from rencai.messaging.models import (
    Conversation,
    Interview,
    InterviewSlot,
    InterviewTemplate,
    Message,
    Scorecard,
    VirtualNumber,
)
from rencai.moderation.models import (
    AbnormalListEntry,
    CaseSanction,
    Report,
    ReportCase,
    ReportEvidence,
    ReportStatusUpdate,
)
from rencai.notifications.models import Notification, NotificationPreference
from rencai.orgs.models import (
    DisplayNotice,
    EmailChallenge,
    IndependentCheck,
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
    OrgDocument,
    VerificationRequest,
)
from rencai.privacy.models import ConsentRecord, LegalDocument
from rencai.resumes.models import HiddenOrganisation, Resume, ResumeEntry, ResumeView
from rencai.reviews.models import EmployerReview, ReviewReply
from rencai.sanctions.models import Appeal, AuthorityReport, Sanction, SanctionNotice
from rencai.search.models import SavedSearch
from rencai.testing import orgs as org_seeds
from rencai.testing import personas

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "alice",
    "yan",
    "bob",
    "dave",
    "carol",
    "oscar",
    "sam",
    "audrey",
    "rita",
    "dana",
]
PERSONA = {p.key: p for p in personas.PERSONAS}
SIGNED_IN = set(ROLES) - {"anonymous"}
OPERATORS = {"oscar", "sam", "audrey", "dana"}
TABLES = [
    User,
    RoleGrant,
    ConsentRecord,
    AuditEvent,
    LegalDocument,
    HolidayScheduleEntry,
    ApiToken,
    UserSession,
    GuardianLink,
    SmsCode,
    Organisation,
    Membership,
    VerificationRequest,
    IndependentCheck,
    OrgDocument,
    StoredFile,
    Invitation,
    JoinRequest,
    DisplayNotice,
    EmailChallenge,
    AbnormalListEntry,
    Notification,
    JobPosting,
    JobPostingVersion,
    PostingEvent,
    ReportCase,
    ReportEvidence,
    ReportStatusUpdate,
    CaseSanction,
    SavedSearch,
    Resume,
    ResumeEntry,
    HiddenOrganisation,
    ResumeView,
    Sanction,
    SanctionNotice,
    Appeal,
    AuthorityReport,
    EmployerReview,
    ReviewReply,
    ServiceEndNotice,
    RegistrationChange,
]
# Tables of applications, conversations and interviews whose rows (not only their number)
# must stay exactly as they were: a refused move, withdrawal or block changes a row in place.
ROW_TABLES = [
    PipelineStage,
    Application,
    StageChange,
    ApplicationNote,
    ApplyInvitation,
    Conversation,
    Message,
    Report,
    VirtualNumber,
    InterviewTemplate,
    Interview,
    InterviewSlot,
    Scorecard,
    NotificationPreference,
]
# Alice's phone and e-mail (as her account, her sample resume and her demo resume hold
# them): only Alice herself and an employer she applied to may ever receive them (PI-07).
ALICE_CONTACT = (b"13800138001", b"alice@example.com", b"alice.wang@example.com")


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    allowed: frozenset[str]  # roles that pass authorisation
    ok: int = 200  # status for allowed roles (may be a business error, e.g. 404)
    body: Any = None
    public: bool = False  # anonymous is allowed too
    ok_by_role: tuple[tuple[str, int], ...] = ()
    route: str = ""  # the route template when ``path`` fills in a literal value
    needs_org_b: bool = False  # build Dave's company B even though the path does not name it
    # Issue 7 rows: the scene objects to build even though the path does not name them
    # (``{name_a}`` placeholders in the path and callable bodies are built on demand).
    scene: tuple[str, ...] = ()
    # When set: the roles that may receive Alice's phone or e-mail in this response; for
    # everyone else the response must not contain them (PI-07).
    contact: frozenset[str] | None = None
    upload: bool = False  # multipart with a small PNG as ``file`` (body: the other fields)

    def expected(self, role: str) -> int:
        if self.public or role in self.allowed:
            return dict(self.ok_by_role).get(role, self.ok)
        return 401 if role == "anonymous" else 403


def _holiday() -> dict[str, str]:
    return {"date": "2027-02-08", "kind": "holiday", "name": "春节", "source": "国务院办公厅通知"}


def _legal() -> dict[str, str]:
    return {
        "kind": "platform_rules",
        "version": "9.9",
        "title": "平台服务规则",
        "body": "# 平台服务规则\n\n更新。",
        "effective_at": (timezone.now() + dt.timedelta(days=10)).isoformat(),
    }


ALL = frozenset(SIGNED_IN)
INSPECT = frozenset({"oscar", "rita"})
# the report queue: trust & safety (Oscar) handles; the auditor and the regulator read
REPORTS_VIEW = frozenset({"oscar", "audrey", "rita"})
REVIEW = frozenset({"oscar"})
_B_ADMIN = (("dave", 200),)
_B_INSPECT = (("dave", 200), ("oscar", 200), ("rita", 200))


def _org() -> dict[str, str]:
    return {
        "legal_name": "深圳蓝海科技有限公司",
        "uscc": "91440300MA5DLH017E",
        "legal_representative": "林海",
        "registered_address": "广东省深圳市南山区科苑路15号",
        "account_class": "employer",
    }


def _posting() -> dict[str, object]:
    return {
        "title": "食品检验员",
        "category": "6-02",
        "openings": 1,
        "employment_type": "full_time",
        "description": "负责原料和成品的抽样检验，填写检验记录。",
        "requirements": "中专及以上学历，有食品检验经验者优先。",
        "working_hours": "两班倒，每班8小时",
        "locations": [{"division": "310115", "address": "张江路88号"}],
        "pay_min": 6000,
        "pay_max": 8000,
        "pay_period": "month",
    }


def _licence() -> dict[str, str]:
    return {
        "number": "（京）人服证字〔2024〕第0105009999号",
        "issuing_authority": "北京市朝阳区人力资源和社会保障局",
        "valid_from": "2024-01-01",
        "valid_until": "2029-01-01",
        "scope": "职业中介",
        "supervisor_name": "北京市朝阳区人力资源和社会保障局",
        "supervisor_phone": "010-12333",
    }


SECURITY = frozenset({"sam"})
AUDIT = frozenset({"sam", "audrey"})
SEEKERS = frozenset({"alice", "yan"})
# Fixed, so every xdist worker collects the same test ids.
MISSING = "5f0c2d1e-9a7b-4c3d-8e6f-0a1b2c3d4e5f"


class Scene:
    """The objects the issue 7 rows need, built through the real actions on first use:
    Bob's company A with a published posting, Alice's application to it (her sample
    resume holds her phone and e-mail), its conversation, interviews, a stage and a
    template; an invitation to apply from company A; and an application of Alice to
    Carol's agency. Dave's company B and Carol's agency always exist, so Dave and Carol
    are members of other organisations, not people without one."""

    def __init__(self) -> None:
        self.bob = personas.build(personas.BOB)
        self.oscar = personas.build(personas.OSCAR)
        self.value("org_a")  # Bob's company exists even when the row needs none of its objects
        org_seeds.build_org(org_seeds.COMPANY_B)
        org_seeds.build_org(org_seeds.AGENCY)
        self.alice = personas.build(personas.ALICE)
        self.carol = personas.build(personas.CAROL)

    @cached_property
    def org_a(self) -> Organisation:
        return org_seeds.build_org(org_seeds.COMPANY_A)

    @cached_property
    def job_a(self) -> JobPosting:
        from rencai.testing.jobs import publish

        return publish(self.org_a, self.bob, self.oscar)

    @cached_property
    def job2_a(self) -> JobPosting:
        from rencai.testing.jobs import publish

        return publish(self.org_a, self.bob, self.oscar, title="数据分析师")

    @cached_property
    def resume_a(self) -> Resume:
        from rencai.testing.applications import sample_resume

        return sample_resume(self.alice)

    @cached_property
    def notice_a(self) -> str:
        from rencai.applications.snapshot import consent_notice

        return consent_notice(self.job_a, self.resume_a).hash

    @cached_property
    def app_a(self) -> Application:
        from rencai.testing.applications import apply

        return apply(self.alice, self.job_a, self.resume_a, cover_note="期待面试机会。")

    @cached_property
    def stage_a(self) -> PipelineStage:
        """Company A's "已查看" stage."""
        from rencai.applications.queries import stages_of

        return stages_of(self.org_a)[1]

    @cached_property
    def screening_a(self) -> PipelineStage:
        from rencai.applications.queries import first_stage

        return first_stage(self.org_a, "screening")

    @cached_property
    def extra_stage_a(self) -> PipelineStage:
        """An extra, empty screening stage Bob's company may archive."""
        from rencai.applications import actions
        from rencai.core.actors import cli_actor

        return actions.create_stage(
            self.org_a, name="复核", kind="screening", actor=cli_actor(self.bob)
        )

    @cached_property
    def stage_ids_a(self) -> list[str]:
        from rencai.applications.queries import stages_of

        return [str(stage.pk) for stage in reversed(stages_of(self.org_a))]

    @cached_property
    def inv_a(self) -> ApplyInvitation:
        from rencai.applications import actions
        from rencai.core.actors import cli_actor

        return actions.invite_to_apply(
            self.resume_a, self.job2_a, message="欢迎投递", actor=cli_actor(self.bob)
        )

    @cached_property
    def inv_notice_a(self) -> str:
        from rencai.applications.snapshot import consent_notice

        return consent_notice(self.inv_a.posting, self.inv_a.resume).hash

    @cached_property
    def conv_a(self) -> Conversation:
        from rencai.core.actors import cli_actor
        from rencai.messaging import actions
        from rencai.testing import messaging

        conversation = messaging.conversation(self.app_a, self.alice)
        actions.send_message(conversation, "您好，我想了解一下岗位。", actor=cli_actor(self.alice))
        return conversation

    @cached_property
    def blocked_conv_a(self) -> Conversation:
        """The conversation, blocked by Alice."""
        from rencai.core.actors import cli_actor
        from rencai.messaging import actions

        return actions.block_conversation(self.conv_a, actor=cli_actor(self.alice))

    @cached_property
    def msg_a(self) -> Message:
        """A message of Alice's with a file in the conversation."""
        from django.core.files.uploadedfile import SimpleUploadedFile

        from rencai.core.actors import cli_actor
        from rencai.messaging import actions

        upload = SimpleUploadedFile(
            "作品.png", org_seeds.demo_image("作品"), content_type="image/png"
        )
        return actions.send_message(
            self.conv_a, "作品集", attachment=upload, actor=cli_actor(self.alice)
        )

    @cached_property
    def interview_a(self) -> Interview:
        """Bob's interview invitation with two proposed times, waiting for Alice."""
        from rencai.testing import messaging

        return messaging.interview(self.app_a, self.bob)

    @cached_property
    def slot_a(self) -> InterviewSlot:
        slot = self.interview_a.slots.order_by("starts_at").first()
        assert slot is not None
        return slot

    @cached_property
    def confirmed_a(self) -> Interview:
        """An interview Alice confirmed (three days ahead: not held yet)."""
        from rencai.core.actors import cli_actor
        from rencai.messaging import actions
        from rencai.testing import messaging

        interview = messaging.interview(self.app_a, self.bob)
        slot = interview.slots.order_by("starts_at").first()
        assert slot is not None
        return actions.accept_slot(interview, str(slot.pk), actor=cli_actor(self.alice))

    @cached_property
    def template_a(self) -> InterviewTemplate:
        from rencai.core.actors import cli_actor
        from rencai.messaging import actions

        content = actions.TemplateContent(name="技术一面", mode="video", questions=["介绍一个项目"])
        return actions.create_template(self.org_a, content, actor=cli_actor(self.bob))

    @cached_property
    def agency_app_a(self) -> Application:
        """Alice's application to a posting Carol's agency publishes for company B."""
        from rencai.core.actors import cli_actor
        from rencai.jobs import actions as job_actions
        from rencai.orgs.queries import active_membership
        from rencai.testing.applications import apply
        from rencai.testing.jobs import sample_content

        agency = org_seeds.build_org(org_seeds.AGENCY)
        membership = active_membership(self.carol)
        assert membership is not None
        posting = job_actions.create_posting(
            agency,
            membership,
            sample_content(),
            client=org_seeds.build_org(org_seeds.COMPANY_B),
            entrustment="委托招聘协议",
            actor=cli_actor(self.carol),
        )
        version = job_actions.submit_posting(posting, actor=cli_actor(self.carol))
        job_actions.approve_version(version, self.oscar, actor=cli_actor(self.oscar))
        posting.refresh_from_db()
        return apply(self.alice, posting, self.resume_a)

    def value(self, name: str) -> object:
        found = getattr(self, name)
        return found.pk if hasattr(found, "pk") else found


def _slots(*days: int) -> list[str]:
    from rencai.testing.messaging import future

    return [future(day).isoformat() for day in days]


Body = Callable[[Scene], Any]
# Who gets what on the organisation's pipeline (applications app): Bob's company owns the
# objects; Dave (company B) and Carol (agency) are members of other organisations and get
# 404, so existence is not leaked; people without an organisation get 403 not_org_member.
PIPELINE = (("bob", 200), ("dave", 404), ("carol", 404))
OWN_PIPELINE = (("bob", 200), ("dave", 200), ("carol", 200))  # lists: their own, empty
# Applied: Alice and the employer she applied to may see her contact data (PI-07).
APPLIED = frozenset({"alice", "bob"})
ALICE_ONLY = frozenset({"alice"})


def _row(
    method: str,
    path: str,
    ok_by_role: tuple[tuple[str, int], ...],
    *,
    ok: int = 404,
    body: Any = None,
    scene: tuple[str, ...] = (),
    contact: frozenset[str] = APPLIED,
    upload: bool = False,
) -> Endpoint:
    """An issue 7 row: every signed-in role passes authentication; the status per role
    comes from the ownership rules (``ok`` for everyone not named)."""
    return Endpoint(
        method,
        path,
        ALL,
        ok=ok,
        body=body,
        ok_by_role=ok_by_role,
        scene=scene,
        contact=contact,
        upload=upload,
    )


def _alice(status: int = 200) -> tuple[tuple[str, int], ...]:
    return (("alice", status),)


def _parties(alice: int = 200, bob: int = 200) -> tuple[tuple[str, int], ...]:
    return (("alice", alice), ("bob", bob))


ENDPOINTS = [
    # public
    Endpoint("GET", "platform/health", frozenset(), public=True),
    Endpoint("GET", "platform/licences", frozenset(), public=True),
    Endpoint("GET", "platform/working-days?start=2026-11-23&days=15", frozenset(), public=True),
    Endpoint("GET", "legal/documents", frozenset(), public=True),
    Endpoint(
        "GET",
        "legal/documents/user_agreement",
        frozenset(),
        public=True,
        route="legal/documents/{kind}",
    ),
    Endpoint("POST", "auth/sms-code", frozenset(), body={"phone": "13700137001"}, public=True),
    Endpoint(
        "POST",
        "auth/sms-login",
        frozenset(),
        body={"phone": "13700137001", "code": "000000"},
        public=True,
        ok=400,
    ),
    Endpoint(
        "POST",
        "auth/register",
        frozenset(),
        body={
            "registration_token": "x",
            "role": "seeker",
            "display_name": "x",
            "accept_documents": [],
        },
        public=True,
        ok=400,
    ),
    Endpoint(
        "POST",
        "auth/password-login",
        frozenset(),
        body={"email": "x@example.com", "password": "wrong"},
        public=True,
        ok=401,
    ),
    Endpoint(
        "POST",
        "auth/second-factor",
        frozenset(),
        body={"challenge": "x", "code": "000000"},
        public=True,
        ok=400,
    ),
    Endpoint("POST", "guardian/sms-code", frozenset(), body={"phone": "13700137002"}, public=True),
    Endpoint(
        "POST",
        "guardian/verify",
        frozenset(),
        body={"phone": "13700137002", "code": "000000"},
        public=True,
        ok=400,
    ),
    Endpoint(
        "POST",
        f"guardian/links/{MISSING}/confirm",
        frozenset(),
        body={"token": "x"},
        public=True,
        ok=400,
    ),
    Endpoint(
        "POST",
        f"guardian/links/{MISSING}/withdraw",
        frozenset(),
        body={"token": "x"},
        public=True,
        ok=400,
    ),
    # own account
    Endpoint("GET", "me", ALL),
    Endpoint("PATCH", "me", ALL, body={"preferred_language": "en"}),
    Endpoint("POST", "me/roles", ALL, body={"role": "hall_applicant"}),
    Endpoint("GET", "me/real-name", ALL),
    Endpoint(
        "POST",
        "me/real-name",
        ALL,
        body={"name": "测试", "id_number": "110105199805120020"},
        ok=412,
        ok_by_role=(("alice", 400), ("bob", 400), ("dave", 400), ("carol", 400)),
    ),
    Endpoint("GET", "me/guardian", ALL),
    Endpoint(
        "POST",
        "me/guardian",
        ALL,
        body={"guardian_name": "张丽", "guardian_phone": "13700137003", "relationship": "mother"},
        ok=400,
        ok_by_role=(("yan", 400),),
    ),
    Endpoint("DELETE", "me/guardian", ALL, ok=400),
    Endpoint("GET", "me/sessions", ALL),
    Endpoint("DELETE", f"me/sessions/{MISSING}", ALL, ok=404),
    Endpoint("GET", "me/tokens", ALL),
    Endpoint("POST", "me/tokens", ALL, body={"name": "matrix"}, ok=201),
    Endpoint("DELETE", f"me/tokens/{MISSING}", ALL, ok=404),
    Endpoint("GET", "me/consents", ALL),
    Endpoint(  # never for a minor (PI-11): Yan is 17
        "POST",
        "me/consents",
        ALL,
        body={"purpose": "marketing_email", "granted": True},
        ok_by_role=(("yan", 400),),
    ),
    Endpoint(
        "POST", "me/consents/marketing_sms/withdraw", ALL, route="me/consents/{purpose}/withdraw"
    ),
    Endpoint("POST", "me/face-verification", ALL, ok=422),
    Endpoint("GET", "legal/pending", ALL),
    Endpoint("POST", "auth/logout", ALL, ok=204),
    Endpoint("POST", "auth/logout-everywhere", ALL),
    # administration
    Endpoint("POST", "legal/documents", SECURITY, body=_legal(), ok=201),
    Endpoint("GET", "admin/users", SECURITY),
    Endpoint("POST", "admin/users/{alice}/roles", SECURITY, body={"role": "hall_staff"}),
    Endpoint(
        "DELETE",
        "admin/users/{alice}/roles/seeker",
        SECURITY,
        route="admin/users/{user_id}/roles/{role}",
    ),
    Endpoint("GET", "admin/audit/events", AUDIT),
    Endpoint("GET", "admin/audit/chain", AUDIT),
    Endpoint("GET", "platform/holidays?year=2026", frozenset(OPERATORS)),
    Endpoint("POST", "platform/holidays", frozenset(OPERATORS), body=_holiday(), ok=201),
    # reference data (public)
    Endpoint("GET", "reference/divisions?parent=440000", frozenset(), public=True),
    Endpoint(
        "GET",
        "reference/divisions/440305",
        frozenset(),
        public=True,
        route="reference/divisions/{code}",
    ),
    Endpoint("GET", "reference/industries?section=I", frozenset(), public=True),
    # notifications (own only)
    Endpoint("GET", "me/notifications", ALL),
    Endpoint("GET", "me/notifications/unread-count", ALL),
    Endpoint("POST", f"me/notifications/{MISSING}/read", ALL, ok=404),
    Endpoint("POST", "me/notifications/read-all", ALL),
    # saved searches and job alerts: job seekers only; another person's search is 404
    Endpoint("GET", "me/saved-searches", SEEKERS),
    Endpoint(
        "POST", "me/saved-searches", SEEKERS, body={"search": "q=Java&division=440300"}, ok=201
    ),
    Endpoint("PATCH", f"me/saved-searches/{MISSING}", SEEKERS, body={"frequency": "off"}, ok=404),
    Endpoint("DELETE", f"me/saved-searches/{MISSING}", SEEKERS, ok=404),
    # resumes (issue 7): everyone signed in reaches their own (empty) lists; only job
    # seekers create resumes or hide companies (403 not_a_seeker); anyone else's resume, or
    # one an organisation may not see, is 404 (PI-06); uploads without a file are 422.
    Endpoint("GET", "me/resumes", ALL),
    Endpoint(
        "POST",
        "me/resumes",
        ALL,
        body={"title": "简历", "full_name": "王爱丽"},
        ok=403,
        ok_by_role=(("alice", 201), ("yan", 201)),
    ),
    Endpoint("POST", "me/resumes/import-preview", ALL, ok=422),
    Endpoint("POST", "me/resumes/import-confirm", ALL, body={"skills": []}, ok=422),
    Endpoint("GET", f"me/resumes/{MISSING}", ALL, ok=404),
    Endpoint("PATCH", f"me/resumes/{MISSING}", ALL, body={"title": "x"}, ok=404),
    Endpoint("DELETE", f"me/resumes/{MISSING}", ALL, ok=404),
    Endpoint("POST", f"me/resumes/{MISSING}/primary", ALL, ok=404),
    Endpoint("POST", f"me/resumes/{MISSING}/copy", ALL, body={"title": "x"}, ok=404),
    Endpoint("PUT", f"me/resumes/{MISSING}/visibility", ALL, body={"visibility": "public"}, ok=404),
    Endpoint("GET", f"me/resumes/{MISSING}/completeness", ALL, ok=404),
    Endpoint(
        "POST", f"me/resumes/{MISSING}/entries", ALL, body={"kind": "work", "title": "x"}, ok=404
    ),
    Endpoint(
        "PUT",
        f"me/resumes/{MISSING}/entries/order",
        ALL,
        body={"kind": "work", "entry_ids": []},
        ok=404,
    ),
    Endpoint("PATCH", f"me/resumes/{MISSING}/entries/{MISSING}", ALL, body={"title": "x"}, ok=404),
    Endpoint("DELETE", f"me/resumes/{MISSING}/entries/{MISSING}", ALL, ok=404),
    Endpoint("GET", f"me/resumes/{MISSING}/attachments", ALL, ok=404),
    Endpoint("POST", f"me/resumes/{MISSING}/attachments", ALL, ok=422),
    Endpoint("GET", f"me/resumes/{MISSING}/attachments/{MISSING}/file", ALL, ok=404),
    Endpoint("DELETE", f"me/resumes/{MISSING}/attachments/{MISSING}", ALL, ok=404),
    Endpoint("POST", f"me/resumes/{MISSING}/photo", ALL, ok=422),
    Endpoint("GET", f"me/resumes/{MISSING}/photo", ALL, ok=404),
    Endpoint("DELETE", f"me/resumes/{MISSING}/photo", ALL, ok=404),
    Endpoint("GET", "me/hidden-organisations", ALL),
    Endpoint("GET", "me/hidden-organisations/lookup?q=蓝海", ALL),
    Endpoint(
        "POST",
        "me/hidden-organisations",
        ALL,
        body={"uscc": "91440300MA5DLH017E"},
        ok=403,
        ok_by_role=(("alice", 201), ("yan", 201)),
    ),
    Endpoint("DELETE", f"me/hidden-organisations/{MISSING}", ALL, ok=404),
    Endpoint("GET", "me/resume-views", ALL),
    Endpoint("GET", f"employer/resumes/{MISSING}", ALL, ok=404),
    Endpoint("GET", f"employer/resumes/{MISSING}/photo", ALL, ok=404),
    Endpoint("GET", f"employer/resumes/{MISSING}/download", ALL, ok=404),
    # resume search: members of a verified organisation in good standing (Dave's company
    # B); everyone else gets 403 resume_search_not_allowed.
    Endpoint("GET", "employer/resume-search", ALL, ok=403, ok_by_role=_B_ADMIN, needs_org_b=True),
    # organisations: anyone signed in may try; only members see their organisation (others
    # get 404, so its existence is not leaked); reviewers and the regulator inspect.
    Endpoint(
        "POST",
        "orgs",
        ALL,
        body=_org(),
        ok=403,
        ok_by_role=(("bob", 201), ("dave", 201), ("carol", 201)),
    ),
    Endpoint("GET", "orgs/mine", ALL, ok=404),
    Endpoint("GET", "orgs/invitations", ALL),
    Endpoint("POST", f"orgs/invitations/{MISSING}/accept", ALL, ok=404),
    Endpoint("POST", f"orgs/invitations/{MISSING}/decline", ALL, ok=404),
    Endpoint("GET", "orgs/join-requests", ALL),
    Endpoint("GET", "orgs/{org_b}", ALL, ok=404, ok_by_role=_B_INSPECT),
    Endpoint(
        "PUT",
        "orgs/{org_b}/registered-details",
        ALL,
        body=_org(),
        ok=404,
        ok_by_role=(("dave", 400),),
    ),
    Endpoint(
        "PUT",
        "orgs/{org_b}/profile",
        ALL,
        body={"industry": "14", "size": "500_999"},
        ok=404,
        ok_by_role=_B_ADMIN,
    ),
    Endpoint(
        "PUT",
        "orgs/{org_b}/locations",
        ALL,
        body={
            "locations": [{"division": "310115", "address": "张江路88号", "is_headquarters": True}]
        },
        ok=404,
        ok_by_role=_B_ADMIN,
    ),
    Endpoint(
        "PUT",
        "orgs/{org_b}/agency-licence",
        ALL,
        body=_licence(),
        ok=404,
        ok_by_role=(("dave", 400),),
    ),
    Endpoint(
        "PUT",
        "orgs/{org_b}/services",
        ALL,
        body={"services": [{"name": "招聘", "is_free": True}]},
        ok=404,
        ok_by_role=(("dave", 400),),
    ),
    Endpoint("POST", "orgs/{org_b}/documents", ALL, ok=422),
    Endpoint("GET", "orgs/{org_b}/documents/{doc_b}/file", ALL, ok=404, ok_by_role=_B_INSPECT),
    Endpoint("POST", "orgs/{org_b}/logo", ALL, ok=422),
    Endpoint(
        "POST",
        "orgs/{org_b}/authority/email",
        ALL,
        body={"email": "hr@qinghe.example"},
        ok=404,
        ok_by_role=_B_ADMIN,
    ),
    Endpoint(
        "POST",
        "orgs/{org_b}/authority/email/confirm",
        ALL,
        body={"code": "000000"},
        ok=404,
        ok_by_role=(("dave", 400),),
    ),
    Endpoint(
        "POST",
        "orgs/{org_b}/verification",
        ALL,
        body={"authority_method": "letter"},
        ok=404,
        ok_by_role=(("dave", 400),),
    ),
    Endpoint("GET", "orgs/{org_b}/verification", ALL, ok=404, ok_by_role=_B_INSPECT),
    Endpoint("POST", "orgs/{org_b}/verification/withdraw", ALL, ok=404),
    Endpoint("GET", "orgs/{org_b}/members", ALL, ok=404, ok_by_role=_B_ADMIN),
    Endpoint(
        "PATCH",
        "orgs/{org_b}/members/{member_b}",
        ALL,
        body={"role": "recruiter"},
        ok=404,
        ok_by_role=(("dave", 400),),
    ),
    Endpoint(
        "POST",
        "orgs/{org_b}/members/{member_b}/remove",
        ALL,
        body={},
        ok=404,
        ok_by_role=(("dave", 403),),
    ),
    Endpoint("POST", "orgs/{org_b}/leave", ALL, body={}, ok=404, ok_by_role=(("dave", 400),)),
    Endpoint("GET", "orgs/{org_b}/invitations", ALL, ok=404, ok_by_role=_B_ADMIN),
    Endpoint(
        "POST",
        "orgs/{org_b}/invitations",
        ALL,
        body={"phone": "13700137099", "role": "recruiter"},
        ok=404,
        ok_by_role=(("dave", 201),),
    ),
    Endpoint("POST", "orgs/{org_b}/invitations/" + MISSING + "/revoke", ALL, ok=404),
    Endpoint(
        "POST",
        "orgs/{org_b}/join-requests",
        ALL,
        body={"message": "你好"},
        ok=403,
        ok_by_role=(("bob", 201), ("carol", 201), ("dave", 409)),
    ),
    Endpoint("GET", "orgs/{org_b}/join-requests", ALL, ok=404, ok_by_role=_B_ADMIN),
    Endpoint(
        "POST",
        "orgs/{org_b}/join-requests/" + MISSING + "/decision",
        ALL,
        body={"approve": True},
        ok=404,
    ),
    # public company pages
    Endpoint("GET", "companies", frozenset(), public=True),
    Endpoint("GET", "companies/{org_b}", frozenset(), public=True),
    # operator desk: reviewers decide; the regulator reads
    Endpoint("GET", "operator/verifications", INSPECT),
    Endpoint("GET", "operator/verifications/{req_b}", INSPECT),
    Endpoint(
        "POST",
        "operator/verifications/{req_b}/checks",
        REVIEW,
        body={
            "kind": "registry",
            "result": "confirmed",
            "registry_name": "x",
            "registry_status": "存续",
        },
        ok=400,
    ),
    Endpoint(
        "POST",
        "operator/verifications/{req_b}/decision",
        REVIEW,
        body={"decision": "approve"},
        ok=400,
    ),
    Endpoint(
        "POST",
        "operator/orgs/{org_b}/display-notices",
        REVIEW,
        body={"reason": "请更新企业简介"},
        ok=201,
    ),
    Endpoint(
        "POST",
        "operator/orgs/{org_b}/display-notices/" + MISSING + "/resolve",
        REVIEW,
        ok=404,
    ),
    Endpoint("GET", "operator/abnormal-list", INSPECT),
    Endpoint(
        "POST",
        "operator/abnormal-list",
        REVIEW,
        body={"subject_kind": "uscc", "value": "91440300MA5FAKE91R", "reason": "虚假招聘信息"},
        ok=201,
    ),
    Endpoint(
        "POST",
        "operator/abnormal-list/" + MISSING + "/lift",
        REVIEW,
        body={"reason": "误列，已核实"},
        ok=404,
    ),
    # job postings: anyone screens and browses; members manage their organisation's
    # postings (others: 404); reviewers decide; trust & safety may take down.
    Endpoint("POST", "jobs/screen", frozenset(), body={"title": "限男性 销售代表"}, public=True),
    Endpoint("GET", "jobs", frozenset(), public=True),
    Endpoint("GET", "jobs/search?q=检验&division=310000", frozenset(), public=True),
    Endpoint("GET", "jobs/search?gender=female", frozenset(), public=True, ok=400),
    Endpoint("GET", "jobs/{job_b}", frozenset(), public=True, route="jobs/{posting_id}"),
    Endpoint(
        "POST",
        "jobs/{job_b}/reports",
        frozenset(),
        body={"category": "other", "details": "薪资与面试时所说不符"},
        public=True,
        ok=201,
        ok_by_role=(("dave", 400),),  # report_own_target: company B's own posting
    ),
    Endpoint("GET", "employer/jobs", ALL, ok=404, ok_by_role=_B_ADMIN, needs_org_b=True),
    Endpoint(
        "POST",
        "employer/jobs",
        ALL,
        body=_posting(),
        ok=403,
        ok_by_role=(("dave", 201),),
        needs_org_b=True,
    ),
    Endpoint("GET", "employer/jobs/{job_b}", ALL, ok=404, ok_by_role=_B_ADMIN),
    Endpoint("PUT", "employer/jobs/{job_b}", ALL, body=_posting(), ok=404, ok_by_role=_B_ADMIN),
    Endpoint(
        "POST", "employer/jobs/{job_b}/submit", ALL, body={}, ok=404, ok_by_role=(("dave", 400),)
    ),
    Endpoint("POST", "employer/jobs/{job_b}/withdraw", ALL, ok=404, ok_by_role=(("dave", 409),)),
    Endpoint("POST", "employer/jobs/{job_b}/pause", ALL, ok=404, ok_by_role=_B_ADMIN),
    Endpoint("POST", "employer/jobs/{job_b}/resume", ALL, ok=404, ok_by_role=(("dave", 409),)),
    Endpoint("POST", "employer/jobs/{job_b}/close", ALL, ok=404, ok_by_role=_B_ADMIN),
    Endpoint(
        "POST",
        "employer/jobs/{job_b}/renew",
        ALL,
        body={"valid_until": "2099-01-01"},
        ok=404,
        ok_by_role=(("dave", 422),),
    ),
    Endpoint("GET", "operator/job-reviews", frozenset({"oscar", "rita"})),
    Endpoint(
        "GET",
        "operator/job-reviews/{jobv_b}",
        frozenset({"oscar", "rita"}),
        route="operator/job-reviews/{version_id}",
    ),
    Endpoint(
        "POST",
        "operator/job-reviews/{jobv_b}/decision",
        REVIEW,
        body={"decision": "approve"},
        ok=409,
        route="operator/job-reviews/{version_id}/decision",
    ),
    Endpoint(
        "POST",
        "operator/job-reviews/postings/{job_b}/take-down",
        REVIEW,
        body={"reasons": ["false_information"], "note": "核实为虚假岗位"},
        route="operator/job-reviews/postings/{posting_id}/take-down",
    ),
    # applications (issue 7), the seeker's side: only Alice reaches her applications and
    # invitations (anyone else: 404, PI-05/PI-07); her lists are everyone's own lists.
    _row(
        "GET",
        "me/applications/notice?posting_id={job_a}&resume_id={resume_a}",
        _alice(),
    ),
    _row("GET", "me/applications", (), ok=200, scene=("app_a",)),
    _row(
        "POST",
        "me/applications",
        _alice(201),
        body=lambda s: {
            "posting_id": str(s.job_a.pk),
            "resume_id": str(s.resume_a.pk),
            "notice_hash": s.notice_a,
            "cover_note": "期待面试机会。",
        },
    ),
    _row("GET", "me/applications/{app_a}", _alice()),
    _row("POST", "me/applications/{app_a}/withdraw", _alice()),
    _row("GET", "me/invitations", (), ok=200, scene=("inv_a",), contact=ALICE_ONLY),
    _row("GET", "me/invitations/{inv_a}/notice", _alice(), contact=ALICE_ONLY),
    _row(
        "POST",
        "me/invitations/{inv_a}/accept",
        _alice(201),
        body=lambda s: {"notice_hash": s.inv_notice_a},
    ),
    _row("POST", "me/invitations/{inv_a}/decline", _alice(), contact=ALICE_ONLY),
    # applications, the organisation's side: Bob's company works its pipeline
    _row("GET", "employer/applications", OWN_PIPELINE, ok=403, scene=("app_a",)),
    _row(
        "GET", "employer/applications/board?posting_id={job_a}", PIPELINE, ok=403, scene=("app_a",)
    ),
    _row(
        "POST",
        "employer/applications/bulk",
        PIPELINE,
        ok=403,
        body=lambda s: {
            "application_ids": [str(s.app_a.pk)],
            "action": "move",
            "stage_id": str(s.screening_a.pk),
        },
    ),
    _row("GET", "employer/applications/{app_a}", PIPELINE, ok=403),
    _row(
        "POST",
        "employer/applications/{app_a}/move",
        PIPELINE,
        ok=403,
        body=lambda s: {"stage_id": str(s.screening_a.pk)},
    ),
    _row(
        "POST",
        "employer/applications/{app_a}/reject",
        PIPELINE,
        ok=403,
        body={"reason": "skills_mismatch"},
    ),
    _row(
        "POST",
        "employer/applications/{app_a}/notes",
        (("bob", 201), ("dave", 404), ("carol", 404)),
        ok=403,
        body={"text": "沟通顺畅", "rating": 4},
    ),
    # an HR agency sees applications to its own postings, never the seeker's phone or
    # e-mail (PI-07): Carol gets 200 without them; Bob and Dave (the client) get 404
    _row(
        "GET",
        "employer/applications/{agency_app_a}",
        (("carol", 200), ("bob", 404), ("dave", 404)),
        ok=403,
        contact=ALICE_ONLY,
    ),
    # pipeline stages: each organisation manages its own (Dave and Carol create theirs)
    _row("GET", "employer/pipeline-stages", OWN_PIPELINE, ok=403, scene=("org_a",)),
    _row(
        "POST",
        "employer/pipeline-stages",
        (("bob", 201), ("dave", 201), ("carol", 201)),
        ok=403,
        body={"name": "技术面试", "kind": "interview"},
        scene=("org_a",),
    ),
    _row(
        "POST",
        "employer/pipeline-stages/reorder",
        (("bob", 200), ("dave", 400), ("carol", 400)),  # not their stages: stage_order_invalid
        ok=403,
        body=lambda s: {"stage_ids": s.stage_ids_a},
    ),
    _row(
        "PATCH",
        "employer/pipeline-stages/{stage_a}",
        PIPELINE,
        ok=403,
        body={"name": "简历通过", "name_en": "Shortlisted"},
    ),
    _row("POST", "employer/pipeline-stages/{extra_stage_a}/archive", PIPELINE, ok=403),
    # invitations to apply: the inviting organisation only; the name stays masked and
    # the contact hidden until Alice accepts (PI-07)
    _row("GET", "employer/invitations", OWN_PIPELINE, ok=403, scene=("inv_a",), contact=ALICE_ONLY),
    _row(
        "POST",
        "employer/invitations",
        (("bob", 201), ("dave", 404), ("carol", 404)),
        ok=403,
        body=lambda s: {
            "posting_id": str(s.job2_a.pk),
            "resume_id": str(s.resume_a.pk),
            "message": "欢迎投递",
        },
        contact=ALICE_ONLY,
    ),
    _row("POST", "employer/invitations/{inv_a}/withdraw", PIPELINE, ok=403, contact=ALICE_ONLY),
    # conversations: the two parties only (anyone else: 404)
    _row("GET", "conversations", (), ok=200, scene=("conv_a",)),
    _row("GET", "conversations/unread", (), ok=200, scene=("conv_a",)),
    _row(
        "POST",
        "conversations/open",
        _parties(),
        body=lambda s: {"application_id": str(s.app_a.pk)},
    ),
    _row("GET", "conversations/{conv_a}", _parties()),
    _row("POST", "conversations/{conv_a}/messages", _parties(201, 201), body={"body": "您好"}),
    _row("POST", "conversations/{conv_a}/check", _parties(), body={"body": "请问有无生育计划？"}),
    _row(
        "POST",
        "conversations/{conv_a}/attachments",
        _parties(201, 201),
        body={"body": "作品集"},
        upload=True,
    ),
    _row("GET", "conversations/{conv_a}/messages/{msg_a}/attachment", _parties()),
    _row("POST", "conversations/{conv_a}/read", _parties()),
    _row("POST", "conversations/{conv_a}/block", _parties()),
    # only the side that blocked may unblock (Bob: 403 conversation_blocked)
    _row("POST", "conversations/{blocked_conv_a}/unblock", _parties(200, 403)),
    _row(
        "POST",
        "conversations/{conv_a}/reports",
        _parties(201, 201),
        body={"category": "fees_fraud", "details": "要求先交押金"},
    ),
    # a virtual number for the organisation, never the seeker's own (PI-07); the seeker
    # gets 403 virtual_number_application_only
    _row("POST", "conversations/{conv_a}/call-number", _parties(403, 201)),
    # interviews, the seeker's side
    _row("GET", "me/interviews", (), ok=200, scene=("interview_a",)),
    _row("GET", "me/interviews/{interview_a}", _alice()),
    _row(
        "POST",
        "me/interviews/{interview_a}/accept",
        _alice(),
        body=lambda s: {"slot_id": str(s.slot_a.pk)},
    ),
    _row("POST", "me/interviews/{interview_a}/decline", _alice(), body={"note": ""}),
    _row("POST", "me/interviews/{interview_a}/reschedule", _alice(), body={"note": "周末可以"}),
    _row("GET", "me/interviews/{confirmed_a}/calendar.ics", _alice()),
    # interviews, the organisation's side: members of Bob's company; anyone else 404
    _row(
        "POST",
        "employer/interviews",
        (("bob", 201),),
        body=lambda s: {
            "application_id": str(s.app_a.pk),
            "mode": "video",
            "video_link": "https://meet.example/r/7",
            "slots": _slots(2, 3),
            "questions": ["介绍一个项目"],
        },
    ),
    _row(
        "GET",
        "employer/interviews",
        (("bob", 200), ("dave", 200), ("carol", 200)),
        scene=("confirmed_a",),
    ),
    _row("GET", "employer/interviews/{confirmed_a}", (("bob", 200),)),
    _row(
        "POST",
        "employer/interviews/{confirmed_a}/slots",
        (("bob", 200),),
        body=lambda s: {"slots": _slots(5)},
    ),
    _row(
        "POST",
        "employer/interviews/{confirmed_a}/cancel",
        (("bob", 200),),
        body={"reason": "岗位已满"},
    ),
    # not held yet: 409 for Bob
    _row("POST", "employer/interviews/{confirmed_a}/complete", (("bob", 409),)),
    _row("GET", "employer/interviews/{confirmed_a}/scorecards", (("bob", 200),)),
    _row(
        "PUT",
        "employer/interviews/{confirmed_a}/scorecards/mine",
        (("bob", 200),),
        body={"rating": 4, "recommendation": "yes", "notes": "沟通清晰"},
    ),
    _row("GET", "employer/interviews/{confirmed_a}/calendar.ics", (("bob", 200),)),
    # interview templates: each organisation its own
    _row(
        "GET",
        "employer/interview-templates",
        (("bob", 200), ("dave", 200), ("carol", 200)),
        scene=("template_a",),
    ),
    _row(
        "POST",
        "employer/interview-templates",
        (("bob", 201), ("dave", 201), ("carol", 201)),
        body={"name": "终面", "mode": "onsite", "questions": ["介绍一个项目"]},
        scene=("org_a",),
    ),
    _row("GET", "employer/interview-templates/{template_a}", (("bob", 200),)),
    _row(
        "PUT",
        "employer/interview-templates/{template_a}",
        (("bob", 200),),
        body={"name": "技术二面", "mode": "onsite", "questions": ["系统设计"]},
    ),
    _row("DELETE", "employer/interview-templates/{template_a}", (("bob", 204),)),
    # notification preferences: everyone's own
    _row("GET", "me/notification-preferences", (), ok=200),
    _row(
        "PUT",
        "me/notification-preferences",
        (),
        ok=200,
        body={"categories": [{"category": "messages", "email": False}]},
    ),
]

# Issue 8: the privacy centre, rights requests, copies of one's data, retention and
# governance (data operators, SEC-03), and the restricted archive. Detail routes name an
# object that does not exist: its owner or handler gets 404, everyone else 403 first.
_DSR = "DSR-2026-999999"
_WRONG_CODE = {"sms_code": "000000"}
DATA_OPS = frozenset({"dana"})
DSR_VIEW = frozenset({"dana", "audrey"})
GOVERNANCE = frozenset({"dana", "sam", "audrey"})
ARCHIVE_VIEW = frozenset({"sam", "audrey"})
ARCHIVE_VERIFY = frozenset({"sam", "audrey", "rita"})
ENDPOINTS += [
    Endpoint("GET", "me/privacy", ALL),
    Endpoint("GET", "me/privacy/access-log", ALL),
    Endpoint("PATCH", "me/privacy/settings", ALL, body={"show_activity_status": True}),
    Endpoint("POST", "me/reauth-code", ALL),
    Endpoint("GET", "me/privacy/requests", ALL),
    Endpoint("POST", "me/privacy/requests", ALL, ok=400, body={"kind": "access", **_WRONG_CODE}),
    Endpoint("GET", f"me/privacy/requests/{_DSR}", ALL, ok=404, route="me/privacy/requests/{id}"),
    Endpoint(
        "POST",
        f"me/privacy/requests/{_DSR}/withdraw",
        ALL,
        ok=404,
        route="me/privacy/requests/{id}/withdraw",
    ),
    Endpoint("GET", "me/privacy/exports", ALL),
    Endpoint("POST", "me/privacy/exports", ALL, ok=400, body=_WRONG_CODE),
    Endpoint("GET", f"me/privacy/exports/{MISSING}", ALL, ok=404),
    Endpoint(
        "GET",
        f"me/privacy/exports/{MISSING}/download?signature=forged",
        ALL,
        ok=404,
        route="me/privacy/exports/{id}/download",
    ),
    Endpoint("POST", f"me/privacy/exports/{MISSING}/download-link", ALL, ok=404, body=_WRONG_CODE),
    Endpoint(
        "GET",
        "privacy/portability/not-a-token",
        frozenset(),
        ok=404,
        public=True,
        route="privacy/portability/{id}",
    ),
    Endpoint("GET", "operator/privacy/requests", DSR_VIEW),
    Endpoint(
        "GET",
        f"operator/privacy/requests/{_DSR}",
        DSR_VIEW,
        ok=404,
        route="operator/privacy/requests/{id}",
    ),
    *(
        Endpoint(
            "POST",
            f"operator/privacy/requests/{_DSR}/{step}",
            DATA_OPS,
            ok=404,
            body=body,
            route=f"operator/privacy/requests/{{id}}/{step}",
        )
        for step, body in (
            ("assign", None),
            ("verify", None),
            ("start", None),
            ("complete", {"response": "已完成"}),
            ("refuse", {"reason": "other", "explanation": "说明"}),
        )
    ),
    Endpoint("GET", "operator/privacy/governance-status", GOVERNANCE),
    Endpoint("GET", "operator/privacy/pi-access", frozenset({"sam", "audrey"})),
    Endpoint("GET", "operator/privacy/retention/rules", DSR_VIEW),
    Endpoint(
        "PATCH",
        "operator/privacy/retention/rules/no-such-rule",
        DATA_OPS,
        ok=404,
        body={"min_days": 400},
        route="operator/privacy/retention/rules/{id}",
    ),
    Endpoint("GET", "operator/privacy/retention/runs", DSR_VIEW),
    Endpoint("POST", "operator/privacy/retention/runs", DATA_OPS, ok=201, body={"dry_run": True}),
    Endpoint("GET", f"operator/privacy/retention/runs/{MISSING}", DSR_VIEW, ok=404),
    Endpoint("GET", "operator/privacy/self-inspections", GOVERNANCE),
    Endpoint(
        "POST",
        "operator/privacy/self-inspections",
        DATA_OPS,
        ok=201,
        body={
            "year": 2026,
            "conducted_on": "2026-11-20",
            "scope": "个人信息保护制度、权限和日志抽查",
            "summary": "未发现重大风险",
        },
    ),
    Endpoint(
        "GET",
        "operator/privacy/self-inspections/2001",
        GOVERNANCE,
        ok=404,
        route="operator/privacy/self-inspections/{id}",
    ),
    Endpoint(
        "POST",
        "operator/privacy/self-inspections/2001/findings",
        DATA_OPS,
        ok=404,
        body={
            "description": "日志保存不足",
            "severity": "low",
            "remediation": "延长保存期",
            "owner_id": MISSING,
            "due_date": "2027-01-31",
        },
        route="operator/privacy/self-inspections/{id}/findings",
    ),
    Endpoint(
        "POST",
        f"operator/privacy/self-inspections/2001/findings/{MISSING}/resolve",
        GOVERNANCE,
        ok=404,
        body={"resolution": "已处理"},
        route="operator/privacy/self-inspections/{id}/findings/{id}/resolve",
    ),
    Endpoint("GET", "operator/privacy/bulk-exports", GOVERNANCE),
    Endpoint(
        "POST",
        "operator/privacy/bulk-exports",
        DATA_OPS,
        ok=201,
        body={"dataset": "rights_requests", "filters": {}, "reason": "年度自查抽样"},
    ),
    Endpoint(
        "POST",
        f"operator/privacy/bulk-exports/{MISSING}/approve",
        frozenset({"sam"}),
        ok=404,
        body={"note": ""},
    ),
    Endpoint(
        "POST",
        f"operator/privacy/bulk-exports/{MISSING}/reject",
        frozenset({"sam"}),
        ok=404,
        body={"note": ""},
    ),
    Endpoint("GET", f"operator/privacy/bulk-exports/{MISSING}/file", DATA_OPS, ok=404),
    Endpoint("GET", "admin/archive", ARCHIVE_VIEW),
    Endpoint("GET", "admin/archive/holds", ARCHIVE_VIEW),
    Endpoint("POST", "admin/archive/verify", ARCHIVE_VERIFY),
    Endpoint(
        "POST",
        "admin/archive/holds",
        frozenset({"sam"}),
        ok=201,
        body={
            "category": "service_record",
            "reason": "诉讼保全申请（法院协助）",
            "reference": "(2026)沪0115民初1号",
        },
    ),
    Endpoint(
        "POST",
        "admin/archive/holds/999999/release",
        ARCHIVE_VIEW,
        ok=404,
        route="admin/archive/holds/{id}/release",
    ),
    Endpoint(
        "GET",
        "admin/archive/records/999999?purpose=audit",
        ARCHIVE_VERIFY,
        ok=404,
        route="admin/archive/records/{id}",
    ),
    # --- issue 9: reports (moderation) ---
    # anyone reports a posting (multipart; Bob's own company: 400 report_own_target)
    Endpoint(
        "POST",
        "reports",
        frozenset(),
        body=lambda scene: {
            "target_kind": "posting",
            "target_id": str(scene.job_a.pk),
            "category": "fraud_or_fees",
            "details": "面试要求先交培训费300元",
        },
        public=True,
        ok=201,
        ok_by_role=(("bob", 400),),
        contact=frozenset(),
        upload=True,
    ),
    Endpoint("GET", "reports/mine", ALL),
    Endpoint(
        "GET",
        "reports/RP0000000000?token=wrong",
        frozenset(),
        public=True,
        ok=404,
        route="reports/{reference}",
    ),
    Endpoint("GET", "operator/reports", REPORTS_VIEW),
    Endpoint("GET", "operator/reports?overdue=true&category=minors", REPORTS_VIEW),
    Endpoint("GET", "operator/reports/" + MISSING, REPORTS_VIEW, ok=404),
    Endpoint("POST", "operator/reports/" + MISSING + "/assign", REVIEW, ok=404),
    Endpoint(
        "POST",
        "operator/reports/" + MISSING + "/updates",
        REVIEW,
        body={"note": "已转交核查"},
        ok=404,
    ),
    Endpoint(
        "POST",
        "operator/reports/" + MISSING + "/decide",
        REVIEW,
        body={"outcome": "upheld", "reasons": "收取费用属实"},
        ok=404,
    ),
    Endpoint(
        "POST",
        "operator/reports/" + MISSING + "/sanctions",
        REVIEW,
        body={"kind": "take_down", "rule": "fraud_or_fees", "reason": "收取押金，下架"},
        ok=404,
    ),
    # --- issue 9: sanctions ---
    # People who can be sanctioned read and appeal their own; trust & safety (Oscar) imposes
    # and decides, the auditor and the regulator read. Deciding an appeal of one's own
    # sanction is refused with ``own_sanction`` (rencai/sanctions/tests/test_api.py).
    Endpoint("GET", "me/sanctions", frozenset({"alice", "yan", "bob", "dave", "carol"})),
    Endpoint(
        "GET",
        f"me/sanctions/{MISSING}",
        frozenset({"alice", "yan", "bob", "dave", "carol"}),
        ok=404,
    ),
    Endpoint(
        "POST",
        f"me/sanctions/{MISSING}/acknowledge",
        frozenset({"alice", "yan", "bob", "dave", "carol"}),
        ok=404,
    ),
    Endpoint(
        "POST",
        f"me/sanctions/{MISSING}/appeal",
        frozenset({"alice", "yan", "bob", "dave", "carol"}),
        ok=404,
        body={"statement": "该处理有误，附劳动合同。"},
        upload=True,
    ),
    Endpoint("GET", "operator/sanctions", frozenset({"oscar", "audrey", "rita"})),
    Endpoint(
        "POST",
        "operator/sanctions",
        frozenset({"oscar"}),
        ok=404,
        body={
            "kind": "warning",
            "rule": "harassment",
            "reason": "发送骚扰消息。",
            "user_id": MISSING,
        },
    ),
    Endpoint(
        "GET", f"operator/sanctions/{MISSING}", frozenset({"oscar", "audrey", "rita"}), ok=404
    ),
    Endpoint(
        "POST",
        f"operator/sanctions/{MISSING}/revoke",
        frozenset({"oscar"}),
        ok=404,
        body={"reason": "误操作，撤销。"},
    ),
    Endpoint("GET", "operator/sanctions/appeals", frozenset({"oscar", "audrey", "rita"})),
    Endpoint(
        "POST",
        f"operator/sanctions/appeals/{MISSING}/decide",
        frozenset({"oscar"}),
        ok=404,
        body={"outcome": "upheld", "reason": "证据充分，维持。"},
    ),
    Endpoint("GET", "operator/sanctions/authority-reports", frozenset({"oscar", "audrey", "rita"})),
    Endpoint(
        "POST",
        f"operator/sanctions/authority-reports/{MISSING}/submission",
        frozenset({"oscar"}),
        ok=404,
        body={"reference": "沪人社监〔2026〕118号"},
    ),
    # --- issue 9: reviews ---
    # Public reads; seekers write their own; the reviewed organisation replies (members of
    # other organisations get 404); trust & safety publishes held reviews and removes.
    Endpoint("GET", f"reviews?organisation={MISSING}", frozenset(), ok=404, public=True),
    Endpoint("GET", f"reviews/{MISSING}", frozenset(), ok=404, public=True),
    Endpoint(
        "POST",
        f"reviews/{MISSING}/reply",
        frozenset({"bob", "dave", "carol"}),
        ok=404,
        body={"text": "感谢反馈，我们会改进。"},
        contact=frozenset(),
    ),
    Endpoint(
        "POST",
        f"reviews/{MISSING}/remove",
        frozenset({"oscar"}),
        ok=404,
        body={"reasons": ["abusive"], "note": ""},
    ),
    Endpoint("POST", f"reviews/{MISSING}/publish", frozenset({"oscar"}), ok=404),
    Endpoint("GET", "me/reviews", ALL),
    Endpoint(
        "POST",
        "me/reviews",
        SEEKERS,
        ok=400,  # review_no_application
        body={
            "application_id": MISSING,
            "scores": {"overall": 4, "interview": 4, "honesty": 4},
            "text": "面试流程清晰，面试官专业。",
        },
    ),
    Endpoint("GET", f"me/reviews/{MISSING}", ALL, ok=404),
    Endpoint("PATCH", f"me/reviews/{MISSING}", SEEKERS, ok=404, body={"anonymous": True}),
    Endpoint("DELETE", f"me/reviews/{MISSING}", SEEKERS, ok=404),
    # --- issue 9: operator compliance calendar ---
    # --- issue 9: regulator inspection ---
    # Only the regulator (Rita) inspects; each of her calls is logged. Auditors and security
    # administrators read the access log. Nothing else writes (rencai/inspection/tests).
    Endpoint("GET", "regulator/datasets", frozenset({"rita"})),
    Endpoint(
        "GET",
        "regulator/datasets/postings?from=2026-01-01",
        frozenset({"rita"}),
        route="regulator/datasets/{key}",
    ),
    Endpoint(
        "GET",
        "regulator/datasets/postings/export?format=csv",
        frozenset({"rita"}),
        route="regulator/datasets/{key}/export",
    ),
    Endpoint("GET", f"regulator/organisations/{MISSING}", frozenset({"rita"}), ok=404),
    Endpoint("POST", "regulator/archive/verify", frozenset({"rita"})),
    Endpoint("GET", "regulator/access-log", AUDIT),
    # Credit grades and risk warnings: the regulator only (rencai/inspection/credit.py).
    Endpoint("GET", "regulator/credit?grade=D", frozenset({"rita"}), route="regulator/credit"),
    Endpoint(
        "GET",
        f"regulator/credit/{MISSING}",
        frozenset({"rita"}),
        ok=404,
        route="regulator/credit/{organisation_id}",
    ),
    Endpoint("GET", "regulator/risk-warnings", frozenset({"rita"})),
    # --- issue 9: risk signals ---
    # Reviewers and trust & safety (Oscar) review; auditors and the regulator read.
    Endpoint("GET", "operator/risk/assessments", frozenset({"oscar", "audrey", "rita"})),
    Endpoint(
        "GET",
        f"operator/risk/assessments/{MISSING}",
        frozenset({"oscar", "audrey", "rita"}),
        ok=404,
    ),
    Endpoint(
        "POST",
        f"operator/risk/assessments/{MISSING}/review",
        frozenset({"oscar"}),
        ok=404,
        body={"outcome": "cleared", "note": "已核实，无欺诈。"},
    ),
    # --- end of issue 9: risk signals ---
    Endpoint("GET", "operator/compliance/service-end", frozenset(OPERATORS | {"rita"})),
    Endpoint(
        "POST",
        "operator/compliance/service-end",
        SECURITY,
        ok=201,
        body={
            "end_date": (timezone.localdate() + dt.timedelta(days=60)).isoformat(),
            "notice_text": "本平台将停止网络招聘服务。",
        },
    ),
    Endpoint(
        "POST",
        f"operator/compliance/service-end/{MISSING}/withdraw",
        SECURITY,
        ok=404,
        body={"reason": "继续运营", "confirm": True},
    ),
    Endpoint("GET", "operator/compliance/registration-changes", frozenset(OPERATORS | {"rita"})),
    Endpoint(
        "POST",
        "operator/compliance/registration-changes",
        SECURITY,
        ok=201,
        body={
            "kind": "domicile",
            "change_date": (timezone.localdate() - dt.timedelta(days=3)).isoformat(),
            "details": "住所变更",
        },
    ),
    Endpoint(
        "POST",
        f"operator/compliance/registration-changes/{MISSING}/submit",
        SECURITY,
        ok=404,
        body={"reference": "沪人社备〔2026〕1号"},
    ),
]


def _fill(path: str) -> str:
    """Replace organisation placeholders with the demo objects (built only when needed):
    ``{org_b}`` is Dave's verified company B, ``{doc_b}`` its business licence, ``{req_b}``
    its approved verification request, ``{member_b}`` Dave's membership."""
    if "_b}" not in path:
        return path
    org = org_seeds.build_org(org_seeds.COMPANY_B)
    values: dict[str, object] = {}
    if "{job" in path:
        from rencai.testing.jobs import publish

        dave = personas.build(personas.DAVE)
        oscar = personas.build(personas.OSCAR)
        posting = publish(org, dave, oscar, locations=[Location("310115", "张江路88号")])
        values["{job_b}"] = posting.pk
        values["{jobv_b}"] = posting.versions.get().pk
    values |= {
        "{org_b}": org.pk,
        "{doc_b}": org.documents.get(kind="business_licence").pk,
        "{req_b}": org.verification_requests.get().pk,
        "{member_b}": org.memberships.get().pk,
    }
    for key, value in values.items():
        path = path.replace(key, str(value))
    return path


SCENE_NAME = re.compile(r"\{([a-z0-9_]+_a)\}")


def _fill_scene(path: str, scene: Scene) -> str:
    """Replace ``{name_a}`` placeholders with the scene's objects (built on first use)."""
    return SCENE_NAME.sub(lambda match: str(scene.value(match.group(1))), path)


def _counts() -> dict[str, object]:
    """The number of rows of every table, and every row of the issue 7 tables."""
    counts: dict[str, object] = {model.__name__: model._default_manager.count() for model in TABLES}
    for model in ROW_TABLES:
        counts[model.__name__] = list(model._default_manager.order_by("pk").values_list())
    return counts


@dataclass(frozen=True)
class Prepared:
    """One row with its objects built: the path and body with every placeholder filled."""

    endpoint: Endpoint
    path: str
    body: Any


def _prepare(endpoint: Endpoint) -> Prepared:
    alice = personas.build(personas.ALICE)
    if endpoint.needs_org_b:
        org_seeds.build_org(org_seeds.COMPANY_B)
    path = _fill(endpoint.path.replace("{alice}", str(alice.pk)))
    body = endpoint.body
    if endpoint.contact is not None:  # an issue 7 row: build its scene
        scene = Scene()
        for name in endpoint.scene:
            scene.value(name)
        path = _fill_scene(path, scene)
        body = body(scene) if callable(body) else body
    return Prepared(endpoint, path, body)


@pytest.fixture(scope="module")
def _everyone(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SharedData]:
    """Every persona, built once for the module (rolled back at its end)."""
    shared = SharedData(django_db_blocker, tmp_path_factory.mktemp("search"))
    try:
        shared.build(lambda: [personas.build(PERSONA[role]) for role in sorted(SIGNED_IN)])
        yield shared
    finally:
        shared.close()


@pytest.fixture(scope="module")
def prepared(
    request: pytest.FixtureRequest,
    _everyone: SharedData,
    django_db_blocker: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Prepared]:
    """A row's objects, built once for all roles: the tests are grouped by row (the
    parameter's scope), and each role's call runs in a savepoint inside this one."""
    shared = SharedData(django_db_blocker, tmp_path_factory.mktemp("search"))
    try:
        yield shared.build(lambda: _prepare(request.param))
    finally:
        shared.close()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "prepared",
    ENDPOINTS,
    indirect=True,
    scope="module",
    ids=lambda e: f"{e.method} {e.path.split('?')[0]}",
)
def test_role_matrix(
    prepared: Prepared, role: str, api_as: Callable[[User | None], ApiClient]
) -> None:
    endpoint, path, body = prepared.endpoint, prepared.path, prepared.body
    actor = None if role == "anonymous" else personas.build(PERSONA[role])
    client = api_as(actor)
    before = _counts()
    if endpoint.upload:
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("cv.png", org_seeds.demo_image("cv"), content_type="image/png")
        response = client.client.post(f"/api/v1/{path}", {**body, "file": upload})
    else:
        response = client.call(endpoint.method, path, body)
    expected = endpoint.expected(role)
    assert response.status_code == expected, (role, response.content[:300])
    if endpoint.contact is not None and role not in endpoint.contact:  # PI-07
        leaked = [value for value in ALICE_CONTACT if value in response.content]
        assert not leaked, (role, leaked)
    if not (endpoint.public or role in endpoint.allowed):
        assert response.json()["code"] == (
            "not_authenticated" if role == "anonymous" else "permission_denied"
        )
        assert _counts() == before
    if response.status_code in (403, 404):  # refused or hidden: nothing may have changed
        assert _counts() == before
    if response.status_code >= 400:
        assert set(response.json()) >= {"code", "message", "fields"}


def test_every_route_is_in_the_matrix() -> None:
    from rencai.api import api

    routes = set()
    for prefix, router in api._routers:  # noqa: SLF001 - reading ninja's route table
        for path, view in router.path_operations.items():
            for operation in view.operations:
                for method in operation.methods:
                    routes.add((method, (prefix + path).strip("/")))
    covered = {
        (
            e.method,
            e.route
            or e.path.split("?")[0].replace("{alice}", "{user_id}").replace(MISSING, "{id}"),
        )
        for e in ENDPOINTS
    }

    def normalise(path: str) -> str:
        return re.sub(r"\{[a-z_]+\}", "{id}", path)

    missing = {(m, normalise(p)) for m, p in routes} - {(m, normalise(p)) for m, p in covered}
    assert not missing, f"endpoints without a role-matrix row: {sorted(missing)}"

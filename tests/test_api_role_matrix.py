"""Every API endpoint × every role: the exact status, and nothing changed when denied.

The expectations come from the roles: anonymous visitors reach only public endpoints;
signed-in people reach their own account; security administrators manage roles and legal
documents; auditors (and security administrators) read the audit trail; operators keep
the holiday schedule. A denied call (401/403) must leave every table as it was.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from conftest import ApiClient
from rencai.accounts.models import ApiToken, GuardianLink, RoleGrant, SmsCode, User, UserSession
from rencai.audit.models import AuditEvent
from rencai.core.models import HolidayScheduleEntry
from rencai.files.models import StoredFile
from rencai.jobs.content import Location
from rencai.jobs.models import JobPosting, JobPostingVersion, PostingEvent, PostingReport
from rencai.moderation.models import AbnormalListEntry
from rencai.notifications.models import Notification
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
from rencai.search.models import SavedSearch
from rencai.testing import orgs as org_seeds
from rencai.testing import personas

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "alice", "yan", "bob", "dave", "carol", "oscar", "sam", "audrey", "rita"]
PERSONA = {p.key: p for p in personas.PERSONAS}
SIGNED_IN = set(ROLES) - {"anonymous"}
OPERATORS = {"oscar", "sam", "audrey"}
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
    PostingReport,
    SavedSearch,
    Resume,
    ResumeEntry,
    HiddenOrganisation,
    ResumeView,
]


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
        "effective_at": (timezone.now() + timezone.timedelta(days=10)).isoformat(),
    }


ALL = frozenset(SIGNED_IN)
INSPECT = frozenset({"oscar", "rita"})
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
MISSING = str(uuid.uuid4())

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
    Endpoint("POST", "me/consents", ALL, body={"purpose": "marketing_email", "granted": True}),
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


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in TABLES}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: f"{e.method} {e.path.split('?')[0]}")
def test_role_matrix(
    endpoint: Endpoint, role: str, api_as: Callable[[User | None], ApiClient]
) -> None:
    alice = personas.build(personas.ALICE)
    actor = None if role == "anonymous" else personas.build(PERSONA[role])
    if endpoint.needs_org_b:
        org_seeds.build_org(org_seeds.COMPANY_B)
    path = _fill(endpoint.path.replace("{alice}", str(alice.pk)))
    client = api_as(actor)
    before = _counts()
    response = client.call(endpoint.method, path, endpoint.body)
    expected = endpoint.expected(role)
    assert response.status_code == expected, (role, response.content[:300])
    if not (endpoint.public or role in endpoint.allowed):
        assert response.json()["code"] == (
            "not_authenticated" if role == "anonymous" else "permission_denied"
        )
        assert _counts() == before
    if response.status_code in (403, 404):  # refused or hidden: nothing may have changed
        assert _counts() == before
    if response.status_code >= 400:
        body = response.json()
        assert set(body) >= {"code", "message", "fields"}


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
        import re

        return re.sub(r"\{[a-z_]+\}", "{id}", path)

    missing = {(m, normalise(p)) for m, p in routes} - {(m, normalise(p)) for m, p in covered}
    assert not missing, f"endpoints without a role-matrix row: {sorted(missing)}"

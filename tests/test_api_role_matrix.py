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
from rencai.privacy.models import ConsentRecord, LegalDocument
from rencai.testing import personas

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "alice", "yan", "bob", "carol", "oscar", "sam", "audrey", "rita"]
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
SECURITY = frozenset({"sam"})
AUDIT = frozenset({"sam", "audrey"})
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
        ok_by_role=(("alice", 400), ("bob", 400)),
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
]


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in TABLES}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: f"{e.method} {e.path.split('?')[0]}")
def test_role_matrix(
    endpoint: Endpoint, role: str, api_as: Callable[[User | None], ApiClient]
) -> None:
    alice = personas.build(personas.ALICE)
    actor = None if role == "anonymous" else personas.build(PERSONA[role])
    path = endpoint.path.replace("{alice}", str(alice.pk))
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

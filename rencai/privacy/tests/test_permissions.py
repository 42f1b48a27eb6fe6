"""Who may do what among the operator duties (SEC-03): a permission matrix over every
persona for the governance predicates, pages and API routes. A refused request (401, 403,
404) changes no row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from rencai.accounts.models import User
from rencai.privacy import permissions
from rencai.privacy.models import (
    BulkExportRequest,
    PiAccessRecord,
    RetentionRule,
    RetentionRun,
    SelfInspection,
    SelfInspectionFinding,
)
from rencai.testing import personas

LOGIN = "rencai.accounts.backends.RencaiBackend"
PERSONAS = ("alice", "yan", "bob", "dave", "carol", "oscar", "sam", "audrey", "rita", "dana")

# persona → the predicates that hold for them (all others are False).
EXPECTED: dict[str, set[str]] = {
    "dana": {
        "can_handle_rights_requests",
        "can_view_rights_requests",
        "can_manage_self_inspection",
        "can_view_self_inspections",
        "can_request_bulk_export",
        "can_view_bulk_exports",
        "can_run_retention",
        "can_view_retention",
        "can_view_governance",
    },
    "sam": {
        "can_view_self_inspections",
        "can_view_bulk_exports",
        "can_approve_bulk_exports",
        "can_view_pi_access_log",
        "can_manage_legal_holds",
        "can_view_governance",
    },
    "audrey": {
        "can_view_rights_requests",
        "can_view_self_inspections",
        "can_view_bulk_exports",
        "can_view_retention",
        "can_view_pi_access_log",
        "can_view_governance",
    },
}
PREDICATES = (
    "can_handle_rights_requests",
    "can_view_rights_requests",
    "can_manage_self_inspection",
    "can_view_self_inspections",
    "can_request_bulk_export",
    "can_view_bulk_exports",
    "can_approve_bulk_exports",
    "can_run_retention",
    "can_view_retention",
    "can_view_pi_access_log",
    "can_manage_legal_holds",
    "can_view_governance",
)


def _build(name: str) -> User:
    return personas.build(getattr(personas, name.upper()))


def _rows() -> dict[str, int]:
    return {
        "rules": sum(RetentionRule.objects.values_list("min_days", flat=True)),
        "runs": RetentionRun.objects.count(),
        "inspections": SelfInspection.objects.count(),
        "findings": SelfInspectionFinding.objects.count(),
        "exports": BulkExportRequest.objects.count(),
        "pi_access": PiAccessRecord.objects.count(),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("name", PERSONAS)
def test_predicate_matrix(name: str) -> None:
    user = _build(name)
    held = {p for p in PREDICATES if getattr(permissions, p)(user)}
    assert held == EXPECTED.get(name, set())


# Pages: (path, expected status per persona that may see it; everyone else 403).
PAGES: dict[str, set[str]] = {
    "/ops/privacy/retention/": {"dana", "audrey"},
    "/ops/privacy/self-inspections/": {"dana", "audrey", "sam"},
    "/ops/privacy/bulk-exports/": {"dana", "audrey", "sam"},
    "/ops/privacy/pi-access/": {"audrey", "sam"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", PERSONAS)
def test_page_matrix(name: str) -> None:
    user = _build(name)
    client = Client()
    client.force_login(user, backend=LOGIN)
    for path, allowed in PAGES.items():
        status = client.get(path).status_code
        assert status == (200 if name in allowed else 403), (name, path)
    before = _rows()
    posts = [
        ("/ops/privacy/retention/", {"form": "run"}),
        (
            "/ops/privacy/retention/",
            {"form": "rule", "category": "notification", "notification-min_days": "1"},
        ),
        (
            "/ops/privacy/self-inspections/",
            {"year": "2025", "conducted_on": "2025-12-01", "scope": "s", "summary": "c"},
        ),
        (
            "/ops/privacy/bulk-exports/",
            {"form": "request", "dataset": "users_by_role", "reason": "r"},
        ),
    ]
    for path, data in posts:
        response = client.post(path, data)
        if name != "dana":
            assert response.status_code == 403, (name, path)
    if name != "dana":
        assert _rows() == before


@pytest.mark.django_db
def test_pages_ask_anonymous_visitors_to_sign_in() -> None:
    client = Client()
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 302
        assert "login" in response["Location"] or "sign" in response["Location"]


# API: (method, path, body, personas allowed, status when allowed).
ROUTES: list[tuple[str, str, Any, set[str], int]] = [
    ("get", "operator/privacy/governance-status", None, {"dana", "sam", "audrey"}, 200),
    ("get", "operator/privacy/retention/rules", None, {"dana", "audrey"}, 200),
    (
        "patch",
        "operator/privacy/retention/rules/notification",
        {"min_days": 30, "enabled": True},
        {"dana"},
        200,
    ),
    ("get", "operator/privacy/retention/runs", None, {"dana", "audrey"}, 200),
    ("post", "operator/privacy/retention/runs", {"dry_run": True}, {"dana"}, 201),
    ("get", "operator/privacy/self-inspections", None, {"dana", "audrey", "sam"}, 200),
    (
        "post",
        "operator/privacy/self-inspections",
        {"year": 2025, "conducted_on": "2025-12-01", "scope": "s", "summary": "c"},
        {"dana"},
        201,
    ),
    ("get", "operator/privacy/bulk-exports", None, {"dana", "audrey", "sam"}, 200),
    (
        "post",
        "operator/privacy/bulk-exports",
        {"dataset": "rights_requests", "filters": {}, "reason": "r"},
        {"dana"},
        201,
    ),
    ("get", "operator/privacy/pi-access", None, {"audrey", "sam"}, 200),
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", [*PERSONAS, "anonymous"])
def test_api_matrix(name: str, api_as: Callable[[User | None], Any]) -> None:
    user = None if name == "anonymous" else _build(name)
    client = api_as(user)
    for method, path, body, allowed, ok in ROUTES:
        before = _rows()
        kwargs = {} if body is None else {"body": body}
        response = getattr(client, method)(path, **kwargs)
        if user is None:
            assert response.status_code == 401, (name, path)
        elif name in allowed:
            assert response.status_code == ok, (name, path, response.content)
            continue
        else:
            assert response.status_code == 403, (name, path)
            assert response.json()["code"] == "permission_denied"
        assert _rows() == before, (name, path)


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n in PERSONAS if n != "sam"])
def test_only_a_security_admin_approves(
    name: str, dana: User, settings: Any, api_as: Callable[[User | None], Any]
) -> None:
    settings.PRIVACY_BULK_EXPORT_THRESHOLD = 0
    export = (
        api_as(dana)
        .post("operator/privacy/bulk-exports", {"dataset": "users_by_role", "reason": "r"})
        .json()
    )
    assert export["status"] == "pending"
    user = _build(name)
    for verb in ("approve", "reject"):
        response = api_as(user).post(f"operator/privacy/bulk-exports/{export['id']}/{verb}", {})
        assert response.status_code == 403, (name, verb)
    assert BulkExportRequest.objects.get(pk=export["id"]).status == "pending"

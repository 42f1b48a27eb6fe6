"""Every regulator access is logged (REG-02), also her reads of the operators' desks."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from conftest import ApiClient
from rencai.accounts.models import User
from rencai.audit.models import AuditEvent
from rencai.inspection.actions import ACCESS_ACTION
from rencai.inspection.choices import AccessKind
from rencai.inspection.models import InspectionAccess

pytestmark = pytest.mark.django_db


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="rencai.accounts.backends.RencaiBackend")
    return client


def test_the_regulators_reads_of_operator_desks_are_logged(
    rita: User, oscar: User, api_as: Callable[[User | None], ApiClient]
) -> None:
    page = _signed_in(rita).get("/ops/reports/", {"status": "open"})
    assert page.status_code == 200
    access = InspectionAccess.objects.get(kind=AccessKind.DESK_PAGE)
    assert access.user == rita
    assert access.filters == {"path": "/ops/reports/", "query": "status=open"}
    assert AuditEvent.objects.filter(action=ACCESS_ACTION, object_id=str(access.pk)).exists()

    assert api_as(rita).get("operator/reports").status_code == 200
    api_access = InspectionAccess.objects.filter(kind=AccessKind.DESK_PAGE).latest("created_at")
    assert api_access.filters["path"] == "/api/v1/operator/reports"
    assert api_access.channel == "api"


def test_operators_refusals_and_writes_are_not_logged_as_regulator_access(
    rita: User, oscar: User
) -> None:
    assert _signed_in(oscar).get("/ops/reports/").status_code == 200
    refused = _signed_in(rita).post("/ops/reports/00000000-0000-0000-0000-000000000000/assign/")
    assert refused.status_code in (403, 404)
    logged = InspectionAccess.objects.filter(kind=AccessKind.DESK_PAGE)
    assert logged.count() == 0  # Oscar's read and Rita's refused write: nothing

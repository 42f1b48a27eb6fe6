"""List endpoints and pages run a constant number of queries, whatever the list size."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rencai.accounts import actions
from rencai.core.actors import cli_actor
from rencai.privacy.actions import set_optional_consent
from rencai.testing import personas

pytestmark = pytest.mark.django_db


def _queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = call()
    assert response.status_code == 200, response.content[:200]
    return len(captured)


_serial = iter(range(10_000))


def _grow(alice, sam, n: int) -> None:
    """Add n rows to every list that the endpoints below show."""
    for _ in range(n):
        i = next(_serial)
        actions.create_api_token(alice, name=f"t{i}", expires_in_days=30, actor=cli_actor(alice))
        set_optional_consent(
            alice, "marketing_email", i % 2 == 0, actor=cli_actor(alice), channel="web"
        )
        personas.register_person(
            f"1370013{i:04d}", "seeker", f"用户{i}", birth_date=dt.date(1990, 1, 1)
        )


@pytest.mark.parametrize(
    ("who", "path", "expected"),
    [
        ("alice", "me/tokens", 3),
        ("alice", "me/consents", 5),
        ("alice", "me/sessions", 3),
        ("sam", "admin/users?page_size=50", 6),
        ("sam", "admin/audit/events?page_size=50", 5),
        (None, "legal/documents", 1),
    ],
)
def test_list_endpoint_query_count_is_constant(api_as, alice, sam, who, path, expected) -> None:
    client = api_as({"alice": alice, "sam": sam, None: None}[who])
    _grow(alice, sam, 2)
    small = _queries(lambda: client.get(path))
    _grow(alice, sam, 8)
    large = _queries(lambda: client.get(path))
    assert (small, large) == (expected, expected)


@pytest.mark.parametrize(
    ("who", "url", "expected"),
    [
        ("alice", "/account/security/", 7),
        ("alice", "/account/consents/", 9),
        ("sam", "/ops/users/", 7),
        ("sam", "/ops/audit/", 6),
    ],
)
def test_list_page_query_count_is_constant(client, alice, sam, who, url, expected) -> None:
    user = {"alice": alice, "sam": sam}[who]
    client.force_login(user, backend="rencai.accounts.backends.RencaiBackend")
    client.get(url)  # settle the session's accepted-documents marker
    _grow(alice, sam, 2)
    small = _queries(lambda: client.get(url))
    _grow(alice, sam, 8)
    large = _queries(lambda: client.get(url))
    assert (small, large) == (expected, expected)


def _verified_orgs(n: int) -> None:
    """Add n verified organisations (bulk rows: only the list queries are measured here)."""
    from django.utils import timezone
    from stdnum.cn import uscc

    from rencai.core.identifiers import org_code_check_character
    from rencai.orgs.models import Organisation

    owner = personas.build(personas.BOB)
    rows = []
    for _ in range(n):
        code = f"{next(_serial):08d}"
        body = "91440300" + code + org_code_check_character(code)
        rows.append(
            Organisation(
                legal_name=f"计数公司{code}",
                uscc=body + uscc.calc_check_digit(body),
                legal_representative="张三",
                registered_address="广东省深圳市南山区科苑路1号",
                account_class="employer",
                industry="65",
                status="verified",
                last_verified_at=timezone.now(),
                created_by=owner,
            )
        )
    Organisation.objects.bulk_create(rows)


@pytest.mark.parametrize(("url", "expected"), [("/api/v1/companies", 2), ("/companies/", 2)])
def test_company_lists_query_count_is_constant(client, url, expected) -> None:
    _verified_orgs(2)
    client.get(url)  # warm the caches (the service-end banner: one query on a cold cache)
    small = _queries(lambda: client.get(url))
    _verified_orgs(8)
    large = _queries(lambda: client.get(url))
    assert (small, large) == (expected, expected)

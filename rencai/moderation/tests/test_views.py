"""The abnormal-list pages (FRD-04): who may see and keep the list, listing and lifting
through the page, errors on the form, and identifiers never shown back unmasked."""

from __future__ import annotations

import pytest
from django.test import Client

from rencai.audit.models import AuditEvent
from rencai.core.actors import cli_actor
from rencai.moderation import actions, views
from rencai.moderation.models import AbnormalListEntry

pytestmark = pytest.mark.django_db

BACKEND = "rencai.accounts.backends.RencaiBackend"
LIST = "/ops/abnormal-list/"
USCC = "91440300MA5DLH017E"  # company A's code: valid check character
ID_NUMBER = "110105199805120020"
PHONE = "13800138099"


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend=BACKEND)
    return client


def _lift_url(entry: AbnormalListEntry) -> str:
    return f"/ops/abnormal-list/{entry.pk}/lift/"


@pytest.fixture
def listed(oscar) -> AbnormalListEntry:
    return actions.list_subject(
        "uscc", USCC, reason="虚假招聘，投诉编号 2026-001", actor=cli_actor(oscar)
    )


@pytest.mark.parametrize(
    ("persona", "status"),
    [("oscar", 200), ("rita", 200), ("bob", 403), ("alice", 403), ("audrey", 403), ("sam", 403)],
)
def test_list_page_status_per_role(request, listed, persona, status) -> None:
    response = _client(request.getfixturevalue(persona)).get(LIST)
    assert response.status_code == status


def test_anonymous_visitors_are_sent_to_sign_in() -> None:
    response = Client().get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_operator_sees_forms_and_the_regulator_reads_only(listed, oscar, rita) -> None:
    html = _client(oscar).get(LIST).content.decode()
    assert USCC in html
    assert 'name="subject_kind"' in html
    assert f'action="{_lift_url(listed)}"' in html

    html = _client(rita).get(LIST).content.decode()
    assert USCC in html
    assert 'name="subject_kind"' not in html
    assert "/lift/" not in html
    assert 'id="read-only-notice"' in html


def test_operator_lists_an_organisation_through_the_page(oscar) -> None:
    client = _client(oscar)
    response = client.post(
        LIST, {"subject_kind": "uscc", "value": USCC.lower(), "reason": "冒用他人营业执照招聘"}
    )
    assert response.status_code == 302
    assert response["Location"] == LIST
    entry = AbnormalListEntry.objects.get()
    assert (entry.subject_kind, entry.label, entry.listed_by) == ("uscc", USCC, oscar)
    page = client.get(LIST)
    assert [row["entry"] for row in page.context["rows"]] == [entry]
    assert [m.level_tag for m in page.context["messages"]] == ["success"]


def test_a_person_is_listed_masked_and_the_number_never_shown(oscar) -> None:
    client = _client(oscar)
    response = client.post(
        LIST, {"subject_kind": "id_number", "value": ID_NUMBER, "reason": "多次发布虚假职位"}
    )
    assert response.status_code == 302
    entry = AbnormalListEntry.objects.get()
    assert ID_NUMBER not in entry.label
    html = client.get(LIST).content.decode()
    assert entry.label in html
    assert ID_NUMBER not in html


def test_errors_are_shown_on_the_form_without_echoing_the_value(oscar) -> None:
    client = _client(oscar)
    bad_uscc = USCC[:-1] + "F"
    response = client.post(
        LIST, {"subject_kind": "uscc", "value": bad_uscc, "reason": "冒用执照招聘"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-error-code="uscc_checksum"' in html
    assert response.context["form"].errors["value"]
    assert bad_uscc not in html

    response = client.post(
        LIST, {"subject_kind": "phone", "value": "1234567", "reason": "冒充招聘方骗取费用"}
    )
    assert 'data-error-code="phone_invalid"' in response.content.decode()

    response = client.post(LIST, {"subject_kind": "id_number", "value": ID_NUMBER, "reason": "短"})
    html = response.content.decode()
    assert 'data-error-code="reason_required"' in html
    assert ID_NUMBER not in html
    assert not AbnormalListEntry.objects.exists()


def test_listing_twice_shows_already_listed(listed, oscar) -> None:
    response = _client(oscar).post(
        LIST, {"subject_kind": "uscc", "value": USCC, "reason": "再次被投诉虚假招聘"}
    )
    assert response.status_code == 200
    assert 'data-error-code="already_listed"' in response.content.decode()
    assert AbnormalListEntry.objects.count() == 1


def test_operator_lifts_a_listing_with_a_reason(listed, oscar) -> None:
    client = _client(oscar)
    response = client.post(_lift_url(listed), {"reason": "复核后确认为误报"})
    assert response.status_code == 302
    listed.refresh_from_db()
    assert listed.lifted_at is not None
    assert (listed.lifted_by, listed.lift_reason) == (oscar, "复核后确认为误报")
    assert client.get(LIST).context["rows"] == []
    with_lifted = client.get(LIST, {"lifted": "1"})
    assert [row["entry"] for row in with_lifted.context["rows"]] == [listed]
    assert "复核后确认为误报" in with_lifted.content.decode()

    again = client.post(_lift_url(listed), {"reason": "再次复核后解除"})
    assert again.status_code == 302
    assert [m.level_tag for m in client.get(LIST).context["messages"]] == ["error"]


def test_lift_needs_a_reason_and_a_post(listed, oscar) -> None:
    client = _client(oscar)
    response = client.post(_lift_url(listed), {"reason": "误报"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-error-code="reason_required"' in html
    assert '<details class="lift-details" open>' in html
    listed.refresh_from_db()
    assert listed.lifted_at is None
    assert client.get(_lift_url(listed)).status_code == 405


@pytest.mark.parametrize("persona", ["rita", "bob"])
def test_others_cannot_list_or_lift(request, listed, persona) -> None:
    client = _client(request.getfixturevalue(persona))
    events = AuditEvent.objects.count()
    response = client.post(
        LIST, {"subject_kind": "phone", "value": PHONE, "reason": "测试原因五个字"}
    )
    assert response.status_code == 403
    assert client.post(_lift_url(listed), {"reason": "测试原因五个字"}).status_code == 403
    listed.refresh_from_db()
    assert listed.lifted_at is None
    assert AbnormalListEntry.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_unknown_entry_is_404(oscar) -> None:
    url = "/ops/abnormal-list/00000000-0000-4000-8000-000000000000/lift/"
    assert _client(oscar).post(url, {"reason": "复核后确认为误报"}).status_code == 404


def test_list_is_paginated_and_lifting_keeps_the_page(oscar, monkeypatch) -> None:
    actor = cli_actor(oscar)
    first = actions.list_subject("phone", "13800138097", reason="冒充招聘方骗取费用", actor=actor)
    actions.list_subject("phone", "13800138098", reason="冒充招聘方骗取费用", actor=actor)
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    client = _client(oscar)
    second_page = client.get(LIST, {"page": 2})
    assert [row["entry"] for row in second_page.context["rows"]] == [first]
    assert f'action="{_lift_url(first)}?page=2"' in second_page.content.decode()
    response = client.post(f"{_lift_url(first)}?page=2", {"reason": "复核后确认为误报"})
    assert response["Location"] == f"{LIST}?page=2"

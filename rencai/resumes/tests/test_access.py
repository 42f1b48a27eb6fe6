"""Who sees which resume (PI-05, PI-07): visibility per account class, hidden companies by
USCC (also after a rename), good standing, inactive owners, contact only after an
application or an accepted invitation; and the masked and full resume cards (DIS-09)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from rencai.accounts.models import User
from rencai.core.actors import cli_actor
from rencai.core.errors import NotFound
from rencai.moderation.actions import list_subject
from rencai.orgs.models import Organisation
from rencai.resumes import actions
from rencai.resumes.access import (
    contact_allowed,
    resume_for_org,
    searchable_resumes_for,
    sent_to_org,
)
from rencai.resumes.choices import PoliticalStatus, Visibility
from rencai.resumes.models import Resume
from rencai.resumes.presentation import resume_card, scrub_contacts


def _visible(org: Organisation) -> list[Resume]:
    return list(searchable_resumes_for(org))


@pytest.mark.parametrize(
    ("visibility", "employer_sees", "agency_sees"),
    [
        (Visibility.HIDDEN, False, False),
        (Visibility.EMPLOYERS, True, False),
        (Visibility.PUBLIC, True, True),
    ],
)
def test_pi_05_visibility_per_account_class(
    alice: User,
    resume: Resume,
    company_a: Organisation,
    agency: Organisation,
    visibility: str,
    employer_sees: bool,
    agency_sees: bool,
) -> None:
    actions.set_visibility(resume, visibility, actor=cli_actor(alice))
    assert (resume in _visible(company_a)) is employer_sees
    assert (resume in _visible(agency)) is agency_sees


def test_pi_05_hidden_company_never_finds_it_even_after_a_rename(
    alice: User, resume: Resume, company_a: Organisation, company_b: Organisation
) -> None:
    actions.set_visibility(resume, Visibility.PUBLIC, actor=cli_actor(alice))
    actions.hide_organisation(alice, uscc=company_b.uscc, actor=cli_actor(alice))
    Organisation.objects.filter(pk=company_b.pk).update(legal_name="上海新禾食品有限公司")
    company_b.refresh_from_db()
    assert _visible(company_b) == []
    assert _visible(company_a) == [resume]
    with pytest.raises(NotFound):
        resume_for_org(company_b, resume.pk)


def test_pi_05_inactive_owner_and_org_out_of_good_standing_see_nothing(
    alice: User,
    oscar: User,
    resume: Resume,
    company_a: Organisation,
    company_b: Organisation,
) -> None:
    actions.set_visibility(resume, Visibility.PUBLIC, actor=cli_actor(alice))
    assert _visible(company_a) == [resume] and _visible(company_b) == [resume]
    list_subject("uscc", company_a.uscc, reason="经营异常名录", actor=cli_actor(oscar))
    assert _visible(company_a) == []
    Organisation.objects.filter(pk=company_b.pk).update(display_suspended=True)
    company_b.refresh_from_db()
    assert _visible(company_b) == []
    Organisation.objects.filter(pk=company_b.pk).update(display_suspended=False)
    company_b.refresh_from_db()
    User.objects.filter(pk=alice.pk).update(is_active=False)
    assert _visible(company_b) == []


def test_searchable_resumes_is_one_query_and_combines(
    alice: User, resume: Resume, company_a: Organisation, django_assert_num_queries: Any
) -> None:
    actions.set_visibility(resume, Visibility.EMPLOYERS, actor=cli_actor(alice))
    queryset = searchable_resumes_for(company_a)  # the standing check runs here
    with django_assert_num_queries(1):
        assert list(queryset.filter(city="440300").values_list("pk", flat=True)) == [resume.pk]


def test_pi_07_contact_only_after_application_or_accepted_invitation(
    alice: User,
    bob: User,
    dave: User,
    resume: Resume,
    company_a: Organisation,
    company_b: Organisation,
    send_application: Callable[..., Any],
    accept_invitation: Callable[..., Any],
) -> None:
    assert not contact_allowed(company_a, alice)
    application = send_application(resume, company_a, bob, status="withdrawn")
    assert not contact_allowed(company_a, alice) and not sent_to_org(company_a, resume)
    with pytest.raises(NotFound):
        resume_for_org(company_a, resume.pk)  # invisible and only a withdrawn application
    application.status = "active"
    application.save()
    assert contact_allowed(company_a, alice) and sent_to_org(company_a, resume)
    assert resume_for_org(company_a, resume.pk) == resume
    assert not contact_allowed(company_b, alice)
    pending = accept_invitation(resume, company_b, dave, status="pending")
    assert not contact_allowed(company_b, alice)
    pending.status = "accepted"
    pending.save()
    assert contact_allowed(company_b, alice) and resume_for_org(company_b, resume.pk) == resume


def test_pi_07_masked_card_has_no_contact_and_no_optional_data(alice: User, resume: Resume) -> None:
    actions.update_resume(
        resume,
        {
            "ethnicity": "汉族",
            "hukou_division": "440000",
            "political_status": "cyl_member",
            "self_assessment": "电话 138-0013-8001，邮箱 a@b.cn，微信：wx_alice88",
        },
        actor=cli_actor(alice),
    )
    resume = Resume.objects.prefetch_related("entries").get(pk=resume.pk)
    masked = resume_card(resume, full_contact=False)
    assert (masked["name"], masked["phone"], masked["email"], masked["links"]) == (
        "王**",
        "",
        "",
        [],
    )
    for name in ("ethnicity", "hukou", "political_status", "photo_id"):
        assert name not in masked
    text = str({name: value for name, value in masked.items() if name != "updated_at"})
    for secret in (
        "13800138001",
        "138-0013-8001",
        "138 0013 8001",
        "a@b.cn",
        "wx_alice88",
        "王爱丽",
        "alice.wang",
        "1998-05-12",
        "110105199805120020",
    ):
        assert secret not in text, secret
    full = resume_card(resume, full_contact=True)
    assert (full["name"], full["phone"], full["email"]) == (
        "王爱丽",
        "138 0013 8001",
        "alice.wang@example.com",
    )
    assert (full["ethnicity"], full["political_status"]) == (
        "汉族",
        str(PoliticalStatus.CYL_MEMBER.label),
    )
    assert "photo_id" not in full  # not filled in: not shown
    assert "110105199805120020" not in str(full) and "1998-05-12" not in str(full)
    assert [e["organisation"] for e in full["sections"]["education"]] == ["华南理工大学"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("电话13800138001", "电话***"),
        ("+86 138 0013 8001 找我", "*** 找我"),
        ("座机 0755-86001234", "座机 ***"),
        ("QQ: 12345678", "***"),
        ("2016-2020 年在校", "2016-2020 年在校"),
    ],
)
def test_scrub_contacts(text: str, expected: str) -> None:
    assert scrub_contacts(text) == expected

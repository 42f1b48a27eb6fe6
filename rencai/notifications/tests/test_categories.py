"""Kinds belong to categories (derived from the key unless named), mandatory notices and
marketing kinds (PI-11)."""

from __future__ import annotations

import pytest
from django.utils.translation import gettext_lazy as _

from rencai.notifications.categories import Category, category_for_key
from rencai.notifications.kinds import NotificationKind, get_kind
from rencai.notifications.notices import NEWS


def _kind(key: str, **extra: object) -> NotificationKind:
    return NotificationKind(key=key, title=_("Title"), body=_("Body"), **extra)


@pytest.mark.parametrize(
    ("key", "category"),
    [
        ("applications.received", Category.APPLICATIONS),
        ("resumes.viewed", Category.APPLICATIONS),
        ("messaging.new_message", Category.MESSAGES),
        ("messaging.interview_invited", Category.INTERVIEWS),
        ("applications.interview_reminder", Category.INTERVIEWS),
        ("accounts.new_device", Category.ACCOUNT),
        ("privacy.document_changed", Category.ACCOUNT),
        ("orgs.licence_expiring", Category.ORGANISATION),
        ("jobs.review_approved", Category.ORGANISATION),
        ("search.job_alert", Category.JOB_ALERTS),
        ("somewhere.else", Category.OTHER),
    ],
)
def test_the_category_is_derived_from_the_key_so_other_apps_need_no_change(
    key: str, category: str
) -> None:
    assert category_for_key(key) == category
    assert _kind(key).category == category


def test_a_kind_may_name_its_category() -> None:
    assert _kind("applications.chat_copy", category=Category.MESSAGES).category == "messages"
    with pytest.raises(ValueError, match="unknown notification category"):
        _kind("applications.x", category="holidays")


def test_account_and_organisation_kinds_are_mandatory_unless_they_say_otherwise() -> None:
    assert _kind("accounts.new_device").mandatory is True
    assert _kind("orgs.display_suspended").mandatory is True
    assert _kind("orgs.join_declined", mandatory=False).mandatory is False
    assert _kind("applications.received").mandatory is False
    assert _kind("applications.terms_changed", mandatory=True).mandatory is True


def test_registered_kinds_of_other_apps_get_categories() -> None:
    assert get_kind("orgs.verification_approved").category == Category.ORGANISATION
    assert get_kind("orgs.verification_approved").mandatory is True
    assert get_kind("search.job_alert").category == Category.JOB_ALERTS
    assert get_kind("search.job_alert").mandatory is False


def test_pi_11_marketing_kinds_are_marketing_only_and_never_mandatory() -> None:
    promo = _kind("tests.spring_fair", marketing=True)
    assert (promo.category, promo.mandatory) == (Category.MARKETING, False)
    with pytest.raises(ValueError, match="cannot be mandatory"):
        _kind("tests.fair", marketing=True, mandatory=True)
    with pytest.raises(ValueError, match="must be in the marketing category"):
        _kind("tests.fair", marketing=True, category=Category.APPLICATIONS)
    with pytest.raises(ValueError, match="needs marketing=True"):
        _kind("marketing.fair")
    assert get_kind(NEWS).marketing is True

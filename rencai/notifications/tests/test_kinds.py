"""The kinds registry, rendering that never fails, and the site-path guard."""

from __future__ import annotations

import pytest
from django.utils.translation import gettext_lazy as _

from rencai.notifications.kinds import (
    NotificationKind,
    UnknownKindError,
    get_kind,
    missing_params,
    register,
    registered_kinds,
    render,
    unregister,
)
from rencai.notifications.links import is_site_path
from rencai.notifications.tests.conftest import INTERVIEW, PLAIN


@pytest.mark.usefixtures("kinds")
def test_registry_lookup_and_duplicates() -> None:
    assert get_kind(INTERVIEW.key) is INTERVIEW
    assert register(INTERVIEW) is INTERVIEW  # registering the same kind again is harmless
    assert {INTERVIEW, PLAIN} <= set(registered_kinds())
    other = NotificationKind(key=INTERVIEW.key, title=_("Other"), body=_("Other"))
    with pytest.raises(ValueError, match="already registered"):
        register(other)
    unregister(PLAIN.key)
    with pytest.raises(UnknownKindError):
        get_kind(PLAIN.key)


@pytest.mark.parametrize("key", ["welcome", "Orgs.Expiry", "orgs.", "orgs.licence-expiring", ""])
def test_kind_keys_look_like_app_dot_event(key: str) -> None:
    with pytest.raises(ValueError, match="app.event"):
        NotificationKind(key=key, title=_("Title"), body=_("Body"))


def test_render_never_fails() -> None:
    assert render("Hello %(name)s", {"name": "王"}) == "Hello 王"
    assert render("Hello %(name)s", {}) == "Hello "  # a parameter that went missing
    assert render("100%", {}) == "100%"  # a broken translation shows unfilled
    assert render("%(n)d items", {"n": "3"}) == "%(n)d items"


def test_missing_params_are_named() -> None:
    assert missing_params(INTERVIEW, {"job": "Java"}) == {"company"}
    assert missing_params(INTERVIEW, {"job": "Java", "company": "蓝海"}) == set()
    broken = NotificationKind(key="tests.broken", title=_("%(n)d items"), body=_("Body"))
    with pytest.raises(ValueError, match="not a valid template"):
        missing_params(broken, {"n": "3"})


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("/applications/1/", True),
        ("/jobs/?q=java&page=2#top", True),
        ("", False),
        ("jobs/", False),
        ("//evil.example/", False),
        ("/\\evil.example", False),
        ("/\\/evil.example", False),
        ("https://evil.example/", False),
        ("javascript:alert(1)", False),
        ("/jobs/\n/", False),
        ("/\t/evil.example", False),
        ("/" + "a" * 300, False),
    ],
)
def test_only_paths_on_this_site_are_followed(url: str, allowed: bool) -> None:
    assert is_site_path(url) is allowed

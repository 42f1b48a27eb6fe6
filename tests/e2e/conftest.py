"""Browser-test fixtures: a live server and a Playwright page on Debian's chromium."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from rencai.testing.browser import browser, chromium_path

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
# ordinary blocking calls, which Django would otherwise refuse next to a running loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.real_on_commit)


@pytest.fixture(scope="session")
def chromium(django_db_setup: None) -> Iterator[Any]:
    """One headless chromium for the session, started after the test database exists.

    Playwright's sync API runs an event loop in this thread, and Django keeps database
    connections per async context: once the loop runs, ``connections[alias]`` is a new
    object. Copy the serialized database contents (for serialized rollback) onto it.
    """
    from django.db import connections

    if chromium_path() is None:
        pytest.fail("Debian's chromium is required for browser tests: apt-get install chromium")
    contents = {
        alias: getattr(connections[alias], "_test_serialized_contents", None)
        for alias in connections
    }
    with browser() as instance:
        for alias, value in contents.items():
            if value is not None:
                connections[alias]._test_serialized_contents = value
        yield instance


@pytest.fixture
def page(
    chromium: Any, django_db_serialized_rollback: None, live_server: Any, settings: Any
) -> Iterator[Any]:
    """A fresh browser context on the live server. Serialized rollback restores the data
    migrations (legal documents, holiday schedule) that an earlier flush removed."""
    settings.DEBUG = True  # the sandbox outbox page exists only with DEBUG on
    context = chromium.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 900}, base_url=live_server.url
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()

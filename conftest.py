"""Global fixtures: personas (built through the real actions), an API client, helpers."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from rencai.accounts.models import User
from rencai.testing import personas


@pytest.fixture(autouse=True)
def _english_free_language(settings: Any) -> None:
    """Tests assert stable codes, not texts; keep the default language (zh-hans)."""
    settings.LANGUAGE_CODE = "zh-hans"


@pytest.fixture(autouse=True)
def _run_on_commit_at_once(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run inside a transaction that never commits, so callbacks queued with
    ``transaction.on_commit`` (SMS delivery, index updates) would never run. Run them at
    once instead; tests marked ``real_on_commit`` keep Django's behaviour."""
    if request.node.get_closest_marker("real_on_commit"):
        return
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", _at_once)


def _at_once(func: Callable[[], object], using: str | None = None, robust: bool = False) -> None:
    func()


class SharedData:
    """Rows built once and shared by many tests, like Django's ``setUpTestData``: a
    transaction (a savepoint when one is already open) that the tests run inside, each in
    its own savepoint as usual, rolled back by ``close``. Build inside ``build`` only: it
    opens the database, runs on-commit callbacks at once and indexes into a search
    directory of its own (the tests' per-test directories stay empty)."""

    def __init__(self, blocker: Any, search_dir: Any) -> None:
        from django.db import transaction

        self._blocker = blocker
        self._search_dir = search_dir
        with blocker.unblock():
            self._block = transaction.atomic()
            self._block.__enter__()

    def build(self, func: Callable[[], Any]) -> Any:
        from django.db import transaction
        from django.test import override_settings

        from rencai.search.backends import reset_backends

        with (
            self._blocker.unblock(),
            override_settings(SEARCH_DIR=self._search_dir),
            pytest.MonkeyPatch.context() as patch,
        ):
            patch.setattr(transaction, "on_commit", _at_once)
            reset_backends()
            try:
                return func()
            finally:
                reset_backends()

    def close(self) -> None:
        from django.db import transaction

        with self._blocker.unblock():
            transaction.set_rollback(True)
            self._block.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Rate-limit counters live in the cache; every test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _own_search_index(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every test gets an empty search index directory of its own (created on first use)
    and no remembered search answers."""
    from rencai.search.api import ANSWERS
    from rencai.search.backends import reset_backends

    settings.SEARCH_DIR = tmp_path_factory.mktemp("search")
    reset_backends()
    ANSWERS.clear()


@pytest.fixture
def alice(db: None) -> User:
    return personas.build(personas.ALICE)


@pytest.fixture
def yan(db: None) -> User:
    return personas.build(personas.YAN)


@pytest.fixture
def bob(db: None) -> User:
    return personas.build(personas.BOB)


@pytest.fixture
def dave(db: None) -> User:
    return personas.build(personas.DAVE)


@pytest.fixture
def carol(db: None) -> User:
    return personas.build(personas.CAROL)


@pytest.fixture
def oscar(db: None) -> User:
    return personas.build(personas.OSCAR)


@pytest.fixture
def sam(db: None) -> User:
    return personas.build(personas.SAM)


@pytest.fixture
def audrey(db: None) -> User:
    return personas.build(personas.AUDREY)


@pytest.fixture
def rita(db: None) -> User:
    return personas.build(personas.RITA)


@pytest.fixture
def dana(db: None) -> User:
    return personas.build(personas.DANA)


@pytest.fixture
def tess(db: None) -> User:
    return personas.build(personas.TESS)


class ApiClient:
    """JSON calls to /api/v1/ as a given user (session login), or anonymously."""

    def __init__(self, user: User | None = None) -> None:
        self.client = Client(enforce_csrf_checks=False)
        if user is not None:
            self.client.force_login(user, backend="rencai.accounts.backends.RencaiBackend")

    def call(self, method: str, path: str, body: Any = None, **extra: Any) -> Any:
        url = path if path.startswith("/") else f"/api/v1/{path}"
        kwargs: dict[str, Any] = {"content_type": "application/json", **extra}
        if body is not None:
            kwargs["data"] = json.dumps(body, default=str)
        return getattr(self.client, method.lower())(url, **kwargs)

    def get(self, path: str, **extra: Any) -> Any:
        return self.call("GET", path, **extra)

    def post(self, path: str, body: Any = None, **extra: Any) -> Any:
        return self.call("POST", path, body if body is not None else {}, **extra)

    def patch(self, path: str, body: Any = None, **extra: Any) -> Any:
        return self.call("PATCH", path, body if body is not None else {}, **extra)

    def delete(self, path: str, **extra: Any) -> Any:
        return self.call("DELETE", path, **extra)


@pytest.fixture
def api_as(db: None) -> Callable[[User | None], ApiClient]:
    return ApiClient


@pytest.fixture
def api(db: None) -> ApiClient:
    return ApiClient()

"""The private storage backends that settings build from the environment."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage, InMemoryStorage, storages
from django.test import override_settings
from storages.backends.s3 import S3Storage  # type: ignore[import-untyped]

from rencai.files.actions import private_storage

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "settings.py"


def settings_with(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, object]:
    """Run settings.py again with ``env`` set (a fresh namespace; the test settings stay)."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def test_tests_use_in_memory_private_storage() -> None:
    assert isinstance(private_storage(), InMemoryStorage)


def test_private_storage_s3_builds_a_private_s3_storage(monkeypatch: pytest.MonkeyPatch) -> None:
    namespace = settings_with(
        monkeypatch,
        PRIVATE_STORAGE="s3",
        S3_BUCKET="rencai-private",
        S3_ENDPOINT_URL="http://127.0.0.1:9000",
        S3_REGION="cn-north-1",
        S3_ACCESS_KEY_ID="test-key-id",
        S3_SECRET_ACCESS_KEY="test-secret",
    )
    with override_settings(STORAGES=namespace["STORAGES"]):
        storage = storages["private"]
        assert isinstance(storage, S3Storage)
        assert storage.bucket_name == "rencai-private"
        assert storage.endpoint_url == "http://127.0.0.1:9000"
        assert storage.region_name == "cn-north-1"
        assert storage.default_acl == "private"
        assert storage.querystring_auth is True
        assert storage.file_overwrite is False
    assert isinstance(private_storage(), InMemoryStorage)


def test_default_private_storage_is_the_filesystem(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("PRIVATE_STORAGE", raising=False)
    namespace = settings_with(monkeypatch, PRIVATE_MEDIA_ROOT=str(tmp_path / "private"))
    with override_settings(STORAGES=namespace["STORAGES"]):
        storage = storages["private"]
        assert isinstance(storage, FileSystemStorage)
        assert Path(storage.location) == tmp_path / "private"

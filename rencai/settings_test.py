"""Test settings: the real settings with fast hashing, in-memory cache and eager Huey."""

from __future__ import annotations

import os

os.environ.setdefault("HUEY_IMMEDIATE", "true")

from rencai.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; prod uses Argon2
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
HUEY["immediate"] = True  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
}
# On the Redis CI leg, eager tasks still go through Redis storage so the wiring is exercised.
HUEY["immediate_use_memory"] = not HUEY_URL.startswith(("redis://", "rediss://"))  # noqa: F405
# The SQLite leg tests a real WAL file (as `make run` uses), not a shared in-memory database
# whose table locks behave differently under concurrent writers.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-rencai.sqlite3")}  # noqa: F405

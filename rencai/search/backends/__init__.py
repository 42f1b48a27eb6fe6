"""Search backends behind one interface (``base.SearchBackend``).

``SEARCH_BACKEND`` picks the live one: ``tantivy`` (embedded default) or ``postgres`` (for
several web nodes sharing one PostgreSQL). ``database`` is the fallback the service uses
while the live index is unavailable; it reads the posting tables directly.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from rencai.search.backends.base import ResumeSearchBackend, SearchBackend

BACKENDS = ("tantivy", "postgres", "database")


@cache
def _instance(name: str) -> SearchBackend:
    if name == "tantivy":
        from rencai.search.backends.tantivy_backend import TantivyBackend

        return TantivyBackend()
    if name == "postgres":
        from rencai.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    if name == "database":
        from rencai.search.backends.database import DatabaseBackend

        return DatabaseBackend()
    raise ImproperlyConfigured(f"SEARCH_BACKEND must be one of {', '.join(BACKENDS)}")


def get_backend(name: str | None = None) -> SearchBackend:
    """The configured backend (or the one named)."""
    return _instance(name or settings.SEARCH_BACKEND)


def fallback_backend() -> SearchBackend:
    return _instance("database")


@cache
def _resume_instance(name: str) -> ResumeSearchBackend:
    if name == "tantivy":
        from rencai.search.backends.resume_tantivy import ResumeTantivyBackend

        return ResumeTantivyBackend()
    if name == "postgres":
        from rencai.search.backends.resume_postgres import ResumePostgresBackend

        return ResumePostgresBackend()
    raise ImproperlyConfigured("SEARCH_BACKEND must be tantivy or postgres for resumes")


def get_resume_backend(name: str | None = None) -> ResumeSearchBackend:
    """The resume index of the configured backend (or the one named); issue 7."""
    return _resume_instance(name or settings.SEARCH_BACKEND)


def reset_backends() -> None:
    """Forget open indexes (tests point ``SEARCH_DIR`` somewhere else)."""
    _instance.cache_clear()
    _resume_instance.cache_clear()

"""The PostgreSQL document table gets the demotion of restricted organisations (FRD-02):
``demoted`` (relevance multiplied by the sanctions' ranking factor) and ``rank_time`` (what
the date orders sort by: ``published_at``, or some days earlier for a demoted posting), and
the date index moves to ``rank_time``. PostgreSQL only; nothing on SQLite.

The table is derived data: the backend's schema version went up with this change, so an
existing table reports itself unavailable until ``rebuild_search_index`` (``--if-needed``
included) builds it again with the backend's own copy of these statements.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

TABLE = "search_posting_document"

FORWARD = [
    f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS demoted boolean NOT NULL DEFAULT false",
    f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS rank_time bigint NOT NULL DEFAULT 0",
    f"DROP INDEX IF EXISTS {TABLE}_newest",
    f"CREATE INDEX {TABLE}_newest ON {TABLE} (rank_time DESC, id DESC)",
]
BACKWARD = [
    f"DROP INDEX IF EXISTS {TABLE}_newest",
    f"CREATE INDEX {TABLE}_newest ON {TABLE} (published_at DESC, id DESC)",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS rank_time",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS demoted",
]


def _run(statements: list[str]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_resume_documents")]

    operations = [
        migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False),
    ]

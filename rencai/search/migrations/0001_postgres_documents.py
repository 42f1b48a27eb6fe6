"""The PostgreSQL search backend's document table (PostgreSQL only; nothing on SQLite).

``search_posting_document`` holds one row per public posting: a weighted ``tsvector`` built
app-side from the pre-segmented words (title A, company B, skills C, body D, all through the
``simple`` configuration, so PostgreSQL does no stemming or stop words of its own) and the
filter columns every search narrows by. It is derived data owned by
``rencai.search.backends.postgres`` and has no Django model: the backend reads and writes it
with SQL, and rebuilds it into a twin table that is swapped in by renaming.

``search_posting_document_meta`` records what the live table was built with (dictionary and
schema versions, and whether it carries a RUM index for ranking); the backend treats a table
without that row as "not built yet".

The DDL is frozen here on purpose: ``PostgresBackend.rebuild`` creates the twin with its own
copy of the same statements (``postgres.TABLE_STATEMENTS``), which a later schema change must
update together with a new migration.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

TABLE = "search_posting_document"
META = "search_posting_document_meta"

FORWARD = [
    f"""
    CREATE TABLE {TABLE} (
        id uuid PRIMARY KEY,
        stamp text NOT NULL,
        words tsvector NOT NULL,
        divisions text[] NOT NULL DEFAULT '{{}}',
        cities text[] NOT NULL DEFAULT '{{}}',
        categories text[] NOT NULL DEFAULT '{{}}',
        pay_band text NOT NULL DEFAULT '',
        employment_type text NOT NULL DEFAULT '',
        education text NOT NULL DEFAULT '',
        industry text NOT NULL DEFAULT '',
        organisation_id uuid NOT NULL,
        pay_low integer NOT NULL DEFAULT 0,
        pay_high integer NOT NULL DEFAULT 0,
        has_pay boolean NOT NULL DEFAULT false,
        experience integer NOT NULL DEFAULT 0,
        direct boolean NOT NULL DEFAULT false,
        minor boolean NOT NULL DEFAULT false,
        published_at bigint NOT NULL,
        valid_until integer NOT NULL,
        standing_until bigint NOT NULL,
        risk integer NOT NULL DEFAULT 0
    )
    """,
    f"CREATE INDEX {TABLE}_words ON {TABLE} USING gin (words)",
    f"CREATE INDEX {TABLE}_divisions ON {TABLE} USING gin (divisions)",
    f"CREATE INDEX {TABLE}_cities ON {TABLE} USING gin (cities)",
    f"CREATE INDEX {TABLE}_categories ON {TABLE} USING gin (categories)",
    f"CREATE INDEX {TABLE}_newest ON {TABLE} (published_at DESC, id DESC)",
    f"CREATE INDEX {TABLE}_pay ON {TABLE} (pay_high DESC, published_at DESC, id DESC)",
    f"CREATE INDEX {TABLE}_organisation ON {TABLE} (organisation_id)",
    f"""
    CREATE TABLE {META} (
        id smallint PRIMARY KEY CHECK (id = 1),
        dictionary text NOT NULL,
        schema integer NOT NULL,
        ranking text NOT NULL,
        built_at timestamptz NOT NULL
    )
    """,
]
BACKWARD = [f"DROP TABLE IF EXISTS {META}", f"DROP TABLE IF EXISTS {TABLE}"]


def _run(statements: list[str]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False),
    ]

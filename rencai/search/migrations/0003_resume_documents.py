"""The PostgreSQL resume index (PostgreSQL only; nothing on SQLite), issue 7.

``search_resume_document`` holds one row per findable resume (visibility employers or public,
owner active): a weighted ``tsvector`` of the pre-segmented words (positions A, skills B,
body D) and the filter columns, including the seeker's rules that every query applies
(``public`` and ``hidden_usccs``). Like ``search_posting_document`` it has no Django model and
is owned by ``rencai.search.backends.resume_postgres``, which rebuilds it into a twin table
with its own copy of these statements. ``search_resume_document_meta`` records what the live
table was built with.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

TABLE = "search_resume_document"
META = "search_resume_document_meta"

FORWARD = [
    f"""
    CREATE TABLE {TABLE} (
        id uuid PRIMARY KEY,
        stamp text NOT NULL,
        owner_id uuid NOT NULL,
        words tsvector NOT NULL,
        divisions text[] NOT NULL DEFAULT '{{}}',
        cities text[] NOT NULL DEFAULT '{{}}',
        hidden_usccs text[] NOT NULL DEFAULT '{{}}',
        education text NOT NULL DEFAULT '',
        education_rank smallint NOT NULL DEFAULT 0,
        experience integer NOT NULL DEFAULT 0,
        updated_at bigint NOT NULL,
        public boolean NOT NULL DEFAULT false
    )
    """,
    f"CREATE INDEX {TABLE}_words ON {TABLE} USING gin (words)",
    f"CREATE INDEX {TABLE}_divisions ON {TABLE} USING gin (divisions)",
    f"CREATE INDEX {TABLE}_newest ON {TABLE} (updated_at DESC, id DESC)",
    f"""
    CREATE TABLE {META} (
        id smallint PRIMARY KEY CHECK (id = 1),
        dictionary text NOT NULL,
        schema integer NOT NULL,
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
    dependencies = [("search", "0002_saved_searches")]

    operations = [
        migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False),
    ]

"""Migration ``moderation.0003`` copies the reports kept by the jobs and messaging apps into
the report queue, keeping their reference numbers, and the old tables go."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from rencai.core.actors import cli_actor
from rencai.testing import orgs as org_seeds
from rencai.testing import personas

BEFORE = [
    ("moderation", "0002_reports"),
    ("jobs", "0001_initial"),
    ("messaging", "0002_conversation_reports"),
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_old_reports_are_copied_into_the_queue() -> None:
    from rencai.messaging.actions import send_message
    from rencai.testing import messaging as builders
    from rencai.testing.jobs import publish

    alice, bob = personas.build(personas.ALICE), personas.build(personas.BOB)
    oscar = personas.build(personas.OSCAR)
    posting = publish(org_seeds.build_org(org_seeds.COMPANY_A), bob, oscar)
    conversation = builders.conversation(builders.application(alice, posting), alice)
    message = send_message(conversation, "先交300元押金", actor=cli_actor(bob))

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    old.get_model("jobs", "PostingReport").objects.create(
        posting_id=posting.pk,
        reporter=None,
        reference="JB0A1B2C3D4E",
        category="discrimination",
        details="只招本地户口",
    )
    conversation_report = old.get_model("messaging", "ConversationReport")
    conversation_report.objects.create(
        conversation_id=conversation.pk,
        message_id=message.pk,
        reporter_id=alice.pk,
        side="seeker",
        reference="CV0A1B2C3D4E",
        category="fees_fraud",
        details="",
    )
    conversation_report.objects.create(
        conversation_id=conversation.pk,
        message_id=None,
        reporter_id=bob.pk,
        side="organisation",
        reference="CV9F8E7D6C5B",
        category="harassment",
        details="辱骂",
        handled_at=timezone.now(),
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from rencai.moderation.models import Report

    posting_report = Report.objects.get(reference="JB0A1B2C3D4E")
    assert posting_report.category == "employment_discrimination"
    assert posting_report.reporter is None
    assert (posting_report.case.target_kind, posting_report.case.target_id) == (
        "posting",
        posting.pk,
    )
    assert posting_report.evidence.get().snapshot["title"] == posting.live_version.title
    about_message = Report.objects.get(reference="CV0A1B2C3D4E")
    assert about_message.category == "fraud_or_fees" and about_message.reporter_id == alice.pk
    assert about_message.case.target_id == message.pk
    assert about_message.evidence.get().snapshot["body"] == "先交300元押金"
    about_seeker = Report.objects.get(reference="CV9F8E7D6C5B")
    assert (about_seeker.case.target_kind, about_seeker.case.target_id) == ("user", alice.pk)
    assert about_seeker.status == "closed" and about_seeker.case.status == "decided"
    assert about_message.status == "received" and about_message.case.status == "open"
    tables = connection.introspection.table_names()
    assert "jobs_postingreport" not in tables and "messaging_conversationreport" not in tables

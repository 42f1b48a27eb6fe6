"""Copy the reports kept by the jobs app (``PostingReport``) and the messaging app
(``ConversationReport``) into the report queue, keeping their reference numbers. The jobs
and messaging migrations that follow remove the old tables."""

import hashlib
import json

from django.db import migrations

from rencai.moderation.report_deadlines import current_category, due_for

LEGACY_NOTE = "Handled in the conversation-report list before the report queue existed."


def _hash(snapshot):
    text = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _case(ReportCase, kind, target_id, label, *, org=None, user=None):
    case = ReportCase.objects.filter(target_kind=kind, target_id=target_id).first()
    if case is None:
        case = ReportCase.objects.create(
            target_kind=kind,
            target_id=target_id,
            target_label=label[:200],
            subject_organisation=org,
            subject_user=user,
        )
    return case


def _report(apps, case, row, *, snapshot, context, closed_at=None):
    Report = apps.get_model("moderation", "Report")
    ReportEvidence = apps.get_model("moderation", "ReportEvidence")
    ReportStatusUpdate = apps.get_model("moderation", "ReportStatusUpdate")
    category = current_category(row.category)
    due = due_for(category, row.created_at.date())
    report = Report.objects.create(
        reference=row.reference,
        case=case,
        reporter_id=row.reporter_id,
        category=category,
        details=row.details,
        received_at=row.created_at,
        due_date=due.date,
        due_provisional=due.provisional,
        status="closed" if closed_at else "received",
        closed_at=closed_at,
        context=context,
    )
    ReportEvidence.objects.create(
        report=report, kind="snapshot", sha256=_hash(snapshot), snapshot=snapshot
    )
    ReportStatusUpdate.objects.create(report=report, status="received")
    if closed_at:
        ReportStatusUpdate.objects.create(report=report, status="closed")
    if case.due_date is None or due.date < case.due_date:
        case.due_date = due.date
        case.save(update_fields=["due_date"])


def _posting_snapshot(posting):
    version = posting.live_version
    return {
        "kind": "posting",
        "posting": str(posting.pk),
        "organisation": posting.organisation.legal_name,
        "status": posting.status,
        "version": version.number if version else None,
        "title": version.title if version else "",
        "description": version.description if version else "",
        "requirements": version.requirements if version else "",
    }


def forwards(apps, schema_editor):
    ReportCase = apps.get_model("moderation", "ReportCase")
    PostingReport = apps.get_model("jobs", "PostingReport")
    ConversationReport = apps.get_model("messaging", "ConversationReport")
    for row in PostingReport.objects.select_related(
        "posting__live_version", "posting__organisation"
    ).order_by("created_at"):
        posting = row.posting
        title = posting.live_version.title if posting.live_version else str(posting.pk)
        case = _case(ReportCase, "posting", posting.pk, title, org=posting.organisation)
        _report(apps, case, row, snapshot=_posting_snapshot(posting), context={})
    for row in ConversationReport.objects.select_related(
        "conversation__organisation", "conversation__seeker", "message"
    ).order_by("created_at"):
        conversation = row.conversation
        context = {"conversation": str(conversation.pk), "side": row.side}
        message = row.message
        if message is not None:
            from_org = message.side == "organisation"
            case = _case(
                ReportCase,
                "message",
                message.pk,
                (message.body or "")[:60] or str(message.pk),
                org=conversation.organisation if from_org else None,
                user=None if from_org else conversation.seeker,
            )
            snapshot = {
                "kind": "message",
                "message": str(message.pk),
                "conversation": str(conversation.pk),
                "side": message.side,
                "sent_at": message.created_at.isoformat(),
                "body": message.body,
                "attachment": str(message.attachment_id) if message.attachment_id else None,
            }
        elif row.side == "seeker":
            org = conversation.organisation
            case = _case(ReportCase, "organisation", org.pk, org.legal_name, org=org)
            snapshot = {"kind": "organisation", "organisation": str(org.pk), "name": org.legal_name}
        else:
            seeker = conversation.seeker
            case = _case(ReportCase, "user", seeker.pk, seeker.display_name, user=seeker)
            snapshot = {"kind": "user", "user": str(seeker.pk), "name": seeker.display_name}
        _report(apps, case, row, snapshot=snapshot, context=context, closed_at=row.handled_at)
    # A case whose every report was already handled is decided (without an outcome).
    for case in ReportCase.objects.exclude(reports__status__in=["received", "in_progress"]):
        case.status = "decided"
        case.decision_reasons = LEGACY_NOTE
        case.decided_at = max(r.closed_at for r in case.reports.all())
        case.save(update_fields=["status", "decision_reasons", "decided_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0002_reports"),
        ("jobs", "0001_initial"),
        ("messaging", "0002_conversation_reports"),
        ("core", "0002_seed_holiday_schedule_2026"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

"""From a report case to sanctions (CMP-01 → FRD-02): trust & safety imposes one or more
sanctions of ``rencai.sanctions`` on the account a case is about, and the case keeps the
link.

``impose_for_case`` calls ``rencai.sanctions.actions.impose_sanction`` with an evidence
bundle that carries the case's reports (references, categories, dates, the SHA-256 of the
target snapshot and of every evidence file), so the sanction's immutable bundle proves what
it rests on; then it records a ``CaseSanction`` row and the ``moderation.case_sanction_linked``
audit event in the same transaction. The first sanction of a case tells its reporters that
measures were taken, without saying which (their timeline and a notification).

A sanction may follow an open case (an urgent take-down while the case is being handled)
or an upheld / partly upheld one; a dismissed case cannot lead to a sanction
(``report_case_dismissed``). The subject must be what the case is about: its organisation
(and that organisation's postings) or its account (``report_sanction_subject``).

The sanctions app does not import this module (it reads the case id from the bundle's
``snapshot.case`` to link back).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from rencai.accounts.models import User
from rencai.audit.actions import record_event
from rencai.core.actors import Actor
from rencai.core.errors import permission_denied
from rencai.files.inspect import CheckedUpload
from rencai.jobs.models import JobPosting
from rencai.moderation import report_notices as notices
from rencai.moderation.choices import CaseOutcome, EvidenceKind
from rencai.moderation.errors import ModerationErrorCode, moderation_error
from rencai.moderation.models import CaseSanction, Report, ReportCase, ReportStatusUpdate
from rencai.moderation.permissions import can_handle_reports
from rencai.orgs.models import Organisation

# The sanction's snapshot may hold at most 20,000 characters (sanctions.actions); the case
# part gives way first (its oldest reports are kept, the count says how many there are).
EVIDENCE_BUDGET = 19_000


def may_sanction(case: ReportCase) -> bool:
    """Whether a sanction may follow from the case: open, upheld or partly upheld."""
    return case.outcome != CaseOutcome.DISMISSED


def case_evidence(case: ReportCase, *, note: str = "") -> dict[str, Any]:
    """What the sanction's evidence bundle records of the case: no reporter, no details
    (those stay in the case), the references and hashes that identify the evidence."""
    reports = list(
        Report.objects.filter(case=case).prefetch_related("evidence").order_by("received_at", "pk")
    )
    entries = []
    for report in reports:
        evidence = list(report.evidence.all())
        entries.append(
            {
                "reference": report.reference,
                "category": report.category,
                "received_at": report.received_at.isoformat(),
                "snapshot_sha256": next(
                    (e.sha256 for e in evidence if e.kind == EvidenceKind.SNAPSHOT), ""
                ),
                "files_sha256": [e.sha256 for e in evidence if e.kind == EvidenceKind.FILE],
            }
        )
    part: dict[str, Any] = {
        "id": str(case.pk),
        "target_kind": case.target_kind,
        "target_id": str(case.target_id),
        "target_label": case.target_label,
        "outcome": case.outcome,
        "reports_total": len(entries),
        "reports": entries,
    }

    def size() -> int:
        return len(json.dumps({"note": note, "case": part}, ensure_ascii=False))

    while entries and size() > EVIDENCE_BUDGET:
        entries.pop()
    bundle: dict[str, Any] = {"case": part}
    if note:
        bundle["note"] = note
    return bundle


def _check_subject(
    case: ReportCase,
    user: User | None,
    organisation: Organisation | None,
    posting: JobPosting | None,
) -> None:
    org_id = case.subject_organisation_id
    if organisation is not None and organisation.pk != org_id:
        raise moderation_error(ModerationErrorCode.SANCTION_SUBJECT, field="subject")
    if posting is not None and (org_id is None or posting.organisation_id != org_id):
        raise moderation_error(ModerationErrorCode.SANCTION_SUBJECT, field="posting")
    if user is not None and user.pk != case.subject_user_id:
        raise moderation_error(ModerationErrorCode.SANCTION_SUBJECT, field="subject")


def _tell_reporters(case: ReportCase, *, actor: Actor) -> int:
    """Each report of the case gets "measures were taken" on its timeline; signed-in
    reporters are notified. Nothing says which measure, nor against whom beyond the
    target they reported."""
    from django.urls import reverse

    from rencai.notifications.actions import notify
    from rencai.notifications.kinds import SEND_LANGUAGE

    with translation.override(SEND_LANGUAGE):
        note = _("Measures were taken against what you reported.")
    told = 0
    for report in case.reports.select_related("reporter"):
        ReportStatusUpdate.objects.create(
            report=report, status=report.status, note=note, author=actor.user
        )
        if report.reporter is not None:
            notify(
                report.reporter,
                notices.MEASURES_TAKEN,
                params={"reference": report.reference},
                url=reverse("moderation_reports:mine_detail", args=[report.reference]),
                actor=actor,
            )
        told += 1
    return told


def impose_for_case(
    case: ReportCase,
    *,
    kind: str,
    rule: str,
    reason: str,
    user: User | None = None,
    organisation: Organisation | None = None,
    posting: JobPosting | None = None,
    days: int | None = None,
    note: str = "",
    evidence_files: Iterable[CheckedUpload] = (),
    legal_rep_id_number: str = "",
    actor: Actor,
) -> Any:
    """Impose a sanction because of ``case`` and link it to the case (see the module
    docstring). Returns the ``rencai.sanctions`` Sanction.

    Errors: 403 ``permission_denied`` (not trust & safety); 409 ``report_case_dismissed``;
    400 ``report_sanction_subject`` and the sanctions app's codes."""
    from rencai.sanctions.actions import impose_sanction

    if actor.user is None or not can_handle_reports(actor.user):
        raise permission_denied()
    if not may_sanction(case):
        raise moderation_error(ModerationErrorCode.CASE_DISMISSED)
    _check_subject(case, user, organisation, posting)
    with transaction.atomic():
        locked = ReportCase.objects.select_for_update().get(pk=case.pk)
        if not may_sanction(locked):
            raise moderation_error(ModerationErrorCode.CASE_DISMISSED)
        evidence = case_evidence(locked, note=(note or "").strip())
        sanction = impose_sanction(
            kind=kind,
            rule=rule,
            reason=reason,
            user=user,
            organisation=organisation,
            posting=posting,
            days=days,
            evidence=evidence,
            evidence_files=evidence_files,
            legal_rep_id_number=legal_rep_id_number,
            actor=actor,
        )
        first = not CaseSanction.objects.filter(case=locked).exists()
        CaseSanction.objects.create(case=locked, sanction=sanction, linked_by=actor.user)
        told = _tell_reporters(locked, actor=actor) if first else 0
        record_event(
            actor,
            "moderation.case_sanction_linked",
            locked,
            after={
                "sanction": str(sanction.pk),
                "kind": sanction.kind,
                "reports": [r["reference"] for r in evidence["case"]["reports"]],
                "evidence_sha256": sanction.evidence_sha256,
                "reporters_told": told,
            },
        )
    return sanction


def case_sanctions(case: ReportCase) -> list[Any]:
    """The sanctions that followed from ``case``, oldest first (with their appeals)."""
    from rencai.sanctions.models import Sanction

    return list(
        Sanction.objects.filter(report_case_link__case=case)
        .select_related("imposed_by", "appeal", "appeal__decided_by", "organisation", "user")
        .order_by("starts_at", "pk")
    )

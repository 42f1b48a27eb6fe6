"""Every write of the sanctions app (FRD-02, FRD-04, REG-03; Seed-000 §四).

Each action runs in one transaction with its audit event. Effects on other apps go
through their own actions: a take-down through ``rencai.jobs`` (``take_down``), live
postings of a suspended organisation are paused and resumed with ``pause_posting`` /
``resume_posting``, sessions end with ``logout_everywhere``, a re-registration ban lists
the phone / ID number / USCC with ``rencai.moderation.actions.list_subject``. What a sanction
stops while in force is decided in ``enforcement`` from the sanction itself, so ending a
sanction (expiry, revocation, overturn) restores those rights at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation

from rencai.accounts.models import User
from rencai.audit.actions import record_event
from rencai.core.actors import Actor
from rencai.core.errors import DomainError, permission_denied
from rencai.core.masking import mask_phone
from rencai.files.actions import store_checked
from rencai.files.inspect import CheckedUpload
from rencai.files.models import StoredFile
from rencai.jobs.models import JobPosting
from rencai.notifications.actions import notify
from rencai.notifications.kinds import SEND_LANGUAGE
from rencai.orgs.choices import MemberRole
from rencai.orgs.models import Organisation
from rencai.sanctions import notices
from rencai.sanctions.choices import (
    LOGIN_BLOCKING,
    PERIOD_KINDS,
    PERMANENT_KINDS,
    POSTING_BLOCKING,
    SEVERITY,
    AppealOutcome,
    AppealStatus,
    Authority,
    AuthorityReportStatus,
    SanctionKind,
    SanctionStatus,
)
from rencai.sanctions.constants import MAX_PERIOD_DAYS, setting
from rencai.sanctions.enforcement import refresh_warning_flag, set_warning_flag
from rencai.sanctions.errors import SanctionErrorCode, sanction_error
from rencai.sanctions.models import Appeal, AuthorityReport, Sanction, SanctionNotice
from rencai.sanctions.permissions import can_impose_sanctions
from rencai.sanctions.queries import may_act_on
from rencai.sanctions.rules import TAKE_DOWN_REASON, get_rule

EVIDENCE_MAX_CHARS = 20_000
EVIDENCE_PURPOSE = "sanction_evidence"
APPEAL_PURPOSE = "sanction_appeal"

# Kinds that need a person, or an organisation, as their subject.
USER_ONLY = frozenset({SanctionKind.SUSPEND_APPLYING})
ORG_ONLY = frozenset({SanctionKind.SUSPEND_POSTING, SanctionKind.TAKE_DOWN})


def digest(bundle: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON of an evidence bundle."""
    text = json.dumps(bundle, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def appeal_deadline(sanction: Sanction) -> dt.datetime:
    return sanction.starts_at + dt.timedelta(days=setting("SANCTION_APPEAL_WINDOW_DAYS"))


def _operator(actor: Actor) -> User:
    if actor.user is None or not can_impose_sanctions(actor.user):
        raise permission_denied()
    return actor.user


def _text(value: str, minimum: int, code: SanctionErrorCode, field: str) -> str:
    cleaned = value.strip()
    if len(cleaned) < minimum:
        raise sanction_error(code, field=field)
    return cleaned


def _subject(
    kind: str, user: User | None, organisation: Organisation | None, posting: JobPosting | None
) -> Organisation | None:
    if kind not in SanctionKind.values:
        raise sanction_error(SanctionErrorCode.KIND_INVALID, field="kind")
    if kind == SanctionKind.TAKE_DOWN:
        if posting is None:
            raise sanction_error(SanctionErrorCode.POSTING_REQUIRED, field="posting_id")
        if organisation is None:
            organisation = posting.organisation
        elif posting.organisation_id != organisation.pk:
            raise sanction_error(SanctionErrorCode.POSTING_NOT_OF_ORG, field="posting_id")
    elif posting is not None:
        raise sanction_error(SanctionErrorCode.POSTING_REQUIRED, field="posting_id")
    if user is None and organisation is None:
        raise sanction_error(SanctionErrorCode.SUBJECT_REQUIRED, field="user_id")
    if kind in USER_ONLY and user is None:
        raise sanction_error(SanctionErrorCode.USER_REQUIRED, field="user_id")
    if kind in ORG_ONLY and organisation is None:
        raise sanction_error(SanctionErrorCode.ORGANISATION_REQUIRED, field="organisation_id")
    return organisation


def _period(kind: str, days: int | None, now: dt.datetime) -> dt.datetime | None:
    if kind in PERIOD_KINDS:
        if days is None:
            raise sanction_error(SanctionErrorCode.PERIOD_REQUIRED, field="days")
        if not 1 <= days <= MAX_PERIOD_DAYS:
            raise sanction_error(SanctionErrorCode.PERIOD_INVALID, field="days")
        return now + dt.timedelta(days=days)
    if days is not None:
        raise sanction_error(SanctionErrorCode.PERIOD_INVALID, field="days")
    if kind in PERMANENT_KINDS:
        return None
    return now + dt.timedelta(days=setting("SANCTION_WARNING_DAYS"))


def _snapshot(evidence: Mapping[str, Any] | None) -> dict[str, Any]:
    data = dict(evidence or {})
    try:
        size = len(json.dumps(data, ensure_ascii=False, default=str))
    except (TypeError, ValueError) as exc:
        raise sanction_error(SanctionErrorCode.EVIDENCE_INVALID, field="evidence") from exc
    if size > EVIDENCE_MAX_CHARS:
        raise sanction_error(SanctionErrorCode.EVIDENCE_INVALID, field="evidence")
    return json.loads(json.dumps(data, ensure_ascii=False, default=str))  # type: ignore[no-any-return]


def _file_entry(stored: StoredFile) -> dict[str, Any]:
    return {
        "id": str(stored.pk),
        "name": stored.original_name,
        "content_type": stored.content_type,
        "size": stored.size,
        "sha256": stored.sha256,
    }


def _bundle(
    *,
    kind: str,
    rule_code: str,
    reason: str,
    user: User | None,
    organisation: Organisation | None,
    posting: JobPosting | None,
    snapshot: dict[str, Any],
    files: list[StoredFile],
    operator: User,
    now: dt.datetime,
) -> dict[str, Any]:
    """The immutable evidence bundle: what was sanctioned, why, and the files' digests.
    Identifiers of people are masked."""
    rule = get_rule(rule_code)
    assert rule is not None
    bundle: dict[str, Any] = {
        "captured_at": now.isoformat(),
        "kind": kind,
        "rule": {"code": rule.code, "source": rule.source},
        "reason": reason,
        "imposed_by": {"id": str(operator.pk), "name": operator.display_name},
        "snapshot": snapshot,
        "files": [_file_entry(stored) for stored in files],
    }
    if user is not None:
        bundle["user"] = {
            "id": str(user.pk),
            "display_name": user.display_name,
            "phone": mask_phone(user.phone) if user.phone else "",
        }
    if organisation is not None:
        bundle["organisation"] = {
            "id": str(organisation.pk),
            "legal_name": organisation.legal_name,
            "uscc": organisation.uscc,
        }
    if posting is not None:
        live = posting.live_version
        bundle["posting"] = {
            "id": str(posting.pk),
            "status": posting.status,
            "live_version": live.number if live else None,
            "title": live.title if live else "",
            "description": live.description if live else "",
        }
    return bundle


def _store_files(
    uploads: Iterable[CheckedUpload], *, purpose: str, owner: User, actor: Actor
) -> list[StoredFile]:
    return [store_checked(upload, purpose=purpose, owner=owner, actor=actor) for upload in uploads]


def _recipients(sanction: Sanction) -> list[User]:
    """The person, and every administrator of the organisation."""
    from rencai.orgs.queries import members_of

    people: dict[object, User] = {}
    if sanction.user is not None:
        people[sanction.user.pk] = sanction.user
    if sanction.organisation is not None:
        for membership in members_of(sanction.organisation).filter(role=MemberRole.ADMIN):
            people.setdefault(membership.user.pk, membership.user)
    return list(people.values())


def _local(moment: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "Y-m-d H:i")


def _send_notices(sanction: Sanction, *, actor: Actor) -> list[SanctionNotice]:
    rule = get_rule(sanction.rule)
    url = reverse("sanctions:mine_detail", args=[sanction.pk])
    until = appeal_deadline(sanction)
    with translation.override(SEND_LANGUAGE):
        params = {
            "measure": str(SanctionKind(sanction.kind).label),
            "rule": str(rule.title) if rule else sanction.rule,
            "appeal_until": _local(until),
        }
    sent = []
    for recipient in _recipients(sanction):
        notification = notify(
            recipient, notices.IMPOSED, params=params, url=url, sms=True, actor=actor
        )
        sent.append(
            SanctionNotice.objects.create(
                sanction=sanction,
                recipient=recipient,
                notification=notification,
                reason=sanction.reason,
                appeal_url=url,
                appeal_until=until,
            )
        )
    return sent


def _tell(sanction: Sanction, kind: str, params: dict[str, str], *, actor: Actor) -> None:
    url = reverse("sanctions:mine_detail", args=[sanction.pk])
    for recipient in _recipients(sanction):
        notify(recipient, kind, params=params, url=url, actor=actor)


def _ban(sanction: Sanction, *, legal_rep_id_number: str, reason: str, actor: Actor) -> list[str]:
    """Put the subject's phone and ID number, or the organisation's USCC (and its legal
    representative's ID number when the operator gives it), on the abnormal list (FRD-04).
    Values already listed are skipped; returns the new entries' ids."""
    from rencai.moderation import actions as moderation_actions
    from rencai.moderation.choices import SubjectKind

    subjects: list[tuple[str, str]] = []
    if sanction.user is not None:
        if sanction.user.phone:
            subjects.append((SubjectKind.PHONE, sanction.user.phone))
        if sanction.user.id_number:
            subjects.append((SubjectKind.ID_NUMBER, sanction.user.id_number))
    if sanction.organisation is not None:
        subjects.append((SubjectKind.USCC, sanction.organisation.uscc))
        if legal_rep_id_number.strip():
            subjects.append((SubjectKind.ID_NUMBER, legal_rep_id_number.strip()))
    listed = []
    note = f"sanction {sanction.pk}: {reason}"
    for kind, value in subjects:
        try:
            entry = moderation_actions.list_subject(kind, value, reason=note, actor=actor)
        except DomainError as error:
            if error.code == "already_listed":
                continue
            raise
        listed.append(str(entry.pk))
    return listed


def _apply_effects(sanction: Sanction, *, legal_rep_id_number: str, actor: Actor) -> dict[str, Any]:
    from rencai.accounts.actions import logout_everywhere
    from rencai.jobs.actions import pause_posting
    from rencai.jobs.actions.review import take_down
    from rencai.jobs.choices import PostingStatus, ReviewReason

    effects: dict[str, Any] = {}
    operator = actor.user
    assert operator is not None
    if sanction.kind == SanctionKind.TAKE_DOWN and sanction.posting is not None:
        reason = TAKE_DOWN_REASON.get(sanction.rule, ReviewReason.OTHER)
        take_down(sanction.posting, operator, reasons=[reason], note=sanction.reason, actor=actor)
        effects["taken_down"] = str(sanction.posting.pk)
    if sanction.kind in POSTING_BLOCKING and sanction.organisation is not None:
        paused = []
        for posting in JobPosting.objects.filter(
            organisation=sanction.organisation, status=PostingStatus.PUBLISHED
        ):
            pause_posting(posting, actor=actor)
            paused.append(str(posting.pk))
        effects["paused"] = paused
    if sanction.kind in LOGIN_BLOCKING and sanction.user is not None:
        effects["sessions_ended"] = logout_everywhere(sanction.user, actor=actor)
    if sanction.kind == SanctionKind.REREGISTRATION_BAN:
        effects["listings"] = _ban(
            sanction, legal_rep_id_number=legal_rep_id_number, reason=sanction.reason, actor=actor
        )
    _reindex_ranking(sanction)
    return effects


def _reindex_ranking(sanction: Sanction) -> None:
    """A restriction lowers the organisation's postings in search: re-index them after the
    commit whenever one starts or ends (the documents carry the demotion)."""
    from rencai.search.indexing import organisation_changed

    if sanction.kind == SanctionKind.RESTRICTION and sanction.organisation_id is not None:
        organisation_changed(sanction.organisation_id)


def _reverse_effects(sanction: Sanction, *, reason: str, actor: Actor) -> dict[str, Any]:
    """Undo what ``_apply_effects`` did that the end of the sanction does not undo by
    itself: lift its abnormal-list entries and resume the postings it paused (those that
    can be: still paused, still valid, and the organisation under no other block), and
    reinstate the posting it took down (to the state it was taken down from)."""
    from rencai.jobs.actions import reinstate, resume_posting
    from rencai.jobs.choices import PostingStatus
    from rencai.moderation import actions as moderation_actions
    from rencai.moderation.models import AbnormalListEntry

    reversed_: dict[str, Any] = {"lifted": [], "resumed": [], "reinstated": []}
    taken_down = sanction.effects.get("taken_down")
    if (
        taken_down
        and JobPosting.objects.filter(pk=taken_down, status=PostingStatus.TAKEN_DOWN).exists()
    ):
        reinstate(JobPosting.objects.get(pk=taken_down), note=reason, actor=actor)
        reversed_["reinstated"].append(taken_down)
    for entry in AbnormalListEntry.objects.filter(
        pk__in=sanction.effects.get("listings", []), lifted_at__isnull=True
    ):
        moderation_actions.lift_listing(entry, reason=reason, actor=actor)
        reversed_["lifted"].append(str(entry.pk))
    for posting in JobPosting.objects.filter(
        pk__in=sanction.effects.get("paused", []), status=PostingStatus.PAUSED
    ).select_related("organisation"):
        try:
            with transaction.atomic():
                resume_posting(posting, actor=actor, by_platform=True)
        except DomainError:
            continue
        reversed_["resumed"].append(str(posting.pk))
    _reindex_ranking(sanction)
    return reversed_


def _authority_reports(sanction: Sanction, *, actor: Actor) -> list[AuthorityReport]:
    """REG-03: a report item for the human-resources authority for every sanction at or
    above ``SANCTION_AUTHORITY_SEVERITY``, and one for the police when the rule is fraud."""
    if sanction.severity < setting("SANCTION_AUTHORITY_SEVERITY"):
        return []
    rule = get_rule(sanction.rule)
    authorities = [Authority.HR_AUTHORITY]
    if rule is not None and rule.police:
        authorities.append(Authority.POLICE)
    created = []
    for authority in authorities:
        report = AuthorityReport.objects.create(
            sanction=sanction,
            authority=authority,
            evidence=sanction.evidence,
            evidence_sha256=sanction.evidence_sha256,
        )
        record_event(
            actor,
            "sanctions.authority_report_drafted",
            report,
            after={"sanction": str(sanction.pk), "authority": authority},
        )
        created.append(report)
    return created


def impose_sanction(
    *,
    kind: str,
    rule: str,
    reason: str,
    user: User | None = None,
    organisation: Organisation | None = None,
    posting: JobPosting | None = None,
    days: int | None = None,
    evidence: Mapping[str, Any] | None = None,
    evidence_files: Iterable[CheckedUpload] = (),
    legal_rep_id_number: str = "",
    actor: Actor,
) -> Sanction:
    """Impose one step of the ladder on a person and/or an organisation.

    Records the rule, the immutable evidence bundle (``evidence`` plus the stored files'
    SHA-256), the operator and the period (``days`` for restrictions and suspensions;
    warnings last ``SANCTION_WARNING_DAYS``; take-down, closure and ban are permanent);
    applies the effects; sends each recipient a notice with the reason and the appeal
    link; drafts the reports to the authorities for serious cases (REG-03)."""
    operator = _operator(actor)
    organisation = _subject(kind, user, organisation, posting)
    if get_rule(rule) is None:
        raise sanction_error(SanctionErrorCode.RULE_INVALID, field="rule")
    cleaned = _text(reason, 5, SanctionErrorCode.REASON_REQUIRED, "reason")
    snapshot = _snapshot(evidence)
    uploads = list(evidence_files)
    now = timezone.now()
    ends_at = _period(kind, days, now)
    with transaction.atomic():
        files = _store_files(uploads, purpose=EVIDENCE_PURPOSE, owner=operator, actor=actor)
        bundle = _bundle(
            kind=kind,
            rule_code=rule,
            reason=cleaned,
            user=user,
            organisation=organisation,
            posting=posting,
            snapshot=snapshot,
            files=files,
            operator=operator,
            now=now,
        )
        sanction = Sanction.objects.create(
            user=user,
            organisation=organisation,
            posting=posting,
            kind=kind,
            severity=SEVERITY[kind],
            rule=rule,
            reason=cleaned,
            evidence=bundle,
            evidence_sha256=digest(bundle),
            imposed_by=operator,
            starts_at=now,
            ends_at=ends_at,
        )
        sanction.evidence_files.set(files)
        sanction.effects = _apply_effects(
            sanction, legal_rep_id_number=legal_rep_id_number, actor=actor
        )
        sanction.save(update_fields=["effects", "updated_at"])
        record_event(
            actor,
            "sanctions.imposed",
            sanction,
            after={
                "kind": kind,
                "rule": rule,
                "severity": sanction.severity,
                "user": str(user.pk) if user else None,
                "organisation": str(organisation.pk) if organisation else None,
                "posting": str(posting.pk) if posting else None,
                "ends_at": ends_at.isoformat() if ends_at else None,
                "evidence_sha256": sanction.evidence_sha256,
                "effects": sanction.effects,
            },
        )
        recipients = [notice.recipient_id for notice in _send_notices(sanction, actor=actor)]
        _authority_reports(sanction, actor=actor)
        if kind == SanctionKind.WARNING:
            transaction.on_commit(partial(set_warning_flag, recipients))
    return sanction


def acknowledge_warning(sanction: Sanction, *, actor: Actor) -> Sanction:
    """The person (or an administrator of the warned organisation) confirms having read
    the warning; the pop-up stops showing."""
    assert actor.user is not None
    if not may_act_on(actor.user, sanction):
        raise permission_denied()
    if sanction.kind != SanctionKind.WARNING:
        raise sanction_error(SanctionErrorCode.NOT_A_WARNING)
    with transaction.atomic():
        sanction = Sanction.objects.select_for_update().get(pk=sanction.pk)
        if sanction.acknowledged_at is not None:
            raise sanction_error(SanctionErrorCode.ALREADY_ACKNOWLEDGED)
        sanction.acknowledged_at = timezone.now()
        sanction.save(update_fields=["acknowledged_at", "updated_at"])
        record_event(actor, "sanctions.warning_acknowledged", sanction)
    refresh_warning_flag(actor.user)
    return sanction


def _end(
    sanction: Sanction, status: str, *, reason: str, actor: Actor, reverse_effects: bool
) -> Sanction:
    """Inside the caller's transaction: end a locked, active sanction."""
    if sanction.status != SanctionStatus.ACTIVE:
        raise sanction_error(SanctionErrorCode.NOT_ACTIVE)
    sanction.status = status
    sanction.ended_at = timezone.now()
    sanction.ended_by = actor.user
    sanction.end_reason = reason
    # Saved first: resuming postings asks enforcement, which must see the sanction ended.
    sanction.save(update_fields=["status", "ended_at", "ended_by", "end_reason", "updated_at"])
    if reverse_effects:
        sanction.effects = {
            **sanction.effects,
            "reversed": _reverse_effects(sanction, reason=reason, actor=actor),
        }
        sanction.save(update_fields=["effects", "updated_at"])
    return sanction


def revoke_sanction(sanction: Sanction, *, reason: str, actor: Actor) -> Sanction:
    """Trust & safety lifts a sanction early (for example imposed in error): its effects
    are reversed and the people concerned are told."""
    _operator(actor)
    cleaned = _text(reason, 5, SanctionErrorCode.REASON_REQUIRED, "reason")
    with transaction.atomic():
        sanction = Sanction.objects.select_for_update().get(pk=sanction.pk)
        sanction = _end(
            sanction, SanctionStatus.REVOKED, reason=cleaned, actor=actor, reverse_effects=True
        )
        record_event(
            actor,
            "sanctions.revoked",
            sanction,
            after={"reason": cleaned, "reversed": sanction.effects.get("reversed")},
        )
        with translation.override(SEND_LANGUAGE):
            measure = str(SanctionKind(sanction.kind).label)
        _tell(sanction, notices.LIFTED, {"measure": measure}, actor=actor)
    return sanction


def submit_appeal(
    sanction: Sanction,
    *,
    statement: str,
    evidence_files: Iterable[CheckedUpload] = (),
    actor: Actor,
) -> Appeal:
    """The sanctioned person or an administrator of the sanctioned organisation appeals
    within ``SANCTION_APPEAL_WINDOW_DAYS`` days of the notice, with a statement and
    evidence files. One appeal per sanction."""
    appellant = actor.user
    assert appellant is not None
    if not may_act_on(appellant, sanction):
        raise permission_denied()
    cleaned = _text(statement, 10, SanctionErrorCode.STATEMENT_REQUIRED, "statement")
    uploads = list(evidence_files)
    with transaction.atomic():
        sanction = Sanction.objects.select_for_update().get(pk=sanction.pk)
        if sanction.status in (SanctionStatus.REVOKED, SanctionStatus.OVERTURNED):
            raise sanction_error(SanctionErrorCode.APPEAL_NOT_ALLOWED)
        if Appeal.objects.filter(sanction=sanction).exists():
            raise sanction_error(SanctionErrorCode.APPEAL_EXISTS)
        if timezone.now() > appeal_deadline(sanction):
            days = setting("SANCTION_APPEAL_WINDOW_DAYS")
            raise sanction_error(
                SanctionErrorCode.APPEAL_WINDOW_CLOSED,
                params={"days": days},
                extra={"appeal_until": appeal_deadline(sanction).isoformat()},
            )
        files = _store_files(uploads, purpose=APPEAL_PURPOSE, owner=appellant, actor=actor)
        appeal = Appeal.objects.create(sanction=sanction, appellant=appellant, statement=cleaned)
        appeal.evidence_files.set(files)
        record_event(
            actor,
            "sanctions.appeal_submitted",
            appeal,
            after={
                "sanction": str(sanction.pk),
                "files": [_file_entry(stored) for stored in files],
            },
        )
    return appeal


def decide_appeal(appeal: Appeal, *, outcome: str, reason: str, actor: Actor) -> Appeal:
    """A trust & safety operator other than the one who imposed the sanction decides
    (``own_sanction`` otherwise): ``upheld`` confirms the sanction, ``overturned`` lifts it
    and reverses its effects. The appellant and the sanctioned are told, with reasons."""
    operator = _operator(actor)
    if appeal.sanction.imposed_by_id == operator.pk:
        raise sanction_error(SanctionErrorCode.OWN_SANCTION)
    if outcome not in AppealOutcome.values:
        raise sanction_error(SanctionErrorCode.OUTCOME_INVALID, field="outcome")
    cleaned = _text(reason, 5, SanctionErrorCode.REASON_REQUIRED, "reason")
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if appeal.status != AppealStatus.PENDING:
            raise sanction_error(SanctionErrorCode.APPEAL_DECIDED)
        sanction = Sanction.objects.select_for_update().get(pk=appeal.sanction_id)
        appeal.status = (
            AppealStatus.UPHELD if outcome == AppealOutcome.UPHELD else AppealStatus.OVERTURNED
        )
        appeal.decided_by = operator
        appeal.decided_at = timezone.now()
        appeal.decision_reason = cleaned
        appeal.save(
            update_fields=["status", "decided_by", "decided_at", "decision_reason", "updated_at"]
        )
        if outcome == AppealOutcome.OVERTURNED and sanction.status == SanctionStatus.ACTIVE:
            _end(
                sanction,
                SanctionStatus.OVERTURNED,
                reason=cleaned,
                actor=actor,
                reverse_effects=True,
            )
        elif outcome == AppealOutcome.OVERTURNED:
            # Already over (its period ended): still recorded as overturned, effects undone.
            sanction.status = SanctionStatus.OVERTURNED
            sanction.save(update_fields=["status", "updated_at"])
            sanction.effects = {
                **sanction.effects,
                "reversed": _reverse_effects(sanction, reason=cleaned, actor=actor),
            }
            sanction.save(update_fields=["effects", "updated_at"])
        record_event(
            actor,
            "sanctions.appeal_decided",
            appeal,
            after={"sanction": str(sanction.pk), "outcome": outcome, "reason": cleaned},
        )
        with translation.override(SEND_LANGUAGE):
            label = str(AppealOutcome(outcome).label)
        _tell(sanction, notices.APPEAL_DECIDED, {"outcome": label}, actor=actor)
        if appeal.appellant not in _recipients(sanction):
            notify(
                appeal.appellant,
                notices.APPEAL_DECIDED,
                params={"outcome": label},
                url=reverse("sanctions:mine_detail", args=[sanction.pk]),
                actor=actor,
            )
    appeal.sanction = sanction
    return appeal


def expire_sanctions(*, actor: Actor, now: dt.datetime | None = None) -> int:
    """End every active sanction whose period is over (status ``expired``); returns how
    many. Run by the Huey task and ``manage.py expire_sanctions``."""
    now = now or timezone.now()
    count = 0
    due = Sanction.objects.filter(
        status=SanctionStatus.ACTIVE, ends_at__isnull=False, ends_at__lte=now
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            sanction = Sanction.objects.select_for_update().get(pk=pk)
            if sanction.status != SanctionStatus.ACTIVE:
                continue
            sanction.status = SanctionStatus.EXPIRED
            sanction.ended_at = now
            sanction.save(update_fields=["status", "ended_at", "updated_at"])
            _reindex_ranking(sanction)
            record_event(
                actor,
                "sanctions.expired",
                sanction,
                after={"ends_at": sanction.ends_at.isoformat() if sanction.ends_at else None},
            )
            count += 1
    return count


def record_authority_submission(
    report: AuthorityReport, *, reference: str, note: str = "", actor: Actor
) -> AuthorityReport:
    """Trust & safety records that the report went to the authority, with the reference
    the authority gave (REG-03)."""
    operator = _operator(actor)
    cleaned = _text(reference, 3, SanctionErrorCode.REFERENCE_REQUIRED, "reference")[:100]
    with transaction.atomic():
        report = AuthorityReport.objects.select_for_update().get(pk=report.pk)
        if report.status != AuthorityReportStatus.DRAFTED:
            raise sanction_error(SanctionErrorCode.REPORT_SUBMITTED)
        report.status = AuthorityReportStatus.SUBMITTED
        report.submitted_at = timezone.now()
        report.submitted_by = operator
        report.submission_reference = cleaned
        report.note = note.strip()
        report.save(
            update_fields=[
                "status",
                "submitted_at",
                "submitted_by",
                "submission_reference",
                "note",
                "updated_at",
            ]
        )
        record_event(
            actor,
            "sanctions.authority_report_submitted",
            report,
            after={"authority": report.authority, "reference": cleaned},
        )
    return report

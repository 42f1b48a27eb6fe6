"""REST endpoints of the restricted archive (RET-01): summary, verification, legal holds
and the audited read of one record."""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Router, Schema, Status

from rencai.accounts.models import User
from rencai.audit import archive
from rencai.audit.archive_verify import ArchiveReport, run_verification
from rencai.audit.models import ArchiveRecord, LegalHold
from rencai.audit.permissions import can_verify_archive, can_view_archive
from rencai.core.api_support import AUTH, ERRORS, Page, StrictSchema, api_actor, paginate
from rencai.core.errors import not_found, permission_denied

archive_router = Router(tags=["restricted archive"], auth=AUTH)


class CategoryCountOut(Schema):
    category: str
    source_type: str
    total: int
    purged: int


class VerificationOut(Schema):
    ok: bool
    checked: int
    broken_at: int | None
    problem: str
    purged: int = 0
    occurred_at: dt.datetime | None = None


class SummaryOut(Schema):
    total: int
    purged: int
    categories: list[CategoryCountOut]
    active_holds: int
    last_verification: VerificationOut | None


class LegalHoldOut(Schema):
    id: int
    created_at: dt.datetime
    subject_ref: str
    category: str
    reason: str
    reference: str
    placed_by: uuid.UUID
    released_at: dt.datetime | None

    @staticmethod
    def build(hold: LegalHold) -> LegalHoldOut:
        return LegalHoldOut(
            id=hold.pk,
            created_at=hold.created_at,
            subject_ref=hold.subject_ref,
            category=hold.category,
            reason=hold.reason,
            reference=hold.reference,
            placed_by=hold.placed_by_id,
            released_at=hold.released_at,
        )


class LegalHoldIn(StrictSchema):
    """Either ``user_id`` (turned into the pseudonym) or ``subject_ref``, and/or a category."""

    user_id: uuid.UUID | None = None
    subject_ref: str = ""
    category: str = ""
    reason: str
    reference: str


class RecordOut(Schema):
    seq: int
    archived_at: dt.datetime
    category: str
    source_type: str
    source_id: str
    subject_ref: str
    retain_until: dt.date
    purged_at: dt.datetime | None
    payload: dict[str, object] | None


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _viewer(request: HttpRequest) -> User:
    user = _user(request)
    if not can_view_archive(user):
        raise permission_denied()
    return user


def _report_out(report: ArchiveReport) -> VerificationOut:
    return VerificationOut(
        ok=report.ok,
        checked=report.checked,
        broken_at=report.broken_at,
        problem=report.problem,
        purged=report.purged,
    )


@archive_router.get("", response={200: SummaryOut, **ERRORS}, summary="Archive summary")
def summary(request: HttpRequest) -> SummaryOut:
    """Counts per category (never content), active holds and the last verification.
    Auditors and security administrators."""
    _viewer(request)
    counts = archive.category_counts()
    last = archive.last_verification()
    return SummaryOut(
        total=sum(c.total for c in counts),
        purged=sum(c.purged for c in counts),
        categories=[CategoryCountOut(**c.__dict__) for c in counts],
        active_holds=archive.active_holds().count(),
        last_verification=VerificationOut(**last.__dict__) if last else None,
    )


@archive_router.post(
    "/verify", response={200: VerificationOut, **ERRORS}, summary="Verify the archive"
)
def verify(request: HttpRequest) -> VerificationOut:
    """Recompute the hash chain (auditors, security administrators, regulators); the
    result is recorded in the audit trail."""
    if not can_verify_archive(_user(request)):
        raise permission_denied()
    return _report_out(run_verification(actor=api_actor(request)))


@archive_router.get("/holds", response={200: Page[LegalHoldOut], **ERRORS}, summary="Legal holds")
def holds(
    request: HttpRequest, active: bool = False, page: int = 1, page_size: int = 50
) -> Page[LegalHoldOut]:
    _viewer(request)
    queryset = archive.active_holds() if active else LegalHold.objects.all()
    rows, total, page, page_size = paginate(queryset.order_by("-created_at"), page, page_size)
    return Page[LegalHoldOut](
        items=[LegalHoldOut.build(h) for h in rows], total=total, page=page, page_size=page_size
    )


@archive_router.post("/holds", response={201: LegalHoldOut, **ERRORS}, summary="Place a hold")
def place_hold(request: HttpRequest, payload: LegalHoldIn) -> Status[LegalHoldOut]:
    """Security administrators only (403 otherwise)."""
    subject = None
    if payload.user_id is not None:
        subject = User.objects.filter(pk=payload.user_id).first()
        if subject is None:
            raise not_found()
    hold = archive.place_legal_hold(
        subject=subject,
        subject_ref=payload.subject_ref,
        category=payload.category,
        reason=payload.reason,
        reference=payload.reference,
        actor=api_actor(request),
    )
    return Status(201, LegalHoldOut.build(hold))


@archive_router.post(
    "/holds/{hold_id}/release", response={200: LegalHoldOut, **ERRORS}, summary="Release a hold"
)
def release_hold(request: HttpRequest, hold_id: int) -> LegalHoldOut:
    hold = LegalHold.objects.filter(pk=hold_id).first()
    if hold is None:
        if not can_view_archive(_user(request)):
            raise permission_denied()
        raise not_found()
    return LegalHoldOut.build(archive.release_legal_hold(hold, actor=api_actor(request)))


@archive_router.get(
    "/records/{seq}", response={200: RecordOut, **ERRORS}, summary="Read an archived record"
)
def read_record(request: HttpRequest, seq: int, purpose: str) -> RecordOut:
    """Only for ``purpose`` ``legal_hold`` (security administrator, under an active hold
    covering the record), ``inspection`` (regulator) or ``audit`` (auditor); every read,
    and every refused attempt, is recorded in the audit trail."""
    if not can_verify_archive(_user(request)):  # no archive role at all: nothing to log
        raise permission_denied()
    record = ArchiveRecord.objects.filter(seq=seq).first()
    if record is None:
        raise not_found()
    payload = archive.read_archived(record, actor=api_actor(request), purpose=purpose)
    return RecordOut(
        seq=record.seq,
        archived_at=record.archived_at,
        category=record.category,
        source_type=record.source_type,
        source_id=record.source_id,
        subject_ref=record.subject_ref,
        retain_until=record.retain_until,
        purged_at=record.purged_at,
        payload=payload,
    )

"""Operator governance: PI-access records of staff reads (SEC-03), the annual
self-inspection with its findings (GOV-04), and bulk exports that need a second operator's
approval above a threshold (SEC-03).

Writes are actions: each opens a transaction and records an audit event in it. The one
exception is ``record_pi_access``: a ``PiAccessRecord`` *is* the log of a read (append-only,
reviewed by auditors and shown to the person in their privacy centre), so it does not also
write an audit event per read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rencai.accounts.choices import OPERATOR_ROLES, Role
from rencai.accounts.models import User
from rencai.audit.actions import record_event
from rencai.core.actors import Actor
from rencai.core.errors import DomainError, PermissionDenied, permission_denied
from rencai.core.timeutil import local_today
from rencai.files.actions import private_storage, store_bytes
from rencai.files.choices import FileKind
from rencai.files.models import StoredFile
from rencai.privacy import permissions
from rencai.privacy.choices import (
    BulkExportStatus,
    FindingSeverity,
    PiAccessPurpose,
    RequestKind,
    RequestState,
)
from rencai.privacy.errors import GovernanceErrorCode as Code
from rencai.privacy.models import (
    BulkExportRequest,
    PiAccessRecord,
    RightsRequest,
    SelfInspection,
    SelfInspectionFinding,
)

BULK_EXPORT_FILE_PURPOSE = "bulk-export"
BULK_EXPORT_DAYS = 7
MAX_REASON_CHARS = 2000
MAX_CATEGORIES = 20

# Which role a PI-access record names when the reader holds several (the most specific
# staff duty first).
_ROLE_ORDER = (
    Role.OPERATOR_DATA,
    Role.OPERATOR_SECURITY_ADMIN,
    Role.OPERATOR_AUDITOR,
    Role.OPERATOR_TRUST_SAFETY,
    Role.OPERATOR_REVIEWER,
    Role.REGULATOR,
    Role.HALL_STAFF,
)


def _user_of(actor: Actor) -> User:
    if actor.user is None:
        raise permission_denied()
    return actor.user


# --- PI-access records (SEC-03) --------------------------------------------------------------


def accessor_role(accessor: User) -> str:
    """The staff role a read is attributed to (the first held in ``_ROLE_ORDER``)."""
    return next((str(role) for role in _ROLE_ORDER if accessor.has_role(role)), "")


def record_pi_access(
    accessor: User,
    subject: User,
    *,
    purpose: str,
    categories: Iterable[str],
    obj: models.Model | None = None,
) -> PiAccessRecord | None:
    """Record that staff member ``accessor`` read ``subject``'s personal information of
    ``categories`` (catalogue sections or field groups, e.g. ``["account", "roles"]``) for
    ``purpose`` (a ``PiAccessPurpose``), optionally naming the object opened.

    Called by every page and endpoint that shows staff a person's personal information
    (SEC-03 "all staff access to PI logged and reviewable"); the person sees the record in
    their privacy centre's access log. Reading one's own data writes nothing (returns None).
    """
    if accessor.pk == subject.pk:
        return None
    if purpose not in PiAccessPurpose.values:
        raise ValueError(f"unknown PI-access purpose {purpose!r}")
    names = [str(c)[:40] for c in categories][:MAX_CATEGORIES]
    return PiAccessRecord.objects.create(
        accessor=accessor,
        accessor_role=accessor_role(accessor),
        subject=subject,
        purpose=purpose,
        categories=names,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
    )


def pi_access_records(
    viewer: User, *, subject: str = "", accessor: str = ""
) -> QuerySet[PiAccessRecord]:
    """PI-access records for an auditor or security administrator, newest first,
    optionally for one subject or accessor (user id, e-mail or display name)."""
    if not permissions.can_view_pi_access_log(viewer):
        raise permission_denied()
    records = PiAccessRecord.objects.select_related("accessor", "subject")
    if subject:
        records = records.filter(_user_match("subject", subject))
    if accessor:
        records = records.filter(_user_match("accessor", accessor))
    return records.order_by("-id")


def _user_match(field: str, text: str) -> models.Q:
    text = text.strip()[:60]
    query = models.Q(**{f"{field}__email__iexact": text}) | models.Q(
        **{f"{field}__display_name__icontains": text}
    )
    try:
        import uuid

        query |= models.Q(**{f"{field}__pk": uuid.UUID(text)})
    except ValueError:
        pass
    return query


# --- self-inspection (GOV-04) ---------------------------------------------------------------


def record_self_inspection(
    *, year: int, conducted_on: dt.date, scope: str, summary: str, actor: Actor
) -> SelfInspection:
    """Record the self-inspection of ``year`` (one per calendar year, Order 44 Art 21)."""
    user = _user_of(actor)
    if not permissions.can_manage_self_inspection(user):
        raise permission_denied()
    today = local_today()
    errors: dict[str, Promise] = {}
    if not 2000 <= year <= today.year:
        errors["year"] = _("Enter this year or a past year.")
    if conducted_on > today:
        errors["conducted_on"] = _("The date cannot be in the future.")
    if not scope.strip():
        errors["scope"] = _("Describe the scope and the method.")
    if not summary.strip():
        errors["summary"] = _("Write the conclusion.")
    if errors:
        raise DomainError(
            Code.INSPECTION_YEAR_INVALID.value, _("Check the highlighted fields."), fields=errors
        )
    with transaction.atomic():
        if SelfInspection.objects.select_for_update().filter(year=year).exists():
            raise DomainError(
                Code.INSPECTION_EXISTS.value,
                _("The self-inspection of this year is already recorded."),
                fields={"year": _("Already recorded.")},
                status=409,
            )
        inspection = SelfInspection.objects.create(
            year=year,
            conducted_on=conducted_on,
            conducted_by=user,
            scope=scope.strip(),
            summary=summary.strip(),
        )
        record_event(
            actor,
            "privacy.self_inspection_recorded",
            inspection,
            after={"year": year, "conducted_on": conducted_on.isoformat()},
        )
    return inspection


def add_finding(
    inspection: SelfInspection,
    *,
    description: str,
    severity: str,
    remediation: str,
    owner: User,
    due_date: dt.date,
    actor: Actor,
) -> SelfInspectionFinding:
    """Add a risk found by ``inspection`` with its remediation task, owner and due date."""
    user = _user_of(actor)
    if not permissions.can_manage_self_inspection(user):
        raise permission_denied()
    errors: dict[str, Promise] = {}
    if not description.strip():
        errors["description"] = _("Describe the finding.")
    if not remediation.strip():
        errors["remediation"] = _("Describe the remediation.")
    if severity not in FindingSeverity.values:
        errors["severity"] = _("Choose a severity.")
    if errors:
        raise DomainError(
            Code.INSPECTION_YEAR_INVALID.value, _("Check the highlighted fields."), fields=errors
        )
    if not owner.is_active or not owner.has_role(*OPERATOR_ROLES):
        raise DomainError(
            Code.FINDING_OWNER_INVALID.value,
            _("The person responsible must be an active operator."),
            fields={"owner": _("Choose an operator.")},
        )
    with transaction.atomic():
        finding = SelfInspectionFinding.objects.create(
            inspection=inspection,
            description=description.strip(),
            severity=severity,
            remediation=remediation.strip(),
            owner=owner,
            due_date=due_date,
        )
        record_event(
            actor,
            "privacy.finding_added",
            finding,
            after={
                "inspection": inspection.year,
                "severity": severity,
                "owner": str(owner.pk),
                "due_date": due_date.isoformat(),
            },
        )
    return finding


def resolve_finding(
    finding: SelfInspectionFinding, *, resolution: str, actor: Actor
) -> SelfInspectionFinding:
    """Record what was done about ``finding``; it then leaves the overdue count."""
    user = _user_of(actor)
    if not resolution.strip():
        raise DomainError(
            Code.FINDING_RESOLVED.value if finding.resolved_at else "finding_resolution_required",
            _("Describe what was done."),
            fields={"resolution": _("Describe what was done.")},
        )
    with transaction.atomic():
        locked = SelfInspectionFinding.objects.select_for_update().get(pk=finding.pk)
        if locked.resolved_at is not None:
            raise DomainError(
                Code.FINDING_RESOLVED.value, _("This finding is already resolved."), status=409
            )
        if not permissions.can_resolve_finding(user, locked):
            raise permission_denied()
        locked.resolved_at = timezone.now()
        locked.resolution = resolution.strip()
        locked.save(update_fields=["resolved_at", "resolution", "updated_at"])
        record_event(actor, "privacy.finding_resolved", locked, after={"resolved": True})
    return locked


def missing_self_inspection(today: dt.date | None = None) -> int | None:
    """The year whose self-inspection is missing, or None (GOV-04).

    The previous calendar year must have a record; from ``SELF_INSPECTION_ALERT_MONTH``
    (default December) the current year must have one too, so the alert comes while the
    year can still be inspected.
    """
    today = today or local_today()
    years = set(
        SelfInspection.objects.filter(year__gte=today.year - 1).values_list("year", flat=True)
    )
    if today.year - 1 not in years:
        return today.year - 1
    if today.month >= settings.SELF_INSPECTION_ALERT_MONTH and today.year not in years:
        return today.year
    return None


def overdue_findings(today: dt.date | None = None) -> QuerySet[SelfInspectionFinding]:
    today = today or local_today()
    return SelfInspectionFinding.objects.filter(resolved_at__isnull=True, due_date__lt=today)


def self_inspections() -> QuerySet[SelfInspection]:
    return (
        SelfInspection.objects.select_related("conducted_by")
        .annotate(
            open_findings=models.Count(
                "findings", filter=models.Q(findings__resolved_at__isnull=True)
            ),
            finding_count=models.Count("findings"),
        )
        .order_by("-year")
    )


# --- bulk export (SEC-03) -------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    """What staff may export in bulk: a small, fixed list. ``rows`` yields one tuple per
    record (never an ID number, full phone number or real name: GOV-05) and the user the
    record is about (for the PI-access records)."""

    key: str
    label: Promise
    columns: tuple[Promise, ...]
    filters: frozenset[str]
    queryset: Callable[[Mapping[str, str]], QuerySet[Any]]
    row: Callable[[Any], tuple[Sequence[str], User]]


def _users_by_role(filters: Mapping[str, str]) -> QuerySet[User]:
    users = User.objects.filter(erased_at__isnull=True).prefetch_related("role_grants")
    role = filters.get("role", "")
    if role:
        users = users.filter(role_grants__role=role, role_grants__revoked_at__isnull=True)
    return users.order_by("date_joined", "pk").distinct()


def _user_row(user: User) -> tuple[Sequence[str], User]:
    roles = sorted(user.role_set)
    return (
        [
            user.display_name,
            user.masked_phone,
            " ".join(roles),
            timezone.localdate(user.date_joined).isoformat(),
        ],
        user,
    )


def _rights_requests(filters: Mapping[str, str]) -> QuerySet[RightsRequest]:
    requests = RightsRequest.objects.select_related("subject")
    if filters.get("state"):
        requests = requests.filter(state=filters["state"])
    if filters.get("kind"):
        requests = requests.filter(kind=filters["kind"])
    return requests.order_by("received_at", "pk")


def _request_row(request: RightsRequest) -> tuple[Sequence[str], User]:
    completed = timezone.localdate(request.completed_at).isoformat() if request.completed_at else ""
    return (
        [
            request.reference,
            request.kind,
            request.state,
            timezone.localdate(request.received_at).isoformat(),
            request.due_date.isoformat(),
            completed,
        ],
        request.subject,
    )


DATASETS: dict[str, Dataset] = {
    "users_by_role": Dataset(
        "users_by_role",
        _("Accounts by role (display name, masked mobile number, roles, joined)"),
        (_("Display name"), _("Mobile number (masked)"), _("Roles"), _("Joined")),
        frozenset({"role"}),
        _users_by_role,
        _user_row,
    ),
    "rights_requests": Dataset(
        "rights_requests",
        _("Rights requests (reference, kind, state, dates)"),
        (_("Reference"), _("Request"), _("State"), _("Received"), _("Due"), _("Closed")),
        frozenset({"state", "kind"}),
        _rights_requests,
        _request_row,
    ),
}
_FILTER_VALUES: dict[str, frozenset[str]] = {
    "role": frozenset(Role.values),
    "state": frozenset(RequestState.values),
    "kind": frozenset(RequestKind.values),
}


def _checked_filters(dataset: Dataset, filters: Mapping[str, Any]) -> dict[str, str]:
    checked: dict[str, str] = {}
    for key, value in filters.items():
        if value in ("", None):
            continue
        if key not in dataset.filters or str(value) not in _FILTER_VALUES[key]:
            raise DomainError(
                Code.FILTER_INVALID.value,
                _("This filter is not available for this data set."),
                fields={key: _("Not a valid choice.")},
            )
        checked[key] = str(value)
    return checked


def request_bulk_export(
    requested_by: User, dataset: str, filters: Mapping[str, Any], reason: str, *, actor: Actor
) -> BulkExportRequest:
    """A data operator asks for a bulk export. The records are counted first: up to
    ``PRIVACY_BULK_EXPORT_THRESHOLD`` the file is built at once; above it the request waits
    for a security administrator other than the requester (``approve_bulk_export``)."""
    if not permissions.can_request_bulk_export(requested_by):
        raise permission_denied()
    spec = DATASETS.get(dataset)
    if spec is None:
        raise DomainError(
            Code.DATASET_UNKNOWN.value,
            _("Choose one of the data sets offered."),
            fields={"dataset": _("Not a valid choice.")},
        )
    checked = _checked_filters(spec, filters)
    reason = reason.strip()
    if not reason:
        raise DomainError(
            Code.REASON_REQUIRED.value,
            _("Give the reason for the export."),
            fields={"reason": _("Give the reason for the export.")},
        )
    count = spec.queryset(checked).count()
    needs_approval = count > settings.PRIVACY_BULK_EXPORT_THRESHOLD
    with transaction.atomic():
        export = BulkExportRequest.objects.create(
            requested_by=requested_by,
            dataset=dataset,
            filters=checked,
            reason=reason[:MAX_REASON_CHARS],
            record_count=count,
            status=BulkExportStatus.PENDING,
        )
        record_event(
            actor,
            "privacy.bulk_export_requested",
            export,
            after={
                "dataset": dataset,
                "filters": checked,
                "records": count,
                "needs_approval": needs_approval,
            },
        )
        if not needs_approval:
            _build(export, actor=actor)
    return export


def _locked_pending(export: BulkExportRequest) -> BulkExportRequest:
    locked = BulkExportRequest.objects.select_for_update().get(pk=export.pk)
    if locked.status != BulkExportStatus.PENDING:
        raise DomainError(
            Code.NOT_PENDING.value, _("This export is no longer waiting for approval."), status=409
        )
    return locked


def _check_approver(user: User, export: BulkExportRequest) -> None:
    if export.requested_by_id == user.pk:
        raise PermissionDenied(
            Code.OWN_REQUEST.value,
            _("A second operator must approve: you cannot decide on your own request."),
        )
    if not permissions.can_approve_bulk_export(user, export):
        raise permission_denied()


def _decide(
    export: BulkExportRequest, status: str, *, actor: Actor, note: str
) -> BulkExportRequest:
    """Record the second operator's decision on a pending export (inside a transaction)."""
    user = _user_of(actor)
    _check_approver(user, export)
    locked = _locked_pending(export)
    locked.status = status
    locked.decided_by = user
    locked.decided_at = timezone.now()
    locked.decision_note = note.strip()[:MAX_REASON_CHARS]
    locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    return locked


def approve_bulk_export(
    export: BulkExportRequest, *, actor: Actor, note: str = ""
) -> BulkExportRequest:
    """The second operator approves: the file is built and the requester may download it."""
    with transaction.atomic():
        locked = _decide(export, BulkExportStatus.APPROVED, actor=actor, note=note)
        record_event(
            actor, "privacy.bulk_export_approved", locked, after={"records": locked.record_count}
        )
        _build(locked, actor=actor)
    return locked


def reject_bulk_export(
    export: BulkExportRequest, *, actor: Actor, note: str = ""
) -> BulkExportRequest:
    with transaction.atomic():
        locked = _decide(export, BulkExportStatus.REJECTED, actor=actor, note=note)
        record_event(actor, "privacy.bulk_export_rejected", locked, after={"note": bool(note)})
    return locked


def _csv_rows(spec: Dataset, filters: Mapping[str, str]) -> Iterator[tuple[Sequence[str], User]]:
    yield from (spec.row(item) for item in spec.queryset(filters).iterator(chunk_size=500))


def _build(export: BulkExportRequest, *, actor: Actor) -> None:
    """Write the CSV (UTF-8 with BOM, for spreadsheet programs) to the private storage and
    record one PI-access record per person in it.

    Why per person and at build time: the file's content is fixed when it is built, and each
    person whose data went into it should see that in their own access log (the privacy
    centre reads ``PiAccessRecord`` by subject). Downloads of the same file then add an
    audit event each (who, when, how many records), not another record per person."""
    spec = DATASETS[export.dataset]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(column) for column in spec.columns])
    subjects: list[User] = []
    for values, subject in _csv_rows(spec, export.filters):
        writer.writerow([_safe_cell(v) for v in values])
        subjects.append(subject)
    data = ("\ufeff" + buffer.getvalue()).encode("utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    stored = store_bytes(
        data,
        f"{export.dataset}-{stamp}.csv",
        purpose=BULK_EXPORT_FILE_PURPOSE,
        accept=frozenset({FileKind.CSV}),
        owner=None,
        actor=actor,
        max_bytes=max(settings.UPLOAD_MAX_BYTES, len(data) + 1),
    )
    export.file = stored
    export.status = BulkExportStatus.READY
    export.record_count = len(subjects)
    export.expires_at = timezone.now() + dt.timedelta(days=BULK_EXPORT_DAYS)
    export.save(update_fields=["file", "status", "record_count", "expires_at", "updated_at"])
    role = accessor_role(export.requested_by)
    seen: set[object] = set()
    records = []
    for subject in subjects:
        if subject.pk in seen or subject.pk == export.requested_by_id:
            continue
        seen.add(subject.pk)
        records.append(
            PiAccessRecord(
                accessor_id=export.requested_by_id,
                accessor_role=role,
                subject=subject,
                purpose=PiAccessPurpose.BULK_EXPORT,
                categories=[export.dataset],
                object_type=BulkExportRequest._meta.label,
                object_id=str(export.pk),
            )
        )
    PiAccessRecord.objects.bulk_create(records, batch_size=500)
    record_event(
        actor,
        "privacy.bulk_export_built",
        export,
        after={"records": len(subjects), "sha256": stored.sha256},
    )


def _safe_cell(value: str) -> str:
    """Cells starting with = + - @ are read as formulas by spreadsheet programs (CSV
    injection): prefix them with an apostrophe."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def bulk_export_file(export: BulkExportRequest, *, actor: Actor) -> StoredFile:
    """The file of a ready export for its requester; the download is audited."""
    user = _user_of(actor)
    if not permissions.can_download_bulk_export(user, export):
        raise permission_denied()
    now = timezone.now()
    if export.status == BulkExportStatus.EXPIRED or (
        export.expires_at is not None and export.expires_at <= now
    ):
        raise DomainError(Code.EXPIRED.value, _("This export has expired."), status=409)
    if export.status != BulkExportStatus.READY or export.file is None:
        raise DomainError(Code.NOT_READY.value, _("This export is not ready."), status=409)
    with transaction.atomic():
        record_event(
            actor,
            "privacy.bulk_export_downloaded",
            export,
            after={"records": export.record_count},
        )
    return export.file


def expire_bulk_exports(
    *, actor: Actor, dry_run: bool = False, now: dt.datetime | None = None
) -> int:
    """Ready exports past ``expires_at`` lose their file and become ``expired``."""
    now = now or timezone.now()
    due = BulkExportRequest.objects.filter(status=BulkExportStatus.READY, expires_at__lte=now)
    if dry_run:
        return due.count()
    count = 0
    for export in due.select_related("file"):
        with transaction.atomic():
            stored = export.file
            export.status = BulkExportStatus.EXPIRED
            export.file = None
            export.save(update_fields=["status", "file", "updated_at"])
            if stored is not None:
                name = stored.storage_name
                stored.delete()
                transaction.on_commit(partial(private_storage().delete, name))
            record_event(actor, "privacy.bulk_export_expired", export)
        count += 1
    return count


def bulk_exports_for(viewer: User) -> QuerySet[BulkExportRequest]:
    if not permissions.can_view_bulk_exports(viewer):
        raise permission_denied()
    return BulkExportRequest.objects.select_related("requested_by", "decided_by")


def pending_bulk_exports() -> QuerySet[BulkExportRequest]:
    return BulkExportRequest.objects.filter(status=BulkExportStatus.PENDING)

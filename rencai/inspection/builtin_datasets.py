"""The datasets the inspection ships with (REG-02; Order 44 Arts 25 and 27). Registered
by ``InspectionConfig.ready``; other apps register theirs the same way
(:func:`rencai.inspection.datasets.register`).

Rows carry no ID numbers and no phone numbers of persons (GOV-05): the organisations'
registered facts (name, USCC, legal representative, address, licence) are what the
regulator supervises; staff appear by display name only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rencai.accounts.models import User
from rencai.audit.archive import VERIFIED_ACTION
from rencai.audit.archive_verify import PROBLEM_LABELS
from rencai.audit.models import AuditEvent
from rencai.core.choices import choice_label
from rencai.core.timeutil import local_today
from rencai.inspection.datasets import Cell, ChoiceFilter, Column, Dataset, register
from rencai.jobs.choices import EventKind, PostingStatus, ReviewReason, VersionStatus
from rencai.jobs.models import JobPostingVersion, PostingEvent
from rencai.moderation.choices import SubjectKind
from rencai.moderation.models import AbnormalListEntry
from rencai.orgs.choices import AccountClass, DocumentKind, OrgStatus, RequestKind, RequestStatus
from rencai.orgs.models import Organisation, VerificationRequest
from rencai.privacy.choices import OPEN_REQUEST_STATES, RequestState
from rencai.privacy.choices import RequestKind as RightsKind
from rencai.privacy.models import RightsRequest, SelfInspection, SelfInspectionFinding

VERDICT_LABELS = {"pass": _("Passed"), "review": _("Needs review"), "block": _("Blocked")}


# --- formatting ----------------------------------------------------------------------------


def fmt_datetime(value: dt.datetime | None) -> str:
    """Local date and time, to the minute (empty for none)."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def fmt_date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def yes_no(value: bool) -> str:
    return str(_("yes") if value else _("no"))


def choices_of(choices: Any) -> tuple[tuple[str, Any], ...]:
    return tuple((value, text) for value, text in choices.choices)


def reason_labels(reasons: Iterable[str]) -> str:
    return "；".join(choice_label(ReviewReason, reason) for reason in reasons)


# --- postings: every version, taken-down ones included --------------------------------------


def _postings(viewer: User) -> QuerySet[JobPostingVersion]:
    takedowns = PostingEvent.objects.filter(kind=EventKind.TAKEN_DOWN).order_by("-created_at")
    return (
        JobPostingVersion.objects.select_related("posting__organisation")
        .prefetch_related(Prefetch("posting__events", queryset=takedowns, to_attr="takedowns"))
        .order_by("-created_at", "-number", "pk")
    )


def _posting_row(version: JobPostingVersion) -> Mapping[str, Cell]:
    posting = version.posting
    takedowns: list[PostingEvent] = getattr(posting, "takedowns", [])
    takedown = takedowns[0] if takedowns else None
    decided = version.status in (VersionStatus.APPROVED, VersionStatus.REJECTED)
    return {
        "posting": str(posting.pk),
        "version": version.number,
        "organisation": posting.organisation.legal_name,
        "uscc": posting.organisation.uscc,
        "title": version.title,
        "posting_status": choice_label(PostingStatus, posting.status),
        "version_status": choice_label(VersionStatus, version.status),
        "verdict": str(VERDICT_LABELS.get(version.verdict, version.verdict)),
        "risk_score": posting.risk_score,
        "decision": (
            choice_label(VersionStatus, version.status)
            + (f"：{reason_labels(version.reasons)}" if version.reasons else "")
            if decided
            else ""
        ),
        "decided_at": fmt_datetime(version.decided_at),
        "takedown_reason": (
            reason_labels(takedown.reasons) + (f"（{takedown.note}）" if takedown.note else "")
            if takedown
            else ""
        ),
        "taken_down_at": fmt_datetime(takedown.created_at) if takedown else "",
        "created_at": fmt_datetime(version.created_at),
        "submitted_at": fmt_datetime(version.submitted_at),
        "published_at": fmt_datetime(posting.published_at),
    }


POSTINGS = Dataset(
    key="postings",
    title=_("Job postings (every version)"),
    description=_(
        "Every posting, taken-down ones included, one row per version: screening verdict, "
        "risk score, review decision and take-down reason. The dates are those of the versions."
    ),
    columns=(
        Column("posting", _("Posting ID")),
        Column("version", _("Version")),
        Column("organisation", _("Organisation")),
        Column("uscc", _("Unified social credit code")),
        Column("title", _("Job title")),
        Column("posting_status", _("Posting status")),
        Column("version_status", _("Version status")),
        Column("verdict", _("Screening verdict")),
        Column("risk_score", _("Risk score")),
        Column("decision", _("Review decision")),
        Column("decided_at", _("Decided at")),
        Column("takedown_reason", _("Take-down reason")),
        Column("taken_down_at", _("Taken down at")),
        Column("created_at", _("Version created at")),
        Column("submitted_at", _("Submitted at")),
        Column("published_at", _("First published at")),
    ),
    queryset=_postings,
    row=_posting_row,
    date_field="created_at",
    search_fields=("posting__organisation__legal_name", "posting__organisation__uscc", "title"),
    filters=(
        ChoiceFilter("status", _("Posting status"), "posting__status", choices_of(PostingStatus)),
        ChoiceFilter("version_status", _("Version status"), "status", choices_of(VersionStatus)),
    ),
    detail_url=lambda v: reverse("inspection:dossier", args=[v.posting.organisation_id]),
    position=10,
)


# --- organisations ----------------------------------------------------------------------------


def abnormal_listed() -> Exists:
    """Whether the organisation's USCC is on the abnormal list now (FRD-04)."""
    return Exists(
        AbnormalListEntry.objects.filter(
            subject_kind=SubjectKind.USCC, match_key=OuterRef("uscc"), lifted_at__isnull=True
        )
    )


def _organisations(viewer: User) -> QuerySet[Organisation]:
    return Organisation.objects.annotate(abnormal=abnormal_listed()).order_by("legal_name", "pk")


def _organisation_row(org: Organisation) -> Mapping[str, Cell]:
    return {
        "organisation": org.legal_name,
        "uscc": org.uscc,
        "account_class": choice_label(AccountClass, org.account_class),
        "legal_representative": org.legal_representative,
        "status": choice_label(OrgStatus, org.status),
        "first_verified_at": fmt_datetime(org.first_verified_at),
        "last_verified_at": fmt_datetime(org.last_verified_at),
        "reverification_due_at": fmt_datetime(org.reverification_due_at),
        "reverification_required": yes_no(org.reverification_required),
        "abnormal_list": yes_no(bool(getattr(org, "abnormal", False))),
        "created_at": fmt_datetime(org.created_at),
    }


def _dossier_url(org: Organisation) -> str:
    return reverse("inspection:dossier", args=[org.pk])


ORGANISATIONS = Dataset(
    key="organisations",
    title=_("Organisations"),
    description=_(
        "Every organisation on the platform: account class, verification status, last "
        "verification, re-verification due date and whether it is on the abnormal list."
    ),
    columns=(
        Column("organisation", _("Organisation")),
        Column("uscc", _("Unified social credit code")),
        Column("account_class", _("Account class")),
        Column("legal_representative", _("Legal representative")),
        Column("status", _("Verification status")),
        Column("first_verified_at", _("First verified at")),
        Column("last_verified_at", _("Last verified at")),
        Column("reverification_due_at", _("Re-verification due")),
        Column("reverification_required", _("Re-verification required")),
        Column("abnormal_list", _("On the abnormal list")),
        Column("created_at", _("Registered on the platform")),
    ),
    queryset=_organisations,
    row=_organisation_row,
    date_field="created_at",
    search_fields=("legal_name", "uscc"),
    filters=(
        ChoiceFilter(
            "account_class", _("Account class"), "account_class", choices_of(AccountClass)
        ),
        ChoiceFilter("status", _("Verification status"), "status", choices_of(OrgStatus)),
    ),
    detail_url=_dossier_url,
    position=20,
)


# --- the agency registry (Order 44 Art 25) ------------------------------------------------------


def _agencies(viewer: User) -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(account_class=AccountClass.AGENCY)
        .select_related("agency_licence")
        .annotate(verifications=Count("verification_requests"), abnormal=abnormal_listed())
        .order_by("legal_name", "pk")
    )


def _agency_row(org: Organisation) -> Mapping[str, Cell]:
    licence = getattr(org, "agency_licence", None)
    return {
        "organisation": org.legal_name,
        "uscc": org.uscc,
        "licence_number": licence.number if licence else "",
        "issuing_authority": licence.issuing_authority if licence else "",
        "valid_from": fmt_date(licence.valid_from) if licence else "",
        "valid_until": fmt_date(licence.valid_until) if licence else "",
        "scope": licence.scope if licence else "",
        "supervisor": licence.supervisor_name if licence else "",
        "supervisor_phone": licence.supervisor_phone if licence else "",
        "status": choice_label(OrgStatus, org.status),
        "verifications": int(getattr(org, "verifications", 0)),
        "last_verified_at": fmt_datetime(org.last_verified_at),
        "reverification_due_at": fmt_datetime(org.reverification_due_at),
        "reverification_required": yes_no(org.reverification_required),
        "abnormal_list": yes_no(bool(getattr(org, "abnormal", False))),
    }


AGENCIES = Dataset(
    key="agencies",
    title=_("Agency registry"),
    description=_(
        "All HR service agencies on the platform with their licence, supervisory authority, "
        "verification history and re-verification status (Order 44 Art 25)."
    ),
    columns=(
        Column("organisation", _("Agency")),
        Column("uscc", _("Unified social credit code")),
        Column("licence_number", _("Licence number")),
        Column("issuing_authority", _("Issuing authority")),
        Column("valid_from", _("Valid from")),
        Column("valid_until", _("Valid until")),
        Column("scope", _("Licensed scope")),
        Column("supervisor", _("Supervisory authority")),
        Column("supervisor_phone", _("Supervisory authority's phone")),
        Column("status", _("Verification status")),
        Column("verifications", _("Verifications on file")),
        Column("last_verified_at", _("Last verified at")),
        Column("reverification_due_at", _("Next re-verification")),
        Column("reverification_required", _("Re-verification required")),
        Column("abnormal_list", _("On the abnormal list")),
    ),
    queryset=_agencies,
    row=_agency_row,
    date_field="created_at",
    search_fields=("legal_name", "uscc", "agency_licence__number"),
    filters=(ChoiceFilter("status", _("Verification status"), "status", choices_of(OrgStatus)),),
    detail_url=_dossier_url,
    position=30,
)


# --- the registration file (登记档案) ---------------------------------------------------------


def _files(viewer: User) -> QuerySet[VerificationRequest]:
    return (
        VerificationRequest.objects.select_related("organisation")
        .prefetch_related("documents__file")
        .order_by("-submitted_at", "pk")
    )


def _file_row(vr: VerificationRequest) -> Mapping[str, Cell]:
    documents = sorted(vr.documents.all(), key=lambda d: (d.kind, d.created_at))
    return {
        "organisation": vr.organisation.legal_name,
        "uscc": vr.organisation.uscc,
        "number": vr.number,
        "kind": choice_label(RequestKind, vr.kind),
        "status": choice_label(RequestStatus, vr.status),
        "submitted_at": fmt_datetime(vr.submitted_at),
        "decided_at": fmt_datetime(vr.decided_at),
        "documents": "；".join(
            f"{choice_label(DocumentKind, d.kind)} sha256:{d.file.sha256}" for d in documents
        ),
    }


FILES = Dataset(
    key="verification_files",
    title=_("Registration files"),
    description=_(
        "Every verification and re-verification request with its documents (kind and "
        "SHA-256 hash); open a row to see the documents themselves."
    ),
    columns=(
        Column("organisation", _("Organisation")),
        Column("uscc", _("Unified social credit code")),
        Column("number", _("Request number")),
        Column("kind", _("Request")),
        Column("status", _("Status")),
        Column("submitted_at", _("Submitted at")),
        Column("decided_at", _("Decided at")),
        Column("documents", _("Documents (kind and hash)")),
    ),
    queryset=_files,
    row=_file_row,
    date_field="submitted_at",
    search_fields=("organisation__legal_name", "organisation__uscc"),
    filters=(
        ChoiceFilter("kind", _("Request"), "kind", choices_of(RequestKind)),
        ChoiceFilter("status", _("Status"), "status", choices_of(RequestStatus)),
    ),
    detail_url=lambda vr: reverse("inspection:file", args=[vr.pk]),
    position=40,
)


# --- rights-request statistics (aggregates only) ----------------------------------------------


def _rights_requests(viewer: User) -> QuerySet[RightsRequest]:
    return RightsRequest.objects.all()


def _rights_group(rows: QuerySet[RightsRequest]) -> QuerySet[Any]:
    today = local_today()
    late = Q(state__in=OPEN_REQUEST_STATES, due_date__lt=today) | Q(
        completed_at__isnull=False, completed_at__date__gt=F("due_date")
    )
    return (
        rows.annotate(month=TruncMonth("received_at"))
        .values("month", "kind", "state")
        .annotate(total=Count("id"), overdue=Count("id", filter=late))
        .order_by("-month", "kind", "state")
    )


def _rights_row(group: Mapping[str, Any]) -> Mapping[str, Cell]:
    month = group["month"]
    return {
        "month": month.strftime("%Y-%m") if month else "",
        "kind": choice_label(RightsKind, group["kind"]),
        "outcome": choice_label(RequestState, group["state"]),
        "requests": int(group["total"]),
        "overdue": int(group["overdue"]),
    }


RIGHTS = Dataset(
    key="rights_requests",
    title=_("Rights-request statistics"),
    description=_(
        "Data-subject requests counted by month received, type and outcome, with the number "
        "answered late or still open after the deadline. Aggregates only, no personal data."
    ),
    columns=(
        Column("month", _("Month")),
        Column("kind", _("Request type")),
        Column("outcome", _("Outcome")),
        Column("requests", _("Requests")),
        Column("overdue", _("Overdue")),
    ),
    queryset=_rights_requests,
    row=_rights_row,
    date_field="received_at",
    filters=(
        ChoiceFilter("kind", _("Request type"), "kind", choices_of(RightsKind)),
        ChoiceFilter("outcome", _("Outcome"), "state", choices_of(RequestState)),
    ),
    group=_rights_group,
    position=50,
)


# --- self-inspections --------------------------------------------------------------------------


def _self_inspections(viewer: User) -> QuerySet[SelfInspection]:
    findings = SelfInspectionFinding.objects.order_by("due_date", "created_at")
    return (
        SelfInspection.objects.select_related("conducted_by")
        .prefetch_related(Prefetch("findings", queryset=findings))
        .order_by("-year", "pk")
    )


def _finding_text(finding: SelfInspectionFinding) -> str:
    state = (
        str(_("resolved {date}")).format(date=fmt_datetime(finding.resolved_at))
        if finding.resolved_at
        else str(_("open, due {date}")).format(date=fmt_date(finding.due_date))
    )
    severity = finding.get_severity_display()
    return f"[{severity}] {finding.description} — {finding.remediation} ({state})"


def _self_inspection_row(inspection: SelfInspection) -> Mapping[str, Cell]:
    findings = list(inspection.findings.all())
    return {
        "year": inspection.year,
        "conducted_on": fmt_date(inspection.conducted_on),
        "conducted_by": inspection.conducted_by.display_name,
        "scope": inspection.scope,
        "summary": inspection.summary,
        "findings": len(findings),
        "open_findings": sum(1 for f in findings if f.resolved_at is None),
        "finding_details": "\n".join(_finding_text(f) for f in findings),
    }


SELF_INSPECTIONS = Dataset(
    key="self_inspections",
    title=_("Self-inspections"),
    description=_(
        "The annual self-inspections of personal-information protection with their "
        "findings and remediation."
    ),
    columns=(
        Column("year", _("Year")),
        Column("conducted_on", _("Conducted on")),
        Column("conducted_by", _("Conducted by")),
        Column("scope", _("Scope and method")),
        Column("summary", _("Conclusion")),
        Column("findings", _("Findings")),
        Column("open_findings", _("Open findings")),
        Column("finding_details", _("Findings and remediation")),
    ),
    queryset=_self_inspections,
    row=_self_inspection_row,
    date_field="conducted_on",
    date_is_datetime=False,
    search_fields=("scope", "summary"),
    position=60,
)


# --- retention-archive verifications --------------------------------------------------------


def _archive_runs(viewer: User) -> QuerySet[AuditEvent]:
    by = User.objects.filter(pk=OuterRef("actor_id")).values("display_name")[:1]
    return (
        AuditEvent.objects.filter(action=VERIFIED_ACTION)
        .annotate(actor_name=Subquery(by))
        .order_by("-seq")
    )


def _archive_row(event: AuditEvent) -> Mapping[str, Cell]:
    after: dict[str, Any] = event.after if isinstance(event.after, dict) else {}
    problem = str(after.get("problem") or "")
    return {
        "verified_at": fmt_datetime(event.occurred_at),
        "verified_by": getattr(event, "actor_name", None) or event.actor_label,
        "result": str(_("intact") if after.get("ok") else _("broken")),
        "checked": int(after.get("checked") or 0),
        "purged": int(after.get("purged") or 0),
        "broken_at": after.get("broken_at") or "",
        "problem": str(PROBLEM_LABELS.get(problem, problem)),
    }


ARCHIVE = Dataset(
    key="archive_verifications",
    title=_("Retention-archive verifications"),
    description=_(
        "Every integrity check of the restricted service-record archive and its result; "
        "run a new check from this page."
    ),
    columns=(
        Column("verified_at", _("Verified at")),
        Column("verified_by", _("Verified by")),
        Column("result", _("Result")),
        Column("checked", _("Records checked")),
        Column("purged", _("Purged at expiry")),
        Column("broken_at", _("First broken record")),
        Column("problem", _("Problem")),
    ),
    queryset=_archive_runs,
    row=_archive_row,
    date_field="occurred_at",
    position=70,
)


def register_builtin() -> None:
    for dataset in (POSTINGS, ORGANISATIONS, AGENCIES, FILES, RIGHTS, SELF_INSPECTIONS, ARCHIVE):
        register(dataset)

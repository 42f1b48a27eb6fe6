"""Pure predicates of the privacy app's operator duties (SEC-03: least privilege and role
separation between the security administrator, the data operator and the auditor).

- Data operators (``Role.OPERATOR_DATA``) handle rights requests and self-inspections,
  request bulk exports and run or adjust the retention engine.
- Security administrators approve bulk exports (never their own request) and manage legal
  holds.
- Auditors read: rights requests, self-inspections, retention rules and reports, bulk
  exports and PI-access records; they change nothing.
- Regulators have none of these pages (their own inspection pages come later).

A person holding two of the three operator duties (``holds_combined_duties``) may still
not be both requester and approver of the same bulk export: the approval predicate takes
the request and refuses its requester whatever roles they hold. No predicate here queries
anything beyond the user's own roles (cached on the user object).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rencai.accounts.choices import Role
from rencai.accounts.models import User

if TYPE_CHECKING:
    from rencai.privacy.models import BulkExportRequest, SelfInspectionFinding

DATA = Role.OPERATOR_DATA
SECURITY = Role.OPERATOR_SECURITY_ADMIN
AUDITOR = Role.OPERATOR_AUDITOR
SEPARATED_DUTIES = (SECURITY, DATA, AUDITOR)


def holds_combined_duties(user: User) -> bool:
    """Whether ``user`` holds two or more of the separated duties (SEC-03). Such a person
    is allowed (a small team may need it), but never approves what they requested."""
    return sum(1 for role in SEPARATED_DUTIES if user.has_role(role)) >= 2


# --- rights requests (helper A's pages use these) ----------------------------------------


def can_handle_rights_requests(user: User) -> bool:
    """Work the rights-request queue: verify, assign, complete, refuse (PI-18)."""
    return user.has_role(DATA)


def can_view_rights_requests(user: User) -> bool:
    """Read the queue and the requests (auditors read, change nothing)."""
    return user.has_role(DATA, AUDITOR)


# --- self-inspection (GOV-04) ---------------------------------------------------------------


def can_manage_self_inspection(user: User) -> bool:
    """Record the annual self-inspection and its findings."""
    return user.has_role(DATA)


def can_view_self_inspections(user: User) -> bool:
    return user.has_role(DATA, AUDITOR, SECURITY)


def can_resolve_finding(user: User, finding: SelfInspectionFinding) -> bool:
    """A data operator, or the operator made responsible for the remediation (who may be
    a security administrator), records what was done. Auditors never."""
    if finding.resolved_at is not None:
        return False
    if user.has_role(DATA):
        return True
    return finding.owner_id == user.pk and user.has_role(SECURITY)


# --- bulk export (SEC-03) ------------------------------------------------------------------


def can_request_bulk_export(user: User) -> bool:
    return user.has_role(DATA)


def can_view_bulk_exports(user: User) -> bool:
    return user.has_role(DATA, SECURITY, AUDITOR)


def can_approve_bulk_exports(user: User) -> bool:
    """May see the approval buttons at all (a security administrator)."""
    return user.has_role(SECURITY)


def can_approve_bulk_export(user: User, export: BulkExportRequest) -> bool:
    """A security administrator other than the requester approves or rejects (the second
    operator of SEC-03), even when the requester also holds the security role."""
    return user.has_role(SECURITY) and export.requested_by_id != user.pk


def can_download_bulk_export(user: User, export: BulkExportRequest) -> bool:
    """Only the requester downloads the file, and only while they are a data operator."""
    return user.has_role(DATA) and export.requested_by_id == user.pk


# --- retention (RET-01…RET-07) ------------------------------------------------------------


def can_run_retention(user: User) -> bool:
    """Start a retention run (dry or real) and change rule periods (never below the law)."""
    return user.has_role(DATA)


def can_view_retention(user: User) -> bool:
    return user.has_role(DATA, AUDITOR)


# --- PI-access records and legal holds -----------------------------------------------------


def can_view_pi_access_log(user: User) -> bool:
    """Staff reads of people's personal information are reviewed by auditors and security
    administrators (SEC-03 "logged and reviewable"), not by the staff who read."""
    return user.has_role(AUDITOR, SECURITY)


def can_manage_legal_holds(user: User) -> bool:
    return user.has_role(SECURITY)


def can_view_governance(user: User) -> bool:
    """Sees the governance cards on the operator dashboard."""
    return user.has_role(DATA, SECURITY, AUDITOR)

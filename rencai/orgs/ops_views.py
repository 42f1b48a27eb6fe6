"""The operator's verification desk (HTML): the queue, the review page with the evidence
side by side, independent checks, decisions and display notices (VER-02…VER-07).

Reviewers act; the regulator sees the same pages read-only (REG-01). Every write goes
through the same actions as the operator API in ``rencai/orgs/api.py``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from rencai.core import divisions, industries
from rencai.core.choices import choice_label
from rencai.core.errors import DomainError, NotFound
from rencai.core.http import AuthedRequest, require, web_actor
from rencai.core.models import Id
from rencai.core.timeutil import local_today
from rencai.core.workdays import add_working_days
from rencai.files.choices import FileKind
from rencai.files.serving import file_response
from rencai.moderation.permissions import can_view_abnormal_list
from rencai.moderation.queries import listing_for
from rencai.orgs import actions, queries
from rencai.orgs.choices import (
    AccountClass,
    AuthorityMethod,
    CheckKind,
    DecisionReason,
    DocumentKind,
    OrgSize,
    RequestStatus,
)
from rencai.orgs.constants import DISPLAY_NOTICE_WORKING_DAYS
from rencai.orgs.errors import MESSAGES, OrgErrorCode, org_error
from rencai.orgs.models import DisplayNotice, Organisation, VerificationRequest
from rencai.orgs.ops_forms import CheckForm, DecisionForm, NoticeForm, QueueFilterForm
from rencai.orgs.permissions import can_inspect_organisations, can_review_verifications

PAGE_SIZE = 20
# The queue's tabs, in the order a reviewer works through them; "all" shows every status.
STATUS_TABS = (
    RequestStatus.PENDING,
    RequestStatus.MORE_INFO,
    RequestStatus.APPROVED,
    RequestStatus.REJECTED,
    RequestStatus.WITHDRAWN,
)
ALL = "all"
# Evidence in the order a reviewer reads it.
DOCUMENT_ORDER = (
    DocumentKind.BUSINESS_LICENCE,
    DocumentKind.HR_LICENCE,
    DocumentKind.AUTHORISATION_LETTER,
)


# --- queue ----------------------------------------------------------------------------


@require(can_inspect_organisations)
def queue_view(request: AuthedRequest) -> HttpResponse:
    """Requests oldest first, with tabs by status (and their counts) and filters."""
    status = request.GET.get("status", RequestStatus.PENDING)
    if status != ALL and status not in RequestStatus.values:
        status = RequestStatus.PENDING
    filters = QueueFilterForm(request.GET)
    filters.is_valid()  # invalid values are dropped from cleaned_data, i.e. ignored
    kind = filters.cleaned_data.get("kind") or ""
    account_class = filters.cleaned_data.get("account_class") or ""
    search = (filters.cleaned_data.get("q") or "").strip()
    requests = queries.verification_queue(
        status="" if status == ALL else status,
        kind=kind,
        account_class=account_class,
        search=search,
    )
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    others = {"kind": kind, "account_class": account_class, "q": search}
    counts = queries.queue_counts()
    tabs = [
        {
            "value": value,
            "label": RequestStatus(value).label,
            "count": counts.get(value, 0),
            "query": _query(status=value, **others),
        }
        for value in STATUS_TABS
    ]
    tabs.append(
        {
            "value": ALL,
            "label": _("All"),
            "count": sum(counts.values()),
            "query": _query(status=ALL, **others),
        }
    )
    return render(
        request,
        "orgs/ops/queue.html",
        {
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "filters": filters,
            "status": status,
            "status_label": {t["value"]: t["label"] for t in tabs}[status],
            "tabs": tabs,
            "query": _query(status=status, **others),
            "filtered": bool(kind or account_class or search),
            "can_view_list": can_view_abnormal_list(request.user),
        },
    )


def _query(**params: str) -> str:
    return urlencode({key: value for key, value in params.items() if value})


# --- review page ----------------------------------------------------------------------


def _request_or_404(request_id: Id) -> VerificationRequest:
    try:
        return queries.request_for_review(request_id)
    except NotFound as error:
        raise Http404 from error


@dataclass(frozen=True)
class Detail:
    """One submitted value; ``current`` is what is on file today when it differs from a
    value this change request asks to change."""

    label: str
    value: str
    changed: bool = False
    current: str = ""
    mono: bool = False
    long: bool = False


def _details(vr: VerificationRequest, org: Organisation) -> list[Detail]:
    snapshot: dict[str, Any] = vr.snapshot
    changed = set(snapshot.get("changed", []))

    def registered(key: str, label: str, **kwargs: Any) -> Detail:
        value = str(snapshot.get(key) or "")
        on_file = str(getattr(org, key) or "")
        if key in changed:
            return Detail(label, value, True, on_file if on_file != value else "", **kwargs)
        return Detail(label, value, **kwargs)

    return [
        registered("legal_name", pgettext("organisation", "Legal name")),
        registered("uscc", _("Unified social credit code"), mono=True),
        registered("legal_representative", _("Legal representative")),
        registered("registered_address", _("Registered address")),
        Detail(_("Account class"), choice_label(AccountClass, snapshot.get("account_class", ""))),
        Detail(_("Industry"), industries.display_name(snapshot.get("industry") or "")),
        Detail(_("Size"), choice_label(OrgSize, snapshot.get("size") or "")),
        Detail(_("Website"), snapshot.get("website") or ""),
        Detail(_("Introduction"), snapshot.get("introduction") or "", long=True),
    ]


def _licence(vr: VerificationRequest, org: Organisation) -> list[Detail]:
    """An agency's HR service licence as submitted, with today's values next to the ones a
    change request changes."""
    licence: dict[str, str] | None = vr.snapshot.get("agency_licence")
    if not licence:
        return []
    changed = "agency_licence" in vr.snapshot.get("changed", [])
    current = getattr(org, "agency_licence", None) if changed else None
    labels = {
        "number": _("Licence number"),
        "issuing_authority": _("Issuing authority"),
        "valid_from": _("Valid from"),
        "valid_until": _("Valid until"),
        "scope": _("Licensed scope"),
        "supervisor_name": _("Supervisory authority"),
        "supervisor_phone": _("Supervisory authority's phone"),
    }
    rows = []
    for key, label in labels.items():
        value = str(licence.get(key) or "")
        on_file = ""
        if current is not None:
            raw = getattr(current, key)
            on_file = raw.isoformat() if isinstance(raw, dt.date) else str(raw)
        rows.append(
            Detail(
                label,
                value,
                changed=changed and on_file != value,
                current=on_file if on_file != value else "",
                mono=key == "number",
                long=key == "scope",
            )
        )
    return rows


def _authority(vr: VerificationRequest) -> dict[str, Any]:
    detail: dict[str, Any] = vr.authority_detail or {}
    verified_at = None
    if detail.get("verified_at"):
        try:
            verified_at = dt.datetime.fromisoformat(detail["verified_at"])
        except ValueError:
            verified_at = None
    return {
        "method": vr.authority_method,
        "label": choice_label(AuthorityMethod, vr.authority_method),
        "email": detail.get("email", ""),
        "domain": detail.get("domain", ""),
        "verified_at": verified_at,
    }


def _documents(vr: VerificationRequest) -> list[dict[str, Any]]:
    documents = sorted(
        vr.documents.all(),
        key=lambda d: DOCUMENT_ORDER.index(d.kind) if d.kind in DOCUMENT_ORDER else 9,
    )
    return [
        {
            "document": document,
            "label": choice_label(DocumentKind, document.kind),
            "is_pdf": document.file.kind == FileKind.PDF,
        }
        for document in documents
    ]


def _check_rows(vr: VerificationRequest) -> list[dict[str, Any]]:
    rows = []
    for check in vr.checks.all():
        facts: list[tuple[str, str]] = []
        if check.kind == CheckKind.REGISTRY:
            facts = [
                (_("Name in the registry"), check.registry_name),
                (_("Status in the registry"), check.registry_status),
            ]
        elif check.kind == CheckKind.EMAIL_DOMAIN:
            facts = [(_("E-mail domain"), check.email_domain)]
        elif check.kind == CheckKind.MICRO_DEPOSIT:
            facts = [
                (_("Bank"), check.bank_name),
                (_("Account ends in"), check.account_last4),
                (_("Amount (fen)"), str(check.amount_fen or "")),
            ]
        if check.reference:
            facts.append((_("Reference"), check.reference))
        if check.note:
            facts.append((_("Note"), check.note))
        rows.append({"check": check, "facts": [(k, v) for k, v in facts if v]})
    return rows


@require(can_inspect_organisations)
def review_view(request: AuthedRequest, request_id: Id) -> HttpResponse:
    """One request of the registration file: what was submitted, the evidence, the checks
    and, for reviewers, the forms to add a check, decide and issue display notices."""
    vr = _request_or_404(request_id)
    user = request.user
    can_review = can_review_verifications(user)
    posted = request.POST.get("form", "") if request.method == "POST" else ""
    if posted and not can_review:
        return render(request, "403.html", status=403)

    def bound(name: str, form_class: Any) -> Any:
        return form_class(request.POST if posted == name else None, prefix=name)

    check_form: CheckForm = bound("check", CheckForm)
    decision_form: DecisionForm = bound("decision", DecisionForm)
    notice_form: NoticeForm = bound("notice", NoticeForm)
    org = vr.organisation
    notices = list(queries.open_display_notices(org)) if org.is_verified else []
    page_error: DomainError | None = None
    if posted:
        try:
            done = _act(request, vr, posted, check_form, decision_form, notice_form, notices)
            if done is not None:
                return done
        except DomainError as error:
            page_error = _show_error(error, posted, check_form, decision_form, notice_form)
    membership = queries.active_membership(user) if can_review else None
    own_org = membership is not None and membership.organisation_id == org.pk
    can_act = can_review and vr.is_open and not own_org
    can_notice = can_review and org.is_verified and not own_org
    # An error is shown on its form; above the page when that form is not on the page (the
    # request was decided meanwhile, or a resolve button, which has no fields).
    form_shown = {"check": can_act, "decision": can_act, "notice": can_notice}.get(posted, False)
    show_page_error = (
        page_error is not None
        and not form_shown
        and not (own_org and page_error.code == OrgErrorCode.SELF_REVIEW)
    )
    deadline = add_working_days(local_today(), DISPLAY_NOTICE_WORKING_DAYS) if can_notice else None
    context = {
        "vr": vr,
        "org": org,
        "snapshot": vr.snapshot,
        "details": _details(vr, org),
        "licence": _licence(vr, org),
        "locations": [
            {**location, "division_name": divisions.display_name(location["division"])}
            for location in vr.snapshot.get("locations", [])
        ],
        "services": vr.snapshot.get("services", []),
        "is_change": bool(vr.snapshot.get("changed")),
        "authority": _authority(vr),
        "documents": _documents(vr),
        "checks": _check_rows(vr),
        "history": list(queries.requests_of(org)),
        "reason_labels": [choice_label(DecisionReason, r) for r in vr.reasons],
        "listing": listing_for(uscc=org.uscc, id_indexes=[org.legal_rep_id_index]),
        "can_view_list": can_view_abnormal_list(user),
        "can_review": can_review,
        "can_act": can_act,
        "can_notice": can_notice,
        "own_org": own_org and can_review,
        "self_review_message": MESSAGES[OrgErrorCode.SELF_REVIEW],
        "page_error": page_error if show_page_error else None,
        "check_form": check_form,
        "decision_form": decision_form,
        "notice_form": notice_form,
        "notices": notices,
        "deadline": deadline,
    }
    return render(request, "orgs/ops/review.html", context)


def _show_error(
    error: DomainError,
    posted: str,
    check_form: CheckForm,
    decision_form: DecisionForm,
    notice_form: NoticeForm,
) -> DomainError:
    target = {"check": check_form, "decision": decision_form, "notice": notice_form}.get(posted)
    if target is not None:
        target.show_error(error)
    return error


def _act(
    request: AuthedRequest,
    vr: VerificationRequest,
    posted: str,
    check_form: CheckForm,
    decision_form: DecisionForm,
    notice_form: NoticeForm,
    notices: list[DisplayNotice],
) -> HttpResponse | None:
    """Run the action the posted form asks for; a redirect on success, None to show the
    form's validation errors. Domain errors propagate to the caller."""
    user = request.user
    org = vr.organisation
    here = redirect("orgs_ops:review", request_id=vr.pk)
    if posted == "check" and check_form.is_valid():
        data = check_form.cleaned_data
        actions.record_check(
            vr,
            user,
            actions.CheckInput(
                kind=data["kind"],
                result=data["result"],
                registry_name=data["registry_name"],
                registry_status=data["registry_status"],
                reference=data["reference"],
                email_domain=data["email_domain"],
                bank_name=data["bank_name"],
                account_last4=data["account_last4"].strip(),
                amount_fen=data["amount_fen"],
                note=data["note"],
            ),
            actor=web_actor(request),
        )
        messages.success(request, _("The check was recorded."))
        return here
    if posted == "decision" and decision_form.is_valid():
        data = decision_form.cleaned_data
        decided = actions.decide(
            vr,
            user,
            decision=data["decision"],
            reasons=list(data["reasons"]),
            note=data["note"],
            actor=web_actor(request),
        )
        messages.success(request, _decided_message(decided, org))
        return redirect("orgs_ops:queue")
    if posted == "notice" and notice_form.is_valid():
        notice = actions.issue_display_notice(
            org, notice_form.cleaned_data["reason"], actor=web_actor(request)
        )
        messages.success(
            request,
            _("The notice was sent. The organisation must update its details by %(date)s.")
            % {"date": notice.deadline.isoformat()},
        )
        return here
    if posted == "resolve":
        wanted = request.POST.get("notice_id", "")
        open_notice = next((n for n in notices if str(n.pk) == wanted), None)
        if open_notice is None:
            raise org_error(OrgErrorCode.NOTICE_STATE)
        actions.resolve_display_notice(open_notice, actor=web_actor(request))
        messages.success(request, _("The notice was marked as resolved."))
        return here
    return None


def _decided_message(decided: VerificationRequest, org: Organisation) -> str:
    params = {"number": decided.number, "org": org.legal_name}
    if decided.status == RequestStatus.APPROVED:
        return _("Request %(number)s of %(org)s was approved.") % params
    if decided.status == RequestStatus.REJECTED:
        return _("Request %(number)s of %(org)s was rejected.") % params
    return _("More material was requested for request %(number)s of %(org)s.") % params


@login_required
def document_view(request: AuthedRequest, request_id: Id, document_id: Id) -> HttpResponseBase:
    """One piece of evidence of one request, only for reviewers and the regulator; a
    document of another request is not found here."""
    if not can_inspect_organisations(request.user):
        return render(request, "403.html", status=403)
    vr = _request_or_404(request_id)
    document = next((d for d in vr.documents.all() if str(d.pk) == str(document_id)), None)
    if document is None:
        raise Http404
    actions.record_evidence_view(document, actor=web_actor(request))
    return file_response(document.file)

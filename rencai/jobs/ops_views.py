"""The operator's posting review desk (HTML): the queue of versions waiting for review, the
review page with the screening findings highlighted in place and the diff against the live
version, decisions, and take-downs (JOB-08).

Reviewers act; trust & safety take postings down; the regulator reads the same pages
read-only. Every write goes through the same actions as the operator API in
``rencai/jobs/api.py``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencai.core import divisions, occupations
from rencai.core.choices import choice_label
from rencai.core.errors import DomainError, NotFound
from rencai.core.http import AuthedRequest, require, web_actor
from rencai.core.models import Id
from rencai.core.timeutil import local_start_of_day
from rencai.core.workdays import is_working_day
from rencai.jobs import actions, queries
from rencai.jobs.choices import (
    Benefit,
    Education,
    EmploymentType,
    EventKind,
    PayPeriod,
    PostingStatus,
    ReviewReason,
    VersionStatus,
)
from rencai.jobs.content import content_of
from rencai.jobs.errors import MESSAGES, JobErrorCode, job_error
from rencai.jobs.models import JobPosting, JobPostingVersion
from rencai.jobs.ops_forms import ReviewDecisionForm, TakeDownForm
from rencai.jobs.permissions import (
    can_inspect_postings,
    can_review_postings,
    can_take_down_postings,
)
from rencai.orgs.queries import active_membership

PAGE_SIZE = 20
# The queue's tabs, in the order a reviewer works through them (drafts are never submitted).
STATUS_TABS = (
    VersionStatus.PENDING,
    VersionStatus.APPROVED,
    VersionStatus.REJECTED,
    VersionStatus.WITHDRAWN,
)
# A version should be decided within one working day of its submission.
SLA_WORKING_DAYS = 1
# Postings that can still be taken down (the public sees them now or after a pause).
TAKE_DOWN_STATUSES = (PostingStatus.PUBLISHED, PostingStatus.PAUSED)

VERDICT_LABELS: dict[str, Promise] = {
    "pass": gettext_lazy("Passed screening"),
    "review": gettext_lazy("Needs a reviewer"),
    "block": gettext_lazy("Blocked"),
}
SEVERITY_LABELS: dict[str, Promise] = {
    "block": gettext_lazy("Not allowed"),
    "review": gettext_lazy("Needs review"),
    "warn": gettext_lazy("Warning"),
}
CATEGORY_LABELS: dict[str, Promise] = {
    "gender": gettext_lazy("Gender"),
    "marital_childbearing": gettext_lazy("Marriage or childbearing"),
    "ethnicity": gettext_lazy("Ethnicity"),
    "religion": gettext_lazy("Religion"),
    "hukou_region": gettext_lazy("Household registration or region"),
    "identity": gettext_lazy("Social identity"),
    "disability": gettext_lazy("Disability"),
    "health_hbv": gettext_lazy("Health or hepatitis B"),
    "age": gettext_lazy("Age"),
    "education_tier": gettext_lazy("School ranking"),
    "appearance": gettext_lazy("Appearance"),
    "fee_deposit": gettext_lazy("Fees or deposits"),
    "id_seizure": gettext_lazy("Holding identity documents"),
    "fraud": gettext_lazy("Fraud"),
    "bait": gettext_lazy("Bait"),
    "diversion": gettext_lazy("Leads off the platform"),
    "overseas": gettext_lazy("Work abroad"),
    "minors": gettext_lazy("Minors"),
}


def _query(**params: str) -> str:
    return urlencode({key: value for key, value in params.items() if value})


# --- queue ----------------------------------------------------------------------------


def sla_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    """Versions submitted before this moment have waited more than one working day.

    A version submitted on a working day at time T is due at T on the next working day;
    one submitted on a rest day is due at the end of the next working day."""
    now = timezone.localtime(now)
    today = now.date()
    previous = today - dt.timedelta(days=1)
    for _step in range(30):  # the longest holiday is 9 days
        if is_working_day(previous):
            break
        previous -= dt.timedelta(days=1)
    if is_working_day(today):
        return timezone.make_aware(dt.datetime.combine(previous, now.time().replace(tzinfo=None)))
    return local_start_of_day(previous)


@require(can_inspect_postings)
def queue_view(request: AuthedRequest) -> HttpResponse:
    """Versions oldest submission first, with tabs by status (and their counts)."""
    status = request.GET.get("status", VersionStatus.PENDING)
    if status not in STATUS_TABS:
        status = VersionStatus.PENDING
    page = Paginator(queries.review_queue(status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    tabs = [
        {
            "value": value,
            "label": VersionStatus(value).label,
            "count": queries.review_queue(status=value).count(),
            "query": _query(status=value),
        }
        for value in STATUS_TABS
    ]
    cutoff = sla_cutoff() if status == VersionStatus.PENDING else None
    rows = [
        {
            "version": version,
            "overdue": bool(
                cutoff is not None and version.submitted_at and version.submitted_at < cutoff
            ),
            "verdict_label": VERDICT_LABELS.get(version.verdict, version.verdict),
        }
        for version in page.object_list
    ]
    return render(
        request,
        "jobs/ops/queue.html",
        {
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "rows": rows,
            "status": status,
            "status_label": VersionStatus(status).label,
            "is_pending": status == VersionStatus.PENDING,
            "tabs": tabs,
            "query": _query(status=status),
        },
    )


# --- review page ----------------------------------------------------------------------


@dataclass
class Segment:
    """A piece of a field's original text; ``finding`` when a finding covers it."""

    text: str
    finding: dict[str, Any] | None = None


@dataclass
class ContentRow:
    """One field of the version, highlighted, with the live version's value when it differs."""

    key: str
    label: str
    value: str
    segments: list[Segment] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    long: bool = False
    changed: bool = False
    previous: str = ""


def _date(value: dt.date | None) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else ""


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def _displayed(version: JobPostingVersion) -> list[tuple[str, str, str, bool]]:
    """(key, label, value, long) of every content field, as a reviewer reads it. The free
    text fields carry exactly the text the screening engine saw, so offsets match."""
    texts = content_of(version).screened_text()
    pay = _("%(min)s–%(max)s yuan %(period)s") % {
        "min": f"{version.pay_min:,}",
        "max": f"{version.pay_max:,}",
        "period": choice_label(PayPeriod, version.pay_period),
    }
    locations = "\n".join(
        f"{divisions.display_name(loc.get('division', ''))} {loc.get('address', '')}"
        for loc in version.locations
    )
    probation = (
        _("%(months)s months") % {"months": version.probation_months}
        if version.probation_months is not None
        else ""
    )
    return [
        ("title", _("Job title"), texts["title"], False),
        ("category", _("Job category"), occupations.display_name(version.category), False),
        ("openings", _("Openings"), str(version.openings), False),
        (
            "employment_type",
            _("Employment type"),
            choice_label(EmploymentType, version.employment_type),
            False,
        ),
        ("description", _("Job content"), texts["description"], True),
        ("requirements", _("Requirements"), texts["requirements"], True),
        ("education", _("Education"), choice_label(Education, version.education), False),
        ("experience_years", _("Years of experience"), str(version.experience_years), False),
        ("skills", _("Skills"), texts["skills"], False),
        ("working_hours", _("Working hours"), version.working_hours, False),
        ("shifts", _("Shifts"), version.shifts, False),
        ("environment", _("Working environment"), texts["environment"], True),
        ("locations", _("Work locations"), locations, True),
        ("pay", _("Pay"), pay, False),
        ("months_per_year", _("Months of pay per year"), str(version.months_per_year), False),
        (
            "benefits",
            _("Benefits"),
            "、".join(choice_label(Benefit, b) for b in version.benefits),
            False,
        ),
        ("occupational_hazards", _("Occupational hazards"), texts["occupational_hazards"], True),
        ("probation_months", _("Probation"), probation, False),
        ("qa", _("Questions and answers"), texts["qa"], True),
        (
            "targets_foreign_nationals",
            _("Open to foreign nationals"),
            _yes_no(version.targets_foreign_nationals),
            False,
        ),
        (
            "work_permit_acknowledged",
            _("Work-permit rules acknowledged"),
            _yes_no(version.work_permit_acknowledged),
            False,
        ),
        ("valid_until", _("Valid until"), _date(version.valid_until), False),
    ]


def _findings(version: JobPostingVersion) -> list[dict[str, Any]]:
    """The stored findings, numbered, with their labels for the page."""
    rows = []
    for number, finding in enumerate(version.findings or [], start=1):
        if not isinstance(finding, dict):
            continue
        severity = str(finding.get("severity", ""))
        category = str(finding.get("category", ""))
        rows.append(
            {
                **finding,
                "number": number,
                "severity_label": SEVERITY_LABELS.get(severity, severity),
                "category_label": CATEGORY_LABELS.get(category, category),
                "placed": False,
            }
        )
    return rows


def highlight(text: str, findings: list[dict[str, Any]]) -> list[Segment]:
    """Split ``text`` into plain pieces and pieces covered by a finding (``start``/``end``
    offsets in the original text). Overlaps go to the finding that starts first; findings
    whose offsets do not fit the text are not placed (the page lists them separately)."""
    segments: list[Segment] = []
    cursor = 0
    placeable = [
        f
        for f in findings
        if isinstance(f.get("start"), int)
        and isinstance(f.get("end"), int)
        and 0 <= f["start"] < f["end"] <= len(text)
    ]
    for finding in sorted(placeable, key=lambda f: (f["start"], -f["end"])):
        start = max(finding["start"], cursor)
        finding["placed"] = True
        if start >= finding["end"]:
            continue  # inside the previous mark
        if start > cursor:
            segments.append(Segment(text[cursor:start]))
        segments.append(Segment(text[start : finding["end"]], finding))
        cursor = finding["end"]
    if cursor < len(text):
        segments.append(Segment(text[cursor:]))
    return segments


def _content(
    version: JobPostingVersion, findings: list[dict[str, Any]], live: JobPostingVersion | None
) -> list[ContentRow]:
    before = {key: value for key, _label, value, _long in _displayed(live)} if live else {}
    rows = []
    for key, label, value, long in _displayed(version):
        own = [f for f in findings if f.get("field") == key]
        row = ContentRow(key, label, value, highlight(value, own), own, long)
        if live is not None and before.get(key, "") != value:
            row.changed, row.previous = True, before.get(key, "")
        rows.append(row)
    return rows


def _history(posting: JobPosting) -> list[dict[str, Any]]:
    events = posting.events.select_related("actor", "version").order_by("created_at")
    return [
        {
            "event": e,
            "label": choice_label(EventKind, e.kind),
            "reasons": [choice_label(ReviewReason, r) for r in e.reasons or []],
        }
        for e in events
    ]


def _version_or_404(version_id: Id) -> JobPostingVersion:
    try:
        return queries.version_for_review(version_id)
    except NotFound as error:
        raise Http404 from error


def _own_org(request: AuthedRequest, posting: JobPosting) -> bool:
    membership = active_membership(request.user)
    return membership is not None and membership.organisation_id in (
        posting.organisation_id,
        posting.client_id,
    )


@require(can_inspect_postings)
def review_view(request: AuthedRequest, version_id: Id) -> HttpResponse:
    """One version: its content with the findings in place, the justification, the diff
    against the live version, the posting's history and, for reviewers, the decision."""
    version = _version_or_404(version_id)
    posting = version.posting
    user = request.user
    can_review = can_review_postings(user)
    if request.method == "POST" and not can_review:
        return render(request, "403.html", status=403)
    form = ReviewDecisionForm(request.POST if request.method == "POST" else None, prefix="d")
    page_error: DomainError | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "approve":
                actions.approve_version(version, user, actor=web_actor(request))
                messages.success(
                    request,
                    _("Version %(number)s of “%(title)s” was approved and is public.")
                    % {"number": version.number, "title": version.title},
                )
            else:
                actions.reject_version(
                    version,
                    user,
                    reasons=list(data["reasons"]),
                    note=data["note"],
                    actor=web_actor(request),
                )
                messages.success(
                    request,
                    _("Version %(number)s of “%(title)s” was sent back to the employer.")
                    % {"number": version.number, "title": version.title},
                )
            return redirect("jobs_ops:queue")
        except DomainError as error:
            form.show_error(error)
            page_error = error
            version = _version_or_404(version_id)
            posting = version.posting
    own_org = can_review and _own_org(request, posting)
    can_act = can_review and version.status == VersionStatus.PENDING and not own_org
    live = posting.live_version if posting.live_version_id != version.pk else None
    findings = _findings(version)
    content = _content(version, findings, live)
    context = {
        "version": version,
        "posting": posting,
        "org": posting.organisation,
        "content": content,
        "findings": findings,
        "unplaced": [f for f in findings if not f["placed"]],
        "verdict_label": VERDICT_LABELS.get(version.verdict, version.verdict),
        "live": live,
        "changed_count": sum(1 for row in content if row.changed),
        "history": _history(posting),
        "reason_labels": [choice_label(ReviewReason, r) for r in version.reasons or []],
        "can_review": can_review,
        "can_act": can_act,
        "can_take_down": can_take_down_postings(user) and posting.status in TAKE_DOWN_STATUSES,
        "own_org": own_org,
        "self_review_message": MESSAGES[JobErrorCode.SELF_REVIEW],
        # An error is shown on the form; above the page when the form is gone (the version
        # was decided meanwhile). The self-review notice already explains itself.
        "page_error": (
            page_error
            if page_error is not None
            and not can_act
            and not (own_org and page_error.code == JobErrorCode.SELF_REVIEW)
            else None
        ),
        "form": form,
    }
    return render(request, "jobs/ops/review.html", context)


# --- take-down ------------------------------------------------------------------------


@require(can_take_down_postings)
def take_down_view(request: AuthedRequest, posting_id: Id) -> HttpResponse:
    """A small confirmation page (GET) and the take-down itself (POST)."""
    try:
        posting = queries.posting_for_inspection(posting_id)
    except NotFound as error:
        raise Http404 from error
    form = TakeDownForm(request.POST if request.method == "POST" else None, prefix="t")
    can_take_down = posting.status in TAKE_DOWN_STATUSES
    page_error: DomainError | None = None
    if request.method == "POST" and not can_take_down:
        page_error = job_error(JobErrorCode.STATE)
    elif request.method == "POST" and form.is_valid():
        try:
            actions.take_down(
                posting,
                request.user,
                reasons=list(form.cleaned_data["reasons"]),
                note=form.cleaned_data["note"],
                actor=web_actor(request),
            )
        except DomainError as error:
            form.show_error(error)
        else:
            title = posting.live_version.title if posting.live_version else ""
            messages.success(
                request,
                _("“%(title)s” was taken down. The public no longer sees it.") % {"title": title},
            )
            if posting.live_version_id:
                return redirect("jobs_ops:review", version_id=posting.live_version_id)
            return redirect("jobs_ops:queue")
    return render(
        request,
        "jobs/ops/take_down.html",
        {
            "posting": posting,
            "org": posting.organisation,
            "live": posting.live_version,
            "can_take_down": can_take_down,
            "page_error": page_error,
            "form": form,
        },
    )

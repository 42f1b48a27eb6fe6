"""REST endpoints of the jobs app: the public screening check and job pages, employers'
posting management, and the reviewers' queue. Each endpoint checks permission and calls the
same action or query as the HTML pages."""

from __future__ import annotations

import uuid

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Status

from rencai.accounts.models import User
from rencai.core.api_support import AUTH, ERRORS, Page, api_actor, paginate
from rencai.core.errors import not_found, permission_denied
from rencai.core.http import viewer
from rencai.core.ratelimit import hit
from rencai.jobs import actions, queries
from rencai.jobs.models import JobPosting
from rencai.jobs.permissions import (
    can_inspect_postings,
    can_review_postings,
    can_take_down_postings,
)
from rencai.jobs.schemas import (
    DecisionIn,
    EmployerPostingOut,
    FindingOut,
    PostingCreateIn,
    PostingIn,
    PublicJobDetailOut,
    PublicJobOut,
    RenewIn,
    ReportIn,
    ReportOut,
    ReviewItemOut,
    ScreenIn,
    ScreenOut,
    SubmitIn,
    TakeDownIn,
    VersionOut,
)
from rencai.jobs.screening_support import finding_json, screen_fields
from rencai.orgs.models import Organisation

jobs_router = Router(tags=["jobs"])
employer_router = Router(tags=["employer jobs"], auth=AUTH)
review_router = Router(tags=["operator"], auth=AUTH)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@jobs_router.post("/screen", response={200: ScreenOut, **ERRORS}, summary="Check a posting text")
def screen(request: HttpRequest, payload: ScreenIn) -> ScreenOut:
    """Anyone may check an advertisement before posting it (DIS-01). Limited per IP."""
    from django.conf import settings

    actor = api_actor(request)
    hit(
        "jobs-screen",
        actor.ip or "unknown",
        limit=settings.JOBS_SCREEN_HOURLY_LIMIT_PER_IP,
        window=3600,
        code="screen_rate_limited",
        message=_("Too many checks from your network. Try again later."),
    )
    result = screen_fields(payload.model_dump())
    findings = [FindingOut(**finding_json(f)) for f in result.findings]
    return ScreenOut(verdict=result.verdict, findings=findings)


@jobs_router.get("", response={200: Page[PublicJobOut], **ERRORS}, summary="Published jobs")
def public_jobs(
    request: HttpRequest, q: str = "", division: str = "", page: int = 1, page_size: int = 20
) -> Page[PublicJobOut]:
    """Browse mode: no account, nothing about the visitor is recorded. ``division`` is a
    GB/T 2260 code; a province or city code includes everything under it."""
    postings = queries.filter_public(
        queries.public_postings_for(viewer(request)),
        q=q[:50],
        division=division[:6],
    )
    rows, total, page, page_size = paginate(postings, page, page_size)
    return Page(
        items=[PublicJobOut.build(p) for p in rows], total=total, page=page, page_size=page_size
    )


@jobs_router.get("/{posting_id}", response={200: PublicJobDetailOut, **ERRORS}, summary="Job")
def public_job(request: HttpRequest, posting_id: uuid.UUID) -> PublicJobDetailOut:
    return PublicJobDetailOut.build(queries.public_posting(posting_id, viewer(request)))


@jobs_router.post(
    "/{posting_id}/reports", response={201: ReportOut, **ERRORS}, summary="Report a job"
)
def report(request: HttpRequest, posting_id: uuid.UUID, payload: ReportIn) -> Status[ReportOut]:
    """Anyone may report a published posting (the same as ``POST /reports`` with
    ``target_kind=posting``); the answer carries a reference number, and for anonymous
    reporters the token that opens its status."""
    from rencai.moderation.reports import file_report

    row = file_report(
        target_kind="posting",
        target_id=posting_id,
        category=payload.category,
        details=payload.details,
        actor=api_actor(request),
    )
    return Status(201, ReportOut(reference=row.reference, token=row.access_token))


# --- employers --------------------------------------------------------------------------


def _own(request: HttpRequest, posting_id: uuid.UUID) -> JobPosting:
    user = _user(request)
    from rencai.orgs.queries import active_membership

    membership = active_membership(user)
    if membership is None:
        raise not_found()
    return queries.posting_of(membership.organisation, posting_id)


@employer_router.get("", response={200: Page[EmployerPostingOut], **ERRORS}, summary="Our postings")
def my_postings(
    request: HttpRequest, page: int = 1, page_size: int = 20
) -> Page[EmployerPostingOut]:
    from rencai.orgs.queries import active_membership

    membership = active_membership(_user(request))
    if membership is None:
        raise not_found()
    rows, total, page, page_size = paginate(
        queries.postings_of(membership.organisation), page, page_size
    )
    return Page(
        items=[EmployerPostingOut.build(p) for p in rows],
        total=total,
        page=page,
        page_size=page_size,
    )


@employer_router.post("", response={201: EmployerPostingOut, **ERRORS}, summary="New posting")
def create(request: HttpRequest, payload: PostingCreateIn) -> Status[EmployerPostingOut]:
    """Creates a draft. Only members of an organisation in good standing (403
    ``org_cannot_post`` otherwise); agencies name their verified client (VER-09)."""
    from rencai.orgs.queries import active_membership

    membership = active_membership(_user(request))
    if membership is None:
        raise permission_denied()
    client = None
    if payload.client_id is not None:
        client = Organisation.objects.filter(pk=payload.client_id).first()
        if client is None:
            raise not_found()
    posting = actions.create_posting(
        membership.organisation,
        membership,
        payload.content(),
        client=client,
        entrustment=payload.entrustment,
        source=payload.source,
        actor=api_actor(request),
    )
    return Status(201, EmployerPostingOut.build(posting))


@employer_router.get(
    "/{posting_id}", response={200: EmployerPostingOut, **ERRORS}, summary="Posting"
)
def get_posting(request: HttpRequest, posting_id: uuid.UUID) -> EmployerPostingOut:
    return EmployerPostingOut.build(_own(request, posting_id))


@employer_router.put("/{posting_id}", response={200: VersionOut, **ERRORS}, summary="Edit")
def edit(request: HttpRequest, posting_id: uuid.UUID, payload: PostingIn) -> VersionOut:
    """Edits the draft, or starts a new version of a published posting (the approved one
    stays live until the new one is approved)."""
    version = actions.update_posting(
        _own(request, posting_id), payload.content(), actor=api_actor(request)
    )
    return VersionOut.build(version)


@employer_router.post(
    "/{posting_id}/submit", response={200: VersionOut, **ERRORS}, summary="Submit"
)
def submit(request: HttpRequest, posting_id: uuid.UUID, payload: SubmitIn) -> VersionOut:
    """400 ``posting_blocked`` with ``findings`` when the text may not be published; 400
    ``justification_required`` when contested requirements need a reason."""
    version = actions.submit_posting(
        _own(request, posting_id), justification=payload.justification, actor=api_actor(request)
    )
    return VersionOut.build(version)


@employer_router.post(
    "/{posting_id}/withdraw", response={200: VersionOut, **ERRORS}, summary="Withdraw from review"
)
def withdraw(request: HttpRequest, posting_id: uuid.UUID) -> VersionOut:
    return VersionOut.build(
        actions.withdraw_version(_own(request, posting_id), actor=api_actor(request))
    )


@employer_router.post(
    "/{posting_id}/pause", response={200: EmployerPostingOut, **ERRORS}, summary="Pause"
)
def pause(request: HttpRequest, posting_id: uuid.UUID) -> EmployerPostingOut:
    return EmployerPostingOut.build(
        actions.pause_posting(_own(request, posting_id), actor=api_actor(request))
    )


@employer_router.post(
    "/{posting_id}/resume", response={200: EmployerPostingOut, **ERRORS}, summary="Resume"
)
def resume(request: HttpRequest, posting_id: uuid.UUID) -> EmployerPostingOut:
    return EmployerPostingOut.build(
        actions.resume_posting(_own(request, posting_id), actor=api_actor(request))
    )


@employer_router.post(
    "/{posting_id}/close", response={200: EmployerPostingOut, **ERRORS}, summary="Close"
)
def close(request: HttpRequest, posting_id: uuid.UUID) -> EmployerPostingOut:
    return EmployerPostingOut.build(
        actions.close_posting(_own(request, posting_id), actor=api_actor(request))
    )


@employer_router.post("/{posting_id}/renew", response={200: VersionOut, **ERRORS}, summary="Renew")
def renew(request: HttpRequest, posting_id: uuid.UUID, payload: RenewIn) -> VersionOut:
    version = actions.renew_posting(
        _own(request, posting_id), payload.valid_until, actor=api_actor(request)
    )
    return VersionOut.build(version)


# --- reviewers --------------------------------------------------------------------------


@review_router.get(
    "", response={200: Page[ReviewItemOut], **ERRORS}, summary="Posting review queue"
)
def queue(
    request: HttpRequest, status: str = "pending", page: int = 1, page_size: int = 20
) -> Page[ReviewItemOut]:
    if not can_inspect_postings(_user(request)):
        raise permission_denied()
    rows, total, page, page_size = paginate(queries.review_queue(status=status), page, page_size)
    items = [
        ReviewItemOut(
            id=v.pk,
            posting_id=v.posting_id,
            organisation_name=v.posting.organisation.legal_name,
            title=v.title,
            number=v.number,
            verdict=v.verdict,
            submitted_at=v.submitted_at,
        )
        for v in rows
    ]
    return Page(items=items, total=total, page=page, page_size=page_size)


@review_router.get(
    "/{version_id}", response={200: VersionOut, **ERRORS}, summary="Version for review"
)
def review_item(request: HttpRequest, version_id: uuid.UUID) -> VersionOut:
    if not can_inspect_postings(_user(request)):
        raise permission_denied()
    return VersionOut.build(queries.version_for_review(version_id))


@review_router.post(
    "/{version_id}/decision", response={200: VersionOut, **ERRORS}, summary="Decide"
)
def decide(request: HttpRequest, version_id: uuid.UUID, payload: DecisionIn) -> VersionOut:
    reviewer = _user(request)
    if not can_review_postings(reviewer):
        raise permission_denied()
    version = queries.version_for_review(version_id)
    if payload.decision == "approve":
        version = actions.approve_version(version, reviewer, actor=api_actor(request))
    else:
        version = actions.reject_version(
            version, reviewer, reasons=payload.reasons, note=payload.note, actor=api_actor(request)
        )
    return VersionOut.build(version)


@review_router.post(
    "/postings/{posting_id}/take-down",
    response={200: EmployerPostingOut, **ERRORS},
    summary="Take down",
)
def take_down(
    request: HttpRequest, posting_id: uuid.UUID, payload: TakeDownIn
) -> EmployerPostingOut:
    """Removes a published posting at once; the evidence is kept (JOB-08)."""
    reviewer = _user(request)
    if not can_take_down_postings(reviewer):
        raise permission_denied()
    posting = actions.take_down(
        queries.posting_for_inspection(posting_id),
        reviewer,
        reasons=payload.reasons,
        note=payload.note,
        actor=api_actor(request),
    )
    return EmployerPostingOut.build(posting)
